"""Which records an export keeps: site, province, date range, text query, required fields.

Every ``parse_*`` function turns one command-line value into a checked value or raises
``FilterError`` with a one-line message naming the bad input, before any corpus file is opened.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from scraper.export.fold import folded_pattern, strip_marks
from scraper.export.provinces import province_key
from scraper.record import Record

SEARCHED_FIELDS = ("title", "sapo", "body")

# --has NAME -> the record field that must be non-empty (not null, not "", not [])
HAS_FIELDS: dict[str, str] = {
    "author": "authors", "authors": "authors", "date": "published_at", "published_at": "published_at",
    "modified": "modified_at", "modified_at": "modified_at", "sapo": "sapo", "section": "section",
    "tags": "tags", "images": "images", "related": "related", "wire": "wire_source",
    "wire_source": "wire_source", "province": "province",
}


class FilterError(ValueError):
    """A filter value the user must fix; ``str(exc)`` is the whole message."""


def parse_day(text: str, option: str, end: bool = False) -> date:
    """``2023``, ``2023-07`` or ``2023-07-15`` as a day; a year or month means its first day, or its
    last day when ``end`` (so ``--until 2023-02`` keeps 28 February)."""
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", text.strip())
    try:
        if m is None:
            raise ValueError
        year, month, day = int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)
        if not month:
            return date(year, 12, 31) if end else date(year, 1, 1)
        if not day:
            return date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, day)
    except ValueError:
        raise FilterError(f"{option} {text!r} is not a date; use YYYY-MM-DD, YYYY-MM or YYYY") from None


def check_range(since: date | None, until: date | None) -> None:
    if since and until and since > until:
        raise FilterError(f"--since {since} is after --until {until}: no record can match")


def parse_sites(requested: Iterable[str], known: Iterable[str]) -> frozenset[str] | None:
    """The requested site keys, each checked against the registry and the corpus folders."""
    wanted = frozenset(requested)
    if not wanted:
        return None
    unknown = sorted(wanted - set(known))
    if unknown:
        raise FilterError(f"unknown site {unknown[0]!r}: not in the registry nor in the corpus "
                          "(`vnnews sites` lists the keys)")
    return wanted


def parse_provinces(requested: Iterable[str], known: dict[str, str]) -> frozenset[str] | None:
    """Province names (any spelling, with or without diacritics) as matching keys."""
    keys = set()
    for name in requested:
        key = province_key(name)
        if key not in known:
            raise FilterError(f"unknown province {name!r}: not a Vietnamese province (before or after 2025) "
                              "nor one named in the registry or the corpus")
        keys.add(key)
    return frozenset(keys) or None


def parse_has(names: Iterable[str]) -> tuple[str, ...]:
    fields = []
    for name in names:
        for part in filter(None, (p.strip() for p in name.split(","))):
            if part not in HAS_FIELDS:
                raise FilterError(f"--has {part!r} is not one of: {', '.join(sorted(HAS_FIELDS))}")
            fields.append(HAS_FIELDS[part])
    return tuple(dict.fromkeys(fields))


def parse_query(text: str | None, regex: bool, folded: bool) -> Callable[[str], bool] | None:
    """A matcher over one text field, case-insensitive. ``folded`` also ignores diacritics
    (``nong thon moi`` finds ``Nông thôn mới``); ``regex`` takes a Python regular expression."""
    if text is None:
        return None
    if not regex:
        literal = re.compile(folded_pattern(text) if folded else re.escape(text), re.IGNORECASE)
        return lambda hay: literal.search(hay) is not None
    try:
        pattern = re.compile(strip_marks(text) if folded else text, re.IGNORECASE)
    except re.error as exc:
        raise FilterError(f"--query {text!r} is not a valid regular expression: {exc}") from None
    if folded:
        return lambda hay: pattern.search(strip_marks(hay)) is not None
    return lambda hay: pattern.search(hay) is not None


@dataclass(frozen=True)
class RecordFilter:
    """The record-level tests; site and date are also applied by the reader, by path."""

    sites: frozenset[str] | None = None
    provinces: frozenset[str] | None = None
    query: Callable[[str], bool] | None = None
    has: tuple[str, ...] = ()

    def accepts(self, record: Record) -> bool:
        if self.sites is not None and record.get("site") not in self.sites:
            return False
        if self.provinces is not None and not self._province_matches(record):
            return False
        if any(not record.get(f) for f in self.has):
            return False
        return self.query is None or self._text_matches(record)

    def _province_matches(self, record: Record) -> bool:
        assert self.provinces is not None
        names = (record.get("province"), record.get("province_at_publication"))
        return any(isinstance(n, str) and province_key(n) in self.provinces for n in names)

    def _text_matches(self, record: Record) -> bool:
        assert self.query is not None
        return any(isinstance(v, str) and self.query(v) for v in map(record.get, SEARCHED_FIELDS))

"""Machine-readable dates: ISO 8601 (JSON-LD, meta, ``<time datetime>``, sitemap lastmod) and
RFC 822/2822 (RSS ``pubDate``). A regex each, no dateparser; a naive ISO value is Vietnam time."""

from __future__ import annotations

import re
from datetime import datetime, timezone, tzinfo

from scraper.dates.result import ParseResult, found, missing
from scraper.dates.types import Precision
from scraper.dates.zone import offset_zone

_ISO = re.compile(
    r"(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?:(?P<z>Z)|(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})?)?",
    re.I,
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_WEEKDAYS = {d: i for i, d in enumerate("mon tue wed thu fri sat sun".split())}
_RFC = re.compile(
    r"(?:(?P<wd>mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s*)?(?P<d>\d{1,2})\s+(?P<mo>[a-z]{3})[a-z]*\.?\s+"
    r"(?P<y>\d{4})\s+(?P<h>\d{1,2}):(?P<mi>\d{2})(?::(?P<s>\d{2}))?\s*"
    r"(?:(?P<utc>gmt|ut|utc|z)|(?P<ict>ict)|(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2}))?",
    re.I,
)


_BAD = timezone.max  # marker: an offset no real zone has (+23:59)


def _zone(m: re.Match[str], *, utc: bool) -> tzinfo | None:
    """The zone a match names: UTC, a fixed offset, None when naive, ``_BAD`` when impossible."""
    if utc:
        return timezone.utc
    if not m["sign"]:
        return None
    fixed = offset_zone(m["sign"], m["oh"], m["om"])
    return _BAD if fixed is None else fixed


def parse_iso(text: str) -> ParseResult | None:
    """``2025-06-17T13:43:02+0700`` and friends; None when the text is not ISO-shaped at all."""
    m = _ISO.fullmatch(text)
    if not m:
        return None
    zone = _zone(m, utc=bool(m["z"]))  # naive ISO = Vietnam local time
    if zone is _BAD:
        return missing(f"impossible offset in {text}")
    precision: Precision = "second" if m["s"] else "minute" if m["h"] else "day"
    return build(text, zone, precision, m["y"], m["mo"], m["d"], m["h"], m["mi"], m["s"])


def parse_rfc(text: str) -> ParseResult | None:
    """``Sat, 10 Sep 2022 08:05:37 GMT`` (RSS); None when not RFC-shaped."""
    m = _RFC.fullmatch(text)
    if not m or m["mo"].lower() not in _MONTHS:
        return None
    zone = _zone(m, utc=bool(m["utc"]))
    if zone is _BAD:
        return missing(f"impossible offset in {text}")
    month = str(_MONTHS[m["mo"].lower()])
    result = build(text, zone, "second" if m["s"] else "minute", m["y"], month, m["d"], m["h"], m["mi"], m["s"])
    if result.value and m["wd"]:
        stated = datetime(int(m["y"]), int(month), int(m["d"])).weekday()
        if stated != _WEEKDAYS[m["wd"].lower()]:
            return found(result.value, result.precision or "second", ("weekday_mismatch",))
    return result


def build(
    text: str, zone: tzinfo | None, precision: Precision,
    y: str, mo: str, d: str, h: str | None, mi: str | None, s: str | None,
) -> ParseResult:
    """The datetime from its parts (``zone`` None = Vietnam local time), or a reason when a part
    is out of range (``29/02/2023``)."""
    try:
        value = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0), tzinfo=zone)
    except ValueError:
        return missing(f"impossible date {text}")
    return found(value, precision)

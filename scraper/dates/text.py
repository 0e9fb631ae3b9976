"""Dates as Vietnamese pages print them, by regex (the fast path): ``Thứ 7, 10/09/2022 | 15:05:37
[GMT +7]``, ``15h05 ngày 10/9/2022``, ``ngày 4 tháng 3 năm 2024``, ``Hôm qua lúc 15:30``.

Each part (weekday, zone, date, time, relative words) is found and blanked out in turn; a number
left over afterwards means the string says something we do not understand, so no date is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timezone, tzinfo

from scraper.dates import relative
from scraper.dates.result import ParseResult, found, missing
from scraper.dates.types import Precision
from scraper.dates.vocab import MONTH, PERIOD, WEEKDAY, apply_period, month_number, weekday_of
from scraper.dates.zone import offset_zone

ZONE = re.compile(
    r"[(\[]?\s*(?:gmt|utc)\s*(?:(?P<sign>[+\-−])\s*(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?)?\s*[)\]]?"
    r"|(?<!\w)\(?ict\)?(?!\w)"
    # an offset right after a time: +07:00, +0700, -0500 (but not the end of a range 08:00-09:00)
    r"|(?<=:\d\d)\s*(?:(?P<sign2>\+)(?P<oh2>\d{2}):?(?P<om2>\d{2})|(?P<sign3>-)(?P<oh3>\d{2})(?P<om3>\d{2}))(?![\d:])"
)
YMD = re.compile(r"(?<![\d/.-])(?P<y>\d{4})(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d/.-]?\d)")
DMY = re.compile(r"(?<![\d/.-])(?P<d>\d{1,2})(?P<sep>[-/.])(?P<mo>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\d/.-]?\d)")
WORDS = re.compile(
    rf"(?:ngày\s*)?(?<!\d)(?P<d>\d{{1,2}})\s+tháng\s*(?P<mo>{MONTH})\s*(?:,\s*|\s*năm\s*|\s+)(?P<y>\d{{4}})(?!\d)"
)
DIGIT = re.compile(r"\d")
WEEKDAY_HINTS = ("th", "t2", "t3", "t4", "t5", "t6", "t7", "cn", "chủ")
ZONE_HINTS = ("gmt", "utc", "ict", "+", "-")
MONTH_ONLY = re.compile(rf"tháng\s*{MONTH}\s*(?:năm|/|-|,)?\s*\d{{4}}(?!\d)")
TIME = re.compile(
    r"(?<![\d:/.-])(?P<h>\d{1,2})\s*(?:"
    r"(?::|h|g)\s*(?P<mi>\d{2})(?:\s*:\s*(?P<s>\d{2}))?(?!\d)(?:\s*(?:phút|p)(?![\w.]))?"
    r"|\s*giờ(?:\s*(?P<mi2>\d{1,2})(?:\s*phút)?)?(?!\d)"
    r"|[hg](?!\w)"
    rf")(?:\s*(?P<period>{PERIOD})(?!\w))?"
)


@dataclass
class _Parts:
    """What was found so far in one string."""

    text: str
    day: date | None = None
    day_raw: str = ""
    zone: tzinfo | None = None  # None: Vietnam local time
    weekday: int | None = None


def parse_text(low: str, now: datetime | None) -> ParseResult:
    """Parse lower-cased NFC text with single spaces; see the module docstring for the shapes."""
    parts = _Parts(low)
    failure = _take_weekday(parts) or _take_zone(parts) or _take_date(parts)
    if failure:
        return failure
    m = relative.AGO.search(parts.text) if _has(parts.text, relative.AGO_WORDS) else None
    if m and parts.day is not None:  # ``05/03/2024 (2 giờ trước)``: the written date wins,
        parts.text = _blank(parts.text, m)  # and ``2 giờ`` is not a clock time
    elif m:
        if now is None:
            return missing(f"relative date needs a reference time: {m.group(0)}")
        parts.text = _blank(parts.text, m)
        if DIGIT.search(parts.text):
            return missing(f"unrecognised numbers beside {m.group(0)}")
        value, precision = relative.ago(m, now)
        return found(value, precision)
    m = relative.DAY_WORD.search(parts.text) if "hôm" in parts.text else None
    if m and parts.day is None:
        if now is None:
            return missing(f"relative date needs a reference time: {m.group(0)}")
        parts.day, parts.day_raw, parts.text = relative.day_word(m, now), m.group(0), _blank(parts.text, m)
    return _with_time(parts)


def _with_time(parts: _Parts) -> ParseResult:
    """Add the time (if any) to the day found and build the aware value."""
    times = list(TIME.finditer(parts.text))
    if len(times) > 1:
        return missing("several times in one string")
    clock: tuple[int, int, int] | None = None
    precision: Precision = "day"
    if times:
        m = times[0]
        clock = _clock(m)
        if clock is None:
            return missing(f"impossible time {m.group(0).strip()}")
        precision = "second" if m["s"] else "minute"
        parts.text = _blank(parts.text, m)
    if parts.day is None:
        return missing("time without a date" if times else _nothing(parts.text))
    if DIGIT.search(parts.text):
        return missing(f"unrecognised numbers in {' '.join(parts.text.split())!r}")
    h, mi, s = clock or (0, 0, 0)
    value = datetime(parts.day.year, parts.day.month, parts.day.day, h, mi, s, tzinfo=parts.zone)
    warnings = ("weekday_mismatch",) if parts.weekday not in (None, parts.day.weekday()) else ()
    return found(value, precision, warnings)


def _take_weekday(parts: _Parts) -> ParseResult | None:
    m = WEEKDAY.search(parts.text) if _has(parts.text, WEEKDAY_HINTS) else None
    if m:
        parts.weekday, parts.text = weekday_of(m), _blank(parts.text, m)
    return None


def _take_zone(parts: _Parts) -> ParseResult | None:
    m = ZONE.search(parts.text) if _has(parts.text, ZONE_HINTS) else None
    if not m:
        return None
    p = "" if m["sign"] else "2" if m["sign2"] else "3"
    sign, oh, om = m["sign" + p], m["oh" + p], m["om" + p]
    if sign:
        zone = offset_zone(sign, oh, om)
        if zone is None:
            return missing(f"impossible offset {m.group(0).strip()}")
        parts.zone = zone
    elif "ict" not in m.group(0):
        parts.zone = timezone.utc  # a bare GMT/UTC
    parts.text = _blank(parts.text, m)
    return None


def _take_date(parts: _Parts) -> ParseResult | None:
    """Find the one calendar date (numeric day-first, year-first or in words); a second,
    different date makes the string ambiguous."""
    words = "tháng" in parts.text
    matches = [m for rx in ((YMD, DMY, WORDS) if words else (YMD, DMY)) for m in rx.finditer(parts.text)]
    if not matches:
        if words and MONTH_ONLY.search(parts.text):
            return missing("month and year without a day")
        return None
    days = set()
    for m in matches:
        try:
            year = _full_year(m["y"])
            days.add(date(year, month_number(m["mo"]), int(m["d"])))
        except ValueError:
            return missing(f"impossible date {m.group(0).strip()}")
        parts.text = _blank(parts.text, m)
    if len(days) > 1:
        return missing("several dates in one string")
    parts.day, parts.day_raw = days.pop(), matches[0].group(0)
    return None


def _full_year(text: str) -> int:
    """``2024`` stays; a two-digit year is 2000-2069 or 1970-1999 (``22`` → 2022, ``98`` → 1998)."""
    year = int(text)
    if len(text) == 4:
        return year
    return 2000 + year if year < 70 else 1900 + year


def _clock(m: re.Match[str]) -> tuple[int, int, int] | None:
    """(hour, minute, second) of a TIME match, or None when out of range (``25:00``)."""
    hour = apply_period(int(m["h"]), m["period"])
    minute, second = int(m["mi"] or m["mi2"] or 0), int(m["s"] or 0)
    if hour is None or hour > 23 or minute > 59 or second > 59:
        return None
    return hour, minute, second


def _has(text: str, hints: tuple[str, ...]) -> bool:
    """A cheap substring test before a regex scan: most strings hold no weekday, zone or
    relative word, and ``in`` is much faster than a search."""
    return any(h in text for h in hints)


def _nothing(rest: str) -> str:
    return "no full date (day, month and year)" if DIGIT.search(rest) else "no date found"


def _blank(text: str, m: re.Match[str]) -> str:
    """The text with a match replaced by spaces, so later positions and look-arounds still hold."""
    return text[: m.start()] + " " * (m.end() - m.start()) + text[m.end():]

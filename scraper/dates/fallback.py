"""The slow path: dateparser, for shapes the regexes do not know (``March 4, 2024``,
``4 Thg 3 2024``). Configured day-first in Vietnam's zone, and only trusted when the string itself
shows a day, a month and a year: dateparser fills missing parts from today, which is a guess."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from scraper.dates.result import ParseResult, found, missing
from scraper.dates.types import Precision

SETTINGS: dict[str, Any] = {
    "DATE_ORDER": "DMY",
    "TIMEZONE": "Asia/Ho_Chi_Minh",
    "TO_TIMEZONE": "Asia/Ho_Chi_Minh",
    "RETURN_AS_TIMEZONE_AWARE": True,
    "PREFER_DATES_FROM": "past",
    "REQUIRE_PARTS": ["day", "month", "year"],
    "STRICT_PARSING": True,
}
LANGUAGES = ["vi", "en"]
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")


@lru_cache(maxsize=1)
def _parser() -> Any:
    """One DateDataParser, built on first use (its import and set-up take a while)."""
    from dateparser.date import DateDataParser

    return DateDataParser(languages=LANGUAGES, settings=SETTINGS)


def parse_fallback(text: str) -> ParseResult:
    """dateparser's answer when the text names a four-digit year and the answer's year is that
    year; otherwise no date (``no date found``)."""
    years = {int(y) for y in _YEAR.findall(text)}
    if not years:
        return missing("no date found")
    try:
        data = _parser().get_date_data(text)
    except (ValueError, OverflowError) as exc:  # dateparser's own range errors: no date, not a crash
        return missing(f"unreadable date ({exc.__class__.__name__})")
    value = data.date_obj if data else None
    if value is None or value.year not in years:
        return missing("no date found")
    precision: Precision = "day"
    if re.search(r"\d:\d\d:\d\d", text):
        precision = "second"
    elif re.search(r"\d(?::|h)\d\d", text):
        precision = "minute"
    if precision == "day":
        value = value.replace(hour=0, minute=0, second=0)
    return found(value, precision)

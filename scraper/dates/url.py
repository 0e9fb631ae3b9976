"""Dates written into article URLs (``/2024/03/05/``, ``/20240305/``): day precision only, and
only as whole path segments, because numeric article ids look like dates too."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from scraper.dates.result import ParseResult, found, missing

_SEGMENTS = re.compile(
    r"/(?P<y>(?:19|20)\d\d)(?:/|-)?(?P<mo>0[1-9]|1[0-2]|[1-9](?=/))(?:/|-)?(?P<d>0[1-9]|[12]\d|3[01]|[1-9](?=/))(?=/)"
)


def url_date(url: str) -> ParseResult:
    """``https://baoxyz.vn/2024/03/05/tin-moi.html`` → 2024-03-05 (day precision)."""
    path = "/" + (urlsplit(url).path if "://" in url else url).strip("/")
    days = {(int(m["y"]), int(m["mo"]), int(m["d"])) for m in _SEGMENTS.finditer(path + "/")}
    if not days:
        return missing("no date in URL")
    if len(days) > 1:
        return missing("several dates in URL")
    y, mo, d = days.pop()
    try:
        return found(datetime(y, mo, d), "day")
    except ValueError:
        return missing(f"impossible date in URL {y}/{mo}/{d}")

"""Relative dates (``5 phút trước``, ``hôm qua``) resolved against the injected crawl time only:
never the machine clock, so a re-run of an old crawl gives the same answer."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from scraper.dates.types import Precision
from scraper.dates.zone import local

# ``5 phút trước``, ``7' trước``, ``2 giờ trước``, ``1 tiếng trước``, ``3 ngày trước``, ``vừa xong``
AGO = re.compile(
    r"(?<![\d/.:-])(?P<n>\d{1,3})\s*(?P<unit>giây|phút|'|giờ|tiếng|ngày|tuần)\s*trước(?!\w)"
    r"|(?P<now>vừa\s*xong|vừa\s*mới|vừa\s*đăng|mới\s*đăng)"
)
# ``hôm nay``, ``hôm qua``, ``hôm kia`` (two days back), optionally with a time elsewhere
AGO_WORDS = ("trước", "vừa", "mới")  # cheap pre-check before AGO
DAY_WORD = re.compile(r"(?<!\w)(?:hôm\s*nay|hôm\s*qua|hôm\s*kia)(?!\w)")
_DAYS_BACK = {"nay": 0, "qua": 1, "kia": 2}
_UNIT = {"giây": timedelta(seconds=1), "phút": timedelta(minutes=1), "'": timedelta(minutes=1),
         "giờ": timedelta(hours=1), "tiếng": timedelta(hours=1), "ngày": timedelta(days=1),
         "tuần": timedelta(weeks=1)}


def ago(m: re.Match[str], now: datetime) -> tuple[datetime, Precision]:
    """The instant an AGO match names: ``5 phút trước`` at 10:00 → 09:55 (minute precision);
    whole days back give local midnight with day precision."""
    now = local(now)
    if m["now"]:
        return now.replace(second=0, microsecond=0), "minute"
    unit = m["unit"]
    then = now - int(m["n"]) * _UNIT[unit]
    if unit in ("ngày", "tuần"):
        return then.replace(hour=0, minute=0, second=0, microsecond=0), "day"
    if unit == "giây":
        return then.replace(microsecond=0), "second"
    return then.replace(second=0, microsecond=0), "minute"


def day_word(m: re.Match[str], now: datetime) -> date:
    """The local calendar day ``hôm nay``/``hôm qua``/``hôm kia`` names, seen from ``now``."""
    back = _DAYS_BACK[m.group(0).split()[-1].replace("hôm", "")]
    return local(now).date() - timedelta(days=back)

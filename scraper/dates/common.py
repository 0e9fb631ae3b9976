"""The fastest path: one anchored regex for the shape most Vietnamese pages print, a numeric
day-first date with optional label and weekday, an optional time before or after it and a
``+7`` zone marker: ``Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]``, ``Cập nhật: 08:01 | 13/08/2022``,
``07-03-2026 - 00:01 AM``, ``15h05 ngày 10/9/2022``. Anything else (or anything odd, such as an
impossible day) goes to the general path, which also explains what is wrong."""

from __future__ import annotations

import re
from datetime import datetime

from scraper.dates.result import ParseResult, found
from scraper.dates.types import Precision
from scraper.dates.vocab import WEEKDAY, apply_period, weekday_of

_LABEL = r"(?:(?:cập nhật|ngày đăng|đăng lúc|đăng ngày|xuất bản|đăng|ngày)(?: lúc| ngày)? ?:? ?|- )?+"
_TIME = r"(?P<{p}h>\d{{1,2}})[:hg](?P<{p}mi>\d{{2}})(?::(?P<{p}s>\d{{2}}))?+(?: ?(?P<{p}ap>am|pm|sa|ch)(?!\w))?+"
_JOIN = r" ?(?:[|,-]|lúc|ngày)?+ ?"
# possessive parts (?+): a string that is not this shape fails at once instead of backtracking
COMMON = re.compile(
    rf"{_LABEL}(?:(?P<wd>{WEEKDAY.pattern}) ?,? ?)?+(?:ngày )?+"
    rf"(?:{_TIME.format(p='a')}{_JOIN})?+"
    r"(?P<d>\d{1,2})(?P<sep>[/.-])(?P<mo>\d{1,2})(?P=sep)(?P<y>\d{4})"
    rf"(?:{_JOIN}{_TIME.format(p='b')})?+"
    r"(?: ?[(\[]?(?:gmt|utc) ?\+ ?0?7(?::00)?[)\]]?| ?\+07:?00| ?\(?ict\)?)?+"
)


def parse_common(low: str) -> ParseResult | None:
    """The value of a COMMON-shaped string (lower case, single spaces), or None to let the
    general path decide."""
    m = COMMON.fullmatch(low)
    if not m or (m["ah"] and m["bh"]):
        return None
    p = "a" if m["ah"] else "b"
    hour = apply_period(int(m[p + "h"] or 0), m[p + "ap"])
    if hour is None:
        return None
    s = m[p + "s"]
    try:
        value = datetime(int(m["y"]), int(m["mo"]), int(m["d"]), hour, int(m[p + "mi"] or 0), int(s or 0))
    except ValueError:
        return None  # the general path says which part is impossible
    precision: Precision = "second" if s else "minute" if m[p + "h"] else "day"
    warnings: tuple[str, ...] = ()
    if m["wd"] and weekday_of(m) != value.weekday():  # the weekday groups are WEEKDAY's own
        warnings = ("weekday_mismatch",)
    return found(value, precision, warnings)  # naive: Vietnam wall-clock time

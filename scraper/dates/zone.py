"""Vietnam's clock: naive local times are read as Asia/Ho_Chi_Minh, values and output are ``+07:00``.

Vietnam has kept UTC+7 without daylight saving since 13 June 1975, so a wall-clock time from
1976 on is simply ``+07:00``; older ones go through zoneinfo (the South used +08:00 until 1975)
and are then shown on the +07:00 clock, as the record schema requires.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLUS7 = timezone(timedelta(hours=7))
_STEADY_FROM = 1976  # first full year of UTC+7 everywhere in Vietnam


def local(dt: datetime) -> datetime:
    """The same instant on the ``+07:00`` clock; a naive value is Vietnam wall-clock time."""
    if dt.tzinfo is None:
        if dt.year >= _STEADY_FROM:
            return dt.replace(tzinfo=PLUS7)
        dt = dt.replace(tzinfo=VN)
    elif dt.tzinfo is PLUS7:
        return dt
    return dt.astimezone(PLUS7)


def to_iso(dt: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS+07:00``: seconds always, fractions dropped, any offset converted.

    A naive datetime is taken as Vietnam local time (``2024-03-04 07:00`` → ``…T07:00:00+07:00``).
    """
    dt = local(dt)
    return f"{dt.year:04d}-{dt.month:02d}-{dt.day:02d}T{dt.hour:02d}:{dt.minute:02d}:{dt.second:02d}+07:00"


def offset_zone(sign: str, hours: str, minutes: str | None) -> timezone | None:
    """A fixed zone from ``+7``, ``+07:00`` or ``-0530`` parts; None when out of range (``+25``)."""
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m > 59:
        return None
    delta = timedelta(hours=h, minutes=m)
    return timezone(-delta if sign in "-−" else delta)

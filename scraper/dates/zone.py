"""Vietnam's clock: naive local times are read in Asia/Ho_Chi_Minh, output is always ``+07:00``."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")
PLUS7 = timezone(timedelta(hours=7))


def to_iso(dt: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS+07:00``: seconds always, fractions dropped, any offset converted.

    A naive datetime is taken as Vietnam local time (``2024-03-04 07:00`` → ``…T07:00:00+07:00``).
    """
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=VN)
    return dt.astimezone(PLUS7).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%S+07:00")


def local(dt: datetime) -> datetime:
    """The same instant on Vietnam's clock (naive means already local)."""
    return dt.replace(tzinfo=VN) if dt.tzinfo is None else dt.astimezone(VN)


def offset_zone(sign: str, hours: str, minutes: str | None) -> timezone | None:
    """A fixed zone from ``+7``, ``+07:00`` or ``-0530`` parts; None when out of range (``+25``)."""
    h, m = int(hours), int(minutes or 0)
    if h > 14 or m > 59:
        return None
    delta = timedelta(hours=h, minutes=m)
    return timezone(-delta if sign in "-−" else delta)

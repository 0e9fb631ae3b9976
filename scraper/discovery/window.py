"""Date windows in Vietnam time (``--since``/``--until``, both inclusive) and discovery dates.

Discovery dates come in three shapes, all read by ``scraper.dates``: W3C/ISO (sitemap
``lastmod``, ``<time datetime>``), RFC 822 (RSS ``pubDate``: ``Tue, 05 Mar 2024 10:15:00 +0700``)
and Vietnamese text on listing pages (``05/03/2024 10:15``). A value that cannot be read gives
``None``: the item is then fetched, never skipped on a guess.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from scraper.dates import parse_date
from scraper.dates.zone import PLUS7

def vn_day(raw: str | None, now: datetime | None = None) -> date | None:
    """The Vietnam calendar day of a discovery date string, or None when it cannot be read.

    Uses the same parser as the articles (``scraper.dates``): its fast path reads ISO and RFC 822
    strings; a naive time (no offset) is Vietnam local time, as on these sites.
    """
    if not raw or not raw.strip():
        return None
    value = parse_date(raw, now).value
    return value.astimezone(PLUS7).date() if value is not None else None


@dataclass(frozen=True)
class DateWindow:
    """``since``/``until`` as Vietnam calendar days, both inclusive; None means unbounded."""

    since: date | None = None
    until: date | None = None

    @classmethod
    def from_args(cls, since: str | None, until: str | None) -> "DateWindow":
        """Build from ``YYYY-MM-DD`` strings; raises ValueError with a one-line message."""
        window = cls(_arg_date(since, "since"), _arg_date(until, "until"))
        if window.since and window.until and window.since > window.until:
            raise ValueError(f"since {window.since} is after until {window.until}")
        return window

    @property
    def bounded(self) -> bool:
        return self.since is not None or self.until is not None

    def before(self, day: date | None) -> bool:
        """True only when the day is known and older than ``since``."""
        return day is not None and self.since is not None and day < self.since

    def after(self, day: date | None) -> bool:
        """True only when the day is known and newer than ``until``."""
        return day is not None and self.until is not None and day > self.until

    def outside(self, day: date | None) -> bool:
        return self.before(day) or self.after(day)

    def overlaps(self, first: date, last: date) -> bool:
        """Does the span ``first..last`` (e.g. a monthly sitemap's month) touch the window?"""
        return not (self.before(last) or self.after(first))


def _arg_date(value: str | None, name: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date like 2024-01-31") from None

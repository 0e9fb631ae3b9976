"""Date windows in Vietnam time (``--since``/``--until``, both inclusive) and discovery dates.

Discovery dates come in three shapes: W3C/ISO (sitemap ``lastmod``, ``<time datetime>``),
RFC 822 (RSS ``pubDate``: ``Tue, 05 Mar 2024 10:15:00 +0700``) and Vietnamese text on listing
pages (``05/03/2024 10:15``), which goes to ``scraper.dates.parse_date``. A value that cannot be
read gives ``None``: the item is then fetched, never skipped on a guess.
"""

from __future__ import annotations

import email.utils
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7))


def _from_iso(raw: str) -> date | None:
    text = raw.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            return None
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return value.astimezone(VN_TZ).date() if value.tzinfo else value.date()


def _from_rfc822(raw: str) -> date | None:
    try:
        value = email.utils.parsedate_to_datetime(raw.strip())
    except (TypeError, ValueError, IndexError):
        return None
    if value is None:
        return None
    return value.astimezone(VN_TZ).date() if value.tzinfo else value.date()


def _from_text(raw: str, now: datetime | None) -> date | None:
    from scraper.dates import parse_date  # Vietnamese text; kept lazy, the parser is heavy

    result = parse_date(raw, now)
    value = getattr(result, "value", None)
    if value is None:
        return None
    return value.astimezone(VN_TZ).date() if value.tzinfo else value.date()


def vn_day(raw: str | None, now: datetime | None = None) -> date | None:
    """The Vietnam calendar day of a discovery date string, or None when it cannot be read.

    A naive time (no offset) is read as Vietnam local time: these are Vietnamese sites.
    """
    if not raw or not raw.strip():
        return None
    return _from_iso(raw) or _from_rfc822(raw) or _from_text(raw, now)


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

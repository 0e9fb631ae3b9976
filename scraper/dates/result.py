"""What parsing one string gives: a value with its precision, or a reason why there is none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from scraper.dates.types import Precision
from scraper.dates.zone import local, to_iso


YEARS = (1900, 2100)


@dataclass(frozen=True)
class ParseResult:
    """``value`` is aware (on the +07:00 clock) or None; ``iso`` is ``YYYY-MM-DDTHH:MM:SS+07:00``.

    ``precision`` is what the text showed: ``day`` (local midnight), ``minute`` or ``second``.
    ``reason`` says in one line why there is no value (``impossible date 29/02/2023``);
    ``warnings`` flag a kept value (``weekday_mismatch``); ``lunar`` marks an âm lịch date.
    """

    value: datetime | None
    iso: str | None
    precision: Precision | None
    reason: str = ""
    warnings: tuple[str, ...] = ()
    lunar: bool = False


def found(value: datetime, precision: Precision, warnings: tuple[str, ...] = ()) -> ParseResult:
    """A date: the value moved to Vietnam's clock, seconds kept, fractions dropped; a year
    outside 1900-2100 is a misreading, not a news date (and would overflow zone arithmetic)."""
    if not YEARS[0] <= value.year <= YEARS[1]:
        return missing(f"year {value.year} out of range")
    value = local(value)
    if value.microsecond:
        value = value.replace(microsecond=0)
    return ParseResult(value, to_iso(value), precision, "", warnings)


def missing(reason: str, lunar: bool = False) -> ParseResult:
    """No date, and why (one line, cut at 100 characters: it may quote the input)."""
    reason = " ".join(reason.split())
    if len(reason) > 100:
        reason = reason[:99] + "…"
    return ParseResult(None, None, None, reason, (), lunar)

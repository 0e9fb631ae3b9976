"""Vietnamese date/time text -> aware datetime in +07:00 (work in progress: full parser lands next)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from scraper.dates.types import ChosenDate, DateCandidate

VN = ZoneInfo("Asia/Ho_Chi_Minh")


@dataclass(frozen=True)
class ParseResult:
    value: datetime | None
    iso: str | None
    precision: str | None
    reason: str = ""
    warnings: tuple[str, ...] = ()
    lunar: bool = False


def to_iso(dt: datetime) -> str:
    return dt.astimezone(VN).replace(microsecond=0).isoformat()


def parse_date(text: str, now: datetime | None = None) -> ParseResult:
    return ParseResult(None, None, None, reason="parser not implemented yet")


def choose_date(candidates: list[DateCandidate], now: datetime, role: str = "published") -> ChosenDate | None:
    return None

"""``choose_date``: the publish (or modified) time of a page from every date candidate on it.

Candidates that agree (same minute; a date-only value agrees with any time on its day) form a
group; the group with the most weight wins (JSON-LD and meta 3, ``<time>`` and text near the
title 2, other text, feed and sitemap 1, URL 0.5), and within it the most specific value.

So a date-only JSON-LD ``"2026-01-08"`` next to visible ``08/01/2026 - 18:21`` gives 18:21; the
source and raw string recorded are those of the value output (the visible text), the JSON-LD
having served as the agreeing vote. The header clock never wins: candidates outside the article
are ignored, and visible text on the crawl day is ignored when the article (a machine-readable,
URL, feed or near-title candidate) names another day. A candidate more than a day after the crawl
time is a site error and ignored. When candidates name different days the choice carries the
warning ``date_sources_disagree``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from scraper.dates.parse import parse_date
from scraper.dates.result import ParseResult
from scraper.dates.types import ChosenDate, DateCandidate
from scraper.dates.url import url_date
from scraper.dates.zone import local

PRIORITY = ("jsonld", "meta", "time", "text", "feed", "sitemap", "url")
WEIGHT = {"jsonld": 3.0, "meta": 3.0, "time": 2.0, "text": 1.0, "feed": 1.0, "sitemap": 1.0, "url": 0.5}
_RANK = {"day": 0, "minute": 1, "second": 2}
FUTURE_SLACK = timedelta(days=1)  # a date later than crawl time + this is a site error, not a date
DISAGREE = "date_sources_disagree"


@dataclass(frozen=True)
class _Vote:
    candidate: DateCandidate
    result: ParseResult

    @property
    def value(self) -> datetime:
        assert self.result.value is not None
        return self.result.value

    @property
    def day(self) -> date:
        return self.value.date()

    @property
    def timed(self) -> bool:
        return self.result.precision != "day"

    @property
    def weight(self) -> float:
        c = self.candidate
        return 2.0 if c.source == "text" and c.near_title else WEIGHT.get(c.source, 0.5)

    @property
    def order(self) -> tuple[int, int]:
        """Sort key for "better": more specific, then a higher-priority source."""
        source = self.candidate.source
        return _RANK[self.result.precision or "day"], -(PRIORITY.index(source) if source in PRIORITY else 99)


def choose_date(candidates: list[DateCandidate], now: datetime, role: str = "published") -> ChosenDate | None:
    """The chosen date for ``role`` (``published`` or ``modified``), or None when no candidate
    of that role parses. ``now`` is the crawl time (for ``2 giờ trước`` and the clock check)."""
    votes = [v for v in (_vote(c, now) for c in candidates if c.role == role and c.in_article) if v]
    votes = _without_clock(_without_future(votes, now), now)
    if not votes:
        return None
    groups = _groups(votes)
    best = max(groups, key=lambda g: (sum(v.weight for v in g), max(v.order[1] for v in g)))
    winner = max(best, key=lambda v: v.order)
    warnings = winner.result.warnings
    if any(v.day != winner.day for v in votes):
        warnings += (DISAGREE,)
    return ChosenDate(
        iso=winner.result.iso or "",
        raw=winner.candidate.raw,
        source=winner.candidate.source,
        precision=winner.result.precision or "day",
        warnings=warnings,
    )


def _vote(candidate: DateCandidate, now: datetime) -> _Vote | None:
    parse = url_date if candidate.source == "url" else lambda raw: parse_date(raw, now)
    result = parse(candidate.raw)
    return _Vote(candidate, result) if result.value is not None else None


def _without_future(votes: list[_Vote], now: datetime) -> list[_Vote]:
    limit = local(now) + FUTURE_SLACK
    return [v for v in votes if v.value <= limit]


def _without_clock(votes: list[_Vote], now: datetime) -> list[_Vote]:
    """Drop visible dates on the crawl day when the article says another day: that is the
    header's today widget (``Thứ Sáu, 01/11/2024 22:34`` on a page crawled that evening).

    "The article says" means a machine-readable, URL, feed or near-title candidate; a plain
    text date elsewhere (a related-articles box) does not overrule an article published today.
    """
    today = local(now).date()
    if not any(v.day != today and _speaks_for_article(v) for v in votes):
        return votes
    return [v for v in votes if not (v.candidate.source in ("text", "time") and v.day == today)]


def _speaks_for_article(vote: _Vote) -> bool:
    return vote.candidate.source != "text" or vote.candidate.near_title


def _groups(votes: list[_Vote]) -> list[list[_Vote]]:
    """Agreeing groups: one per distinct minute among timed votes (plus the date-only votes of
    that day), and one per day that has only date-only votes."""
    minutes = {v.value.replace(second=0) for v in votes if v.timed}
    groups = [
        [v for v in votes if (v.timed and v.value.replace(second=0) == m) or (not v.timed and v.day == m.date())]
        for m in sorted(minutes)
    ]
    timed_days = {m.date() for m in minutes}
    for day in sorted({v.day for v in votes if not v.timed} - timed_days):
        groups.append([v for v in votes if v.day == day])
    return groups

"""Drift alarms: one site's figures in this run against the same site's usual figures.

"Usual" is the median over the site's last ``history_runs`` runs that stored at least
``min_records`` records (runs limited to a date window are left out: an archive crawl of 2019
pages is not this year's template). A figure raises an alarm when it falls sharply:

- a share of stored records (date read from the page, authors, sapo, related links) falls below
  ``share_ratio`` of its usual value and by at least ``share_points`` (authors 90 % → 20 %);
- the median body length falls below ``body_ratio`` of usual (halved);
- the share of fetched pages dropped as not_article rises by ``not_article_points`` and doubles;
- the share of feed/sitemap entries the article pattern does not match rises by ``pattern_points``;
- new articles: fewer than ``new_ratio`` of what the site's usual pace (new articles per day
  between runs) predicts since its last run, when that prediction is at least ``new_usual``.

The current run must itself have stored ``min_records`` records for the record figures; a
first run (no history) raises nothing.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, fields
from statistics import median
from typing import Any

SHARE_LABELS = {
    "page_date": "records dated from the page itself",
    "authors": "records with authors",
    "sapo": "records with a sapo",
    "related": "records with related links",
}
LABELS = {
    **SHARE_LABELS,
    "body_median": "median body length (characters)",
    "not_article": "fetched pages dropped as not_article",
    "pattern_missed": "feed/sitemap entries the article pattern does not match",
    "new_articles": "new articles found",
}
PERCENT = frozenset({*SHARE_LABELS, "not_article", "pattern_missed"})


@dataclass(frozen=True)
class Thresholds:
    """Alarm thresholds; each is a setting ``VNNEWS_HEALTH_<NAME>`` (scraper/settings.py)."""

    history_runs: int = 5
    min_records: int = 20
    share_ratio: float = 0.5
    share_points: float = 0.2
    body_ratio: float = 0.5
    not_article_points: float = 0.2
    pattern_points: float = 0.5
    new_usual: float = 10.0
    new_ratio: float = 0.1

    @classmethod
    def from_settings(cls, settings: Any) -> Thresholds:
        """From Scrapy settings (or any mapping): ``VNNEWS_HEALTH_MIN_RECORDS=50`` etc."""
        values = {}
        for f in fields(cls):
            name = f"VNNEWS_HEALTH_{f.name.upper()}"
            raw = settings.get(name)
            if raw in (None, ""):
                continue
            try:
                values[f.name] = int(raw) if f.type == "int" else float(raw)
            except (TypeError, ValueError):
                raise ValueError(f"setting {name}={raw!r} is not a number") from None
        return cls(**values)


@dataclass(frozen=True)
class Alarm:
    """A figure that fell sharply: site, figure, usual value (``before``), this run's (``after``)."""

    site: str
    figure: str
    before: float
    after: float
    sample: str | None = None  # a URL of this run that shows the problem
    runs: int = 0  # how many earlier runs ``before`` is the median of

    def _value(self, value: float) -> str:
        return f"{value:.0%}" if self.figure in PERCENT else f"{value:.0f}"

    def line(self) -> str:
        """``baomau: records with authors fell from 90% to 20% (usual of the last 3 runs); e.g. URL``"""
        verb = "rose" if self.after > self.before else "fell"
        text = (f"{self.site}: {LABELS.get(self.figure, self.figure)} {verb} from {self._value(self.before)} "
                f"to {self._value(self.after)} (usual of the last {self.runs} run{'s' if self.runs != 1 else ''})")
        return text + (f"; e.g. {self.sample}" if self.sample else "")

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"message": self.line()}


def _usual(history: list[dict[str, Any]], figure: str) -> float | None:
    values = [h[figure] for h in history if isinstance(h.get(figure), (int, float))]
    return float(median(values)) if values else None


def usable_history(history: list[dict[str, Any]], th: Thresholds) -> list[dict[str, Any]]:
    """The runs a site's usual figures come from: its last ``history_runs`` runs not limited to a
    date window that stored at least ``min_records`` records."""
    earlier = [h for h in history if not h.get("window")]
    return [h for h in earlier if int(h.get("records", 0)) >= th.min_records][-th.history_runs:]


def usual_figures(history: list[dict[str, Any]], th: Thresholds) -> dict[str, float | None]:
    """The usual value of each record figure (median over ``usable_history``)."""
    usable = usable_history(history, th)
    names = ("records", *SHARE_LABELS, "body_median", "not_article", "new_articles")
    return {name: _usual(usable, name) for name in names}


def _pattern_share(figures: dict[str, Any]) -> float | None:
    missed = figures.get("pattern_missed") or {}
    whole = int(missed.get("of", 0) or 0)
    return int(missed.get("count", 0) or 0) / whole if whole else None


def _record_alarms(site: str, now: dict[str, Any], usable: list[dict[str, Any]], th: Thresholds) -> list[Alarm]:
    samples = now.get("samples") or {}
    out = []
    for figure in SHARE_LABELS:
        before, after = _usual(usable, figure), now.get(figure)
        if before is not None and after is not None and after < before * th.share_ratio \
                and before - after >= th.share_points:
            out.append(Alarm(site, figure, before, after, samples.get(figure), len(usable)))
    before, after = _usual(usable, "body_median"), now.get("body_median")
    if before and after is not None and after < before * th.body_ratio:
        out.append(Alarm(site, "body_median", before, after, samples.get("body_median"), len(usable)))
    return out


def _not_article_alarm(site: str, now: dict[str, Any], usable: list[dict[str, Any]], th: Thresholds) -> Alarm | None:
    """Judged on fetched pages, not stored records: a template so broken that every page is
    dropped stores nothing at all."""
    before, after = _usual(usable, "not_article"), now.get("not_article")
    if before is None or after is None or int(now.get("fetched", 0)) < th.min_records:
        return None
    if after - before >= th.not_article_points and after >= 2 * before:
        return Alarm(site, "not_article", before, after, (now.get("samples") or {}).get("not_article"), len(usable))
    return None


def _pattern_alarm(site: str, now: dict[str, Any], history: list[dict[str, Any]], th: Thresholds) -> Alarm | None:
    listed = [h for h in history if int((h.get("pattern_missed") or {}).get("of", 0) or 0) >= th.min_records]
    shares = [s for s in (_pattern_share(h) for h in listed) if s is not None]
    after = _pattern_share(now)
    if not shares or after is None or int(now["pattern_missed"].get("of", 0)) < th.min_records:
        return None
    before = float(median(shares))
    if after - before < th.pattern_points:
        return None
    sample = next(iter(now["pattern_missed"].get("samples") or []), None)
    return Alarm(site, "pattern_missed", before, after, sample, len(shares))


def _new_articles_alarm(site: str, now: dict[str, Any], paces: list[float], days_since: float | None,
                        th: Thresholds, home: str | None) -> Alarm | None:
    """``paces``: new articles per day of earlier unbounded runs; ``days_since``: since the last run."""
    if not paces or days_since is None or now.get("window") or now.get("capped"):
        return None
    expected = float(median(paces)) * days_since
    found = int(now.get("new_articles", 0))
    if expected >= th.new_usual and found <= expected * th.new_ratio:
        return Alarm(site, "new_articles", expected, found, home, len(paces))
    return None


def compare(site: str, now: dict[str, Any], history: list[dict[str, Any]], th: Thresholds, *,
            paces: list[float] = (), days_since: float | None = None, home: str | None = None) -> list[Alarm]:
    """Alarms for one site: ``now`` is this run's ``health`` block, ``history`` earlier runs'
    blocks (oldest first); ``paces``/``days_since`` feed the new-articles figure."""
    if now.get("window"):
        return []
    earlier = [h for h in history if not h.get("window")]
    usable = usable_history(history, th)
    alarms: list[Alarm] = []
    if usable and int(now.get("records", 0)) >= th.min_records:
        alarms += _record_alarms(site, now, usable, th)
    others = (
        _not_article_alarm(site, now, usable, th),
        _pattern_alarm(site, now, earlier[-th.history_runs:], th),
        _new_articles_alarm(site, now, list(paces)[-th.history_runs:], days_since, th, home),
    )
    return alarms + [a for a in others if a is not None]

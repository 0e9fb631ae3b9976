"""The health figures of one site in one run, read from the run's Scrapy stats.

Counted during the crawl under ``vnnews/<site>/``:

- by the ``news`` spider: ``listed`` (feed and sitemap entries taken as articles),
  ``pattern_missed`` and ``pattern_missed_samples`` (those the article pattern does not match),
  ``fetched`` (article pages handed to extraction), ``window`` / ``capped`` (the run was limited
  by --since/--until or --max-pages);
- by ``pipelines.health``: ``health/records`` (records stored), ``health/with/<figure>``,
  ``health/body_median``, ``health/new_articles``, ``health/sample/<figure>``;
- by the extract pipeline: ``dropped/not_article``;
- by ``pipelines.runstats.DownloadErrors``: ``failures/<kind>`` (see ``scraper.failures``).
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from scraper.failures import site_failures

# Share-of-stored-records figures, and what a record needs to count for each.
SHARES = ("page_date", "authors", "sapo", "related")
# published_at read from the page itself, not guessed from the URL or a sitemap/feed date
PAGE_DATE_SOURCES = frozenset({"jsonld", "meta", "time", "text"})
BUCKET = 10  # characters: body lengths are kept as a histogram, so memory stays flat


def record_has(record: dict[str, Any], figure: str) -> bool:
    """Whether a stored record counts for a share figure (``page_date``: a date from the page)."""
    if figure == "page_date":
        return record.get("published_at_source") in PAGE_DATE_SOURCES
    return bool(record.get(figure))


class LengthHistogram:
    """Body lengths in buckets of ``BUCKET`` characters; the median to within a bucket."""

    def __init__(self) -> None:
        self.counts: Counter[int] = Counter()
        self.total = 0

    def add(self, length: int) -> None:
        self.counts[length // BUCKET] += 1
        self.total += 1

    def median(self) -> int | None:
        if not self.total:
            return None
        middle, seen = (self.total + 1) // 2, 0
        for bucket in sorted(self.counts):
            seen += self.counts[bucket]
            if seen >= middle:
                return bucket * BUCKET + BUCKET // 2
        return None  # unreachable: the counts add up to total


def _share(part: float, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def site_figures(stats: dict[str, Any], site: str) -> dict[str, Any]:
    """The ``health`` block of a site's manifest entry."""
    prefix = f"vnnews/{site}/"

    def count(name: str) -> int:
        return int(stats.get(prefix + name, 0) or 0)

    records, fetched, listed = count("health/records"), count("fetched"), count("listed")
    figures: dict[str, Any] = {"records": records, "fetched": fetched}
    for name in SHARES:
        figures[name] = _share(count(f"health/with/{name}"), records)
    figures["body_median"] = stats.get(prefix + "health/body_median")
    figures["not_article"] = _share(count("dropped/not_article"), fetched)
    figures["new_articles"] = count("health/new_articles")
    figures["pattern_missed"] = {
        "count": count("pattern_missed"), "of": listed,
        "samples": list(stats.get(prefix + "pattern_missed_samples") or []),
    }
    figures["failures"] = site_failures(stats, site)
    figures["window"] = bool(count("window"))
    figures["capped"] = bool(count("capped"))
    samples_prefix = prefix + "health/sample/"
    figures["samples"] = {k[len(samples_prefix):]: v for k, v in sorted(stats.items()) if k.startswith(samples_prefix)}
    return figures

"""What the corpus holds, gathered in one streaming pass: counts per site and month, field
coverage, body lengths, sections, time span, syndication. Memory grows with sites, months and
sections, and by four bytes per record for the body length, never with the text itself (clusters
are tallied in a temporary database on disk)."""

from __future__ import annotations

from array import array
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from scraper.record import Record
from scraper.store.read import ReadStats, iter_records
from scraper.syndication.tally import ClusterTally, Syndication

# label shown in the report -> the record field that must be filled
COVERAGE: dict[str, str] = {
    "date": "published_at", "author": "authors", "sapo": "sapo", "related links": "related",
    "images": "images", "section": "section",
}


def copy_source(record: Record) -> str:
    """``live`` for a page fetched from the outlet, else the web archive or import it came from."""
    archive = record.get("archive")
    return str(archive.get("source")) if isinstance(archive, dict) and archive.get("source") else "live"


def copies_text(copies: Counter[str]) -> str:
    """``live 120, wayback 57`` (most first)."""
    return ", ".join(f"{source} {n}" for source, n in copies.most_common()) or "none"


@dataclass
class SiteStats:
    records: int = 0
    undated: int = 0
    months: Counter[str] = field(default_factory=Counter)  # "2023-01" -> records
    filled: Counter[str] = field(default_factory=Counter)  # coverage label -> records with it
    outlets: Counter[str] = field(default_factory=Counter)
    provinces: Counter[str] = field(default_factory=Counter)  # province at publication
    first: str | None = None  # earliest published_at (ISO, +07:00)
    last: str | None = None

    def add(self, record: Record) -> None:
        self.records += 1
        published = record.get("published_at")
        if isinstance(published, str):
            self.months[published[:7]] += 1
            self.first = published if self.first is None else min(self.first, published)
            self.last = published if self.last is None else max(self.last, published)
        else:
            self.undated += 1
        for label, name in COVERAGE.items():
            if record.get(name):
                self.filled[label] += 1
        self.outlets[str(record.get("outlet"))] += 1
        self.provinces[str(record.get("province_at_publication") or record.get("province"))] += 1

    def share(self, label: str) -> float:
        return self.filled[label] / self.records if self.records else 0.0


@dataclass
class CorpusStats:
    sites: dict[str, SiteStats] = field(default_factory=dict)
    body_lengths: array = field(default_factory=lambda: array("I"))  # characters per body
    sections: Counter[str] = field(default_factory=Counter)
    updated: int = 0  # records that are a later version of an article (version > 1)
    # where the copy came from (schema v2 ``archive.source``): "live" for pages fetched from the outlet
    copies: Counter[str] = field(default_factory=Counter)
    read: ReadStats = field(default_factory=ReadStats)
    syndication: Syndication = field(default_factory=Syndication)  # filled by gather_corpus

    @property
    def records(self) -> int:
        return sum(s.records for s in self.sites.values())

    @property
    def undated(self) -> int:
        return sum(s.undated for s in self.sites.values())

    @property
    def first(self) -> str | None:
        return min((s.first for s in self.sites.values() if s.first), default=None)

    @property
    def last(self) -> str | None:
        return max((s.last for s in self.sites.values() if s.last), default=None)

    def months(self) -> list[str]:
        """Every month from the first to the last dated record, gaps included (``2023-01`` …)."""
        if not self.first or not self.last:
            return []
        year, month = int(self.first[:4]), int(self.first[5:7])
        out = []
        while f"{year:04d}-{month:02d}" <= self.last[:7]:
            out.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out

    def add(self, record: Record) -> None:
        self.sites.setdefault(str(record["site"]), SiteStats()).add(record)
        body = record.get("body")
        self.body_lengths.append(len(body) if isinstance(body, str) else 0)
        if isinstance(record.get("section"), str):
            self.sections[record["section"]] += 1
        if isinstance(record.get("version"), int) and record["version"] > 1:
            self.updated += 1
        self.copies[copy_source(record)] += 1


def gather_corpus(out_dir: str | Path) -> CorpusStats:
    """One pass over ``<out_dir>/corpus``; corrupt lines are counted in ``stats.read``. Clusters are
    tallied on disk on the way (``scraper.syndication.tally``)."""
    stats = CorpusStats()
    with ClusterTally() as clusters:
        for record in iter_records(out_dir, stats=stats.read):
            stats.add(record)
            clusters.add(record)
        stats.syndication = clusters.result()
    return stats

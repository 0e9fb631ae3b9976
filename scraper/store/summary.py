"""What is in a corpus, read from the files line by line: records per site and month, and how
many records carry each field that researchers filter on (published_at, authors, sapo, related).

Streaming: one line in memory at a time, whatever the corpus size; compressed files too. A torn
tail (a crawl writing right now) ends the reading of that file, it is not an error.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from scraper.store import codecs
from scraper.store.paths import corpus_dir, corpus_files
from scraper.syndication.tally import ClusterTally

COVERAGE_FIELDS = ("published_at", "authors", "sapo", "related")


@dataclass
class SiteSummary:
    records: int = 0
    months: Counter[str] = field(default_factory=Counter)  # "2024-03" or "undated"
    with_field: Counter[str] = field(default_factory=Counter)

    def share(self, name: str) -> float:
        return self.with_field[name] / self.records if self.records else 0.0


def month_of(rel: Path) -> str:
    """``baolaocai/2024/2024-03.jsonl.gz`` → ``2024-03``; ``baolaocai/undated.jsonl`` → ``undated``."""
    return rel.name.split(".", 1)[0]


def summarise(out: Path, sites: list[str] | None = None,
              clusters: ClusterTally | None = None) -> dict[str, SiteSummary]:
    """Per-site summary of every corpus file under ``<out>/corpus`` (optionally only ``sites``);
    each record also goes to ``clusters`` when given (syndication figures, same pass)."""
    root = corpus_dir(out)
    result: dict[str, SiteSummary] = {}
    for path in corpus_files(out):
        rel = path.relative_to(root)
        site = rel.parts[0]
        if sites and site not in sites:
            continue
        summary = result.setdefault(site, SiteSummary())
        month = month_of(rel)
        for line in codecs.whole_lines(path):
            record = json.loads(line)
            if clusters is not None:
                clusters.add(record)
            summary.records += 1
            summary.months[month] += 1
            for name in COVERAGE_FIELDS:
                if record.get(name):
                    summary.with_field[name] += 1
    return dict(sorted(result.items()))

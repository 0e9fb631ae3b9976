"""From the filtered stream to the exported rows: column choice, reproducible sampling, limit.

Sampling is one pass with a seeded reservoir (Vitter's algorithm R): the same corpus, filters, N
and seed give the same sample, and memory holds only the N kept records.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator
from itertools import islice

from scraper.export.filters import FilterError, RecordFilter
from scraper.record import FIELDS, Record


def parse_fields(specs: Iterable[str] | None) -> tuple[str, ...]:
    """``--fields title,published_at --fields body`` -> the columns in that order (all when None)."""
    names = [n.strip() for spec in specs or () for n in spec.split(",") if n.strip()]
    if not names:
        return FIELDS
    for name in names:
        if name not in FIELDS:
            raise FilterError(f"unknown field {name!r}; fields are: {', '.join(FIELDS)}")
    return tuple(dict.fromkeys(names))


def reservoir_sample(records: Iterable[Record], size: int, seed: int) -> list[Record]:
    """``size`` records drawn uniformly in one pass, returned in corpus order."""
    rng = random.Random(seed)
    kept: list[tuple[int, Record]] = []
    for index, record in enumerate(records):
        if index < size:
            kept.append((index, record))
            continue
        slot = rng.randint(0, index)
        if slot < size:
            kept[slot] = (index, record)
    return [record for _, record in sorted(kept, key=lambda pair: pair[0])]


def select(
    records: Iterable[Record],
    record_filter: RecordFilter,
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
) -> Iterator[Record]:
    """Filtered records, sampled (when ``sample``) then cut to ``limit``; lazy unless sampling."""
    kept: Iterable[Record] = (r for r in records if record_filter.accepts(r))
    if sample is not None:
        kept = reservoir_sample(kept, sample, seed)
    return islice(kept, limit) if limit is not None else iter(kept)

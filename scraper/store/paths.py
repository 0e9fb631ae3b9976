"""Where things live under a corpus directory; paths come only from registry keys and dates.

    <out>/corpus/<site>/<YYYY>/<YYYY-MM>.jsonl[.gz|.zst]   records, by published_at (+07:00)
    <out>/corpus/<site>/undated.jsonl[.gz|.zst]            records with no published_at
    <out>/corpus/<site>/<YYYY>/<YYYY-MM>.<worker>.jsonl    a Redis worker's shard of that month
                                                           (each worker appends only to its own)
    <out>/state/                                           the store's own state (index, lock, runs)

A record's ``published_at`` is already Vietnam time (``2024-03-05T08:30:00+07:00``), so its first
seven characters are the month it belongs to: an article at 00:30 on 1 March in Hà Nội is filed in
March even though it is still February in UTC.
"""

from __future__ import annotations

import re
from pathlib import Path

SITE_KEY = re.compile(r"^[a-z0-9_]+$")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
SUFFIXES = {"none": ".jsonl", "gzip": ".jsonl.gz", "zstd": ".jsonl.zst"}
SHARD = re.compile(r"^[a-z0-9][a-z0-9-]{0,62}$")  # a worker id, as it appears in file names


class LayoutError(ValueError):
    """A site key or date that cannot safely become part of a path."""


def corpus_dir(out: Path) -> Path:
    return Path(out) / "corpus"


def state_dir(out: Path) -> Path:
    return Path(out) / "state"


def suffix_for(compression: str) -> str:
    try:
        return SUFFIXES[compression]
    except KeyError:
        raise LayoutError(f"unknown compression {compression!r} (choose none, gzip or zstd)") from None


def compression_of(path: Path) -> str:
    """The compression a corpus file was written with, from its name."""
    name = path.name
    for compression, suffix in SUFFIXES.items():
        if name.endswith(suffix) and (compression != "none" or not name.endswith((".gz", ".zst"))):
            return compression
    raise LayoutError(f"{path} is not a corpus file")


def record_relpath(site: str, published_at: str | None, compression: str, shard: str | None = None) -> str:
    """Path of the file a record goes to, relative to ``<out>/corpus``; ``shard`` is a Redis
    worker's id (``scraper.distributed``), so that no two processes append to one file.

    >>> record_relpath("baoquangninh", "2024-03-01T00:30:00+07:00", "gzip")
    'baoquangninh/2024/2024-03.jsonl.gz'
    >>> record_relpath("baoquangninh", "2024-03-01T00:30:00+07:00", "none", "crawl1-2")
    'baoquangninh/2024/2024-03.crawl1-2.jsonl'
    """
    if not isinstance(site, str) or not SITE_KEY.match(site):
        raise LayoutError(f"site key {site!r} is not of the form [a-z0-9_]+")
    suffix = suffix_for(compression)
    if shard is not None:
        if not SHARD.match(shard):
            raise LayoutError(f"worker id {shard!r} is not of the form [a-z0-9][a-z0-9-]*")
        suffix = f".{shard}{suffix}"
    if published_at is None:
        return f"{site}/undated{suffix}"
    match = MONTH.match(str(published_at)[:7])
    if not match:
        raise LayoutError(f"published_at {published_at!r} does not start with YYYY-MM")
    return f"{site}/{match.group(1)}/{match.group(0)}{suffix}"


def corpus_files(out: Path) -> list[Path]:
    """Every corpus file under ``<out>/corpus``, in a stable order (site, then month)."""
    root = corpus_dir(out)
    if not root.is_dir():
        return []
    found = [p for p in root.rglob("*") if p.is_file() and any(p.name.endswith(s) for s in SUFFIXES.values())]
    return sorted(found)

"""Stream the corpus back, one record at a time, in a stable order (site, then month, undated last).

The layout ``<out>/corpus/<site>/<YYYY>/<YYYY-MM>.jsonl[.gz|.zst]`` (undated records in
``<out>/corpus/<site>/undated.jsonl[...]``) lets a site or date filter skip whole files by path
before opening them. A corrupt line (torn write, bad JSON) is skipped and counted with its
``file:line``; it never stops the read.
"""

from __future__ import annotations

import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import IO

import zstandard

from scraper.record import Record

SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst")
# a month file, or a Redis worker's shard of it (``2024-03.crawl1-2.jsonl``): read alike
_MONTH_FILE = re.compile(r"^(\d{4})-(\d{2})(\.[a-z0-9][a-z0-9-]*)?\.jsonl(\.gz|\.zst)?$")
_UNDATED_FILE = re.compile(r"^undated(\.[a-z0-9][a-z0-9-]*)?\.jsonl(\.gz|\.zst)?$")
MAX_EXAMPLES = 20  # corrupt lines named one by one; the rest only counted


@dataclass
class ReadStats:
    """What a read saw: files opened, good records, corrupt lines (first few as ``file:line: why``)."""

    files: int = 0
    records: int = 0
    corrupt: int = 0
    examples: list[str] = field(default_factory=list)

    def add_corrupt(self, path: Path, line_no: int, why: str) -> None:
        self.corrupt += 1
        if len(self.examples) < MAX_EXAMPLES:
            self.examples.append(f"{path}:{line_no}: {why}")

    def summary(self) -> str:
        """One line for stderr, e.g. ``2 corrupt corpus lines skipped (data/corpus/x/2023/2023-01.jsonl:7: ...)``."""
        more = f"; {self.corrupt - len(self.examples)} more" if self.corrupt > len(self.examples) else ""
        return f"{self.corrupt} corrupt corpus line(s) skipped: " + "; ".join(self.examples) + more


def corpus_root(out_dir: str | Path) -> Path:
    return Path(out_dir) / "corpus"


def corpus_sites(out_dir: str | Path) -> list[str]:
    """Site keys present in the corpus (one folder each), sorted."""
    root = corpus_root(out_dir)
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir())


def _month_in_range(year: int, month: int, since: date | None, until: date | None) -> bool:
    if since is not None and (year, month) < (since.year, since.month):
        return False
    return until is None or (year, month) <= (until.year, until.month)


def _month_files(site_dir: Path) -> list[tuple[int, int, Path]]:
    found = []
    for year_dir in site_dir.iterdir():
        if not (year_dir.is_dir() and year_dir.name.isdigit()):
            continue
        for f in year_dir.iterdir():
            m = _MONTH_FILE.match(f.name)
            if m and f.is_file():
                found.append((int(m.group(1)), int(m.group(2)), f))
    return sorted(found, key=lambda t: (t[0], t[1], t[2].name))


def corpus_files(
    out_dir: str | Path,
    sites: Iterable[str] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[Path]:
    """The files a read must open, pruned by path: other sites, months out of range, and the
    undated file whenever a date bound is set (an undated record cannot satisfy one)."""
    wanted = set(sites) if sites is not None else None
    files: list[Path] = []
    for site in corpus_sites(out_dir):
        if wanted is not None and site not in wanted:
            continue
        site_dir = corpus_root(out_dir) / site
        files += [f for y, m, f in _month_files(site_dir) if _month_in_range(y, m, since, until)]
        if since is None and until is None:
            files += sorted(f for f in site_dir.iterdir() if _UNDATED_FILE.match(f.name) and f.is_file())
    return files


def open_lines(path: Path) -> IO[str]:
    """A text stream over a .jsonl, .jsonl.gz or .jsonl.zst file, decoded as UTF-8."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="\n")
    if path.name.endswith(".zst"):
        raw = zstandard.ZstdDecompressor().stream_reader(path.open("rb"), closefd=True)
        return io.TextIOWrapper(io.BufferedReader(raw), encoding="utf-8", newline="\n")
    return path.open("r", encoding="utf-8", newline="\n")


def _parse(line: str) -> tuple[Record | None, str]:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"not JSON ({exc.msg.removesuffix(' at')}, column {exc.colno})"
    if not isinstance(value, dict):
        return None, "not a JSON object"
    if not isinstance(value.get("id"), str) or not isinstance(value.get("site"), str):
        return None, "no record id/site"
    return value, ""


def _published_day(record: Record) -> str | None:
    """The Vietnam-time day of ``published_at`` (stored as ``…+07:00``, so its first 10 chars)."""
    value = record.get("published_at")
    return value[:10] if isinstance(value, str) else None


def _in_range(record: Record, since: str | None, until: str | None) -> bool:
    if since is None and until is None:
        return True
    day = _published_day(record)
    return day is not None and (since is None or day >= since) and (until is None or day <= until)


def _read_file(path: Path, stats: ReadStats) -> Iterator[Record]:
    try:
        with open_lines(path) as stream:
            for line_no, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                record, why = _parse(line)
                if record is None:
                    stats.add_corrupt(path, line_no, why)
                    continue
                yield record
    except (OSError, EOFError, UnicodeDecodeError, zstandard.ZstdError) as exc:
        stats.add_corrupt(path, 0, f"unreadable file ({exc})")


def iter_records(
    out_dir: str | Path,
    sites: Iterable[str] | None = None,
    since: date | None = None,
    until: date | None = None,
    stats: ReadStats | None = None,
) -> Iterator[Record]:
    """Every stored record of ``sites`` (all when None) published between ``since`` and ``until``
    (Vietnam-time days, inclusive; None = open), streamed file by file. ``stats`` collects counts."""
    stats = stats if stats is not None else ReadStats()
    since_s = since.isoformat() if since else None
    until_s = until.isoformat() if until else None
    for path in corpus_files(out_dir, sites, since, until):
        stats.files += 1
        for record in _read_file(path, stats):
            if _in_range(record, since_s, until_s):
                stats.records += 1
                yield record

"""On start, cut what a crash left half-written at the end of a WARC file.

``WarcArchive.sync`` records each file's size (``warc_checkpoint``) in the same transaction as the
corpus batch it made durable. Past that size lie records written after the last batch boundary:
whole gzip members are kept (nothing points at them yet, but they are valid captures), the first
torn member and everything after it is cut, logged and counted (run manifest:
``warc_members_repaired``). A file that is shorter than its checkpoint is walked whole; a file
left with no whole record (killed while writing its first) is removed.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from scraper.store import codecs

log = logging.getLogger(__name__)

TABLE = "CREATE TABLE IF NOT EXISTS warc_checkpoint (path TEXT PRIMARY KEY, size INTEGER NOT NULL) WITHOUT ROWID"


@dataclass
class ArchiveRepair:
    torn: int = 0  # members cut
    files_cut: list[str] = field(default_factory=list)


def ensure_table(conn: sqlite3.Connection) -> None:
    conn.execute(TABLE)


def checkpoints(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT path, size FROM warc_checkpoint"))


def set_checkpoints(conn: sqlite3.Connection, sizes: dict[str, int]) -> None:
    conn.executemany("INSERT OR REPLACE INTO warc_checkpoint (path, size) VALUES (?, ?)", sizes.items())


def warc_files(out: Path) -> list[Path]:
    root = Path(out) / "archive"
    return sorted(p for p in root.rglob("*.warc.gz") if p.is_file()) if root.is_dir() else []


def whole_end(path: Path, start: int) -> int:
    """Offset after the last whole gzip member, walking from ``start`` (a member boundary)."""
    good = start
    with open(path, "rb") as f:
        for unit in codecs.units(f, "gzip", start, check=False):
            if unit.lines is None:
                break
            good = unit.end
    return good


def repair_archive(out: Path, conn: sqlite3.Connection, shard: str | None = None) -> ArchiveRepair:
    """Walk every file past its checkpoint, cut torn tails, record the new sizes (committed).

    ``shard``: a Redis worker walks only its own files (``….<worker>.warc.gz``): the others' are
    being written by live processes.
    """
    marks = checkpoints(conn)
    repair = ArchiveRepair()
    sizes: dict[str, int] = {}
    for path in warc_files(out):
        if shard is not None and not path.name.endswith(f".{shard}.warc.gz"):
            continue
        rel = path.relative_to(out).as_posix()
        size, start = path.stat().st_size, marks.get(rel, 0)
        if size == start and size:
            continue
        if size < start:
            log.warning("WARC file %s is shorter than its checkpoint (%d < %d): checking it whole", rel, size, start)
            start = 0
        good = whole_end(path, start)
        if good == 0:  # killed before its first record was whole: nothing in it to keep
            path.unlink()
            conn.execute("DELETE FROM warc_checkpoint WHERE path = ?", (rel,))
            if size:
                repair.torn += 1
                repair.files_cut.append(rel)
            log.warning("WARC file %s held no whole record (left by a crash): removed", rel)
            continue
        if good < size:
            with open(path, "r+b") as f:
                f.truncate(good)
                f.flush()
                os.fsync(f.fileno())
            repair.torn += 1
            repair.files_cut.append(rel)
            log.warning("WARC file %s: cut a torn member after byte %d left by a crash", rel, good)
        sizes[rel] = good
    set_checkpoints(conn, sizes)  # committed with the first batch; a re-walk before that finds no tear
    return repair

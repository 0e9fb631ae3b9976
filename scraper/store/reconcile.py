"""On start, make the index agree with the files: the corpus files are the truth.

For each corpus file, everything up to its checkpoint (the size committed with the last batch)
is known good and indexed. Past it lie at most the batches of a run that was killed between the
fsync and the index commit, and possibly one torn unit (a half line, a half gzip member). This
walks that tail: whole units are indexed (seen-index and syndication clusters, each line under
the ``cluster`` it was written with; their URLs marked stored in the frontier), the first torn
unit and anything after it is cut off, logged and counted. A database older than the current
layout skips the clusters here: ``upgrade`` then indexes every line.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from scraper.store import codecs, db
from scraper.store.clusters import ClusterIndex
from scraper.store.frontier import SqliteFrontier
from scraper.store.index import SqliteSeenIndex
from scraper.store.paths import compression_of, corpus_dir, corpus_files
from scraper.store.upgrade import is_current, note_recheck

log = logging.getLogger(__name__)


@dataclass
class Repair:
    """What reconciling found: records re-indexed from unconfirmed tails, torn units cut."""

    reindexed: int = 0
    torn: int = 0
    files_cut: list[str] = field(default_factory=list)


def _cut(path: Path, offset: int) -> int:
    """Truncate ``path`` at ``offset``; returns how many lines (plain) or units were cut."""
    with open(path, "r+b") as f:
        f.seek(offset)
        tail = f.read()
        f.truncate(offset)
        f.flush()
        os.fsync(f.fileno())
    if compression_of(path) == "none":
        return tail.count(b"\n") + (0 if tail.endswith(b"\n") else 1)
    return 1


def reconcile_file(
    path: Path, rel: str, start: int, index: SqliteSeenIndex, frontier: SqliteFrontier,
    clusters: ClusterIndex | None = None,
) -> tuple[int, int, int]:
    """Index the tail of one file past ``start``; returns (records indexed, torn cut, final size)."""
    size = path.stat().st_size
    if size < start:
        log.warning("corpus file %s is shorter than its checkpoint (%d < %d): re-indexing it whole", rel, size, start)
        start = 0
    indexed, good_end = 0, start
    with open(path, "rb") as f:
        for unit in codecs.units(f, compression_of(path), start):
            if unit.lines is None:
                break
            for line in unit.lines:
                record = json.loads(line)
                index.remember(record)
                frontier.done(record["fetched_url"], "stored")
                if clusters is not None:
                    clusters.remember(record)
                    note_recheck(clusters.conn, record["fetched_url"], "recovered")
                indexed += 1
            good_end = unit.end
    torn = 0
    if good_end < size:
        torn = _cut(path, good_end)
        log.warning("corpus file %s: cut %d torn line(s)/unit(s) after byte %d left by a crash", rel, torn, good_end)
    return indexed, torn, good_end


def unconfirmed(out: Path, conn: sqlite3.Connection, files: list[Path]) -> Iterator[tuple[Path, str, int]]:
    """``(path, relpath, checkpoint)`` of each of ``files`` whose size is not its checkpoint."""
    marks = db.checkpoints(conn)
    root = corpus_dir(out)
    for path in files:
        rel = path.relative_to(root).as_posix()
        start = marks.get(rel, 0)
        if path.stat().st_size != start:
            yield path, rel, start


def commit_repair(conn: sqlite3.Connection, sizes: dict[str, int], repair: Repair, done: str) -> Repair:
    """Commit the new checkpoints; say how many records past the old ones were ``done`` (re-indexed…)."""
    db.set_checkpoints(conn, sizes)
    db.commit(conn)
    if repair.reindexed:
        log.warning("%s %d record(s) written after the last checkpoint (the last run was interrupted)",
                    done, repair.reindexed)
    return repair


def reconcile(out: Path, conn: sqlite3.Connection) -> Repair:
    """Bring the index and frontier up to date with every corpus file, cut torn tails, commit."""
    index, frontier = SqliteSeenIndex(conn), SqliteFrontier(conn)
    clusters = ClusterIndex(conn) if is_current(conn) else None
    repair = Repair()
    sizes: dict[str, int] = {}
    for path, rel, start in unconfirmed(out, conn, corpus_files(out)):
        indexed, torn, size = reconcile_file(path, rel, start, index, frontier, clusters)
        repair.reindexed += indexed
        repair.torn += torn
        if torn:
            repair.files_cut.append(rel)
        sizes[rel] = size
    return commit_repair(conn, sizes, repair, "re-indexed")

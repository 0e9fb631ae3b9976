"""A restarted worker's own shard files: what lies past the last checkpoint is settled against Redis.

A worker commits a batch in three steps: fsync its shard files, confirm the batch in Redis (one
script: seen-index, frontier, leases), then commit the file sizes (checkpoints) in its own
SQLite. Killed between the fsync and the checkpoint, it leaves lines past the checkpoint whose
fate Redis decides, line by line (``SETTLE``):

- confirmed already under this worker's id (killed after the confirm): kept;
- still claimed by this worker's previous process, or by nobody, and not stored by anyone else:
  confirmed now, kept;
- stored meanwhile by another worker (the dead process was reaped, its lease came back and was
  stored elsewhere), or claimed by a live one: cut, so the corpus holds the article once.

Then the tail is rewritten with only the kept lines (one unit, fsynced) and the new sizes are
committed. A torn unit is cut as ``scraper.store.reconcile`` does.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any

from scraper.distributed.keys import Keys
from scraper.distributed.link import RedisLink
from scraper.distributed.scripts import Scripts
from scraper.distributed.seen import confirm_fields
from scraper.store import codecs
from scraper.store.paths import compression_of, corpus_files
from scraper.store.reconcile import Repair, commit_repair, unconfirmed

log = logging.getLogger(__name__)


def shard_files(out: Path, shard: str) -> list[Path]:
    """The corpus files of one worker: ``<YYYY-MM>.<shard>.jsonl…`` and ``undated.<shard>.jsonl…``."""
    return [p for p in corpus_files(out) if p.name.split(".")[1:2] == [shard]]


class Settler:
    """Settles one worker's tails; ``token``/``previous``: this process and the one before it."""

    def __init__(self, link: RedisLink, keys: Keys, scripts: Scripts, worker_id: str, token: str,
                 previous: str | None) -> None:
        self.link, self.keys, self.scripts = link, keys, scripts
        self.worker_id, self.token, self.previous = worker_id, token, previous or ""

    def keeps(self, record: dict[str, Any]) -> bool:
        args = [self.keys.ns, self.token, self.previous, self.worker_id, *confirm_fields(record),
                record.get("previous_content_hash") or ""]
        return bool(self.link.call(self.scripts.settle, keys=[self.keys.stored], args=args))

    def settle(self, out: Path, conn: sqlite3.Connection) -> Repair:
        repair = Repair()
        sizes: dict[str, int] = {}
        for path, rel, start in unconfirmed(out, conn, shard_files(out, self.worker_id)):
            size = path.stat().st_size
            if size < start:
                log.warning("corpus file %s is shorter than its checkpoint (%d < %d): settling it whole", rel, size,
                            start)
                start = 0
            kept, cut, torn = self._tail(path, start)
            sizes[rel] = self._rewrite(path, start, kept) if cut or torn else size
            repair.reindexed += len(kept)
            repair.torn += cut
            if cut:
                repair.files_cut.append(rel)
                log.warning("%s: %d line(s) past the checkpoint were stored by another worker meanwhile: cut",
                            rel, cut)
        return commit_repair(conn, sizes, repair, "settled")

    def _tail(self, path: Path, start: int) -> tuple[list[bytes], int, bool]:
        """(lines to keep, lines cut, torn) past ``start``; a torn unit ends the walk and is cut."""
        kept: list[bytes] = []
        cut = 0
        with open(path, "rb") as f:
            for unit in codecs.units(f, compression_of(path), start):
                if unit.lines is None:
                    return kept, cut + 1, True
                for line in unit.lines:
                    if self.keeps(json.loads(line)):
                        kept.append(line + b"\n")
                    else:
                        cut += 1
        return kept, cut, False

    @staticmethod
    def _rewrite(path: Path, start: int, kept: list[bytes]) -> int:
        """Cut the file at ``start`` and append ``kept`` as one unit, fsynced; returns the size."""
        with open(path, "r+b") as f:
            f.truncate(start)
            f.seek(start)
            if kept:
                f.write(codecs.encode(compression_of(path), b"".join(kept)))
            f.flush()
            os.fsync(f.fileno())
            return f.tell()

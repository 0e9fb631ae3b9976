"""Append-only corpus files: records are buffered per file and written whole at batch boundaries.

``append`` only buffers. ``flush`` writes every buffered file's batch as one unit (plain lines, one
gzip member or one zstd frame), then ``fsync``s it, and returns the new size of each file: the
caller commits those sizes as checkpoints *after* this returns, so anything past a checkpoint is
known to be unconfirmed and is checked on the next start (see ``reconcile``).
"""

from __future__ import annotations

import logging
import os
from collections import OrderedDict
from pathlib import Path
from typing import BinaryIO

from scraper.record import Record, to_json_line
from scraper.store import codecs
from scraper.store.paths import corpus_dir, record_relpath

log = logging.getLogger(__name__)

MAX_OPEN_FILES = 64


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class CorpusWriter:
    """Buffers lines per corpus file; ``flush`` makes them durable. One writer per corpus directory."""

    def __init__(self, out: Path, compression: str = "none", shard: str | None = None) -> None:
        codecs.encode(compression, b"")  # fail early on an unknown compression
        self.root = corpus_dir(out)
        self.compression = compression
        self.shard = shard  # a Redis worker's id: its own files (<YYYY-MM>.<worker>.jsonl)
        self._buffers: dict[str, list[bytes]] = {}
        self._handles: OrderedDict[str, BinaryIO] = OrderedDict()
        self.buffered = 0

    def relpath(self, record: Record) -> str:
        return record_relpath(record["site"], record.get("published_at"), self.compression, self.shard)

    def append(self, record: Record) -> str:
        """Buffer one record; returns the file (relative to ``corpus/``) it will go to."""
        rel = self.relpath(record)
        line = to_json_line(record).encode("utf-8")
        self._buffers.setdefault(rel, []).append(line)
        self.buffered += 1
        return rel

    def _handle(self, rel: str) -> BinaryIO:
        handle = self._handles.get(rel)
        if handle is not None:
            self._handles.move_to_end(rel)
            return handle
        path = self.root / rel
        created = not path.exists()
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "ab")  # noqa: SIM115 - kept open across batches, closed in close()
        if created:
            _fsync_dir(path.parent)
        self._handles[rel] = handle
        while len(self._handles) > MAX_OPEN_FILES:
            _, oldest = self._handles.popitem(last=False)
            oldest.close()
        return handle

    def flush(self) -> dict[str, int]:
        """Write and fsync every buffered batch; returns ``{relpath: size after the batch}``.

        If a write fails (disk full), that file is cut back to where the batch began and the error
        is raised; batches already fsynced stay (past their checkpoint, so the next start
        re-indexes them).
        """
        sizes: dict[str, int] = {}
        for rel in list(self._buffers):
            handle = self._handle(rel)
            start = handle.tell()
            try:
                handle.write(codecs.encode(self.compression, b"".join(self._buffers[rel])))
                handle.flush()
                os.fsync(handle.fileno())
            except OSError:
                self._cut_back(rel, start)
                raise
            sizes[rel] = handle.tell()
            self.buffered -= len(self._buffers.pop(rel))
        return sizes

    def _cut_back(self, rel: str, size: int) -> None:
        """Best effort after a failed write: no partial batch left at the end of the file."""
        handle = self._handles.pop(rel)
        try:
            handle.close()
        except OSError:
            pass  # the buffered bytes that could not be written are dropped with the handle
        try:
            os.truncate(self.root / rel, size)
        except OSError as exc:
            log.error("could not cut %s back to %d bytes (%s); the next start will", rel, size, exc)

    def discard(self) -> None:
        """Forget the unwritten batch (after a failed commit: its index rows are rolled back too)."""
        self._buffers.clear()
        self.buffered = 0

    def close(self) -> dict[str, int]:
        sizes = self.flush()
        for handle in self._handles.values():
            handle.close()
        self._handles.clear()
        return sizes

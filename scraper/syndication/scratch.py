"""A throw-away SQLite database in a temporary folder: per-cluster bookkeeping of one command
(export, stats, report) on disk instead of in memory, removed when the command is done."""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path


class ScratchDb:
    """``conn`` is in one open transaction with no journal: nothing here needs to survive a crash."""

    def __init__(self, schema: str) -> None:
        self._dir = tempfile.TemporaryDirectory(prefix="vnnews-scratch-")
        self.conn = sqlite3.connect(Path(self._dir.name) / "scratch.sqlite", isolation_level=None)
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.executescript(schema)
        self.conn.execute("BEGIN")

    def close(self) -> None:
        self.conn.close()
        self._dir.cleanup()

"""A set of strings kept on disk (SQLite), for what one crawl run has already scheduled.

A Python set of every URL a run sees grows with the run: a full crawl of a large outlet is
hundreds of thousands of URLs. This keeps memory flat (SQLite's small page cache) at a cost of a
few microseconds per check. It is scratch state: a temporary file, deleted on close, never
fsynced (a killed run re-plans from the store's frontier, not from here).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile


class DiskSet:
    """``add(text) -> bool`` (True when new), ``in``, ``len``; a temporary SQLite file."""

    def __init__(self, directory: str | None = None) -> None:
        fd, self.path = tempfile.mkstemp(prefix="vnnews-run-", suffix=".sqlite", dir=directory)
        os.close(fd)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=OFF")
        self._conn.execute("PRAGMA synchronous=OFF")
        self._conn.execute("CREATE TABLE items (item TEXT PRIMARY KEY) WITHOUT ROWID")
        self._count = 0

    def add(self, item: str) -> bool:
        cursor = self._conn.execute("INSERT OR IGNORE INTO items VALUES (?)", (item,))
        new = cursor.rowcount == 1
        self._count += new
        return new

    def __contains__(self, item: object) -> bool:
        return self._conn.execute("SELECT 1 FROM items WHERE item = ?", (item,)).fetchone() is not None

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        self._conn.close()
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass

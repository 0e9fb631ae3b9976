"""The store's SQLite database (``<out>/state/store.sqlite``, WAL mode): one connection, one open
transaction between batch boundaries, committed only after the corpus files are fsynced.

Tables: ``seen_url`` and ``seen_content`` (the seen-index), ``checkpoint`` (size of each corpus
file at the last commit), ``frontier`` (article URLs planned and done).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

SCHEMA = """
CREATE TABLE IF NOT EXISTS seen_url (
    url TEXT PRIMARY KEY, content_hash TEXT NOT NULL, modified_at TEXT, version INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS seen_content (
    content_hash TEXT PRIMARY KEY, url TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS checkpoint (
    path TEXT PRIMARY KEY, size INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS frontier (
    url TEXT PRIMARY KEY, site TEXT, meta TEXT NOT NULL DEFAULT '{}', outcome TEXT
);
CREATE INDEX IF NOT EXISTS frontier_pending ON frontier (site) WHERE outcome IS NULL;
"""

CACHE_KIB = 16 * 1024  # SQLite page cache: the bound on the index's memory, whatever its size


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the store database with WAL and an explicit transaction."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA cache_size=-{CACHE_KIB}")
    conn.executescript(SCHEMA)
    conn.execute("BEGIN")
    return conn


def commit(conn: sqlite3.Connection) -> None:
    """Commit the open transaction and start the next one."""
    conn.execute("COMMIT")
    conn.execute("BEGIN")


def checkpoints(conn: sqlite3.Connection) -> dict[str, int]:
    return dict(conn.execute("SELECT path, size FROM checkpoint"))


def set_checkpoints(conn: sqlite3.Connection, sizes: dict[str, int]) -> None:
    conn.executemany("INSERT OR REPLACE INTO checkpoint (path, size) VALUES (?, ?)", sizes.items())

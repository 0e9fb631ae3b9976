"""The store's SQLite database (``<out>/state/store.sqlite``, WAL mode): one connection, one open
transaction between batch boundaries, committed only after the corpus files are fsynced.

Tables: ``seen_url``, ``seen_content`` and ``seen_site_content`` (the seen-index), ``checkpoint``
(size of each corpus file at the last commit), ``frontier`` (article URLs planned and done), the
``syn_*`` tables of syndication clusters (``scraper.store.clusters``) and ``syn_recheck`` (old
cross-site duplicates to fetch again, ``scraper.store.upgrade``). ``PRAGMA user_version`` is the
version of this layout; ``upgrade`` brings an older database up to it.
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
CREATE TABLE IF NOT EXISTS seen_site_content (
    site TEXT NOT NULL, content_hash TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (site, content_hash)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS syn_site (code INTEGER PRIMARY KEY, site TEXT NOT NULL UNIQUE);
CREATE TABLE IF NOT EXISTS syn_member (
    n INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, site INTEGER NOT NULL, cluster TEXT NOT NULL,
    shingles INTEGER NOT NULL, signature BLOB
);
CREATE TABLE IF NOT EXISTS syn_text (
    text_key INTEGER NOT NULL, site INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (text_key, site)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS syn_band (
    band_key INTEGER NOT NULL, site INTEGER NOT NULL, n INTEGER NOT NULL, PRIMARY KEY (band_key, site, n)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS syn_cluster (
    cluster TEXT PRIMARY KEY, earliest TEXT NOT NULL, published_at TEXT, crawled_at TEXT, size INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS syn_recheck (
    url TEXT PRIMARY KEY, site TEXT NOT NULL, outcome TEXT
) WITHOUT ROWID;
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

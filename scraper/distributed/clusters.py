"""Syndication clusters for Redis workers: the corpus folder's own SQLite, one short transaction each.

Where the cluster state lives, and why: a record is linked by looking up its 42 LSH band keys
among every stored article of the other outlets and comparing full MinHash signatures (512
bytes each). In Redis that would be about 1.3 KB of memory per stored article (1.3 GB per
million), against a disk-backed index with a 16 MB cache in ``<out>/state/store.sqlite``
(``scraper.store.clusters``). So workers that share a corpus folder share its cluster index:
each record is linked *and* indexed in one ``BEGIN IMMEDIATE`` transaction (milliseconds; SQLite
serialises the workers), so two copies of one story stored at the same moment by two workers
still land in one cluster, exactly as if one process had stored them one after the other.

Limits, said plainly: workers writing to *separate* corpus folders (separate machines) each
link within their own folder only; a record linked by a worker that died before storing it
stays in the index and is stored under the same cluster when its lease comes back (its ``id``
is its URL's), so ``copy_of`` can name an article only for as long as it takes the lease to
come back.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from scraper.record import Record
from scraper.store import db
from scraper.store.clusters import ClusterIndex, Link
from scraper.store.paths import state_dir
from scraper.store.upgrade import LAYOUT

BUSY_TIMEOUT_MS = 60_000


def open_shared(out: Path) -> sqlite3.Connection:
    """The corpus folder's store database, in autocommit mode: each link is its own transaction."""
    path = state_dir(out) / "store.sqlite"
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    conn.execute(f"PRAGMA cache_size=-{db.CACHE_KIB}")
    fresh = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] == 0
    conn.executescript(db.SCHEMA)
    if fresh:  # made at the current layout: a later single-process start has nothing to upgrade
        conn.execute(f"PRAGMA user_version = {LAYOUT}")
    return conn


class SharedClusters(ClusterIndex):
    """``Clusters`` for several processes on one folder: link and index together, at judge time."""

    def _site(self, key: str) -> int:
        code = self._sites.get(key)
        if code is None:  # another worker may have added it since
            self.conn.execute("INSERT OR IGNORE INTO syn_site (site) VALUES (?)", (key,))
            code = int(self.conn.execute("SELECT code FROM syn_site WHERE site = ?", (key,)).fetchone()[0])
            self._sites[key] = code
        return code

    def link_into(self, record: Record, version: bool = False) -> Link:
        """Link ``record`` and index it under its cluster, in one transaction.

        An article already indexed (a new version, or the copy of a worker that died before its
        batch was confirmed) stays in its cluster (``link_version``).
        """
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            self._sites.update(self.conn.execute("SELECT site, code FROM syn_site"))
            link = super().link_into(record, version=True)
            super().remember(record if "cluster" in record else record | {"cluster": link.cluster})
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        self.conn.execute("COMMIT")
        return link

    def remember(self, record: Record) -> None:
        """Indexed already by ``link_into``."""

    def close(self) -> None:
        self.conn.close()

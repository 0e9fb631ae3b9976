"""The seen-index: which canonical URLs and which contents are already in the corpus.

Dedup rules, in order (the URL is the record's canonical ``url``):
  * URL known, same ``content_hash`` and ``modified_at``  -> duplicate (re-crawled, unchanged)
  * URL known, new ``content_hash`` or ``modified_at``    -> new version (``version`` n+1,
    ``previous_content_hash`` = the stored one); the old line stays in the corpus
  * URL new, ``content_hash`` stored under another URL of the same outlet (site)
                                                          -> duplicate (same article, two URLs)
  * otherwise                                             -> new (another outlet's copy of a
    stored story is new too: it is stored and linked to its cluster, ``scraper.store.clusters``)

Rows live in SQLite, never in a Python set, so memory stays flat as the corpus grows.
"""

from __future__ import annotations

import sqlite3
from scraper.record import Record
from scraper.store.interfaces import Verdict

__all__ = ["SqliteSeenIndex", "Verdict"]


class SqliteSeenIndex:
    """``SeenIndex`` over the store database; writes join the caller's open transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def has_url(self, url: str) -> bool:
        return self.conn.execute("SELECT 1 FROM seen_url WHERE url = ?", (url,)).fetchone() is not None

    def has_content(self, content_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM seen_content WHERE content_hash = ?", (content_hash,))
        return row.fetchone() is not None

    def judge(self, record: Record) -> Verdict:
        """What storing this record would mean, by the rules above (reads only)."""
        row = self.conn.execute(
            "SELECT content_hash, modified_at, version FROM seen_url WHERE url = ?", (record["url"],)
        ).fetchone()
        if row is not None:
            old_hash, old_modified, version = row
            if old_hash == record["content_hash"] and old_modified == record.get("modified_at"):
                return Verdict("duplicate", version, duplicate_of=record["url"])
            return Verdict("version", version + 1, previous_content_hash=old_hash)
        other = self.conn.execute(
            "SELECT url FROM seen_site_content WHERE site = ? AND content_hash = ?",
            (record["site"], record["content_hash"]),
        ).fetchone()
        if other is not None:
            return Verdict("duplicate", duplicate_of=other[0])
        return Verdict("new")

    def remember(self, record: Record) -> None:
        """Index a record that is (about to be) in the corpus, with its own ``version``."""
        self.conn.execute(
            "INSERT OR REPLACE INTO seen_url (url, content_hash, modified_at, version) VALUES (?, ?, ?, ?)",
            (record["url"], record["content_hash"], record.get("modified_at"), int(record.get("version") or 1)),
        )
        self.conn.execute(
            "INSERT OR IGNORE INTO seen_content (content_hash, url) VALUES (?, ?)",
            (record["content_hash"], record["url"]),
        )
        self.remember_site_content(record)

    def remember_site_content(self, record: Record) -> None:
        """The (outlet, content) pair that makes a second URL of the same article a duplicate."""
        self.conn.execute(
            "INSERT OR IGNORE INTO seen_site_content (site, content_hash, url) VALUES (?, ?, ?)",
            (record["site"], record["content_hash"], record["url"]),
        )

    def count(self) -> int:
        return self.conn.execute("SELECT count(*) FROM seen_url").fetchone()[0]

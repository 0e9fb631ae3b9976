"""The crawl frontier kept by the store: article URLs planned, and which of them are finished.

Unlike Scrapy's JOBDIR (a request counts as seen once *queued*), a URL here is finished only when
its outcome is known: stored (committed with the corpus batch), duplicate, or dropped. A killed
crawl restarted with the same command re-schedules ``pending(site)``: planned but not finished.

Planning a finished URL again with a ``lastmod`` that differs from the one it was planned with
re-opens it, so a sitemap that says an article changed gets it re-fetched (and stored as a new
version if its text changed). A URL first found without a ``lastmod`` (a listing, a feed) is not
re-opened just because a sitemap later names one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from typing import Any

PAGE = 500


class SqliteFrontier:
    """``Frontier`` over the store database; writes join the caller's open transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def plan(self, site: str, url: str, meta: dict[str, Any]) -> None:
        row = self.conn.execute("SELECT meta, outcome FROM frontier WHERE url = ?", (url,)).fetchone()
        text = json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str)
        if row is None:
            self.conn.execute("INSERT INTO frontier (url, site, meta) VALUES (?, ?, ?)", (url, site, text))
            return
        old_meta, outcome = json.loads(row[0]), row[1]
        new, old = meta.get("lastmod"), old_meta.get("lastmod")
        reopen = outcome is not None and bool(new) and bool(old) and new != old
        if not new and old:  # keep the lastmod we know for the next comparison
            text = json.dumps(meta | {"lastmod": old}, ensure_ascii=False, sort_keys=True, default=str)
        self.conn.execute(
            "UPDATE frontier SET site = ?, meta = ?, outcome = ? WHERE url = ?",
            (site, text, None if reopen else outcome, url),
        )

    def done(self, url: str, outcome: str) -> None:
        self.conn.execute(
            "INSERT INTO frontier (url, outcome) VALUES (?, ?) ON CONFLICT (url) DO UPDATE SET outcome = ?",
            (url, outcome, outcome),
        )

    def is_done(self, url: str) -> bool:
        row = self.conn.execute("SELECT outcome FROM frontier WHERE url = ?", (url,)).fetchone()
        return row is not None and row[0] is not None

    def is_planned(self, url: str) -> bool:
        return self.conn.execute("SELECT 1 FROM frontier WHERE url = ?", (url,)).fetchone() is not None

    def outcome(self, url: str) -> str | None:
        row = self.conn.execute("SELECT outcome FROM frontier WHERE url = ?", (url,)).fetchone()
        return row[0] if row else None

    def pending(self, site: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Planned, unfinished URLs of a site, read a page at a time (flat memory)."""
        last = 0
        while True:
            rows = self.conn.execute(
                "SELECT rowid, url, meta FROM frontier WHERE site = ? AND outcome IS NULL AND rowid > ?"
                " ORDER BY rowid LIMIT ?",
                (site, last, PAGE),
            ).fetchall()
            for rowid, url, meta in rows:
                last = rowid
                yield url, json.loads(meta)
            if len(rows) < PAGE:
                return

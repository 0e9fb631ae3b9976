"""Bring a store database written by an older vnnews up to the current layout (``LAYOUT``).

Layout 2 (syndication): the same article from two *outlets* is no longer a duplicate. Upgrading
an older corpus, in one transaction on the first start (a kill just means it runs again):

1. every stored line is indexed again from the files: the per-outlet content index that now
   decides duplicates, and the syndication clusters (``scraper.store.clusters``); v1 lines carry
   no cluster fields, so they are linked in the state only, which lets later copies find them;
2. the old rules dropped a page whose text was stored under any other URL, across outlets too.
   Those pages were marked ``duplicate`` in the frontier, like re-crawled pages and same-outlet
   copies, and the old state kept nothing else about them (not their text). A ``duplicate`` URL
   that is itself a stored URL (canonical or fetched) is a re-crawl and stays finished; every other
   one is re-opened (pending), listed in ``syn_recheck``, and fetched again by the next crawl of its
   site, incremental or not. The new rules then store it when it is another outlet's copy (counted
   as *recovered*) and drop it again when it is a same-outlet copy; either way its outcome is
   written back to ``syn_recheck`` and it is never re-opened twice.
"""

from __future__ import annotations

import json
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from scraper.record import Record
from scraper.store import codecs, db
from scraper.store.clusters import ClusterIndex
from scraper.store.index import SqliteSeenIndex
from scraper.store.paths import corpus_files, state_dir

log = logging.getLogger(__name__)

LAYOUT = 2


@dataclass(frozen=True)
class Upgrade:
    """What an upgrade did: lines indexed again, old duplicates re-opened for fetching."""

    indexed: int = 0
    reopened: int = 0


def is_current(conn: sqlite3.Connection) -> bool:
    return int(conn.execute("PRAGMA user_version").fetchone()[0]) >= LAYOUT


def stored_records(out: Path) -> Iterator[Record]:
    """Every whole line of every corpus file, in file order (``reconcile`` has cut torn tails).

    A line that is not a record (garbled by a crash inside an old file) is skipped and logged.
    """
    for path in corpus_files(out):
        for number, line in enumerate(codecs.whole_lines(path), 1):
            try:
                record = json.loads(line)
            except ValueError:
                record = None
            if isinstance(record, dict) and isinstance(record.get("id"), str) and isinstance(record.get("site"), str):
                yield record
            else:
                log.warning("%s:%d is not a record; skipped", path, number)


def upgrade(out: Path, conn: sqlite3.Connection) -> Upgrade:
    """Upgrade the database of the corpus in ``out`` if it is older than ``LAYOUT``; commits."""
    if is_current(conn):
        return Upgrade()
    for table in ("seen_site_content", "syn_member", "syn_text", "syn_band", "syn_cluster", "syn_recheck"):
        conn.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS upgrade_fetched (url TEXT PRIMARY KEY) WITHOUT ROWID")
    if corpus_files(out):
        log.warning("upgrading the store to layout %d: indexing every stored record for syndication, once "
                    "(about 1,500 records a second)", LAYOUT)
    seen, clusters = SqliteSeenIndex(conn), ClusterIndex(conn)
    indexed = 0
    for record in stored_records(out):
        seen.remember_site_content(record)
        clusters.remember(record)
        conn.execute("INSERT OR IGNORE INTO upgrade_fetched (url) VALUES (?)", (record.get("fetched_url") or "",))
        indexed += 1
    conn.execute(
        "INSERT INTO syn_recheck (url, site) SELECT f.url, f.site FROM frontier f"
        " WHERE f.outcome = 'duplicate' AND f.site IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM seen_url s WHERE s.url = f.url)"
        " AND NOT EXISTS (SELECT 1 FROM upgrade_fetched u WHERE u.url = f.url)"
    )
    reopened = conn.execute("UPDATE frontier SET outcome = NULL WHERE url IN (SELECT url FROM syn_recheck)").rowcount
    conn.execute("DROP TABLE upgrade_fetched")
    conn.execute(f"PRAGMA user_version = {LAYOUT}")
    db.commit(conn)
    if indexed or reopened:
        log.warning("store upgraded to layout %d: %d stored record(s) indexed for syndication; %d page(s) an older "
                    "vnnews dropped as duplicates re-opened, to store the other outlets' copies", LAYOUT, indexed,
                    reopened)
    return Upgrade(indexed, reopened)


def note_recheck(conn: sqlite3.Connection, url: str, outcome: str) -> None:
    """Write how a re-opened page ended (``recovered`` when stored, ``duplicate`` when not)."""
    conn.execute("UPDATE syn_recheck SET outcome = ? WHERE url = ? AND outcome IS NULL", (outcome, url))


def rechecking(conn: sqlite3.Connection) -> bool:
    """Whether some re-opened page has not been fetched again yet."""
    return conn.execute("SELECT 1 FROM syn_recheck WHERE outcome IS NULL LIMIT 1").fetchone() is not None


def read_recheck_counts(out: Path) -> dict[str, int] | None:
    """``recheck_counts`` of the corpus in ``out``, read-only (a crawl may be running); None when
    its database predates the upgrade or does not exist."""
    path = state_dir(out) / "store.sqlite"
    if not path.is_file():
        return None
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        if not is_current(conn):
            return None
        return recheck_counts(conn)
    finally:
        conn.close()


def recheck_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """How the re-opened pages ended: ``recovered`` (stored: another outlet's copy), ``duplicate``
    (a same-outlet copy or re-crawl after all), ``dropped`` (gone, no longer an article…),
    ``pending`` (not fetched again yet)."""
    counts = {"recovered": 0, "duplicate": 0, "dropped": 0, "pending": 0}
    rows = conn.execute(
        "SELECT CASE WHEN r.outcome IS NOT NULL THEN r.outcome WHEN f.outcome IS NULL THEN 'pending'"
        " ELSE 'dropped' END, count(*) FROM syn_recheck r LEFT JOIN frontier f ON f.url = r.url GROUP BY 1"
    )
    for outcome, n in rows:
        counts[outcome] = counts.get(outcome, 0) + int(n)
    return counts

"""The store's state for one corpus directory: lock, seen-index, clusters, frontier, corpus writer.

``open_state(out)`` returns the one shared ``CrawlState`` of that directory in this process (the
spider and every pipeline call it); the first call takes the corpus lock, reconciles the index
with the files and upgrades an older database (``upgrade``). Each opener calls ``close()``; the
last one commits and releases everything.

Batch boundary (``commit``): corpus files are written and fsynced first, then the index rows,
cluster rows, frontier marks and file checkpoints of the batch are committed in one SQLite
transaction. A kill before the fsync loses the batch from files and index alike (its URLs are
still pending, so they are fetched again); a kill between fsync and commit leaves lines past the
checkpoint, which the next start re-indexes, clusters included, from the lines' own ``cluster``
fields (``reconcile``). Either way nothing is lost and nothing is stored twice.

Scaling out: ``seen``, ``clusters`` and ``frontier`` satisfy the ``SeenIndex``, ``Clusters`` and
``Frontier`` protocols of ``scraper.store.interfaces``. A Redis worker (``vnnews worker``,
``scraper.distributed.state``) registers its own ``CrawlState`` (``register``) before Scrapy
starts: its seen-index and frontier live in Redis, it writes its own shard files
(``<site>/<YYYY>/<YYYY-MM>.<worker>.jsonl``) and confirms each batch in Redis between the fsync
and the commit (``after_flush``). Pipelines and extraction only see the protocols and
``CrawlState.store``.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path

from scraper.record import Record
from scraper.store import db, lock, upgrade
from scraper.store.clusters import ClusterIndex
from scraper.store.frontier import SqliteFrontier
from scraper.store.index import SqliteSeenIndex
from scraper.store.paths import state_dir
from scraper.store.reconcile import Repair, reconcile
from scraper.store.writer import CorpusWriter

log = logging.getLogger(__name__)

BATCH_RECORDS = 200
BATCH_SECONDS = 5.0

_open: dict[Path, CrawlState] = {}


class StoreFailed(RuntimeError):
    """The corpus could not be written (disk full, I/O error): the crawl must stop."""


class CrawlState:
    """Everything the crawl keeps in ``<out>``; used from the Scrapy reactor thread only."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.lock_path = lock.acquire(out)
        try:
            self.conn = db.connect(state_dir(out) / "store.sqlite")
            self.repair: Repair = reconcile(out, self.conn)
            upgrade.upgrade(out, self.conn)
        except BaseException:
            lock.release(self.lock_path)
            raise
        self.seen = SqliteSeenIndex(self.conn)
        self.frontier = SqliteFrontier(self.conn)
        self.clusters = ClusterIndex(self.conn)
        self._rechecking = upgrade.rechecking(self.conn)
        self._start_batches(CorpusWriter(out, "none"))

    def _start_batches(self, writer: CorpusWriter) -> None:
        """The batch bookkeeping every state has, whatever keeps its index."""
        self.writer = writer
        self.batch_records = BATCH_RECORDS
        self.batch_seconds = BATCH_SECONDS
        self._last_commit = time.monotonic()
        self.users = 0
        self.failed: str | None = None
        # Made durable before the corpus files at each batch boundary: what records point at (the
        # WARC archive, scraper.archive.warcfile) must be whole on disk before the record is.
        self.before_flush: list[Callable[[], None]] = []

    def configure(
        self, compression: str, batch_records: int = BATCH_RECORDS, batch_seconds: float = BATCH_SECONDS
    ) -> None:
        """Set how new batches are written (the store pipeline passes the crawl's settings)."""
        if compression != self.writer.compression:
            self.commit()
            self.writer.close()
            self.writer = CorpusWriter(self.out, compression, self.writer.shard)
        self.batch_records, self.batch_seconds = batch_records, batch_seconds

    def store(self, record: Record) -> str:
        """Add a judged record to the current batch (file, index, frontier); may end the batch."""
        if self.failed:
            raise StoreFailed(self.failed)
        rel = self.writer.append(record)
        self.seen.remember(record)
        self.clusters.remember(record)
        self.frontier.done(record["fetched_url"], "stored")
        self.note_recheck(record["fetched_url"], "recovered")
        self.maybe_commit()
        return rel

    def note_recheck(self, url: str, outcome: str) -> None:
        """A page an older vnnews dropped as a duplicate was fetched again: say how it ended."""
        if self._rechecking:
            upgrade.note_recheck(self.conn, url, outcome)

    def maybe_commit(self) -> None:
        due = time.monotonic() - self._last_commit >= self.batch_seconds
        if not self.failed and (self.writer.buffered >= self.batch_records or due):
            self.commit()

    def commit(self) -> None:
        """Batch boundary: fsync the files, then commit index, frontier and checkpoints together.

        A failed write (disk full, I/O error) rolls the batch's index rows and frontier marks back
        and freezes this state: nothing more is committed in this process, and the next start
        reconciles whatever reached the files.
        """
        if self.failed:
            return
        try:
            for durable_first in list(self.before_flush):
                durable_first()
            sizes = self.writer.flush()
        except OSError as exc:
            self.failed = f"corpus write failed: {exc}"
            self.writer.discard()
            self.conn.execute("ROLLBACK")
            self.conn.execute("BEGIN")
            log.error("%s; stopping: the next run resumes from the files", self.failed)
            raise StoreFailed(self.failed) from exc
        self.after_flush()
        db.set_checkpoints(self.conn, sizes)
        db.commit(self.conn)
        self._last_commit = time.monotonic()

    def after_flush(self) -> None:
        """Between the fsync of a batch and its commit: nothing here (a Redis worker confirms the
        batch's records and acknowledges its leases, ``scraper.distributed.state``)."""

    def close(self) -> None:
        """One opener is done: its work is committed; the last one also closes files and the lock.

        An opener that never calls ``close`` only keeps files open until the process exits (the
        kernel drops the lock); no record depends on it, since every close commits.
        """
        try:
            self.commit()
        finally:
            self.users -= 1
        if self.users > 0:
            return
        _open.pop(self.out, None)
        try:
            self.writer.close()  # after a failure its batch was discarded: nothing left to write
            self.conn.execute("ROLLBACK" if self.failed else "COMMIT")
            self.conn.close()
        finally:
            lock.release(self.lock_path)


def register(state: CrawlState) -> None:
    """Make ``state`` the one ``open_state`` returns for its folder in this process (a Redis
    worker's or planner's, set up by the command before Scrapy starts)."""
    _open[state.out] = state


def open_state(out_dir: str | Path) -> CrawlState:
    """The shared state of a corpus directory (raises ``lock.LockHeld`` if another run has it)."""
    out = Path(out_dir).resolve()
    state = _open.get(out)
    if state is None:
        state = CrawlState(out)
        _open[out] = state
        if state.repair.torn:
            log.warning("repaired %d torn line(s) in %s", state.repair.torn, ", ".join(state.repair.files_cut))
    state.users += 1
    return state

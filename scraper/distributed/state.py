"""What a Redis worker's or planner's pipelines and spider see in place of the store's ``CrawlState``.

The command builds a ``Runtime`` (the Redis link, the corpus's keys and scripts, this process's
membership, the politeness budget, the job) and registers, before Scrapy starts, the state that
``scraper.store.state.open_state`` will hand every component for that folder:

``WorkerState`` is a ``CrawlState`` whose seen-index and frontier are in Redis, whose clusters are
the folder's shared SQLite, which writes its own shard files and keeps its checkpoints in
``<out>/state/workers/<id>/store.sqlite``, and which confirms each batch in Redis between the
fsync and the checkpoint commit (acknowledging the leases the batch finished). It holds the
corpus lock *shared*: workers together, never beside a single-process crawl.

``PlannerState`` is what discovery needs: the frontier and seen-index, nothing stored.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper import exitcodes
from scraper.archive.repair import ensure_table, repair_archive
from scraper.distributed.budget import Budget
from scraper.distributed.clusters import SharedClusters, open_shared
from scraper.distributed.frontier import RedisFrontier
from scraper.distributed.job import Job, Jobs, Progress
from scraper.distributed.keys import Keys
from scraper.distributed.leases import Membership
from scraper.distributed.link import RedisLink
from scraper.distributed.scripts import Scripts
from scraper.distributed.seen import RedisSeenIndex
from scraper.distributed.settle import Settler
from scraper.store import db, lock
from scraper.store.paths import state_dir
from scraper.store.reconcile import Repair
from scraper.store.state import CrawlState
from scraper.store.writer import CorpusWriter

log = logging.getLogger(__name__)

_runtimes: dict[Path, Runtime] = {}


@dataclass
class Runtime:
    """Everything a process of a distributed crawl shares with its Scrapy components."""

    out: Path
    link: RedisLink
    keys: Keys
    scripts: Scripts
    job: Job
    budget: Budget
    membership: Membership | None = None  # workers only: the planner leases nothing
    _progress: tuple[float, Progress] | None = field(default=None, init=False, repr=False)

    @property
    def jobs(self) -> Jobs:
        return Jobs(self.link, self.keys, self.scripts)

    def progress(self, fresh_for: float = 0.5) -> Progress:
        """The job's progress, asked at most every ``fresh_for`` seconds however many of this
        process's crawlers (one per site) ask."""
        now = time.monotonic()
        if self._progress is None or now - self._progress[0] > fresh_for:
            self._progress = (now, self.jobs.progress(self.job.sites))
        return self._progress[1]


def worker_dir(out: Path, worker_id: str) -> Path:
    return state_dir(out) / "workers" / worker_id


def register_runtime(runtime: Runtime) -> None:
    _runtimes[runtime.out.resolve()] = runtime


def runtime_of(settings: Any) -> Runtime:
    """The runtime of the crawl's ``VNNEWS_OUT`` (set up by ``vnnews worker`` / ``crawl --redis``)."""
    return _runtimes[Path(settings.get("VNNEWS_OUT")).resolve()]


def stop_reaped(reason: str) -> None:
    """Stop at once, committing nothing more: this process's work was already handed out."""
    log.error("%s", reason)
    print(f"vnnews worker: {reason}", file=sys.stderr, flush=True)
    logging.shutdown()
    os._exit(exitcodes.FAILED)


class WorkerState(CrawlState):
    """The store state of one Redis worker (see the module docstring)."""

    def __init__(self, runtime: Runtime, previous_token: str | None) -> None:
        membership = runtime.membership
        assert membership is not None
        self.out, self.runtime, self.membership = runtime.out.resolve(), runtime, membership
        self.shard = membership.worker_id
        self.lock_path = lock.acquire_shared(self.out)
        try:
            self.conn = db.connect(worker_dir(self.out, self.shard) / "store.sqlite")
            settler = Settler(runtime.link, runtime.keys, runtime.scripts, self.shard, membership.token,
                              previous_token)
            self.repair: Repair = settler.settle(self.out, self.conn)
            ensure_table(self.conn)  # and its WARC files' torn tails, even when it has no more work
            repair_archive(self.out, self.conn, self.shard)
            db.commit(self.conn)
            shared = open_shared(self.out)
        except BaseException:
            lock.release(self.lock_path)
            raise
        self.seen = RedisSeenIndex(runtime.link, runtime.keys, runtime.scripts, membership.token)  # type: ignore[assignment]
        self.frontier = RedisFrontier(runtime.link, runtime.keys, runtime.scripts)  # type: ignore[assignment]
        self.clusters = SharedClusters(shared)
        self._rechecking = False
        self._start_batches(CorpusWriter(self.out, "none", shard=self.shard))

    def after_flush(self) -> None:
        """The batch is on disk: make it final in Redis and acknowledge the leases it finished."""
        acks = self.membership.take_acks()
        if not self.seen.confirm(self.shard, acks):  # type: ignore[attr-defined]
            stop_reaped(self.membership.reaped_message())
        self.membership.acked(acks)

    def close(self) -> None:
        super().close()
        if self.users <= 0:
            self.clusters.close()  # type: ignore[attr-defined]


class PlannerState:
    """What the ``news`` spider and the run-stats extension need while planning: no store."""

    def __init__(self, runtime: Runtime) -> None:
        self.out = runtime.out.resolve()
        self.seen = RedisSeenIndex(runtime.link, runtime.keys, runtime.scripts, "planner")
        self.frontier = RedisFrontier(runtime.link, runtime.keys, runtime.scripts)
        self.repair = Repair()
        self.users = 0
        self.failed: str | None = None
        self.before_flush: list[Any] = []

    def configure(self, *args: Any, **kwargs: Any) -> None:
        """Nothing is written by a planner."""

    def maybe_commit(self) -> None:
        """Nothing is written by a planner."""

    def commit(self) -> None:
        """Nothing is written by a planner."""

    def note_recheck(self, url: str, outcome: str) -> None:
        """Rechecks belong to the single-process store."""

    def close(self) -> None:
        self.users -= 1

"""Starting a distributed process: the Redis URL, the corpus id, the worker id, its Scrapy settings.

Shared by ``vnnews crawl --redis`` (the planner), ``vnnews worker`` and ``vnnews status``: each
returns a one-line error (``SetupError``) the command prints before exiting 3.
"""

from __future__ import annotations

import fcntl
import os
import re
import socket
from pathlib import Path
from typing import IO, Any

from scraper.distributed.budget import Limits
from scraper.distributed.keys import CorpusMismatch, bind_corpus_id, corpora_in, read_corpus_id
from scraper.distributed.link import RedisLink, RedisUnavailable, connect
from scraper.distributed.state import worker_dir
from scraper.store.paths import SHARD
from scraper.store.lock import LockHeld

MAX_WORKERS_PER_FOLDER = 64
# Scrapy's own per-process politeness is replaced by the shared budget (spiders.budget).
BUDGET_HANDLER = "spiders.budget.BudgetHandler"


class SetupError(ValueError):
    """A distributed process cannot start (one line; exit 3)."""


def redis_url(given: str | None, settings: Any) -> str:
    """``--redis URL``, else the ``VNNEWS_REDIS_URL`` setting (or environment variable)."""
    url = given or settings.get("VNNEWS_REDIS_URL") or ""
    return str(url).strip()


def open_link(url: str) -> RedisLink:
    try:
        return connect(url)
    except RedisUnavailable as exc:
        raise SetupError(str(exc)) from None


def corpus_for(out: Path, link: RedisLink, wanted: str | None, *, create: bool) -> str | None:
    """The Redis corpus id of ``out``.

    A planner (``create``) binds the folder to an id (its own, or a new one). A worker takes the
    folder's id; a fresh folder takes ``--corpus``, else the one corpus planned in this Redis
    (None while there is none yet); several planned corpora and no ``--corpus`` is an error.
    """
    try:
        if create:
            return bind_corpus_id(out, wanted)
        current = read_corpus_id(out)
        if current is not None:
            if wanted is not None and wanted != current:
                raise CorpusMismatch(f"corpus folder {out} belongs to Redis corpus {current!r}, not {wanted!r}")
            return current
        if wanted is not None:
            return bind_corpus_id(out, wanted)
        planned = link.call(corpora_in, link.client)
        if len(planned) > 1:
            raise SetupError(f"this Redis holds several planned corpora ({', '.join(planned)}); pass --corpus ID")
        return bind_corpus_id(out, planned[0]) if planned else None
    except CorpusMismatch as exc:
        raise SetupError(str(exc)) from None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9-]+", "-", text.lower()).strip("-")[:40] or "worker"


def claim_worker_id(out: Path, wanted: str | None) -> tuple[str, IO[str]]:
    """A worker id no other process in this folder uses, and the open lock file that holds it.

    ``wanted`` or the first free ``<host>-<n>``: a worker restarted after a crash gets its old id
    back (the kernel dropped the dead one's lock), so it settles its own last batch.
    """
    candidates = [wanted] if wanted else [f"{_slug(socket.gethostname())}-{n}"
                                          for n in range(1, MAX_WORKERS_PER_FOLDER + 1)]
    for worker_id in candidates:
        if not SHARD.match(worker_id or ""):
            raise SetupError(f"worker id {worker_id!r} is not of the form [a-z0-9][a-z0-9-]* (at most 63)")
        folder = worker_dir(out, worker_id)
        folder.mkdir(parents=True, exist_ok=True)
        handle = open(folder / "lock", "a+", encoding="utf-8")  # noqa: SIM115 - held for the process's life
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            continue
        handle.truncate(0)
        handle.write(f"{os.getpid()}\n")
        handle.flush()
        return worker_id, handle
    if wanted:
        raise LockHeld(f"worker {wanted} is already running on {out}; nothing done")
    raise LockHeld(f"{MAX_WORKERS_PER_FOLDER} workers already run on {out}; nothing done")


def limits_from(settings: Any) -> Limits:
    """The job's shared politeness: the crawl's per-domain concurrency, delay and timeout."""
    return Limits(slots=max(1, settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN", 2)),
                  delay=max(0.0, settings.getfloat("DOWNLOAD_DELAY", 0.5)),
                  timeout=settings.getfloat("DOWNLOAD_TIMEOUT", 30.0))


def distributed_settings(settings: Any, limits: Limits) -> Any:
    """The shared budget instead of Scrapy's per-process delay, concurrency and AutoThrottle
    (AutoThrottle adjusts one process's delay from its own latencies: it cannot be shared)."""
    settings.set("DOWNLOAD_HANDLERS", {"http": BUDGET_HANDLER, "https": BUDGET_HANDLER}, priority="cmdline")
    settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
    settings.set("RANDOMIZE_DOWNLOAD_DELAY", False, priority="cmdline")
    settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
    settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", limits.slots, priority="cmdline")
    return settings

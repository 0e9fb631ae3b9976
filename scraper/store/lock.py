"""One writer per corpus directory: an exclusive ``flock`` on ``<out>/state/lock`` held for the run.

Two overlapping cron runs: the second finds the lock taken and stops at once (exit code 5). The
kernel drops the lock when the holder dies, even by SIGKILL, so a crash never leaves it stale.
Within one process the lock is shared (counted): ``vnnews crawl`` takes it before Scrapy starts,
and the store pipeline of each site's crawler takes it again without blocking itself.

Redis workers (``vnnews worker``, ``scraper.distributed``) each append only to their own shard
files, so they take the same lock *shared* (``acquire_shared``): any number of workers together,
but never beside a single-process crawl of the same corpus, which needs it exclusively.
"""

from __future__ import annotations

import fcntl
import os
from pathlib import Path
from typing import IO

from scraper.store.paths import state_dir

_held: dict[Path, tuple[IO[str], int]] = {}


class LockHeld(RuntimeError):
    """Another process is writing this corpus."""


def lock_path(out: Path) -> Path:
    return state_dir(out) / "lock"


SHARED_MARK = "redis-workers"  # what shared holders (Redis workers) leave in the lock file


def _locked(out: Path, shared: bool) -> tuple[Path, IO[str] | None]:
    """The lock file's path and, unless this process holds it already, its handle flocked
    (exclusive, or shared); raises LockHeld naming the holder."""
    path = lock_path(out)
    path.parent.mkdir(parents=True, exist_ok=True)
    path = path.resolve()
    if path in _held:
        return path, None
    handle = open(path, "a+", encoding="utf-8")  # noqa: SIM115 - held until release()
    try:
        fcntl.flock(handle.fileno(), (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.seek(0)
        holder = handle.read().strip() or "unknown"
        handle.close()
        if holder == SHARED_MARK:
            raise LockHeld(f"corpus {out} is being written by vnnews workers (Redis); nothing done") from None
        raise LockHeld(f"corpus {out} is locked by another run (pid {holder}); nothing done") from None
    return path, handle


def _mark(handle: IO[str], text: str) -> None:
    handle.seek(0)
    if handle.read().strip() != text:
        handle.seek(0)
        handle.truncate()
        handle.write(f"{text}\n")
        handle.flush()


def acquire(out: Path) -> Path:
    """Take (or re-enter) the corpus lock; raises LockHeld with a one-line message if taken."""
    path, handle = _locked(out, shared=False)
    if handle is None:
        held, count = _held[path]
        _held[path] = (held, count + 1)
        return path
    _mark(handle, str(os.getpid()))
    _held[path] = (handle, 1)
    return path


def acquire_shared(out: Path) -> Path:
    """Take the corpus lock in shared mode (Redis workers): raises LockHeld while a single-process
    run holds it; the lock is then held until ``release``."""
    path, handle = _locked(out, shared=True)
    if handle is None:
        raise LockHeld(f"corpus {out} is already locked by this process")
    _mark(handle, SHARED_MARK)  # every shared holder writes the same mark
    _held[path] = (handle, 1)
    return path


def release(path: Path) -> None:
    """Give back one hold; the flock is dropped with the last one."""
    handle, count = _held[path]
    if count > 1:
        _held[path] = (handle, count - 1)
        return
    del _held[path]
    fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    handle.close()


class CorpusLock:
    """``with CorpusLock(out):`` holds the corpus lock for the block."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.path: Path | None = None

    def __enter__(self) -> CorpusLock:
        self.path = acquire(self.out)
        return self

    def __exit__(self, *exc: object) -> None:
        if self.path is not None:
            release(self.path)
            self.path = None

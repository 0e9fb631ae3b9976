"""A worker process in the corpus's Redis: its token, heartbeat, leases, and the reaping of the dead.

A request is never popped for good: ``pop`` moves it into the process's lease hash in the same
script. When Scrapy has finished with it (callback or errback run, its items through the
pipelines) the lease is ``finish``-ed, and acknowledged with the next batch commit, after the
corpus files are fsynced (``scraper.distributed.state``). A retry or redirect hands its lease
over to the new request as that one is queued (``push``).

Death is detected by heartbeat: a process that has not beaten for ``timeout`` seconds (server
time) is reaped by any other: its leases go back to their queues and its claims in the
seen-index are let go. A worker restarted under the same id reaps its previous process at once.
A process that was reaped while alive (stalled longer than the timeout) learns it at its next
heartbeat or commit and stops (``Reaped``): its last batch is settled when it starts again.
"""

from __future__ import annotations

import logging
import os
import secrets
import socket

from scraper.distributed.keys import Keys
from scraper.distributed.link import RedisLink
from scraper.distributed.scripts import Scripts

log = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30.0
SWEEP_EVERY = 6  # heartbeats between two sweeps for stray leases


class Reaped(RuntimeError):
    """This process was presumed dead and its work handed out: it must stop (no commit)."""


class Membership:
    """One process's registration, leases and claims' owner token."""

    def __init__(self, link: RedisLink, keys: Keys, scripts: Scripts, worker_id: str,
                 timeout: float = TIMEOUT_SECONDS) -> None:
        self.link, self.keys, self.scripts = link, keys, scripts
        self.worker_id = worker_id
        self.timeout = timeout
        self.token = f"{worker_id}.{os.getpid()}.{secrets.token_hex(3)}"
        self.held: set[int] = set()  # lease ids this process holds (in flight or awaiting their ack)
        self.finished: list[int] = []  # done with, acknowledged at the next commit
        self.returned = 0  # leases of dead processes handed back to the queues by this one
        self._beats = 0

    # -- life --------------------------------------------------------------------------------

    def register(self) -> str | None:
        """Join; returns the token of this worker id's previous process (to settle and reap)."""
        keys = self.keys
        previous = self.link.call(self.link.client.get, keys.token_of(self.worker_id))
        self.link.call(self.scripts.register, keys=[keys.workers, keys.worker(self.token),
                                                    keys.token_of(self.worker_id), keys.job_members],
                       args=[self.token, self.worker_id, socket.gethostname(), os.getpid()])
        if previous is None:
            return None
        previous_token = previous.decode("utf-8")
        return previous_token if previous_token != self.token else None

    def beat(self) -> None:
        """Heartbeat; raises Reaped when another process has already given this one's work away."""
        alive = self.link.call(self.scripts.heartbeat, keys=[self.keys.workers], args=[self.token])
        if not alive:
            raise Reaped(self.reaped_message())

    def reaped_message(self) -> str:
        return (f"worker {self.worker_id} was presumed dead (no heartbeat for {self.timeout:.0f} s) and its "
                "work handed out again; stopping without committing (its last batch is settled on restart)")

    def reap(self, token: str = "") -> tuple[int, int]:
        """Hand back the work of every silent process (or of ``token`` at once): (processes, leases).

        Silence is judged only after this process has itself been connected for a full timeout:
        after a Redis restart every heartbeat looks old until the live workers beat again.
        """
        if not token and self.link.up_for() < self.timeout:
            return 0, 0
        dead, returned = self.link.call(
            self.scripts.reap, keys=[self.keys.workers, self.keys.claims, self.keys.job_members],
            args=[self.keys.ns, int(self.timeout * 1000), token])
        if token == self.token:  # leaving
            return int(dead), int(returned)
        if returned:
            self.returned += int(returned)
            why = f"of this worker's last process ({token})" if token else "of processes that stopped beating"
            log.warning("handed back %d lease(s) %s", returned, why)
        return int(dead), int(returned)

    def tick(self) -> None:
        """One heartbeat of the process: beat, reap the silent, now and then sweep strays."""
        self.beat()
        self.reap()
        self._beats += 1
        if self._beats % SWEEP_EVERY == 0:
            self.sweep()

    def leave(self) -> None:
        """A clean stop after the last commit: unfinished leases go back to the queues, at once."""
        self.reap(self.token)

    # -- leases ------------------------------------------------------------------------------

    def pop(self, site: str) -> tuple[int, bytes] | None:
        """The next request of ``site``'s queue, leased to this process; None when it is empty."""
        keys = self.keys
        got = self.link.call(self.scripts.pop, keys=[keys.queue(site), keys.leases(self.token),
                                                     keys.lease_seq, keys.workers], args=[site, self.token])
        if not got:
            return None
        if got[0] == -1:
            raise Reaped(self.reaped_message())
        lease = int(got[0])
        self.held.add(lease)
        return lease, got[1]

    def push(self, site: str, fingerprint: str, score: float, request: bytes, dont_filter: bool,
             handing_over: int | None = None) -> bool:
        """``enqueue``, from a worker: a retry or redirect hands over its lease (``handing_over``)."""
        if handing_over is not None:
            self.held.discard(handing_over)
        return enqueue(self.link, self.keys, self.scripts, site, fingerprint, score, request, dont_filter,
                       self.token, handing_over)

    def finish(self, lease: int) -> None:
        """Scrapy is done with the leased request: acknowledged with the next commit."""
        if lease in self.held:
            self.finished.append(lease)

    def take_acks(self) -> list[int]:
        """The leases to acknowledge in this commit (``acked`` once it went through)."""
        acks, self.finished = self.finished, []
        return acks

    def acked(self, leases: list[int]) -> None:
        self.held.difference_update(leases)

    def sweep(self) -> int:
        """Hand back leases this process holds in Redis but not in memory (a pop whose reply was
        lost in a Redis restart and was retried)."""
        ids = self.link.call(self.link.client.hkeys, self.keys.leases(self.token))
        stray = [i for i in (int(x) for x in ids) if i not in self.held]
        if not stray:
            return 0
        returned = self.link.call(self.scripts.unlease, keys=[self.keys.leases(self.token)],
                                  args=[self.keys.ns, *stray])
        log.warning("handed back %d stray lease(s) of this process", returned)
        return int(returned)


def enqueue(link: RedisLink, keys: Keys, scripts: Scripts, site: str, fingerprint: str, score: float,
            request: bytes, dont_filter: bool, token: str = "planner", handing_over: int | None = None) -> bool:
    """Queue a request unless its fingerprint was queued before in this job (False); the lease it
    continues (a retry's, a redirect's) is acknowledged in the same script."""
    queued = link.call(scripts.enqueue, keys=[keys.dupefilter(site), keys.queue(site), keys.leases(token)],
                       args=[fingerprint, score, request, "1" if dont_filter else "0",
                             "" if handing_over is None else handing_over])
    return bool(queued)

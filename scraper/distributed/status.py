"""The figures of ``vnnews status``: one corpus's job, queues, leases, workers and pace, from Redis.

Reads only (a handful of commands, whatever the corpus's size): ``ZCARD`` per site queue, the
workers' heartbeats and lease counts, the stored-per-minute counters, the sizes of the
seen-index and frontier.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scraper.distributed.job import Job
from scraper.distributed.keys import Keys
from scraper.distributed.link import RedisLink

MINUTES = 5


@dataclass(frozen=True)
class WorkerFigures:
    worker: str
    host: str
    pid: str
    beat_age: float  # seconds since its last heartbeat
    leases: int


@dataclass
class CorpusStatus:
    corpus: str
    sites: list[str] = field(default_factory=list)
    planner: str = ""
    run_id: str = ""
    queued: dict[str, int] = field(default_factory=dict)
    workers: list[WorkerFigures] = field(default_factory=list)
    stored_per_minute: list[tuple[int, int]] = field(default_factory=list)  # (minute since epoch, records)
    seen: int = 0
    frontier: int = 0

    @property
    def leases(self) -> int:
        return sum(w.leases for w in self.workers)

    def lines(self, timeout: float) -> list[str]:
        if not self.sites:
            return [f"corpus {self.corpus}: no crawl planned"]
        job_state = "complete" if self.planner == "done" and not any(self.queued.values()) and not self.leases \
            else {"done": "planned", "planning": "planning (discovery running or interrupted)"}.get(self.planner, "?")
        out = [f"corpus {self.corpus}: job {self.run_id or '?'} ({', '.join(self.sites)}): {job_state}",
               "  queued: " + ", ".join(f"{site} {n}" for site, n in self.queued.items()),
               f"  leases in flight: {self.leases}"]
        alive = [w for w in self.workers if w.beat_age <= timeout]
        out.append(f"  workers alive: {len(alive)}" + (f" (and {len(self.workers) - len(alive)} silent, "
                                                       "to be reaped)" if len(alive) < len(self.workers) else ""))
        for w in self.workers:
            out.append(f"    {w.worker} on {w.host} (pid {w.pid}): last beat {w.beat_age:.1f} s ago, "
                       f"{w.leases} lease(s)")
        pace = ", ".join(f"{n}" for _, n in self.stored_per_minute)
        out.append(f"  stored per minute (last {MINUTES}, oldest first): {pace}")
        out.append(f"  seen-index: {self.seen} articles; frontier: {self.frontier} URLs")
        return out


def corpus_status(link: RedisLink, corpus: str) -> CorpusStatus:
    keys = Keys(corpus)
    client = link.client
    status = CorpusStatus(corpus)
    raw = link.call(client.hgetall, keys.job)  # the job and the planner's state in one read
    job = Job.from_redis(raw) if raw else None
    seconds, micros = link.call(client.time)
    now_ms = seconds * 1000 + micros // 1000
    if job is not None:
        status.sites, status.run_id = job.sites, job.run_id
        status.planner = (raw.get(b"planner") or b"").decode()
        status.queued = {site: int(link.call(client.zcard, keys.queue(site))) for site in job.sites}
    for token, beat in link.call(client.zrange, keys.workers, 0, -1, withscores=True):
        name = token.decode()
        info = {k.decode(): v.decode() for k, v in link.call(client.hgetall, keys.worker(name)).items()}
        status.workers.append(WorkerFigures(
            worker=info.get("id", name), host=info.get("host", "?"), pid=info.get("pid", "?"),
            beat_age=max(0.0, (now_ms - beat) / 1000), leases=int(link.call(client.hlen, keys.leases(name)))))
    minute = now_ms // 60000
    counts = link.call(client.hmget, keys.stored, [str(m) for m in range(minute - MINUTES + 1, minute + 1)])
    status.stored_per_minute = [(minute - MINUTES + 1 + i, int(c or 0)) for i, c in enumerate(counts)]
    status.seen = int(link.call(client.hlen, keys.seen_url))
    status.frontier = int(link.call(client.hlen, keys.frontier))
    return status

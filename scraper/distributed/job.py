"""A crawl planned into Redis: what it is, when it is complete, and its manifest over all workers.

The planner writes the job (sites, spider arguments, the text of its ``--sites-file`` registry
files, the politeness limits, compression and archiving), so a worker on another machine needs
nothing but the Redis URL. One job at a time per corpus: a new plan while the last one still has
requests queued or leased continues it when it is the same crawl, and is refused otherwise.

Drift alarms (``scraper.health``) compare a whole run with the site's usual figures, and one
worker sees only its share of a job. So each worker adds its crawl stats to the job's in Redis
when it stops; the last worker to leave a complete job writes a manifest for the whole job
(``"role": "job"``), assesses it against the corpus's history and prints its alarms. The
planner's and the workers' own manifests (``"role": "planner"`` / ``"worker"``) are partial and
left out of the history the alarms compare against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scraper.distributed.budget import Limits
from scraper.distributed.keys import Keys
from scraper.distributed.link import RedisLink
from scraper.distributed.scripts import Scripts
from scraper.health import Thresholds, assess
from scraper.health.figures import LengthHistogram
from scraper.store import manifest

BODY_LENGTHS = "health/body_lengths"  # per-site stats key of the body-length histogram (pipelines.health)


class JobRefused(ValueError):
    """Another crawl is still in progress on this corpus (one line)."""


@dataclass
class Job:
    sites: list[str]
    spider_args: dict[str, str]
    registry: list[tuple[str, str]] = field(default_factory=list)  # (file name, TOML text)
    limits: Limits = field(default_factory=Limits)
    compression: str = "none"
    archive: bool = True
    run_id: str = ""  # the planner's run id; the job's own manifest is <run_id>-job
    started_at: str = ""  # ISO, UTC: when the job was first planned

    def same_crawl(self, other: Job) -> bool:
        return (self.sites, self.spider_args, self.registry) == (other.sites, other.spider_args, other.registry)

    def to_redis(self) -> dict[str, str]:
        return {"sites": json.dumps(self.sites), "spider_args": json.dumps(self.spider_args, sort_keys=True),
                "registry": json.dumps(self.registry, ensure_ascii=False), "limits": json.dumps(self.limits.to_json()),
                "compression": self.compression, "archive": "1" if self.archive else "0", "run_id": self.run_id,
                "started_at": self.started_at}

    @classmethod
    def from_redis(cls, raw: dict[bytes, bytes]) -> Job:
        get = {k.decode(): v.decode("utf-8") for k, v in raw.items()}
        return cls(sites=json.loads(get["sites"]), spider_args=json.loads(get["spider_args"]),
                   registry=[tuple(x) for x in json.loads(get["registry"])],  # type: ignore[misc]
                   limits=Limits.from_json(json.loads(get["limits"])), compression=get.get("compression", "none"),
                   archive=get.get("archive", "1") == "1", run_id=get.get("run_id", ""),
                   started_at=get.get("started_at", ""))

    def write_registry(self, folder: Path) -> list[str]:
        """The job's registry files, written where this process can load them; their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for n, (name, text) in enumerate(self.registry):
            path = folder / f"{n:02d}-{Path(name).name}"
            path.write_text(text, "utf-8")
            paths.append(str(path))
        return paths


@dataclass(frozen=True)
class Progress:
    planner: str  # "planning", "done" or "" (no job)
    queued: int
    leased: int

    @property
    def complete(self) -> bool:
        return self.planner == "done" and self.queued == 0 and self.leased == 0


class Jobs:
    """The job of one corpus in Redis."""

    def __init__(self, link: RedisLink, keys: Keys, scripts: Scripts) -> None:
        self.link, self.keys, self.scripts = link, keys, scripts

    def current(self) -> Job | None:
        raw = self.link.call(self.link.client.hgetall, self.keys.job)
        return Job.from_redis(raw) if raw else None

    def progress(self, sites: list[str]) -> Progress:
        planner, queued, leased = self.link.call(self.scripts.job_state, keys=[self.keys.workers, self.keys.job],
                                                 args=[self.keys.ns, *sites])
        return Progress(planner.decode() if isinstance(planner, bytes) else str(planner), int(queued), int(leased))

    def check(self, job: Job) -> bool:
        """True when ``job`` continues the corpus's unfinished crawl (the same sites and arguments);
        False when it starts a new one. Raises JobRefused while another crawl still has requests
        queued or leased."""
        old = self.current()
        if old is None:
            return False
        progress = self.progress(old.sites)
        if not (progress.queued or progress.leased):
            return False
        if not old.same_crawl(job):
            raise JobRefused(
                f"another crawl ({', '.join(old.sites)}) is still in progress in this Redis corpus "
                f"({progress.queued} queued, {progress.leased} in flight); let its workers finish "
                "(vnnews status) or plan the same sites and arguments to continue it")
        job.run_id, job.started_at = old.run_id, old.started_at
        return True

    def start(self, job: Job, continuing: bool) -> None:
        """Make ``job`` the corpus's job, planning; a new one forgets the last job's fingerprints
        and figures (a re-crawl may queue the same URLs again: the frontier decides)."""
        keys, client = self.keys, self.link.client
        pipe = client.pipeline(transaction=True)
        if not continuing:
            old = self.current()
            stale = [keys.dupefilter(site) for site in set(job.sites) | set(old.sites if old else [])]
            pipe.delete(*stale, keys.job_stats, keys("jfinished"), keys.job_members)
        pipe.hset(keys.job, mapping={**job.to_redis(), "planner": "planning"})
        self.link.call(pipe.execute)

    def planned(self) -> None:
        self.link.call(self.link.client.hset, self.keys.job, "planner", "done")

    # -- the job's manifest -----------------------------------------------------------------

    def add_stats(self, stats: dict[str, Any]) -> None:
        """Add one process's ``vnnews/…`` crawl stats to the job's (numbers summed, the rest
        first-come: samples, the run's window and cap flags)."""
        pipe = self.link.client.pipeline(transaction=True)
        for key, value in stats.items():
            if not key.startswith("vnnews/"):
                continue
            if isinstance(value, bool) or not isinstance(value, (int, dict)):
                pipe.hsetnx(self.keys.job_stats, "j|" + key, json.dumps(value, default=str))
            elif isinstance(value, int):
                pipe.hincrby(self.keys.job_stats, "i|" + key, value)
            else:  # a histogram: bucket -> count
                for bucket, count in value.items():
                    pipe.hincrby(self.keys.job_stats, f"h|{key}|{bucket}", int(count))
        self.link.call(pipe.execute)

    def combined_stats(self) -> dict[str, Any]:
        raw = self.link.call(self.link.client.hgetall, self.keys.job_stats)
        stats: dict[str, Any] = {}
        histograms: dict[str, LengthHistogram] = {}
        for name, value in ((k.decode(), v.decode("utf-8")) for k, v in raw.items()):
            kind, _, key = name.partition("|")
            if kind == "i":
                stats[key] = int(value)
            elif kind == "j":
                stats[key] = json.loads(value)
            elif kind == "h":
                key, _, bucket = key.rpartition("|")
                histogram = histograms.setdefault(key, LengthHistogram())
                histogram.counts[int(bucket)] += int(value)
                histogram.total += int(value)
        for key, histogram in histograms.items():
            if key.endswith("/" + BODY_LENGTHS):
                stats[key.removesuffix(BODY_LENGTHS) + "health/body_median"] = histogram.median()
        return stats

    def leave(self, token: str) -> bool:
        """This process leaves the job; True for the last one out of a complete job (once)."""
        keys = self.keys
        pipe = self.link.client.pipeline(transaction=True)
        pipe.srem(keys.job_members, token)
        pipe.scard(keys.job_members)
        _, remaining = self.link.call(pipe.execute)
        job = self.current()
        if remaining or job is None or not self.progress(job.sites).complete:
            return False
        return bool(self.link.call(self.link.client.set, keys("jfinished"), token, nx=True))

    def write_manifest(self, out: Path, thresholds: Thresholds, homes: dict[str, str]) -> dict[str, Any]:
        """The whole job's manifest (``role: job``) with its drift alarms, into ``out``."""
        job = self.current()
        now = datetime.now(timezone.utc)
        started = datetime.fromisoformat(job.started_at) if job and job.started_at else now
        doc = manifest.run_manifest(
            run_id=f"{job.run_id if job else manifest.new_run_id(now)}-job", started_at=started,
            finished_at=now, command=["vnnews", "worker", "(job of all workers)"],
            runs=[(self.combined_stats(), "finished")])
        doc["role"] = "job"
        assess(doc, out, thresholds, homes)
        manifest.write_manifest(out, doc)
        return doc

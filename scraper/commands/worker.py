"""Work on a crawl planned into Redis (`vnnews crawl SITE… --redis URL`): fetch, extract and store.

Start as many workers as you like, on this machine or on others. Each leases article requests
from the shared queue, fetches them under the politeness budget all workers share (per host:
requests in flight, the delay between them, the back-off a 429/503 asks for; robots.txt is
obeyed), sends every page through extract → normalise → validate → dedupe → store, and writes
its own shard files (OUT/corpus/<site>/<YYYY>/<YYYY-MM>.<worker>.jsonl, its own WARC files).
Workers sharing one corpus folder share its syndication index. The worker exits when the job
is complete (nothing queued or leased, the planner done) and the last one out writes the job's
manifest with its drift alarms.

A worker killed (even with SIGKILL) loses nothing: its leases go back to the queue once its
heartbeats stop (VNNEWS_REDIS_TIMEOUT seconds, or at once when it is restarted with the same
id), and its last batch is settled when it starts again. When Redis goes away mid-run the worker
pauses, says so once, and resumes when it is back.

Examples:
  vnnews worker --redis redis://10.0.0.5:6379/0                   # corpus in ./data
  vnnews worker --redis redis://10.0.0.5:6379/0 --out /srv/corpus --id crawl2-1
  VNNEWS_REDIS_URL=redis://10.0.0.5:6379/0 vnnews worker --wait    # systemd: wait for the next job

The worker id (default <host>-<n>, the first free n in this folder) names the shard files; a
worker restarted after a crash takes its old id back. docs/distributed.md has a systemd unit.

Exit codes: 0 ok, 1 failed (or this worker was presumed dead and stopped), 3 configuration
error (Redis unreachable, wrong corpus), 4 partial failure or a drift alarm in the job's
manifest, 5 corpus locked by a single-process crawl, or the worker id already running.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scraper import exitcodes
from scraper.distributed.budget import Budget
from scraper.distributed.job import Job, Jobs
from scraper.distributed.keys import Keys
from scraper.distributed.leases import Membership, Reaped
from scraper.distributed.link import RedisLink
from scraper.distributed.scripts import Scripts
from scraper.distributed.setup import (SetupError, claim_worker_id, corpus_for, distributed_settings, open_link,
                                       redis_url)
from scraper.distributed.state import Runtime, WorkerState, register_runtime, stop_reaped, worker_dir
from scraper.health import Thresholds
from scraper.project import SettingsError, add_override_arguments, apply_overrides, project_settings
from scraper.registry import load_registry
from scraper.store import manifest
from scraper.store.lock import LockHeld
from scraper.store.runlog import attach_log_file
from scraper.store.state import register

WAIT_SECONDS = 2.0
WORKER_EXTENSION = "spiders.worker.WorkerExtension"
WORKER_SCHEDULER = "spiders.redis_scheduler.WorkerScheduler"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--redis", metavar="URL", help="the Redis the crawl was planned into (default: VNNEWS_REDIS_URL)")
    p.add_argument("--out", default="data", metavar="DIR",
                   help="corpus directory, this worker's or shared with others (default: data)")
    p.add_argument("--id", metavar="ID", help="worker id for shard file names (default: <host>-<n>, first free n)")
    p.add_argument("--corpus", metavar="ID",
                   help="the Redis corpus to work for, when this Redis holds several (see vnnews status)")
    p.add_argument("--wait", action="store_true",
                   help="wait for a crawl to be planned instead of exiting when there is nothing to do")
    add_override_arguments(p, "CONCURRENT_REQUESTS=32")


def _fail(message: str, code: int) -> int:
    print(f"vnnews worker: {message}", file=sys.stderr)
    return code


def _job_to_work(link: RedisLink, out: Path, args: argparse.Namespace) -> tuple[str, Job] | None:
    """(corpus id, job) once there is unfinished work; None when there is none (and not --wait)."""
    said = False
    while True:
        corpus = corpus_for(out, link, args.corpus, create=False)
        if corpus is not None:
            jobs = Jobs(link, Keys(corpus), Scripts.on(link.client))
            job = jobs.current()
            if job is not None and not jobs.progress(job.sites).complete:
                return corpus, job
        if not args.wait:
            return None
        if not said:
            print(f"vnnews worker: waiting for a crawl to be planned in Redis at {link.safe_url}", file=sys.stderr,
                  flush=True)
            said = True
        time.sleep(WAIT_SECONDS)


def _member(link: RedisLink, out: Path, corpus: str, worker_id: str, settings: Any,
            job: Job) -> tuple[Membership, Runtime]:
    """This worker's membership of the corpus in Redis and the runtime its components share."""
    names, scripts = Keys(corpus), Scripts.on(link.client)
    membership = Membership(link, names, scripts, worker_id, settings.getfloat("VNNEWS_REDIS_TIMEOUT", 30.0))
    budget = Budget(link, names, scripts, job.limits, membership.token)
    return membership, Runtime(out, link, names, scripts, job, budget, membership)


def _settle(link: RedisLink, out: Path, corpus: str, worker_id: str, settings: Any) -> int:
    """Settle what this worker id's last process left past its checkpoint, whatever comes next
    (a crash may have left a batch on disk whose leases were then stored by other workers)."""
    membership, runtime = _member(link, out, corpus, worker_id, settings, Job(sites=[], spider_args={}))
    previous = membership.register()
    try:
        state = WorkerState(runtime, previous)
        state.close()
    finally:
        membership.leave()
    if previous:
        membership.reap(previous)
    return state.repair.reindexed


def scrapy_settings(args: argparse.Namespace, settings: Any, job: Job, worker_id: str, started: datetime) -> Any:
    settings.set("VNNEWS_OUT", args.out, priority="cmdline")
    settings.set("VNNEWS_SITES_FILES", job.write_registry(worker_dir(Path(args.out), worker_id) / "registry"),
                 priority="cmdline")
    settings.set("VNNEWS_COMPRESSION", job.compression, priority="cmdline")
    settings.set("VNNEWS_ARCHIVE", job.archive, priority="cmdline")
    settings.set("VNNEWS_WRITE_MANIFEST", False, priority="cmdline")
    settings.set("VNNEWS_RUN_ID", manifest.new_run_id(started), priority="cmdline")
    settings.set("VNNEWS_DISCOVERY", False, priority="cmdline")
    settings.set("VNNEWS_WORKER_ID", worker_id, priority="cmdline")  # its own log file
    settings.set("SCHEDULER", WORKER_SCHEDULER, priority="cmdline")
    settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), WORKER_EXTENSION: 600}, priority="cmdline")
    distributed_settings(settings, job.limits)
    return apply_overrides(settings, args.set, args.verbose)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    try:
        settings = project_settings()
        url = redis_url(args.redis, settings)
        if not url:
            return _fail("no Redis: pass --redis URL or set VNNEWS_REDIS_URL", exitcodes.CONFIG)
        link = open_link(url)
        corpus = corpus_for(out, link, args.corpus, create=False)
        worker_id, _id_lock = claim_worker_id(out, args.id)
        attach_log_file(out, settings.get("LOG_LEVEL", "INFO"), f"vnnews.{worker_id}.log")  # settling is logged too
        settled = _settle(link, out, corpus, worker_id, settings) if corpus is not None else 0
        if settled:
            print(f"vnnews worker {worker_id}: settled {settled} record(s) its last run wrote after its last "
                  "checkpoint", file=sys.stderr, flush=True)
        found = _job_to_work(link, out, args)
    except (SetupError, SettingsError) as exc:
        return _fail(str(exc), exitcodes.CONFIG)
    except LockHeld as exc:
        return _fail(str(exc), exitcodes.LOCKED)
    if found is None:
        print(f"vnnews worker: nothing to do: no unfinished crawl planned in Redis at {link.safe_url}",
              file=sys.stderr)
        return exitcodes.OK
    corpus, job = found
    started = datetime.now(timezone.utc)
    try:
        settings = scrapy_settings(args, settings, job, worker_id, started)
    except ValueError as exc:
        return _fail(str(exc), exitcodes.CONFIG)
    return _work(args, link, corpus, job, worker_id, settings, started)


def _work(args: argparse.Namespace, link: RedisLink, corpus: str, job: Job, worker_id: str, settings: Any,
          started: datetime) -> int:
    from scraper.commands.crawl import _crawl

    out = Path(args.out)
    membership, runtime = _member(link, out, corpus, worker_id, settings, job)
    register_runtime(runtime)
    previous = membership.register()
    try:
        state = WorkerState(runtime, previous)
    except LockHeld as exc:
        membership.leave()
        return _fail(str(exc), exitcodes.LOCKED)
    if previous:  # this worker's last process died: its leases and claims come back now
        membership.reap(previous)
    register(state)
    print(f"vnnews worker {worker_id}: working for Redis corpus {corpus} ({', '.join(job.sites)}) at "
          f"{link.safe_url}", file=sys.stderr, flush=True)
    beat: list[Any] = []

    def on_start(process: Any) -> None:
        from twisted.internet import task

        loop = task.LoopingCall(_tick, membership)
        loop.start(settings.getfloat("VNNEWS_REDIS_HEARTBEAT", 5.0), now=True)
        beat.append(loop)

    jobs = runtime.jobs
    finished: list[dict[str, Any]] = []

    def on_done(doc: dict[str, Any], crawlers: list[Any]) -> None:
        if beat and beat[0].running:
            beat[0].stop()
        for crawler in crawlers:  # before leaving: the last one out sums every worker's figures
            jobs.add_stats(crawler.stats.get_stats())
        membership.leave()  # after the last commit: anything unfinished goes back to the queue
        doc.update(worker=worker_id, redis_corpus=corpus, redis_round_trips=link.round_trips,
                   redis_outages=link.outages, leases_returned=membership.returned)
        if jobs.leave(membership.token):
            finished.append(_job_manifest(jobs, out, job, settings))

    try:
        code = _crawl(args, list(job.sites), dict(job.spider_args), settings, Thresholds.from_settings(settings),
                      started, role="worker", on_start=on_start, on_done=on_done)
    except SettingsError as exc:
        return _fail(str(exc), exitcodes.CONFIG)
    if finished:
        code = max(code, int(finished[0]["exit_code"]))
    return code


def _tick(membership: Membership) -> None:
    try:
        membership.tick()
    except Reaped as exc:
        stop_reaped(str(exc))


def _job_manifest(jobs: Jobs, out: Path, job: Job, settings: Any) -> dict[str, Any]:
    """The last worker out writes the whole job's manifest and prints its summary and alarms."""
    registry = load_registry(settings.getlist("VNNEWS_SITES_FILES"))
    doc = jobs.write_manifest(out, Thresholds.from_settings(settings),
                              {k: registry.site(k).home for k in job.sites if k in registry.sites})
    print("job complete (all workers):\n" + "\n".join(manifest.summary_lines(doc)), file=sys.stderr)
    return doc

"""``vnnews crawl SITE… --redis URL``: plan a crawl into Redis for ``vnnews worker`` processes.

The planner is the ``news`` spider with its discovery unchanged (sitemaps, feeds, listings, the
date window, --max-pages, --incremental, resuming what an earlier job left unfinished), fetching
discovery pages under the politeness budget shared in Redis; every article request it would
fetch goes into the site's queue in Redis instead (``spiders.redis_scheduler.PlannerScheduler``).
It fetches no article itself: workers do. Started again with the same sites and arguments it
continues an unfinished job (nothing is queued twice); another crawl is refused while one is in
progress. Not a command of its own: ``vnnews crawl`` hands over when a Redis URL is given.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from scraper import exitcodes
from scraper.distributed.budget import Budget
from scraper.distributed.job import Job, JobRefused, Jobs
from scraper.distributed.keys import Keys
from scraper.distributed.scripts import Scripts
from scraper.distributed.seed import seed
from scraper.distributed.setup import SetupError, corpus_for, distributed_settings, limits_from, open_link
from scraper.distributed.state import PlannerState, Runtime, register_runtime
from scraper.health import Thresholds
from scraper.project import SettingsError
from scraper.store import manifest
from scraper.store.lock import LockHeld
from scraper.store.state import register

PLANNER_SCHEDULER = "spiders.redis_scheduler.PlannerScheduler"


def _fail(message: str, code: int) -> int:
    print(f"vnnews crawl: {message}", file=sys.stderr)
    return code


def run(args: argparse.Namespace, url: str, keys: list[str], spider_args: dict[str, str], settings: Any,
        thresholds: Thresholds, started: datetime) -> int:
    from scraper.commands.crawl import _crawl

    out = Path(args.out)
    try:
        link = open_link(url)
        corpus = corpus_for(out, link, getattr(args, "corpus", None), create=True)
        assert corpus is not None
    except SetupError as exc:
        return _fail(str(exc), exitcodes.CONFIG)
    except OSError as exc:
        return _fail(f"cannot use {out}: {exc.strerror or exc}", exitcodes.FAILED)
    names, scripts = Keys(corpus), Scripts.on(link.client)
    limits = limits_from(settings)
    job = Job(sites=keys, spider_args=spider_args, limits=limits,
              registry=[(f, Path(f).read_text("utf-8")) for f in args.sites_file],
              compression=settings.get("VNNEWS_COMPRESSION", "none"), archive=settings.getbool("VNNEWS_ARCHIVE"),
              run_id=settings.get("VNNEWS_RUN_ID"), started_at=manifest.iso_utc(started))
    jobs = Jobs(link, names, scripts)
    try:
        continuing = jobs.check(job)
    except JobRefused as exc:
        return _fail(str(exc), exitcodes.LOCKED)
    if not continuing:
        try:  # what the folder holds already: never stored or fetched again
            seed(out, link, names)
        except LockHeld as exc:
            if not link.call(link.client.hget, names.meta, "seeded"):
                return _fail(str(exc), exitcodes.LOCKED)
            print(f"vnnews crawl: {exc}; planning without re-reading the folder's index", file=sys.stderr)
    jobs.start(job, continuing)
    runtime = Runtime(out, link, names, scripts, job, Budget(link, names, scripts, limits, f"planner-{os.getpid()}"))
    register_runtime(runtime)
    register(PlannerState(runtime))  # type: ignore[arg-type]
    settings.set("SCHEDULER", PLANNER_SCHEDULER, priority="cmdline")
    settings.set("VNNEWS_ARCHIVE", False, priority="cmdline")  # the planner fetches no article
    distributed_settings(settings, limits)
    print(f"vnnews crawl: {'continuing' if continuing else 'planning'} {', '.join(keys)} into Redis corpus "
          f"{corpus} at {link.safe_url}", file=sys.stderr, flush=True)
    try:
        code = _crawl(args, keys, spider_args, settings, thresholds, started, role="planner",
                      on_done=lambda doc, _: doc.update(redis_corpus=corpus, redis_round_trips=link.round_trips))
    except SettingsError as exc:
        return _fail(str(exc), exitcodes.CONFIG)
    if code in (exitcodes.OK, exitcodes.PARTIAL):
        jobs.planned()
        progress = jobs.progress(job.sites)
        print(f"vnnews crawl: planned; {progress.queued} article requests queued, {progress.leased} in flight. "
              f"Workers: vnnews worker --redis {link.safe_url} --out DIR  (progress: vnnews status --redis URL)",
              file=sys.stderr)
    return code

"""Crawl registry sites into the corpus (``data/`` by default) with the real spiders and pipelines.

Each SITE is a registry key (see `vnnews sites`). Discovery uses what the site offers (sitemaps,
RSS feeds, listing pages); every article goes through extract → normalise → validate → dedupe →
store. Safe to kill and run again: the store finishes what was planned, never storing twice.

Examples:
  vnnews crawl baoquangninh --since 2024-01-01 --until 2024-12-31
  vnnews crawl baoquangninh baolaocai --incremental          # nightly: only what is new
  vnnews crawl mysite --sites-file my-sites.toml --out /srv/corpus
  vnnews crawl baolaocai --compress zstd                     # month files as .jsonl.zst

Each run writes a manifest to OUT/state/runs/<run_id>.json and logs to OUT/state/logs/vnnews.log.
On a terminal it shows one live line per site (discovered, fetched, stored, dropped, errors,
pages/min, elapsed); Scrapy's own logs go to the log file only (-v shows them instead). In cron
(output not a terminal) it prints only the summary: one line per site, then any alarms.
Every article response is also kept as WARC under OUT/archive/<site>/<YYYY-MM>/ (each record
points at it; `vnnews reextract` reads it back); --no-archive turns that off.

Drift alarms: each site is compared with its own last runs (share of records with a date from
the page, authors, sapo, related links; median body length; pages dropped as not_article; new
articles found); a sharp fall is an ALARM line naming the site, the figure, before and after and
a sample URL, and makes the exit code 4. Thresholds: settings VNNEWS_HEALTH_* (--set).

Works from any folder: vnnews's own Scrapy settings are used unless SCRAPY_SETTINGS_MODULE or a
scrapy.cfg (in this folder or above it) names others.

Several workers (docs/distributed.md): with --redis URL (or VNNEWS_REDIS_URL) this command only
plans: it discovers the articles (sitemaps, feeds, listings, under the politeness budget shared
in Redis) and queues them there; `vnnews worker --redis URL` processes, on this machine or
others, fetch, extract and store them. `vnnews status --redis URL` shows the progress.
  vnnews crawl baoquangninh baolaocai --redis redis://127.0.0.1:6379/0
  vnnews worker --redis redis://127.0.0.1:6379/0          # as many as you like

Exit codes: 0 ok, 1 failed, 3 configuration error (also: Redis unreachable), 4 partial failure
(pages or sites failed, or a drift alarm), 5 corpus locked by another run (or, with --redis,
another crawl still in progress in Redis).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from scraper import exitcodes
from scraper.display import LiveDisplay
from scraper.health import Thresholds, assess
from scraper.project import (SettingsError, add_override_arguments, apply_overrides, create_crawler,
                             project_settings)
from scraper.registry import RegistryError, load_registry
from scraper.store import manifest
from scraper.store.lock import CorpusLock, LockHeld
from scraper.store.runlog import attach_log_file


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("sites", nargs="*", metavar="SITE", help="registry keys to crawl")
    p.add_argument("--sites-file", action="append", default=[], metavar="FILE",
                   help="extra registry TOML adding or overriding sites (repeatable)")
    p.add_argument("--all", action="store_true", help="crawl every site in the registry")
    p.add_argument("--since", metavar="DATE", help="only articles published on or after DATE (YYYY-MM-DD, Vietnam time)")
    p.add_argument("--until", metavar="DATE", help="only articles published on or before DATE (YYYY-MM-DD, Vietnam time)")
    p.add_argument("--out", default="data", metavar="DIR", help="corpus directory (default: data)")
    p.add_argument("--max-pages", type=int, metavar="N", help="stop each site after N article pages")
    p.add_argument("--incremental", action="store_true",
                   help="skip articles already in the corpus; stop paging listings at known articles")
    p.add_argument("--compress", choices=("none", "gzip", "zstd"),
                   help="compress new corpus files per batch (default: setting VNNEWS_COMPRESSION, none)")
    p.add_argument("--no-archive", action="store_true",
                   help="do not keep article responses as WARC under OUT/archive (kept by default)")
    add_override_arguments(p, "DOWNLOAD_DELAY=0")
    p.add_argument("--redis", metavar="URL",
                   help="plan into Redis for `vnnews worker` processes instead of crawling here, e.g. "
                        "redis://127.0.0.1:6379/0 (default: setting/env VNNEWS_REDIS_URL, unset)")


def _check_date(value: str | None, flag: str) -> str | None:
    if value is None:
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{flag} {value!r} is not a date like 2024-01-31") from None
    return value


def plan(args: argparse.Namespace) -> tuple[list[str], dict[str, str]]:
    """Validate arguments; return the site keys and the spider arguments shared by all sites."""
    registry = load_registry(args.sites_file)
    keys = sorted(registry.sites) if args.all else list(args.sites)
    if not keys:
        raise ValueError("name at least one SITE (see `vnnews sites`) or pass --all")
    for key in keys:
        registry.site(key)
    spider_args = {"since": _check_date(args.since, "--since"), "until": _check_date(args.until, "--until")}
    if args.max_pages is not None:
        if args.max_pages < 1:
            raise ValueError(f"--max-pages must be at least 1, not {args.max_pages}")
        spider_args["max_pages"] = str(args.max_pages)
    if args.incremental:
        spider_args["incremental"] = "1"
    return keys, {k: v for k, v in spider_args.items() if v is not None}


def scrapy_settings(args: argparse.Namespace):
    """Project settings with this run's corpus directory, sites files and overrides."""
    settings = project_settings()
    settings.set("VNNEWS_OUT", args.out, priority="cmdline")
    settings.set("VNNEWS_SITES_FILES", list(args.sites_file), priority="cmdline")
    settings.set("VNNEWS_WRITE_MANIFEST", False, priority="cmdline")  # one manifest for all sites, below
    if args.compress:
        settings.set("VNNEWS_COMPRESSION", args.compress, priority="cmdline")
    if getattr(args, "no_archive", False):
        settings.set("VNNEWS_ARCHIVE", False, priority="cmdline")
    return apply_overrides(settings, args.set, getattr(args, "verbose", False))


def run(args: argparse.Namespace) -> int:
    try:
        keys, spider_args = plan(args)
        settings = scrapy_settings(args)
        thresholds = Thresholds.from_settings(settings)
    except (RegistryError, KeyError, ValueError, SettingsError) as exc:
        print(f"vnnews crawl: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return exitcodes.CONFIG
    started = datetime.now(timezone.utc)
    settings.set("VNNEWS_RUN_ID", manifest.new_run_id(started), priority="cmdline")  # WARC records name it
    url = settings.get("VNNEWS_REDIS_URL") if getattr(args, "redis", None) is None else args.redis
    if url:  # plan for Redis workers (scraper/commands/plan.py)
        from scraper.commands import plan as redis_plan

        return redis_plan.run(args, url, keys, spider_args, settings, thresholds, started)
    try:
        with CorpusLock(Path(args.out)):
            return _crawl(args, keys, spider_args, settings, thresholds, started)
    except LockHeld as exc:
        print(f"vnnews crawl: {exc}", file=sys.stderr)
        return exitcodes.LOCKED
    except SettingsError as exc:
        print(f"vnnews crawl: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    except OSError as exc:  # the corpus folder cannot be created or written
        print(f"vnnews crawl: cannot use {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return exitcodes.FAILED


def _crawl(args: argparse.Namespace, keys: list[str], spider_args: dict[str, str], settings,
           thresholds: Thresholds, started: datetime, role: str | None = None,
           on_start: Callable[[Any], None] | None = None,
           on_done: Callable[[dict[str, Any], list[Any]], None] | None = None) -> int:
    """Run one spider per site while the corpus lock is held; write the manifest, print a summary.

    ``role`` (a Redis planner's or worker's run) marks the manifest as a share of a distributed job:
    not compared with the site's history, nor part of it (scraper.distributed.job); ``on_start``
    gets the CrawlerProcess before it runs, ``on_done`` the manifest and crawlers before it is written.
    """
    from scrapy.crawler import CrawlerProcess

    log_name = f"vnnews.{settings.get('VNNEWS_WORKER_ID')}.log" if role == "worker" else "vnnews.log"
    attach_log_file(Path(args.out), settings.get("LOG_LEVEL", "INFO"), log_name)  # first: Scrapy's start-up lines too
    process = CrawlerProcess(settings)
    crawlers = []
    for key in keys:
        crawler = create_crawler(process)
        crawlers.append(crawler)
        process.crawl(crawler, site=key, **spider_args)
    display = None
    if LiveDisplay.wanted(sys.stderr, args.verbose):  # a terminal: one live line per site
        display = LiveDisplay(list(zip(keys, crawlers)), sys.stderr)
        display.start()
    if on_start is not None:
        on_start(process)
    try:
        process.start()
    finally:
        if display is not None:
            display.stop()  # the cursor comes back even after Ctrl-C
    runs = [(c.stats.get_stats(), c.stats.get_value("finish_reason") or "not_started") for c in crawlers]
    doc = manifest.run_manifest(
        run_id=settings.get("VNNEWS_RUN_ID"), started_at=started, finished_at=datetime.now(timezone.utc),
        command=["vnnews", *sys.argv[1:]], runs=runs,
    )
    if role is None:
        registry = load_registry(args.sites_file)
        assess(doc, Path(args.out), thresholds, {k: registry.site(k).home for k in keys})
    else:
        doc["role"] = role
    if on_done is not None:
        on_done(doc, crawlers)
    manifest.write_manifest(Path(args.out), doc)
    print("\n".join(manifest.summary_lines(doc)), file=sys.stderr)
    for key, crawler in zip(keys, crawlers):  # a site refused before its first request says why
        reason = crawler.stats.get_value("vnnews/config_error")
        if reason:
            print(f"vnnews {'worker' if role == 'worker' else 'crawl'}: {key}: {reason}", file=sys.stderr)
    return int(doc["exit_code"])

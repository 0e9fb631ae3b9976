"""Recover articles from web archives: the Wayback Machine or Common Crawl, for a site or a
retired paper (former identity, e.g. `baobacgiang`, Báo Bắc Giang until 30 June 2025).

Discovery reads the archive's CDX index for every host of the SITE (its current and former
domains; a former key: that paper's domains only), keeps what the site's article-URL rules
accept (what they reject is counted, with samples), and one capture per article URL: a 200 HTML
capture, the earliest (nearest to first publication) unless --latest. Each capture is fetched
raw (Wayback `id_`; Common Crawl by a Range request into the WARC file its index names), kept in
OUT/archive and sent through the normal pipeline. Records keep the article's original `url`;
`fetched_url` is the archive URL and `archive` says which archive and when it captured the page.
Redirect, 404, soft-404 (an error page served with 200) and non-HTML captures are counted, never
stored. Low concurrency, a delay, Retry-After honoured; a killed run resumes its planned
captures; --incremental skips articles the corpus already holds.

Archive locations are settings (env VNNEWS_WAYBACK_CDX_URL, VNNEWS_WAYBACK_URL,
VNNEWS_CC_INDEX_URL, VNNEWS_CC_DATA_URL, or --set NAME=URL).

Examples:
  vnnews backfill baobacgiang --source wayback --since 2019-01-01 --until 2025-06-30
  vnnews backfill baohaiduong --source commoncrawl --crawl CC-MAIN-2024-10
  vnnews backfill baobacninhtv --source wayback --incremental --latest

Exit codes: 0 ok, 3 configuration error, 4 partial failure, 5 corpus locked by another run.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scraper import exitcodes
from scraper.registry import RegistryError, load_registry
from scraper.store import manifest
from scraper.store.lock import CorpusLock, LockHeld


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("sites", nargs="+", metavar="SITE", help="registry keys or former-paper keys (`vnnews sites`)")
    p.add_argument("--source", required=True, choices=("wayback", "commoncrawl"), help="which archive to read")
    p.add_argument("--since", metavar="DAY", help="only articles published on or after DAY (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DAY", help="only articles published on or before DAY (YYYY-MM-DD)")
    p.add_argument("--crawl", action="append", default=[], metavar="CC-MAIN-…",
                   help="Common Crawl crawl(s) to read (default: every crawl from --since on)")
    p.add_argument("--latest", action="store_true", help="take each article's newest capture, not its earliest")
    p.add_argument("--incremental", action="store_true", help="skip articles the corpus already holds")
    p.add_argument("--out", default="data", metavar="DIR", help="corpus directory (default: data)")
    p.add_argument("--sites-file", action="append", default=[], metavar="FILE", help="extra registry TOML (repeatable)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a Scrapy setting, e.g. --set DOWNLOAD_DELAY=2 (repeatable)")


def _spider_args(args: argparse.Namespace) -> dict[str, str]:
    from scraper.commands.crawl import _check_date

    out = {"source": args.source, "since": _check_date(args.since, "--since"),
           "until": _check_date(args.until, "--until"), "crawl": ",".join(args.crawl) or None,
           "latest": "1" if args.latest else None, "incremental": "1" if args.incremental else None}
    return {k: v for k, v in out.items() if v is not None}


def backfill_block(stats: dict[str, Any], site: str) -> dict[str, Any]:
    """Discovery's figures for the manifest: index rows, rejects with samples, captures chosen."""
    prefix = f"vnnews/{site}/backfill/"
    block: dict[str, Any] = {"rejected": {}, "samples": {}}
    for key, value in sorted(stats.items()):
        if not key.startswith(prefix):
            continue
        name = key[len(prefix):]
        if name.startswith("rejected/"):
            block["rejected"][name[9:]] = int(value)
        elif name.startswith("samples/"):
            block["samples"][name[8:]] = list(value)
        else:
            block[name] = int(value)
    return block


def backfill_lines(blocks: dict[str, dict[str, Any]]) -> list[str]:
    lines = []
    for target, b in blocks.items():
        rejected = ", ".join(f"{k} {v}" for k, v in b["rejected"].items()) or "none"
        lines.append(f"  {target} ({b['source']}): {b.get('index_rows', 0)} index rows, rejected: {rejected}; "
                     f"{b.get('captures_chosen', 0)} captures chosen, {b.get('skipped_in_corpus', 0)} already in "
                     f"the corpus, {b.get('skipped_done', 0)} done earlier")
        for reason, urls in b["samples"].items():
            lines.append(f"    {reason}, e.g. {urls[0]}")
    return lines


def run(args: argparse.Namespace) -> int:
    from scraper.archive.targets import resolve
    from scraper.commands.crawl import scrapy_settings
    from scraper.project import SettingsError

    try:
        registry = load_registry(args.sites_file)
        targets = [resolve(registry, key) for key in args.sites]
        spider_args = _spider_args(args)
        args.compress, args.no_archive = None, False
        settings = scrapy_settings(args)
    except (RegistryError, KeyError, ValueError, SettingsError) as exc:
        print(f"vnnews backfill: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return exitcodes.CONFIG
    started = datetime.now(timezone.utc)
    settings.set("VNNEWS_RUN_ID", manifest.new_run_id(started), priority="cmdline")
    try:
        with CorpusLock(Path(args.out)):
            return _backfill(args, [t.key for t in targets], spider_args, settings, started)
    except LockHeld as exc:
        print(f"vnnews backfill: {exc}", file=sys.stderr)
        return exitcodes.LOCKED


def _backfill(args: argparse.Namespace, keys: list[str], spider_args: dict[str, str], settings,
              started: datetime) -> int:
    from scrapy.crawler import CrawlerProcess

    from scraper.project import create_crawler
    from scraper.store.runlog import attach_log_file

    attach_log_file(Path(args.out), settings.get("LOG_LEVEL", "INFO"))  # first: Scrapy's start-up lines too
    process = CrawlerProcess(settings)
    crawlers = {}
    for key in keys:
        crawler = create_crawler(process, "backfill")
        crawlers[key] = crawler
        process.crawl(crawler, target=key, **spider_args)
    process.start()
    runs = [(c.stats.get_stats(), c.stats.get_value("finish_reason") or "not_started") for c in crawlers.values()]
    doc = manifest.run_manifest(run_id=settings.get("VNNEWS_RUN_ID"), started_at=started,
                                finished_at=datetime.now(timezone.utc), command=["vnnews", *sys.argv[1:]], runs=runs)
    doc["kind"] = "backfill"
    doc["backfill"] = {key: {"source": args.source, "site": c.spider.site_key if c.spider else None,
                             **backfill_block(c.stats.get_stats(), c.spider.site_key if c.spider else key)}
                       for key, c in crawlers.items()}
    manifest.write_manifest(Path(args.out), doc)
    print("\n".join(manifest.summary_lines(doc) + backfill_lines(doc["backfill"])), file=sys.stderr)
    return int(doc["exit_code"])

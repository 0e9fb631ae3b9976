"""Run manifests: one JSON file per run under ``<out>/state/runs/<run_id>.json``.

Shape (read by ``vnnews report``)::

    {"run_id", "started_at", "finished_at", "command", "exit_code", "finish_reason",
     "sites": {"<key>": {"requests", "responses": {"200": n}, "stored", "duplicates", "versions",
                         "dropped": {"<reason>": n}, "no_date", "no_author", "no_body",
                         "health": {...}}},          # scraper.health.figures: drift figures, failures
     "torn_lines_repaired", "alarms": [...]}          # alarms: scraper.health (added after the run)

Per-site counts come from Scrapy stats keys ``vnnews/<site>/...`` counted by the pipelines and
``pipelines.runstats``. The exit code is derived here so cron sees 0 ok / 4 partial / 5 locked.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scraper import exitcodes
from scraper.failures import unreachable
from scraper.health.figures import site_figures
from scraper.store.paths import state_dir

# Dropped reasons that mean work failed (and stays pending for the next run), not a page judged.
FAILURE_REASONS = ("download_error", "spider_error")


def is_failure(reason: str) -> bool:
    """``http_503`` or a download error is a failure; ``http_404`` or ``not_article`` is a verdict."""
    if reason in FAILURE_REASONS:
        return True
    if not (reason.startswith("http_") and reason[5:].isdigit()):
        return False
    return int(reason[5:]) >= 500 or reason in ("http_408", "http_429")


def site_counts(stats: dict[str, Any], site: str) -> dict[str, Any]:
    """The manifest entry of one site from a Scrapy stats dict."""
    prefix = f"vnnews/{site}/"

    def sub(group: str) -> dict[str, int]:
        head = prefix + group + "/"
        return {k[len(head):]: int(v) for k, v in sorted(stats.items()) if k.startswith(head)}

    def one(name: str) -> int:
        return int(stats.get(prefix + name, 0))

    dropped = sub("dropped")
    return {
        "requests": one("requests"),
        "responses": sub("responses"),
        "stored": one("stored"),
        "duplicates": one("duplicates"),
        "versions": one("versions"),
        "archived": one("archived"),  # responses kept as WARC (scraper.archive)
        "dropped": dropped,
        "no_date": one("pages/no_date"),
        "no_author": one("pages/no_author"),
        "no_body": one("pages/no_body") + dropped.get("no_body", 0),
        "health": site_figures(stats, site),  # drift figures and failure kinds (scraper.health)
    }


SITE_COUNTERS = ("requests", "responses", "stored", "duplicates", "versions", "dropped", "pages", "archived")


def sites_in(stats: dict[str, Any]) -> list[str]:
    """Site keys that have a per-site counter (``vnnews/<site>/stored`` …); other ``vnnews/…``
    keys (``vnnews/dropped/<reason>``, ``vnnews/listing/…``) are run-wide."""
    keys = set()
    for key in stats:
        parts = key.split("/")
        if len(parts) >= 3 and parts[0] == "vnnews" and parts[2] in SITE_COUNTERS:
            keys.add(parts[1])
    return sorted(keys)


def exit_code_for(finish_reasons: list[str], sites: dict[str, dict[str, Any]]) -> int:
    """0 when every spider finished and nothing failed; 5 if locked; 4 for anything partial."""
    if "locked" in finish_reasons:
        return exitcodes.LOCKED
    if any(r != "finished" for r in finish_reasons):
        return exitcodes.PARTIAL
    if any(is_failure(reason) for counts in sites.values() for reason in counts["dropped"]):
        return exitcodes.PARTIAL
    return exitcodes.OK


def iso_utc(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat()


def new_run_id(started: datetime) -> str:
    """``20261129T121500Z-4242``: sortable by start time, unique per process."""
    return f"{started.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}-{os.getpid()}"


def build_manifest(
    *, run_id: str, started_at: datetime, finished_at: datetime, command: list[str],
    finish_reason: str, exit_code: int, sites: dict[str, dict[str, Any]], torn_lines_repaired: int,
    warc_members_repaired: int = 0,
) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "started_at": iso_utc(started_at),
        "finished_at": iso_utc(finished_at),
        "command": list(command),
        "exit_code": exit_code,
        "finish_reason": finish_reason,
        "sites": sites,
        "torn_lines_repaired": torn_lines_repaired,
        "alarms": [],  # drift alarms, filled in by scraper.health.assess at the end of the run
        "warc_members_repaired": warc_members_repaired,  # torn last WARC members cut on start
    }


def write_manifest(out: Path, manifest: dict[str, Any]) -> Path:
    """Write atomically (temp file, fsync, rename): a reader never sees half a manifest."""
    runs = state_dir(out) / "runs"
    runs.mkdir(parents=True, exist_ok=True)
    path = runs / f"{manifest['run_id']}.json"
    tmp = path.with_suffix(".json.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(manifest, f, ensure_ascii=False, indent=2)
        f.write("\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)
    return path


def summary_lines(manifest: dict[str, Any]) -> list[str]:
    """A short human summary, one line per site, for the end of ``vnnews crawl``."""
    lines = [f"run {manifest['run_id']}: {manifest['finish_reason']}, exit {manifest['exit_code']}"]
    for site, c in manifest["sites"].items():
        down = unreachable(c)
        if down:
            lines.append(f"  {site}: {down}")
            continue
        dropped = ", ".join(f"{k} {v}" for k, v in c["dropped"].items()) or "none"
        lines.append(
            f"  {site}: {c['requests']} requests, {c['stored']} stored, {c['duplicates']} duplicates, "
            f"{c['versions']} new versions; dropped: {dropped}; no date {c['no_date']}, no author {c['no_author']}"
        )
        lines += pattern_missed_lines(c)
    if manifest["torn_lines_repaired"]:
        lines.append(f"  repaired {manifest['torn_lines_repaired']} torn line(s) left by an earlier crash")
    if manifest.get("warc_members_repaired"):
        lines.append(f"  cut {manifest['warc_members_repaired']} torn WARC member(s) left by an earlier crash")
    lines += [f"  ALARM {alarm['message']}" for alarm in manifest.get("alarms", [])]
    return lines


def pattern_missed_lines(site_entry: dict[str, Any]) -> list[str]:
    """Feed/sitemap entries fetched although the article-URL pattern would have rejected them."""
    missed = (site_entry.get("health") or {}).get("pattern_missed") or {}
    if not missed.get("count"):
        return []
    samples = ", ".join(missed.get("samples") or [])
    return [f"    {missed['count']} of {missed['of']} feed/sitemap entries have no known article URL shape "
            f"(fetched anyway; update article_url), e.g. {samples}"]


def run_manifest(
    *, run_id: str, started_at: datetime, finished_at: datetime, command: list[str],
    runs: list[tuple[dict[str, Any], str]],
) -> dict[str, Any]:
    """One manifest for a run of several crawlers (``(stats, finish_reason)`` each, one per site)."""
    sites: dict[str, dict[str, Any]] = {}
    for stats, _ in runs:
        for site in sites_in(stats):
            sites[site] = site_counts(stats, site)
    reasons = [reason for _, reason in runs]
    unfinished = [r for r in reasons if r != "finished"]
    torn = max((int(stats.get("vnnews/store/torn_lines_repaired", 0)) for stats, _ in runs), default=0)
    warc_torn = max((int(stats.get("vnnews/archive/torn_members_repaired", 0)) for stats, _ in runs), default=0)
    exit_code = exit_code_for(reasons, sites)
    if any(stats.get("vnnews/config_error") for stats, _ in runs):
        exit_code = exitcodes.CONFIG
    return build_manifest(
        run_id=run_id, started_at=started_at, finished_at=finished_at, command=command,
        finish_reason=unfinished[0] if unfinished else "finished", exit_code=exit_code,
        sites=sites, torn_lines_repaired=torn, warc_members_repaired=warc_torn,
    )

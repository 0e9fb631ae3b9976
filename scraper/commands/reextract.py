"""Re-extract the corpus from its WARC archive with today's extractor, without recrawling.

Every stored record that has a WARC pointer (its latest version) is read back from
OUT/archive and sent through the current extraction code, on every core. A record whose fields
changed is stored as a new version (`version` n+1, `previous_content_hash`, and an
`extractor_version` naming the code that wrote it); the old line stays. Per field (title,
published_at, authors, sapo, body start/end, related, …) it prints how many records changed,
with examples, and writes the same into OUT/state/runs/<run_id>.json: the regression check to
run before releasing an extractor change.

Examples:
  vnnews reextract --dry-run                       # what would change; the corpus is not touched
  vnnews reextract --site baoquangninh --since 2024-01-01
  vnnews reextract --sites-file my-rules.toml      # try changed site/family rules

Exit codes: 0 ok, 3 configuration error, 4 some WARC records unreadable, 5 corpus locked.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from scraper import exitcodes
from scraper.registry import RegistryError, load_registry
from scraper.store import manifest
from scraper.store.read import corpus_sites


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--site", action="append", metavar="KEY", help="only this site (repeatable)")
    p.add_argument("--since", metavar="DAY", help="only records published on or after DAY (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DAY", help="only records published on or before DAY (YYYY-MM-DD)")
    p.add_argument("--out", default="data", metavar="DIR", help="corpus directory (default: data)")
    p.add_argument("--sites-file", action="append", default=[], metavar="FILE",
                   help="extra registry TOML (repeatable), e.g. changed site selectors to try")
    p.add_argument("--dry-run", action="store_true",
                   help="report what would change; store nothing (the run manifest is still written)")
    p.add_argument("--jobs", type=int, metavar="N", help=f"worker processes (default: every core, {os.cpu_count()})")


def _day(value: str | None, flag: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{flag} {value!r} is not a date like 2024-01-31") from None


def report_lines(report, dry_run: bool, seconds: float) -> list[str]:
    verb = "would store" if dry_run else "stored"
    rate = report.checked / seconds if seconds > 0 else 0.0
    lines = [f"re-extracted {report.checked} records in {seconds:.1f} s ({rate:.0f}/s): "
             f"{report.unchanged} unchanged, {report.changed} changed; {verb} "
             f"{report.changed if dry_run else report.versions_stored} new version(s)"]
    skipped = ", ".join(f"{k} {v}" for k, v in sorted(report.skipped.items()))
    if skipped:
        lines.append(f"  skipped: {skipped}")
    for label, counts in (("now dropped by the extractor", report.dropped), ("WARC record unreadable", report.unreadable)):
        if counts:
            lines.append(f"  {label}: " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))
    for problem in report.problems[:3]:
        lines.append(f"    {problem['url']}: {problem['why']}")
    for name, entry in report.field_table().items():
        lines.append(f"  {name:<24} {entry['changed']:>7} changed")
        for ex in entry["examples"]:
            lines.append(f"      {ex['url']}\n        - {ex['before']}\n        + {ex['after']}")
    if report.read.corrupt:
        lines.append("  " + report.read.summary())
    return lines


def manifest_doc(report, args, started: datetime, extractor_version: str, code: int) -> dict[str, Any]:
    sites = {site: {"stored": c["versions"], "versions": c["versions"], "checked": c["checked"],
                    "changed": c["changed"], "dropped": {k: v for k, v in (("now_dropped", c["dropped"]),
                                                                         ("unreadable", c["unreadable"])) if v}}
             for site, c in sorted(report.sites.items())}
    return {
        "run_id": manifest.new_run_id(started), "kind": "reextract",
        "started_at": manifest.iso_utc(started), "finished_at": manifest.iso_utc(datetime.now(timezone.utc)),
        "command": ["vnnews", *sys.argv[1:]], "exit_code": code, "finish_reason": "finished",
        "dry_run": bool(args.dry_run), "extractor_version": extractor_version,
        "records": {"checked": report.checked, "unchanged": report.unchanged, "changed": report.changed,
                    "versions_stored": report.versions_stored, "skipped": dict(report.skipped),
                    "now_dropped": dict(report.dropped), "unreadable": dict(report.unreadable),
                    "examples_of_problems": report.problems},
        "fields": report.field_table(), "sites": sites, "torn_lines_repaired": 0,
    }


def run(args: argparse.Namespace) -> int:
    from scraper.archive.fingerprint import extractor_version
    from scraper.archive.reextract import reextract
    from scraper.store.lock import LockHeld
    from scraper.store.state import open_state

    try:
        since, until = _day(args.since, "--since"), _day(args.until, "--until")
        registry = load_registry(args.sites_file)
        for key in args.site or ():
            registry.site(key)
        if args.jobs is not None and args.jobs < 1:
            raise ValueError("--jobs must be at least 1")
    except (RegistryError, KeyError, ValueError) as exc:
        print(f"vnnews reextract: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return exitcodes.CONFIG
    out = Path(args.out)
    if not (out / "corpus").is_dir():
        print(f"vnnews reextract: no corpus in {out} (nothing under {out / 'corpus'})", file=sys.stderr)
        return exitcodes.CONFIG
    unknown = [s for s in corpus_sites(out) if s not in registry.sites and (not args.site or s in args.site)]
    if unknown:
        print(f"vnnews reextract: the corpus holds site(s) the registry does not know ({', '.join(unknown)}); "
              "pass the --sites-file the crawl used, or --site", file=sys.stderr)
        return exitcodes.CONFIG
    version = extractor_version(args.sites_file)
    started, clock = datetime.now(timezone.utc), time.perf_counter()
    try:
        state = None if args.dry_run else open_state(out)
    except LockHeld as exc:
        print(f"vnnews reextract: {exc}", file=sys.stderr)
        return exitcodes.LOCKED
    try:
        report = reextract(out, sites=args.site, since=since, until=until, sites_files=args.sites_file,
                           extractor_version=version, dry_run=args.dry_run, jobs=args.jobs, state=state,
                           progress=lambda r: print(f"  … {r.checked} records", file=sys.stderr, flush=True))
    finally:
        if state is not None:
            state.close()
    code = exitcodes.PARTIAL if report.unreadable else exitcodes.OK
    print("\n".join(report_lines(report, args.dry_run, time.perf_counter() - clock)))
    path = manifest.write_manifest(out, manifest_doc(report, args, started, version, code))
    print(f"run manifest: {path}", file=sys.stderr)
    return code

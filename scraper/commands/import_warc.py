"""Import WARC or ARC files (wget --warc-file, Browsertrix, Common Crawl extracts) into the corpus.

Every HTML response (status 200) whose URL belongs to a registry site, by its current or a
former domain, goes through the crawl's article path (extract, normalise, validate, dedupe,
store); its capture is copied into OUT/archive and the record's `archive` field says
`warc-import`, the file and the offset. Records for other hosts, other statuses, non-HTML and
non-response records are counted and skipped; a corrupt or truncated record is counted and
skipped and the rest of the file still imports. Files may be gzipped per record (.warc.gz,
.arc.gz) or not compressed.

Examples:
  vnnews import-warc crawl-2019.warc.gz more/*.warc.gz
  vnnews import-warc mirror.warc --sites-file my-sites.toml --out /srv/corpus

Exit codes: 0 ok, 1 a file could not be read, 3 configuration error, 4 damaged records skipped,
5 corpus locked.
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

DAMAGE = ("corrupt", "truncated")


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="+", metavar="FILE", help="WARC or ARC files (.warc, .warc.gz, .arc, .arc.gz)")
    p.add_argument("--out", default="data", metavar="DIR", help="corpus directory (default: data)")
    p.add_argument("--sites-file", action="append", default=[], metavar="FILE", help="extra registry TOML (repeatable)")


def summary_lines(report) -> list[str]:
    lines = [f"imported {report.files} file(s): {report.records} records, {report.responses} responses"]
    for site, c in sorted(report.sites.items()):
        dropped = ", ".join(f"{k[8:]} {v}" for k, v in sorted(c.items()) if k.startswith("dropped/")) or "none"
        lines.append(f"  {site}: {c['stored']} stored, {c['duplicates']} duplicates, {c['versions']} new versions; "
                     f"dropped: {dropped}")
    if report.skipped:
        lines.append("  skipped: " + ", ".join(f"{k} {v}" for k, v in report.skipped.most_common()))
    if report.other_hosts:
        lines.append("  other hosts (no registry site): " + ", ".join(
            f"{h} {n}" for h, n in report.other_hosts.most_common(5)))
    for line in report.damaged:
        lines.append(f"  damaged record {line}")
    return lines


def manifest_doc(report, run_id: str, started: datetime, code: int, unreadable: list[str]) -> dict[str, Any]:
    sites = {}
    for key, c in sorted(report.sites.items()):
        sites[key] = {"stored": c["stored"] + c["versions"], "duplicates": c["duplicates"], "versions": c["versions"],
                      "dropped": {k[8:]: v for k, v in sorted(c.items()) if k.startswith("dropped/")}}
    return {
        "run_id": run_id, "kind": "import-warc", "started_at": manifest.iso_utc(started),
        "finished_at": manifest.iso_utc(datetime.now(timezone.utc)), "command": ["vnnews", *sys.argv[1:]],
        "exit_code": code, "finish_reason": "finished", "sites": sites, "torn_lines_repaired": 0,
        "import": {"files": report.files, "records": report.records, "responses": report.responses,
                   "skipped": dict(report.skipped), "other_hosts": dict(report.other_hosts.most_common(20)),
                   "damaged_examples": report.damaged, "unreadable_files": unreadable},
    }


def run(args: argparse.Namespace) -> int:
    from scraper.archive.ingest import ImportReport, import_file
    from scraper.archive.warcfile import open_archive
    from scraper.store.lock import LockHeld

    try:
        registry = load_registry(args.sites_file)
    except RegistryError as exc:
        print(f"vnnews import-warc: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    started = datetime.now(timezone.utc)
    run_id = manifest.new_run_id(started)
    try:
        archive = open_archive(Path(args.out), run_id)
    except LockHeld as exc:
        print(f"vnnews import-warc: {exc}", file=sys.stderr)
        return exitcodes.LOCKED
    report, unreadable = ImportReport(), []
    try:
        for name in args.files:
            try:
                import_file(Path(name), registry, archive, report)
            except OSError as exc:
                unreadable.append(f"{name}: {exc.strerror or exc}")
                print(f"vnnews import-warc: {name}: {exc.strerror or exc}", file=sys.stderr)
    finally:
        archive.close()
    code = exitcodes.FAILED if unreadable else exitcodes.PARTIAL if any(report.skipped[d] for d in DAMAGE) \
        else exitcodes.OK
    print("\n".join(summary_lines(report)))
    manifest.write_manifest(Path(args.out), manifest_doc(report, run_id, started, code, unreadable))
    return code

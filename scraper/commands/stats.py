"""Summarise a corpus from its files: records per site and month, and field coverage.

Reads every corpus file (plain, .gz, .zst) line by line, so it is fast and needs little memory
even for millions of records. Coverage is the share of records that have a value for the field.

Examples:
  vnnews stats                         # the corpus in ./data
  vnnews stats --out /srv/corpus --site baoquangninh
  vnnews stats --json > stats.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scraper import exitcodes
from scraper.store.summary import COVERAGE_FIELDS, SiteSummary, summarise


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="data", metavar="DIR", help="corpus directory (default: data)")
    p.add_argument("--site", action="append", default=[], metavar="KEY", help="only this site (repeatable)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")


def as_json(summaries: dict[str, SiteSummary]) -> dict:
    return {
        site: {
            "records": s.records,
            "months": dict(sorted(s.months.items())),
            "coverage": {name: round(s.share(name), 4) for name in COVERAGE_FIELDS},
        }
        for site, s in summaries.items()
    }


def as_text(summaries: dict[str, SiteSummary]) -> str:
    lines = []
    for site, s in summaries.items():
        coverage = "  ".join(f"{name} {s.share(name):.0%}" for name in COVERAGE_FIELDS)
        lines.append(f"{site}: {s.records} records   coverage: {coverage}")
        for month, n in sorted(s.months.items()):
            lines.append(f"  {month}  {n}")
    total = sum(s.records for s in summaries.values())
    lines.append(f"total: {total} records in {len(summaries)} site(s)")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if not (out / "corpus").is_dir():
        print(f"vnnews stats: no corpus at {out / 'corpus'}", file=sys.stderr)
        return exitcodes.FAILED
    summaries = summarise(out, args.site or None)
    if args.json:
        print(json.dumps(as_json(summaries), ensure_ascii=False, indent=2))
    else:
        print(as_text(summaries))
    return exitcodes.OK

"""Describe the corpus: an HTML report with charts, or a dataset card in Markdown.

The report (default report.html) is one self-contained page, charts embedded, also written beside
it as PNG files (report-records-per-month.png, …): records per site per month, field coverage
per site, body length distribution, top sections, syndication (the share of each outlet's
articles that are copies of a story carried first elsewhere, and the most-copied sources by
wire_source and by first outlet) and the last runs' health (from the run manifests under
DIR/state/runs). --card writes a dataset card instead (default CARD.md):
sources, time span, counts, schema, collection method and known limits.

Examples:
  vnnews report -o report.html
  vnnews report --card -o CARD.md --out /srv/vnnews/data
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scraper import exitcodes
from scraper.report import EmptyCorpus, write_card, write_report


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="data", metavar="DIR", help="the corpus folder (default: data)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE",
                   help="where to write (default: report.html, or CARD.md with --card)")
    p.add_argument("--card", action="store_true", help="write the dataset card (Markdown) instead of the report")


def run(args: argparse.Namespace) -> int:
    target = args.output or Path("CARD.md" if args.card else "report.html")
    problem = "it is a directory" if target.is_dir() else None
    if not target.parent.is_dir():
        problem = f"{target.parent} is not a folder"  # checked before the corpus pass, not after
    if problem:
        print(f"vnnews report: cannot write {target}: {problem}", file=sys.stderr)
        return exitcodes.FAILED
    try:
        written = (write_card if args.card else write_report)(Path(args.out), target)
    except EmptyCorpus as exc:
        print(f"vnnews report: {exc}", file=sys.stderr)
        return exitcodes.FAILED
    except OSError as exc:
        print(f"vnnews report: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
        return exitcodes.FAILED
    extra = f" and {len(written.charts)} PNG charts beside it" if written.charts else ""
    print(f"vnnews report: {written.stats.records} records described in {target}{extra}", file=sys.stderr)
    if written.stats.read.corrupt:
        print(f"vnnews report: {written.stats.read.summary()}", file=sys.stderr)
    return exitcodes.OK

"""Summarise a corpus from its files: records per site and month, field coverage, syndication.

Reads every corpus file (plain, .gz, .zst) line by line, so it is fast and needs little memory
even for millions of records. Coverage is the share of records that have a value for the field.
Syndication: how many stories (clusters) the records tell, how many are carried by more than one
outlet, how many records are copies of a story first carried earlier, and how many copies that
an older vnnews had dropped as duplicates were fetched again and stored ("recovered").
--json prints {"sites": {KEY: {...}}, "syndication": {...}}.

With --health it reads the run manifests instead (OUT/state/runs): per site, the last run's
figures (records stored, shares dated from the page / with authors / sapo / related links, median
body length, share dropped as not_article, new articles) over the usual ones (median of the
site's last runs that stored enough records), and the drift alarms the last run raised.

Examples:
  vnnews stats                         # the corpus in ./data
  vnnews stats --out /srv/corpus --site baoquangninh
  vnnews stats --json > stats.json
  vnnews stats --health                # drift figures and alarms from the run manifests

Exit codes: 0 ok; 1 no corpus (no manifest for --health); 4 (--health) the last run of a site
raised an alarm.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scraper import exitcodes
from scraper.store.summary import COVERAGE_FIELDS, SiteSummary, summarise
from scraper.store.upgrade import read_recheck_counts
from scraper.syndication.tally import ClusterTally, Syndication


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="data", metavar="DIR", help="corpus directory (default: data)")
    p.add_argument("--site", action="append", default=[], metavar="KEY", help="only this site (repeatable)")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    p.add_argument("--health", action="store_true",
                   help="drift figures and alarms per site from the run manifests, not the corpus files")


def as_json(summaries: dict[str, SiteSummary], figures: Syndication, recovered: dict[str, int] | None) -> dict:
    sites = {
        site: {
            "records": s.records,
            "months": dict(sorted(s.months.items())),
            "coverage": {name: round(s.share(name), 4) for name in COVERAGE_FIELDS},
            "copies": figures.by_site[site].copies if site in figures.by_site else 0,
        }
        for site, s in summaries.items()
    }
    syndication = {
        "stories": figures.clusters, "stories_with_copies": figures.shared,
        "stories_at_several_outlets": figures.multi_outlet, "copies": figures.copies,
        "recovered": recovered,  # null: the corpus's database has not been upgraded by a crawl yet
    }
    return {"sites": sites, "syndication": syndication}


def syndication_lines(figures: Syndication, recovered: dict[str, int] | None) -> list[str]:
    """``stories: 120, 14 with copies (12 at 2+ outlets); 31 records are copies`` and the repair."""
    lines = [f"stories (clusters): {figures.clusters}, {figures.shared} with copies "
             f"({figures.multi_outlet} at 2+ outlets); {figures.copies} records are copies of an earlier one"]
    if recovered and any(recovered.values()):
        lines.append(f"recovered: {recovered['recovered']} copies that an older vnnews dropped as duplicates were "
                     f"fetched again and stored ({recovered['duplicate']} were same-outlet duplicates after all, "
                     f"{recovered['dropped']} are gone, {recovered['pending']} still to fetch)")
    return lines


def as_text(summaries: dict[str, SiteSummary], figures: Syndication, recovered: dict[str, int] | None) -> str:
    lines = []
    for site, s in summaries.items():
        coverage = "  ".join(f"{name} {s.share(name):.0%}" for name in COVERAGE_FIELDS)
        copies = figures.by_site[site].copies if site in figures.by_site else 0
        lines.append(f"{site}: {s.records} records ({copies} copies)   coverage: {coverage}")
        for month, n in sorted(s.months.items()):
            lines.append(f"  {month}  {n}")
    total = sum(s.records for s in summaries.values())
    lines.append(f"total: {total} records in {len(summaries)} site(s)")
    return "\n".join(lines + syndication_lines(figures, recovered))


def run(args: argparse.Namespace) -> int:
    out = Path(args.out)
    if args.health:
        return show_health(out, args.site or None, args.json)
    if not (out / "corpus").is_dir():
        print(f"vnnews stats: no corpus at {out / 'corpus'}", file=sys.stderr)
        return exitcodes.FAILED
    with ClusterTally() as clusters:
        summaries = summarise(out, args.site or None, clusters)
        figures = clusters.result()
    recovered = read_recheck_counts(out)
    if args.json:
        print(json.dumps(as_json(summaries, figures, recovered), ensure_ascii=False, indent=2))
    else:
        print(as_text(summaries, figures, recovered))
    return exitcodes.OK


def show_health(out: Path, sites: list[str] | None, as_json_output: bool) -> int:
    """``vnnews stats --health``: exit 4 when the last run of a site raised an alarm."""
    from scraper.health import Thresholds
    from scraper.project import project_settings
    from scraper.health.summary import health_text, sites_health

    if not (out / "state" / "runs").is_dir():
        print(f"vnnews stats: no run manifests at {out / 'state' / 'runs'}", file=sys.stderr)
        return exitcodes.FAILED
    health = sites_health(out, Thresholds.from_settings(project_settings()), sites)
    if as_json_output:
        print(json.dumps({k: h.as_json() for k, h in health.items()}, ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(health_text(health))
    return exitcodes.PARTIAL if any(h.alarms for h in health.values()) else exitcodes.OK

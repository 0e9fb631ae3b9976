"""List the outlets vnnews knows (the registry), print it as JSON, or check it.

The table shows each outlet's key (what `vnnews crawl` takes), province, name, domains and how
its articles are discovered (feeds, sitemaps, listing pages); the pre-merger papers it absorbed
are indented beneath it. Nothing in the shipped registry was checked against the live sites:
the `verified` field of each entry says what evidence backs it (see docs/registry.md).

Examples:
  vnnews sites                                 the table
  vnnews sites --json | jq '.sites | keys'     the whole registry for scripts
  vnnews sites --check --sites-file mine.toml  validate, with your own entries layered on top

Exit codes: 0 ok; 3 the registry cannot be read or --check found problems (one line each).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from datetime import date
from typing import Any

from scraper import exitcodes
from scraper.registry import Registry, RegistryError, Site, load_registry
from scraper.registry.check import check_registry


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--sites-file", action="append", default=[], metavar="FILE",
                   help="extra registry TOML adding or replacing entries (repeatable)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--json", action="store_true", help="print the whole registry as JSON")
    mode.add_argument("--check", action="store_true",
                      help="validate the registry; exit 3 with one line per problem")


def run(args: argparse.Namespace) -> int:
    try:
        registry = load_registry(args.sites_file)
    except RegistryError as exc:
        print(f"vnnews sites: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    if args.check:
        return _check(registry)
    if args.json:
        json.dump(registry_json(registry), sys.stdout, ensure_ascii=False, indent=2, default=_jsonable)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(table(registry))
    return exitcodes.OK


def _check(registry: Registry) -> int:
    problems = check_registry(registry)
    for line in problems:
        print(f"vnnews sites: {line}", file=sys.stderr)
    if problems:
        print(f"vnnews sites: {len(problems)} problem(s) in the registry", file=sys.stderr)
        return exitcodes.CONFIG
    provincial = [s for s in registry.sites.values() if s.kind == "provincial"]
    papers = sum(len(s.pre_merger_provinces) for s in provincial)
    print(f"registry OK: {len(registry.sites)} sites ({len(provincial)} provincial outlets covering "
          f"{papers} pre-merger provinces), {len(registry.families)} families")
    return exitcodes.OK


def registry_json(registry: Registry) -> dict[str, Any]:
    """The registry as plain data: ``{"sites": {key: {...}}, "families": {key: {...}}}``."""
    return {
        "sites": {key: asdict(site) for key, site in registry.sites.items()},
        "families": {key: asdict(family) for key, family in registry.families.items()},
    }


def _jsonable(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"cannot encode {type(value).__name__} as JSON")


def entry_points(site: Site) -> str:
    """A short summary of discovery: ``2 feeds, 1 sitemap (+1 dated), 3 listings``."""
    parts = []
    if site.feeds:
        parts.append(_count(len(site.feeds), "feed"))
    if site.sitemaps or site.dated_sitemaps:
        dated = f" (+{len(site.dated_sitemaps)} dated)" if site.dated_sitemaps else ""
        parts.append(_count(len(site.sitemaps), "sitemap") + dated)
    if site.listings or site.start_urls:
        parts.append(_count(len(site.listings) + len(site.start_urls), "listing"))
    return ", ".join(parts) or "none"


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def table(registry: Registry) -> str:
    """One line per outlet (key, province, outlet, domains, discovery), former papers beneath."""
    rows = [("KEY", "PROVINCE", "OUTLET", "DOMAINS", "DISCOVERY")]
    for site in sorted(registry.sites.values(), key=lambda s: (s.kind != "provincial", s.key)):
        rows.append((site.key, site.province or "-", site.outlet, " ".join(site.domains), entry_points(site)))
        for f in site.former:
            until = f" until {f.until.isoformat()}" if f.until else ""
            domains = " ".join(f.domains) or "(same domain)"
            rows.append((f"  <- {f.key}", f.province, f.outlet + until, domains, ""))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(r[:4], widths)) + "  " + r[4] for r in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"

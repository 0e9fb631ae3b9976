"""Export part of the corpus as JSONL (default), CSV or Parquet, for pandas, DuckDB, Polars or a spreadsheet.

Filters combine (AND); a repeated --site or --province means any of them. Dates are days in
Vietnam time, inclusive (YYYY, YYYY-MM or YYYY-MM-DD). The format follows -o's extension
(.jsonl, .jsonl.gz, .jsonl.zst, .csv, .parquet) unless --format is given; without -o, JSONL goes
to stdout. CSV joins text lists with "; " and writes images/related/provenance as JSON text
(docs/export.md). Corrupt corpus lines are skipped and reported at the end.

--one-per-cluster keeps one record per story (syndicated copies share a cluster): the earliest
copy by publication time, or the --prefer-site outlet's copy when it has one.

Examples:
  vnnews export --site baoquangninh -o qn.parquet
  vnnews export --province "thanh hoa" --since 2023 --until 2023 --query "nong thon moi" --fold \\
      --fields title,published_at,body -o nong-thon-moi.csv --bom
  vnnews export --has author --sample 500 --seed 7 > sample.jsonl
  vnnews export --one-per-cluster --since 2024 -o training.jsonl.zst   # each story once
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scraper import exitcodes
from scraper.export.filters import FilterError
from scraper.export.formats import FORMATS, OutputError
from scraper.export.job import ExportResult, build_request, run_export
from scraper.registry import RegistryError, load_registry


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="data", metavar="DIR", help="the corpus folder (default: data)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here (default: stdout, JSONL)")
    p.add_argument("--format", choices=FORMATS, help="output format (default: from -o's extension, else jsonl)")
    p.add_argument("--site", action="append", default=[], metavar="KEY", help="only this outlet (repeatable)")
    p.add_argument("--province", action="append", default=[], metavar="NAME",
                   help="current or former province, any diacritics (repeatable): 'quang ninh'")
    p.add_argument("--since", metavar="DAY", help="published on or after this day (Vietnam time)")
    p.add_argument("--until", metavar="DAY", help="published on or before this day (Vietnam time)")
    p.add_argument("--query", metavar="TEXT", help="text in the title, sapo or body (case-insensitive)")
    p.add_argument("--regex", action="store_true", help="--query is a Python regular expression")
    p.add_argument("--fold", action="store_true", help="--query ignores diacritics: 'nong thon moi'")
    p.add_argument("--fields", action="append", metavar="A,B,…", help="columns to write, in this order")
    p.add_argument("--has", action="append", default=[], metavar="FIELD",
                   help="only records with this field filled: author, date, sapo, section, tags, images, related…")
    p.add_argument("--limit", type=int, metavar="N", help="stop after N records")
    p.add_argument("--sample", type=int, metavar="N", help="a uniform random sample of N records (one pass)")
    p.add_argument("--seed", type=int, default=0, metavar="S", help="seed of --sample (default 0): same seed, same sample")
    p.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 byte order mark (for Excel)")
    p.add_argument("--one-per-cluster", action="store_true",
                   help="one record per story: the earliest of the copies the filters keep")
    p.add_argument("--prefer-site", metavar="KEY",
                   help="with --one-per-cluster: keep this outlet's copy when the story has one")
    p.add_argument("--sites-file", action="append", default=[], metavar="FILE", help="extra registry TOML (repeatable)")


def _report(result: ExportResult, output: Path | None) -> None:
    where = str(output) if output else "stdout"
    print(f"vnnews export: {result.written} records written to {where}", file=sys.stderr)
    if result.read.corrupt:
        print(f"vnnews export: {result.read.summary()}", file=sys.stderr)
    if result.refused:
        print(f"vnnews export: {result.refused} records refused (values do not fit the columns): "
              + "; ".join(result.refused_examples), file=sys.stderr)


def run(args: argparse.Namespace) -> int:
    try:
        request = build_request(
            load_registry(args.sites_file), Path(args.out), sites=args.site, provinces=args.province,
            since=args.since, until=args.until, query=args.query, regex=args.regex, fold=args.fold,
            fields=args.fields, has=args.has, limit=args.limit, sample=args.sample, seed=args.seed,
            fmt=args.format, output=args.output, bom=args.bom,
            one_per_cluster=args.one_per_cluster, prefer_site=args.prefer_site,
        )
    except (FilterError, RegistryError) as exc:
        print(f"vnnews export: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    try:
        result = run_export(request)
    except OutputError as exc:
        print(f"vnnews export: {exc}", file=sys.stderr)
        return exitcodes.FAILED
    _report(result, args.output)
    return exitcodes.OK

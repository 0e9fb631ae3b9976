"""The ``vnnews`` command line: thin, parses arguments and hands over to one module per command."""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> (module under scraper.commands, one-line summary). A command's module is imported only
# when that command runs, so one command's heavy imports (pyarrow, matplotlib) never slow or
# break another. Each module has add_arguments(parser) and run(args) -> int; its docstring is
# the command's --help text.
COMMANDS: dict[str, tuple[str, str]] = {
    "crawl": ("crawl", "crawl registry sites into the corpus"),
    "extract": ("extract", "turn saved HTML article pages into records (JSONL)"),
    "sites": ("sites", "list the registry of outlets; --check validates it"),
    "parse-date": ("parse_date", "Vietnamese date strings -> ISO 8601 with +07:00"),
    "export": ("export", "export the corpus, filtered, as JSONL, CSV or Parquet"),
    "stats": ("stats", "records per site and month, field coverage"),
    "report": ("report", "an HTML report with charts, or a dataset card"),
    "demo": ("demo", "crawl a generated local news site, offline"),
    "probe": ("probe", "check a site's registry entry live, find its feeds, sitemaps and URL pattern"),
    "backfill": ("backfill", "recover a site's or a retired paper's articles from web archives"),
    "import-warc": ("import_warc", "import WARC/ARC files' article pages into the corpus"),
    "reextract": ("reextract", "re-extract the corpus from its WARC archive; store what changed"),
    "worker": ("worker", "work on a crawl planned into Redis (crawl --redis): fetch, extract, store"),
    "status": ("status", "a distributed crawl's queues, leases, workers and pace, from Redis"),
}

DESCRIPTION = """\
vnnews crawls Vietnamese provincial news sites into a JSONL corpus (one article per line).

Start here:
  vnnews sites                       list the outlets vnnews knows
  vnnews probe baoquangninh          check an outlet's entry before the first crawl
  vnnews crawl baoquangninh          crawl one outlet into ./data/corpus
  vnnews extract page.html           turn a saved article page into a record
  vnnews parse-date "Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]"
  vnnews export --site baoquangninh -o qn.parquet
Run `vnnews COMMAND --help` for each command's options.
"""


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser; only ``command``'s module is imported (all of them when ``command`` is None)."""
    parser = argparse.ArgumentParser(
        prog="vnnews", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, (module_name, summary) in COMMANDS.items():
        if command is not None and name != command:
            sub.add_parser(name, help=summary)
            continue
        module = importlib.import_module(f"scraper.commands.{module_name}")
        p = sub.add_parser(
            name,
            help=summary,
            description=(module.__doc__ or summary).strip(),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def _chosen_command(argv: list[str]) -> str | None:
    first = next((a for a in argv if not a.startswith("-")), None)
    return first if first in COMMANDS else None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    command = _chosen_command(argv)
    parser = build_parser(command) if command else build_parser("")
    args = parser.parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

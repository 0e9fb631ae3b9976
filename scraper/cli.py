"""The ``vnnews`` command line: thin, parses arguments and hands over to one module per command."""

from __future__ import annotations

import argparse
import importlib
import sys

# name -> module under scraper.commands; each module has add_arguments(parser) and run(args) -> int
COMMANDS: dict[str, str] = {
    "crawl": "crawl",
    "extract": "extract",
    "sites": "sites",
    "parse-date": "parse_date",
    "export": "export",
    "stats": "stats",
    "report": "report",
    "demo": "demo",
}

DESCRIPTION = """\
vnnews crawls Vietnamese provincial news sites into a JSONL corpus (one article per line).

Start here:
  vnnews sites                       list the outlets vnnews knows
  vnnews crawl baoquangninh          crawl one outlet into ./data/corpus
  vnnews extract page.html           turn a saved article page into a record
  vnnews parse-date "Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]"
  vnnews export --site baoquangninh -o qn.parquet
Run `vnnews COMMAND --help` for each command's options.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="vnnews", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(f"scraper.commands.{module_name}")
        doc = (module.__doc__ or "").strip()
        p = sub.add_parser(
            name,
            help=doc.splitlines()[0] if doc else None,
            description=doc,
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        module.add_arguments(p)
        p.set_defaults(_run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args._run(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())

"""Parse Vietnamese date strings to ISO 8601 +07:00, one line per input (empty when no date).

Example:
  vnnews parse-date "Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]"
"""

from __future__ import annotations

import argparse
import sys

from scraper.dates import parse_date


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("texts", nargs="*", metavar="TEXT")


def run(args: argparse.Namespace) -> int:
    for text in args.texts or sys.stdin.read().splitlines():
        print(parse_date(text).iso or "")
    return 0

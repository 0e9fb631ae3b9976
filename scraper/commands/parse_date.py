"""Parse Vietnamese date strings into ISO 8601 with +07:00, one output line per input.

Each TEXT argument (or, with none, each line of stdin) gives one line on stdout: the ISO value
(YYYY-MM-DDTHH:MM:SS+07:00; a date-only string gives local midnight) or an empty line when the
string holds no date (impossible, lunar, ambiguous or relative without --now). Use it to check
a site's date strings, or in bulk from scripts: line N of the output answers line N of the input.
The exit status is 0 whenever the arguments are valid, dates found or not.

Relative forms (5 phút trước, hôm qua) are resolved only against --now, never the machine clock.

Examples:
  vnnews parse-date "Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]"
      2022-09-10T15:05:37+07:00
  vnnews parse-date --now 2026-11-29T10:00:00+07:00 "Hôm qua lúc 15:30" "29/02/2023"
      2026-11-28T15:30:00+07:00
      (empty line: 29/02/2023 does not exist)
  cut -f3 dates.tsv | vnnews parse-date --explain > iso.txt
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from datetime import datetime

from scraper import exitcodes
from scraper.dates import parse_date
from scraper.dates.zone import local


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("texts", nargs="*", metavar="TEXT", help="date strings (default: read lines from stdin)")
    p.add_argument("--now", metavar="ISO",
                   help="reference time for relative forms, e.g. 2026-11-29T10:00:00+07:00 (no offset = Vietnam time)")
    p.add_argument("--explain", action="store_true",
                   help="on stderr, say why a line has no date and flag warnings (weekday_mismatch)")


def reference_time(text: str | None) -> datetime | None:
    """The --now value as an aware datetime; ValueError with a readable message when malformed."""
    if text is None:
        return None
    try:
        return local(datetime.fromisoformat(text.strip()))
    except ValueError:
        raise ValueError(f"--now must be an ISO 8601 time like 2026-11-29T10:00:00+07:00, not {text!r}") from None


def _stdin_lines() -> Iterator[str]:
    """Lines of stdin as UTF-8 whatever the locale; a broken byte becomes U+FFFD, not a crash."""
    for raw in sys.stdin.buffer:
        yield raw.decode("utf-8", errors="replace").rstrip("\r\n")


def run(args: argparse.Namespace) -> int:
    try:
        now = reference_time(args.now)
    except ValueError as exc:
        print(f"vnnews parse-date: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    inputs: Iterable[str] = args.texts if args.texts else _stdin_lines()
    for number, text in enumerate(inputs, 1):
        result = parse_date(text, now)
        print(result.iso or "", flush=not args.texts)
        if args.explain and (result.reason or result.warnings):
            note = result.reason or ", ".join(result.warnings)
            print(f"line {number}: {note}: {text}", file=sys.stderr)
    return exitcodes.OK

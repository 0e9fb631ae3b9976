"""Date parsing speed and correctness: scraper.dates against plain ``dateparser.parse``.

Two fixed lists, both from the tables: "common shapes" are the strings news pages really print
(the real-page rows and the generated per-shape rows of tests/data/dates_table.tsv, plus every
dated row of ../shared/fixtures/dates.tsv); "whole table" adds our rare hand-written shapes
(period words, month names, offsets, relative forms), except the English-month rows that are
our own dateparser fallback. Each list is parsed by both in the same run; the script prints
strings/second and the ratio, then checks both against every row of both tables.
Exit status 1 when our agreement is below 100% or we are less than 100x faster on common shapes.

Run: .venv/bin/python bench/dates.py [--rounds N]
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import sys
import time
import warnings
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import dateparser

from scraper.dates import parse_date, to_iso
from scraper.dates.fallback import LANGUAGES, SETTINGS

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "tests" / "data" / "dates_table.tsv"
SHARED = Path(os.environ.get("VNNEWS_REAL_PAGES", ROOT.parent / "shared" / "fixtures")) / "dates.tsv"
# dateparser gets our settings except the two that make it refuse partial dates (they are ours)
PLAIN_SETTINGS = {k: v for k, v in SETTINGS.items() if k not in ("REQUIRE_PARTS", "STRICT_PARSING")}

Row = tuple[str, datetime | None, str]


def read_rows(path: Path, keep: Callable[[dict[str, str]], bool] = lambda row: True) -> list[Row]:
    """(text, now, expected) for the rows ``keep`` accepts."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE) if keep(r)]
    return [(r["text"], datetime.fromisoformat(r["now"]) if r["now"] else None, r["expected"]) for r in rows]


def ours(text: str, now: datetime | None) -> str:
    return parse_date(text, now).iso or ""


def plain_dateparser(text: str, now: datetime | None) -> str:
    settings = dict(PLAIN_SETTINGS, RELATIVE_BASE=now.replace(tzinfo=None)) if now else PLAIN_SETTINGS
    try:
        value = dateparser.parse(text, languages=LANGUAGES, settings=settings)
    except (ValueError, OverflowError):  # e.g. year 0001: dateparser's own crash counts as no date
        return "(error)"
    return to_iso(value) if value else ""


def speeds(rows: list[Row], rounds: int, chunk: int = 16) -> tuple[float, float]:
    """Strings per second for (ours, dateparser). The two are timed in alternating chunks of the
    list, so a busy machine slows both alike and the ratio stays fair; ours makes ``rounds``
    passes (it is too fast to time in one), dateparser one."""
    ours_time = dp_time = 0.0
    gc.disable()  # as timeit does: one side's garbage must not be collected on the other's clock
    for i in range(0, len(rows), chunk):
        part = rows[i : i + chunk]
        start = time.perf_counter()
        for _ in range(rounds):
            for text, now, _expected in part:
                ours(text, now)
        middle = time.perf_counter()
        for text, now, _expected in part:
            plain_dateparser(text, now)
        dp_time += time.perf_counter() - middle
        ours_time += middle - start
    gc.enable()
    return rounds * len(rows) / ours_time, len(rows) / dp_time


def agreement(parse: Callable[[str, datetime | None], str], rows: list[Row]) -> tuple[int, list[str]]:
    wrong = [f"{text!r}: got {got or '(none)'}, want {want or '(none)'}"
             for text, now, want in rows if (got := parse(text, now)) != want]
    return len(rows) - len(wrong), wrong


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=20, help="passes over the list for our parser (default 20)")
    args = parser.parse_args()
    warnings.simplefilter("ignore")  # dateparser's deprecation chatter is not a result
    table = read_rows(TABLE) + read_rows(SHARED)
    common = read_rows(TABLE, lambda r: bool(r["expected"]) and r["note"].startswith(("real page", "generated")))
    common += read_rows(SHARED, lambda r: bool(r["expected"]))
    whole = read_rows(TABLE, lambda r: bool(r["expected"]) and "fallback" not in r["note"])
    for text, now, _ in common[:20]:  # warm-up: imports, regex compilation, dateparser's language data
        ours(text, now), plain_dateparser(text, now)
    ratio = 0.0
    for name, rows in (("common shapes", common), ("whole table", whole)):
        ours_rate, dp_rate = speeds(rows, args.rounds)
        ratio = ratio or ours_rate / dp_rate
        print(f"{name}: {len(rows)} strings")
        print(f"  scraper.dates   : {ours_rate:10,.0f} strings/s  ({args.rounds} rounds)")
        print(f"  dateparser.parse: {dp_rate:10,.0f} strings/s  (1 round, same settings, languages vi+en)")
        print(f"  ratio           : {ours_rate / dp_rate:10,.1f}x faster")
    print(f"target: >= 100x on common shapes: {'met' if ratio >= 100 else 'NOT met'}")
    ok, wrong = agreement(ours, table)
    dp_ok, _ = agreement(plain_dateparser, table)
    print(f"agreement with table ({len(table)} rows, ours + shared): scraper.dates {ok}/{len(table)} "
          f"({100 * ok / len(table):.1f}%), dateparser {dp_ok}/{len(table)} ({100 * dp_ok / len(table):.1f}%)")
    for line in wrong:
        print("  WRONG", line)
    return 0 if not wrong and ratio >= 100 else 1


if __name__ == "__main__":
    sys.exit(main())

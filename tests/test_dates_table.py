"""Every date string in our table and in the shared fixture table parses to the exact ISO value
(or to nothing, where the expected column is empty)."""

from __future__ import annotations

import csv
from datetime import datetime
from pathlib import Path

import pytest

from scraper.dates import parse_date

TABLE = Path(__file__).parent / "data" / "dates_table.tsv"


def read_table(path: Path) -> list[dict[str, str]]:
    """Rows of a text/now/expected/note TSV, read as UTF-8 bytes (no quoting: a date may hold ")."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def parsed_iso(row: dict[str, str]) -> str:
    now = datetime.fromisoformat(row["now"]) if row["now"] else None
    return parse_date(row["text"], now).iso or ""


OWN_ROWS = read_table(TABLE)


def test_table_is_big_and_covers_no_date_rows() -> None:
    assert len(OWN_ROWS) >= 300
    assert sum(1 for r in OWN_ROWS if not r["expected"]) >= 40
    assert sum(1 for r in OWN_ROWS if r["note"].startswith("real page")) >= 50


@pytest.mark.parametrize("row", OWN_ROWS, ids=[f"{i + 2}:{r['note'][:40]}" for i, r in enumerate(OWN_ROWS)])
def test_own_table(row: dict[str, str]) -> None:
    assert parsed_iso(row) == row["expected"], row["note"]


def test_shared_fixture_table(real_pages: Path) -> None:
    rows = read_table(real_pages / "dates.tsv")
    assert len(rows) >= 50
    wrong = [(r["text"], parsed_iso(r), r["expected"]) for r in rows if parsed_iso(r) != r["expected"]]
    assert wrong == []

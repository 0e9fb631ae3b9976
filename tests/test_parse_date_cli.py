"""``vnnews parse-date`` as a user runs it: a real subprocess, exact stdout lines."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-29T10:00:00+07:00"


def parse_date_cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "scraper", "parse-date", *args],
        input=stdin.encode("utf-8") if stdin is not None else None,
        capture_output=True, cwd=ROOT, timeout=60, check=False,
    )


def test_arguments_one_line_each_with_empty_line_for_no_date() -> None:
    done = parse_date_cli("--now", NOW, "Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]", "29/02/2023",
                          "Hôm qua lúc 15:30", "mùng 5 Tết", "07-03-2026 - 00:01 AM")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8").split("\n") == [
        "2022-09-10T15:05:37+07:00", "", "2026-11-28T15:30:00+07:00", "", "2026-03-07T00:01:00+07:00", "",
    ]
    assert done.stderr == b""


def test_stdin_lines_in_order_including_blank_and_decomposed_lines() -> None:
    lines = ["07/03/2026 08:06 GMT+7", "", "Tin liên quan", unicodedata.normalize("NFD", "Thứ Bảy, 07/03/2026 - 08:52"),
             "2024-03-04T01:00:00Z", "5 phút trước"]
    done = parse_date_cli("--now", NOW, stdin="\r\n".join(lines) + "\n")
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode("utf-8").splitlines() == [
        "2026-03-07T08:06:00+07:00", "", "", "2026-03-07T08:52:00+07:00", "2024-03-04T08:00:00+07:00",
        "2026-11-29T09:55:00+07:00",
    ]


def test_without_now_relative_forms_give_empty_lines_and_explain_says_why() -> None:
    done = parse_date_cli("--explain", "2 giờ trước", "32/13/2024", "Thứ Hai, 05/03/2024 07:00")
    assert done.returncode == 0
    assert done.stdout.decode("utf-8").splitlines() == ["", "", "2024-03-05T07:00:00+07:00"]
    assert done.stderr.decode("utf-8").splitlines() == [
        "line 1: relative date needs a reference time: 2 giờ trước: 2 giờ trước",
        "line 2: impossible date 32/13/2024: 32/13/2024",
        "line 3: weekday_mismatch: Thứ Hai, 05/03/2024 07:00",
    ]


def test_bad_now_is_a_one_line_error() -> None:
    done = parse_date_cli("--now", "hôm qua", "07/03/2026")
    assert done.returncode == 3
    assert done.stdout == b""
    assert done.stderr.decode("utf-8").strip().splitlines() == [
        "vnnews parse-date: --now must be an ISO 8601 time like 2026-11-29T10:00:00+07:00, not 'hôm qua'"
    ]


def test_help_shows_an_example() -> None:
    done = parse_date_cli("--help")
    assert done.returncode == 0
    assert 'vnnews parse-date "Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]"' in done.stdout.decode("utf-8")

"""What parse_date says beside the ISO value: precision, warnings, lunar flag, reasons; and the
promises around it (NFC, injected clock only, never an exception, no Scrapy import)."""

from __future__ import annotations

import ast
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.dates import parse_date, to_iso

NOW = datetime(2026, 11, 29, 10, 0, tzinfo=timezone(timedelta(hours=7)))


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]", "second"),
        ("07/03/2026 08:06 GMT+7", "minute"),
        ("8 giờ sáng 5/3/2024", "minute"),
        ("ngày 21 tháng 09 năm 2025", "day"),
        ("2026-01-08", "day"),
        ("2026-03-07 08:07", "minute"),
        ("2025-06-17T13:43:02+0700", "second"),
        ("Sat, 10 Sep 2022 08:05:37 GMT", "second"),
        ("hôm qua", "day"),
        ("5 phút trước", "minute"),
        ("30 giây trước", "second"),
    ],
)
def test_precision(text: str, precision: str) -> None:
    assert parse_date(text, NOW).precision == precision


def test_date_only_is_local_midnight() -> None:
    r = parse_date("2026-01-08")
    assert r.value is not None and (r.value.hour, r.value.minute, r.value.second) == (0, 0, 0)
    assert r.value.utcoffset() == timedelta(hours=7)


@pytest.mark.parametrize(
    "text", ["Thứ Hai, 05/03/2024 07:00", "CN, 04/03/2024", "T7 04/03/2024", "Tue, 04 Mar 2024 07:00:00 +0700"]
)
def test_weekday_mismatch_keeps_date_and_flags_it(text: str) -> None:
    r = parse_date(text)
    assert r.iso is not None and r.iso.startswith(("2024-03-05", "2024-03-04"))
    assert r.warnings == ("weekday_mismatch",)


def test_matching_weekday_gives_no_warning() -> None:
    assert parse_date("Thứ Hai, 04/03/2024 07:00").warnings == ()


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("29/02/2023", "impossible date 29/02/2023"),
        ("32/13/2024", "impossible date 32/13/2024"),
        ("25:00", "impossible time 25:00"),
        ("15:30", "time without a date"),
        ("", "empty string"),
        ("Tin liên quan", "no date found"),
        ("05/03/2024 - 06/03/2024", "several dates in one string"),
        ("tháng 3/2024", "month and year without a day"),
    ],
)
def test_reasons(text: str, reason: str) -> None:
    r = parse_date(text, NOW)
    assert (r.value, r.iso, r.precision, r.reason) == (None, None, None, reason)


@pytest.mark.parametrize("text", ["Mùng 6-8/3 âm lịch", "mùng 5 Tết", "ngày 15 tháng Giêng năm Giáp Thìn", "12/3 ÂL"])
def test_lunar_is_flagged_never_gregorian(text: str) -> None:
    r = parse_date(text, NOW)
    assert r.lunar is True and r.iso is None and r.reason.startswith("lunar date")


@pytest.mark.parametrize("text", ["5 phút trước", "hôm nay", "Hôm qua lúc 15:30", "vừa xong"])
def test_relative_without_now_gives_no_date(text: str) -> None:
    r = parse_date(text)
    assert r.iso is None and "reference time" in r.reason


def test_relative_uses_injected_now_not_machine_clock() -> None:
    assert parse_date("hôm qua", datetime(2001, 5, 2, 12, 0, tzinfo=timezone.utc)).iso == "2001-05-01T00:00:00+07:00"
    naive_local = datetime(2001, 5, 2, 0, 30)  # naive now = Vietnam local time
    assert parse_date("hôm nay", naive_local).iso == "2001-05-02T00:00:00+07:00"


@pytest.mark.parametrize(
    "text", ["Thứ Bảy, 07/03/2026 - 08:52", "Chủ nhật, ngày 4 tháng Tư năm 2025", "Hôm kia lúc 7h15"]
)
def test_decomposed_diacritics_parse_the_same(text: str) -> None:
    nfd = unicodedata.normalize("NFD", text)
    assert nfd != text
    assert parse_date(nfd, NOW) == parse_date(text, NOW)


def test_to_iso_converts_and_drops_fraction() -> None:
    assert to_iso(datetime(2024, 3, 4, 1, 0, 0, 999_999, tzinfo=timezone.utc)) == "2024-03-04T08:00:00+07:00"
    assert to_iso(datetime(2024, 3, 4, 7, 0)) == "2024-03-04T07:00:00+07:00"


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.text(alphabet=st.sampled_from(list("0123456789/-.:,| hgGTtZzAPMSACHNnguờytháăâêôơưđ+()[]")), max_size=40),
    st.text(max_size=40),
))
def test_junk_never_raises_and_is_consistent(text: str) -> None:
    r = parse_date(text, NOW)
    assert (r.value is None) == (r.iso is None) == (r.precision is None)
    assert (r.iso is None) == bool(r.reason)


@pytest.mark.parametrize(
    "text",
    ["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "31/12/9999 23:59 (GMT-12)", "00/00/0000 00:00",
     "Mon, 01 Jan 0001 00:00:00 +1400", "99999999999999999999 phút trước", "\x00\ufeff", "-" * 5000,
     "Mùng 6 âm lịch " + "rất dài\n" * 200, "Số 1 " * 300 + "05/03/2024"],
)
def test_extreme_values_give_a_reason_not_an_exception(text: str) -> None:
    r = parse_date(text, NOW)
    assert r.iso is None and r.reason
    assert len(r.reason) <= 100 and "\n" not in r.reason


def test_dates_package_never_imports_scrapy() -> None:
    package = Path(__file__).resolve().parent.parent / "scraper" / "dates"
    for module in package.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not [n for n in names if n.split(".")[0] in ("scrapy", "spiders", "pipelines")], module.name

"""Round trips: any instant, written in each shape Vietnamese pages use, parses back exactly
(to the precision the shape shows)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.dates import parse_date

VN = timezone(timedelta(hours=7))
WEEKDAYS = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]
SHORT = ["T2", "T3", "T4", "T5", "T6", "T7", "CN"]
MONTHS = ["Một", "Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám", "Chín", "Mười", "Mười Một", "Mười Hai"]
EN_MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
EN_DAYS = "Mon Tue Wed Thu Fri Sat Sun".split()


def twelve(d: datetime, am: str, pm: str) -> str:
    return f"{d.hour % 12 or 12}:{d:%M} {am if d.hour < 12 else pm}"


def rfc(d: datetime) -> str:
    return f"{EN_DAYS[d.weekday()]}, {d.day} {EN_MONTHS[d.month - 1]} {d:%Y %H:%M:%S} {d:%z}"


# shape name -> (writer of the Vietnam-local datetime, precision it keeps)
SHAPES: dict[str, tuple[Callable[[datetime], str], str]] = {
    "vnexpress": (lambda d: f"{WEEKDAYS[d.weekday()]}, {d.day}/{d.month}/{d:%Y}, {d:%H:%M} (GMT+7)", "minute"),
    "upper pipe seconds": (lambda d: f"{WEEKDAYS[d.weekday()].upper()}, {d:%d/%m/%Y} | {d:%H:%M:%S} [GMT +7]", "second"),
    "numeric weekday": (lambda d: f"Thứ {d.weekday() + 2}, {d:%d/%m/%Y} - {d:%H:%M}" if d.weekday() < 6
                        else f"CN, {d:%d/%m/%Y} - {d:%H:%M}", "minute"),
    "short weekday": (lambda d: f"{SHORT[d.weekday()]}, {d:%d/%m/%Y} {d:%H:%M}", "minute"),
    "time first": (lambda d: f"{d:%H:%M} | {d.day}/{d.month}/{d:%Y}", "minute"),
    "dashes": (lambda d: f"{d:%d-%m-%Y %H:%M:%S}", "second"),
    "dots": (lambda d: f"Ngày đăng: {d:%d.%m.%Y} {d:%H:%M}", "minute"),
    "two-digit year": (lambda d: f"{d:%d/%m/%y} {d:%H:%M}", "minute"),
    "15h05": (lambda d: f"{d.hour}h{d:%M} ngày {d.day}/{d.month}/{d:%Y}", "minute"),
    "15g05": (lambda d: f"{d.hour}g{d:%M}, {d:%d/%m/%Y}", "minute"),
    "giờ phút": (lambda d: f"{d.hour} giờ {d.minute} phút ngày {d:%d/%m/%Y}", "minute"),
    "AM/PM": (lambda d: f"{d:%d-%m-%Y} - {twelve(d, 'AM', 'PM')}", "minute"),
    "SA/CH": (lambda d: f"{twelve(d, 'SA', 'CH')} {d:%d/%m/%Y}", "minute"),
    "words": (lambda d: f"ngày {d.day} tháng {d.month} năm {d:%Y}", "day"),
    "month word": (lambda d: f"{WEEKDAYS[d.weekday()]}, ngày {d.day} tháng {MONTHS[d.month - 1]} năm {d:%Y}", "day"),
    "label lúc": (lambda d: f"Cập nhật lúc {d:%H:%M} ngày {d:%d/%m/%Y}", "minute"),
    "iso naive": (lambda d: d.strftime("%Y-%m-%dT%H:%M:%S"), "second"),
    "iso space": (lambda d: d.strftime("%Y-%m-%d %H:%M"), "minute"),
    "iso date": (lambda d: d.strftime("%Y-%m-%d"), "day"),
}
# shapes that carry their own offset: written in any zone, read back as the same instant
ZONED: dict[str, Callable[[datetime], str]] = {
    "iso offset": lambda d: d.isoformat(),
    "iso compact offset": lambda d: d.strftime("%Y-%m-%dT%H:%M:%S%z"),
    "iso utc": lambda d: d.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
    "rfc": rfc,
    "gmt text": lambda d: d.strftime("%d/%m/%Y %H:%M:%S") + f" (GMT{d:%z}"[:-2] + ":" + f"{d:%z})"[-3:],
}

instants = st.datetimes(min_value=datetime(1976, 1, 1), max_value=datetime(2037, 12, 31))
offsets = st.integers(min_value=-12 * 4, max_value=14 * 4).map(lambda q: timezone(timedelta(minutes=15 * q)))


def truncate(d: datetime, precision: str) -> datetime:
    if precision == "day":
        return d.replace(hour=0, minute=0, second=0, microsecond=0)
    if precision == "minute":
        return d.replace(second=0, microsecond=0)
    return d.replace(microsecond=0)


def iso(d: datetime) -> str:
    return d.astimezone(VN).strftime("%Y-%m-%dT%H:%M:%S+07:00")


@pytest.mark.parametrize("shape", sorted(SHAPES))
@settings(max_examples=60, deadline=None)
@given(naive=instants)
def test_local_shapes_round_trip(shape: str, naive: datetime) -> None:
    write, precision = SHAPES[shape]
    if shape == "two-digit year" and not 1970 <= naive.year <= 2069:
        return
    local = truncate(naive.replace(tzinfo=VN), precision)
    text = write(local)
    result = parse_date(text)
    assert (result.iso, result.precision, result.warnings) == (iso(local), precision, ()), text


@pytest.mark.parametrize("shape", sorted(ZONED))
@settings(max_examples=60, deadline=None)
@given(naive=instants, zone=offsets)
def test_zoned_shapes_round_trip(shape: str, naive: datetime, zone: timezone) -> None:
    instant = naive.replace(tzinfo=zone)  # fractions in the text are dropped, never rounded
    text = ZONED[shape](instant)
    assert parse_date(text).iso == iso(instant), text

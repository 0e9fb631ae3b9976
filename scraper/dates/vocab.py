"""The Vietnamese words dates are written with: weekdays, month names, parts of the day, lunar
markers. Everything here matches lower-cased NFC text (``Thứ Bảy`` → ``thứ bảy``)."""

from __future__ import annotations

import re

# weekday word -> Python weekday (Monday = 0): ``thứ hai`` … ``thứ bảy``, ``chủ nhật``
WEEKDAY_WORDS = {"hai": 0, "ba": 1, "tư": 2, "bốn": 2, "năm": 3, "sáu": 4, "bảy": 5, "bẩy": 5}
WEEKDAY = re.compile(
    r"(?<!\w)(?:thứ\s*(?P<word>hai|ba|tư|bốn|năm|sáu|bảy|bẩy|[2-7])|t(?P<short>[2-7])|(?P<sun>chủ\s*nhật|cn))(?!\w)"
)


def weekday_of(m: re.Match[str]) -> int:
    """Python weekday named by a WEEKDAY match: ``Thứ 7`` and ``T7`` → 5, ``CN`` → 6."""
    if m["sun"]:
        return 6
    word = m["word"] or m["short"]
    return int(word) - 2 if word.isdigit() else WEEKDAY_WORDS[word]


# month names after ``tháng``; Giêng and Chạp are lunar months and handled as lunar markers
MONTH_WORDS = {
    "một": 1, "hai": 2, "ba": 3, "tư": 4, "bốn": 4, "năm": 5, "sáu": 6, "bảy": 7, "bẩy": 7,
    "tám": 8, "chín": 9, "mười": 10, "mười một": 11, "mười hai": 12,
}
MONTH = r"(?:\d{1,2}|mười một|mười hai|mười|một|hai|ba|tư|bốn|năm|sáu|bảy|bẩy|tám|chín)"


def month_number(word: str) -> int:
    """``3`` or ``ba`` → 3."""
    word = " ".join(word.split())
    return int(word) if word.isdigit() else MONTH_WORDS[word]


# ``sáng`` keeps a morning hour, ``chiều`` and ``tối`` move 1-11 to the afternoon/evening,
# ``trưa`` moves 1-4 (``1 giờ trưa`` = 13:00), ``đêm`` moves 7-11 (``11 giờ đêm`` = 23:00) and
# reads 12 as midnight; 12-hour markers: ``SA``/``AM`` morning, ``CH``/``PM`` afternoon.
PERIOD = r"(?:sáng|trưa|chiều|tối|đêm|am|pm|a\.m\.|p\.m\.|sa|ch)"


def apply_period(hour: int, period: str | None) -> int | None:
    """The 24-hour value of ``hour`` read with a period word; None when they cannot go together
    (``15 giờ sáng``, ``0 PM``)."""
    if not period:
        return hour
    p = period.replace(".", "")
    if hour > 12:  # already 24-hour: ``20:00 tối`` stands, ``15 giờ sáng`` contradicts itself
        return hour if p in ("pm", "ch", "chiều", "tối", "đêm") else None
    if hour == 0 and p not in ("am", "sa", "đêm"):
        return None
    if p in ("am", "sa", "sáng"):
        return 0 if hour == 12 else hour
    if p in ("pm", "ch", "chiều", "tối"):
        return hour if hour == 12 else hour + 12
    if p == "trưa":
        return hour + 12 if hour <= 4 else hour
    return 0 if hour == 12 else hour + 12 if hour >= 7 else hour  # đêm


# Lunar calendar: ``âm lịch`` (``ÂL``), the lunar month names, ``mùng 5 Tết``, a Can-Chi year.
_CAN = "giáp|ất|bính|đinh|mậu|kỷ|kỉ|canh|tân|nhâm|quý|quí"
_CHI = "tý|tí|sửu|dần|mão|mẹo|thìn|tỵ|tị|ngọ|mùi|thân|dậu|tuất|hợi"
LUNAR_HINTS = ("âm", "âl", "tháng", "tết", "năm")  # every LUNAR match holds one of these
LUNAR = re.compile(
    rf"âm\s*lịch|(?<!\w)âl(?!\w)|tháng\s*(?:giêng|chạp)|(?:mùng|mồng)\s*\d{{1,2}}\s*tết"
    rf"|năm\s+(?:{_CAN})\s+(?:{_CHI})(?!\w)"
)

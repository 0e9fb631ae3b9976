"""The article header when a template puts it inside the body container (OneCMS does: headline,
``Đinh Nguyệt •`` byline line, ``11/09/2021 15:29`` date line, then the lead): those lines never
start a body, whichever CMS prints them.

The header is recognised by its anchors, the headline printed again or a date line, among the
first few blocks; section labels and byline lines before the last anchor, and byline lines right
after it, belong to it too. Without an anchor nothing is taken away: a body may well open with a
short subheading.
"""

from __future__ import annotations

import re

from scraper.extract.blocks import Block
from scraper.extract.byline import parse_byline
from scraper.extract.datecands import VISIBLE_DATE
from scraper.extract.title import similarity

_SCAN = 8  # the header is among the first blocks of a container
_LABEL_MAX = 40  # characters of a section label or breadcrumb line (``Thời sự > Xã hội``)
_BYLINE_MAX = 60
# What a date line holds besides the date: weekday, clock, zone, "Cập nhật", separators.
_DATE_WORDS = re.compile(
    r"\b\d{1,2}:\d{2}(?::\d{2})?\b|\b(?:am|pm|sa|ch)\b|gmt\s*[+-]?\s*\d{0,2}(?::?00)?|utc|"
    r"\b(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|\d)|chủ\s+nhật|cập\s+nhật|đăng|ngày|lúc|giờ|xuất\s+bản)\b",
    re.I,
)


def is_date_line(text: str) -> bool:
    """A line that is a publish date and nothing else, or a byline and a date: ``Thứ Bảy,
    07/03/2026 - 08:52 (GMT+7)``, ``Cập nhật: 08:15, 12/03/2023``, ``Lan Anh • 02/04/2025 16:10``;
    not a sentence that mentions a date."""
    if len(text) > 80 or not VISIBLE_DATE.search(text):
        return False
    rest = _DATE_WORDS.sub(" ", VISIBLE_DATE.sub(" ", text))
    return len(re.findall(r"\w+", rest)) <= 1 or _is_byline_line(rest.strip(" -–—|•,:()"))


def _is_label(text: str) -> bool:
    """A breadcrumb or section label: short, no sentence punctuation (``Sức khỏe``,
    ``Thời sự > Trong tỉnh``)."""
    return len(text) <= _LABEL_MAX and len(text.split()) <= 6 and not re.search(r"[.,;:!?\"“”]$|[.!?]\s", text)


def _is_byline_line(text: str) -> bool:
    if len(text) > _BYLINE_MAX:
        return False
    parsed = parse_byline(text)
    return parsed is not None and bool(parsed.authors or parsed.wire_source)


def header_end(blocks: list[Block], title: str | None) -> int:
    """How many leading blocks are the article header (0 when no headline or date line leads)."""
    last_anchor = -1
    for i, block in enumerate(blocks[:_SCAN]):
        text = block.text
        if title and len(text) <= 2 * len(title) and similarity(text, title) >= 0.85:
            last_anchor = i
        elif is_date_line(text):
            last_anchor = i
        elif not (_is_byline_line(text) or _is_label(text)):
            break
    end = last_anchor + 1
    while end and end < len(blocks) and _is_byline_line(blocks[end].text):  # "… 15:29" then "Lan Anh"
        end += 1
    return end

"""Bylines as Vietnamese papers print them, parsed into authors and a wire source.

Authors are kept as printed (``NHẬT XUÂN`` stays upper case, ``P.Y`` stays an abbreviation);
labels (``Bài và ảnh:``, ``Tin, ảnh:``) and the compiler's note ``(tổng hợp)`` are dropped, so
``Hà Thu (tổng hợp)`` gives ``["Hà Thu"]``. ``Theo TTXVN`` is a wire source, not an author:
``wire_source`` names the agency or outlet the text was taken from.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from scraper.text import clean_line

# Agencies and outlets that appear after "Theo" as the source of a piece, not as a person.
WIRE_SOURCES = (
    "TTXVN", "TTXVN/Vietnam+", "Vietnam+", "VNA", "VOV", "VTV", "VTC", "VGP", "TTO", "TTVN",
    "Reuters", "AFP", "AP", "Bloomberg", "Xinhua", "Tân Hoa Xã", "CNN", "BBC", "Kyodo", "Yonhap",
    "Sputnik", "RIA Novosti", "TASS", "CNBC", "Nikkei", "SCMP", "Guardian", "NHK",
)
_WIRE_KEYS = {w.lower() for w in WIRE_SOURCES}
_LABEL = re.compile(
    r"^(?:bài\s*(?:và|,|/)\s*ảnh|tin\s*(?:và|,|/)\s*ảnh|ảnh\s*(?:và|,)\s*bài|bài|tin|nội dung|"
    r"thực hiện|tác giả|phóng viên|người viết|nhóm thực hiện|biên tập)\s*[:：]\s*",
    re.I,
)
_PHOTO_ONLY = re.compile(r"^(?:ảnh|video|clip|đồ họa|đồ hoạ|nguồn ảnh)\s*[:：]", re.I)
_THEO = re.compile(r"^\(?\s*(?:theo|nguồn)\s*[:：]?\s+(.+?)\)?$", re.I)
_COMPILED = re.compile(r"\s*\((?:tổng hợp|t/h|th|tổng hợp\s*/\s*.*|lược dịch|dịch|biên dịch)\)\s*$", re.I)
_THEO_TAIL = re.compile(r"\s*\(\s*theo\s+([^)]{2,40})\)\s*$", re.I)
_OTHERS = re.compile(r"\s+và\s+\d+\s+tác giả khác\s*$", re.I)
_SPLIT = re.compile(r"\s+[-–—&]\s+|\s*[,;/]\s*|\s+và\s+", re.I)
_TEAM = {"pv", "nhóm pv", "ctv", "nhóm phóng viên", "pv/ctv", "nhóm ctv", "btv", "pv-ctv"}


@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...] = ()
    wire_source: str | None = None


def is_name(text: str) -> bool:
    """True for a personal name or a newsroom team as printed: ``Duy Khoa``, ``P.Y``, ``NHẬT XUÂN``."""
    text = clean_line(text)
    if text.lower() in _TEAM:
        return True
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 40 or any(ch.isdigit() for ch in text):
        return False
    return all(_name_word(w) for w in words)


def _name_word(word: str) -> bool:
    """A capitalised word (``Hà``, ``NHẬT``) or initials (``P.Y``, ``T.Hà``, ``H.``)."""
    return word[0].isupper() and all(c.isalpha() or c in ".'’-" for c in word) and ".." not in word


def _wire(text: str) -> str | None:
    """The agency/outlet named in ``text`` when it is one (``TTXVN``, ``báo Nhân Dân``, ``Vnexpress.net``)."""
    name = re.sub(r"^(?:báo|trang|tạp chí|đài)\s+", "", clean_line(text), flags=re.I).rstrip(".")
    if name.lower() in _WIRE_KEYS or re.search(r"\.(?:vn|com|net|org)\b", name, re.I):
        return name
    if name != clean_line(text) and name:  # "báo Nhân Dân": a named outlet
        return name
    if re.fullmatch(r"[A-ZĐ+]{2,8}(?:/[\w+]+)?", name):  # TTXVN, VOV, VNA
        return name
    return None


def _names(text: str) -> list[str] | None:
    text = _OTHERS.sub("", text)
    parts = [p.strip(" .") for p in _SPLIT.split(text) if p.strip(" .")]
    if parts and all(is_name(p) for p in parts):
        return parts
    return None


def parse_byline(raw: str) -> Byline | None:
    """Authors and wire source of one byline string, or None when it is not a byline.

    ``Tin, ảnh: P.Y`` → (["P.Y"], None); ``Theo TTXVN`` → ([], "TTXVN");
    ``Minh Anh - Quốc Huy`` → (["Minh Anh", "Quốc Huy"], None).
    """
    text = clean_line(raw).strip("*_ ")
    if not text or len(text) > 80 or _PHOTO_ONLY.match(text):
        return None
    wire = None
    tail = _THEO_TAIL.search(text)
    if tail:
        wire = _wire(tail.group(1)) or clean_line(tail.group(1))
        text = text[: tail.start()]
    theo = _THEO.match(text)
    if theo:
        source = theo.group(1).strip(" .")
        as_wire = _wire(source)
        if as_wire:
            return Byline((), as_wire)
        names = _names(source)
        return Byline(tuple(names), wire) if names else None
    text = _COMPILED.sub("", _LABEL.sub("", text)).strip(" .")
    names = _names(text)
    if names:
        return Byline(tuple(names), wire)
    return Byline((), wire) if wire and not text else None


def fold(text: str) -> str:
    """Lower case without tone marks or spaces, for comparing names: ``Tuổi Trẻ`` → ``tuoitre``."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


def is_outlet_name(name: str, outlet_names: list[str]) -> bool:
    """True when an "author" is really the site (``VnExpress``, ``TUOI TRE ONLINE``, ``baochinhphu.vn``)."""
    if re.search(r"https?:|www\.|\.(?:vn|com|net)\b|\b(?:online|news|báo|tạp chí|điện tử|vccorp)\b", name, re.I):
        return True
    key = fold(name)
    for outlet in outlet_names:
        other = fold(re.sub(r"^(?:báo|tạp chí)\s+", "", outlet, flags=re.I))
        if key and other and (key in other or other in key):
            return True
    return False

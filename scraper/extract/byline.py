"""Bylines as Vietnamese papers print them, parsed into authors and a wire source.

Role labels (``Tin:``, ``Bài và ảnh:``, ``Tin, ảnh:``, ``Nội dung:``) are dropped and every name
they credit is kept, photo credits of the byline line included: ``Tin: Tường Minh - Ảnh: Đỗ Hiền``
gives ``["Tường Minh", "Đỗ Hiền"]``. A line that credits only a photo (``Ảnh: Thu Trang``) is a
caption credit, not a byline. The compiler's note ``(tổng hợp)`` is dropped, so ``Hà Thu (tổng
hợp)`` gives ``["Hà Thu"]``. Names printed in capitals are given in reading case (``NHẬT XUÂN`` →
``Nhật Xuân``, see ``scraper.extract.names``); initials such as ``P.Y`` stay as printed.
``Theo TTXVN`` and ``Theo Vietnamnet`` name a source, not an author: ``wire_source`` is the
agency or outlet the text was taken from, kept as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.extract.names import base_letters, is_name, looks_vietnamese, reading_case
from scraper.text import clean_line

# Agencies and outlets that appear after "Theo" as the source of a piece, not as a person. The
# national papers are listed because their names read like personal names (``Thanh Niên``).
WIRE_SOURCES = (
    "TTXVN", "TTXVN/Vietnam+", "Vietnam+", "VNA", "VOV", "VTV", "VTC", "VGP", "TTO", "TTVN",
    "Reuters", "AFP", "AP", "Bloomberg", "Xinhua", "Tân Hoa Xã", "CNN", "BBC", "Kyodo", "Yonhap",
    "Sputnik", "RIA Novosti", "TASS", "CNBC", "Nikkei", "SCMP", "Guardian", "NHK",
    "Thanh Niên", "Tuổi Trẻ", "Dân trí", "Lao Động", "Người Lao Động", "Tiền Phong", "Nhân Dân",
    "Quân đội nhân dân", "Công an nhân dân", "Sài Gòn Giải Phóng", "Hà Nội Mới", "Đại Đoàn Kết",
    "Giáo dục và Thời đại", "Sức khỏe và Đời sống", "Kinh tế và Đô thị", "Pháp luật TP.HCM",
    "Thời báo Kinh tế Việt Nam", "Nông nghiệp Việt Nam", "Vietnamnet",
)
_LABELS = (r"bài|tin|ảnh|video|clip|đồ\s*họa|đồ\s*hoạ|nội dung|thực hiện|tác giả|phóng viên|người viết|"
           r"nhóm thực hiện|biên tập|thiết kế|trình bày|quay phim|dựng phim|nguồn ảnh")
# A role label at the start or after a separator: "Tin:", " - Ảnh:", "Bài và ảnh:", "Tin, ảnh:"
_ROLE = re.compile(rf"(?:^|(?<=[\s\-–—,;|/•]))((?:{_LABELS})(?:\s*(?:và|,|/|&)\s*(?:{_LABELS}))*)\s*[:：]\s*", re.I)
_PICTURE_ROLES = re.compile(r"^(?:ảnh|video|clip|đồ\s*họa|đồ\s*hoạ|nguồn ảnh|quay phim|dựng phim|thiết kế|"
                            r"trình bày)$", re.I)
_THEO = re.compile(r"^\(?\s*(?:theo|nguồn)\s*[:：]?\s+(.+?)\)?$", re.I)
_COMPILED = re.compile(r"\s*\((?:tổng hợp|t/h|th|tổng hợp\s*/\s*.*|lược dịch|dịch|biên dịch)\)\s*$", re.I)
_THEO_TAIL = re.compile(r"\s*\(\s*theo\s+([^)]{2,40})\)\s*$", re.I)
_OTHERS = re.compile(r"\s+và\s+\d+\s+tác giả khác\s*$", re.I)
_SPLIT = re.compile(r"\s+[-–—&]\s+|\s*[,;/•|]\s*|\s+và\s+", re.I)


@dataclass(frozen=True)
class Byline:
    authors: tuple[str, ...] = ()
    wire_source: str | None = None


def fold(text: str) -> str:
    """Lower case without tone marks or spaces, for comparing names: ``Tuổi Trẻ`` → ``tuoitre``."""
    return "".join(c for c in base_letters(text) if c.isalnum())


_WIRE_KEYS = {fold(w) for w in WIRE_SOURCES}


def _wire(text: str) -> str | None:
    """The agency/outlet named in ``text`` when it is one (``TTXVN``, ``báo Nhân Dân``, ``Vnexpress.net``)."""
    name = re.sub(r"^(?:báo|trang|tạp chí|đài)\s+", "", clean_line(text), flags=re.I).rstrip(".")
    if fold(name) in _WIRE_KEYS or re.search(r"\.(?:vn|com|net|org)\b", name, re.I):
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
        return [reading_case(p) for p in parts]
    return None


def _role_names(text: str) -> list[str] | None:
    """Names credited under role labels: ``Tin: Tường Minh - Ảnh: Đỗ Hiền`` → both names,
    ``Minh Anh - Ảnh: Quốc Huy`` too (the unlabelled first part is the writer); None without a
    label, when a part is not names, or when only pictures are credited (``Ảnh: Thu Trang``)."""
    labels = list(_ROLE.finditer(text))
    if not labels:
        return None
    lead = text[: labels[0].start()].strip(" -–—,;|/•.")
    if not lead and all(_PICTURE_ROLES.match(" ".join(m.group(1).split())) for m in labels):
        return None
    segments = [lead] if lead else []
    segments += [text[m.end(): nxt.start() if nxt else len(text)].strip(" -–—,;|/•.")
                 for m, nxt in zip(labels, [*labels[1:], None])]
    found: list[str] = []
    for segment in segments:
        names = _names(_COMPILED.sub("", segment)) if segment else []
        if names is None:
            return None
        found += [n for n in names if n not in found]
    return found or None


def parse_byline(raw: str) -> Byline | None:
    """Authors and wire source of one byline string, or None when it is not a byline.

    ``Tin, ảnh: P.Y`` → (["P.Y"], None); ``Theo TTXVN`` → ([], "TTXVN");
    ``Minh Anh - Quốc Huy`` → (["Minh Anh", "Quốc Huy"], None).
    """
    text = clean_line(raw).strip("*_•| ")
    if not text or len(text) > 80:
        return None
    wire = None
    tail = _THEO_TAIL.search(text)
    if tail:
        wire = _wire(tail.group(1)) or clean_line(tail.group(1))
        text = text[: tail.start()]
    theo = _THEO.match(text)
    if theo:
        return _credited_source(theo.group(1).strip(" ."), wire)
    roles = _role_names(text)
    if roles:
        return Byline(tuple(roles), wire)
    if _ROLE.match(text):  # a label we could not read names after, or a photo credit
        return None
    names = _names(_COMPILED.sub("", text).strip(" ."))
    if names:
        return Byline(tuple(names), wire)
    return Byline((), wire) if wire and not text else None


def _credited_source(source: str, wire: str | None) -> Byline | None:
    """``Theo X``: X is an agency or outlet (``TTXVN``, ``Vietnamnet``, ``Dân trí``), or the
    author a piece is credited to (``Theo Phạm Tuấn``)."""
    as_wire = _wire(source)
    if as_wire:
        return Byline((), as_wire)
    names = _names(source)
    if names and all(looks_vietnamese(n) for n in names):
        return Byline(tuple(names), wire)
    if source[:1].isupper() and len(source.split()) <= 5 and not re.search(r"[,;:!?]", source):
        return Byline((), source)  # "Theo Vietnamnet", "Theo Zing": an outlet's name
    return None


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


__all__ = ["Byline", "WIRE_SOURCES", "fold", "is_name", "is_outlet_name", "parse_byline"]

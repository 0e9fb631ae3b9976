"""Vietnam's province names, before and after the 1 July 2025 merger, and one matching key per name.

Records name a province as the registry writes it (``Quảng Ninh``, ``TP Hồ Chí Minh``); analysts
type ``quang ninh``, ``Thanh Hoá`` or ``tp.hcm``. ``province_key`` maps all of those spellings to
one key so a filter compares keys, never raw strings.
"""

from __future__ import annotations

import re
from functools import lru_cache

from scraper.export.fold import fold_name

# The 63 provinces and centrally-run cities before 1 July 2025.
BEFORE_2025: tuple[str, ...] = (
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Cần Thơ",
    "Đà Nẵng", "Đắk Lắk", "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
    "Hà Nam", "Hà Nội", "Hà Tĩnh", "Hải Dương", "Hải Phòng", "Hậu Giang", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An",
    "Nam Định", "Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "TP Hồ Chí Minh",
    "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)

# The 34 units from 1 July 2025 (all but Huế keep a pre-merger name).
FROM_2025: tuple[str, ...] = (
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "TP Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
)

_PUNCT = re.compile(r"[.\-–—,_/]+")
_PREFIX = re.compile(r"^(tinh|thanh pho|tp)\s+")
_ALIASES = {"tphcm": "ho chi minh", "hcm": "ho chi minh", "sai gon": "ho chi minh", "hcmc": "ho chi minh"}


@lru_cache(maxsize=4096)
def province_key(name: str) -> str:
    """``"Thành phố Hồ Chí Minh"``, ``"tp.hcm"`` and ``"TP Hồ Chí Minh"`` all give ``"ho chi minh"``."""
    key = " ".join(_PUNCT.sub(" ", fold_name(name)).split())
    key = _PREFIX.sub("", key)
    return _ALIASES.get(key, key)


def known_province_keys(extra: tuple[str, ...] = ()) -> dict[str, str]:
    """Key -> display name for every province before and after 2025, plus ``extra`` names
    (e.g. the registry's current and former provinces)."""
    return {province_key(n): n for n in BEFORE_2025 + FROM_2025 + extra}

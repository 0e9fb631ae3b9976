"""Diacritics folding, so an analyst can type ``quang ninh`` and find ``Quảng Ninh``.

Vietnamese letters carry up to two marks (``ệ`` = e + circumflex + dot below); folding maps each
precomposed letter to its bare Latin base. ``đ``/``Đ`` is a letter of its own, not ``d`` + a mark,
so it is mapped to ``d``/``D`` explicitly.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_LATIN = [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]


def _base_letters() -> dict[int, str]:
    """Precomposed Latin letter -> bare base (``ệ`` -> ``e``), plus ``đ`` -> ``d``."""
    table = {}
    for cp in _LATIN:
        parts = unicodedata.normalize("NFD", chr(cp))
        if len(parts) > 1 and parts[0].isascii():
            table[cp] = parts[0]
    table[ord("đ")], table[ord("Đ")] = "d", "D"
    return table


_TO_BASE: dict[int, str | None] = {**_base_letters(), **dict.fromkeys(range(0x300, 0x370))}
_VARIANTS: dict[str, str] = {}
for _cp, _base in _TO_BASE.items():
    if _base is not None:
        _VARIANTS[_base.lower()] = _VARIANTS.get(_base.lower(), "") + chr(_cp)


def strip_marks(text: str) -> str:
    """Diacritics removed, case kept: ``strip_marks("Đồng Tháp") == "Dong Thap"``.

    Safe on a regular expression too (``\\D`` stays ``\\D``), unlike lower-casing.
    """
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", text).translate(_TO_BASE)


def fold(text: str) -> str:
    """Lower-case, diacritics removed: ``fold("Đồng Tháp") == "dong thap"``."""
    return strip_marks(text).casefold()


@lru_cache(maxsize=4096)
def fold_name(name: str) -> str:
    """A place name folded and with runs of spaces collapsed; cached (few distinct names)."""
    return " ".join(fold(name).split())


def folded_pattern(needle: str) -> str:
    """A case-insensitive regex finding ``needle`` with any diacritics in the searched text:
    ``nong`` -> ``n[oòóỏõọôồ…]ng``. Searching NFC text with it avoids folding every body."""
    out = []
    for ch in fold(needle):
        variants = _VARIANTS.get(ch)
        out.append(f"[{ch}{variants}]" if variants else re.escape(ch))
    return "".join(out)

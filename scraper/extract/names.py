"""Personal names as Vietnamese papers print them: is this a name, and its reading case.

A name printed entirely in capitals (``NHẬT XUÂN``, ``ĐỖ HIỀN``) is given in title case
(``Nhật Xuân``, ``T.HÀ`` → ``T.Hà``) so one person matches across outlets and against JSON-LD,
which prints names in title case. Initials and abbreviations keep their print (``P.Y``, ``T.Hà``,
``PV``, ``Nhóm PV``), and so does a single capitalised word (``VOV`` or ``LAN``: an acronym cannot
be told from a name).
"""

from __future__ import annotations

import re
import unicodedata

from scraper.text import clean_line

TEAMS = {"pv", "nhóm pv", "ctv", "nhóm phóng viên", "pv/ctv", "nhóm ctv", "btv", "pv-ctv"}
_PIECES = re.compile(r"([.'’\-])")
# The longest Vietnamese syllable has 7 letters (nghiêng); f, j, w, z are not Vietnamese letters.
_MAX_SYLLABLE = 7
_FOREIGN = set("fjwz")


def base_letters(word: str) -> str:
    """Lower-case letters without tone and vowel marks: ``Nguyễn`` → ``nguyen``, ``Đỗ`` → ``do``."""
    decomposed = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_syllable(word: str) -> bool:
    """A Vietnamese syllable: letters only, a vowel in it, at most 7 letters, no f/j/w/z."""
    base = base_letters(word)
    return (0 < len(base) <= _MAX_SYLLABLE and base.isalpha() and not (_FOREIGN & set(base))
            and any(c in "aeiouy" for c in base))


def looks_vietnamese(name: str) -> bool:
    """Every word a Vietnamese syllable, none with a capital inside (``VnExpress``, ``Vietnamnet``,
    ``Zing`` are outlets, not people)."""
    words = clean_line(name).replace(".", " ").split()
    return bool(words) and all(is_syllable(w) and not any(c.isupper() for c in w[1:]) for w in words)


def is_name(text: str) -> bool:
    """True for a personal name or a newsroom team as printed: ``Duy Khoa``, ``P.Y``, ``NHẬT XUÂN``."""
    text = clean_line(text)
    if text.lower() in TEAMS:
        return True
    words = text.split()
    if not 1 <= len(words) <= 5 or len(text) > 40 or any(ch.isdigit() for ch in text):
        return False
    return all(_name_word(w) for w in words)


def _name_word(word: str) -> bool:
    """A capitalised word (``Hà``, ``NHẬT``) or initials (``P.Y``, ``T.Hà``, ``H.``)."""
    return word[0].isupper() and all(c.isalpha() or c in ".'’-" for c in word) and ".." not in word


def reading_case(name: str) -> str:
    """``NHẬT XUÂN`` → ``Nhật Xuân``, ``T.HÀ NGUYỄN`` → ``T.Hà Nguyễn``; mixed case, initials,
    vowel-less abbreviations (``PV``) and a single capitalised word (``VOV``) are kept as printed."""
    words = name.split()
    letters = [c for c in name if c.isalpha()]
    if not letters or any(c.islower() for c in letters) or (len(words) < 2 and "." not in name):
        return name
    return " ".join("".join(p.capitalize() if len(p) > 1 and is_syllable(p) else p for p in _PIECES.split(w))
                    for w in words)

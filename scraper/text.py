"""Text hygiene for Vietnamese: Unicode NFC, invisible characters, whitespace.

Tone-mark placement policy: text is kept **as published** (``hoà`` and ``hòa`` both stay as the
outlet wrote them), only composed to NFC. ``normalise_tone_marks`` offers the other policy.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

# zero-width space/joiners, word joiner, BOM, soft hyphen, C0 controls except tab/newlines, DEL
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def nfc(text: str) -> str:
    """Compose to NFC: decomposed ``Quảng`` (a + combining hook above) becomes one code point each."""
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def fix_entities(text: str) -> str:
    """Entities left in text by a CMS that escaped twice: ``Hoa &amp; quả`` → ``Hoa & quả``,
    ``Tiền&nbsp;Hải`` → ``Tiền Hải``, ``Đ&#7871;n`` → ``Đến``."""
    return html.unescape(text) if "&" in text else text


def clean_line(text: str) -> str:
    """NFC, leftover entities decoded, invisible and control characters removed, runs of spaces
    (incl. ``&nbsp;``) collapsed, trimmed."""
    if len(text) <= _SHORT:  # menu items, labels, link titles: the same few thousand on every page
        return _clean_short(text)
    return _clean(text)


_SHORT = 120


def _clean(text: str) -> str:
    text = _INVISIBLE.sub("", nfc(fix_entities(text)))
    return _SPACES.sub(" ", text).strip()


_clean_short = lru_cache(maxsize=32768)(_clean)


def clean_block(text: str) -> str:
    """Like ``clean_line`` per line; blank-line paragraph breaks kept, runs of blank lines folded."""
    paras = [clean_line(p) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)


_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
_WORD = re.compile(r"\w+")
# Open syllables whose tone position differs between the styles: oa, oe, uy (not after "qu").
_OPEN_PAIR = re.compile(r"^(?!qu)([bcdđghklmnpqrstvx]*)(oa|oe|uy)$")


def _retone(word: str, style: str) -> str:
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    m = _OPEN_PAIR.match(base.lower())
    if not m:
        return word
    at = len(m.group(1)) + (1 if style == "new" else 0)
    return unicodedata.normalize("NFC", base[: at + 1] + tones[0] + base[at + 1:])


def normalise_tone_marks(text: str, style: str = "new") -> str:
    """Move tone marks of open ``oa``/``oe``/``uy`` syllables to one placement style.

    ``style="new"`` (modern, on the main vowel): ``hòa`` → ``hoà``, ``thúy`` → ``thuý``,
    ``khỏe`` → ``khoẻ``; ``style="old"`` does the reverse. Syllables with a final consonant
    (``hoàng``, ``thuyết``) and ``qu`` words (``quý``) are the same in both styles and unchanged.
    Not applied by default: text is kept as published.
    """
    if style not in ("new", "old"):
        raise ValueError(f"style must be 'new' or 'old', not {style!r}")
    return _WORD.sub(lambda m: _retone(m.group(0), style), nfc(text))

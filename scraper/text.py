"""Text hygiene for Vietnamese: Unicode NFC, invisible characters, whitespace.

Tone-mark placement policy: text is kept **as published** (``hoà`` and ``hòa`` both stay as the
outlet wrote them), only composed to NFC. ``normalise_tone_marks`` offers the other policy.
"""

from __future__ import annotations

import re
import unicodedata

# zero-width space/joiners, word joiner, BOM, soft hyphen
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


def nfc(text: str) -> str:
    """Compose to NFC: decomposed ``Quảng`` (a + combining hook above) becomes one code point each."""
    return unicodedata.normalize("NFC", text)


def clean_line(text: str) -> str:
    """NFC, invisible characters removed, runs of spaces (incl. ``&nbsp;``) collapsed, trimmed."""
    text = nfc(text).translate(_INVISIBLE)
    return _SPACES.sub(" ", text).strip()


def clean_block(text: str) -> str:
    """Like ``clean_line`` per line; blank-line paragraph breaks kept, runs of blank lines folded."""
    paras = [clean_line(p) for p in re.split(r"\n\s*\n", text)]
    return "\n\n".join(p for p in paras if p)

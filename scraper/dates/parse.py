"""``parse_date``: one string in, one ParseResult out, never an exception.

Order: clean (NFC, spaces) → lunar check → the common numeric shape (one regex) → ISO / RFC →
the general Vietnamese regex path → dateparser only when no date shape was found at all.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime

from scraper.dates.common import parse_common
from scraper.dates.fallback import parse_fallback
from scraper.dates.machine import parse_iso, parse_rfc
from scraper.dates.result import ParseResult, missing
from scraper.dates.text import parse_text
from scraper.dates.vocab import LUNAR, LUNAR_HINTS

# dashes to ASCII, zero-width characters out (str.split already knows every Unicode space)
_DASHES = str.maketrans({"–": "-", "—": "-", "‐": "-", "−": "-", "／": "/", "\u200b": None, "\ufeff": None})
_ODD = re.compile("[–—‐−／\u200b\ufeff]")  # translate() is slow on Vietnamese text: only when needed
# reasons that mean "no date shape recognised", the only case worth asking dateparser about
_UNRECOGNISED = ("no date found", "no full date")
MAX_LENGTH = 300  # a date line on a page is short; a paragraph is not a date string
_HAS_WORD_MONTH = re.compile(r"[a-z]{3}", re.I)


def clean(text: str) -> str:
    """NFC (decomposed ``Thứ Bảy`` equals composed), one plain space, ASCII dashes, trimmed."""
    if not text.isascii():
        if not unicodedata.is_normalized("NFC", text):
            text = unicodedata.normalize("NFC", text)
        if _ODD.search(text):
            text = text.translate(_DASHES)
    return " ".join(text.split())


def parse_date(text: str, now: datetime | None = None) -> ParseResult:
    """Parse one date/time string from a Vietnamese news page into ``+07:00``.

    ``now`` (the crawl time) resolves relative forms; without it ``2 giờ trước`` gives no date.
    >>> parse_date("Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]").iso
    '2022-09-10T15:05:37+07:00'
    """
    if not isinstance(text, str):
        return missing(f"not a string: {type(text).__name__}")
    text = clean(text)
    if not text:
        return missing("empty string")
    if len(text) > MAX_LENGTH:
        return missing(f"too long for a date string ({len(text)} characters)")
    low = text.lower()
    if any(h in low for h in LUNAR_HINTS) and LUNAR.search(low):
        return missing(f"lunar date: {text}", lunar=True)
    result = parse_common(low) or parse_iso(text) or parse_rfc(text) or parse_text(low, now)
    if result.value is None and result.reason.startswith(_UNRECOGNISED) and _HAS_WORD_MONTH.search(low):
        return parse_fallback(text)
    return result

"""A record's text as words, normalised for comparing copies only (records keep text as published).

Two outlets carrying one wire story differ in ways a reader ignores: tone-mark placement
(``hoà``/``hòa``, ``thuý``/``thúy``, ``khoẻ``/``khỏe``), capitals, punctuation and spacing. Here
text is lower-cased, punctuation dropped, and every word written with the new placement (the
tone on the second vowel of an open ``oa``, ``oe``, ``uy``: ``hòa`` -> ``hoà``), so such copies
give the same word list. Words are converted once each and remembered: news text reuses a few
thousand syllables, so a text costs a dictionary lookup per word.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Callable
from typing import TypeVar

from scraper.record import Record

T = TypeVar("T")

_TONE = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (decomposed)
# the old placement, decomposed: o+tone+a, o+tone+e, u+tone+y at the end of a syllable
_OLD_PLACEMENT = re.compile(f"(o|u)([{_TONE}])(a|e|y)$")
_PAIRS = {("o", "a"), ("o", "e"), ("u", "y")}
_PUNCTUATION = re.compile(r"[^\w\s]+")  # runs of it only: spaces are left to split()


class Memo(dict[str, T]):
    """``function`` of each word, remembered: news text reuses a few thousand syllables, so most
    words cost a dictionary lookup. Past ``limit`` entries (~15 MiB) it starts afresh."""

    def __init__(self, function: Callable[[str], T], limit: int = 100_000) -> None:
        super().__init__()
        self.function, self.limit = function, limit

    def __missing__(self, word: str) -> T:
        if len(self) >= self.limit:
            self.clear()
        value = self[word] = self.function(word)
        return value


def new_placement(word: str) -> str:
    """A lower-case NFC word with the new tone placement: ``hòa`` -> ``hoà``, ``thủy`` -> ``thuỷ``."""
    decomposed = unicodedata.normalize("NFD", word)
    match = _OLD_PLACEMENT.search(decomposed)
    if match and (match.group(1), match.group(3)) in _PAIRS:
        decomposed = decomposed[: match.start()] + match.group(1) + match.group(3) + match.group(2)
    return unicodedata.normalize("NFC", decomposed)


_WORDS = Memo(new_placement)

MIN_WORDS = 50  # below this a text is matched exactly only: too few shingles to estimate similarity


def comparable_words(text: str) -> list[str]:
    """``"Hòa Bình: khỏe!"`` and ``"hoà bình  khoẻ"`` give the same list of words."""
    spaced = _PUNCTUATION.sub(" ", unicodedata.normalize("NFC", text)).lower()
    return list(map(_WORDS.__getitem__, spaced.split()))


def body_words(record: Record) -> list[str]:
    """The words copies are compared on: the body (titles and sapos are rewritten too often)."""
    return comparable_words(str(record.get("body") or ""))


def text_key(record: Record, words: list[str]) -> int:
    """64-bit key of the normalised text for exact matching (an SQLite INTEGER).

    A short body (under ``MIN_WORDS``) is keyed with its title, so that two unrelated briefs
    sharing a stock one-liner (``Xem video.``) are not taken for copies.
    """
    text = " ".join(words)
    if len(words) < MIN_WORDS:
        text = " ".join(comparable_words(str(record.get("title") or ""))) + "\n" + text
    digest = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)

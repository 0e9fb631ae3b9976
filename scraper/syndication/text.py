"""A record's text as words, normalised for comparing copies only (records keep text as published).

Two outlets carrying one wire story differ in ways a reader ignores: tone-mark placement
(``hoà``/``hòa``, ``thuý``/``thúy``), capitals, punctuation and spacing. Here every word is
lower-cased, its tone mark moved behind its letters (``hòa`` and ``hoà`` both become
``hoa`` + grave), and punctuation dropped, so such copies give the same word list.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from scraper.record import Record

# huyền, sắc, ngã, hỏi, nặng: in NFD each is one combining mark after the vowel it sits on
_TONE = "\u0300\u0301\u0303\u0309\u0323"
# a tone mark, then the rest of its word (letters, đ, and the vowel marks ^ ˘ and the horn)
_TONE_THEN_LETTERS = re.compile(f"([{_TONE}])([a-z\u0111\u0302\u0306\u031b]+)")
_NOT_WORD = re.compile(r"[\W_]+")

MIN_WORDS = 50  # below this a text is matched exactly only: too few shingles to estimate similarity


def comparable_words(text: str) -> list[str]:
    """``"Hòa Bình: khỏe!"`` and ``"hoà bình  khoẻ"`` give the same list of words.

    Punctuation goes first (on NFC text, where a Vietnamese letter is one word character); then
    the decomposed form puts each tone mark after its word's letters, one placement for both styles.
    """
    spaced = _NOT_WORD.sub(" ", unicodedata.normalize("NFC", text)).lower()
    return _TONE_THEN_LETTERS.sub(r"\2\1", unicodedata.normalize("NFD", spaced)).split()


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

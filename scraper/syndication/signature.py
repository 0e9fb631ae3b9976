"""MinHash signatures of word shingles, and the LSH band keys that find similar signatures on disk.

A copy with a new lead, an added byline or a cut last paragraph keeps most of its 5-word
shingles, while two different stories on one topic share only stock phrases (or, for a
follow-up, a background paragraph or two). MinHash estimates the Jaccard similarity of two
shingle sets from 128 numbers per text; locality-sensitive hashing keys 42 bands of 3 of those
numbers, so a similar text is found by looking up 42 integers in an SQLite index instead of
comparing against every stored text. Candidates are then checked on their full signatures.

The signature is datasketch's ``MinHash(num_perm=128, seed=SEED, scheme="affine32")`` of the
shingle hashes, value for value (``tests/test_syndication_signature.py`` checks it against
datasketch itself), computed here in one vectorised step: datasketch hashes its input one
Python call at a time and loads scipy on import (0.8 s), which cost the crawl about 5 % of its
pages per minute for nothing (``bench/crawl.py``).
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
import numpy as np

from scraper.syndication.text import Memo

SHINGLE_WORDS = 5
NUM_PERM = 128
# 126 of the 128 values are banded: a pair at Jaccard 0.5 is a candidate 99.6 % of the time, at 0.4 94 %
BANDS, ROWS = 42, 3
# Two texts are copies when the shorter one's shingles are at least THRESHOLD contained in the
# other, and their Jaccard similarity is at least MIN_JACCARD (measured: bench/syndication.py).
THRESHOLD = 0.6
MIN_JACCARD = 0.25
SEED = 20261129  # part of the on-disk format: changing it (or the sizes) needs a re-index


def _permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's affine32 permutations h -> a*h + b (mod 2^32), a odd, drawn the same way."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


_A, _B = _permutations(NUM_PERM, SEED)

_MIX = np.random.default_rng(SEED).integers(1, 1 << 63, size=(SHINGLE_WORDS,), dtype=np.uint64) | np.uint64(1)
_BAND_MIX = np.random.default_rng(SEED + 1).integers(1, 1 << 63, size=(BANDS, ROWS), dtype=np.uint64) | np.uint64(1)
_DTYPE = np.dtype("<u4")


@dataclass(frozen=True)
class Signature:
    """A text's MinHash values (``NUM_PERM`` unsigned 32-bit), its ``BANDS`` LSH keys and how many
    distinct shingles it has (to estimate containment)."""

    values: np.ndarray
    bands: tuple[int, ...]
    shingles: int

    def blob(self) -> bytes:
        return self.values.astype(_DTYPE).tobytes()


_WORD_HASHES = Memo(lambda word: zlib.crc32(word.encode("utf-8")))


def shingle_hashes(words: list[str]) -> np.ndarray:
    """One 32-bit hash per run of ``SHINGLE_WORDS`` consecutive words (one for a shorter text).

    Words are hashed once (CRC-32) and combined per window with fixed odd multipliers; ``minhash``
    then mixes each value (MurmurHash3's finaliser) before its permutations.
    """
    if not words:
        return np.zeros(0, dtype=np.uint32)
    tokens = np.fromiter(map(_WORD_HASHES.__getitem__, words), dtype=np.uint64, count=len(words))
    k = min(SHINGLE_WORDS, len(tokens))
    n = len(tokens) - k + 1
    combined = np.zeros(n, dtype=np.uint64)
    for offset in range(k):
        combined += tokens[offset:offset + n] * _MIX[offset]
    return (combined >> np.uint64(32)).astype(np.uint32)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finaliser, which datasketch applies to every input hash first."""
    values = values ^ (values >> np.uint32(16))
    values = values * np.uint32(0x85EBCA6B)
    values = values ^ (values >> np.uint32(13))
    values = values * np.uint32(0xC2B2AE35)
    return values ^ (values >> np.uint32(16))


def minhash(hashes: np.ndarray) -> np.ndarray:
    """The ``NUM_PERM`` minima of the permuted 32-bit ``hashes`` (all ones for no input)."""
    if not len(hashes):
        return np.full(NUM_PERM, 0xFFFFFFFF, dtype=np.uint32)
    mixed = _fmix32(hashes.astype(np.uint32)).reshape(-1, 1)
    return (mixed * _A + _B).min(axis=0)


def signature(words: list[str]) -> Signature:
    """The MinHash signature of a word list's shingle set, with its band keys."""
    hashes = shingle_hashes(words)
    values = minhash(hashes).astype(np.uint64)
    return Signature(values, band_keys(values), len(np.unique(hashes)))


def band_keys(values: np.ndarray) -> tuple[int, ...]:
    """One signed 64-bit key per band: equal keys mean (almost surely) equal rows in that band."""
    mixed = (values[: BANDS * ROWS].reshape(BANDS, ROWS) * _BAND_MIX).sum(axis=1, dtype=np.uint64)
    mixed ^= mixed >> np.uint64(31)
    return tuple(mixed.view(np.int64).tolist())


def from_blob(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=_DTYPE).astype(np.uint64)


def similarity(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity: the share of MinHash positions where the two agree."""
    return float(np.count_nonzero(a == b)) / NUM_PERM

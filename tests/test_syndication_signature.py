"""What copies are compared on: normalised words, shingle hashes, MinHash signatures, LSH bands."""

from __future__ import annotations

import numpy as np
import pytest
from datasketch import MinHash

from scraper.demo.stories import StoryWriter, edit
from scraper.store.clusters import containment, is_copy
from scraper.syndication.signature import BANDS, NUM_PERM, SEED, shingle_hashes, signature, similarity
from scraper.syndication.text import MIN_WORDS, comparable_words, text_key
from scraper.text import normalise_tone_marks

WRITER = StoryWriter(seed=2, topics=10)


@pytest.mark.parametrize(
    ("one", "other"),
    [
        ("Hòa Bình: khỏe mạnh, Thúy và Thủy!", "hoà bình  khoẻ mạnh thuý và thuỷ"),  # tone placement, case, punctuation
        ("Xã Tân Lộc\u00a0— 12,5 tỷ đồng.", "xã tân lộc 12 5 tỷ đồng"),
        ("Ho\u0300a Bi\u0300nh", "Hòa Bình"),  # decomposed input is composed first
    ],
)
def test_spelling_a_reader_ignores_gives_the_same_words(one: str, other: str) -> None:
    assert comparable_words(one) == comparable_words(other)


@pytest.mark.parametrize(
    ("one", "other", "same"),
    [("thuỷ", "thủy", True), ("khoẻ", "khỏe", True), ("quý", "qúy", True),  # the two placements of an open pair
     ("hoàng", "hòang", False),  # closed syllable: one spelling in both styles; the other is a typo, kept apart
     ("mua", "múa", False), ("hoà", "hoá", False)],  # a tone is a different word, never dropped
)
def test_only_the_tone_placement_of_open_pairs_is_unified(one: str, other: str, same: bool) -> None:
    assert (comparable_words(one) == comparable_words(other)) is same


def test_every_story_in_either_tone_style_gives_the_same_words() -> None:
    rng = np.random.default_rng(1)
    for topic in range(10):
        body = WRITER.story(rng, topic).body
        assert comparable_words(normalise_tone_marks(body, "old")) == comparable_words(normalise_tone_marks(body, "new"))


def test_signatures_equal_datasketch_minhash() -> None:
    """The vectorised signature is datasketch's MinHash, value for value."""
    rng = np.random.default_rng(4)
    for topic in range(5):
        words = comparable_words(WRITER.story(rng, topic).body)
        reference = MinHash(num_perm=NUM_PERM, seed=SEED, scheme="affine32", hashfunc=int)
        reference.update_batch(shingle_hashes(words).tolist())
        assert np.array_equal(signature(words).values, reference.hashvalues.astype(np.uint64))
        assert len(signature(words).bands) == BANDS


def test_similarity_separates_copies_from_other_stories() -> None:
    rng = np.random.default_rng(7)
    story = WRITER.story(rng, 1)
    words = comparable_words(story.body)
    sig = signature(words)
    for how in ("new_lead", "byline", "cut_last", "new_lead+byline"):
        other = signature(comparable_words(edit(WRITER, story, how, rng, 1).body))
        jaccard = similarity(sig.values, other.values)
        assert is_copy(jaccard, sig.shingles, other.shingles), (how, jaccard)
    for different in (WRITER.story(rng, 1), WRITER.follow_up(rng, 1, story)):
        other = signature(comparable_words(different.body))
        jaccard = similarity(sig.values, other.values)
        assert not is_copy(jaccard, sig.shingles, other.shingles), jaccard
    assert sum(a == b for a, b in zip(sig.bands, signature(words).bands)) == BANDS


def test_containment_of_a_cut_copy() -> None:
    """Half of a text, cut out of it: Jaccard 0.5, but all of it is contained in the whole."""
    assert containment(0.5, 100, 50) == pytest.approx(1.0)
    assert containment(0.5, 100, 100) == pytest.approx(2 / 3)
    assert containment(0.0, 100, 100) == 0.0


def test_short_texts_are_keyed_with_their_title() -> None:
    body = "Mưa lớn kéo dài khiến nhiều tuyến đường ngập sâu."
    assert len(comparable_words(body)) < MIN_WORDS
    one = text_key({"title": "Mưa lớn ở Tân Lộc", "body": body}, comparable_words(body))
    same = text_key({"title": "MƯA LỚN Ở TÂN LỘC!", "body": body}, comparable_words(body))
    other = text_key({"title": "Tin ngắn", "body": body}, comparable_words(body))
    assert one == same != other
    long_body = " ".join(["Bà con xã Tân Lộc góp công làm đường."] * 8)
    assert text_key({"title": "A", "body": long_body}, comparable_words(long_body)) == text_key(
        {"title": "B", "body": long_body}, comparable_words(long_body))

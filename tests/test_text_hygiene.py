"""Text hygiene: NFC, invisible characters, leftover entities, and the tone-mark option."""

from __future__ import annotations

import unicodedata

import pytest

from scraper.text import clean_block, clean_line, nfc, normalise_tone_marks


def test_nfc_composes_decomposed_vietnamese():
    decomposed = unicodedata.normalize("NFD", "Quảng Ninh đón Tết")
    assert decomposed != "Quảng Ninh đón Tết"
    assert nfc(decomposed) == "Quảng Ninh đón Tết"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Hạ\u200bLong", "HạLong"),  # zero-width space removed
        ("Tiên\u00a0Yên", "Tiên Yên"),  # no-break space collapsed
        ("Bình\u00adLiêu", "BìnhLiêu"),  # soft hyphen removed
        ("\ufeffMóng Cái", "Móng Cái"),  # BOM removed
        ("Hoa &amp; quả", "Hoa & quả"),  # entity escaped twice by the CMS
        ("Đ&#7871;n nơi", "Đến nơi"),
        ("Cô&nbsp;Tô", "Cô Tô"),
        ("  Vân \t Đồn \n mới  ", "Vân Đồn mới"),
        ("Uông\x07Bí", "UôngBí"),  # control character
    ],
)
def test_clean_line(raw, clean):
    assert clean_line(raw) == clean


def test_clean_block_keeps_paragraphs():
    assert clean_block("Câu một.\n\n\n  Câu hai\u00a0nữa.  \n\n") == "Câu một.\n\nCâu hai nữa."


@pytest.mark.parametrize(
    ("old", "new"),
    [("hòa bình", "hoà bình"), ("Thúy", "Thuý"), ("khỏe mạnh", "khoẻ mạnh"), ("xòe", "xoè"),
     ("HÒA", "HOÀ"), ("Nguyễn Hòa Bình", "Nguyễn Hoà Bình")],
)
def test_tone_marks_both_ways(old, new):
    assert normalise_tone_marks(old, "new") == new
    assert normalise_tone_marks(new, "old") == old


@pytest.mark.parametrize("word", ["hoàng", "thuyết", "quý", "quá", "toàn", "Quảng"])
def test_tone_marks_same_in_both_styles(word):
    assert normalise_tone_marks(word, "new") == word
    assert normalise_tone_marks(word, "old") == word


def test_tone_style_is_checked():
    with pytest.raises(ValueError, match="style"):
        normalise_tone_marks("hòa", "modern")


def test_published_placement_is_kept_by_default():
    assert clean_line("hòa và hoà") == "hòa và hoà"

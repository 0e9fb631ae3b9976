"""Bytes → text as the crawler decodes them: BOM, HTTP header, <meta charset>, then detection.
Pages are generated here from own sentences, in the legacy encodings Vietnamese sites used."""

from __future__ import annotations

import unicodedata

import pytest

from scraper.decode import UndecodableError, decode_html
from scraper.extract import extract_article
from scraper.text import nfc

SENTENCE = "Người dân Quảng Ninh đón Tết Nguyên đán trong không khí ấm áp"
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Encode as windows-1258 does: base letters (ê, ơ, ư, ă, â, ô, đ) precomposed, tone marks
    as separate combining characters (``ậ`` → ``â`` + dot below)."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if unicodedata.combining(ch) and out:
            base, tones = out[-1]
            out[-1] = (base, tones + ch) if ch in _TONES else (unicodedata.normalize("NFC", base + ch), tones)
        else:
            out.append((ch, ""))
    return "".join(base + tones for base, tones in out).encode("cp1258")


def _page(body: bytes, head: bytes = b"") -> bytes:
    paras = b"".join(b"<p>" + body + b".</p>" for _ in range(6))
    return b"<html><head>" + head + b"<title>" + body + b"</title></head><body><article>" + paras + b"</article></body></html>"


def test_windows_1258_by_meta_charset():
    text = decode_html(_page(cp1258(SENTENCE), b'<meta charset="windows-1258">'))
    assert nfc(text).count(SENTENCE) == 7


def test_windows_1258_by_http_header():
    text = decode_html(_page(cp1258(SENTENCE)), "text/html; charset=windows-1258")
    assert nfc(text).count(SENTENCE) == 7


def test_windows_1258_undeclared_is_detected():
    text = decode_html(_page(cp1258(SENTENCE)))
    assert nfc(text).count(SENTENCE) == 7


@pytest.mark.parametrize("codec", ["utf-16", "utf-8-sig"])
def test_bom_wins(codec):
    data = _page(SENTENCE.encode("utf-8")).decode("utf-8").encode(codec)
    assert decode_html(data, "text/html; charset=iso-8859-1").count(SENTENCE) == 7


def test_header_beats_meta():
    data = _page(SENTENCE.encode("utf-8"), b'<meta charset="windows-1252">')
    assert decode_html(data, "text/html; charset=utf-8").count(SENTENCE) == 7


def test_binary_is_refused():
    with pytest.raises(UndecodableError):
        decode_html(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))


ARTICLE = [
    "Chợ hoa xuân ven sông mở cửa từ sáng sớm, người mua kẻ bán tấp nập suốt cả ngày cuối tuần",
    "Các nhà vườn mang về hàng nghìn chậu quất, đào và mai vàng, giá bán năm nay nhỉnh hơn năm ngoái",
    "Ban quản lý chợ bố trí thêm chỗ gửi xe và lực lượng hướng dẫn để bảo đảm trật tự cho người dân",
]


def test_decomposed_text_comes_out_composed_in_fields():
    """A windows-1258 page gives NFC text in the extracted title and body."""
    paras = b"".join(b"<p>" + cp1258(p) + b".</p>" for p in ARTICLE)
    data = (b'<html><head><meta charset="windows-1258"><title>' + cp1258(SENTENCE) + b"</title>"
            b'<meta property="article:published_time" content="2025-01-20T08:00:00+07:00"></head>'
            b"<body><article><h1>" + cp1258(SENTENCE) + b"</h1><div>" + paras + b"</div></article></body></html>")
    result = extract_article(decode_html(data), "https://example.vn/bai-viet-1.html", None, None)
    assert result.kind == "article", result.reason
    assert result.title == SENTENCE
    assert result.body == "\n\n".join(p + "." for p in ARTICLE)

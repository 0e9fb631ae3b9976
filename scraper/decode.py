"""Bytes → text for HTML pages: BOM, then HTTP header, then ``<meta charset>``, then detection.

Vietnamese pages still turn up in legacy encodings (windows-1258, VISCII-era UTF-8 mislabels);
w3lib does the declared cases as browsers do; charset-normalizer guesses only when nothing is
declared.
"""

from __future__ import annotations

import charset_normalizer
from w3lib.encoding import html_body_declared_encoding, html_to_unicode, read_bom


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can trust."""


def _detect(data: bytes) -> str | None:
    best = charset_normalizer.from_bytes(data[:200_000]).best()
    return best.encoding if best else None


def decode_html(data: bytes, content_type: str | None = None) -> str:
    """Decode page bytes the way the crawler does; raises UndecodableError for binary data."""
    if b"\x00" in data[:4096] and read_bom(data)[0] is None:
        raise UndecodableError("binary data (NUL bytes), not an HTML page")
    declared = bool(read_bom(data)[0] or content_type and "charset" in content_type.lower()
                    or html_body_declared_encoding(data))
    if declared:
        _, text = html_to_unicode(content_type, data)
        return text
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        encoding = _detect(data)
        if not encoding:
            raise UndecodableError("no declared charset and no plausible encoding") from None
        return data.decode(encoding, errors="replace")

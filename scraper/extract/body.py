"""From a container's blocks to the article body: chrome lines out, an article header printed
inside the container left out (scraper.extract.header), the lead's outlet tag (``(CTO) -``)
stripped, the sapo not repeated, and the closing byline taken out of the text.

Policy for photo stories: when the body's own paragraphs come to less than ``PHOTO_STORY_BELOW``
characters and the container holds two or more picture captions, the captions in page order
(their ``Ảnh: …`` credits removed) are the body: the article's text lives in them.

Policy when a page has no separate sapo but its first paragraph opens with an outlet tag
(``(CTO) - Ngày 8-1, …``, ``(HPĐT)- …``, ``QNO - …``) or is classed as a lead (``sapo``,
``lead``): that paragraph is the outlet's lead, so it becomes the sapo (tag removed) and the body
starts with the next paragraph, as a reader of the printed page sees it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scraper.extract.blocks import Block
from scraper.extract.byline import Byline, parse_byline
from scraper.extract.dom import HtmlElement, classes
from scraper.extract.generic import SAPO_CLASS
from scraper.extract.header import header_end
from scraper.extract.title import similarity

# Whole lines that are page furniture, not article text.
_CHROME_LINE = re.compile(
    r"^(?:tin liên quan|bài liên quan|tin cùng chuyên mục|tin mới|tin mới nhất|tham khảo thêm|"
    r"xem thêm|đọc thêm|xem tiếp|từ khóa|từ khoá|"
    r"tags?|chủ đề|ý kiến(?:\s*\(\d*\))?|bình luận(?:\s*\(\d*\))?|gửi bình luận|chia sẻ|in bài|"
    r"a\s*a|a-\s*a\+?|cỡ chữ|liên kết website|theo dõi .{0,40} trên google news|"
    r"quảng cáo|advertisement|tải thêm|xem bản (?:đầy đủ|mobile)|trở về đầu trang|"
    r"bạn đọc .{0,30}gửi .{0,40}|mời (?:quý )?(?:bạn đọc|độc giả) .{0,80})\s*:?$",
    re.I,
)
# A caption paragraph: a short text ending with the photo credit (``… Ảnh: HOÀNG ANH``).
_CAPTION = re.compile(r"(?:^|[\s.(\-–])(?:ảnh|nguồn ảnh|ảnh minh họa|ảnh minh hoạ)\s*:\s*[^.:]{1,60}\)?\.?$", re.I)
PHOTO_STORY_BELOW = 200
# ``(Baoquangninh.vn) -``, ``(CTO) -``, ``(Dân trí) -``, ``(NLĐO)-``, ``(Chinhphu.vn) -``
_DATELINE = re.compile(r"^\(\s*([^()]{2,30}?)\s*\)\s*(?:[-–—:]\s*|(?=\S))")
# Without brackets: one capitalised token and a dash, ``QNO - ``, ``TTO - ``, ``VOV.VN - ``
_BARE_TAG = re.compile(r"^[A-ZĐ][A-ZĐ0-9]{1,5}(?:\.VN)?\s*[-–—]\s+(?=\S)")


def strip_dateline(text: str) -> tuple[str, bool]:
    """Remove an outlet tag before the lead; only a short bracket, or one capitalised token with
    a dash, at the very start counts."""
    bare = _BARE_TAG.match(text)
    if bare:
        return text[bare.end():], True
    m = _DATELINE.match(text)
    if not m:
        return text, False
    inner = m.group(1)
    dash = text[m.start(): m.end()].rstrip().endswith(("-", "–", "—", ":"))
    outletish = bool(re.search(r"\.(?:vn|com|net)$|^[A-ZĐ][A-ZĐ0-9+]{1,9}O?$", inner, re.I)) or len(inner.split()) <= 3
    if not (dash and outletish) and not re.search(r"\.(?:vn|com|net)$", inner, re.I):
        return text, False
    return text[m.end():].lstrip(" -–—:"), True


def is_chrome_line(block: Block) -> bool:
    """Furniture such as ``Tin liên quan``, ``A A`` or a standalone photo credit."""
    text = block.text
    if _CHROME_LINE.match(text):
        return True
    return len(text) < 300 and bool(_CAPTION.search(text)) and parse_byline(text) is None  # not "Bài và ảnh: X"


@dataclass
class BodyParts:
    paragraphs: list[str] = field(default_factory=list)
    sapo: str | None = None
    byline: Byline | None = None
    byline_text: str | None = None
    first: HtmlElement | None = None  # the element of the first body paragraph (end of the header)


def _is_lead(block: Block) -> bool:
    """A paragraph classed as the lead (``p.sc-longform-header-sapo``, ``div.lead``)."""
    return block.element is not None and 40 <= len(block.text) <= 1000 and bool(SAPO_CLASS.search(classes(block.element)))


def _closing_byline(blocks: list[Block]) -> tuple[int, Byline | None]:
    """Index and parse of a byline among the last two blocks (``Duy Khoa``, ``Theo TTXVN``)."""
    for back in (1, 2):
        if len(blocks) < back:
            break
        block = blocks[-back]
        parsed = parse_byline(block.text)
        if parsed and (parsed.authors or parsed.wire_source):
            if back == 2 and not (parse_byline(blocks[-1].text) or len(blocks[-1].text) < 60):
                break
            return len(blocks) - back, parsed
    return -1, None


def assemble(blocks: list[Block], sapo: str | None, *, title: str | None = None,
             take_byline: bool = True) -> BodyParts:
    """Body paragraphs, sapo and closing byline from the container's blocks."""
    captions = [b for b in blocks if b.kind == "caption"]
    kept = [b for b in blocks if b.kind != "caption" and not is_chrome_line(b)]
    kept = kept[header_end(kept, title):]
    parts = BodyParts(sapo=strip_dateline(sapo)[0] if sapo else None)
    if kept and parts.sapo and similarity(strip_dateline(kept[0].text)[0], parts.sapo) > 0.85:
        kept = kept[1:]
    if kept:
        first, had_prefix = strip_dateline(kept[0].text)
        if (had_prefix or _is_lead(kept[0])) and parts.sapo is None and len(kept) > 1:
            parts.sapo, kept = first, kept[1:]
        elif had_prefix:
            kept[0] = Block(first, kept[0].kind, kept[0].element)
    parts.first = next((b.element for b in kept if b.element is not None), None)
    if take_byline and kept:
        index, parsed = _closing_byline(kept)
        if parsed is not None:
            parts.byline, parts.byline_text = parsed, kept[index].text
            kept = kept[:index] + kept[index + 1:]
            before = parse_byline(kept[-1].text) if index == len(kept) and kept else None
            if before and before.authors and not parsed.authors:  # "Ngọc Ánh" then "Theo TTXVN"
                parts.byline = Byline(before.authors, parsed.wire_source or before.wire_source)
                kept = kept[:-1]
    parts.paragraphs = [b.text for b in kept if b.text]
    if sum(len(p) for p in parts.paragraphs) < PHOTO_STORY_BELOW and len(captions) >= 2:
        texts = [t for t in (strip_credit(c.text) for c in captions) if t]
        if sum(len(t) for t in texts) > sum(len(p) for p in parts.paragraphs):
            parts.paragraphs = texts
            parts.first = parts.first if parts.first is not None else captions[0].element
    return parts


def strip_credit(caption: str) -> str:
    """A caption without its closing photo credit: ``Lúa chín vàng đồng. Ảnh: Minh Khôi`` →
    ``Lúa chín vàng đồng.``"""
    m = _CAPTION.search(caption)
    return caption[: m.start()].rstrip(" -–(") if m else caption

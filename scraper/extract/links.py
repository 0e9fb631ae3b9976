"""Related-article links and body images, as absolute URLs.

Related links come from the rule's ``related`` boxes, or generically from boxes headed
``Tin liên quan`` / ``Đọc thêm`` / ``Bài liên quan`` and related-class boxes inside or right after
the body. Navigation, footer and share links never count.
"""

from __future__ import annotations

import re

from scraper.extract.dom import HtmlElement, absolute, classes, content, text_of
from scraper.extract.result import Image, Link
from scraper.extract.selectors import PageIndex, select
from scraper.text import clean_line

_RELATED_HEADING = re.compile(
    r"^(?:tin liên quan|bài liên quan|đọc thêm|xem thêm|tin cùng chủ đề|có thể bạn quan tâm)\b", re.I
)
_RELATED_CLASS = re.compile(
    r"related|relate\b|relate[-_]|[-_]relate|lienquan|tinlienquan|readmore|read-more|xemthem|link-content-footer"
)
_CREDIT = re.compile(r"(?:^|[\s.(\-–])(?:ảnh|nguồn)\s*:\s*([^.:()]{1,60})\)?\.?\s*$", re.I)
_NOT_ARTICLE_LINK = re.compile(r"/(?:tag|tags|tim-kiem|search|tac-gia|author|video|topic|chu-de|su-kien)/", re.I)


def _links_in(box: HtmlElement, base: str, page_url: str, seen: set[str]) -> list[Link]:
    out = []
    for a in box.iter("a"):
        url = absolute(base, a.get("href"))
        url = url.split("#")[0] if url else None  # "#inner-article" tracking anchors
        heading = a.find(".//h2") if a.find(".//h2") is not None else a.find(".//h3")
        if heading is None:
            heading = a.find(".//h4")
        title = text_of(heading) if heading is not None else (text_of(a) or clean_line(a.get("title") or ""))
        if not url or not title or len(title.split()) < 4 or url in seen or url.split("#")[0] == page_url:
            continue
        if _NOT_ARTICLE_LINK.search(url):
            continue
        seen.add(url)
        out.append(Link(url=url, title=title))
    return out


def related_by_rules(root: HtmlElement, selectors: tuple[str, ...], base: str, page_url: str,
                     index: PageIndex | None = None) -> list[Link]:
    """Links inside every element any ``related`` selector matches, in page order, deduplicated."""
    seen: set[str] = set()
    out: list[Link] = []
    for sel in selectors:
        for box in select(root, sel, index):
            out += _links_in(box, base, page_url, seen)
    return out


def related_generic(container: HtmlElement, base: str, page_url: str) -> list[Link]:
    """Related boxes in the body, or headed ``Tin liên quan``/``Đọc thêm`` just after it."""
    seen: set[str] = set()
    out: list[Link] = []
    boxes = [el for el in container.iter() if isinstance(el.tag, str) and el is not container
             and _RELATED_CLASS.search(classes(el))]
    scope = container.getparent() if container.getparent() is not None else container
    for heading in scope.iter("h2", "h3", "h4", "div", "span", "p", "strong"):
        if len(content(heading)) < 40 and _RELATED_HEADING.match(text_of(heading)):
            box = heading.getparent()
            if box is not None and box is not scope:
                boxes.append(box)
    for box in boxes:
        if any(b is not box and b in box.iterancestors() for b in boxes):
            continue
        out += _links_in(box, base, page_url, seen)
    return out


def _caption_of(img: HtmlElement) -> str | None:
    for anc in img.iterancestors():
        if anc.tag == "figure" or anc.tag == "table":
            cap = anc.find(".//figcaption")
            if cap is None:
                cap = next((e for e in anc.iter() if "caption" in classes(e) and e is not anc), None)
            text = text_of(cap) if cap is not None else ""
            return text or None
        if anc.tag in ("p", "div") and "caption" not in classes(anc):
            break
    return img.get("alt") or None


def body_images(container: HtmlElement, base: str) -> list[Image]:
    """Images in the body with their caption and the credit split from it (``Ảnh: P.Y``)."""
    out: list[Image] = []
    seen: set[str] = set()
    for img in container.iter("img"):
        src = img.get("data-src") or img.get("data-original") or img.get("src")
        url = absolute(base, src)
        if not url or url in seen or url.endswith((".svg", ".gif")):
            continue
        seen.add(url)
        caption = _caption_of(img)
        credit = None
        if caption:
            m = _CREDIT.search(caption)
            if m:
                credit = m.group(1).strip()
                caption = caption[: m.start()].strip(" .-–(") or None
        out.append(Image(url=url, caption=caption, credit=credit))
    return out

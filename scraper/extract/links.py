"""Related-article links and body images, as absolute URLs.

Related links come from the rule's ``related`` boxes when the page has them, else by structure:
boxes headed ``Tin liên quan`` / ``Bài liên quan`` / ``Đọc thêm`` / ``Tin cùng chuyên mục``
in or right after the body, boxes whose class or id spells related / liên quan in any separator
style (``tin-lien-quan``, ``tinlienquan``, ``bai_lien_quan``, ``related-news``) in or right after
the body (the body's parent block: boxes further down the page, after the tags and comments, list
the site's latest articles, not this one's related ones),
and a headless list of two or more article links right after the body or its closing byline.
Only links to this site's article URLs count: a tag, a section (``Xem thêm Sức khỏe``), a search
or author page, and share/follow links to other hosts are never related articles.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scraper.extract.dom import HtmlElement, absolute, classes, content, text_of
from scraper.extract.result import Image, Link
from scraper.extract.selectors import PageIndex, select
from scraper.extract.urlshape import is_article_url
from scraper.registry.model import Family, Site
from scraper.text import clean_line

_RELATED_HEADING = re.compile(
    r"^(?:tin|bài|bài viết)\s+(?:liên quan|cùng chuyên mục|cùng chủ đề|cùng chuyên đề)|"
    r"^(?:đọc thêm|xem thêm|tham khảo thêm|có thể bạn quan tâm|bạn có thể quan tâm|tin khác)\s*:?\s*$",
    re.I,
)
_RELATED_CLASS = re.compile(
    r"related|relate\b|relate[-_]|[-_]relate|lien[-_]?quan|readmore|read-more|xem[-_]?them|doc[-_]?them|"
    r"link-content-footer"
)
_CREDIT = re.compile(r"(?:^|[\s.(\-–])(?:ảnh|nguồn)\s*:\s*([^.:()]{1,60})\)?\.?\s*$", re.I)
_LIST_BOX = {"ul", "ol", "div", "section", "table", "aside"}


class LinkFilter:
    """Which links of a box are related articles: on this site, article-shaped, titled."""

    def __init__(self, base: str, page_url: str, site: Site | None, family: Family | None) -> None:
        self.base, self.page_url, self.site, self.family = base, page_url, site, family
        self.hosts = {_host(page_url), _host(base)} | set(site.domains if site else ())
        self._boxes: dict[HtmlElement, list[Link]] = {}  # a box is read once (bare-list test, then links)

    def on_site(self, url: str) -> bool:
        host = _host(url)
        return any(host == h or host.endswith("." + h) or h.endswith("." + host) for h in self.hosts if h)

    def links(self, box: HtmlElement, seen: set[str]) -> list[Link]:
        """The box's related-article links not in ``seen`` (which gains them), in page order."""
        out = []
        for link in self._candidates(box):
            if link.url not in seen:
                seen.add(link.url)
                out.append(link)
        return out

    def _candidates(self, box: HtmlElement) -> list[Link]:
        found = self._boxes.get(box)
        if found is not None:
            return found
        found = []
        for a in box.iter("a"):
            url = absolute(self.base, a.get("href"))
            url = url.split("#")[0] if url else None  # "#inner-article" tracking anchors
            if not url or url == self.page_url or not self.on_site(url):
                continue
            title = _link_title(a)
            if len(title.split()) < 4 or not is_article_url(url, self.site, self.family):
                continue
            found.append(Link(url=url, title=title))
        self._boxes[box] = found
        return found


def _host(url: str) -> str:
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def _link_title(a: HtmlElement) -> str:
    for tag in ("h2", "h3", "h4"):
        heading = a.find(f".//{tag}")
        if heading is not None:
            return text_of(heading)
    return text_of(a) or clean_line(a.get("title") or "")


def related_by_rules(root: HtmlElement, selectors: tuple[str, ...], links: LinkFilter,
                     index: PageIndex | None = None) -> list[Link] | None:
    """Links inside every element any ``related`` selector matches, in page order, deduplicated;
    None when no selector matches anything on the page (the generic path is asked then)."""
    boxes = [box for sel in selectors for box in select(root, sel, index)]
    if not boxes:
        return None
    seen: set[str] = set()
    return [link for box in boxes for link in links.links(box, seen)]


def related_generic(container: HtmlElement, links: LinkFilter) -> list[Link]:
    """Related boxes by structure: in the body, headed just after it, or a bare list of article
    links right after the body or its closing byline."""
    scope = container.getparent() if container.getparent() is not None else container
    boxes = [el for el in scope.iter() if isinstance(el.tag, str) and el is not container and el is not scope
             and (_RELATED_CLASS.search(classes(el)) or "related" in (el.get("type") or "").lower())]
    for heading in scope.iter("h2", "h3", "h4", "h5", "div", "span", "p", "strong", "b"):
        if _label(heading) and len(content(heading)) < 40 and _RELATED_HEADING.match(text_of(heading)):
            box = heading.getparent()
            if box is not None and box is not scope:
                boxes.append(box)
    boxes += _bare_lists(container, links)
    seen: set[str] = set()
    out: list[Link] = []
    for box in boxes:
        if any(b is not box and b in box.iterancestors() for b in boxes):
            continue
        out += links.links(box, seen)
    return out


def _label(el: HtmlElement) -> bool:
    """The element's own text, or its only child's (``<h3><a>Tin liên quan</a></h3>``), reads like
    a related heading: a cheap test before its whole text is taken."""
    text = (el.text or "").strip()
    if not text and len(el) == 1:
        text = (el[0].text or "").strip()
    return bool(text) and _RELATED_HEADING.match(clean_line(text)) is not None


def _bare_lists(container: HtmlElement, links: LinkFilter) -> list[HtmlElement]:
    """A list without heading holding two or more article links and little else, as the body's
    last child (after the closing byline) or as the first thing after the body."""
    candidates = [c for c in reversed(container) if isinstance(c.tag, str)][:1]
    after = container.getnext()
    while after is not None and (not isinstance(after.tag, str) or not content(after).strip()):
        after = after.getnext()
    candidates += [after] if after is not None else []
    out = []
    for box in candidates:
        if box.tag not in _LIST_BOX or box.find(".//a") is None:
            continue
        text = len(content(box).strip())
        linked = sum(len(content(a).strip()) for a in box.iter("a"))
        if text and linked / text >= 0.8 and len(links.links(box, set())) >= 2:
            out.append(box)
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

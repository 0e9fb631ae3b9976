"""An article container as an ordered list of text blocks (paragraphs, subheadings, list items),
with chrome inside it (share bars, related boxes, ads) left out. Picture captions come out as
blocks of kind ``caption``: never body text, unless the article's text lives only in them (a
photo story, see scraper.extract.body)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from scraper.extract.dom import HtmlElement, classes, content
from scraper.extract.selectors import PageIndex, select
from scraper.text import clean_line

_PARA_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "dt", "dd"}
_BOX_TAGS = {"div", "section", "article", "main", "table", "tbody", "thead", "tfoot", "tr", "td", "th", "ul", "ol",
             "dl", "header", "center", "span"}
_ALWAYS_DROP = {"figure", "figcaption", "aside", "nav", "footer", "ldjson", "video", "audio", "picture", "img",
                "object", "embed", "canvas", "map", "label", "title", "meta", "link", "base"}
# Class/id words of picture captions: ``figcaption``'s stand-ins (``td.image_desc``, ``chu-thich``).
CAPTION_CLASS = re.compile(r"caption|image_?desc|img[-_]?desc|photo[-_]?desc|desc[-_]?(?:img|image|photo)|chu[-_]?thich")
# Class/id words of boxes inside an article body that are never article text.
_CHROME_CLASS = re.compile(
    r"caption|image_?desc|img[-_]?desc|photo[-_]?desc|chu[-_]?thich|credit|related|relate\b|relate[-_]|[-_]relate|lien[-_]?quan|share|social|sharing|"
    r"banner|advert|\bads?\b|\bad-|adsbygoogle|"
    r"quangcao|qc-|comment|binhluan|binh-luan|\btags?\b|tag-|keyword|toolbar|font-?size|\bprint|rating|"
    r"\bpoll|player|newsletter|subscribe|breadcrumb|\bnav\b|navigation|footer|sidebar|widget|notebox|"
    r"inread|readmore|read-more|xemthem|see-more|suggest|recommend|box-?news|author-make|\bsource\b|inner-article",
)


@dataclass
class Block:
    """One paragraph-like piece of the body: its text, its tag kind and the element it came from
    (typographic hints such as bold or right-aligned are read from it only when asked)."""

    text: str
    kind: str  # "p", "h" (subheading), "li", "quote", "caption" (under a picture)
    element: HtmlElement | None = None

    @property
    def bold(self) -> bool:
        """The whole block is bold (<strong>/<b>), as many bylines are."""
        return self.element is not None and _share(self.element, ("strong", "b")) > 0.9

    @property
    def right(self) -> bool:
        """Right-aligned, the way Vietnamese papers set bylines."""
        el = self.element
        return el is not None and (_aligned_right(el) or any(_aligned_right(a) for a in el.iterchildren()))


def _kind(tag: str) -> str:
    if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
        return "h"
    return {"li": "li", "blockquote": "quote"}.get(tag, "p")


@dataclass
class _Walk:
    """What one walk over a container knows: the elements a rule drops, and the container's text
    length, because a box holding most of the article's text is never chrome by its class name
    (An Giang wraps its whole body in ``div.content-fck-font-size``, which reads like a toolbar)."""

    drop: list[HtmlElement]
    total: int


def _is_chrome(el: HtmlElement, walk: _Walk) -> bool:
    if el.tag in _ALWAYS_DROP or el in walk.drop:
        return True
    if el.get("hidden") is not None or "display:none" in (el.get("style") or "").replace(" ", "").lower():
        return True
    if "related" in (el.get("type") or "").lower():  # VCCorp embeds: type="RelatedOneNews"
        return True
    if el.tag not in _BOX_TAGS or el.tag == "span" or not _CHROME_CLASS.search(classes(el)):
        return False
    return not (walk.total >= 200 and len(content(el)) > walk.total / 2)


def _share(el: HtmlElement, tags: tuple[str, ...]) -> float:
    """Share of the element's text that sits inside ``tags`` (outermost matches only)."""
    total = len(content(el).strip())
    if not total:
        return 0.0
    inner = 0
    for e in el.iterdescendants(*tags):
        nested = False
        for anc in e.iterancestors():
            if anc is el:
                break
            if anc.tag in tags:
                nested = True
                break
        if not nested:
            inner += len(content(e).strip())
    return inner / total


def _aligned_right(el: HtmlElement) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "text-align:right" in style or (el.get("align") or "").lower() == "right" or "right" in classes(el)


def _inline_text(el: HtmlElement, walk: _Walk) -> list[str]:
    """Text of an inline subtree with <br> as a line break; dropped elements left out."""
    parts = [el.text or ""]
    for child in el:
        if not isinstance(child.tag, str):
            parts.append(child.tail or "")
            continue
        if child.tag == "br":
            parts.append("\n")
        elif not _is_chrome(child, walk):
            parts.extend(_inline_text(child, walk))
        parts.append(child.tail or "")
    return parts


def _emit(out: list[Block], raw: str, kind: str, el: HtmlElement | None) -> None:
    for line in raw.split("\n"):
        text = clean_line(line)
        if text:
            out.append(Block(text=text, kind=kind, element=el))


def _has_block_child(el: HtmlElement) -> bool:
    return any(isinstance(c.tag, str) and (c.tag in _PARA_TAGS or c.tag in _BOX_TAGS - {"span"}) for c in el)


def _image_only(el: HtmlElement) -> bool:
    return el.find(".//img") is not None and not content(el).strip()


def _centered(el: HtmlElement) -> bool:
    style = (el.get("style") or "").replace(" ", "").lower()
    return "text-align:center" in style or (el.get("align") or "").lower() == "center" or any(
        "text-align:center" in (c.get("style") or "").replace(" ", "").lower() for c in el.iterchildren())


def _is_caption(el: HtmlElement, after_image: bool) -> bool:
    """A caption set as a plain paragraph under a photo: centred or italic, short."""
    return after_image and 0 < len(content(el).strip()) < 300 and (_centered(el) or _share(el, ("em", "i")) > 0.9)


def _captions(el: HtmlElement) -> list[str]:
    """Caption texts of a skipped element: itself when it is a caption, else the captions of the
    picture it holds (``<figure>``, ``table.image``), else a short text beside that picture."""
    if el.tag == "figcaption" or CAPTION_CLASS.search(classes(el)):
        return [" ".join(content(el).split())]
    if el.tag not in ("figure", "table", "div", "p") or el.find(".//img") is None:
        return []
    found = [" ".join(content(c).split()) for c in el.iterdescendants()
             if isinstance(c.tag, str) and (c.tag == "figcaption" or CAPTION_CLASS.search(classes(c)))]
    if not found and el.tag in ("figure", "table") and 0 < len(content(el).strip()) < 300:
        found = [" ".join(content(el).split())]
    return found


def _walk(el: HtmlElement, walk: _Walk, out: list[Block]) -> None:
    pending = [el.text or ""]
    after_image = False
    for child in el:
        tag = child.tag if isinstance(child.tag, str) else ""
        if tag and _is_chrome(child, walk):
            captions = _captions(child)
            if captions:
                _emit(out, "".join(pending), "p", None)
                pending = []
            for caption in captions:
                _emit(out, caption, "caption", child)
            pending.append(child.tail or "")
            continue
        if tag in _PARA_TAGS and not _has_block_child(child):
            _emit(out, "".join(pending), "p", None)
            kind = "caption" if _is_caption(child, after_image) else _kind(tag)
            _emit(out, "".join(_inline_text(child, walk)), kind, child)
            after_image = _image_only(child)
            pending = [child.tail or ""]
        elif tag in _PARA_TAGS or (tag in _BOX_TAGS and (tag != "span" or _has_block_child(child))):
            _emit(out, "".join(pending), "p", None)
            _walk(child, walk, out)
            pending = [child.tail or ""]
        elif tag == "br":
            pending.append("\n" + (child.tail or ""))
        else:
            pending.extend(_inline_text(child, walk) if tag else [])
            pending.append(child.tail or "")
    _emit(out, "".join(pending), "p", el if len(out) == 0 and not _has_block_child(el) else None)


def container_blocks(container: HtmlElement, drop_selectors: list[str] | tuple[str, ...] = (),
                     index: PageIndex | None = None) -> list[Block]:
    """The container's text blocks in document order, without chrome boxes and ``drop`` matches."""
    drop = [el for sel in drop_selectors for el in select(container, sel, index)]
    out: list[Block] = []
    _walk(container, _Walk(drop, len(content(container))), out)
    return out

"""Parsing and element helpers shared by the extraction layers (lxml only, no Scrapy)."""

from __future__ import annotations

from urllib.parse import urljoin

from lxml import etree
from lxml import html as lxml_html

from scraper.text import clean_line

HtmlElement = lxml_html.HtmlElement

# Tags whose text never belongs to an article field.
_NOISE_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "button", "select", "input")


class BrokenMarkup(ValueError):
    """The markup cannot be parsed into a document at all."""


def parse(html: str) -> HtmlElement:
    """Parse a whole page with lxml's forgiving HTML parser; comments and noise tags removed.

    JSON-LD scripts are kept (renamed to ``ldjson``) because the metadata layer reads them.
    """
    try:
        root = lxml_html.document_fromstring(html)
    except (etree.ParserError, ValueError) as exc:
        raise BrokenMarkup(str(exc) or "unparseable markup") from None
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or "").lower():
            script.tag = "ldjson"
    etree.strip_elements(root, etree.Comment, *_NOISE_TAGS, with_tail=False)
    return root


def text_of(el: HtmlElement) -> str:
    """The element's visible text on one line (NFC, spaces collapsed)."""
    return clean_line(el.text_content())


def absolute(base: str, href: str | None) -> str | None:
    """An absolute http(s) URL, or None for javascript:, mailto:, # and empty links."""
    if not href:
        return None
    href = href.strip()
    if not href or href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    url = urljoin(base, href)
    return url if url.startswith(("http://", "https://")) else None


def classes(el: HtmlElement) -> str:
    """Class and id of an element as one lower-case string, for heuristic matching."""
    return f"{el.get('class') or ''} {el.get('id') or ''}".lower()


def precedes(a: HtmlElement, b: HtmlElement) -> bool:
    """True when ``a`` starts before ``b`` in document order (an ancestor starts before its
    descendants); found through the lowest common ancestor, without numbering the whole tree."""
    path_b = [b, *b.iterancestors()]
    on_b = set(path_b)
    child_a = a
    for node in (a, *a.iterancestors()):
        if node in on_b:
            if node is a:
                return True
            if node is b:
                return False
            child_b = path_b[path_b.index(node) - 1]
            return node.index(child_a) < node.index(child_b)
        child_a = node
    return False

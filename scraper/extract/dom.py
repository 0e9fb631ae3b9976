"""Parsing and element helpers shared by the extraction layers (lxml only, no Scrapy)."""

from __future__ import annotations

from urllib.parse import urljoin

import re

from lxml import etree

from scraper.text import clean_line

# Plain lxml elements: lxml.html's element classes cost a Python call per element touched.
HtmlElement = etree._Element
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.I)
_STRING = etree.XPath("string()", smart_strings=False)

# Tags whose text never belongs to an article field.
_NOISE_TAGS = ("script", "style", "noscript", "template", "iframe", "svg", "form", "button", "select", "input")


class BrokenMarkup(ValueError):
    """The markup cannot be parsed into a document at all."""


def parse(html: str) -> HtmlElement:
    """Parse a whole page with lxml's forgiving HTML parser; comments and noise tags removed.

    JSON-LD scripts are kept (renamed to ``ldjson``) because the metadata layer reads them.
    """
    try:  # an XHTML prologue with an encoding cannot go with a str: the text is decoded already
        root = etree.fromstring(_XML_DECLARATION.sub("", html, count=1), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise BrokenMarkup(str(exc) or "unparseable markup") from None
    if root is None:
        raise BrokenMarkup("Document is empty")
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or "").lower():
            script.tag = "ldjson"
    etree.strip_elements(root, *_NOISE_TAGS, with_tail=False)
    return root


def content(el: HtmlElement) -> str:
    """All text inside the element, as is (lxml.html's ``text_content``)."""
    return _STRING(el)


def text_of(el: HtmlElement) -> str:
    """The element's visible text on one line (NFC, spaces collapsed)."""
    return clean_line(_STRING(el))


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

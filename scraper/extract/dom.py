"""Parsing and element helpers shared by the extraction layers (lxml, no Scrapy).

Pages are parsed with lxml (libxml2), fast and forgiving, but not the way a browser parses: a
template that emits ``<html lang="vi"></html>`` before ``<head>``, or closes ``</body></html>``
and then goes on, loses everything after that point in libxml2's tree while a browser renders
the page normally. When the tree has no body, or the document closes early with markup after
the close, the page is parsed again by lexbor (selectolax), an HTML5-conformant parser, and the
tree with more body text is kept. Well-formed pages never reach the second parser.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import urljoin, urlsplit

from lxml import etree
from selectolax.lexbor import LexborHTMLParser

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


_TAIL_SLACK = 2048  # characters after the first </html> that are still a normal ending
_BLOCK_TAG = re.compile(r"<(?:p|div|article|section|h[1-3]|table)\b", re.I)


def parse(html: str) -> HtmlElement:
    """Parse a whole page; comments and noise tags removed (see ``parse_document``)."""
    return parse_document(html)[0]


def parse_document(html: str) -> tuple[HtmlElement, str]:
    """Parse a whole page and say which parser's tree it is (``lxml`` or ``html5``).

    JSON-LD scripts are kept (renamed to ``ldjson``) because the metadata layer reads them.
    """
    root = _lxml(html)
    parser = "lxml"
    if root.find("body") is None or _closed_early(html):
        rescued = _html5(html)
        if rescued is not None and _body_text(rescued) > _body_text(root):
            root, parser = rescued, "html5"
    _clean(root)
    return root, parser


def _lxml(html: str) -> HtmlElement:
    try:  # an XHTML prologue with an encoding cannot go with a str: the text is decoded already
        root = etree.fromstring(_XML_DECLARATION.sub("", html, count=1), _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as exc:
        raise BrokenMarkup(str(exc) or "unparseable markup") from None
    if root is None:
        raise BrokenMarkup("Document is empty")
    return root


def _closed_early(html: str) -> bool:
    """The document closes ``</html>`` and then goes on with page markup (one C-level scan; a
    ``</body>`` closed early loses nothing in libxml2's tree: what follows stays under ``<html>``)."""
    first = html.find("</html")
    if first < 0 or len(html) - first <= _TAIL_SLACK:
        return False
    return _BLOCK_TAG.search(html, first) is not None


def _html5(html: str) -> HtmlElement | None:
    """The page as an HTML5 parser builds it (lexbor), handed to lxml as its serialisation."""
    try:
        serialised = LexborHTMLParser(html).html
    except (ValueError, RuntimeError):
        return None
    if not serialised:
        return None
    try:
        return _lxml(serialised)
    except BrokenMarkup:
        return None


def _body_text(root: HtmlElement) -> int:
    body = root.find("body")
    return len(_STRING(body).strip()) if body is not None else 0


def _clean(root: HtmlElement) -> None:
    for script in root.iter("script"):
        if "ld+json" in (script.get("type") or "").lower():
            script.tag = "ldjson"
    etree.strip_elements(root, *_NOISE_TAGS, with_tail=False)


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
    if href.startswith(("/", "http://", "https://")):  # menus and teasers: the same links on every page
        url = _join_rooted(_origin(base), href)
    else:
        url = urljoin(base, href)
    return url if url.startswith(("http://", "https://")) else None


@lru_cache(maxsize=1024)
def _origin(base: str) -> str:
    parts = urlsplit(base)
    return f"{parts.scheme}://{parts.netloc}/"


@lru_cache(maxsize=16384)
def _join_rooted(origin: str, href: str) -> str:
    """``urljoin`` of an href that is absolute or root-relative: only the base's origin counts."""
    return urljoin(origin, href)


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

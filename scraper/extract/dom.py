"""Parsing and element helpers shared by the extraction layers (lxml only, no Scrapy)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urljoin

from cssselect import SelectorError
from lxml import etree
from lxml import html as lxml_html
from lxml.cssselect import CSSSelector

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


@lru_cache(maxsize=512)
def _compiled(selector: str) -> CSSSelector | None:
    try:
        return CSSSelector(selector, translator="html")
    except SelectorError:
        return None


_ALL_CLASSES = etree.XPath("//@class", smart_strings=False)
_ALL_IDS = etree.XPath("//@id", smart_strings=False)
_SEL_TOKENS = re.compile(r"([.#])([\w-]+)")


@dataclass(frozen=True)
class PageTokens:
    """Class and id names present in a page, read in one XPath pass, so a selector naming a class
    the page lacks is skipped without walking the tree."""

    classes: frozenset[str]
    ids: frozenset[str]

    @classmethod
    def of(cls, root: HtmlElement) -> PageTokens:
        names = " ".join(_ALL_CLASSES(root)).lower().split()
        return cls(frozenset(names), frozenset(" ".join(_ALL_IDS(root)).lower().split()))

    def may_match(self, selector: str) -> bool:
        for kind, name in _SEL_TOKENS.findall(selector):
            if name.lower() not in (self.classes if kind == "." else self.ids):
                return False
        return True


def select(root: HtmlElement, selector: str, tokens: PageTokens | None = None) -> list[HtmlElement]:
    """Elements matching one CSS selector; an invalid selector matches nothing."""
    if tokens is not None and not tokens.may_match(selector):
        return []
    compiled = _compiled(selector)
    return compiled(root) if compiled is not None else []


def first_match(root: HtmlElement, selectors: list[str] | tuple[str, ...],
                tokens: PageTokens | None = None) -> tuple[HtmlElement | None, str]:
    """The first element matched by the first selector (in list order) that has text."""
    for sel in selectors:
        for el in select(root, sel, tokens):
            if text_of(el):
                return el, sel
    return None, ""


def all_matches(root: HtmlElement, selectors: list[str] | tuple[str, ...],
                tokens: PageTokens | None = None) -> list[HtmlElement]:
    """All elements matched by the first selector that matches anything."""
    for sel in selectors:
        found = [el for el in select(root, sel, tokens) if text_of(el)]
        if found:
            return found
    return []


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

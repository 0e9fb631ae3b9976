"""CSS selectors of the rule layers, evaluated fast on one page.

Rules name a few dozen selectors per page, most of them absent from it. A per-page set of the
class and id names present skips any selector naming one the page lacks, and attribute
selectors (``[data-role=content]``, ``h1[data-slot=title]``) share one walk per attribute name;
the rest go to lxml's cssselect translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from cssselect import SelectorError
from lxml import etree
from lxml.cssselect import CSSSelector

from scraper.extract.dom import HtmlElement, text_of

_NAMES = re.compile(r"([.#])([\w-]+)")
# tag[attr] / tag[attr=value]: answered from the attribute cache (data-role, data-slot, type)
_ATTRIBUTE = re.compile(r"^([a-z][a-z0-9]*)?\[([\w-]+)(?:=['\"]?([\w-]+)['\"]?)?\]$", re.I)


# tag.class.class: matched with a plain substring test, then checked token by token in Python
# (cssselect's generic translation rebuilds every class attribute as a string to compare).
_CLASSES_ONLY = re.compile(r"^([a-z][a-z0-9]*)?((?:\.[\w-]+)+)$", re.I)


class _ClassSelector:
    """``div.content-article``: XPath ``contains(@class, …)``, then exact class tokens."""

    def __init__(self, tag: str | None, names: list[str]) -> None:
        tests = "".join(f"[contains(@class, '{n}')]" for n in names)
        self.xpath = etree.XPath(f"descendant-or-self::{tag or '*'}{tests}")
        self.names = set(names)

    def __call__(self, root: HtmlElement) -> list[HtmlElement]:
        return [el for el in self.xpath(root) if self.names <= set(el.get("class", "").split())]


@lru_cache(maxsize=512)
def _compiled(selector: str) -> CSSSelector | _ClassSelector | None:
    m = _CLASSES_ONLY.match(selector.strip())
    if m:
        return _ClassSelector(m.group(1), m.group(2).lstrip(".").split("."))
    try:
        return CSSSelector(selector, translator="html")
    except SelectorError:
        return None


_ALL_CLASSES = etree.XPath("//@class", smart_strings=False)
_ALL_IDS = etree.XPath("//@id", smart_strings=False)


@dataclass
class PageIndex:
    """Class and id names present in one page (one XPath pass, no element objects), and the
    elements carrying an attribute, collected once per attribute name when first asked."""

    root: HtmlElement
    classes: frozenset[str]
    ids: frozenset[str]
    by_attr: dict[str, list[HtmlElement]] = field(default_factory=dict)

    @classmethod
    def of(cls, root: HtmlElement) -> PageIndex:
        classes = frozenset(" ".join(_ALL_CLASSES(root)).lower().split())
        return cls(root, classes, frozenset(" ".join(_ALL_IDS(root)).lower().split()))

    def may_match(self, selector: str) -> bool:
        """False when the selector names a class or id that no element of the page has."""
        return all(name.lower() in (self.classes if kind == "." else self.ids)
                   for kind, name in _NAMES.findall(selector))

    def by_attribute(self, selector: str) -> list[HtmlElement] | None:
        """Matches of ``tag[attr=value]`` / ``[attr]`` from the attribute cache; None otherwise."""
        m = _ATTRIBUTE.match(selector.strip())
        if m is None:
            return None
        tag, attr, value = m.group(1), m.group(2), m.group(3)
        if attr not in self.by_attr:
            self.by_attr[attr] = self.root.xpath(f"//*[@{attr}]")
        found = self.by_attr[attr]
        if value is not None:
            found = [el for el in found if el.get(attr) == value]
        return [el for el in found if el.tag == tag.lower()] if tag else list(found)


def select(root: HtmlElement, selector: str, index: PageIndex | None = None) -> list[HtmlElement]:
    """Elements matching one CSS selector under ``root``; an invalid selector matches nothing."""
    if index is not None:
        if not index.may_match(selector):
            return []
        if root is index.root:
            found = index.by_attribute(selector)
            if found is not None:
                return found
    compiled = _compiled(selector)
    return compiled(root) if compiled is not None else []


def first_match(root: HtmlElement, selectors: list[str] | tuple[str, ...],
                index: PageIndex | None = None) -> tuple[HtmlElement | None, str]:
    """The first element matched by the first selector (in list order) that has text."""
    for sel in selectors:
        for el in select(root, sel, index):
            if text_of(el):
                return el, sel
    return None, ""


def all_matches(root: HtmlElement, selectors: list[str] | tuple[str, ...],
                index: PageIndex | None = None) -> list[HtmlElement]:
    """All elements matched by the first selector that matches anything."""
    for sel in selectors:
        found = [el for el in select(root, sel, index) if text_of(el)]
        if found:
            return found
    return []

"""Heuristics for templates without rules: find the body by paragraph clusters, and the sapo.

The body finder scores each element by the text of the paragraphs under it (full for the
parent, a half for the grandparent, a third one level up, as some CMSs wrap each paragraph),
then discounts link-heavy candidates, the way readability-style extractors do, but only over
``<p>`` and text-only ``<div>`` leaves, so it stays fast on 500 kB pages.
"""

from __future__ import annotations

import re

from scraper.extract.blocks import CAPTION_CLASS
from scraper.extract.dom import HtmlElement, classes, content, text_of

_OUTSIDE = re.compile(
    r"\b(?:nav|menu|footer|header|sidebar|comment|related|relate\b|breadcrumb|widget|banner|box-?news)"
)
SAPO_CLASS = re.compile(r"sapo|lead|desc|summary|chapeau|excerpt|intro|tomtat")
_SAPO_TAGS = {"p", "div", "h2", "span", "strong"}
_BLOCKISH = {"p", "div", "section", "article", "table", "ul", "ol", "h2", "h3", "blockquote", "figure"}


def link_density(el: HtmlElement) -> float:
    """Share of the element's text that is link text (a listing is mostly links)."""
    total = len(content(el))
    if not total:
        return 1.0
    return sum(len(content(a)) for a in el.iter("a")) / total


def _paragraph_leaves(root: HtmlElement):
    """Text-holding leaves: paragraphs, text-only divs, and picture captions (``figcaption``,
    ``td.image_desc``), so a photo story whose text is in its captions has a body to find."""
    for el in root.iter("p", "div", "figcaption", "td"):
        if el.tag == "div" and any(isinstance(c.tag, str) and c.tag in _BLOCKISH for c in el):
            continue
        if el.tag == "td" and not CAPTION_CLASS.search(classes(el)):
            continue
        yield el


def _excluded(el: HtmlElement) -> bool:
    for anc in el.iterancestors():
        if anc.tag in ("nav", "footer", "aside", "header", "form"):
            return True
    return False


def find_body(root: HtmlElement) -> HtmlElement | None:
    """The element holding the article's paragraphs, or None when no cluster of text exists."""
    scores: dict[HtmlElement, float] = {}
    for leaf in _paragraph_leaves(root):
        text = " ".join(content(leaf).split())
        if len(text) < 40:
            continue
        linked = sum(len(" ".join(content(a).split())) for a in leaf.iter("a"))
        weight = len(text) - linked
        if weight < 30 or linked > len(text) / 2:
            continue
        node = leaf.getparent()
        for level in (1, 2, 3):  # parent, grandparent, great-grandparent (one wrapper per paragraph)
            if node is None:
                break
            scores[node] = scores.get(node, 0.0) + weight / level
            node = node.getparent()
    best, best_score = None, 0.0
    for el, score in scores.items():
        if el.tag in ("body", "html") or _OUTSIDE.search(classes(el)) or _excluded(el):
            continue
        score *= 1.0 - min(link_density(el), 0.9)
        if score > best_score:
            best, best_score = el, score
    return best


def find_sapo(container: HtmlElement, between: list[HtmlElement]) -> HtmlElement | None:
    """A lead element by its class (``sapo``, ``lead``, ``description`` …) among the elements
    between the title and the body; a teaser's class in a listing further down is never taken."""
    for el in between:
        if el.tag not in _SAPO_TAGS or not SAPO_CLASS.search(classes(el)) or el in container.iterancestors():
            continue
        text = text_of(el)
        if 40 <= len(text) <= 1000 and link_density(el) < 0.5:
            return el
    return _leading_sapo(container)


def _leading_sapo(container: HtmlElement) -> HtmlElement | None:
    """A lead-classed block opening the body itself (VietNamNet 2020: ``div.ArticleLead``)."""
    for el in container.iterchildren("p", "div", "h2", "strong"):
        if SAPO_CLASS.search(classes(el)) and 40 <= len(text_of(el)) <= 1000:
            return el
        if text_of(el):
            return None
    return None

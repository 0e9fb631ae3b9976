"""The article container and what it holds (sapo, body paragraphs, closing byline), with the
rule that a site or family rule never does worse than the generic path.

A rule's body element is read first. When its body is short (under ``COMPARE_BELOW``
characters), the generic paragraph-cluster finder is asked too, and a generic body more than
twice as long wins; ``provenance["body"]`` then says so: ``generic (family:f3 found 0 chars)``.
Long rule bodies are not second-guessed, so well-ruled pages pay nothing for the check.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.extract.blocks import container_blocks
from scraper.extract.body import BodyParts, assemble
from scraper.extract.dom import HtmlElement, text_of
from scraper.extract.fields import Page
from scraper.extract.generic import find_body, find_sapo
from scraper.extract.rules import drop_selectors

COMPARE_BELOW = 2000  # a rule body at least this long is taken without asking the generic finder


@dataclass
class Body:
    """The chosen container and its parts; ``sapo_source`` is the layer that gave the sapo."""

    container: HtmlElement | None
    parts: BodyParts
    sapo_source: str | None = None
    source: str = "generic"  # the layer whose container won

    @property
    def chars(self) -> int:
        return sum(len(p) for p in self.parts.paragraphs)


def _sapo(page: Page, container: HtmlElement, title_el: HtmlElement | None) -> tuple[str | None, str | None]:
    """The lead as its own field: the rule's sapo, else a sapo/lead-classed element between the
    title and the body. Meta descriptions are not used: they are often cut short."""
    el, label = page.rule("sapo")
    if el is None:
        low = page.pos(title_el) + 1 if title_el is not None else max(0, page.pos(container) - 300)
        el, label = find_sapo(container, page.elements[low:page.pos(container)]), "generic"
    return (text_of(el), label) if el is not None else (None, None)


def read(page: Page, container: HtmlElement, title: str | None, title_el: HtmlElement | None) -> Body:
    """Sapo, paragraphs and closing byline of one container."""
    sapo, sapo_source = _sapo(page, container, title_el)
    blocks = container_blocks(container, drop_selectors(page.layers), page.index)
    return Body(container, assemble(blocks, sapo, title=title), sapo_source)


def choose_body(page: Page, title: str | None, title_el: HtmlElement | None, prov: dict[str, str]) -> Body:
    """The rule's container unless the generic finder's body is more than twice as long."""
    el, label = page.rule("body")
    chosen = read(page, el, title, title_el) if el is not None else None
    if chosen is not None:
        chosen.source = label
    if chosen is not None and chosen.chars >= COMPARE_BELOW:
        prov["body"] = label
        return chosen
    generic_el = find_body(page.root)
    if generic_el is None or (chosen is not None and generic_el is chosen.container):
        if chosen is None:
            return Body(None, BodyParts())
        prov["body"] = label
        return chosen
    generic = read(page, generic_el, title, title_el)
    if chosen is None:
        prov["body"] = "generic"
        return generic
    if generic.chars > 2 * chosen.chars:
        prov["body"] = f"generic ({label} found {chosen.chars} chars)"
        return generic
    prov["body"] = label
    return chosen

"""Field by field, the layer that wins: a rule (site, then family), then metadata or the
generic heuristics, each winner written to ``provenance``. Shared state is one ``Page``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scraper.extract import byline as bylines
from scraper.extract.body import BodyParts
from scraper.extract.dom import HtmlElement, classes, text_of
from scraper.extract.links import LinkFilter, related_by_rules, related_generic
from scraper.extract.metadata import Metadata, ld_author_names, ld_text
from scraper.extract.result import Link
from scraper.extract.rules import RuleLayer
from scraper.extract.selectors import PageIndex, all_matches, first_match
from scraper.extract.title import headline_from_h1, strip_site_suffix
from scraper.registry.model import Family, Site
from scraper.text import clean_line

_AUTHOR_CLASS = re.compile(r"author|byline|tac-?gia|writer")
_HOME_CRUMBS = {"trangchu", "home", "tintuc", "trangnhat"}
_META_AUTHORS = ("article:author", "dable:author", "author", "byl", "dc.creator")


@dataclass
class Page:
    """One parsed page and what the layers share while extracting it."""

    root: HtmlElement
    url: str
    md: Metadata
    site: Site | None
    layers: list[RuleLayer]
    index: PageIndex | None = None
    family: Family | None = None  # its article-URL rules (None on the generic path)
    elements: list[HtmlElement] = field(default_factory=list)  # document order
    _positions: dict[HtmlElement, int] = field(default_factory=dict)

    def pos(self, el: HtmlElement) -> int:
        """Document-order index of an element (a C-level list search, cached: few are asked)."""
        if el not in self._positions:
            self._positions[el] = self.elements.index(el)
        return self._positions[el]

    def rule(self, name: str) -> tuple[HtmlElement | None, str]:
        """The first element a layer's selectors for ``name`` match, with that layer's label."""
        for layer in self.layers:
            el, _ = first_match(self.root, layer.selectors.get(name, ()), self.index)
            if el is not None:
                return el, layer.label
        return None, ""

    def rule_all(self, name: str) -> tuple[list[HtmlElement], str]:
        """Every element the first matching selector of a layer finds (bylines, tags, dates)."""
        for layer in self.layers:
            found = all_matches(self.root, layer.selectors.get(name, ()), self.index)
            if found:
                return found, layer.label
        return [], ""

    def outlet_names(self) -> list[str]:
        """Names of the site itself, which are never taken for an author."""
        names = [self.md.first("og:site_name", "apple-mobile-web-app-title", "application-name") or ""]
        publisher = self.md.article.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
        if self.site is not None:
            names += [self.site.outlet, *(d.split(".")[0] for d in self.site.domains)]
        return [n for n in names if n]


def choose_title(page: Page, prov: dict[str, str]) -> tuple[str | None, HtmlElement | None]:
    """The rule's headline; else the visible ``<h1>`` agreeing with JSON-LD/OpenGraph/<title> (what
    readers see: metadata titles are often SEO rewrites, e.g. nld's og:title); else the metadata."""
    el, label = page.rule("title")
    if el is not None:
        prov["title"] = label
        return text_of(el), el
    ld = ld_text(page.md, "headline") or ld_text(page.md, "name")
    og = page.md.first("og:title", "twitter:title", "title")
    head = next((text_of(t) for t in page.root.iter("title")), "")
    item = next(iter(page.md.itemprop.get("headline", [])), "")
    metas = [strip_site_suffix(t, page.site) for t in (ld, og, item, head) if t]
    text, h1 = headline_from_h1(page.root, metas)
    if text:
        prov["title"] = "generic"
        return text, h1
    for value, source in ((ld, "jsonld"), (og, "meta"), (item, "itemprop"), (head, "meta")):
        if value:
            prov["title"] = source
            return strip_site_suffix(value, page.site), None
    return None, None


def header_byline(zone: list[HtmlElement]) -> list[str]:
    """Names next to the date at the top (``<span class="author">Lan Phương</span> - 12/02/2025``),
    one per author element; a collapsed ``NHẬT XUÂN và 1 tác giả khác`` line is not a name."""
    names: list[str] = []
    for el in zone:
        if not _is_author_element(el) or any(_is_author_element(d) for d in el.iterdescendants()):
            continue  # the innermost element only: a wrapper's text runs several names together
        if "tác giả khác" not in text_of(el):
            parsed = bylines.parse_byline(text_of(el))
            names += [a for a in (parsed.authors if parsed else ()) if a not in names]
    return names


def _is_author_element(el: HtmlElement) -> bool:
    return isinstance(el.tag, str) and bool(
        _AUTHOR_CLASS.search(classes(el)) or "/tac-gia/" in (el.get("href") or "") or el.get("rel") == "author")


def choose_authors(page: Page, parts: BodyParts, zone: list[HtmlElement],
             prov: dict[str, str]) -> tuple[list[str], str | None]:
    """Rule byline, the closing byline, a byline by the date, then meta/JSON-LD names that are
    not the outlet."""
    wire = parts.byline.wire_source if parts.byline else None
    if wire:
        prov["wire_source"] = prov.get("body", "generic").split(" ")[0]
    source_el, source_label = page.rule("source")
    if wire is None and source_el is not None:
        wire = (bylines.parse_byline(text_of(source_el)) or bylines.Byline()).wire_source or text_of(source_el)
        prov["wire_source"] = source_label
    els, label = page.rule_all("byline")
    authors: list[str] = []
    for el in els:
        parsed = bylines.parse_byline(text_of(el))
        if parsed:
            authors += [a for a in parsed.authors if a not in authors]
            wire = wire or parsed.wire_source
    if authors or (els and wire):
        prov["authors"] = label
        return authors, wire
    if parts.byline and parts.byline.authors:
        prov["authors"] = prov.get("body", "generic")
        return list(parts.byline.authors), wire
    header = header_byline(zone)
    if header:
        prov["authors"] = "generic"
        return header, wire
    outlets = page.outlet_names()
    meta = [n for k in _META_AUTHORS for v in page.md.meta.get(k, []) for n in v.split(";")]
    for source, names in (("jsonld", ld_author_names(page.md)), ("itemprop", page.md.itemprop.get("author", [])),
                          ("meta", meta)):
        found = [a for n in names if not bylines.is_outlet_name(n, outlets)
                 for a in (bylines.parse_byline(n) or bylines.Byline()).authors]
        if found:
            prov["authors"] = source
            return list(dict.fromkeys(found)), wire
    return [], wire


def collect_related(page: Page, container: HtmlElement, prov: dict[str, str]) -> list[Link]:
    """Related links from the rule's boxes; when no rule box is on the page, by structure (an
    empty rule box is an answer: OneCMS fills its related box by script, so it holds nothing)."""
    links = LinkFilter(page.md.canonical or page.url, page.url, page.site, page.family)
    for layer in page.layers:
        if layer.selectors.get("related"):
            found = related_by_rules(page.root, layer.selectors["related"], links, page.index)
            if found is not None:
                prov["related"] = layer.label
                return found
    prov["related"] = "generic"
    return related_generic(container, links)


def choose_section(page: Page, prov: dict[str, str]) -> str | None:
    """The rule's section, else the first breadcrumb level that is not home or the outlet
    (``Kinh doanh`` for Kinh doanh > Vĩ mô), else ``article:section``."""
    outlets = {bylines.fold(n) for n in page.outlet_names()}
    els, label = page.rule_all("section")
    for el in els:  # a breadcrumb rule: its first level that is not home (``Trang chủ``)
        if bylines.fold(text_of(el)) not in _HOME_CRUMBS | outlets:
            prov["section"] = label
            return text_of(el)
    for crumb in page.md.breadcrumb:
        if bylines.fold(crumb) not in _HOME_CRUMBS | outlets:
            prov["section"] = "jsonld"
            return crumb
    value = page.md.first("article:section", "articlesection")
    if value:
        prov["section"] = "meta"
    return value


def collect_tags(page: Page, prov: dict[str, str]) -> list[str]:
    """The rule's tag links, else ``article:tag``, else the keywords meta, split on commas."""
    els, label = page.rule_all("tags")
    if els:
        prov["tags"] = label
        return list(dict.fromkeys(t for t in (text_of(e).strip(" ,;#") for e in els) if t))
    for names in (("article:tag",), ("news_keywords", "keywords")):
        values = [clean_line(v) for n in names for m in page.md.meta.get(n, []) for v in m.split(",")]
        values = [v for v in values if v]
        if values:
            prov["tags"] = "meta"
            return list(dict.fromkeys(values))
    return []

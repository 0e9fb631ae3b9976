"""The extraction run for one page: metadata, then rules, then heuristics, field by field, each
field's winning layer written to ``provenance``."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scraper.extract import byline as bylines
from scraper.extract import datecands
from scraper.extract.blocks import container_blocks
from scraper.extract.body import BodyParts, assemble
from scraper.extract.classify import reject_reason
from scraper.extract.dom import (
    BrokenMarkup, HtmlElement, classes, parse, precedes, text_of,
)
from scraper.extract.selectors import PageIndex, all_matches, first_match
from scraper.extract.generic import find_body, find_sapo
from scraper.extract.links import body_images, related_by_rules, related_generic
from scraper.extract.metadata import Metadata, ld_author_names, ld_text, read_metadata
from scraper.extract.result import Extraction, Link
from scraper.extract.rules import RuleLayer, drop_selectors, rule_layers
from scraper.extract.title import headline_from_h1, strip_site_suffix
from scraper.registry.model import Family, Site
from scraper.text import clean_line

_TAG = re.compile(r"<[^>]*>|&\w+;")
_TOP_OF_PAGE = 1000  # elements searched for header clocks above the article
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
    elements: list[HtmlElement] = field(default_factory=list)  # document order
    _positions: dict[HtmlElement, int] = field(default_factory=dict)

    def pos(self, el: HtmlElement) -> int:
        """Document-order index of an element (a C-level list search, cached: few are asked)."""
        if el not in self._positions:
            self._positions[el] = self.elements.index(el)
        return self._positions[el]

    def rule(self, name: str) -> tuple[HtmlElement | None, str]:
        for layer in self.layers:
            el, _ = first_match(self.root, layer.selectors.get(name, ()), self.index)
            if el is not None:
                return el, layer.label
        return None, ""

    def rule_all(self, name: str) -> tuple[list[HtmlElement], str]:
        for layer in self.layers:
            found = all_matches(self.root, layer.selectors.get(name, ()), self.index)
            if found:
                return found, layer.label
        return [], ""

    def outlet_names(self) -> list[str]:
        names = [self.md.first("og:site_name", "apple-mobile-web-app-title", "application-name") or ""]
        publisher = self.md.article.get("publisher")
        if isinstance(publisher, dict) and isinstance(publisher.get("name"), str):
            names.append(publisher["name"])
        if self.site is not None:
            names += [self.site.outlet, *(d.split(".")[0] for d in self.site.domains)]
        return [n for n in names if n]


def _title(page: Page, prov: dict[str, str]) -> tuple[str | None, HtmlElement | None]:
    el, label = page.rule("title")
    if el is not None:
        prov["title"] = label
        return text_of(el), el
    ld = ld_text(page.md, "headline") or ld_text(page.md, "name")
    og = page.md.first("og:title", "twitter:title", "title")
    head = next((text_of(t) for t in page.root.iter("title")), "")
    metas = [strip_site_suffix(t, page.site) for t in (ld, og, head) if t]
    text, h1 = headline_from_h1(page.root, metas)
    if text:
        prov["title"] = "generic"
        return text, h1
    for value, source in ((ld, "jsonld"), (og, "meta"), (head, "meta")):
        if value:
            prov["title"] = source
            return strip_site_suffix(value, page.site), None
    return None, None


def _container(page: Page, prov: dict[str, str]) -> HtmlElement | None:
    el, label = page.rule("body")
    if el is not None:
        prov["body"] = label
        return el
    el = find_body(page.root)
    if el is not None:
        prov["body"] = "generic"
    return el


def _sapo(page: Page, container: HtmlElement | None, title_el: HtmlElement | None,
          prov: dict[str, str]) -> str | None:
    el, label = page.rule("sapo")
    if el is None and container is not None:
        low = page.pos(title_el) + 1 if title_el is not None else max(0, page.pos(container) - 300)
        el, label = find_sapo(container, page.elements[low:page.pos(container)]), "generic"
    if el is None:
        return None
    prov["sapo"] = label
    return text_of(el)


def _header_byline(zone: list[HtmlElement]) -> list[str]:
    """Names next to the date at the top (``<span class="author">Lan Phương</span> - 12/02/2025``)."""
    for el in zone:
        marked = _AUTHOR_CLASS.search(classes(el)) or "/tac-gia/" in (el.get("href") or "") or el.get("rel") == "author"
        if marked and isinstance(el.tag, str) and "tác giả khác" not in text_of(el):  # collapsed list
            parsed = bylines.parse_byline(text_of(el))
            if parsed and parsed.authors:
                return list(parsed.authors)
    return []


def _authors(page: Page, parts: BodyParts, zone: list[HtmlElement],
             prov: dict[str, str]) -> tuple[list[str], str | None]:
    """Rule byline, the closing byline, a byline by the date, then meta/JSON-LD names that are
    not the outlet."""
    wire = parts.byline.wire_source if parts.byline else None
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
    header = _header_byline(zone)
    if header:
        prov["authors"] = "generic"
        return header, wire
    outlets = page.outlet_names()
    for source, names in (("jsonld", ld_author_names(page.md)),
                          ("meta", [n for k in _META_AUTHORS for v in page.md.meta.get(k, []) for n in v.split(";")])):
        found = [a for n in names if not bylines.is_outlet_name(n, outlets)
                 for a in (bylines.parse_byline(n) or bylines.Byline()).authors]
        if found:
            prov["authors"] = source
            return list(dict.fromkeys(found)), wire
    return [], wire


def _related(page: Page, container: HtmlElement, prov: dict[str, str]) -> list[Link]:
    base = page.md.canonical or page.url
    for layer in page.layers:
        if layer.selectors.get("related"):
            prov["related"] = layer.label
            return related_by_rules(page.root, layer.selectors["related"], base, page.url, page.index)
    prov["related"] = "generic"
    return related_generic(container, base, page.url)


def _section(page: Page, prov: dict[str, str]) -> str | None:
    el, label = page.rule("section")
    if el is not None:
        prov["section"] = label
        return text_of(el)
    outlets = {bylines.fold(n) for n in page.outlet_names()}
    for crumb in page.md.breadcrumb:
        if bylines.fold(crumb) not in _HOME_CRUMBS | outlets:
            prov["section"] = "jsonld"
            return crumb
    value = page.md.first("article:section", "articlesection")
    if value:
        prov["section"] = "meta"
    return value


def _tags(page: Page, prov: dict[str, str]) -> list[str]:
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


def _zone_start(title_el: HtmlElement | None, container: HtmlElement) -> HtmlElement:
    """Where the article header starts: the block holding both the title and the body, else the
    title (dates above it, such as header clocks, are outside the article)."""
    if title_el is None:
        return container
    ancestors = set(title_el.iterancestors())
    zone_root = next((a for a in container.iterancestors() if a in ancestors), None)
    if zone_root is not None and zone_root.tag not in ("body", "html"):
        return zone_root
    return title_el


def _dates(page: Page, start: HtmlElement, container: HtmlElement, title_el: HtmlElement | None) -> list:
    """Every date candidate: metadata, the rule's date element, header dates, clocks, the URL."""
    rule_els, _ = page.rule_all("date")
    found = datecands.metadata_candidates(page.md, page.root)
    found += datecands.rule_candidates(rule_els)
    outside = datecands.early_dates(page.elements[:min(page.pos(start), _TOP_OF_PAGE)])
    around = set(start.iterancestors())
    scope = start if start in container.iterancestors() else next(
        (a for a in container.iterancestors() if a in around), page.root)
    for el, text, is_time in datecands.visible_dates(scope, container):
        if precedes(el, start) and el not in around:
            if not is_time and len(outside) < datecands.MAX_OUTSIDE:
                outside.append(datecands.outside_candidate(text))
        elif precedes(el, container):
            found.append(datecands.header_candidate(el, text, is_time, near_title=title_el is not None))
    found += outside + datecands.url_candidates(page.url)
    return datecands.dedupe(found)


def _unusable(html: str) -> Extraction | None:
    """Empty input, or bytes that were never text (NUL characters, mostly U+FFFD)."""
    if not html or not html.strip():
        return Extraction(kind="empty", reason="empty document")
    sample = html[:20_000]
    if "\x00" in sample or sample.count("\ufffd") > max(20, len(sample) // 50):
        return Extraction(kind="broken", reason="not text: NUL bytes or undecodable characters")
    return None


def run(html: str, url: str, site: Site | None, family: Family | None, use_rules: bool) -> Extraction:
    early = _unusable(html)
    if early is not None:
        return early
    try:
        root = parse(html)
    except BrokenMarkup as exc:
        kind = "empty" if "empty" in str(exc).lower() else "broken"
        return Extraction(kind=kind, reason=f"markup cannot be parsed: {exc}")
    body_el = root.find("body")
    if body_el is None or len(body_el.text_content().strip()) < 20:
        if "<body" not in html[:500_000].lower() and "<html" in html[:2000].lower():
            return Extraction(kind="broken", reason="document ends before its <body> (truncated)")
        if len(_TAG.sub("", html[:500_000]).strip()) >= 20:
            return Extraction(kind="broken", reason="markup holds text the parser cannot reach")
        return Extraction(kind="empty", reason="page has no visible text")
    layers = rule_layers(site, family) if use_rules else []
    page = Page(root=root, url=url, md=read_metadata(root, url), site=site, layers=layers)
    page.elements = list(root.iter())
    page.index = PageIndex.of(root) if layers else None
    prov: dict[str, str] = {}
    container = _container(page, prov)
    title, title_el = _title(page, prov)
    sapo = _sapo(page, container, title_el, prov)
    drops = drop_selectors(page.layers)
    parts = assemble(container_blocks(container, drops, page.index), sapo) if container is not None else BodyParts()
    body = "\n\n".join(parts.paragraphs)
    start = _zone_start(title_el, container) if container is not None else None
    zone = page.elements[page.pos(start):page.pos(container)] if start is not None and container is not None else []
    dates = _dates(page, start, container, title_el) if start is not None and container is not None else []
    reason = reject_reason(root, page.md, container, title, parts.paragraphs,
                           visible_title=title_el is not None,
                           header_date=any(c.near_title for c in dates))
    if reason or container is None:
        return Extraction(kind="not_article", reason=reason or "no article body found")
    if parts.sapo and "sapo" not in prov:
        prov["sapo"] = prov["body"]
    authors, wire = _authors(page, parts, zone, prov)
    return Extraction(
        kind="article", canonical_url=page.md.canonical, title=title, sapo=parts.sapo, body=body,
        authors=authors, wire_source=wire, section=_section(page, prov), tags=_tags(page, prov),
        images=body_images(container, url), related=_related(page, container, prov),
        date_candidates=dates, provenance=prov,
    )

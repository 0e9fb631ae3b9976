"""The extraction run for one page: parse, metadata, then rules and heuristics field by field
(scraper.extract.fields, scraper.extract.container), date candidates, and the article/not-article
decision.

Rules never do worse than no rules: a rule body far shorter than the generic one loses
(scraper.extract.container), and a page the rules would drop as not an article is extracted
again without them; ``provenance["body"]`` says when that happened.
"""

from __future__ import annotations

import re
from dataclasses import replace

from scraper.extract import datecands, fields
from scraper.extract.classify import reject_reason
from scraper.extract.container import Body, choose_body
from scraper.extract.dom import BrokenMarkup, HtmlElement, content, parse_document, precedes
from scraper.extract.fields import Page
from scraper.extract.links import body_images
from scraper.extract.metadata import read_metadata
from scraper.extract.result import Extraction
from scraper.extract.rules import rule_layers
from scraper.extract.selectors import PageIndex
from scraper.extract.urlshape import is_article_url
from scraper.registry.model import Family, Site

_TAG = re.compile(r"<[^>]*>|&\w+;")
_TOP_OF_PAGE = 600  # elements searched for header clocks above the article (they sit near the top)


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


def _dates(page: Page, start: HtmlElement, until: HtmlElement, title_el: HtmlElement | None) -> list:
    """Every date candidate: metadata, the rule's date element, header dates (up to the first
    body paragraph ``until``, so a header printed inside the body container counts), clocks, the URL."""
    rule_els, _ = page.rule_all("date")
    found = datecands.metadata_candidates(page.md, page.root)
    found += datecands.rule_candidates(rule_els)
    outside = datecands.early_dates(page.elements[:min(page.pos(start), _TOP_OF_PAGE)])
    around = set(start.iterancestors())
    scope = start if start in until.iterancestors() else next(
        (a for a in until.iterancestors() if a in around), page.root)
    for el, text, is_time in datecands.visible_dates(page.elements[page.pos(scope):page.pos(until)], until):
        if precedes(el, start) and el not in around:
            if not is_time and len(outside) < datecands.MAX_OUTSIDE:
                outside.append(datecands.outside_candidate(text))
        else:  # every holder precedes ``until``: it is a header element or the parent of one
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


def _unreachable(html: str, root: HtmlElement) -> Extraction | None:
    """A tree without visible text: truncated, empty, or markup no parser could read."""
    body_el = root.find("body")
    if body_el is not None and len(content(body_el).strip()) >= 20:
        return None
    if "<body" not in html[:500_000].lower() and "<html" in html[:2000].lower():
        return Extraction(kind="broken", reason="document ends before its <body> (truncated)")
    if len(_TAG.sub("", html[:500_000]).strip()) >= 20:
        return Extraction(kind="broken", reason="markup holds text the parser cannot reach")
    return Extraction(kind="empty", reason="page has no visible text")


def run(html: str, url: str, site: Site | None, family: Family | None, use_rules: bool) -> Extraction:
    early = _unusable(html)
    if early is not None:
        return early
    try:
        root, parser = parse_document(html)
    except BrokenMarkup as exc:
        kind = "empty" if "empty" in str(exc).lower() else "broken"
        return Extraction(kind=kind, reason=f"markup cannot be parsed: {exc}")
    problem = _unreachable(html, root)
    if problem is not None:
        return problem
    layers = rule_layers(site, family) if use_rules else []
    page = Page(root=root, url=url, md=read_metadata(root, url), site=site, layers=layers,
                family=family if use_rules else None)
    page.elements = list(root.iter())
    page.index = PageIndex.of(root) if layers else None
    result = extract(page)
    if result.kind != "article" and layers:
        generic = extract(replace(page, layers=[], index=None, family=None))
        if generic.kind == "article":
            generic.provenance["body"] = f"generic ({layers[0].label} rules: {result.reason})"
            result = generic
    if parser != "lxml" and result.kind == "article":
        result.provenance["parser"] = parser
    return result


def extract(page: Page) -> Extraction:
    """The fields of one parsed page with the page's rule layers (none: the generic path)."""
    prov: dict[str, str] = {}
    title, title_el = fields.choose_title(page, prov)
    body = choose_body(page, title, title_el, prov)
    container, parts = body.container, body.parts
    paragraphs = parts.paragraphs
    until = parts.first if parts.first is not None else container
    start = _zone_start(title_el, container) if container is not None else None
    zone = page.elements[page.pos(start):page.pos(until)] if start is not None and until is not None else []
    dates = _dates(page, start, until, title_el) if start is not None and until is not None else []
    reason = reject_reason(page.root, page.md, container, title, paragraphs,
                           visible_title=title_el is not None,
                           header_date=any(c.near_title for c in dates),
                           article_url=is_article_url(page.url, page.site if page.layers else None, page.family))
    if reason or container is None:
        return Extraction(kind="not_article", reason=reason or "no article body found")
    _sapo_source(body, prov)
    authors, wire = fields.choose_authors(page, parts, zone, prov)
    return Extraction(
        kind="article", canonical_url=page.md.canonical, title=title, sapo=parts.sapo, body="\n\n".join(paragraphs),
        authors=authors, wire_source=wire, section=fields.choose_section(page, prov), tags=fields.collect_tags(page, prov),
        images=body_images(container, page.url), related=fields.collect_related(page, container, prov),
        date_candidates=dates, provenance=prov,
    )


def _sapo_source(body: Body, prov: dict[str, str]) -> None:
    """The sapo's layer: its own element's, else the body's (a tagged lead paragraph)."""
    if body.parts.sapo:
        prov["sapo"] = body.sapo_source or body.source

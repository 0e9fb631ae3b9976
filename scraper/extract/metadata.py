"""Structured metadata of a page: JSON-LD (incl. ``@graph``), OpenGraph, ``article:*``/``dc.*``
meta tags and itemprop, read once into plain values the other layers consult."""

from __future__ import annotations

import html as html_lib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from scraper.extract.dom import HtmlElement, absolute, content
from scraper.text import clean_line

_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "blogposting", "analysisnewsarticle",
                  "opinionnewsarticle", "backgroundnewsarticle", "liveblogposting"}
_ITEMPROP = etree.XPath("//@itemprop/..")  # elements with itemprop (an attribute walk, cheaper than //*[@itemprop])
_ITEMPROP_KEPT = {"datepublished", "datemodified", "headline", "author", "name", "articlesection", "keywords"}
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass
class Metadata:
    """What the page says about itself in machine-readable form."""

    article: dict[str, Any] = field(default_factory=dict)  # the JSON-LD NewsArticle/Article
    breadcrumb: list[str] = field(default_factory=list)  # JSON-LD BreadcrumbList names, in order
    meta: dict[str, list[str]] = field(default_factory=dict)  # lower-case name/property -> contents
    itemprop: dict[str, list[str]] = field(default_factory=dict)
    canonical: str | None = None

    def first(self, *names: str) -> str | None:
        """The first non-empty meta content among ``names`` (``og:title``, ``article:published_time`` …)."""
        for name in names:
            for value in self.meta.get(name, []):
                if value:
                    return value
        return None


def unescape(text: str) -> str:
    """Undo HTML entities, twice where a CMS escaped them twice (``&amp;#7871;`` → ``ế``)."""
    for _ in range(2):
        if "&" not in text:
            break
        text = html_lib.unescape(text)
    return text


def _load_json(raw: str) -> Any:
    """json.loads that tolerates trailing commas, control characters and a trailing ``;``."""
    raw = raw.strip().rstrip(";")
    for attempt in (raw, _TRAILING_COMMA.sub(r"\1", _CONTROL.sub(" ", raw))):
        try:
            return json.loads(attempt, strict=False)
        except ValueError:
            continue
    return None


def _nodes(data: Any) -> list[dict[str, Any]]:
    """Flatten JSON-LD: top-level lists, ``@graph`` and nested lists of nodes."""
    out: list[dict[str, Any]] = []
    stack = [data]
    while stack:
        item = stack.pop(0)
        if isinstance(item, list):
            stack[:0] = item
        elif isinstance(item, dict):
            out.append(item)
            if "@graph" in item:
                stack.extend(item["@graph"] if isinstance(item["@graph"], list) else [item["@graph"]])
    return out


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", "")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).lower() for k in kinds}


def _crumbs(node: dict[str, Any]) -> list[str]:
    items = node.get("itemListElement") or []
    flat = [i for sub in items for i in (sub if isinstance(sub, list) else [sub]) if isinstance(i, dict)]
    flat.sort(key=lambda i: int(i.get("position", 0) or 0) if str(i.get("position", "0")).isdigit() else 0)
    names = []
    for item in flat:
        name = item.get("name")
        if not name and isinstance(item.get("item"), dict):
            name = item["item"].get("name")
        if isinstance(name, str) and clean_line(unescape(name)):
            names.append(clean_line(unescape(name)))
    return names


def read_metadata(root: HtmlElement, url: str) -> Metadata:
    """Collect JSON-LD, meta tags, itemprop values and the canonical URL from a parsed page:
    one tag-filtered walk (C-level) and one attribute walk."""
    md = Metadata()
    for el in root.iter("ldjson", "meta", "link"):
        if el.tag == "ldjson":
            _read_ldjson(md, el.text or "")
        elif el.tag == "meta":
            name = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
            value = el.get("content")
            if name and value is not None:
                md.meta.setdefault(name, []).append(clean_line(unescape(value)))
        elif md.canonical is None and (el.get("rel") or "").lower().strip() == "canonical":
            md.canonical = absolute(url, el.get("href"))
    for el in _ITEMPROP(root):
        if el.tag not in ("meta", "link"):  # an itemprop <meta> was read above, by its itemprop name
            name = el.get("itemprop").strip().lower()
            if name in _ITEMPROP_KEPT:  # not articleBody: its text is the body's business
                value = el.get("content") or el.get("datetime") or content(el)
                md.itemprop.setdefault(name, []).append(clean_line(value or ""))
    if md.canonical is None:
        md.canonical = absolute(url, md.first("og:url"))
    return md


def _read_ldjson(md: Metadata, raw: str) -> None:
    for node in _nodes(_load_json(raw)):
        kinds = _types(node)
        if kinds & _ARTICLE_TYPES and not md.article:
            md.article = node
        elif "breadcrumblist" in kinds and not md.breadcrumb:
            md.breadcrumb = _crumbs(node)


def ld_text(md: Metadata, key: str) -> str | None:
    """A string property of the JSON-LD article, unescaped and cleaned (``headline`` …)."""
    value = md.article.get(key)
    if isinstance(value, str):
        return clean_line(unescape(value)) or None
    return None


def ld_author_names(md: Metadata) -> list[str]:
    """Person names from the JSON-LD article's ``author`` (organisations are skipped)."""
    raw = md.article.get("author")
    items = raw if isinstance(raw, list) else [raw]
    names = []
    for item in items:
        if isinstance(item, dict) and "organization" not in _types(item):
            name = item.get("name")
            if isinstance(name, str) and clean_line(unescape(name)):
                names.append(clean_line(unescape(name)))
        elif isinstance(item, str) and clean_line(item):
            names.append(clean_line(unescape(item)))
    return names

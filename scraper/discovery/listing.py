"""Article links on a listing (category) page, each with the date printed beside it, if any.

A date belongs to a link only when it sits in the same item block (``<article>``, ``<li>``,
a card ``<div>``) and that block holds no other article: a neighbour's date is never borrowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from scraper.urls import UrlRules, canonical_url

# 05/03/2024, 5-3-2024 10:15, 10:15 05/03/2024: the shapes provincial listings print.
_DATE_TEXT = re.compile(
    r"\d{1,2}[/-]\d{1,2}[/-]\d{4}(?:\s*[-|,]?\s*\d{1,2}:\d{2}(?::\d{2})?)?"
    r"|\d{1,2}:\d{2}\s+\d{1,2}/\d{1,2}/\d{4}"
)
MAX_CLIMB = 4  # ancestors to look through for an item's date
MAX_DATE_LABEL = 40  # characters: a date label, not a sentence that mentions a date


@dataclass(frozen=True)
class ListingItem:
    url: str  # canonical
    date: str | None = None  # raw: <time datetime> value, else the printed date text


def _date_in(block: etree._Element) -> str | None:
    """A ``<time>`` value, else a short element that is only a date label (``05/03/2024 10:15``,
    ``Thứ Ba, 05/03/2024``). A date inside a teaser sentence is never taken: "thông xe vào
    30-6-2026" is a deadline, not the publish date."""
    for time in block.iter("time"):
        value = (time.get("datetime") or time.text_content() or "").strip()
        if value:
            return value
    for elem in block.iter():
        if not isinstance(elem.tag, str) or elem.tag == "a":
            continue
        text = " ".join(elem.text_content().split())
        if len(text) <= MAX_DATE_LABEL:
            match = _DATE_TEXT.search(text)
            if match:
                return match.group(0)
    return None


def _item_date(link: etree._Element, url: str, articles: dict[etree._Element, str]) -> str | None:
    """The date printed in the link's own item block, climbing at most MAX_CLIMB ancestors and
    stopping at the first block that also holds another article."""
    block = link.getparent()
    for _ in range(MAX_CLIMB):
        if block is None or block.tag in ("body", "html"):
            return None
        if any(articles.get(a, url) != url for a in block.iter("a")):
            return None  # the block already holds another article: its date is not ours
        found = _date_in(block)
        if found:
            return found
        block = block.getparent()
    return None


def _article_links(doc: etree._Element, base: str, rules: UrlRules) -> dict[etree._Element, str]:
    """Each ``<a>`` that points at an article, with the article's canonical URL (one pass)."""
    out = {}
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        url = canonical_url(urljoin(base, href))
        if rules.is_article(url):
            out[a] = url
    return out


def parse_document(html: str, url: str) -> tuple[etree._Element, str] | None:
    """The page's tree and the base its links resolve against (``<base href>``, else ``url``);
    None for an empty or unparsable page."""
    if not html.strip():
        return None
    try:
        doc = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return None
    return doc, urljoin(url, doc.xpath("string(//base/@href)").strip()) or url


def parse_listing(html: str, base_url: str, rules: UrlRules) -> list[ListingItem]:
    """Article links in page order, one per canonical URL (the first with a date wins)."""
    parsed = parse_document(html, base_url)
    return listing_items(*parsed, rules) if parsed is not None else []


def listing_items(doc: etree._Element, base: str, rules: UrlRules) -> list[ListingItem]:
    """``parse_listing`` of a page already parsed (``parse_document``)."""
    articles = _article_links(doc, base, rules)
    found: dict[str, str | None] = {}
    for a, url in articles.items():
        if found.get(url) is None:
            found[url] = _item_date(a, url, articles)
    return [ListingItem(url, date) for url, date in found.items()]

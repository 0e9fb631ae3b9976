"""What the probe reads off an HTML page: the outlet's name, ``<link rel="alternate">`` feeds, links
on the site's own hosts, links that look like feeds, section links, and a listing's pagination."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from lxml import etree

from scraper.discovery.listing import parse_document
from scraper.urls import canonical_url, compile_rules, host_of

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml")
# /rss/thoi-su.rss, /rss/kinh-te, /feed, /thoi-su/index.rss, /du-lieu/tin-moi.xml
FEED_LINK = re.compile(r"(?i)(\.rss$|\.atom$|/feed/?$|/rss/[\w/-]+$|/rss/[\w-]+\.xml$|[\w-]*(rss|feed)[\w-]*\.xml$)")
# the link from a listing to its page 2, relative to the listing's URL: /trang-2.html, ?page=2,
# /page/2/, -p2, /p2 (one word at most before the number)
PAGE_TWO = re.compile(r"^[/?&_-]?(?:[a-z]+[-_=/]?)?(2)(?:\.[a-z]{2,4}|/)?$")
SECTION_PATH = re.compile(r"^/[a-z-]+(?:/[a-z-]+)?(?:/|\.html?|\.chn)?$")


@dataclass
class PageLinks:
    url: str
    title: str | None = None
    site_name: str | None = None
    alternate_feeds: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # canonical, on the site's hosts, page order, once each
    feed_links: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # section-shaped links (/thoi-su/, /kinh-te.htm)


def _text(doc: etree._Element, xpath: str) -> str | None:
    value = " ".join(str(doc.xpath(xpath)).split())
    return value or None


def read_page(html: str, url: str, own_hosts: set[str]) -> PageLinks:
    """Links of an HTML page; ``own_hosts`` (``host[:port]``) decides which links are the site's."""
    parsed = parse_document(html, url)
    return page_links(*parsed, url, own_hosts) if parsed is not None else PageLinks(url)


def page_links(doc: etree._Element, base: str, url: str, own_hosts: set[str]) -> PageLinks:
    """``read_page`` of a page already parsed (``parse_document``)."""
    page = PageLinks(url)
    page.title = _text(doc, "string(//title)")
    page.site_name = _text(doc, "string(//meta[@property='og:site_name']/@content)")
    for link in doc.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and link.get("href"):
            page.alternate_feeds.append(canonical_url(urljoin(base, link.get("href").strip())))
    sections = compile_rules(())
    seen: set[str] = set()
    for a in doc.iter("a"):
        href = (a.get("href") or "").strip()
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        target = canonical_url(urljoin(base, href))
        if target in seen or host_of(target) not in own_hosts or not target.startswith("http"):
            continue
        seen.add(target)
        page.links.append(target)
        path = urlsplit(target).path
        if FEED_LINK.search(path):
            page.feed_links.append(target)
        elif path != "/" and sections.rejects(target) and SECTION_PATH.match(path):
            page.sections.append(target)
    return page


def pagination(page_url: str, links: list[str]) -> str | None:
    """The page-N template of a listing (``…/trang-{page}.html``) from its link to page 2."""
    page = canonical_url(page_url)
    stem = page.rstrip("/")
    for link in links:
        if not link.startswith(stem) or link == page:
            continue
        found = PAGE_TWO.match(link[len(stem):])
        if found:
            rest = link[len(stem):]
            return stem + rest[:found.start(1)] + "{page}" + rest[found.end(1):]
    return None

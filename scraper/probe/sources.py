"""Checking one way into a site: a feed, a sitemap (or index), a listing page, an RSS index page.

Whatever the URL was supposed to be, the answer decides what it is: a sitemap or index if it
parses as one, a feed if it parses as RSS/Atom, else an HTML page (an RSS index page when it links
to feeds, a listing when it links to articles). Each check says: reachable? parses? how many
article URLs? the newest date? For a sitemap index, the newest one or two article children are
read too (``MAX_CHILDREN``): the probe stays within its request budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin

from scraper.decode import UndecodableError, decode_html
from scraper.discovery.feed import FeedError, parse_feed
from scraper.discovery.listing import listing_items, parse_document
from scraper.discovery.sitemap import SitemapError, lists_no_articles, parse_sitemap, sitemap_span
from scraper.discovery.window import vn_day
from scraper.probe.client import Fetched, PoliteClient
from scraper.probe.pages import PageLinks, page_links, pagination
from scraper.urls import UrlRules, canonical_url, host_of

MAX_CHILDREN = 2


@dataclass
class SourceCheck:
    """The verdict on one URL as a way in."""

    url: str
    origin: str  # "registry", "robots.txt", '<link rel="alternate">', "usual location", "RSS index page", "home page"
    expected: str  # what it was supposed to be: "feed", "sitemap", "listing", "any"
    fetched: Fetched | None = None
    kind: str | None = None  # what it is: "feed", "sitemap", "sitemap index", "listing", "RSS index", "HTML"
    articles: list[str] = field(default_factory=list)  # canonical article URLs it leads to
    newest: date | None = None
    problem: str | None = None
    children: list[str] = field(default_factory=list)  # sitemap index: its article children
    feeds: list[str] = field(default_factory=list)  # RSS index page: the feeds it links to
    pagination: str | None = None  # listing pages: the page-N template

    @property
    def ok(self) -> bool:
        if self.problem is not None:
            return False
        return bool(self.articles) or (self.kind == "RSS index" and bool(self.feeds))

    @property
    def final_url(self) -> str:
        return self.fetched.final_url if self.fetched is not None else self.url

    def summary(self) -> str:
        """``20 article URLs, newest 2024-03-10`` or the problem."""
        if self.problem:
            return self.problem
        parts = [self.kind or "?"]
        if self.kind == "sitemap index":
            parts.append(f"{len(self.children)} article sitemap(s)")
        if self.kind == "RSS index":
            parts.append(f"links {len(self.feeds)} feed(s)")
        else:
            parts.append(f"{len(self.articles)} article URL(s)")
        if self.newest:
            parts.append(f"newest {self.newest.isoformat()}")
        if self.pagination:
            parts.append(f"pages {self.pagination}")
        return ", ".join(parts)


def _newest(days: list[date | None]) -> date | None:
    known = [d for d in days if d is not None]
    return max(known) if known else None


class SourceChecker:
    """Checks URLs of one site with its article rules; ``own_hosts`` are the hosts it lives on."""

    def __init__(self, client: PoliteClient, rules: UrlRules, own_hosts: set[str]) -> None:
        self.client, self.rules, self.own_hosts = client, rules, own_hosts

    def _listed(self, urls: list[str], base: str) -> list[str]:
        """Feed/sitemap entries that are articles (on the site's hosts, no not-article rule)."""
        out: dict[str, None] = {}  # ordered, once each
        for raw in urls:
            url = canonical_url(urljoin(base, raw))
            if host_of(url) in self.own_hosts and not self.rules.rejects(url):
                out[url] = None
        return list(out)

    async def check(self, url: str, origin: str, expected: str = "any") -> SourceCheck:
        result = SourceCheck(url=url, origin=origin, expected=expected)
        result.fetched = fetched = await self.client.get(url)
        if not fetched.ok:
            result.problem = fetched.problem or f"HTTP {fetched.status}"
            return result
        body = fetched.body
        try:
            sitemap = parse_sitemap(body)
        except SitemapError:
            sitemap = None
        if sitemap is not None:
            await self._sitemap(result, sitemap)
            return result
        try:
            items = parse_feed(body)
        except FeedError:
            items = None
        if items is not None:
            result.kind = "feed"
            result.articles = self._listed([i.link for i in items], fetched.final_url)
            result.newest = _newest([vn_day(i.published) for i in items])
            if not result.articles:
                result.problem = f"feed with {len(items)} item(s), none an article URL of this site"
            return result
        self._html(result)
        return result

    async def _sitemap(self, result: SourceCheck, sitemap) -> None:
        base = result.final_url
        if sitemap.kind == "urlset":
            result.kind = "sitemap"
            result.articles = self._listed([e.loc for e in sitemap.entries], base)
            result.newest = _newest([vn_day(e.publication_date or e.lastmod) for e in sitemap.entries])
            if not result.articles:
                result.problem = f"sitemap with {len(sitemap.entries)} entries, none an article URL of this site"
            return
        result.kind = "sitemap index"
        dated: list[tuple[date, int, str]] = []  # (newest day it covers, position, URL): newest first
        for position, entry in enumerate(sitemap.entries):
            loc = urljoin(base, entry.loc)
            if not lists_no_articles(loc):
                span = sitemap_span(loc)
                dated.append((span[1] if span else vn_day(entry.lastmod) or date.min, position, loc))
        children = [loc for _, _, loc in dated]
        result.children = children
        for _, _, child in sorted(dated, reverse=True)[:MAX_CHILDREN]:
            inner = await self.check(child, "sitemap index", "sitemap")
            result.articles = list(dict.fromkeys(result.articles + inner.articles))
            result.newest = _newest([result.newest, inner.newest])
        if not children:
            result.problem = "sitemap index lists no article sitemap"
        elif not result.articles:
            result.problem = f"sitemap index of {len(children)}; its newest children list no article"

    def _html(self, result: SourceCheck) -> None:
        fetched = result.fetched
        assert fetched is not None
        try:
            html = decode_html(fetched.body, fetched.content_type)
        except UndecodableError as exc:
            result.kind, result.problem = "not text", str(exc)
            return
        parsed = parse_document(html, fetched.final_url)  # one parse for its links and its listing
        page = page_links(*parsed, fetched.final_url, self.own_hosts) if parsed else PageLinks(fetched.final_url)
        listing = listing_items(*parsed, self.rules) if parsed else []
        result.articles = [item.url for item in listing if host_of(item.url) in self.own_hosts]
        result.newest = _newest([vn_day(item.date) for item in listing])
        feeds = [u for u in page.alternate_feeds + page.feed_links if host_of(u) in self.own_hosts]
        if result.expected in ("feed", "sitemap") and len(feeds) >= 2 and len(feeds) > len(result.articles) / 2:
            result.kind, result.feeds = "RSS index", list(dict.fromkeys(feeds))
            return
        result.kind = "listing"
        result.pagination = pagination(fetched.final_url, page.links) if result.expected == "listing" else None
        if result.expected in ("feed", "sitemap"):
            result.problem = f"an HTML page, not a {result.expected}"
        elif not result.articles:
            result.problem = "an HTML page with no link the article rules accept"

"""Sitemap discovery for the ``news`` spider: index → dated children → article URLs with dates.

Sitemaps come from the registry entry, else from the ``Sitemap:`` lines of the site's robots.txt.
A mixin: the spider provides ``window``, ``rules``, ``incremental``, ``_article_request``,
``_follow``, ``_known`` and the error callbacks. Children named by month or day
(``news-2024-3.xml.gz``) wholly outside the window are never downloaded. In an incremental run
dated children are read newest first, one at a time, and reading stops at the first child whose
articles are all known: a nightly run reads one or two sitemaps, not the site's whole history.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response
from scrapy.utils.sitemap import sitemap_urls_from_robots

from scraper.discovery.sitemap import SitemapEntry, SitemapError, lists_no_articles, parse_sitemap, sitemap_span
from scraper.dates.zone import PLUS7
from scraper.discovery.window import vn_day


# A full crawl of a site whose sitemaps are dated files (``news-{yyyy}-{m}.xml``) and no
# --since starts here; an incremental run without --since looks this many days back.
DATED_SITEMAPS_FROM = date(2010, 1, 1)
INCREMENTAL_LOOKBACK = timedelta(days=62)


class SitemapStrategy:
    window: Any
    rules: Any
    incremental: bool
    crawler: Any
    site: Any

    def dated_sitemap_requests(self) -> Iterator[scrapy.Request]:
        """The registry's dated sitemaps expanded over the crawl window, newest first.

        A missing file (a month the site never published) is expected: counted, not an error.
        """
        today = datetime.now(PLUS7).date()
        default_first = today - INCREMENTAL_LOOKBACK if self.incremental else DATED_SITEMAPS_FROM
        first = self.window.since or default_first
        last = min(self.window.until or today, today)
        for url in reversed(self.site.dated_sitemap_urls(first, last)):
            request = self._follow(url, self.parse_sitemap)  # type: ignore[attr-defined]
            if request is not None:
                self.crawler.stats.inc_value("vnnews/sitemaps/dated")
                yield request.replace(errback=self.on_optional_error)  # type: ignore[attr-defined]

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """``Sitemap:`` lines of robots.txt, for entries that list no sitemap of their own."""
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            request = self._follow(url, self.parse_sitemap)  # type: ignore[attr-defined]
            if request is not None:
                self.crawler.stats.inc_value("vnnews/sitemaps/from_robots")
                yield request

    def parse_sitemap(self, response: Response, queue: tuple[str, ...] = ()) -> Iterator[scrapy.Request]:
        try:
            sitemap = parse_sitemap(response.body)
        except SitemapError as exc:
            self._discovery_error(response, str(exc))  # type: ignore[attr-defined]
            yield from self._next_sitemap(queue)
            return
        if sitemap.kind == "index":
            yield from self._child_sitemaps(response, sitemap.entries)
            return
        known = []
        for entry in sitemap.entries:
            loc = urljoin(response.url, entry.loc)  # the protocol wants absolute URLs; some are not
            if not self.listed_article(loc):  # type: ignore[attr-defined]
                continue
            known.append(self._known(loc))  # type: ignore[attr-defined]
            # lastmod ≥ publication: it can prove an article too old, never too new.
            if self.window.outside(vn_day(entry.publication_date)) or self.window.before(vn_day(entry.lastmod)):
                self.crawler.stats.inc_value("vnnews/skipped/outside_window")
                continue
            # news:publication_date is a publish time; lastmod only says when the page last changed
            hints = {"sitemap": entry.publication_date, "sitemap_lastmod": entry.lastmod}
            request = self._article_request(loc, {k: v for k, v in hints.items() if v})  # type: ignore[attr-defined]
            if request is not None:
                yield request
        if queue and known and all(known):
            self.crawler.stats.inc_value("vnnews/sitemaps/stopped_all_known")
            return
        yield from self._next_sitemap(queue)

    def _child_sitemaps(self, response: Response, entries: tuple[SitemapEntry, ...]) -> Iterator[scrapy.Request]:
        """Child sitemaps, except dated ones wholly outside the window; chained when incremental."""
        wanted: list[tuple[date | None, str]] = []
        for entry in entries:
            loc = urljoin(response.url, entry.loc)
            if lists_no_articles(loc):
                self.crawler.stats.inc_value("vnnews/sitemaps/skipped_not_article")
                continue
            span = sitemap_span(loc)
            if (span and not self.window.overlaps(*span)) or self.window.before(vn_day(entry.lastmod)):
                self.crawler.stats.inc_value("vnnews/skipped/sitemap_outside_window")
                continue
            wanted.append((span[1] if span else vn_day(entry.lastmod), loc))
        if self.incremental and wanted and all(newest is not None for newest, _ in wanted):
            newest_first = sorted(wanted, key=lambda w: w[0] or date.min, reverse=True)
            yield from self._next_sitemap(tuple(loc for _, loc in newest_first))
            return
        for _, loc in wanted:
            request = self._follow(loc, self.parse_sitemap)  # type: ignore[attr-defined]
            if request is not None:
                yield request

    def _next_sitemap(self, queue: tuple[str, ...]) -> Iterator[scrapy.Request]:
        """The next child of an incremental chain (a failed child does not end the chain)."""
        for position, loc in enumerate(queue):
            request = self._follow(loc, self.parse_sitemap, queue=queue[position + 1:])  # type: ignore[attr-defined]
            if request is not None:
                yield request.replace(errback=self.on_sitemap_error)
                return

    def on_sitemap_error(self, failure: Any) -> Iterator[scrapy.Request]:
        self.on_error(failure)  # type: ignore[attr-defined]
        yield from self._next_sitemap(failure.request.cb_kwargs.get("queue", ()))

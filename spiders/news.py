"""The one ``news`` spider: discovery strategies (sitemap, feed, listing) chosen by the registry.

    scrapy crawl news -a site=baoquangninh -a since=2024-01-01 -a until=2024-12-31 \\
        -a max_pages=200 -a incremental=1 -a sites_file=my-sites.toml

Every site offers some of: sitemaps (index → monthly/dated children, plain or ``.xml.gz``), RSS or
Atom feeds, listing pages with a ``{page}`` pagination pattern. The spider walks all it offers,
keeps the dates discovery saw (sitemap ``lastmod``/``news:publication_date``, RSS ``pubDate``,
listing dates) as hints on each article, skips what is known to lie outside the date window or
already in the corpus, and yields one ``RawPage`` per fetched article. It never parses articles.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse

from scraper.discovery.feed import FeedError, parse_feed
from scraper.discovery.window import DateWindow, vn_day
from scraper.page import RawPage
from scraper.registry import Listing, RegistryError, Site
from scraper.store.diskset import DiskSet
from scraper.urls import UrlRules, canonical_url, site_owns
from spiders.config import crawl_config
from spiders.crawlstate import open_crawl_state
from spiders.listings import ListingStrategy
from spiders.sitemaps import SitemapStrategy

log = logging.getLogger(__name__)

SPIDER_ARGS = ("since", "until", "max_pages", "incremental", "sites_file")  # besides site
KEPT_HEADERS = ("Content-Type", "Last-Modified", "ETag", "Content-Language", "Date")


PATTERN_MISS_SAMPLES = 5  # sample URLs kept per site of entries the article pattern did not match

# frontier outcomes that depend on the run's date window, not on the page
WINDOW_DROPS = ("dropped:outside_window", "dropped:no_date_in_window")


class NewsSpider(SitemapStrategy, ListingStrategy, scrapy.Spider):
    name = "news"

    def __init__(self, site: str | None = None, **kwargs: Any) -> None:
        self.spider_args = {k: kwargs.pop(k, None) for k in SPIDER_ARGS}
        super().__init__(**kwargs)
        self.site_key = site
        self.config_error: str | None = None
        self.window = DateWindow()  # the window pipeline reads it
        self.site: Site | None = None
        self.rules: UrlRules | None = None
        self.max_pages: int | None = None
        self.incremental = False
        self.state: Any | None = None
        self._scheduled = DiskSet()  # article URLs scheduled this run, on disk: flat memory

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        try:
            config = crawl_config(crawler.settings, spider.site_key, **spider.spider_args)
        except (RegistryError, KeyError, ValueError) as exc:
            spider.config_error = str(exc.args[0] if exc.args else exc)
            return spider
        spider.site, spider.rules, spider.window = config.site, config.rules, config.window
        spider.max_pages, spider.incremental = config.max_pages, config.incremental
        # Settings are still open here: the pipelines must read the same registry files.
        crawler.settings.set("VNNEWS_SITES_FILES", list(config.sites_files), priority="spider")
        if not config.verify_tls:
            crawler.settings.set("DOWNLOAD_VERIFY_CERTIFICATES", False, priority="spider")
        return spider

    # -- the crawl ---------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.config_error:
            self._refuse(self.config_error)
        assert self.site is not None
        # a bounded run is not compared with the site's usual pace or template (scraper.health)
        self.crawler.stats.set_value(f"vnnews/{self.site.key}/window", int(self.window.bounded))
        self.crawler.stats.set_value(f"vnnews/{self.site.key}/capped", int(self.max_pages is not None))
        try:
            self.state = open_crawl_state(self.settings)
        except (OSError, RuntimeError) as exc:  # unreadable corpus folder; the store's LockHeld
            self._refuse(f"corpus state: {exc}")
        if not self.settings.getbool("VNNEWS_DISCOVERY", True):
            return  # a Redis worker: its requests come from the planned queue (spiders.redis_scheduler)
        if self.incremental and self.state is None:
            log.warning("incremental=1 but no corpus state: every discovered article is fetched")
        for request in self._resume():
            yield request
        for url in self.site.sitemaps:
            yield scrapy.Request(url, callback=self.parse_sitemap, errback=self.on_error)
        for request in self.dated_sitemap_requests():
            yield request
        if not self.site.sitemaps and not self.site.dated_sitemaps:  # robots.txt may name some
            yield scrapy.Request(self.site.home + "robots.txt", callback=self.parse_robots,
                                 errback=self.on_optional_error)
        for url in self.site.feeds:
            yield scrapy.Request(url, callback=self.parse_feed, errback=self.on_error)
        for listing in self._listings():
            request = self._listing_request(listing, 1)
            if request is not None:
                yield request

    def _listings(self) -> tuple[Listing, ...]:
        """Listing pages and start URLs; the home page when the entry offers no way in at all."""
        assert self.site is not None
        listings = self.site.listings + tuple(Listing(u) for u in self.site.start_urls)
        if listings or self.site.sitemaps or self.site.dated_sitemaps or self.site.feeds:
            return listings
        log.warning("%s offers no sitemap, feed, listing or start URL: reading its home page", self.site.key)
        return (Listing(self.site.home),)

    def _refuse(self, reason: str) -> None:
        """Stop before any request with one clear line (finish reason ``config_error``)."""
        log.error("news spider: %s", reason)
        self.crawler.stats.set_value("vnnews/config_error", reason)
        raise CloseSpider("config_error")

    def _resume(self) -> Iterator[scrapy.Request]:
        """Articles a killed run planned but never finished come first."""
        if self.state is None:
            return
        assert self.site is not None
        for url, meta in self.state.frontier.pending(self.site.key):  # paged by the store: flat memory
            hints = dict((meta or {}).get("hints", {}))
            request = self._article_request(url, hints, replan=False)
            if request is not None:
                self.crawler.stats.inc_value("vnnews/resumed")
                yield request

    def _article_request(self, url: str, hints: dict[str, str], *, replan: bool = True) -> scrapy.Request | None:
        """One request per canonical article URL, or None when it must not be fetched."""
        assert self.site is not None
        stats = self.crawler.stats
        url = canonical_url(url)
        if not site_owns(self.site, url):
            stats.inc_value("vnnews/offsite_skipped")
            return None
        if url in self._scheduled:
            return None
        if self.max_pages is not None and len(self._scheduled) >= self.max_pages:
            stats.inc_value("vnnews/skipped/max_pages")
            return None
        if self.state is not None and not self._state_allows(url, hints, replan):
            return None
        self._scheduled.add(url)
        stats.inc_value("vnnews/articles_scheduled")
        return scrapy.Request(url, callback=self.parse_article, errback=self.on_error,
                              meta={"vnnews_hints": hints}, priority=10)

    def _state_allows(self, url: str, hints: dict[str, str], replan: bool) -> bool:
        """Plan the URL in the frontier; refuse it when finished before or (incremental) stored.

        Planning comes first, so that a URL the store reopens on re-planning (its sitemap
        ``lastmod`` changed since it was stored) is fetched again, even in an incremental run: the
        store then keeps the changed text as a new version.
        """
        frontier, stats = self.state.frontier, self.crawler.stats  # type: ignore[union-attr]
        # a page an earlier run dropped only for its --since/--until is not finished for this run
        was_done = frontier.is_done(url) and frontier.outcome(url) not in WINDOW_DROPS
        if replan:
            meta = {"hints": hints, "lastmod": hints.get("sitemap_lastmod")}
            frontier.plan(self.site.key, url, {k: v for k, v in meta.items() if v})  # type: ignore[union-attr]
        if was_done and frontier.is_done(url) and frontier.outcome(url) not in WINDOW_DROPS:
            stats.inc_value("vnnews/skipped/done")
            return False
        if self.incremental and not was_done and self.state.seen.has_url(url):  # type: ignore[union-attr]
            stats.inc_value("vnnews/skipped/seen")
            return False
        return True

    def _known(self, url: str) -> bool:
        """Incremental runs only: the article is in the corpus, or was finished by an earlier run."""
        if not self.incremental or self.state is None:
            return False
        url = canonical_url(url)
        return bool(self.state.seen.has_url(url) or self.state.frontier.is_done(url))

    def _follow(self, url: str, callback: Any, **cb_kwargs: Any) -> scrapy.Request | None:
        """A discovery request (child sitemap, next listing page), kept on the site's own hosts."""
        assert self.site is not None
        if not site_owns(self.site, url):
            self.crawler.stats.inc_value("vnnews/offsite_skipped")
            return None
        return scrapy.Request(url, callback=callback, errback=self.on_error, cb_kwargs=cb_kwargs)

    def listed_article(self, url: str) -> bool:
        """A feed item or news-sitemap entry: an article unless a not-article rule rejects it.

        Feeds and news sitemaps list articles by design, so the article-URL pattern (which sorts
        the links of listing pages) does not get to discard one: an entry it would have
        rejected is fetched anyway, counted (``vnnews/<site>/pattern_missed``) and sampled for
        the manifest, which tells the registry maintainer the pattern is out of date.
        """
        assert self.rules is not None and self.site is not None
        url = canonical_url(url)
        stats, prefix = self.crawler.stats, f"vnnews/{self.site.key}/"
        if self.rules.rejects(url):
            stats.inc_value(prefix + "listed_not_article")
            return False
        stats.inc_value(prefix + "listed")
        if not self.rules.has_article_shape(url):
            stats.inc_value(prefix + "pattern_missed")
            samples = stats.get_value(prefix + "pattern_missed_samples") or []
            if len(samples) < PATTERN_MISS_SAMPLES:
                stats.set_value(prefix + "pattern_missed_samples", [*samples, url])
        return True

    # -- feeds ---------------------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request]:
        try:
            items = parse_feed(response.body)
        except FeedError as exc:
            self._discovery_error(response, str(exc))
            return
        for item in items:
            link = urljoin(response.url, item.link)
            if not self.listed_article(link):
                continue
            if self.window.outside(vn_day(item.published)):
                self.crawler.stats.inc_value("vnnews/skipped/outside_window")
                continue
            request = self._article_request(link, {"feed": item.published} if item.published else {})
            if request is not None:
                yield request

    # -- articles ------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[RawPage]:
        requested = (response.meta.get("redirect_urls") or [response.request.url])[0]
        if not isinstance(response, TextResponse):  # a PDF or image behind an article-like URL
            self.crawler.stats.inc_value("vnnews/dropped/not_text")
            log.info("not a text page: %s (%s)", response.url, response.headers.get("Content-Type"))
            if self.state is not None:  # finished: a resumed run must not fetch it again
                self.state.frontier.done(requested, "not_text")
            return
        self.crawler.stats.inc_value(f"vnnews/{self.site_key}/fetched")
        headers = {}
        for name in KEPT_HEADERS:
            value = response.headers.get(name)
            if value is not None:
                headers[name.lower()] = value.decode("latin-1")
        yield RawPage(
            url=requested,
            final_url=response.url,
            status=response.status,
            html=response.text,
            site=self.site_key or "",
            fetched_at=datetime.now(timezone.utc),
            headers=headers,
            hints=dict(response.meta.get("vnnews_hints") or {}),
            warc=response.meta.get("vnnews_warc"),  # spiders.archive kept the response as WARC
        )

    def closed(self, reason: str) -> None:
        self._scheduled.close()
        if self.state is not None and hasattr(self.state, "close"):
            self.state.close()
            self.state = None

    def on_optional_error(self, failure) -> None:
        """A probe that may well not exist (robots.txt): counted, not logged as a failure."""
        self.crawler.stats.inc_value(f"vnnews/probe_failed/{failure.type.__name__}")

    def on_error(self, failure) -> None:
        """A request that failed for good (HTTP error after retries, DNS, refused by robots…)."""
        request = failure.request
        self.crawler.stats.inc_value(f"vnnews/fetch_failed/{failure.type.__name__}")
        log.info("fetch failed %s: %s", request.url, failure.getErrorMessage())

    def _discovery_error(self, response: Response, reason: str) -> None:
        self.crawler.stats.inc_value("vnnews/discovery_errors")
        log.warning("cannot read %s: %s", response.url, reason)

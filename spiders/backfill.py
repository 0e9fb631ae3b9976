"""The ``backfill`` spider: articles of a site, or of a retired paper, recovered from web archives.

    scrapy crawl backfill -a target=baobacgiang -a source=wayback -a since=2019-01-01

Discovery reads the archive's CDX index for every host of the target (current and former
domains, subdomains included), judges each row by the site's article-URL rules (rejects are
counted with samples), keeps one capture per article (the earliest, or the latest with
``latest=1``) in a temporary table, then fetches the chosen captures a batch at a time when the
spider goes idle: Wayback's raw ``id_`` form, or a Range request into the Common Crawl WARC file
the index names. Each capture is kept in the corpus's own WARC archive and yielded as a
``RawPage`` whose URL is the article's original one; the normal pipelines do the rest.

Planned captures live in the store's frontier (group ``<site>@<source>``), so a killed run
resumes them; ``incremental=1`` skips articles the corpus already holds. Politeness: two
requests at a time per archive host, a delay between them, ``Retry-After`` honoured
(``PoliteRetryMiddleware``). The archives' APIs are queried as documented APIs, not crawled as
sites: robots.txt is not consulted for them.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy import signals
from scrapy.exceptions import CloseSpider, DontCloseSpider
from scrapy.http import Response

from scraper.archive import cdx
from scraper.archive.capture import CaptureError, to_page
from scraper.archive.read import RecordError
from scraper.archive.targets import Target, resolve, rules_for_url
from scraper.archive.warcfile import MAX_BYTES, open_archive
from scraper.discovery.window import DateWindow
from scraper.registry import RegistryError, load_registry
from scraper.store.lock import LockHeld
from scraper.urls import canonical_url
from spiders.archive import run_id_of
from spiders.config import flag
from spiders.crawlstate import open_crawl_state

log = logging.getLogger(__name__)

FEED_BATCH = 200
MAX_SAMPLES = 5


class BackfillSpider(scrapy.Spider):
    name = "backfill"
    custom_settings = {"CONCURRENT_REQUESTS_PER_DOMAIN": 2, "DOWNLOAD_DELAY": 1.0, "ROBOTSTXT_OBEY": False}

    def __init__(self, target: str | None = None, source: str = "wayback", since: str | None = None,
                 until: str | None = None, crawl: str | None = None, latest: str | None = None,
                 incremental: str | None = None, sites_file: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.args = {"target": target, "source": source, "since": since, "until": until, "crawl": crawl,
                     "sites_file": sites_file}
        self.latest, self.incremental = flag(latest), flag(incremental)
        self.site = None  # archive hosts are not the site's: SiteOffsiteMiddleware stands aside
        self.site_key = ""
        self.window = DateWindow()
        self.config_error: str | None = None
        self.target: Target | None = None
        self.registry = None
        self.state: Any = None
        self.archive: Any = None
        self.choices = cdx.Choices(self.latest)
        self.discovering = 0
        self.after = ""
        self.samples: dict[str, list[str]] = {}

    @classmethod
    def from_crawler(cls, crawler, *args: Any, **kwargs: Any) -> BackfillSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        files = [str(f) for f in crawler.settings.getlist("VNNEWS_SITES_FILES")]
        if spider.args["sites_file"] and spider.args["sites_file"] not in files:
            files.append(spider.args["sites_file"])
        try:
            if spider.args["source"] not in cdx.SOURCES:
                raise ValueError(f"source {spider.args['source']!r}: choose wayback or commoncrawl")
            spider.registry = load_registry(files)
            spider.target = resolve(spider.registry, spider.args["target"] or "")
            spider.window = DateWindow.from_args(spider.args["since"], spider.args["until"])
        except (RegistryError, KeyError, ValueError) as exc:
            spider.config_error = str(exc.args[0] if exc.args else exc)
            return spider
        spider.site_key = spider.target.site.key
        crawler.settings.set("VNNEWS_SITES_FILES", files, priority="spider")
        crawler.signals.connect(spider.on_idle, signals.spider_idle)
        return spider

    @property
    def group(self) -> str:
        """The frontier group of this site and archive: ``baobacninhtv@wayback``."""
        return f"{self.site_key}@{self.args['source']}"

    def count(self, name: str, n: int = 1) -> None:
        self.crawler.stats.inc_value(f"vnnews/{self.site_key}/{name}", n)

    # -- discovery ------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[scrapy.Request]:
        if self.config_error:
            self.crawler.stats.set_value("vnnews/config_error", self.config_error)
            log.error("backfill: %s", self.config_error)
            raise CloseSpider("config_error")
        settings = self.settings
        try:
            self.state = open_crawl_state(settings)
            if settings.getbool("VNNEWS_ARCHIVE", True) and settings.get("VNNEWS_OUT"):
                self.archive = open_archive(settings.get("VNNEWS_OUT"), run_id_of(settings),
                                            settings.getint("VNNEWS_ARCHIVE_MAX_BYTES", MAX_BYTES))
        except (OSError, LockHeld) as exc:
            self.crawler.stats.set_value("vnnews/config_error", f"corpus state: {exc}")
            raise CloseSpider("config_error") from None
        if self.state is not None:
            for url, meta in self.state.frontier.pending(self.group):
                self.count("backfill/resumed")
                yield self._capture_request(url, meta["row"])
        if self.args["source"] == "wayback":
            for domain in self.target.domains:
                yield self._index_request(settings.get("VNNEWS_WAYBACK_CDX_URL"), domain, 0)
        else:
            self.discovering += 1
            yield scrapy.Request(settings.get("VNNEWS_CC_INDEX_URL").rstrip("/") + "/collinfo.json",
                                 callback=self.parse_collinfo, errback=self.on_index_error,
                                 meta={"site": self.site_key}, dont_filter=True)

    def _index_request(self, endpoint: str, domain: str, page: int) -> scrapy.Request:
        self.discovering += 1
        # captures before --since cannot be of articles published after it; --until is checked on
        # published_at (an article may be captured long after it appeared)
        return scrapy.Request(cdx.query_url(endpoint, domain, page, self.window.since), callback=self.parse_index,
                              errback=self.on_index_error, cb_kwargs={"endpoint": endpoint, "domain": domain, "page": page},
                              meta={"site": self.site_key, "handle_httpstatus_list": [400, 404]}, dont_filter=True)

    def parse_collinfo(self, response: Response):
        self.discovering -= 1
        crawls = [c for c in (self.args["crawl"] or "").split(",") if c]
        try:
            endpoints = cdx.cc_endpoints(json.loads(response.text), crawls, self.window.since)
        except (ValueError, KeyError, TypeError) as exc:
            self.crawler.stats.set_value("vnnews/config_error", f"Common Crawl index list: {exc}")
            raise CloseSpider("config_error") from None
        self.crawler.stats.set_value(f"vnnews/{self.site_key}/backfill/crawls", len(endpoints))
        for endpoint in endpoints:
            for domain in self.target.domains:
                yield self._index_request(endpoint, domain, 0)

    def parse_index(self, response: Response, endpoint: str, domain: str, page: int):
        self.discovering -= 1
        try:
            rows = cdx.parse_rows(response.status, response.text) if response.status < 400 else []
        except ValueError as exc:
            self.count("backfill/index_unreadable")
            log.warning("unreadable index answer %s: %s", response.url, exc)
            return
        for row in rows:
            self.count("backfill/index_rows")
            url = str(row.get("url") or "")
            reason = cdx.row_reject(row, rules_for_url(self.registry, self.target.site, url), self.target.owns)
            if reason is not None:
                self.count(f"backfill/rejected/{reason}")
                kept = self.samples.setdefault(reason, [])
                if len(kept) < MAX_SAMPLES and url not in kept:
                    kept.append(url)
                    self.crawler.stats.set_value(f"vnnews/{self.site_key}/backfill/samples/{reason}", list(kept))
                continue
            self.choices.offer(row)
        if rows:
            yield self._index_request(endpoint, domain, page + 1)

    def on_index_error(self, failure) -> None:
        self.discovering -= 1
        self.count("backfill/index_failed")
        log.warning("index request failed for good: %s (%s)", failure.request.url, failure.getErrorMessage())

    # -- fetching the chosen captures -------------------------------------------------------------

    def on_idle(self, spider=None) -> None:
        """Discovery is over (or this batch is done): schedule the next batch of chosen captures."""
        if self.discovering > 0 or self.target is None:
            return
        batch = self.choices.rows(self.after, FEED_BATCH)
        if not batch:
            self.crawler.stats.set_value(f"vnnews/{self.site_key}/backfill/captures_chosen", len(self.choices))
            return
        for key, row in batch:
            self.after = key
            request = self._plan(row)
            if request is not None:
                self.crawler.engine.crawl(request)
        raise DontCloseSpider

    def _plan(self, row: dict[str, Any]) -> scrapy.Request | None:
        settings = self.settings
        if self.args["source"] == "wayback":
            url = cdx.wayback_url(settings.get("VNNEWS_WAYBACK_URL"), row)
        else:
            url, _ = cdx.cc_url(settings.get("VNNEWS_CC_DATA_URL"), row)
        if self.state is not None:
            if self.incremental and self.state.seen.has_url(canonical_url(str(row["url"]))):
                self.count("backfill/skipped_in_corpus")
                return None
            frontier = self.state.frontier
            if frontier.is_done(url):
                self.count("backfill/skipped_done")
                return None
            if not frontier.is_planned(url):
                frontier.plan(self.group, url, {"row": row})
        return self._capture_request(url, row)

    def _capture_request(self, url: str, row: dict[str, Any]) -> scrapy.Request:
        self.count("backfill/captures_requested")
        headers = {}
        if self.args["source"] == "commoncrawl":
            _, headers["Range"] = cdx.cc_url(self.settings.get("VNNEWS_CC_DATA_URL"), row)
        return scrapy.Request(url, headers=headers, callback=self.parse_capture, cb_kwargs={"row": row},
                              dont_filter=True, priority=10,
                              meta={"site": self.site_key, "dont_redirect": True, "handle_httpstatus_all": True,
                                    "vnnews_archive": False})

    def _done(self, url: str, outcome: str) -> None:
        self.count(f"dropped/{outcome}")
        if self.state is not None:
            self.state.frontier.done(url, f"dropped:{outcome}")

    def parse_capture(self, response: Response, row: dict[str, Any]):
        url = response.request.url  # keeps a Common Crawl ``#offset=…`` (response.url drops it)
        if response.status >= 400:  # 404 done, 5xx pending: pipelines.runstats counts both
            return
        if 300 <= response.status < 400:
            self._done(url, "capture_redirect")
            return
        headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, vs in response.headers.items() for v in vs]
        try:
            if self.args["source"] == "wayback":
                capture = cdx.wayback_capture(row, response.status, headers, response.body, url)
            else:
                capture = cdx.cc_capture(row, response.body, url)
        except RecordError as exc:
            self._done(url, f"capture_{exc.reason}")
            return
        if 300 <= capture.status < 400:
            self._done(url, "capture_redirect")
            return
        if capture.status != 200:
            self._done(url, f"capture_http_{capture.status}")
            return
        if not capture.is_html():
            self._done(url, "capture_not_html")
            return
        pointer = self.archive.write(self.site_key, capture) if self.archive is not None else None
        try:
            page = to_page(capture, self.site_key, requested_url=url, warc=pointer)
        except CaptureError:
            self._done(url, "capture_undecodable")
            return
        yield page

    def closed(self, reason: str) -> None:
        self.choices.close()
        if self.archive is not None:
            self.archive.close()
            self.archive = None
        if self.state is not None:
            self.state.close()
            self.state = None

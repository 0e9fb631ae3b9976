"""Per-site run counts and finished-work marks that no item pipeline sees.

``RunStats`` (an extension) counts ``vnnews/<site>/requests`` and ``vnnews/<site>/responses/<status>``;
it marks a planned URL done when its page is dropped (``item_dropped``) or answers a final 4xx,
while 5xx, download errors and crashed callbacks (``spider_error``) stay pending for the next run;
it writes the run manifest when the spider closes (unless ``VNNEWS_WRITE_MANIFEST`` is off:
``vnnews crawl`` writes one manifest for all sites).
``DownloadErrors`` (a downloader middleware below retries and robots.txt) counts requests that
failed for good (``dropped/download_error``) and marks robots/offsite-ignored planned URLs done.
"""

from __future__ import annotations

import logging
import sys
from datetime import datetime, timezone
from typing import Any

from scrapy import signals
from scrapy.exceptions import IgnoreRequest

from scraper.failures import count_failure
from scraper.health import Thresholds, assess
from scraper.page import RawPage
from scraper.process import Draft
from scraper.store import manifest
from scraper.store.lock import LockHeld
from scraper.store.state import CrawlState, open_state

log = logging.getLogger(__name__)


def site_of(request, spider) -> str:
    """The registry key a request belongs to: ``meta["site"]`` or the spider's site."""
    site = request.meta.get("site") or getattr(spider, "site", None) or "unknown"
    return getattr(site, "key", site)


def requested_url(request) -> str:
    """The URL first requested (what the frontier planned), even after redirects."""
    return (request.meta.get("redirect_urls") or [request.url])[0]


def planned_url(item: Any) -> str | None:
    """The URL the frontier planned for an item at any stage of the pipelines."""
    if isinstance(item, RawPage):
        return item.url
    if isinstance(item, Draft):
        return item.page.url
    if isinstance(item, dict):
        return item.get("fetched_url")
    return None


def drop_outcome(exception: BaseException) -> str:
    """``dropped:not_article`` from a DropItem message ``not_article: <url>`` (the pipelines' form)."""
    reason = str(exception).split(":", 1)[0].strip()
    return f"dropped:{reason}" if reason.replace("_", "").isalnum() else "dropped"


def is_final_client_error(status: int) -> bool:
    """404, 410, 403…: the page will not come; 408 and 429 are worth another try."""
    return 400 <= status < 500 and status not in (408, 429)


class RunStats:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state: CrawlState | None = None
        self.started = datetime.now(timezone.utc)
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        crawler.signals.connect(self.request_reached, signals.request_reached_downloader)
        crawler.signals.connect(self.response_received, signals.response_received)
        crawler.signals.connect(self.item_dropped, signals.item_dropped)
        crawler.signals.connect(self.spider_error, signals.spider_error)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.started = datetime.now(timezone.utc)
        try:
            self.state = open_state(self.crawler.settings.get("VNNEWS_OUT"))
        except LockHeld:
            self.state = None

    def _finish(self, url: str | None, outcome: str) -> None:
        """Mark a planned, unfinished URL done (dropped pages are finished work)."""
        if self.state is None or not url:
            return
        frontier = self.state.frontier
        if frontier.is_planned(url) and not frontier.is_done(url):
            frontier.done(url, outcome)

    def request_reached(self, request, spider) -> None:
        self.stats.inc_value(f"vnnews/{site_of(request, spider)}/requests")

    def response_received(self, response, request, spider) -> None:
        site = site_of(request, spider)
        self.stats.inc_value(f"vnnews/{site}/responses/{response.status}")
        url = requested_url(request)
        if response.status >= 400 and self.state is not None and self.state.frontier.is_planned(url):
            self.stats.inc_value(f"vnnews/{site}/dropped/http_{response.status}")
            if is_final_client_error(response.status):
                self._finish(url, f"http_{response.status}")

    def item_dropped(self, item, response, exception, spider) -> None:
        self._finish(planned_url(item), drop_outcome(exception))

    def spider_error(self, failure, response, spider) -> None:
        """A crashed callback is a failure, not a verdict on the page: counted (exit 4) and left
        pending, so the next run fetches it again once the bug is fixed."""
        site = site_of(response.request, spider) if response.request else "unknown"
        self.stats.inc_value(f"vnnews/{site}/dropped/spider_error")

    def spider_closed(self, spider, reason: str) -> None:
        if self.crawler.settings.getbool("VNNEWS_WRITE_MANIFEST", True) and reason != "locked":
            self.write_manifest(reason)
        if self.state is not None:
            self.state.close()
            self.state = None

    def write_manifest(self, reason: str) -> None:
        stats = self.stats.get_stats()
        sites = {s: manifest.site_counts(stats, s) for s in manifest.sites_in(stats)}
        started = self.started
        doc = manifest.build_manifest(
            run_id=manifest.new_run_id(started), started_at=started, finished_at=datetime.now(timezone.utc),
            command=list(sys.argv), finish_reason=reason, exit_code=manifest.exit_code_for([reason], sites),
            sites=sites, torn_lines_repaired=int(stats.get("vnnews/store/torn_lines_repaired", 0)),
            warc_members_repaired=int(stats.get("vnnews/archive/torn_members_repaired", 0)),
        )
        site = getattr(self.crawler.spider, "site", None)
        assess(doc, self.crawler.settings.get("VNNEWS_OUT"), Thresholds.from_settings(self.crawler.settings),
               {site.key: site.home} if site is not None else None)
        path = manifest.write_manifest(self.crawler.settings.get("VNNEWS_OUT"), doc)
        log.info("run manifest written to %s", path)


class DownloadErrors:
    """Requests that end without a response, seen below the retry middleware (after the last retry).

    A download error counts ``dropped/download_error`` and leaves the URL pending for the next
    run; an ignored request (robots.txt, offsite) is a decision, so a planned URL is marked done.
    """

    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.state: CrawlState | None = None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        try:
            self.state = open_state(self.crawler.settings.get("VNNEWS_OUT"))
        except LockHeld:
            self.state = None

    def spider_closed(self, spider) -> None:
        if self.state is not None:
            self.state.close()
            self.state = None

    def process_exception(self, request, exception):
        if isinstance(exception, IgnoreRequest):
            frontier = self.state.frontier if self.state is not None else None
            url = requested_url(request)
            if frontier is not None and frontier.is_planned(url) and not frontier.is_done(url):
                frontier.done(url, "ignored")
            return None
        site = site_of(request, self.crawler.spider)
        self.crawler.stats.inc_value(f"vnnews/{site}/dropped/download_error")
        count_failure(self.crawler.stats, site, request.url, exception)  # DNS, refused, TLS…: the summary says which
        log.warning("download failed for good: %s (%s)", request.url, type(exception).__name__)
        return None

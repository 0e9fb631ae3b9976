"""Downloader middleware: every article response is kept as WARC before anything decodes it.

It sits next to the downloader (``DOWNLOADER_MIDDLEWARES`` 900, above HTTP compression and
redirects), so it sees each response of an article request as received: redirects and error
pages included, the body still content-encoded, the request headers as sent. The record pointer
goes into ``request.meta["vnnews_warc"]`` (the redirected request inherits it and the final
response overwrites it); ``NewsSpider.parse_article`` hands it to the page. Other requests
(sitemaps, feeds, listings) are not kept. Off with ``VNNEWS_ARCHIVE = False``
(``vnnews crawl --no-archive``).
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Request, Response

from scraper.archive.capture import Capture
from scraper.archive.warcfile import MAX_BYTES, WarcArchive, open_archive
from scraper.store.lock import LockHeld
from scraper.store.manifest import new_run_id

log = logging.getLogger(__name__)

ARCHIVED_CALLBACKS = ("parse_article",)


def is_article_request(request: Request) -> bool:
    """An article fetch: ``meta["vnnews_archive"]`` when set, else the article callback."""
    flag = request.meta.get("vnnews_archive")
    if flag is not None:
        return bool(flag)
    return getattr(request.callback, "__name__", "") in ARCHIVED_CALLBACKS


def _pairs(headers: Any) -> list[tuple[str, str]]:
    return [(k.decode("latin-1"), v.decode("latin-1")) for k, values in headers.items() for v in values]


def capture_of(request: Request, response: Response) -> Capture:
    """The exchange as Scrapy saw it at the downloader: status, headers, body bytes as received."""
    return Capture(
        url=response.url, date=datetime.now(timezone.utc), status=response.status,
        headers=_pairs(response.headers), body=response.body, protocol=response.protocol or "HTTP/1.1",
        request_headers=_pairs(request.headers),
        ip_address=str(response.ip_address) if response.ip_address is not None else None,
        hints=dict(request.meta.get("vnnews_hints") or {}),
    )


def run_id_of(settings) -> str:
    """The run id ``vnnews crawl`` gave this run (``VNNEWS_RUN_ID``), or a new one."""
    return settings.get("VNNEWS_RUN_ID") or new_run_id(datetime.now(timezone.utc))


class WarcMiddleware:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.archive: WarcArchive | None = None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("VNNEWS_ARCHIVE", True) or not crawler.settings.get("VNNEWS_OUT"):
            raise NotConfigured("archiving is off")
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        settings, stats = self.crawler.settings, self.crawler.stats
        try:
            self.archive = open_archive(settings.get("VNNEWS_OUT"), run_id_of(settings),
                                        settings.getint("VNNEWS_ARCHIVE_MAX_BYTES", MAX_BYTES))
        except LockHeld:
            self.archive = None  # the store pipeline closes the spider (reason ``locked``)
            return
        stats.set_value("vnnews/archive/torn_members_repaired", self.archive.repair.torn)

    def spider_closed(self, spider) -> None:
        if self.archive is not None:
            self.archive.close()
            self.archive = None

    def process_response(self, request: Request, response: Response, spider=None) -> Response:
        if self.archive is None or not is_article_request(request):
            return response
        site = request.meta.get("site") or getattr(self.crawler.spider, "site_key", None) or "unknown"
        try:
            request.meta["vnnews_warc"] = self.archive.write(site, capture_of(request, response))
        except (OSError, ValueError) as exc:  # disk full, odd site key: the page is still crawled
            request.meta.pop("vnnews_warc", None)
            self.crawler.stats.inc_value("vnnews/archive/write_failed")
            log.error("WARC write failed for %s: %s", response.url, exc)
            return response
        self.crawler.stats.inc_value(f"vnnews/{site}/archived")
        return response

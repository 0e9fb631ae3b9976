"""Step 5: append the record to its corpus file (batched, fsynced) and mark its URL done.

Settings: ``VNNEWS_OUT`` (corpus directory), ``VNNEWS_COMPRESSION`` (none|gzip|zstd),
``VNNEWS_BATCH_RECORDS`` / ``VNNEWS_BATCH_SECONDS`` (batch boundary: N records or T seconds).
When another run holds the corpus lock the spider is closed at once with reason ``locked``; when
the corpus cannot be written (disk full) it is closed with reason ``store_error``.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import CloseSpider, DropItem
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from scraper.store.lock import LockHeld
from scraper.store.state import BATCH_RECORDS, BATCH_SECONDS, CrawlState, StoreFailed, open_state

log = logging.getLogger(__name__)


class StorePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.stats = crawler.stats
        self.state: CrawlState | None = None
        self._tick: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        out = self.settings.get("VNNEWS_OUT")
        try:
            self.state = open_state(out)
        except LockHeld as exc:
            log.error("%s", exc)
            self.stats.set_value("vnnews/locked", 1)
            raise CloseSpider("locked") from None
        seconds = self.settings.getfloat("VNNEWS_BATCH_SECONDS", BATCH_SECONDS)
        try:
            self.state.configure(
                self.settings.get("VNNEWS_COMPRESSION", "none"),
                self.settings.getint("VNNEWS_BATCH_RECORDS", BATCH_RECORDS),
                seconds,
            )
        except ValueError as exc:  # e.g. VNNEWS_COMPRESSION=bz2
            log.error("store: %s", exc)
            self.stats.set_value("vnnews/config_error", str(exc))
            raise CloseSpider("config_error") from None
        self.stats.set_value("vnnews/store/torn_lines_repaired", self.state.repair.torn)
        self.stats.set_value("vnnews/store/reindexed", self.state.repair.reindexed)
        self._tick = task.LoopingCall(self._commit_if_due)
        self._tick.start(max(seconds, 0.5), now=False)

    def close_spider(self) -> None:
        if self._tick is not None and self._tick.running:
            self._tick.stop()
        if self.state is not None:
            self.state.close()
            self.state = None

    def process_item(self, item):
        if not isinstance(item, dict) or "content_hash" not in item or self.state is None:
            return item
        try:
            self.state.store(item)
        except StoreFailed as exc:
            self._stop(str(exc))
            raise DropItem(f"store_error: {item['fetched_url']}") from None
        self.stats.inc_value(f"vnnews/{item['site']}/stored")
        return item

    def _commit_if_due(self) -> None:
        if self.state is None:
            return
        try:
            self.state.maybe_commit()
        except StoreFailed as exc:
            self._stop(str(exc))

    def _stop(self, reason: str) -> None:
        """The corpus cannot be written: close the spider (exit 4); the next run resumes."""
        self.stats.set_value("vnnews/store/failed", reason)
        if self._tick is not None and self._tick.running:
            self._tick.stop()
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="store_error"))

"""Step 1: RawPage → Draft (fields and date candidates). Non-articles are dropped and counted."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from pipelines._registry import registry_from_settings
from scraper.page import RawPage
from scraper.process import Dropped, extract_page

log = logging.getLogger(__name__)


class ExtractPipeline:
    def __init__(self, crawler) -> None:
        self.registry = registry_from_settings(crawler.settings)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, RawPage):
            return item
        try:
            return extract_page(item, self.registry)
        except Dropped as exc:
            self.stats.inc_value(f"vnnews/dropped/{exc.reason}")
            self.stats.inc_value(f"vnnews/{item.site}/dropped/{exc.reason}")
            log.info("dropped %s: %s", item.url, exc)
            raise DropItem(f"{exc.reason}: {item.url}") from None

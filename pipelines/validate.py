"""Step 3: records that break the JSON Schema never reach the corpus; they are counted and dropped.

Each one is kept whole with its reasons in ``<out>/state/rejects.jsonl`` (``scraper.store.rejects``)
and counted under ``vnnews/<site>/dropped/invalid``.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from scraper.record import validation_errors
from scraper.store.rejects import RejectsWriter

log = logging.getLogger(__name__)


class ValidatePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.rejects = RejectsWriter(crawler.settings.get("VNNEWS_OUT"))

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, dict) or "schema_version" not in item:
            return item
        errors = validation_errors(item)
        if not errors:
            return item
        self.stats.inc_value("vnnews/dropped/invalid")
        self.stats.inc_value(f"vnnews/{item.get('site')}/dropped/invalid")
        log.warning("invalid record %s: %s", item.get("url"), "; ".join(errors[:3]))
        self.rejects.write(item, errors)
        raise DropItem(f"invalid: {item.get('url')}: {errors[0]}")

"""Step 3: records that break the JSON Schema never reach the corpus; they are counted and dropped.

The store's rejects file keeps them with the reason when the store pipeline is present
(``vnnews/rejected`` stats key).
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from scraper.record import validation_errors

log = logging.getLogger(__name__)


class ValidatePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

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
        reject = getattr(self.crawler, "vnnews_rejects", None)
        if reject is not None:
            reject(item, errors)
        raise DropItem(f"invalid: {item.get('url')}: {errors[0]}")

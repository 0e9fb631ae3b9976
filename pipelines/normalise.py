"""Step 2: Draft → record dict: dates chosen (+07:00), text in NFC, record fields assembled."""

from __future__ import annotations

from scraper.process import Draft, normalise


class NormalisePipeline:
    def __init__(self, crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, Draft):
            return item
        record = normalise(item)
        for field, key in (("published_at", "no_date"), ("authors", "no_author")):
            if not record[field]:
                self.stats.inc_value(f"vnnews/{record['site']}/pages/{key}")
        return record

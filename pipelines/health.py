"""Step 6: the health figures of what was stored (read by ``scraper.health`` at the end of the run).

Sees only records the store kept. Per site it counts the records, those with a date from the page
itself, with authors, a sapo, related links, the new articles (version 1), the median body length
(a histogram: flat memory), and keeps one sample URL per weak figure, e.g. the first record of the
run with no authors, so an alarm can point at a page that shows the problem. Pages dropped as
``not_article`` are sampled through the ``item_dropped`` signal.
"""

from __future__ import annotations

from scrapy import signals

from scraper.health.figures import SHARES, LengthHistogram, record_has
from scraper.page import RawPage


class HealthPipeline:
    def __init__(self, crawler) -> None:
        self.stats = crawler.stats
        self.lengths: dict[str, LengthHistogram] = {}
        self.shortest: dict[str, int] = {}
        crawler.signals.connect(self.item_dropped, signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, dict) or "content_hash" not in item:
            return item
        site, url = item["site"], item["url"]
        prefix = f"vnnews/{site}/health/"
        self.stats.inc_value(prefix + "records")
        for figure in SHARES:
            if record_has(item, figure):
                self.stats.inc_value(f"{prefix}with/{figure}")
            elif self.stats.get_value(f"{prefix}sample/{figure}") is None:
                self.stats.set_value(f"{prefix}sample/{figure}", url)
        if item.get("version", 1) == 1:
            self.stats.inc_value(prefix + "new_articles")
        length = len(item.get("body") or "")
        self.lengths.setdefault(site, LengthHistogram()).add(length)
        if length < self.shortest.get(site, length + 1):
            self.shortest[site] = length
            self.stats.set_value(prefix + "sample/body_median", url)
        return item

    def item_dropped(self, item, response, exception, spider) -> None:
        if isinstance(item, RawPage) and str(exception).startswith("not_article"):
            key = f"vnnews/{item.site}/health/sample/not_article"
            if self.stats.get_value(key) is None:
                self.stats.set_value(key, item.url)

    def close_spider(self, spider=None) -> None:
        for site, histogram in self.lengths.items():
            self.stats.set_value(f"vnnews/{site}/health/body_median", histogram.median())
            # the histogram itself, so that several workers' medians can be combined (scraper.distributed.job)
            self.stats.set_value(f"vnnews/{site}/health/body_lengths", dict(histogram.counts))

"""Step 4: records already in the corpus are dropped; a changed article becomes a new version;
another outlet's copy of a stored story is kept and linked to it (``cluster``, ``copy_of``).

The rules live in ``scraper.store.index`` (``SqliteSeenIndex.judge``) and
``scraper.store.clusters`` (``ClusterIndex.link``); this only applies them, counts
``vnnews/<site>/duplicates``, ``versions`` and ``copies`` (records that joined a cluster), and
marks duplicates done in the frontier.
"""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem

from scraper.store.state import CrawlState, open_state

log = logging.getLogger(__name__)


class DedupePipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.state: CrawlState | None = None

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.state = _open_or_none(self.crawler)

    def close_spider(self) -> None:
        if self.state is not None:
            self.state.close()
            self.state = None

    def process_item(self, item):
        if not isinstance(item, dict) or "content_hash" not in item or self.state is None:
            return item
        verdict = self.state.seen.judge(item)
        site = item["site"]
        if verdict.kind == "duplicate":
            self.stats.inc_value(f"vnnews/{site}/duplicates")
            self.state.frontier.done(item["fetched_url"], "duplicate")
            self.state.note_recheck(item["fetched_url"], "duplicate")
            raise DropItem(f"duplicate of {verdict.duplicate_of}: {item['fetched_url']}", log_level="DEBUG")
        if verdict.kind == "version":
            self.stats.inc_value(f"vnnews/{site}/versions")
            item["version"] = verdict.version
            item["previous_content_hash"] = verdict.previous_content_hash
            log.info("new version %d of %s", verdict.version, item["url"])
        link = self.state.clusters.link_into(item, version=verdict.kind == "version")
        if verdict.kind == "new" and link.how is not None:
            self.stats.inc_value(f"vnnews/{site}/copies")
            log.debug("%s copy %s joins cluster %s", link.how, item["url"], link.cluster)
        return item


def _open_or_none(crawler) -> CrawlState | None:
    """The shared state, or None when another run holds the lock (the store pipeline closes the
    spider with reason ``locked``)."""
    from scraper.store.lock import LockHeld

    try:
        return open_state(crawler.settings.get("VNNEWS_OUT"))
    except LockHeld:
        return None

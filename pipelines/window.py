"""Step 3½: the final date-window filter on ``published_at`` (``--since``/``--until``).

Discovery already skips what its dates place outside the window; this drops what only the
article itself shows to be outside (``vnnews/dropped/outside_window``). With a window set, a
record with no ``published_at`` cannot be shown to belong to it and is dropped too
(``vnnews/dropped/no_date_in_window``): a dataset for "2022–2024" holds no undated guesses.
"""

from __future__ import annotations

import logging
from datetime import datetime

from scrapy.exceptions import DropItem

from scraper.dates.zone import PLUS7
from scraper.discovery.window import DateWindow

log = logging.getLogger(__name__)


def window_outcome(record: dict, window: DateWindow) -> str | None:
    """None to keep the record, else the drop reason (a stats key suffix)."""
    if not window.bounded:
        return None
    published = record.get("published_at")
    if not published:
        return "no_date_in_window"
    day = datetime.fromisoformat(published).astimezone(PLUS7).date()
    return "outside_window" if window.outside(day) else None


class WindowPipeline:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, item, spider=None):
        if not isinstance(item, dict) or "schema_version" not in item:
            return item
        window = getattr(self.crawler.spider, "window", None)
        if not isinstance(window, DateWindow):
            return item
        reason = window_outcome(item, window)
        if reason is None:
            return item
        self.stats.inc_value(f"vnnews/dropped/{reason}")
        self.stats.inc_value(f"vnnews/{item.get('site')}/dropped/{reason}")
        log.info("dropped %s: %s (published_at %s)", item.get("url"), reason, item.get("published_at"))
        raise DropItem(f"{reason}: {item.get('url')}")

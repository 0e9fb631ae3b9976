"""The store's crawl state (seen-index + frontier) for a spider, opened lazily.

The store is optional for discovery: without ``scraper.store.state`` (a trimmed install) or a
corpus directory (``VNNEWS_OUT`` empty), the spider still crawls, with no resume and no
incremental skipping. The store pipeline opens the same shared state; each opener closes it.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy.settings import BaseSettings

log = logging.getLogger(__name__)


def open_crawl_state(settings: BaseSettings) -> Any | None:
    """``CrawlState`` of ``VNNEWS_OUT`` (``.seen``: SeenIndex, ``.frontier``: Frontier), or None.

    Raises what the store raises for a corpus it cannot use (``LockHeld``, ``OSError``).
    """
    out_dir = settings.get("VNNEWS_OUT")
    if not out_dir:
        return None
    try:
        from scraper.store.state import open_state
    except ImportError as exc:
        log.warning("crawl state unavailable (%s): no resume, no incremental skipping", exc)
        return None
    return open_state(out_dir)

"""The store's crawl state (seen-index + frontier) for a spider, opened lazily.

The store is optional for discovery: with no ``scraper.store.state`` module, or no corpus
directory, the spider still crawls, without resume or incremental skipping.
``VNNEWS_STATE_FACTORY`` names the opener (``module:function``), so tests can swap in a fake.
"""

from __future__ import annotations

import importlib
import logging
from typing import Any

from scrapy.settings import BaseSettings

log = logging.getLogger(__name__)

DEFAULT_FACTORY = "scraper.store.state:open_state"


def open_crawl_state(settings: BaseSettings) -> Any | None:
    """``factory(out_dir)`` → an object with ``.seen`` (SeenIndex) and ``.frontier`` (Frontier)."""
    out_dir = settings.get("VNNEWS_OUT")
    if not out_dir:
        return None
    spec = settings.get("VNNEWS_STATE_FACTORY") or DEFAULT_FACTORY
    module_name, _, func_name = spec.partition(":")
    try:
        factory = getattr(importlib.import_module(module_name), func_name or "open_state")
    except (ImportError, AttributeError) as exc:
        log.warning("crawl state unavailable (%s): no resume, no incremental skipping", exc)
        return None
    return factory(out_dir)

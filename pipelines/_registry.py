"""The registry a crawl runs with: the shipped one plus the crawl's ``VNNEWS_SITES_FILES``."""

from __future__ import annotations

from scrapy.settings import BaseSettings

from scraper.registry import Registry, load_registry


def registry_from_settings(settings: BaseSettings) -> Registry:
    return load_registry(settings.getlist("VNNEWS_SITES_FILES"))

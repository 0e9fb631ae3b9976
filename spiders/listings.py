"""Listing discovery for the ``news`` spider: category pages, page after page.

A mixin: the spider provides ``site``, ``window``, ``rules``, ``incremental``, ``max_pages``,
``_scheduled``, ``_article_request``, ``_follow``, ``_known`` and the error callbacks. Paging
stops when a page is empty, when every dated item on it is older than ``since``, when (in an
incremental run) every article on it is already known, or at the listing's ``max_pages``.
Pagination is blind (``{page}`` filled in), so a 404 past the last page just ends the listing.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response, TextResponse

from scraper.discovery.listing import ListingItem, parse_listing
from scraper.discovery.window import vn_day
from scraper.registry import Listing
from scraper.urls import site_owns


class ListingStrategy:
    site: Any
    window: Any
    rules: Any
    incremental: bool
    max_pages: int | None
    crawler: Any
    _scheduled: Any  # DiskSet

    def _listing_request(self, listing: Listing, page: int) -> scrapy.Request | None:
        if page == 1:
            url = listing.url
        else:
            url = urljoin(listing.url, (listing.pagination or "").replace("{page}", str(page)))
        request = self._follow(url, self.parse_listing, listing=listing, page=page)
        return request.replace(errback=self.on_listing_error) if request is not None and page > 1 else request

    def parse_listing(self, response: Response, listing: Listing, page: int) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self._discovery_error(response, "listing page is not text")
            return
        found = parse_listing(response.text, response.url, self.rules)  # type: ignore[arg-type]
        items = [item for item in found if site_owns(self.site, item.url)]  # type: ignore[arg-type]
        self.crawler.stats.inc_value("vnnews/offsite_skipped", len(found) - len(items))
        now = datetime.now(timezone.utc)  # listings print "2 giờ trước": relative to this fetch
        days = [vn_day(item.date, now) for item in items]
        for item, day in zip(items, days):
            if self.window.outside(day):
                self.crawler.stats.inc_value("vnnews/skipped/outside_window")
                continue
            request = self._article_request(item.url, {"listing": item.date} if item.date else {})
            if request is not None:
                yield request
        if self._next_page(listing, page, items, days):
            request = self._listing_request(listing, page + 1)
            if request is not None:
                yield request

    def _next_page(self, listing: Listing, page: int, items: list[ListingItem], days: list[date | None]) -> bool:
        """Page on while the listing may still hold wanted, unknown articles."""
        if not listing.pagination or page >= listing.max_pages or not items:
            return False
        if self.max_pages is not None and len(self._scheduled) >= self.max_pages:
            return False
        if all(self.window.before(day) for day in days):
            self.crawler.stats.inc_value("vnnews/listing/stopped_older_than_since")
            return False
        if self.incremental and all(self._known(item.url) for item in items):
            self.crawler.stats.inc_value("vnnews/listing/stopped_all_known")
            return False
        return True

    def on_listing_error(self, failure: Any) -> None:
        """Paging blindly past the last page ends in a 404/410: the listing is done, not broken."""
        response = getattr(failure.value, "response", None)
        if response is not None and response.status in (404, 410):
            self.crawler.stats.inc_value("vnnews/listing/end_of_pages")
            return
        self.on_error(failure)  # type: ignore[attr-defined]

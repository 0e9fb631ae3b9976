"""Scrapy's request dupefilter with its fingerprints on disk instead of in a Python set.

Scrapy's ``RFPDupeFilter`` keeps every request fingerprint of a run in memory; for a full crawl
of a large outlet that grows without bound. Same behaviour, flat memory (``DiskSet``).
"""

from __future__ import annotations

import logging

from scrapy.dupefilters import BaseDupeFilter

from scraper.store.diskset import DiskSet

log = logging.getLogger(__name__)


class DiskDupeFilter(BaseDupeFilter):
    def __init__(self, fingerprinter, debug: bool = False) -> None:
        self.fingerprinter = fingerprinter
        self.fingerprints = DiskSet()
        self.debug = debug

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.request_fingerprinter, crawler.settings.getbool("DUPEFILTER_DEBUG"))

    def request_seen(self, request) -> bool:
        return not self.fingerprints.add(self.fingerprinter.fingerprint(request).hex())

    def close(self, reason: str) -> None:
        self.fingerprints.close()

    def log(self, request, spider) -> None:
        if self.debug:
            log.debug("filtered duplicate request: %s", request)

"""Downloader middlewares for politeness and safety: registry-only hosts, patient retries.

``SiteOffsiteMiddleware`` is the last guard: whatever produced the request (discovery, a
redirect), only the crawled site's own hosts (port included) and its media hosts are fetched.
``PoliteRetryMiddleware`` waits before retrying a 429/503 (``Retry-After`` when the server
sends one, else an exponential backoff) and slows the whole host down meanwhile.
``RobotsTxtMiddleware`` is Scrapy's, with every request that waited for robots.txt checked.
"""

from __future__ import annotations

import email.utils
import logging
from datetime import datetime, timezone

from scrapy import Request
from scrapy.downloadermiddlewares import robotstxt
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred
from twisted.internet.task import deferLater

from scraper.urls import site_owns, site_owns_media

log = logging.getLogger(__name__)


class SiteOffsiteMiddleware:
    """Refuse any request outside the crawled site's registry hosts (``vnnews/offsite_skipped``)."""

    def __init__(self, crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request: Request, spider=None) -> None:
        site = getattr(self.crawler.spider, "site", None)
        if site is None or site_owns(site, request.url) or site_owns_media(site, request.url):
            return None
        self.crawler.stats.inc_value("vnnews/offsite_skipped")
        log.info("off-site request refused: %s (site %s)", request.url, site.key)
        raise IgnoreRequest(f"off-site for {site.key}: {request.url}")


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """``Retry-After`` as seconds to wait: ``120`` or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(request: Request, response: Response, base: float, max_delay: float) -> float | None:
    """Seconds to wait after a 429/503: ``Retry-After`` or ``base · 2^attempt``; None when the
    server asks for more than ``max_delay``."""
    header = response.headers.get("Retry-After")
    asked = retry_after_seconds(header.decode("latin-1") if header else None)
    if asked is not None:
        return asked if asked <= max_delay else None
    attempt = int(request.meta.get("retry_times", 0))
    return min(max_delay, base * (2**attempt))


class PoliteRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, but a 429/503 first waits: ``Retry-After`` or ``base · 2^attempt`` s.

    A server asking for more than ``VNNEWS_RETRY_MAX_DELAY`` seconds is not retried in this run.
    """

    BACKOFF_CODES = (429, 503)

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.base_delay = settings.getfloat("VNNEWS_RETRY_BACKOFF_BASE", 2.0)
        self.max_delay = settings.getfloat("VNNEWS_RETRY_MAX_DELAY", 120.0)

    def backoff_delay(self, request: Request, response: Response) -> float | None:
        return backoff_delay(request, response, self.base_delay, self.max_delay)

    def slow_down(self, request: Request, delay: float) -> None:
        """The server is overloaded: space out every request to it, not just this retry.

        The download slot's delay is raised to ``delay``; AutoThrottle lowers it again gradually
        as responses come back fast.
        """
        downloader = getattr(getattr(self.crawler, "engine", None), "downloader", None)
        if downloader is None or delay <= 0:
            return
        slot = downloader.slots.get(downloader.get_slot_key(request))
        if slot is not None and slot.delay < delay:
            slot.delay = delay
            self.crawler.stats.inc_value("vnnews/retry/slowed_down")

    async def process_response(self, request: Request, response: Response, spider=None):
        if response.status not in self.BACKOFF_CODES or request.meta.get("dont_retry", False):
            return super().process_response(request, response)
        delay = self.backoff_delay(request, response)
        if delay is None:
            self.crawler.stats.inc_value("vnnews/retry/gave_up_retry_after")
            log.warning("%s asks to wait longer than %ss (Retry-After); not retried", request.url, self.max_delay)
            return response
        retry = self._retry(request, f"{response.status} (waited {delay:.1f}s)")
        if retry is None:
            return response
        self.crawler.stats.inc_value("vnnews/retry/backoff")
        self.slow_down(request, delay)
        if delay > 0:
            from twisted.internet import reactor  # the running one; importing early would install epoll

            await maybe_deferred_to_future(deferLater(reactor, delay, lambda: None))
        return retry


class RobotsTxtMiddleware(robotstxt.RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every request waiting for robots.txt given the parser.

    While a host's robots.txt is being fetched, Scrapy parks the other requests of that host on
    one shared ``Deferred`` and awaits it once per request through ``Deferred.asFuture``. With the
    asyncio reactor, ``asFuture`` turns the shared ``Deferred``'s result into ``None`` for every
    later callback, and ``None`` means "no robots.txt: allow all". So the third and later requests
    queued before robots.txt arrived went out unchecked: a resumed crawl, whose first requests are
    the articles a killed run left pending, fetched pages robots.txt forbids. Here each waiter
    gets a ``Deferred`` of its own, fed from the shared one, which keeps the parser for the next.
    """

    async def robot_parser(self, request: Request):
        pending = self._parsers.get(urlparse_cached(request).netloc)
        if not isinstance(pending, Deferred):
            return await super().robot_parser(request)  # parsed, failed, or this request fetches it
        mine: Deferred = Deferred()

        def hand_over(result):
            mine.callback(result)
            return result  # the shared Deferred keeps its result for the next waiter

        pending.addBoth(hand_over)
        return await maybe_deferred_to_future(mine)

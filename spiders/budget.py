"""Scrapy's HTTP download handler, asking the shared per-host politeness budget before each request.

The handler is the last step before the bytes go out, after Scrapy's own (per-process) slot
queue: a request takes a slot of the host's budget in Redis (``scraper.distributed.budget``)
right before it is sent and gives it back when its response (or error) is in. So what the
budget promises (N in flight, a minimum gap between starts, the back-off after a 429/503) holds
at the server, all processes together. Within one process only one request per host asks Redis
at a time; the others wait their turn here.
"""

from __future__ import annotations

from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import DeferredLock
from twisted.internet.task import deferLater

from scraper.distributed.state import runtime_of
from spiders.middlewares import PoliteRetryMiddleware, backoff_delay


async def _sleep(seconds: float) -> None:
    from twisted.internet import reactor  # the running one

    await maybe_deferred_to_future(deferLater(reactor, seconds, lambda: None))


class BudgetHandler(HTTP11DownloadHandler):
    def __init__(self, crawler) -> None:
        super().__init__(crawler)
        self.budget = runtime_of(crawler.settings).budget
        self.stats = crawler.stats
        settings = crawler.settings
        self.backoff_base = settings.getfloat("VNNEWS_RETRY_BACKOFF_BASE", 2.0)
        self.backoff_max = settings.getfloat("VNNEWS_RETRY_MAX_DELAY", 120.0)
        self._turns: dict[str, DeferredLock] = {}

    async def download_request(self, request):
        host = urlparse_cached(request).hostname or ""
        ticket = self.budget.ticket()
        turn = self._turns.setdefault(host, DeferredLock())
        await maybe_deferred_to_future(turn.acquire())
        try:
            waited = 0.0
            while (wait := self.budget.try_acquire(host, ticket)) > 0:
                waited += wait
                await _sleep(wait)
        finally:
            turn.release()
        if waited:
            self.stats.inc_value("vnnews/budget/waited_ms", int(waited * 1000))
        try:
            response = await super().download_request(request)
        finally:
            self.budget.release(host, ticket)
        if response.status in PoliteRetryMiddleware.BACKOFF_CODES:
            delay = backoff_delay(request, response, self.backoff_base, self.backoff_max)
            self.budget.back_off(host, delay if delay is not None else self.backoff_max)
            self.stats.inc_value("vnnews/budget/backoff")
        return response

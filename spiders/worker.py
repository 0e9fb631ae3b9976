"""The Scrapy side of a Redis worker (``vnnews worker``): leases finished, heartbeat, waiting for work.

- *Finished*: Scrapy takes a request out of its engine's in-progress set only after its
  callback or errback has run and every item it produced went through the pipelines (or after
  a retry or redirect replaced it). That moment marks the request's lease finished; the lease is
  acknowledged with the next batch commit, once its record is on disk. Scrapy has no signal
  for it, so the engine slot's ``remove_request`` is wrapped (pinned Scrapy 2.19).
- *Heartbeat*: the ``vnnews worker`` command beats for the whole process
  (``scraper.distributed.leases``), whatever its sites' crawlers do.
- *Idle*: a worker's queue may be empty while the planner is still discovering or another
  worker still holds leases that may come back; the spider stays open (``DontCloseSpider``)
  until the job is complete, looking for work every ``NUDGE_SECONDS``.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.exceptions import DontCloseSpider
from twisted.internet import task

from scraper.distributed.state import runtime_of
from scraper.store.state import open_state
from spiders.redis_scheduler import LEASE

log = logging.getLogger(__name__)

NUDGE_SECONDS = 0.5


class WorkerExtension:
    def __init__(self, crawler) -> None:
        self.crawler = crawler
        self.runtime = runtime_of(crawler.settings)
        self.membership = self.runtime.membership
        self.state = None
        self._nudge: task.LoopingCall | None = None
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def spider_opened(self, spider) -> None:
        self.state = open_state(self.crawler.settings.get("VNNEWS_OUT"))
        slot = self.crawler.engine._slot
        remove_request = slot.remove_request
        membership = self.membership

        def finished(request) -> None:
            remove_request(request)
            lease = request.meta.get(LEASE)
            if lease is not None:
                membership.finish(lease)

        slot.remove_request = finished
        self._nudge = task.LoopingCall(self.nudge)
        self._nudge.start(NUDGE_SECONDS, now=False)

    def nudge(self) -> None:
        """Ask the engine for the next request now (it looks only every 5 s when idle)."""
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None and slot.closing is None:
            slot.nextcall.schedule()

    def spider_idle(self, spider) -> None:
        if self.state is not None and self.membership.finished:
            self.state.commit()  # acknowledge what is done, so the job can be seen complete
        if not self.runtime.progress().complete:
            raise DontCloseSpider

    def spider_closed(self, spider) -> None:
        if self._nudge is not None and self._nudge.running:
            self._nudge.stop()
        if self.state is not None:
            self.state.close()
            self.state = None

"""scrapy-redis's queue and dupefilter, with leases instead of pops (``vnnews worker`` / ``crawl --redis``).

The queue is scrapy-redis's ``PriorityQueue`` (a sorted set of pickled request dicts scored by
``-priority``, one per site: ``vnnews:<corpus>:q:<site>``) and the fingerprints are its
``RFPDupeFilter``'s. Two of its steps are replaced, each by one Lua script
(``scraper.distributed.scripts``):

- *enqueue*: scrapy-redis marks the fingerprint seen, then pushes, in two commands; a crash
  between them loses the request. Here both happen in one script, and a retry or redirect hands
  over the lease of the request it continues in that same script.
- *pop*: scrapy-redis pops for good, so a worker killed while a request is in flight loses it
  (the gap reported against scrapy-cluster). Here the pop moves the request into the worker's
  lease hash; ``spiders.worker`` acknowledges it after the batch holding its record is on disk,
  and a dead worker's leases go back to the queue.

``WorkerScheduler`` pulls a site's article requests from Redis. ``PlannerScheduler`` is Scrapy's
own scheduler for discovery (sitemaps, feeds, listings stay in the planner) that sends every
article request to Redis instead.
"""

from __future__ import annotations

import logging

from scrapy.core.scheduler import Scheduler
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.queue import PriorityQueue
from scrapy_redis.scheduler import Scheduler as RedisScheduler

from scraper.distributed.leases import Reaped, enqueue
from scraper.distributed.state import Runtime, runtime_of, stop_reaped
from spiders.archive import is_article_request

log = logging.getLogger(__name__)

LEASE = "vnnews_lease"  # request.meta key: the lease the request was popped with


class LeaseQueue(PriorityQueue):
    """One site's queue in Redis: ``push`` = fingerprint check + queue (+ lease hand-over), ``pop`` = lease."""

    def __init__(self, spider, runtime: Runtime, site: str) -> None:
        super().__init__(runtime.link.client, spider, runtime.keys.queue(site))
        self.runtime, self.site = runtime, site
        self.fingerprints = RFPDupeFilter(runtime.link.client, runtime.keys.dupefilter(site))

    def __len__(self) -> int:
        return int(self.runtime.link.call(self.server.zcard, self.key))

    def push(self, request) -> bool:
        """Queue ``request`` unless it was queued before in this job; True when queued."""
        lease = request.meta.pop(LEASE, None)  # a retry/redirect continues its request's lease
        fingerprint = self.fingerprints.request_fingerprint(request)
        data = self._encode_request(request)
        membership = self.runtime.membership
        if membership is not None:
            return membership.push(self.site, fingerprint, -request.priority, data, request.dont_filter, lease)
        return enqueue(self.runtime.link, self.runtime.keys, self.runtime.scripts, self.site, fingerprint,
                       -request.priority, data, request.dont_filter)

    def pop(self, timeout: int = 0):
        """The next request, leased to this worker (``meta["vnnews_lease"]``); None when empty."""
        assert self.runtime.membership is not None
        got = self.runtime.membership.pop(self.site)
        if got is None:
            return None
        lease, data = got
        request = self._decode_request(data)
        request.meta[LEASE] = lease
        return request


class WorkerScheduler(RedisScheduler):
    """scrapy-redis's scheduler over ``LeaseQueue``: a worker's one site, nothing kept locally."""

    def __init__(self, crawler) -> None:
        self.runtime = runtime_of(crawler.settings)
        super().__init__(self.runtime.link.client, persist=True)
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open(self, spider) -> None:
        self.spider = spider
        self.queue = LeaseQueue(spider, self.runtime, spider.site_key)
        self.df = self.queue.fingerprints

    def close(self, reason: str) -> None:
        """The queue stays in Redis for the other workers (``persist``)."""

    def enqueue_request(self, request) -> bool:
        if not self.queue.push(request):
            self.df.log(request, self.spider)
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self):
        try:
            request = self.queue.pop()
        except Reaped as exc:  # presumed dead: its leases are someone else's now
            stop_reaped(str(exc))
        if request is not None:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


class PlannerScheduler(Scheduler):
    """Scrapy's scheduler for discovery; article requests go to the site's queue in Redis."""

    @classmethod
    def from_crawler(cls, crawler):
        scheduler = super().from_crawler(crawler)
        scheduler.runtime = runtime_of(crawler.settings)
        return scheduler

    def open(self, spider):
        self.redis_queue = LeaseQueue(spider, self.runtime, spider.site_key)
        return super().open(spider)

    def enqueue_request(self, request) -> bool:
        if not is_article_request(request):
            return super().enqueue_request(request)
        if not self.redis_queue.push(request):
            return False
        self.stats.inc_value("vnnews/redis/planned")
        return True

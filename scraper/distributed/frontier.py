"""The shared frontier: ``scraper.store.frontier``'s rules with its rows in Redis.

One field per URL ever planned (``site \\t outcome \\t lastmod``), and per site a hash of the
unfinished ones with their discovery hints, which a later plan re-queues (``pending``): pages
that failed to download, or were planned by a planner killed before its requests were queued.
``stored`` is never marked here: a worker's batch confirm does it after the fsync.

The spider asks ``is_done`` then ``outcome`` of the same URL, and again after ``plan``: the
last row read (or written) is kept, so planning an article costs two round trips, not five.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from scraper.distributed.keys import Keys, url_key
from scraper.distributed.link import RedisLink
from scraper.distributed.scripts import Scripts

PAGE = 500


class RedisFrontier:
    """``Frontier`` in Redis."""

    def __init__(self, link: RedisLink, keys: Keys, scripts: Scripts) -> None:
        self.link, self.keys, self.scripts = link, keys, scripts
        self._last: tuple[str, str | None] | None = None  # (url, outcome or None if unplanned)

    def _row(self, url: str) -> str | None:
        """The URL's outcome ('' = planned, unfinished), None when never planned."""
        if self._last is not None and self._last[0] == url:
            return self._last[1]
        raw = self.link.call(self.link.client.hget, self.keys.frontier, url_key(url))
        outcome = None if raw is None else raw.decode("utf-8").split("\t")[1]
        self._last = (url, outcome)
        return outcome

    def plan(self, site: str, url: str, meta: dict[str, Any]) -> None:
        entry = json.dumps({"url": url, "hints": meta.get("hints") or {}}, ensure_ascii=False, sort_keys=True,
                           default=str)
        outcome = self.link.call(self.scripts.plan, keys=[self.keys.frontier, self.keys.pending(site)],
                                 args=[url_key(url), site, meta.get("lastmod") or "", entry])
        self._last = (url, outcome.decode("utf-8"))

    def done(self, url: str, outcome: str) -> None:
        if outcome == "stored":  # the batch confirm marks it, once the record is on disk
            return
        self.link.call(self.scripts.done, keys=[self.keys.frontier], args=[self.keys.ns, url_key(url), outcome])
        self._last = (url, outcome)

    def is_done(self, url: str) -> bool:
        return bool(self._row(url))

    def is_planned(self, url: str) -> bool:
        return self._row(url) is not None

    def outcome(self, url: str) -> str | None:
        return self._row(url) or None

    def pending(self, site: str) -> Iterator[tuple[str, dict[str, Any]]]:
        """Planned, unfinished URLs of a site, a page at a time (``HSCAN``: flat memory)."""
        cursor = 0
        while True:
            cursor, page = self.link.call(self.link.client.hscan, self.keys.pending(site), cursor, count=PAGE)
            for raw in page.values():
                entry = json.loads(raw)
                yield entry["url"], {"hints": entry.get("hints") or {}}
            if cursor == 0:
                return

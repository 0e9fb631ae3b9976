"""One politeness budget per host, held in Redis, shared by every worker and the planner.

Scrapy applies ``CONCURRENT_REQUESTS_PER_DOMAIN`` and ``DOWNLOAD_DELAY`` per process, so four
workers would hit a small provincial server four times as hard. Here a request may go out only
when the host's shared budget allows it (``ACQUIRE``, one script):

- at most ``slots`` requests to the host in flight at once, all processes together (a slot is
  held from the moment the request goes out until its response or error is in);
- consecutive requests to the host start at least ``delay`` seconds apart, all processes
  together (Scrapy's own delay is randomised between 0.5 and 1.5 times the setting; this one is
  a floor);
- after a 429 or 503, nobody starts a request to the host before the back-off the server asked
  for (``Retry-After``) or ``PoliteRetryMiddleware`` chose has passed (``BACKOFF``).

A slot whose holder died is freed when its hold expires (the download timeout plus a margin).
The budget's figures come from the planned job, so every worker applies the same ones.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from scraper.distributed.keys import Keys
from scraper.distributed.link import RedisLink
from scraper.distributed.scripts import Scripts

HOLD_MARGIN = 30.0  # seconds a slot outlives the download timeout before a dead holder loses it
FULL_POLL = 0.02  # seconds between two looks at a host whose slots are all taken


@dataclass(frozen=True)
class Limits:
    """The shared limits of every host: slots in flight and seconds between request starts."""

    slots: int = 2
    delay: float = 0.5
    timeout: float = 30.0  # the download timeout, for how long a slot may be held

    def to_json(self) -> dict[str, float]:
        return {"slots": self.slots, "delay": self.delay, "timeout": self.timeout}

    @classmethod
    def from_json(cls, data: dict) -> Limits:
        return cls(int(data["slots"]), float(data["delay"]), float(data.get("timeout", 30.0)))


class Budget:
    """The shared budget as one process sees it; ``ticket``s name this process's slots."""

    def __init__(self, link: RedisLink, keys: Keys, scripts: Scripts, limits: Limits, owner: str) -> None:
        self.link, self.keys, self.scripts, self.limits = link, keys, scripts, limits
        self._tickets = (f"{owner}:{n}" for n in itertools.count())

    def ticket(self) -> str:
        return next(self._tickets)

    def try_acquire(self, host: str, ticket: str) -> float:
        """0 when ``ticket`` now holds a slot of ``host``; else seconds to wait before asking again."""
        limits = self.limits
        hold_ms = int((limits.timeout + HOLD_MARGIN) * 1000)
        answer = int(self.link.call(self.scripts.acquire, keys=[self.keys.host(host), self.keys.held(host)],
                                    args=[ticket, max(1, limits.slots), int(limits.delay * 1000), hold_ms]))
        if answer == 0:
            return 0.0
        return FULL_POLL if answer < 0 else answer / 1000

    def release(self, host: str, ticket: str) -> None:
        self.link.call(self.link.client.zrem, self.keys.held(host), ticket)

    def back_off(self, host: str, seconds: float) -> None:
        """Nobody starts a request to ``host`` for ``seconds`` (a 429/503 answer)."""
        if seconds > 0:
            self.link.call(self.scripts.backoff, keys=[self.keys.host(host)], args=[int(seconds * 1000)])

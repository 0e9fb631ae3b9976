"""The Redis connection of a planner, worker or ``status``: checked once at start, patient after.

At start, ``connect`` pings the server: a wrong URL, a refused or silent port, a password that
does not work all end in one ``RedisUnavailable`` line (the commands exit 3). Mid-run, every
call goes through ``RedisLink.call``: when the server is away (restarting, loading its
append-only file) the process pauses, says so once, retries every ``RETRY_SECONDS`` and says
when it resumed. The pause blocks the whole process on purpose: nothing can be leased, judged or
confirmed without Redis, and a download finished meanwhile simply waits to be stored.

A script whose reply was lost in a restart may have run; each script is written so that
running it again is harmless (``scraper.distributed.scripts``), and a lease popped twice is
found by the owner's heartbeat and handed back (``leases.Leases.sweep``).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

log = logging.getLogger(__name__)

T = TypeVar("T")
RETRY_SECONDS = 1.0
CONNECT_TIMEOUT = 5.0
SOCKET_TIMEOUT = 30.0
# A server that is away: not reachable, closed the connection, or loading its data after a restart.
AWAY = (redis.ConnectionError, redis.TimeoutError, redis.BusyLoadingError)


class RedisUnavailable(RuntimeError):
    """Redis cannot be used at start (one line, for the user)."""


def client_for(url: str) -> redis.Redis:
    """A client for ``redis://[:password@]host:port/db`` (or ``rediss://``, ``unix://``); no
    retries of its own: ``RedisLink.call`` decides."""
    try:
        return redis.Redis.from_url(
            url, socket_connect_timeout=CONNECT_TIMEOUT, socket_timeout=SOCKET_TIMEOUT,
            retry=Retry(NoBackoff(), 0), retry_on_timeout=False, decode_responses=False,
        )
    except ValueError as exc:
        raise RedisUnavailable(f"{url!r} is not a Redis URL like redis://HOST:6379/0 ({exc})") from None


class RedisLink:
    """One client, the round trips it made, and the pause-and-resume of a mid-run outage."""

    def __init__(self, url: str, client: redis.Redis | None = None) -> None:
        self.url = url
        self.client = client if client is not None else client_for(url)
        self.round_trips = 0
        self.up_since = time.monotonic()  # reaping waits until we have been up this long
        self.outages = 0
        self._down_since: float | None = None

    def check(self) -> None:
        """Ping once; raises RedisUnavailable with one line (exit 3 in the commands)."""
        try:
            self.client.ping()
        except redis.AuthenticationError as exc:
            raise RedisUnavailable(f"Redis at {self.safe_url} refused the password: {exc}") from None
        except redis.ResponseError as exc:  # e.g. NOAUTH: a password is needed
            raise RedisUnavailable(f"Redis at {self.safe_url} answered: {exc}") from None
        except (redis.RedisError, OSError) as exc:
            raise RedisUnavailable(f"cannot reach Redis at {self.safe_url}: {exc}") from None
        self.round_trips += 1

    @property
    def safe_url(self) -> str:
        """The URL without a password, for messages."""
        head, sep, tail = self.url.rpartition("@")
        return f"{self.url.split('://', 1)[0]}://***@{tail}" if sep else self.url

    def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """``fn(*args)`` on the server, waiting out an outage (said once, resumed said once)."""
        while True:
            try:
                result = fn(*args, **kwargs)
            except AWAY as exc:
                self._away(exc)
                time.sleep(RETRY_SECONDS)
                continue
            self.round_trips += 1
            if self._down_since is not None:
                self._back()
            return result

    def _away(self, exc: Exception) -> None:
        if self._down_since is not None:
            return
        self._down_since = time.monotonic()
        self.outages += 1
        message = f"Redis at {self.safe_url} is unreachable ({exc}); paused, retrying every {RETRY_SECONDS:.0f} s"
        log.warning("%s", message)
        print(f"vnnews: {message}", file=sys.stderr, flush=True)

    def _back(self) -> None:
        assert self._down_since is not None
        away = time.monotonic() - self._down_since
        self._down_since = None
        self.up_since = time.monotonic()
        message = f"Redis at {self.safe_url} is back after {away:.0f} s; resumed"
        log.warning("%s", message)
        print(f"vnnews: {message}", file=sys.stderr, flush=True)

    def up_for(self) -> float:
        """Seconds since the server last came back (or since start)."""
        return time.monotonic() - self.up_since


def connect(url: str) -> RedisLink:
    """A checked link (raises RedisUnavailable: the commands print it and exit 3)."""
    link = RedisLink(url)
    link.check()
    return link

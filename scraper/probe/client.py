"""Polite, bounded fetching for the probe: robots.txt first, redirects followed one by one.

The probe decides every request itself, so politeness is enforced here rather than by Scrapy's
middlewares: before the first request to a host its robots.txt is read (protego, the parser
Scrapy uses) and every later URL of that host is checked against it for our user agent;
redirects are followed hop by hop (at most ``MAX_REDIRECTS``), each hop checked the same way, so
a home page that moved to a new domain shows up as such; and no more than ``budget`` requests
are made, robots.txt included. The delay between requests is the downloader's (Scrapy's
DOWNLOAD_DELAY / AutoThrottle), exactly as in a crawl.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

from protego import Protego

from scraper.failures import describe, failure_kind

MAX_REDIRECTS = 5
REDIRECT_STATUSES = (301, 302, 303, 307, 308)


@dataclass(frozen=True)
class Raw:
    """One HTTP exchange as the downloader saw it (no redirect followed), or its failure."""

    url: str
    status: int | None
    headers: dict[str, str]
    body: bytes
    error: BaseException | None = None


Download = Callable[[str], Awaitable[Raw]]


@dataclass
class Fetched:
    """A URL fetched through the client: the last hop's answer, the hops before it, or why not."""

    url: str
    final_url: str
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    redirects: list[str] = field(default_factory=list)  # every URL after the first
    problem: str | None = None  # "HTTP 404", "DNS lookup failed for …", "robots.txt disallows …"
    kind: str | None = None  # failure kind (dns, refused, tls, timeout, other), "http", "robots", "budget"

    @property
    def ok(self) -> bool:
        return self.problem is None and self.status is not None and 200 <= self.status < 300

    @property
    def answered(self) -> bool:
        """The server said something (any HTTP status), even if the answer is an error."""
        return self.status is not None


@dataclass
class Robots:
    url: str
    status: int | None
    parser: Protego | None  # None: no usable robots.txt, everything allowed (as Scrapy does)
    problem: str | None = None

    @property
    def sitemaps(self) -> list[str]:
        return list(self.parser.sitemaps) if self.parser is not None else []


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` (robots.txt is per origin; ``scraper.urls.host_of`` is the host)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class PoliteClient:
    """``await client.get(url)``: robots-checked, redirect-following, counted GETs."""

    def __init__(self, download: Download, user_agent: str, budget: int) -> None:
        self._download = download
        self.user_agent = user_agent
        self.budget = budget
        self.used = 0
        self.robots: dict[str, Robots] = {}  # by scheme://host

    @property
    def left(self) -> int:
        return self.budget - self.used

    async def _raw(self, url: str) -> Raw | None:
        if self.used >= self.budget:
            return None
        self.used += 1
        return await self._download(url)

    async def robots_for(self, url: str) -> Robots:
        """The robots.txt of the URL's host, fetched once (a missing or broken one allows all)."""
        host = origin_of(url)
        if host not in self.robots:
            self.robots[host] = await self._read_robots(host + "/robots.txt")
        return self.robots[host]

    async def _read_robots(self, target: str) -> Robots:
        """robots.txt, following redirects as RFC 9309 asks (a moved site's robots.txt moves too)."""
        current = target
        for _ in range(MAX_REDIRECTS + 1):
            raw = await self._raw(current)
            if raw is None:
                return Robots(target, None, None, "request budget spent")
            if raw.error is not None:
                return Robots(target, None, None, _describe(raw))
            location = raw.headers.get("location")
            if raw.status in REDIRECT_STATUSES and location:
                current = urljoin(current, location)
                continue
            if raw.status is not None and 200 <= raw.status < 300:
                return Robots(target, raw.status, Protego.parse(raw.body.decode("utf-8", "replace")))
            return Robots(target, raw.status, None, f"HTTP {raw.status}")
        return Robots(target, None, None, f"more than {MAX_REDIRECTS} redirects")

    async def allowed(self, url: str) -> bool:
        robots = await self.robots_for(url)
        return robots.parser is None or robots.parser.can_fetch(url, self.user_agent)

    async def get(self, url: str) -> Fetched:
        result = Fetched(url=url, final_url=url)
        current = url
        for _ in range(MAX_REDIRECTS + 1):
            if not await self.allowed(current):
                result.problem, result.kind = f"robots.txt disallows {urlsplit(current).path} for vnnews", "robots"
                return result
            raw = await self._raw(current)
            if raw is None:
                result.problem, result.kind = "request budget spent", "budget"
                return result
            result.final_url, result.status = current, raw.status
            if raw.error is not None:
                result.problem, result.kind = _describe(raw), failure_kind(raw.error)
                return result
            location = raw.headers.get("location")
            if raw.status in REDIRECT_STATUSES and location:
                current = urljoin(current, location)
                result.redirects.append(current)
                continue
            result.body, result.content_type = raw.body, raw.headers.get("content-type", "")
            if not (raw.status and 200 <= raw.status < 300):
                result.problem, result.kind = f"HTTP {raw.status}", "http"
            return result
        result.problem, result.kind = f"more than {MAX_REDIRECTS} redirects", "http"
        return result


def _describe(raw: Raw) -> str:
    kind = failure_kind(raw.error) if raw.error is not None else "other"
    text = describe(kind, urlsplit(raw.url).netloc)
    return text if kind != "other" else f"{text}: {type(raw.error).__name__}"

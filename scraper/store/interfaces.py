"""Small interfaces the crawl depends on, so the embedded SQLite versions can later be swapped for
shared ones (e.g. Redis with several workers) without touching spiders, pipelines or extraction."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol


class SeenIndex(Protocol):
    """What is already in the corpus, by canonical URL and by content hash."""

    def has_url(self, url: str) -> bool: ...

    def has_content(self, content_hash: str) -> bool: ...


class Frontier(Protocol):
    """Work planned and done, kept by the store so a killed crawl can re-plan what is missing.

    ``plan`` records a discovered article URL (with discovery hints such as ``lastmod``),
    ``done`` marks it finished (stored, duplicate or dropped), ``pending`` yields what was planned
    but never finished.
    """

    def plan(self, site: str, url: str, meta: dict[str, Any]) -> None: ...

    def done(self, url: str, outcome: str) -> None: ...

    def is_done(self, url: str) -> bool: ...

    def pending(self, site: str) -> Iterator[tuple[str, dict[str, Any]]]: ...

"""Small interfaces the crawl depends on, so the embedded SQLite versions can later be swapped for
shared ones (e.g. Redis with several workers) without touching spiders, pipelines or extraction:
``SeenIndex``, ``Clusters``, ``Frontier``."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal, Protocol


@dataclass(frozen=True)
class Verdict:
    """What storing a record would mean: ``new``, ``duplicate`` (of ``duplicate_of``) or a new
    ``version`` (n+1, pointing to ``previous_content_hash``)."""

    kind: Literal["new", "duplicate", "version"]
    version: int = 1
    previous_content_hash: str | None = None
    duplicate_of: str | None = None


class SeenIndex(Protocol):
    """What is already in the corpus, by canonical URL and by content hash.

    ``judge`` reads only; ``remember`` indexes a record being stored (the store calls it in the
    same batch as the file write). The spider needs only ``has_url``/``has_content``.
    """

    def has_url(self, url: str) -> bool: ...

    def has_content(self, content_hash: str) -> bool: ...

    def judge(self, record: dict[str, Any]) -> Verdict: ...

    def remember(self, record: dict[str, Any]) -> None: ...


class Clusters(Protocol):
    """Syndication clusters: which stored story a new record is a copy of (another outlet's).

    ``link`` (a new article) and ``link_version`` (a new version of a stored one) read only and
    return ``scraper.store.clusters.Link`` (``cluster``, ``copy_of``); ``remember`` indexes a record
    being stored, in the same batch as the file write. A shared backend would keep the exact-text
    keys and LSH band keys as sets per key (e.g. Redis ``SADD``), the signatures by article.
    """

    def link(self, record: dict[str, Any]) -> Any: ...

    def link_version(self, record: dict[str, Any]) -> Any: ...

    def remember(self, record: dict[str, Any]) -> None: ...


class Frontier(Protocol):
    """Work planned and done, kept by the store so a killed crawl can re-plan what is missing.

    ``plan`` records a discovered article URL (with discovery hints such as ``lastmod``),
    ``done`` marks it finished (stored, duplicate or dropped), ``pending`` yields what was planned
    but never finished.
    """

    def plan(self, site: str, url: str, meta: dict[str, Any]) -> None: ...

    def done(self, url: str, outcome: str) -> None: ...

    def is_done(self, url: str) -> bool: ...

    def is_planned(self, url: str) -> bool: ...

    def outcome(self, url: str) -> str | None:
        """How a finished URL ended (``stored``, ``duplicate``, ``dropped:<reason>``, ``http_404``)."""
        ...

    def pending(self, site: str) -> Iterator[tuple[str, dict[str, Any]]]: ...

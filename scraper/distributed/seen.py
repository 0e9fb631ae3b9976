"""The shared seen-index: the rules of ``scraper.store.index``, judged and claimed in one script.

``judge`` is what ``SqliteSeenIndex.judge`` is, plus a *claim*: a record it lets through (new, or
a new version) has its URL (and, new, its outlet+text key) claimed by this process until the
batch that stores it is confirmed. Another worker judging the same URL or text meanwhile gets
``busy`` and drops its copy as a duplicate: two workers never store one article. ``remember``
only collects the batch; ``confirm`` (at the batch commit, after the fsync) makes it final, marks
the fetched URLs ``stored`` in the frontier and acknowledges the leases, in one script.

A claim lives only as long as its process: a dead worker's claims are let go with its leases
(``leases.Membership.reap``), so the article comes back and is stored by another.
"""

from __future__ import annotations

from typing import Any

from scraper.distributed.keys import Keys, content_key, url_key
from scraper.distributed.link import RedisLink
from scraper.distributed.scripts import Scripts
from scraper.store.interfaces import Verdict


def confirm_fields(record: dict[str, Any]) -> list[str]:
    """One stored record as CONFIRM/SETTLE read it (``scripts.CONFIRM_FIELDS``)."""
    return [url_key(record["url"]), content_key(record["site"], record["content_hash"]),
            record["content_hash"], record.get("modified_at") or "", str(int(record.get("version") or 1)),
            url_key(record["fetched_url"]), record["site"], record["url"]]


class RedisSeenIndex:
    """``SeenIndex`` in Redis, for one process (``token``: whose claims)."""

    def __init__(self, link: RedisLink, keys: Keys, scripts: Scripts, token: str) -> None:
        self.link, self.keys, self.scripts, self.token = link, keys, scripts, token
        self.batch: list[list[str]] = []  # records of the open batch, for confirm

    def has_url(self, url: str) -> bool:
        return bool(self.link.call(self.link.client.hexists, self.keys.seen_url, url_key(url)))

    def has_content(self, content_hash: str) -> bool:
        """Kept per outlet here (``content_key``): without the outlet nothing can be said."""
        return False

    def judge(self, record: dict[str, Any]) -> Verdict:
        keys = self.keys
        got = self.link.call(
            self.scripts.judge,
            keys=[keys.seen_url, keys.seen_content, keys.claims, keys.claims_of(self.token)],
            args=[url_key(record["url"]), content_key(record["site"], record["content_hash"]),
                  record["content_hash"], record.get("modified_at") or "", self.token, record["url"]])
        kind = got[0].decode()
        if kind == "new":
            return Verdict("new")
        if kind == "version":
            return Verdict("version", int(got[1]), previous_content_hash=got[2].decode())
        if kind == "busy":
            return Verdict("duplicate", duplicate_of="(being stored right now by another worker)")
        return Verdict("duplicate", int(got[1]) or 1, duplicate_of=got[2].decode())

    def remember(self, record: dict[str, Any]) -> None:
        """The record joins the open batch; it is final once ``confirm`` ran."""
        self.batch.append(confirm_fields(record))

    def confirm(self, worker_id: str, acks: list[int]) -> bool:
        """Make the open batch final and acknowledge ``acks``; False when this process was reaped."""
        keys, batch = self.keys, self.batch
        args: list[Any] = [keys.ns, self.token, worker_id, len(batch)]
        for fields in batch:
            args += fields
        args += acks
        done = self.link.call(self.scripts.confirm, keys=[keys.workers, keys.leases(self.token), keys.stored],
                              args=args)
        if done == -1:
            return False
        self.batch = []
        return True

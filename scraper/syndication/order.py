"""Which copy of a story comes first: one order shared by export, stats and the report.

First is the smallest ``published_at`` (an undated copy never comes first), then ``crawled_at``,
then site and id, so ties are decided the same way every time. This is the *true* first copy:
stored lines keep the ``copy_of`` known when they were written, and a later crawl may find an
older copy.
"""

from __future__ import annotations

from scraper.record import Record

LATE = "~"  # sorts after any ISO timestamp: an undated copy is never taken as the first


def cluster_key(record: Record) -> str:
    """The record's cluster; a v1 line (no ``cluster``) is alone in its own, keyed by its ``id``."""
    return str(record.get("cluster") or record["id"])


def rank(record: Record, prefer_site: str | None = None) -> str:
    """Sort key within a cluster, lowest first: the preferred outlet if given, then the earliest."""
    preferred = "0" if prefer_site is not None and record.get("site") == prefer_site else "1"
    return "|".join((preferred, record.get("published_at") or LATE, record.get("crawled_at") or LATE,
                     str(record.get("site")), str(record["id"])))

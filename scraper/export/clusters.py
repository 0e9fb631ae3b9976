"""``--one-per-cluster``: one record per story, for training data that must not repeat itself.

Each cluster (``cluster``; a v1 line without one is a cluster of its own) keeps its first copy
in the order of ``scraper.syndication.order``: the earliest published, even when a later crawl
found an older copy (stored lines keep the ``copy_of`` they were written with). ``--prefer-site
KEY`` keeps that outlet's copy instead when the cluster has one. Of an article stored in several
versions, the highest version is written.

Two passes over the same filtered records: the first keeps the winner of each cluster in a
temporary SQLite table (on disk, so memory stays flat however many clusters), the second writes
the winners in corpus order.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from scraper.record import Record
from scraper.syndication.order import cluster_key, rank
from scraper.syndication.scratch import ScratchDb


class ClusterWinners:
    """The chosen record (id, version) of each cluster, in a temporary database."""

    def __init__(self, prefer_site: str | None = None) -> None:
        self.prefer_site = prefer_site
        self._db = ScratchDb("CREATE TABLE winner (cluster TEXT PRIMARY KEY, rank TEXT, id TEXT, version INTEGER)"
                             " WITHOUT ROWID")
        self.conn = self._db.conn

    def offer(self, record: Record) -> None:
        cluster, mine, version = cluster_key(record), rank(record, self.prefer_site), int(record.get("version") or 1)
        row = self.conn.execute("SELECT rank, id, version FROM winner WHERE cluster = ?", (cluster,)).fetchone()
        if row is None:
            self.conn.execute("INSERT INTO winner VALUES (?, ?, ?, ?)", (cluster, mine, record["id"], version))
        elif row[1] == record["id"]:  # another version of the winning article: keep the latest text
            self.conn.execute("UPDATE winner SET rank = min(rank, ?), version = max(version, ?) WHERE cluster = ?",
                              (mine, version, cluster))
        elif mine < row[0]:
            self.conn.execute("UPDATE winner SET rank = ?, id = ?, version = ? WHERE cluster = ?",
                              (mine, record["id"], version, cluster))

    def keeps(self, record: Record) -> bool:
        row = self.conn.execute("SELECT id, version FROM winner WHERE cluster = ?", (cluster_key(record),)).fetchone()
        return row is not None and row == (record["id"], int(record.get("version") or 1))

    def close(self) -> None:
        self._db.close()


def one_per_cluster(first_pass: Iterable[Record], second_pass: Iterable[Record],
                    prefer_site: str | None = None) -> Iterator[Record]:
    """The records of ``second_pass`` that won their cluster among ``first_pass`` (the same records,
    read a first time)."""
    winners = ClusterWinners(prefer_site)
    try:
        for record in first_pass:
            winners.offer(record)
        yield from (record for record in second_pass if winners.keeps(record))
    finally:
        winners.close()

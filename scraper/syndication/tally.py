"""Syndication figures read from the corpus files: clusters, copies per outlet, most-copied sources.

A story's *first* copy is its cluster's first article in the order of
``scraper.syndication.order`` (the one ``vnnews export --one-per-cluster`` keeps); every other
article of the cluster is a *copy*. Lines are counted per article (the latest version of
an ``id``); a v1 line, written before clusters existed, is a cluster of its own.

One row per article goes to a temporary SQLite database on disk, so a corpus of millions of
records is tallied with flat memory; the figures are SQL aggregates over it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import TracebackType

from scraper.record import Record
from scraper.syndication.order import cluster_key, rank
from scraper.syndication.scratch import ScratchDb

TOP = 10


@dataclass(frozen=True)
class OutletShare:
    site: str
    articles: int
    copies: int  # articles that are not their story's first copy

    @property
    def share(self) -> float:
        return self.copies / self.articles if self.articles else 0.0


@dataclass(frozen=True)
class Syndication:
    articles: int = 0
    clusters: int = 0  # stories
    shared: int = 0  # stories with 2+ articles
    multi_outlet: int = 0  # stories carried by 2+ outlets
    copies: int = 0
    outlets: tuple[OutletShare, ...] = ()
    by_wire: tuple[tuple[str, int, int], ...] = ()  # (wire_source, copies, stories), most copies first
    by_first_outlet: tuple[tuple[str, int, int], ...] = ()  # (site of the first copy, copies, stories)
    by_site: dict[str, OutletShare] = field(default_factory=dict)


class ClusterTally:
    """Add records (``add``), then read the figures (``result``); a context manager."""

    def __init__(self) -> None:
        self._db = ScratchDb("CREATE TABLE article (id TEXT PRIMARY KEY, cluster TEXT NOT NULL, site TEXT NOT NULL,"
                             " rank TEXT NOT NULL, wire TEXT, version INTEGER NOT NULL) WITHOUT ROWID")
        self.conn = self._db.conn

    def __enter__(self) -> ClusterTally:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def add(self, record: Record) -> None:
        version = int(record.get("version") or 1)
        self.conn.execute(
            "INSERT INTO article VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET cluster = excluded.cluster,"
            " rank = min(rank, excluded.rank), wire = excluded.wire, version = excluded.version"
            " WHERE excluded.version >= version",
            (record["id"], cluster_key(record), str(record.get("site")), rank(record), record.get("wire_source"),
             version),
        )

    def result(self) -> Syndication:
        q = self.conn.execute
        q("CREATE TEMP TABLE story AS SELECT cluster, count(*) AS size, count(DISTINCT site) AS outlets"
          " FROM article GROUP BY cluster")
        q("CREATE TEMP TABLE first AS SELECT cluster, id, site, wire FROM (SELECT cluster, id, site, wire,"
          " row_number() OVER (PARTITION BY cluster ORDER BY rank) AS n FROM article) WHERE n = 1")
        q("CREATE TEMP TABLE copy AS SELECT a.id, a.site, a.cluster, coalesce(a.wire, f.wire) AS wire,"
          " f.site AS first_site FROM article a JOIN first f ON f.cluster = a.cluster WHERE a.id <> f.id")
        articles, clusters, shared, multi = q(
            "SELECT coalesce(sum(size), 0), count(*), count(*) FILTER (WHERE size > 1),"
            " count(*) FILTER (WHERE outlets > 1) FROM story").fetchone()
        outlets = tuple(OutletShare(site, n, copies) for site, n, copies in q(
            "SELECT a.site, count(*), count(c.id) FROM article a LEFT JOIN copy c ON c.id = a.id"
            " GROUP BY a.site ORDER BY a.site"))
        by_wire = tuple(q(f"SELECT wire, count(*), count(DISTINCT cluster) FROM copy WHERE wire IS NOT NULL"
                          f" GROUP BY wire ORDER BY 2 DESC, 1 LIMIT {TOP}"))
        by_first = tuple(q(f"SELECT first_site, count(*), count(DISTINCT cluster) FROM copy"
                           f" GROUP BY first_site ORDER BY 2 DESC, 1 LIMIT {TOP}"))
        return Syndication(
            articles=int(articles), clusters=int(clusters), shared=int(shared or 0), multi_outlet=int(multi or 0),
            copies=sum(o.copies for o in outlets), outlets=outlets, by_wire=by_wire, by_first_outlet=by_first,
            by_site={o.site: o for o in outlets},
        )

    def close(self) -> None:
        self._db.close()

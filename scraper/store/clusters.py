"""Clusters of syndicated copies: which stored records carry the same story, kept in the store's
database and committed with the corpus batch, so memory stays flat and a kill loses nothing.

A record joins an existing cluster when a record of *another* outlet has the same normalised
body (exact copy; a body under 50 words must match with its title too), or, for a body of 50
words or more, when MinHash/LSH finds one whose text contains most of it (near copy: a new lead,
an added byline, a cut paragraph). Otherwise it starts a cluster whose id is its own ``id``.

``copy_of`` is the earliest copy known when the record is stored: earliest by ``published_at``
(an undated record counts as later than any dated one), then by ``crawled_at``; null when that
is the record itself. Stored lines are never rewritten, so when a later crawl finds an older
copy, the records stored before it keep their ``copy_of``; the cluster's true first copy is its
record with the smallest (``published_at``, ``crawled_at``).

Tables (all in ``store.sqlite``):
  syn_site     outlet key -> small code
  syn_member   one row per stored article (``n`` = storing order): its cluster, shingle count,
               MinHash signature (null for a short body)
  syn_text     normalised-text key -> a member, per outlet (exact copies)
  syn_band     LSH band key -> members, per outlet (near-copy candidates)
  syn_cluster  cluster id -> its earliest copy (id, published_at, crawled_at) and size
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from scraper.record import Record
from scraper.syndication.order import LATE
from scraper.syndication.signature import BANDS, MIN_JACCARD, THRESHOLD, Signature, from_blob, signature, similarity
from scraper.syndication.text import MIN_WORDS, body_words, text_key

_EARLIER = ("(coalesce(excluded.published_at, '~'), coalesce(excluded.crawled_at, '~'))"
            " < (coalesce(published_at, '~'), coalesce(crawled_at, '~'))")
_COUNT_IN = (
    "INSERT INTO syn_cluster (cluster, earliest, published_at, crawled_at, size) VALUES (?, ?, ?, ?, 1)"
    " ON CONFLICT (cluster) DO UPDATE SET size = size + 1,"
    f" earliest = CASE WHEN {_EARLIER} THEN excluded.earliest ELSE earliest END,"
    f" published_at = CASE WHEN {_EARLIER} THEN excluded.published_at ELSE published_at END,"
    f" crawled_at = CASE WHEN {_EARLIER} THEN excluded.crawled_at ELSE crawled_at END"
)
MAX_CANDIDATES = 64  # members compared per record, those sharing the most bands first
MAX_BAND_ROWS = 4096  # band rows read per record, at most: a band shared by thousands says nothing
# Members of *other* outlets sharing a band: two index ranges (site below, site above), so that an
# outlet's own articles, however many share a band (a daily bulletin), are never even read.
_BANDS_IN = f"band_key IN ({','.join('?' * BANDS)})"
_NEAREST = (
    "SELECT m.cluster, m.shingles, m.signature FROM syn_member m JOIN ("
    " SELECT n, count(*) AS shared FROM ("
    f"  SELECT n FROM syn_band WHERE {_BANDS_IN} AND site < ? UNION ALL"
    f"  SELECT n FROM syn_band WHERE {_BANDS_IN} AND site > ? LIMIT {MAX_BAND_ROWS})"
    f" GROUP BY n ORDER BY shared DESC LIMIT {MAX_CANDIDATES}) c ON c.n = m.n"
)


@dataclass(frozen=True)
class Link:
    """Where a record goes: its ``cluster`` and ``copy_of``; ``how`` = ``exact``, ``near`` or None."""

    cluster: str
    copy_of: str | None
    how: str | None = None


@dataclass(frozen=True)
class _Prepared:
    text_key: int
    shingles: int
    signature: Signature | None


def _rank(published_at: str | None, crawled_at: str | None) -> tuple[str, str]:
    return (published_at or LATE, crawled_at or LATE)


def containment(jaccard: float, a: int, b: int) -> float:
    """Share of the shorter text's shingles found in the other, from their Jaccard similarity and
    sizes (|A ∩ B| = J·(|A|+|B|)/(1+J)): a copy cut down to its first half is fully contained."""
    if jaccard <= 0 or min(a, b) <= 0:
        return 0.0
    return min(1.0, jaccard * (a + b) / ((1 + jaccard) * min(a, b)))


def is_copy(jaccard: float, a: int, b: int) -> bool:
    """Two long texts are copies when most of the shorter is in the longer (``THRESHOLD``) and
    they are not wildly different in size (``MIN_JACCARD``, which also keeps the estimate stable)."""
    return jaccard >= MIN_JACCARD and containment(jaccard, a, b) >= THRESHOLD


class ClusterIndex:
    """The clustering state over the store database; writes join the caller's open transaction."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._sites: dict[str, int] = dict(conn.execute("SELECT site, code FROM syn_site"))
        self._prepared: dict[str, _Prepared] = {}  # by record id: link() -> remember(), same batch

    def _site(self, key: str) -> int:
        code = self._sites.get(key)
        if code is None:
            code = self.conn.execute("INSERT INTO syn_site (site) VALUES (?)", (key,)).lastrowid
            assert code is not None
            self._sites[key] = code
        return code

    def _prepare(self, record: Record) -> _Prepared:
        words = body_words(record)
        sig = signature(words) if len(words) >= MIN_WORDS else None
        return _Prepared(text_key(record, words), sig.shingles if sig is not None else 0, sig)

    # -- judging (reads only) ----------------------------------------------------------------

    def link(self, record: Record) -> Link:
        """The cluster a new record joins (or starts) and the copy it follows."""
        prepared = self._prepared[record["id"]] = self._prepare(record)
        if len(self._prepared) > 64:  # records judged but never stored (dropped later): forget them
            self._prepared.pop(next(iter(self._prepared)))
        site = self._site(record["site"])
        if len(self._sites) < 2:  # no other outlet in the store: nothing to be a copy of
            return Link(record["id"], None)
        row = self.conn.execute(
            "SELECT m.cluster FROM syn_text t JOIN syn_member m ON m.n = t.n"
            " WHERE t.text_key = ? AND t.site <> ? LIMIT 1",
            (prepared.text_key, site),
        ).fetchone()
        if row is not None:
            return self._in_cluster(record, row[0], "exact")
        if prepared.signature is not None:
            cluster = self._nearest(prepared, site)
            if cluster is not None:
                return self._in_cluster(record, cluster, "near")
        return Link(record["id"], None)

    def link_into(self, record: Record, version: bool = False) -> Link:
        """Link a record about to be stored (``version``: a new version of a stored article) and
        write ``cluster``/``copy_of`` into it when it is a v2 record (older code makes none)."""
        link = self.link_version(record) if version else self.link(record)
        if "cluster" in record:
            record["cluster"], record["copy_of"] = link.cluster, link.copy_of
        return link

    def link_version(self, record: Record) -> Link:
        """A new version of a stored article stays in its article's cluster."""
        row = self.conn.execute("SELECT cluster FROM syn_member WHERE id = ?", (record["id"],)).fetchone()
        if row is None:
            return self.link(record)
        self._prepared[record["id"]] = self._prepare(record)
        return self._in_cluster(record, row[0], None)

    def _nearest(self, prepared: _Prepared, site: int) -> str | None:
        assert prepared.signature is not None
        bands = prepared.signature.bands
        rows = self.conn.execute(_NEAREST, (*bands, site, *bands, site)).fetchall()
        best, best_score = None, 0.0
        for cluster, shingles, blob in rows:
            if blob is None:
                continue
            jaccard = similarity(prepared.signature.values, from_blob(blob))
            score = containment(jaccard, prepared.shingles, shingles)
            if is_copy(jaccard, prepared.shingles, shingles) and score > best_score:
                best, best_score = cluster, score
        return best

    def _in_cluster(self, record: Record, cluster: str, how: str | None) -> Link:
        row = self.conn.execute(
            "SELECT earliest, published_at, crawled_at FROM syn_cluster WHERE cluster = ?", (cluster,)
        ).fetchone()
        if row is None or row[0] == record["id"]:
            return Link(cluster, None, how)
        earliest, published_at, crawled_at = row
        mine = _rank(record.get("published_at"), record.get("crawled_at"))
        return Link(cluster, None if mine < _rank(published_at, crawled_at) else earliest, how)

    # -- indexing (joins the batch) -----------------------------------------------------------

    def remember(self, record: Record) -> None:
        """Index a record that is (about to be) in the corpus under its ``cluster``.

        A line without a ``cluster`` (schema v1, or a record stored without the dedupe step) is
        linked here, in the state only: its line says nothing, later copies still find it.
        """
        cluster = record.get("cluster") or self.link(record).cluster
        prepared = self._prepared.pop(record["id"], None) or self._prepare(record)
        site = self._site(record["site"])
        blob = prepared.signature.blob() if prepared.signature is not None else None
        inserted = self.conn.execute(
            "INSERT OR IGNORE INTO syn_member (id, site, cluster, shingles, signature) VALUES (?, ?, ?, ?, ?)",
            (record["id"], site, cluster, prepared.shingles, blob),
        )
        if inserted.rowcount == 1:
            n = inserted.lastrowid
            self._count_in(record, cluster)
        else:  # a new version of a stored article: its text is what later copies will resemble
            n = self.conn.execute("UPDATE syn_member SET shingles = ?, signature = ? WHERE id = ? RETURNING n",
                                  (prepared.shingles, blob, record["id"])).fetchone()[0]
        self.conn.execute("INSERT OR IGNORE INTO syn_text (text_key, site, n) VALUES (?, ?, ?)",
                          (prepared.text_key, site, n))
        if prepared.signature is not None:
            self.conn.executemany("INSERT OR IGNORE INTO syn_band (band_key, site, n) VALUES (?, ?, ?)",
                                  [(key, site, n) for key in prepared.signature.bands])

    def _count_in(self, record: Record, cluster: str) -> None:
        """One more article in ``cluster``; it becomes the earliest if it is earlier (see ``_rank``)."""
        self.conn.execute(_COUNT_IN, (cluster, record["id"], record.get("published_at"), record.get("crawled_at")))

    def counts(self) -> tuple[int, int]:
        """(clusters, clusters with more than one article) in the state."""
        total, shared = self.conn.execute(
            "SELECT count(*), count(*) FILTER (WHERE size > 1) FROM syn_cluster").fetchone()
        return int(total), int(shared or 0)

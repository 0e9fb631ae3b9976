"""Syndication benchmark: how well and how fast copies of one story across outlets are clustered.

Generates stories with known copy relations (``scraper.demo.stories``): most stories appear at
one outlet only, others are carried by 1-6 more outlets as exact copies or edited ones (lead
rewritten, byline added, last paragraph cut, tone marks in the other style, and pairs of these);
briefs under 50 words are copied exactly or with other tone marks only (a short text is matched
exactly only). Hard negatives: distinct stories of the same topic (same names, same stock
phrases), and follow-ups that reuse one or two background paragraphs of an earlier story.
Records arrive shuffled in windows of 2,000, so a copy is often clustered before its original.

Each record goes through the store's own ``ClusterIndex`` (``link`` then ``remember``) on an
SQLite database on disk, committed every 200 records as a crawl batch is. Printed per size, each
in a fresh process: pairwise precision and recall of the clusters against the truth (target
≥ 0.98 both), recall per kind of copy, records per second of clustering (generation excluded),
peak memory (flat: it must not grow with the number of records) and the database size.

    .venv/bin/python bench/syndication.py                 # 100,000 and 1,000,000 records
    .venv/bin/python bench/syndication.py --sizes 20000   # a quick look
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import numpy as np

from scraper.demo.stories import EDITS, SHORT_EDITS, Story, StoryWriter, edit
from scraper.record import record_id

OUTLETS = [f"bao{i:02d}" for i in range(40)]
WINDOW = 2_000  # records shuffled within this many: crawl order is not publication order
BATCH = 200
START = datetime(2024, 1, 1, 6, 0, tzinfo=timezone(timedelta(hours=7)))
COPIES = (0, 0, 0, 0, 0, 1, 1, 2, 2, 3, 4, 6)  # outlets besides the first, drawn uniformly


@dataclass(frozen=True)
class Item:
    """One generated record and the truth about it."""

    record: dict
    story: int  # true cluster
    role: str  # "story", "brief", "follow_up", or "copy:<edit>"


def _record(site: str, n: int, story: Story, published: datetime) -> dict:
    url = f"https://{site}.vn/tin-tuc/bai-{n}.html"
    return {"id": record_id(url), "url": url, "site": site, "title": story.title, "sapo": story.sapo,
            "body": story.body, "published_at": published.isoformat(timespec="seconds")}


def stories(seed: int) -> Iterator[Item]:
    """An endless stream of originals, copies and hard negatives, in publication order."""
    writer = StoryWriter(seed)
    rng = np.random.default_rng(seed)
    recent: deque[tuple[int, int, Story]] = deque(maxlen=500)  # (story, topic, text) for follow-ups
    n = 0
    for s in range(10**9):
        topic = int(rng.integers(writer.n_topics))
        published = START + timedelta(minutes=3 * s)
        outlets = rng.permutation(len(OUTLETS))
        if recent and rng.random() < 0.15:
            _, topic, earlier = recent[int(rng.integers(len(recent)))]
            yield Item(_record(OUTLETS[outlets[0]], n, writer.follow_up(rng, topic, earlier), published), s, "follow_up")
            n += 1
            continue
        brief = rng.random() < 0.15
        story = writer.brief(rng, topic) if brief else writer.story(rng, topic)
        yield Item(_record(OUTLETS[outlets[0]], n, story, published), s, "brief" if brief else "story")
        n += 1
        recent.append((s, topic, story))
        for k in range(COPIES[int(rng.integers(len(COPIES)))]):
            name = str(rng.choice(SHORT_EDITS if brief else EDITS))
            later = published + timedelta(minutes=int(rng.integers(10, 2 * 24 * 60)))
            copy = edit(writer, story, name, rng, topic)
            yield Item(_record(OUTLETS[outlets[k + 1]], n, copy, later), s, f"copy:{name}")
            n += 1


def crawl_order(items: Iterator[Item], total: int, seed: int) -> Iterator[Item]:
    """``total`` items, each window of ``WINDOW`` shuffled; ``crawled_at`` follows this order."""
    rng = random.Random(seed)
    crawled = datetime(2026, 11, 1, tzinfo=timezone.utc)
    window: list[Item] = []
    emitted = 0
    for item in items:
        window.append(item)
        if len(window) < WINDOW and emitted + len(window) < total:
            continue
        rng.shuffle(window)
        for out in window:
            out.record["crawled_at"] = (crawled + timedelta(seconds=emitted)).isoformat()
            yield out
            emitted += 1
        window = []
        if emitted >= total:
            return


def pair_counts(conn: sqlite3.Connection) -> tuple[int, int, int]:
    """(pairs in the same predicted cluster, pairs in the same true story, pairs in both)."""
    def pairs(sql: str) -> int:
        return int(conn.execute(f"SELECT coalesce(sum(c * (c - 1) / 2), 0) FROM ({sql})").fetchone()[0])

    predicted = pairs("SELECT count(*) AS c FROM syn_member GROUP BY cluster")
    true = pairs("SELECT count(*) AS c FROM truth GROUP BY story")
    both = pairs("SELECT count(*) AS c FROM truth t JOIN syn_member m ON m.id = t.id GROUP BY m.cluster, t.story")
    return predicted, true, both


def recall_by_role(conn: sqlite3.Connection) -> dict[str, float]:
    """Share of each kind of copy that ended in its original's cluster."""
    rows = conn.execute(
        "SELECT t.role, avg(m.cluster = o.cluster) FROM truth t JOIN syn_member m ON m.id = t.id"
        " JOIN truth ot ON ot.story = t.story AND ot.role IN ('story', 'brief')"
        " JOIN syn_member o ON o.id = ot.id WHERE t.role LIKE 'copy:%' GROUP BY t.role ORDER BY t.role"
    )
    return {role[5:]: round(float(share), 4) for role, share in rows}


def one_run(total: int, seed: int) -> dict:
    from scraper.store import db
    from scraper.store.clusters import ClusterIndex

    with tempfile.TemporaryDirectory(prefix="vnnews-bench-syndication-") as tmp:
        conn = db.connect(Path(tmp) / "store.sqlite")
        conn.execute("CREATE TABLE truth (id TEXT PRIMARY KEY, story INTEGER NOT NULL, role TEXT NOT NULL) WITHOUT ROWID")
        index = ClusterIndex(conn)
        clustering = 0.0
        started = time.perf_counter()
        rss_at_10 = 0.0
        for i, item in enumerate(crawl_order(stories(seed), total, seed), 1):
            record = item.record
            t0 = time.perf_counter()
            record["cluster"] = index.link(record).cluster
            index.remember(record)
            if i % BATCH == 0:
                db.commit(conn)
            clustering += time.perf_counter() - t0
            conn.execute("INSERT INTO truth VALUES (?, ?, ?)", (record["id"], item.story, item.role))
            if i == total // 10:
                rss_at_10 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        db.commit(conn)
        wall = time.perf_counter() - started
        rss_clustered = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before the scoring SQL
        conn.execute("CREATE INDEX truth_story ON truth (story)")
        predicted, true, both = pair_counts(conn)
        roles = recall_by_role(conn)
        shared = int(conn.execute("SELECT count(*) FROM syn_cluster WHERE size > 1").fetchone()[0])
        conn.close()
        disk = sum(p.stat().st_size for p in Path(tmp).iterdir())
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {
        "records": total, "precision": both / predicted if predicted else 1.0, "recall": both / true if true else 1.0,
        "true_pairs": true, "predicted_pairs": predicted, "by_copy": roles, "clusters_with_copies": shared,
        "clustering_s": round(clustering, 1), "wall_s": round(wall, 1), "records_per_s": round(total / clustering),
        "peak_rss_mib": round(peak, 1), "peak_rss_at_10pct_mib": round(rss_at_10, 1),
        "peak_rss_clustering_mib": round(rss_clustered, 1),
        "db_mib_per_100k": round(disk / 2**20 / total * 100_000, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000], metavar="N")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one, args.seed)))
        return 0
    from scraper.syndication.signature import MIN_JACCARD, THRESHOLD

    print(f"syndication benchmark: containment threshold {THRESHOLD}, minimum Jaccard {MIN_JACCARD}, seed {args.seed}")
    for n in args.sizes:
        done = subprocess.run([sys.executable, __file__, "--one", str(n), "--seed", str(args.seed)],
                              capture_output=True, text=True)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            return 1
        r = json.loads(done.stdout)
        print(f"{n:>9,} records: precision {r['precision']:.4f}  recall {r['recall']:.4f}  "
              f"({r['true_pairs']:,} true copy pairs, {r['predicted_pairs']:,} predicted)")
        print(f"{'':>19} {r['records_per_s']:,} records/s clustering ({r['clustering_s']} s; {r['wall_s']} s with "
              f"generation); peak RSS clustering {r['peak_rss_clustering_mib']} MiB (at 10 %: "
              f"{r['peak_rss_at_10pct_mib']} MiB; {r['peak_rss_mib']} MiB with the scoring SQL after); "
              f"database {r['db_mib_per_100k']} MiB per 100k records")
        print(f"{'':>19} recall by copy: " + ", ".join(f"{k} {v:.3f}" for k, v in r["by_copy"].items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

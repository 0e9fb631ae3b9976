"""Syndicated copies in the store: every outlet keeps its copy, copies are linked, state on disk.

Records go through the real dedupe and store pipelines (a Scrapy crawler without a network), so
what is asserted is what a crawl writes. Texts come from ``scraper.demo.stories`` (invented words).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from pipelines.dedupe import DedupePipeline
from pipelines.store import StorePipeline
from scraper.demo.stories import Story, StoryWriter, edit
from scraper.record import content_hash, record_id, validation_errors
from scraper.store.state import open_state
from scraper.store.upgrade import stored_records
from test_crawl_syndication import OLD_SCHEMA

WRITER = StoryWriter(seed=3, topics=50)


def story(n: int, topic: int = 7, brief: bool = False) -> Story:
    rng = np.random.default_rng([5, n])
    return WRITER.brief(rng, topic) if brief else WRITER.story(rng, topic)


def copy_of(text: Story, how: str, n: int = 0) -> Story:
    return edit(WRITER, text, how, np.random.default_rng([6, n]), 7)


def record(site: str, slug: str, text: Story, published: str | None = "2024-05-02T08:00:00+07:00",
           crawled: str = "2026-11-01T03:00:00+00:00") -> dict:
    """A valid v2 record as the normalise step makes it: a cluster of its own, no copy_of yet."""
    url = f"https://{site}.vn/tin-tuc/{slug}.html"
    made = {
        "schema_version": 2, "id": record_id(url), "url": url, "fetched_url": url, "site": site,
        "outlet": f"Báo {site[3:].title()} (mô phỏng)", "province": "Sơn Hà", "province_at_publication": "Sơn Hà",
        "language": "vi", "title": text.title, "sapo": text.sapo, "body": text.body, "authors": [],
        "wire_source": None, "published_at": published, "published_at_raw": published,
        "published_at_source": "meta" if published else None, "published_at_precision": "second" if published else None,
        "modified_at": None, "section": None, "tags": [], "images": [], "related": [], "crawled_at": crawled,
        "http_status": 200, "content_hash": content_hash(text.title, text.sapo, text.body),
        "extractor_version": "test", "provenance": {}, "version": 1, "previous_content_hash": None,
        "warnings": [], "warc": None, "archive": None, "copy_of": None, "cluster": record_id(url),
    }
    assert validation_errors(made) == []
    return made


class Crawl:
    """The dedupe and store pipelines of one run over a corpus folder."""

    def __init__(self, out: Path) -> None:
        self.crawler = get_crawler(settings_dict={"VNNEWS_OUT": str(out), "VNNEWS_BATCH_RECORDS": 3,
                                                  "VNNEWS_BATCH_SECONDS": 3600})
        self.crawler.stats.open_spider()
        self.dedupe = DedupePipeline.from_crawler(self.crawler)
        self.store = StorePipeline.from_crawler(self.crawler)
        self.dedupe.open_spider()
        self.store.open_spider()

    def __call__(self, item: dict) -> dict | None:
        try:
            return self.store.process_item(self.dedupe.process_item(dict(item)))
        except DropItem:
            return None

    def close(self) -> dict:
        self.dedupe.close_spider()
        self.store.close_spider()
        return self.crawler.stats.get_stats()


def crawl(out: Path, items: list[dict]) -> list[dict | None]:
    run = Crawl(out)
    try:
        return [run(item) for item in items]
    finally:
        run.close()


def lines(out: Path) -> Iterator[dict]:
    for line in stored_records(out):
        assert validation_errors(line) == [], line["url"]
        yield line


def by_url(out: Path) -> dict[str, dict]:
    return {r["url"]: r for r in lines(out)}


def test_every_outlet_keeps_its_copy_and_copies_are_linked(tmp_path: Path) -> None:
    wire, other = story(1), story(2)
    first = record("baomot", "tin-1", wire, "2024-05-02T08:00:00+07:00")
    exact = record("baohai", "ban-sao", wire, "2024-05-02T10:30:00+07:00")
    restyled = record("baoba", "ban-sao", copy_of(wire, "tone_style"), "2024-05-03T07:00:00+07:00")
    lead = record("baobon", "viet-lai", copy_of(wire, "new_lead+byline"), "2024-05-02T09:00:00+07:00")
    same_topic = record("baohai", "tin-khac", other, "2024-05-02T11:00:00+07:00")
    twice = record("baomot", "tin-1-ban-in", wire)  # the same article under a second URL of one outlet
    results = crawl(tmp_path, [first, exact, restyled, lead, same_topic, twice])
    assert results[-1] is None  # content dedup stays within one outlet
    stored = by_url(tmp_path)
    assert set(stored) == {r["url"] for r in (first, exact, restyled, lead, same_topic)}
    cluster = {stored[r["url"]]["cluster"] for r in (first, exact, restyled, lead)}
    assert cluster == {first["id"]}
    assert [stored[r["url"]]["copy_of"] for r in (first, exact, restyled, lead)] == [None, first["id"], first["id"], first["id"]]
    assert (stored[same_topic["url"]]["cluster"], stored[same_topic["url"]]["copy_of"]) == (same_topic["id"], None)
    assert stored[exact["url"]]["body"] == wire.body  # text kept as published, tone marks too
    assert stored[restyled["url"]]["body"] == copy_of(wire, "tone_style").body != wire.body


@pytest.mark.parametrize("how", ["new_lead", "byline", "cut_last", "new_lead+cut_last"])
def test_edited_copies_join_follow_ups_do_not(tmp_path: Path, how: str) -> None:
    wire = story(10)
    follow_up = WRITER.follow_up(np.random.default_rng(9), 7, wire)
    first = record("baomot", "goc", wire)
    items = [first, record("baohai", "sua", copy_of(wire, how, 1)), record("baoba", "tiep", follow_up)]
    crawl(tmp_path, items)
    stored = by_url(tmp_path)
    assert stored[items[1]["url"]]["cluster"] == first["id"]
    assert stored[items[2]["url"]]["cluster"] == items[2]["id"]


def test_short_texts_match_exactly_only(tmp_path: Path) -> None:
    brief = story(20, brief=True)
    assert len(brief.body.split()) < 50
    items = [
        record("baomot", "ngan", brief),
        record("baohai", "ngan", copy_of(brief, "tone_style")),  # same words, other tone placement
        record("baoba", "ngan", copy_of(brief, "byline")),  # a credit line added: not the same text
        record("baobon", "ngan", Story("Một tiêu đề khác hẳn", brief.sapo, brief.paragraphs)),  # other title
    ]
    crawl(tmp_path, items)
    stored = by_url(tmp_path)
    assert [stored[r["url"]]["cluster"] for r in items] == [items[0]["id"], items[0]["id"], items[2]["id"], items[3]["id"]]


def test_an_older_copy_found_later_does_not_rewrite_stored_lines(tmp_path: Path) -> None:
    wire = story(30)
    later = record("baohai", "ban-sao", wire, "2024-05-02T10:00:00+07:00", "2026-11-01T03:00:00+00:00")
    crawl(tmp_path, [later])
    original = record("baomot", "goc", wire, "2024-05-02T07:00:00+07:00", "2026-11-02T03:00:00+00:00")
    undated = record("baoba", "khong-ngay", wire, None, "2026-11-02T03:00:01+00:00")
    third = record("baobon", "ban-sao", copy_of(wire, "byline"), "2024-05-02T12:00:00+07:00",
                   "2026-11-03T03:00:00+00:00")
    crawl(tmp_path, [original, undated, third])  # another cron run: the cluster is on disk
    stored = by_url(tmp_path)
    assert {stored[r["url"]]["cluster"] for r in (later, original, undated, third)} == {later["id"]}
    assert stored[later["url"]]["copy_of"] is None  # written before the older copy was known
    assert stored[original["url"]]["copy_of"] is None  # it is the earliest now
    assert stored[undated["url"]]["copy_of"] == original["id"]  # no date: never taken as the first
    assert stored[third["url"]]["copy_of"] == original["id"]


def test_a_new_version_stays_in_its_cluster(tmp_path: Path) -> None:
    wire = story(40)
    first, copy = record("baomot", "goc", wire), record("baohai", "ban-sao", wire, "2024-05-02T09:00:00+07:00")
    changed = copy_of(wire, "cut_last")
    update = record("baohai", "ban-sao", changed, "2024-05-02T09:00:00+07:00")
    crawl(tmp_path, [first, copy, update])
    versions = [r for r in lines(tmp_path) if r["url"] == copy["url"]]
    assert [(r["version"], r["cluster"], r["copy_of"]) for r in versions] == [
        (1, first["id"], first["id"]), (2, first["id"], first["id"])]


KILL_AFTER_FSYNC = """
import json, os, sys
sys.path.insert(0, sys.argv[3])
from test_syndication_store import Crawl
items = json.loads(open(sys.argv[1], encoding="utf-8").read())
run = Crawl(sys.argv[2])
run.store.state.configure("none", batch_records=1000, batch_seconds=3600)
for item in items:
    run(item)
run.store.state.writer.flush()  # the batch's lines are fsynced ...
os._exit(0)                      # ... and the process dies before the index commit
"""


def test_kill_between_file_write_and_commit_keeps_the_clusters(tmp_path: Path) -> None:
    wire = story(50)
    items = [record("baomot", "goc", wire), record("baohai", "ban-sao", copy_of(wire, "new_lead"))]
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps(items), "utf-8")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-c", KILL_AFTER_FSYNC, str(batch), str(out), str(Path(__file__).parent)],
                   check=True, timeout=120)
    written = by_url(out)
    assert written[items[1]["url"]]["cluster"] == items[0]["id"]  # the lines say it; the index never heard
    third = record("baoba", "ban-sao", copy_of(wire, "cut_last"), "2024-05-03T08:00:00+07:00")
    run = Crawl(out)  # restart: reconcile re-indexes the tail, clusters included
    results = [run(items[0]), run(third)]
    assert run.close()["vnnews/store/reindexed"] == 2
    assert results[0] is None  # stored before the kill: a duplicate now, not stored twice
    assert by_url(out)[third["url"]]["cluster"] == items[0]["id"]
    state = open_state(out)
    try:
        assert state.conn.execute("SELECT count(*), sum(size) FROM syn_cluster").fetchone() == (1, 3)
        assert state.clusters.counts() == (1, 1)
    finally:
        state.close()


def test_copies_are_counted_per_outlet(tmp_path: Path) -> None:
    wire = story(60)
    stats = Crawl(tmp_path)
    for item in (record("baomot", "goc", wire), record("baohai", "a", wire), record("baohai", "b", story(61))):
        stats(item)
    counts = stats.close()
    assert counts.get("vnnews/baohai/copies") == 1 and "vnnews/baomot/copies" not in counts


def test_upgrade_skips_a_garbled_line_in_an_old_file(tmp_path: Path) -> None:
    wire = story(70)
    old = record("baomot", "goc", wire)
    path = tmp_path / "corpus" / "baomot" / "2024" / "2024-05.jsonl"
    path.parent.mkdir(parents=True)
    v1 = {k: v for k, v in old.items() if k not in ("copy_of", "cluster")} | {"schema_version": 1}
    path.write_text('{"id": "0123456789abcdef", "tit\n' + json.dumps(v1, ensure_ascii=False) + "\n", "utf-8")
    (tmp_path / "state").mkdir()
    conn = sqlite3.connect(tmp_path / "state" / "store.sqlite")  # the old layout, the file checkpointed whole
    conn.executescript(OLD_SCHEMA)
    conn.execute("INSERT INTO checkpoint VALUES (?, ?)", ("baomot/2024/2024-05.jsonl", path.stat().st_size))
    conn.commit()
    conn.close()
    results = crawl(tmp_path, [record("baohai", "ban-sao", wire, "2024-05-02T09:00:00+07:00")])
    assert results[0] is not None
    assert by_url(tmp_path)[results[0]["url"]]["copy_of"] == old["id"]  # the v1 line was indexed

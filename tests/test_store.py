"""The corpus store: layout, whole-record appends, torn-tail repair, dedup and versions, frontier."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import pytest
import zstandard

from scraper.record import content_hash, record_id
from scraper.store import codecs
from scraper.store.paths import LayoutError, record_relpath
from scraper.store.state import open_state

SUFFIX = {"none": ".jsonl", "gzip": ".jsonl.gz", "zstd": ".jsonl.zst"}


def article(n: int, month: str | None = "2024-03", body: str | None = None, url: str | None = None) -> dict:
    """A small record with the fields the store reads (Vietnamese text written for the test)."""
    url = url or f"https://baomau.vn/tin-tuc/bai-{n}.html"
    title = f"Xã Tân Lập khánh thành cầu dân sinh số {n}"
    body = body if body is not None else f"Chiều qua, bà con xã Tân Lập đã đi qua cây cầu mới lần thứ {n}."
    return {
        "id": record_id(url), "url": url, "fetched_url": url, "site": "baomau", "title": title,
        "sapo": None, "body": body, "authors": ["Minh Châu"], "related": [],
        "published_at": f"{month}-05T08:30:00+07:00" if month else None, "modified_at": None,
        "content_hash": content_hash(title, None, body), "version": 1, "previous_content_hash": None,
    }


def read_records(path: Path) -> list[dict]:
    """Every line of a corpus file, via the standard library's own readers."""
    if path.name.endswith(".gz"):
        data = gzip.open(path).read()
    elif path.name.endswith(".zst"):
        with open(path, "rb") as f:
            data = zstandard.ZstdDecompressor().stream_reader(f, read_across_frames=True).read()
    else:
        data = path.read_bytes()
    assert data.endswith(b"\n")
    return [json.loads(line) for line in data.splitlines()]


def stored(out: Path, records: list[dict], compression: str = "none", batch: int = 2) -> None:
    state = open_state(out)
    state.configure(compression, batch_records=batch, batch_seconds=3600)
    for record in records:
        assert state.seen.judge(record).kind == "new"
        state.store(record)
    state.close()


# -- layout ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("site", "published_at", "compression", "expected"),
    [
        ("baoquangninh", "2024-03-01T00:30:00+07:00", "none", "baoquangninh/2024/2024-03.jsonl"),
        ("baolaocai", "2023-12-31T23:59:00+07:00", "gzip", "baolaocai/2023/2023-12.jsonl.gz"),
        ("bao_can_tho", None, "zstd", "bao_can_tho/undated.jsonl.zst"),
    ],
)
def test_record_path_from_site_key_and_vietnam_month(site, published_at, compression, expected):
    assert record_relpath(site, published_at, compression) == expected


@pytest.mark.parametrize(
    ("site", "published_at"),
    [("../etc", None), ("BaoQN", None), ("bao qn", None), ("baomau", "../../2024-03"), ("baomau", "2024-13-01T00:00:00+07:00")],
)
def test_paths_refuse_anything_but_keys_and_dates(site, published_at):
    with pytest.raises(LayoutError):
        record_relpath(site, published_at, "none")


# -- writes and repair -------------------------------------------------------------------------


@pytest.mark.parametrize("compression", ["none", "gzip", "zstd"])
def test_records_land_in_month_files_whole(tmp_path, compression):
    records = [article(1, "2024-03"), article(2, "2024-04"), article(3, "2024-03"), article(4, None), article(5, "2024-03")]
    stored(tmp_path, records, compression)
    sfx = SUFFIX[compression]
    march = read_records(tmp_path / "corpus/baomau/2024" / f"2024-03{sfx}")
    assert [r["url"] for r in march] == [records[0]["url"], records[2]["url"], records[4]["url"]]
    assert [r["id"] for r in read_records(tmp_path / "corpus/baomau/2024" / f"2024-04{sfx}")] == [records[1]["id"]]
    assert [r["id"] for r in read_records(tmp_path / f"corpus/baomau/undated{sfx}")] == [records[3]["id"]]
    assert march[0]["title"] == "Xã Tân Lập khánh thành cầu dân sinh số 1"


def test_torn_plain_line_is_cut_and_counted_on_start(tmp_path):
    stored(tmp_path, [article(1), article(2), article(3)])
    path = tmp_path / "corpus/baomau/2024/2024-03.jsonl"
    good = path.read_bytes()
    path.write_bytes(good + b'{"id":"0123456789abcdef","url":"https://baomau.vn/tin-tuc/bai-9')
    state = open_state(tmp_path)
    assert state.repair.torn == 1
    assert state.repair.files_cut == ["baomau/2024/2024-03.jsonl"]
    state.close()
    assert path.read_bytes() == good
    assert [r["url"] for r in read_records(path)] == [article(n)["url"] for n in (1, 2, 3)]


@pytest.mark.parametrize("compression", ["gzip", "zstd"])
def test_torn_compressed_tail_is_cut_at_last_whole_unit(tmp_path, compression):
    stored(tmp_path, [article(n) for n in range(1, 6)], compression)
    path = tmp_path / f"corpus/baomau/2024/2024-03{SUFFIX[compression]}"
    good = path.read_bytes()
    half = codecs.encode(compression, b'{"a":1}\n' * 200)
    path.write_bytes(good + half[: len(half) // 2])
    state = open_state(tmp_path)
    assert state.repair.torn == 1
    state.close()
    assert path.read_bytes() == good
    assert len(read_records(path)) == 5


def test_garbled_tail_after_checkpoint_is_cut(tmp_path):
    """Zeros where a crash left unwritten blocks: whole by length, but not JSON."""
    stored(tmp_path, [article(1), article(2)])
    path = tmp_path / "corpus/baomau/2024/2024-03.jsonl"
    good = path.read_bytes()
    path.write_bytes(good + b"\x00" * 40 + b"\n")
    state = open_state(tmp_path)
    assert state.repair.torn == 1
    state.close()
    assert path.read_bytes() == good


KILL_AFTER_FSYNC = """
import json, os, sys
from scraper.store.state import open_state
records = json.load(open(sys.argv[1], encoding="utf-8"))
state = open_state(sys.argv[2])
state.configure("none", batch_records=1000, batch_seconds=3600)
for record in records:
    state.frontier.plan("baomau", record["url"], {})
state.commit()
for record in records:
    state.store(record)
state.writer.flush()  # files fsynced ...
os._exit(0)           # ... and the process dies before the index commit
"""


def run_and_die(tmp_path: Path, script: str) -> None:
    batch = tmp_path / "batch.json"
    batch.write_text(json.dumps([article(n) for n in (1, 2, 3)]), encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run([sys.executable, "-c", script, str(batch), str(out)], check=True, timeout=60)


def test_kill_between_fsync_and_commit_reindexes_the_tail(tmp_path):
    run_and_die(tmp_path, KILL_AFTER_FSYNC)
    state = open_state(tmp_path / "out")
    try:
        assert state.repair.reindexed == 3
        assert state.repair.torn == 0
        assert state.seen.judge(article(2)).kind == "duplicate"
        assert state.frontier.is_done(article(3)["url"])
        assert list(state.frontier.pending("baomau")) == []
    finally:
        state.close()
    assert len(read_records(tmp_path / "out/corpus/baomau/2024/2024-03.jsonl")) == 3


def test_kill_before_fsync_leaves_work_pending_not_lost(tmp_path):
    run_and_die(tmp_path, KILL_AFTER_FSYNC.replace("state.writer.flush()", "pass"))
    state = open_state(tmp_path / "out")
    try:
        assert not (tmp_path / "out/corpus/baomau/2024/2024-03.jsonl").exists()
        assert [u for u, _ in state.frontier.pending("baomau")] == [article(n)["url"] for n in (1, 2, 3)]
        assert state.seen.judge(article(1)).kind == "new"
    finally:
        state.close()


# -- dedup and versions ------------------------------------------------------------------------


def test_dedup_by_url_and_by_content_across_runs(tmp_path):
    stored(tmp_path, [article(1), article(2)])
    state = open_state(tmp_path)
    try:
        again = state.seen.judge(article(1))
        assert (again.kind, again.duplicate_of) == ("duplicate", article(1)["url"])
        mirror = article(1, url="https://m.baomau.vn/tin-tuc/bai-1.html")
        moved = state.seen.judge(mirror)
        assert (moved.kind, moved.duplicate_of) == ("duplicate", article(1)["url"])
        assert state.seen.judge(article(3)).kind == "new"
        assert state.seen.has_url(article(2)["url"]) and not state.seen.has_url(article(3)["url"])
        assert state.seen.has_content(article(2)["content_hash"])
    finally:
        state.close()


def test_changed_article_becomes_next_version(tmp_path):
    first = article(1)
    stored(tmp_path, [first])
    edited = article(1, body="Chiều qua, bà con xã Tân Lập đã đi qua cây cầu mới (bài đã cập nhật).")
    state = open_state(tmp_path)
    verdict = state.seen.judge(edited)
    assert (verdict.kind, verdict.version, verdict.previous_content_hash) == ("version", 2, first["content_hash"])
    edited.update(version=2, previous_content_hash=first["content_hash"])
    state.store(edited)
    touched = dict(edited, modified_at="2024-03-06T10:00:00+07:00")
    assert (state.seen.judge(touched).kind, state.seen.judge(touched).version) == ("version", 3)
    state.close()
    lines = read_records(tmp_path / "corpus/baomau/2024/2024-03.jsonl")
    assert [(r["version"], r["previous_content_hash"]) for r in lines] == [(1, None), (2, first["content_hash"])]
    state = open_state(tmp_path)
    assert state.seen.judge(edited).kind == "duplicate"
    state.close()


# -- frontier ----------------------------------------------------------------------------------


def test_frontier_pending_is_planned_minus_done_and_survives_reopen(tmp_path):
    state = open_state(tmp_path)
    urls = [f"https://baomau.vn/tin-tuc/bai-{n}.html" for n in range(1200)]
    for url in urls:
        state.frontier.plan("baomau", url, {"hints": {"sitemap": "2024-03-05"}})
    state.frontier.plan("baokhac", "https://baokhac.vn/a.html", {})
    for url in urls[::3]:
        state.frontier.done(url, "stored")
    state.close()
    state = open_state(tmp_path)
    try:
        pending = list(state.frontier.pending("baomau"))
        assert [u for u, _ in pending] == [u for i, u in enumerate(urls) if i % 3]
        assert pending[0][1] == {"hints": {"sitemap": "2024-03-05"}}
        assert state.frontier.is_done(urls[0]) and not state.frontier.is_done(urls[1])
        assert not state.frontier.is_done("https://baomau.vn/never-planned.html")
    finally:
        state.close()


def test_replanning_with_new_lastmod_reopens_a_done_url(tmp_path):
    state = open_state(tmp_path)
    try:
        url = "https://baomau.vn/tin-tuc/bai-1.html"
        state.frontier.plan("baomau", url, {"lastmod": "2024-03-05"})
        state.frontier.done(url, "stored")
        state.frontier.plan("baomau", url, {"lastmod": "2024-03-05"})
        assert state.frontier.is_done(url)
        state.frontier.plan("baomau", url, {"lastmod": "2024-03-09"})
        assert not state.frontier.is_done(url)
        assert [u for u, _ in state.frontier.pending("baomau")] == [url]
    finally:
        state.close()


def test_a_url_first_found_without_lastmod_is_not_reopened_by_one(tmp_path):
    """Found on a listing (no lastmod), stored, then named by the sitemap: nothing changed."""
    state = open_state(tmp_path)
    try:
        url = "https://baomau.vn/tin-tuc/bai-2.html"
        state.frontier.plan("baomau", url, {"hints": {"listing": "05/03/2024"}})
        state.frontier.done(url, "stored")
        state.frontier.plan("baomau", url, {"lastmod": "2024-03-05"})
        assert state.frontier.is_done(url)
        state.frontier.plan("baomau", url, {})  # a listing again: the known lastmod is kept
        state.frontier.plan("baomau", url, {"lastmod": "2024-03-07"})
        assert not state.frontier.is_done(url)
    finally:
        state.close()


# -- a failed write (disk full) -------------------------------------------------------------------


def test_failed_write_freezes_the_state_and_the_next_start_reconciles(tmp_path, monkeypatch):
    import errno
    import os as os_module

    from scraper.store import writer as writer_module
    from scraper.store.state import StoreFailed

    state = open_state(tmp_path)
    state.configure("none", batch_records=100, batch_seconds=3600)
    march, april = article(1, "2024-03"), article(2, "2024-04")
    for record in (march, april):
        state.frontier.plan("baomau", record["url"], {})
    state.commit()
    state.store(march)
    state.store(april)
    real_fsync = os_module.fsync

    def april_file_is_full(fd):
        if os_module.readlink(f"/proc/self/fd/{fd}").endswith("2024-04.jsonl"):
            raise OSError(errno.ENOSPC, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(writer_module.os, "fsync", april_file_is_full)
    with pytest.raises(StoreFailed, match="No space left"):
        state.commit()
    monkeypatch.setattr(writer_module.os, "fsync", real_fsync)
    with pytest.raises(StoreFailed):
        state.store(article(3))
    state.close()
    assert (tmp_path / "corpus/baomau/2024/2024-04.jsonl").read_bytes() == b""  # cut back, not half-written
    state = open_state(tmp_path)
    try:
        assert state.repair.reindexed == 1  # March reached the disk before the failure
        assert state.seen.judge(march).kind == "duplicate"
        assert state.seen.judge(april).kind == "new"
        assert [u for u, _ in state.frontier.pending("baomau")] == [april["url"]]
    finally:
        state.close()

"""The distributed store's rules, step by step, on a real redis-server: claims, leases, reaping,
settling a crashed worker's tail, the frontier's planning rules and the politeness budget."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from redis_server import redis_server  # noqa: F401 - the fixture
from scraper.distributed.budget import Budget, Limits
from scraper.distributed.frontier import RedisFrontier
from scraper.distributed.keys import Keys
from scraper.distributed.leases import Membership, Reaped, enqueue
from scraper.distributed.link import RedisLink
from scraper.distributed.scripts import Scripts
from scraper.distributed.seen import RedisSeenIndex
from scraper.distributed.settle import Settler
from scraper.record import record_id
from scraper.store import codecs, db


@pytest.fixture
def corpus(redis_server):  # noqa: F811
    link = RedisLink(redis_server.url)
    link.check()
    return link, Keys("testcorpus"), Scripts.on(link.client)


def member(corpus, worker_id: str, timeout: float = 30.0) -> Membership:
    link, keys, scripts = corpus
    m = Membership(link, keys, scripts, worker_id, timeout)
    m.register()
    return m


def record(url: str, text: str = "Nội dung bài viết", site: str = "baolaocai", **extra) -> dict:
    return {"id": record_id(url), "url": url, "fetched_url": url, "site": site,
            "content_hash": f"h-{text}", "modified_at": None, "version": 1, **extra}


def test_two_workers_judging_one_article_at_once_store_it_once(corpus):
    a, b = member(corpus, "a"), member(corpus, "b")
    seen_a = RedisSeenIndex(*corpus, a.token)
    seen_b = RedisSeenIndex(*corpus, b.token)
    first = record("https://baolaocai.vn/tin-1.html")
    assert seen_a.judge(first).kind == "new"
    assert seen_b.judge(first).kind == "duplicate"  # claimed by a, not yet confirmed
    same_text = record("https://baolaocai.vn/tin-1-amp.html")  # the same article under another URL
    assert seen_b.judge(same_text).kind == "duplicate"
    other_outlet = record("https://baoyenbai.vn/tin-9.html", site="baoyenbai")  # a copy is stored
    assert seen_b.judge(other_outlet).kind == "new"
    seen_a.remember(first)
    assert seen_a.confirm("a", [])
    assert seen_b.judge(first).kind == "duplicate" and seen_b.has_url(first["url"])
    changed = record(first["url"], text="Nội dung đã sửa")
    verdict = seen_b.judge(changed)
    assert (verdict.kind, verdict.version, verdict.previous_content_hash) == ("version", 2, first["content_hash"])


def test_a_dead_workers_leases_and_claims_come_back(corpus):
    link, keys, scripts = corpus
    for n in range(3):
        assert enqueue(link, keys, scripts, "baolaocai", f"fp{n}", -10, f"request {n}".encode(), False)
    assert not enqueue(link, keys, scripts, "baolaocai", "fp1", -10, b"request 1 again", False)
    dead = member(corpus, "dead", timeout=1.0)
    lease, data = dead.pop("baolaocai")
    assert data == b"request 0" and link.client.zcard(keys.queue("baolaocai")) == 2
    claim = record("https://baolaocai.vn/tin-2.html")
    assert RedisSeenIndex(*corpus, dead.token).judge(claim).kind == "new"
    alive = member(corpus, "alive", timeout=1.0)
    assert alive.reap() == (0, 0)  # not connected for a whole timeout yet
    time.sleep(1.2)
    alive.beat()
    alive.link.up_since -= 5
    assert alive.reap() == (1, 1)
    assert link.client.zcard(keys.queue("baolaocai")) == 3
    assert RedisSeenIndex(*corpus, alive.token).judge(claim).kind == "new"  # the claim was let go
    with pytest.raises(Reaped):
        dead.beat()
    with pytest.raises(Reaped):
        dead.pop("baolaocai")


def test_a_retry_hands_its_lease_over_and_a_stray_lease_is_swept(corpus):
    link, keys, scripts = corpus
    enqueue(link, keys, scripts, "s", "fp", 0, b"page", False)
    w = member(corpus, "w")
    lease, _ = w.pop("s")
    assert w.push("s", "fp", 0, b"page, retried", True, handing_over=lease)  # dont_filter: a retry
    assert link.client.hlen(keys.leases(w.token)) == 0
    lease2, data = w.pop("s")
    assert data == b"page, retried"
    w.held.discard(lease2)  # as if the reply to this pop had been lost and the pop retried
    assert w.sweep() == 1 and link.client.zcard(keys.queue("s")) == 1


def test_confirm_acknowledges_leases_and_marks_stored_after_the_fsync_only(corpus):
    link, keys, scripts = corpus
    frontier = RedisFrontier(*corpus)
    url = "https://baolaocai.vn/tin-3.html"
    frontier.plan("baolaocai", url, {"hints": {"sitemap": "2024-03-01"}})
    enqueue(link, keys, scripts, "baolaocai", "fp3", 0, b"r", False)
    w = member(corpus, "w")
    lease, _ = w.pop("baolaocai")
    seen = RedisSeenIndex(*corpus, w.token)
    seen.judge(record(url))
    seen.remember(record(url))
    frontier.done(url, "stored")  # the store's own call: left to the confirm
    assert RedisFrontier(*corpus).outcome(url) is None
    assert [u for u, _ in frontier.pending("baolaocai")] == [url]
    w.finish(lease)
    assert seen.confirm("w", w.take_acks())
    assert RedisFrontier(*corpus).outcome(url) == "stored"
    assert list(frontier.pending("baolaocai")) == [] and link.client.hlen(keys.leases(w.token)) == 0


def test_planning_reopens_a_finished_url_only_for_a_new_lastmod(corpus):
    frontier = RedisFrontier(*corpus)
    url = "https://baolaocai.vn/tin-4.html"
    frontier.plan("baolaocai", url, {"lastmod": "2024-03-01"})
    frontier.done(url, "duplicate")
    fresh = RedisFrontier(*corpus)
    fresh.plan("baolaocai", url, {})  # found in a listing: no lastmod, stays finished
    assert fresh.is_done(url)
    fresh.plan("baolaocai", url, {"lastmod": "2024-03-01"})
    assert RedisFrontier(*corpus).is_done(url)
    fresh.plan("baolaocai", url, {"lastmod": "2024-04-02"})  # the sitemap says it changed
    assert not RedisFrontier(*corpus).is_done(url)


def write_shard(out: Path, rel: str, records: list[dict]) -> Path:
    path = out / "corpus" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "ab") as f:
        f.write(codecs.encode("none", b"".join(json.dumps(r).encode() + b"\n" for r in records)))
    return path


def test_a_restarted_worker_keeps_its_unconfirmed_lines_unless_another_stored_them(corpus, tmp_path):
    """Killed between the fsync and the confirm: lines past the checkpoint. Kept when the claim is
    still its own; cut when, meanwhile, another worker stored that article."""
    link, keys, scripts = corpus
    out = tmp_path / "out"
    old = member(corpus, "w")
    mine, taken = record("https://baolaocai.vn/tin-5.html", "năm"), record("https://baolaocai.vn/tin-6.html", "sáu")
    confirmed = record("https://baolaocai.vn/tin-7.html", "bảy")
    seen = RedisSeenIndex(*corpus, old.token)
    for r in (mine, taken, confirmed):
        assert seen.judge(r).kind == "new"
    seen.batch = []
    seen.remember(confirmed)
    assert seen.confirm("w", [])  # killed after the confirm of this one...
    path = write_shard(out, "baolaocai/2024/2024-03.w.jsonl", [confirmed, mine, taken])  # ...then an fsync
    link.client.hdel(keys.claims, *link.client.smembers(keys.claims_of(old.token)))  # reaped meanwhile,
    other = member(corpus, "other")
    other_seen = RedisSeenIndex(*corpus, other.token)
    assert other_seen.judge(taken).kind == "new"  # and another worker stored one of them
    other_seen.remember(taken)
    assert other_seen.confirm("other", [])
    conn = db.connect(tmp_path / "w.sqlite")
    new = member(corpus, "w")
    repair = Settler(link, keys, scripts, "w", new.token, old.token).settle(out, conn)
    kept = [json.loads(line)["url"] for line in codecs.whole_lines(path)]
    assert kept == [confirmed["url"], mine["url"]]
    assert (repair.reindexed, repair.torn) == (2, 1)
    assert RedisSeenIndex(*corpus, "someone").judge(mine).kind == "duplicate"
    assert db.checkpoints(conn) == {"baolaocai/2024/2024-03.w.jsonl": path.stat().st_size}


def test_the_budget_grants_its_slots_then_spaces_and_backs_off(corpus):
    budget = Budget(*corpus, Limits(slots=2, delay=0.0, timeout=5), "w")
    assert budget.try_acquire("127.0.0.1", "t1") == 0
    assert budget.try_acquire("127.0.0.1", "t2") == 0
    assert budget.try_acquire("127.0.0.1", "t3") > 0  # both slots taken
    assert budget.try_acquire("other.host", "t4") == 0  # per host
    budget.release("127.0.0.1", "t1")
    assert budget.try_acquire("127.0.0.1", "t3") == 0
    spaced = Budget(*corpus, Limits(slots=5, delay=0.3, timeout=5), "s")
    assert spaced.try_acquire("slow.host", "a") == 0
    wait = spaced.try_acquire("slow.host", "b")
    assert 0.2 < wait <= 0.3
    spaced.back_off("slow.host", 2.0)
    time.sleep(wait)
    assert 1.5 < spaced.try_acquire("slow.host", "b") <= 2.0


def test_the_jobs_figures_are_every_workers_figures_together(corpus, tmp_path):
    """Drift alarms judge the whole job: counts add up, the body-length median is the median of
    all records (from the merged histograms), samples and flags are kept; the partial manifests
    of planner and workers stay out of the history the alarms compare with."""
    from scraper.distributed.job import Jobs
    from scraper.health.history import load_manifests
    from scraper.store.manifest import write_manifest

    jobs = Jobs(*corpus)
    jobs.add_stats({"vnnews/demo/stored": 30, "vnnews/demo/health/records": 30, "vnnews/demo/window": 0,
                    "vnnews/demo/health/body_lengths": {10: 30}, "vnnews/demo/health/body_median": 105,
                    "vnnews/demo/health/sample/authors": "https://a/1", "start_time": "not ours"})
    jobs.add_stats({"vnnews/demo/stored": 20, "vnnews/demo/health/records": 20,
                    "vnnews/demo/health/body_lengths": {300: 20}, "vnnews/demo/health/body_median": 3005,
                    "vnnews/demo/health/sample/authors": "https://b/2"})
    stats = jobs.combined_stats()
    assert stats["vnnews/demo/stored"] == 50 and stats["vnnews/demo/health/records"] == 50
    assert stats["vnnews/demo/health/body_median"] == 105  # 30 of the 50 bodies are ~100 characters
    assert stats["vnnews/demo/health/sample/authors"] == "https://a/1" and "start_time" not in stats
    for run_id, role in (("1-planner", "planner"), ("2-worker", "worker"), ("3-job", "job"), ("4-single", None)):
        doc = {"run_id": run_id, "started_at": f"2026-01-0{run_id[0]}T00:00:00+00:00", "sites": {}}
        write_manifest(tmp_path, doc | ({"role": role} if role else {}))
    assert [d["run_id"] for d in load_manifests(tmp_path)] == ["3-job", "4-single"]

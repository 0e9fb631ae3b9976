"""Several workers on one real Redis against a 2,000-article site on 127.0.0.1: exactly the article set
one process stores, with workers killed, Redis restarted, and the politeness budget measured at
the server.

Every process is the real command line (``python -m scraper crawl … --redis`` to plan,
``python -m scraper worker`` to work), Redis is Debian's ``redis-server`` on a free port
(tests/redis_server.py). Random choices print their seed (VNNEWS_KILL_SEED replays one).
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

import pytest

from redis_server import RedisServer, redis_server  # noqa: F401 - the fixture
from scraper.demo.generate import DISALLOWED_PATH, build_site
from scraper.demo.server import DemoServer
from scraper.store.paths import corpus_files
from test_kill_resume import check_archive, corpus_lines

N_ARTICLES = 2000
QUICK = ["LOG_LEVEL=WARNING", "VNNEWS_BATCH_RECORDS=50", "VNNEWS_REDIS_HEARTBEAT=0.5", "VNNEWS_REDIS_TIMEOUT=3"]
NO_DELAY = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def vnnews(*args: str) -> list[str]:
    return [sys.executable, "-m", "scraper", *args]


def with_settings(cmd: list[str], settings: list[str]) -> list[str]:
    for setting in settings:
        cmd += ["--set", setting]
    return cmd


def plan(site, out: Path, url: str, settings: list[str], *window: str) -> subprocess.CompletedProcess:
    cmd = with_settings(vnnews("crawl", "demo", "--sites-file", str(site.sites_toml), "--out", str(out),
                               "--redis", url, *window), QUICK + settings)
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def worker(out: Path, url: str, worker_id: str | None = None, settings: tuple[str, ...] = ()) -> subprocess.Popen:
    cmd = with_settings(vnnews("worker", "--redis", url, "--out", str(out)), QUICK + list(settings))
    if worker_id:
        cmd += ["--id", worker_id]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def finish(procs: list[subprocess.Popen], timeout: float = 240) -> list[str]:
    errors = []
    for proc in procs:
        _, err = proc.communicate(timeout=timeout)
        assert proc.returncode == 0, err[-3000:]
        errors.append(err)
    return errors


def stored_set(out: Path) -> tuple[set[tuple[str, str]], list[dict]]:
    records = corpus_lines(out)
    ids = Counter(r["id"] for r in records)
    assert [i for i, n in ids.items() if n > 1] == [], "an article stored twice"
    return {(r["id"], r["content_hash"]) for r in records}, records


def shard_of(path: Path) -> str:
    return path.name.split(".")[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    with DemoServer(root) as server:
        info = build_site(root, server.base_url, family="f2", n_articles=N_ARTICLES, seed=14, start=date(2022, 1, 1))
        yield info, server


@pytest.fixture(scope="module")
def reference(site, tmp_path_factory):
    """What one process stores: a plain single-process crawl of the whole site."""
    info, _ = site
    out = tmp_path_factory.mktemp("reference")
    cmd = with_settings(vnnews("crawl", "demo", "--sites-file", str(info.sites_toml), "--out", str(out),
                               "--no-archive"), NO_DELAY + ["LOG_LEVEL=WARNING"])
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    expected, _ = stored_set(out)
    assert len(expected) == N_ARTICLES
    return expected


def test_three_workers_store_exactly_what_one_process_stores(site, reference, redis_server, tmp_path):  # noqa: F811
    info, server = site
    foreign = redis_server.client()
    foreign.set("someone-else:config", "keep me")  # another program's keys in the same database
    foreign.hset("vnnews-other", "x", "1")
    out = tmp_path / "corpus"
    plan(info, out, redis_server.url, NO_DELAY)
    server.reset()
    errors = finish([worker(out, redis_server.url) for _ in range(3)])
    stored, records = stored_set(out)
    assert stored == reference
    files = corpus_files(out)
    shards = {shard_of(p) for p in files}
    assert len(shards) == 3, f"each worker writes its own files: {sorted(shards)}"
    assert all(p.name.count(".") >= 2 for p in files), "only shard files, no shared month file"
    assert check_archive(out, records) >= 3  # each worker's WARC files; every record's pointer resolves
    assert not [p for p in server.paths() if p.startswith(DISALLOWED_PATH)], "robots.txt obeyed by every worker"
    assert sum("job complete (all workers)" in e for e in errors) == 1  # the last one out
    job = [json.loads(p.read_text()) for p in (out / "state/runs").glob("*-job.json")]
    assert len(job) == 1 and job[0]["role"] == "job" and job[0]["sites"]["demo"]["stored"] == N_ARTICLES
    stats = subprocess.run(vnnews("stats", "--out", str(out)), capture_output=True, text=True, timeout=60)
    assert f"total: {N_ARTICLES} records" in stats.stdout
    assert foreign.get("someone-else:config") == b"keep me" and foreign.hget("vnnews-other", "x") == b"1"
    corpus = (out / "state/redis-corpus").read_text().strip()
    ours = [k.decode() for k in foreign.scan_iter()]
    assert all(k.startswith(f"vnnews:{corpus}:") for k in ours if k not in ("someone-else:config", "vnnews-other"))
    again = subprocess.run(with_settings(vnnews("crawl", "demo", "--sites-file", str(info.sites_toml), "--out",
                                                str(out), "--redis", redis_server.url), QUICK + NO_DELAY),
                           capture_output=True, text=True, timeout=180)
    assert again.returncode == 0 and "0 article requests queued" in again.stderr  # finished work stays finished


@pytest.mark.slow
def test_a_worker_killed_again_and_again_loses_nothing_and_stores_nothing_twice(site, reference, redis_server,  # noqa: F811
                                                                                tmp_path):
    info, _ = site
    seed = int(os.environ.get("VNNEWS_KILL_SEED", random.randrange(1 << 30)))
    print(f"kill seed {seed}")
    rng = random.Random(seed)
    out = tmp_path / "corpus"
    small_batches = ("VNNEWS_BATCH_RECORDS=7", "VNNEWS_BATCH_SECONDS=0.5")
    plan(info, out, redis_server.url, NO_DELAY)
    steady = worker(out, redis_server.url, "steady", small_batches)
    kills = 0
    for _ in range(5):
        victim = worker(out, redis_server.url, "victim", small_batches)
        before = sum(p.stat().st_size for p in corpus_files(out) if shard_of(p) == "victim")
        deadline = time.monotonic() + 20
        while victim.poll() is None and time.monotonic() < deadline:  # until it has stored a batch
            if sum(p.stat().st_size for p in corpus_files(out) if shard_of(p) == "victim") > before:
                break
            time.sleep(0.02)
        time.sleep(rng.uniform(0, 0.6))
        if victim.poll() is not None:
            break  # the job is done already
        os.kill(victim.pid, signal.SIGKILL)
        victim.wait(timeout=30)
        kills += 1
        if rng.random() < 0.5:  # now and then it stays dead long enough for the other to reap it
            time.sleep(3.5)
    assert kills >= 3, f"only {kills} kills landed mid-run (seed {seed})"
    errors = finish([worker(out, redis_server.url, "victim", small_batches), steady])
    stored, records = stored_set(out)
    assert stored == reference, f"seed {seed}"
    check_archive(out, records)  # the victim's torn WARC tails were cut when it came back
    log = (out / "state/logs/vnnews.victim.log").read_text("utf-8")
    print(f"{kills} kills; restarts that settled a tail: {log.count('written after the last checkpoint')} "
          f"(the last one: {'yes' if 'settled' in errors[0] else 'no'}), "
          f"that cut lines another worker had stored: {log.count('stored by another worker meanwhile')}; "
          f"leases handed back: {sum('handed back' in e for e in errors)} process(es) said so")


def test_redis_stopped_and_started_mid_run_completes_with_the_same_set(site, reference, tmp_path):
    info, _ = site
    server = RedisServer(tmp_path / "redis", appendonly=True).start()
    try:
        out = tmp_path / "corpus"
        plan(info, out, server.url, NO_DELAY)
        procs = [worker(out, server.url, f"w{n}") for n in (1, 2)]
        deadline = time.monotonic() + 60
        while sum(1 for _ in corpus_files(out)) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        server.stop()  # SIGKILL: what it acknowledged is in its append-only file
        time.sleep(3)
        server.start()
        errors = finish(procs)
    finally:
        server.stop()
    stored, _ = stored_set(out)
    assert stored == reference
    for err in errors:  # each worker said it once, and said when it resumed
        assert err.count("is unreachable") == 1 and err.count("is back after") == 1, err[-2000:]


def test_the_shared_politeness_budget_holds_at_the_server(site, redis_server, tmp_path):  # noqa: F811
    """3 workers on a slow host (50 ms an answer): never more than 2 requests in flight there, never
    two starts closer than the 0.15 s delay (less the jitter between a slot's grant and the bytes
    reaching the server), and a 429 with Retry-After holds every worker back."""
    info, server = site
    out = tmp_path / "corpus"
    last = max(a.published.date() for a in info.articles)
    since = last - timedelta(days=50)  # the newest ~60 articles: listings stop after a page or two
    polite = ["DOWNLOAD_DELAY=0.15", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "AUTOTHROTTLE_ENABLED=False"]
    plan(info, out, redis_server.url, polite, "--since", since.isoformat())
    articles = sorted(info.urls_between(since, None))
    throttled = info.path_of(articles[len(articles) // 2])
    server.reset()
    server.latency = 0.05
    server.fail(throttled, 429, retry_after="1")
    try:
        finish([worker(out, redis_server.url) for _ in range(3)])
    finally:
        server.latency = 0.0
    visits = sorted(server.visits, key=lambda v: v[1])
    assert len(visits) >= len(articles)
    assert server.max_in_flight <= 2
    gaps = [b[1] - a[1] for a, b in zip(visits, visits[1:])]
    print(f"{len(visits)} requests; smallest gap between starts {min(gaps) * 1000:.0f} ms (delay 150 ms)")
    assert min(gaps) >= 0.15 - 0.04
    refused = next(v for v in visits if v[0] == throttled)
    after = [v for v in visits if refused[1] < v[1]]
    assert after and after[0][1] - refused[2] >= 1.0 - 0.04, "a worker went on within the Retry-After"
    stored, _ = stored_set(out)
    assert {r for r, _ in stored} and len(stored) == len(articles)

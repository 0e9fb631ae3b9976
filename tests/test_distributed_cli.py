"""The distributed commands as a user meets them: one clear line when Redis cannot be used, the
corpus lock between Redis workers and a single-process crawl, `vnnews status`, and the readers
(stats, export) taking worker shards as any other corpus file."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from redis_server import free_port, redis_server  # noqa: F401 - the fixture
from scraper.demo.generate import build_site
from scraper.demo.server import DemoServer
from test_distributed_crawl import QUICK, finish, plan, vnnews, worker

N_ARTICLES = 20


@pytest.fixture(scope="module")
def small_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("small-site")
    with DemoServer(root) as server:
        yield build_site(root, server.base_url, family="f6", n_articles=N_ARTICLES, seed=3, start=date(2024, 5, 1))


@pytest.mark.parametrize("url", ["redis://127.0.0.1:{port}/0", "http://127.0.0.1:{port}/"])
@pytest.mark.parametrize("command", ["crawl", "worker", "status"])
def test_a_redis_that_cannot_be_used_is_one_line_and_exit_3(small_site, tmp_path, command, url):
    url = url.format(port=free_port())  # nothing listens there
    args = {"crawl": ["crawl", "demo", "--sites-file", str(small_site.sites_toml), "--out", str(tmp_path)],
            "worker": ["worker", "--out", str(tmp_path)], "status": ["status"]}[command]
    done = subprocess.run(vnnews(*args, "--redis", url), capture_output=True, text=True, timeout=60)
    assert done.returncode == 3
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"vnnews {command}: "), done.stderr
    assert ("cannot reach Redis at" in lines[0]) if url.startswith("redis") else ("not a Redis URL" in lines[0])
    assert not (tmp_path / "corpus").exists()


def test_status_and_readers_follow_a_distributed_crawl(small_site, redis_server, tmp_path):  # noqa: F811
    out = tmp_path / "corpus"
    plan(small_site, out, redis_server.url, ["DOWNLOAD_DELAY=0"])
    status = subprocess.run(vnnews("status", "--redis", redis_server.url), capture_output=True, text=True, timeout=60)
    corpus = (out / "state/redis-corpus").read_text().strip()
    assert status.returncode == 0, status.stderr
    assert f"corpus {corpus}: job " in status.stdout and "(demo): planned" in status.stdout
    assert f"queued: demo {N_ARTICLES + 2}" in status.stdout  # with the 2 robots.txt forbids: workers check
    assert "workers alive: 0" in status.stdout
    finish([worker(out, redis_server.url, "one"), worker(out, redis_server.url, "two")])
    status = subprocess.run(vnnews("status", "--redis", redis_server.url, "--out", str(out)),
                            capture_output=True, text=True, timeout=60)
    assert "(demo): complete" in status.stdout and "leases in flight: 0" in status.stdout
    pace = status.stdout.split("stored per minute (last 5, oldest first): ")[1].splitlines()[0]
    assert sum(int(n) for n in pace.split(", ")) == N_ARTICLES
    assert f"seen-index: {N_ARTICLES} articles" in status.stdout
    exported = tmp_path / "all.jsonl"
    done = subprocess.run(vnnews("export", "--out", str(out), "-o", str(exported)), capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    ids = [json.loads(line)["id"] for line in exported.read_text("utf-8").splitlines()]
    assert len(ids) == len(set(ids)) == N_ARTICLES
    nothing = subprocess.run(vnnews("worker", "--redis", redis_server.url, "--out", str(out)),
                             capture_output=True, text=True, timeout=60)
    assert nothing.returncode == 0 and "nothing to do" in nothing.stderr


def hold_lock(out: Path, shared: bool) -> subprocess.Popen:
    """Another process holding the corpus lock, as a worker (shared) or a single-process crawl."""
    code = ("import sys, time; from pathlib import Path; from scraper.store import lock; "
            f"lock.{'acquire_shared' if shared else 'acquire'}(Path(sys.argv[1])); print('held', flush=True); "
            "time.sleep(60)")
    proc = subprocess.Popen([sys.executable, "-c", code, str(out)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "held"
    return proc


def test_workers_and_a_single_process_crawl_never_share_a_corpus(small_site, redis_server, tmp_path):  # noqa: F811
    out = tmp_path / "corpus"
    workers = hold_lock(out, shared=True)
    try:
        single = subprocess.run(vnnews("crawl", "demo", "--sites-file", str(small_site.sites_toml), "--out", str(out)),
                                capture_output=True, text=True, timeout=60)
        assert single.returncode == 5 and "being written by vnnews workers (Redis)" in single.stderr
        other_worker = hold_lock(out, shared=True)  # workers together: fine
        other_worker.kill()
        other_worker.wait()
    finally:
        workers.kill()
        workers.wait()
    plan(small_site, out, redis_server.url, ["DOWNLOAD_DELAY=0"])
    crawl = hold_lock(out, shared=False)
    try:
        refused = subprocess.run(vnnews("worker", "--redis", redis_server.url, "--out", str(out),
                                        *sum((["--set", s] for s in QUICK), [])),
                                 capture_output=True, text=True, timeout=60)
        assert refused.returncode == 5 and "is locked by another run (pid" in refused.stderr
    finally:
        crawl.kill()
        crawl.wait()
    started = time.monotonic()
    finish([worker(out, redis_server.url)])
    assert time.monotonic() - started < 60

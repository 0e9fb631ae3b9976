"""A real crawl killed with SIGKILL at random moments, restarted with the same command each time,
ends with exactly the corpus an uninterrupted crawl gives: every line whole, every id once.

The crawl runs as a subprocess (`python -m scraper crawl`) against a generated demo site served on
127.0.0.1; small batches (a few records or half a second) make kills land around batch boundaries.
The random seed is printed so a failing sequence can be replayed (VNNEWS_KILL_SEED).
"""

from __future__ import annotations

import gzip
import json
import os
import random
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from warcio.archiveiterator import ArchiveIterator

from scraper.archive.read import read_pointer
from scraper.archive.repair import warc_files
from scraper.demo.generate import build_site
from scraper.demo.server import DemoServer
from scraper.store import codecs
from scraper.store.paths import compression_of, corpus_files

N_ARTICLES = 150
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "VNNEWS_BATCH_RECORDS=7",
        "VNNEWS_BATCH_SECONDS=0.5", "LOG_LEVEL=WARNING", "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def crawl_command(sites_toml: Path, out: Path, compression: str) -> list[str]:
    cmd = [sys.executable, "-m", "scraper", "crawl", "demo", "--sites-file", str(sites_toml), "--out", str(out),
           "--compress", compression]
    for setting in FAST:
        cmd += ["--set", setting]
    return cmd


def corpus_lines(out: Path) -> list[dict]:
    """Every line of every corpus file, each of which must parse (the test's main promise)."""
    records = []
    for path in corpus_files(out):
        with open(path, "rb") as f:
            units = list(codecs.units(f, compression_of(path), check=False))
        assert all(unit.lines is not None for unit in units), f"torn unit left in {path}"
        assert units[-1].end == path.stat().st_size
        records += [json.loads(line) for unit in units for line in unit.lines]
    return records


def check_archive(out: Path, records: list[dict]) -> int:
    """Every WARC file reads to its end with warcio (a standard reader), every record's pointer
    gives a whole response record of the page it was extracted from. Returns the files' count."""
    files = warc_files(out)
    for path in files:
        with open(path, "rb") as f:
            types = [r.rec_type for r in ArchiveIterator(f)]  # raises on a torn or corrupt member
            assert f.tell() == path.stat().st_size, f"{path} has bytes after its last record"
        assert types[0] == "warcinfo" and types.count("response") == types.count("request"), path
    for record in records:
        capture = read_pointer(out, record["warc"])
        assert capture.url in (record["fetched_url"], record["url"]) and capture.status == 200
    return len(files)


def run_to_end(cmd: list[str]) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    with DemoServer(root) as server:
        info = build_site(root, server.base_url, family="f2", n_articles=N_ARTICLES, seed=7, start=date(2024, 1, 1))
        yield info


def wait_until_locked(out: Path, proc: subprocess.Popen, timeout: float = 60) -> float:
    """Seconds until ``proc`` holds the corpus lock (its start-up is over), or until it exits."""
    lock, started = out / "state" / "lock", time.monotonic()
    while time.monotonic() - started < timeout and proc.poll() is None:
        if lock.exists() and lock.read_text().strip() == str(proc.pid):
            break
        time.sleep(0.02)
    return time.monotonic() - started


def kill_after_first_batch(cmd: list[str], out: Path, timeout: float = 60) -> int:
    """Start a run and SIGKILL it as soon as a batch is on disk (1), or let it finish (0)."""
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    started = time.monotonic()
    while proc.poll() is None and time.monotonic() - started < timeout:
        if any(p.stat().st_size for p in corpus_files(out)):
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
            return 1
        time.sleep(0.02)
    proc.wait(timeout=30)
    return 0


@pytest.fixture(scope="module")
def reference(demo_site, tmp_path_factory):
    """The corpus of one uninterrupted crawl, as (id, content_hash) pairs, and its timing: start-up
    (until the lock is held), until the first batch is on disk, the rest (kills are spread over it)."""
    out = tmp_path_factory.mktemp("reference")
    cmd = crawl_command(demo_site.sites_toml, out, "none")
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    startup = wait_until_locked(out, proc)
    started = time.monotonic()
    while proc.poll() is None and not any(p.stat().st_size for p in corpus_files(out)):
        time.sleep(0.02)
    first_batch = time.monotonic() - started
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err[-3000:]
    work = time.monotonic() - started - first_batch
    print(f"reference crawl: start-up {startup:.1f} s, first batch after {first_batch:.1f} s, rest {work:.1f} s")
    records = corpus_lines(out)
    assert len(records) == len(demo_site.articles)
    return {(r["id"], r["content_hash"]) for r in records}, startup, first_batch, work


@pytest.mark.slow
@pytest.mark.parametrize(("compression", "kills"), [("none", 8), ("gzip", 3), ("zstd", 3)])
def test_sigkill_at_random_moments_then_resume_gives_the_uninterrupted_corpus(
    demo_site, reference, tmp_path, compression, kills
):
    expected, startup, first_batch, work = reference
    seed = int(os.environ.get("VNNEWS_KILL_SEED", random.randrange(1 << 30)))
    print(f"kill seed {seed}")
    rng = random.Random(seed)
    out = tmp_path / "corpus"
    cmd = crawl_command(demo_site.sites_toml, out, compression)
    killed = 0
    for _ in range(kills):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if rng.random() < 0.2:  # now and then during start-up (imports, reconcile, first requests)
            time.sleep(rng.uniform(0, startup))
        else:  # mostly while crawling, so each run gets a slice of the work done
            wait_until_locked(out, proc)
            time.sleep(rng.uniform(0.5, 1.0) * first_batch + rng.uniform(0, 1.6 * work / kills))
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        proc.wait(timeout=30)
    assert killed >= kills // 2, f"only {killed} runs were still crawling when killed (seed {seed})"
    if not corpus_files(out) or not corpus_lines(out):  # on a loaded machine every kill may land
        killed += kill_after_first_batch(cmd, out)  # before a batch: one more, once one is stored
    partial = len(corpus_lines(out))
    assert 0 < partial, f"no kill landed after the first stored batch (seed {seed})"
    torn_file = corpus_files(out)[-1]  # and a crash tore a line, as a power cut can
    whole = codecs.encode(compression, b'{"id":"0123456789abcdef","title":"Tin \xc4\x91ang vi\xe1\xba\xbft"}\n')
    with open(torn_file, "ab") as f:
        f.write(whole[: len(whole) - 5])
    torn_warc = warc_files(out)[-1]  # and the WARC file a kill left open gets a half member
    with open(torn_warc, "ab") as f:
        f.write(gzip.compress(b"WARC/1.0\r\nWARC-Type: response\r\n" + b"x" * 300)[:-20])
    final = run_to_end(cmd)
    manifest = json.loads(max((out / "state/runs").glob("*.json")).read_text("utf-8"))
    assert manifest["torn_lines_repaired"] >= 1
    assert manifest["warc_members_repaired"] >= 1 and "torn WARC member" in final.stderr
    assert "torn line(s)" in final.stderr
    log = (out / "state/logs/vnnews.log").read_text("utf-8")
    print(f"{killed} kills; restarts that re-indexed an unconfirmed tail: {log.count('re-indexed')};"
          f" torn tails cut: {log.count('left by a crash')}")
    records = corpus_lines(out)
    ids = [r["id"] for r in records]
    assert len(ids) == len(set(ids)), f"ids stored twice (seed {seed})"
    assert {(r["id"], r["content_hash"]) for r in records} == expected, f"seed {seed}"
    assert "exit 0" in final.stderr
    print(f"archive: {check_archive(out, records)} WARC files, every pointer resolves")
    again = run_to_end(cmd)  # a finished job stays finished: nothing new, nothing twice
    assert "0 stored" in again.stderr
    assert len(corpus_lines(out)) == len(records)

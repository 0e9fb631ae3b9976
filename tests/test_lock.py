"""Two crawls at once on one corpus: exactly one writes; the other stops at once with exit 5."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

from scraper import exitcodes
from scraper.demo.generate import build_site
from scraper.demo.server import DemoServer
from scraper.store.paths import corpus_files

SLOW = ["DOWNLOAD_DELAY=0.3", "AUTOTHROTTLE_ENABLED=False", "LOG_LEVEL=WARNING"]


def crawl_command(sites_toml: Path, out: Path) -> list[str]:
    cmd = [sys.executable, "-m", "scraper", "crawl", "demo", "--sites-file", str(sites_toml), "--out", str(out)]
    for setting in SLOW:
        cmd += ["--set", setting]
    return cmd


def wait_for_lock_holder(out: Path, proc: subprocess.Popen) -> None:
    lock = out / "state" / "lock"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if lock.exists() and lock.read_text().strip() == str(proc.pid):
            return
        assert proc.poll() is None, "the first crawl ended before taking the lock"
        time.sleep(0.05)
    raise AssertionError("the first crawl never took the lock")


def stored_urls(out: Path) -> list[str]:
    return [json.loads(line)["url"] for p in corpus_files(out) for line in p.read_bytes().splitlines()]


def test_second_crawl_exits_5_and_only_the_first_writes(tmp_path):
    root, out = tmp_path / "site", tmp_path / "out"
    with DemoServer(root) as server:
        info = build_site(root, server.base_url, family="f2", n_articles=30, seed=5, start=date(2024, 5, 1))
        first = subprocess.Popen(crawl_command(info.sites_toml, out), stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, text=True)
        wait_for_lock_holder(out, first)
        second = subprocess.Popen(crawl_command(info.sites_toml, out), stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)
        scrapy_way = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "site=demo", "-s", f"VNNEWS_OUT={out}",
             "-s", f"VNNEWS_SITES_FILES={info.sites_toml}", "-s", "LOG_LEVEL=INFO"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        _, second_err = second.communicate(timeout=60)
        _, scrapy_err = scrapy_way.communicate(timeout=60)
        assert first.poll() is None, "the first crawl must still be running for this test to mean anything"
        _, first_err = first.communicate(timeout=120)
    assert second.returncode == exitcodes.LOCKED
    assert second_err == f"vnnews crawl: corpus {out} is locked by another run (pid {first.pid}); nothing done\n"
    assert "Spider closed (locked)" in scrapy_err
    assert first.returncode == exitcodes.OK, first_err[-2000:]
    urls = stored_urls(out)
    assert sorted(urls) == sorted(a.url for a in info.articles)  # one writer, each article once
    manifests = list((out / "state" / "runs").glob("*.json"))
    assert len(manifests) == 1
    assert json.loads(manifests[0].read_text())["sites"]["demo"]["stored"] == len(info.articles)

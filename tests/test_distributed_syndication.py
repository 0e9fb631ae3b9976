"""Syndicated copies stored by several workers at once still land in one cluster, and the same text
under two URLs of one outlet is still stored once (tests/test_crawl_syndication.py's outlets)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from redis_server import redis_server  # noqa: F401 - the fixture
from test_crawl_syndication import Outlets, one_per_cluster, outlets, stored  # noqa: F401 - the fixture
from test_distributed_crawl import QUICK, finish, vnnews, with_settings, worker


def test_two_workers_link_every_copy_like_one_process(outlets: Outlets, redis_server, tmp_path: Path):  # noqa: F811
    out = tmp_path / "corpus"
    cmd = with_settings(vnnews("crawl", "baomot", "baohai", "--sites-file", str(outlets.mot.sites_toml),
                               "--sites-file", str(outlets.hai.sites_toml), "--out", str(out), "--redis",
                               redis_server.url), QUICK + ["DOWNLOAD_DELAY=0", "VNNEWS_BATCH_RECORDS=2"])
    planned = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert planned.returncode == 0, planned.stderr[-2000:]
    slow = ("CONCURRENT_REQUESTS=1",)  # one request at a time each, on slow hosts: both workers get copies
    outlets.mot_server.latency = outlets.hai_server.latency = 0.2
    try:
        finish([worker(out, redis_server.url, "one", slow), worker(out, redis_server.url, "two", slow)])
    finally:
        outlets.mot_server.latency = outlets.hai_server.latency = 0.0
    records = stored(out)
    assert len(records) == len(outlets.mot.articles) + len(outlets.hai.articles)
    assert {p.name.split(".")[1] for p in (out / "corpus").rglob("*.jsonl")} == {"one", "two"}
    for how, first, copy in outlets.copies:
        assert records[first]["cluster"] == records[copy]["cluster"], how
        pointers = {records[first]["copy_of"], records[copy]["copy_of"]}
        assert pointers in ({None, records[first]["id"]}, {None}), how
    for url in outlets.own_stories + [a.url for a in outlets.mot.articles[len(outlets.copies):]]:
        assert records[url]["cluster"] == records[url]["id"], url
    assert one_per_cluster(out) == {a.url for a in outlets.mot.articles} | set(outlets.own_stories)

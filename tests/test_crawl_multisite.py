"""`vnnews crawl A B`: two sites in one process share one corpus, lock and store state."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

from scraper.demo.generate import build_site
from scraper.demo.server import DemoServer
from scraper.record import validation_errors

ROOT = Path(__file__).resolve().parent.parent


def test_two_sites_in_one_run_each_get_their_own_articles(tmp_path: Path) -> None:
    with DemoServer() as a, DemoServer() as b:
        a.root, b.root = tmp_path / "a", tmp_path / "b"
        first = build_site(a.root, a.base_url, family="f2", n_articles=12, start=date(2024, 1, 1))
        second = build_site(b.root, b.base_url, family="f3", n_articles=8, start=date(2024, 3, 1))
        renamed = tmp_path / "second.toml"
        renamed.write_text(second.sites_toml.read_text("utf-8").replace("[sites.demo]", "[sites.demo2]"), "utf-8")
        out = tmp_path / "out"
        done = subprocess.run(
            [sys.executable, "-m", "scraper", "crawl", "demo", "demo2", "--sites-file", str(first.sites_toml),
             "--sites-file", str(renamed), "--out", str(out), "--set", "DOWNLOAD_DELAY=0",
             "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "LOG_LEVEL=WARNING"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    stored: dict[str, set[str]] = {"demo": set(), "demo2": set()}
    for path in (out / "corpus").rglob("*.jsonl"):
        for line in path.read_text("utf-8").splitlines():
            record = json.loads(line)
            assert validation_errors(record) == []
            assert path.relative_to(out / "corpus").parts[0] == record["site"]
            stored[record["site"]].add(record["url"])
    assert stored["demo"] == {x.url for x in first.articles}
    assert stored["demo2"] == {x.url for x in second.articles}
    manifests = list((out / "state" / "runs").glob("*.json"))
    assert len(manifests) == 1
    sites = json.loads(manifests[0].read_text("utf-8"))["sites"]
    assert sites["demo"]["stored"] == 12 and sites["demo2"]["stored"] == 8

"""Cron health with the real ``vnnews crawl`` against generated sites on 127.0.0.1.

- feed/sitemap entries in a URL shape no rule knows are all stored, and the manifest counts them;
- a site whose template changes between two runs: the second run exits 4 and its alarm names
  the site and the fields that fell; the first run raised nothing;
- a steady site over several runs raises nothing; the same site with no new article where its
  pace predicts dozens raises the new-articles alarm;
- a site nobody answers for is one ``unreachable`` line in the summary;
- ``vnnews stats --health`` and the report's "Site health" section show the alarms.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from scraper import exitcodes
from scraper.demo.generate import SiteInfo, build_site
from scraper.demo.server import DemoServer

START = date(2024, 1, 1)
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "VNNEWS_BATCH_SECONDS=0.5", "RETRY_TIMES=0",
        "CONCURRENT_REQUESTS_PER_DOMAIN=8"]


def vnnews(*args: str, cwd: Path | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scraper", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=cwd)


def crawl(info: SiteInfo, out: Path, *extra: str) -> tuple[subprocess.CompletedProcess, dict]:
    args = ["crawl", info.key, "--sites-file", str(info.sites_toml), "--out", str(out), *extra]
    for setting in FAST:
        args += ["--set", setting]
    done = vnnews(*args)
    runs = sorted((out / "state" / "runs").glob("*.json"))
    assert runs, done.stderr[-3000:]
    return done, json.loads(runs[-1].read_text("utf-8"))


def stored_urls(out: Path) -> set[str]:
    return {json.loads(line)["url"] for p in (out / "corpus").rglob("*.jsonl") for line in p.read_text("utf-8").splitlines()}


def test_sitemap_entries_in_an_unknown_url_shape_are_all_stored_and_counted(tmp_path: Path) -> None:
    """Articles at /<section>/<slug>.html: no id, a shape neither f6 nor the generic rules know."""
    with DemoServer(tmp_path / "site") as server:
        info = build_site(server.root, server.base_url, family="f6", n_articles=24, start=START,
                          channels=("sitemap",), path_style=lambda section, slug, _id: f"/{section}/{slug}.html")
        done, doc = crawl(info, tmp_path / "out")
    assert done.returncode == 0, done.stderr[-3000:]
    assert stored_urls(tmp_path / "out") == {a.url for a in info.articles}
    missed = doc["sites"]["demo"]["health"]["pattern_missed"]
    listed = len(info.articles) + len(info.disallowed)  # the sitemap lists the robots-blocked ones too
    assert (missed["count"], missed["of"]) == (listed, listed)
    assert len(missed["samples"]) == 5 and set(missed["samples"]) <= {a.url for a in info.articles + info.disallowed}
    assert f"    {listed} of {listed} feed/sitemap entries have no known article URL shape" in done.stderr


def retemplate(page: Path, author: str) -> None:
    """The outlet's new template: class names renamed, the byline moved out of the body into an
    unlabelled header span, the sapo in a class no rule knows."""
    html = page.read_text("utf-8")
    for old, new in (('id="content-detail"', 'id="noi-dung"'), ('class="content-article"', 'class="bai-viet"'),
                     ('<h1 class="name">', '<h1 class="tieu-de">'), ('class="sapo"', 'class="mo-dau"'),
                     ('class="post-date"', 'class="ngay-dang"'),
                     (f'<p style="text-align: right;"><strong>{author}</strong></p>', ""),
                     ('<div class="tools">', f'<div class="meta"><span class="ten">{author}</span></div><div class="tools">')):
        assert old in html
        html = html.replace(old, new)
    page.write_text(html, "utf-8")


@pytest.fixture(scope="module")
def drifted(tmp_path_factory: pytest.TempPathFactory):
    """Two incremental runs of one site; the 30 articles published in between use a new template."""
    tmp = tmp_path_factory.mktemp("drift")
    out = tmp / "out"
    with DemoServer(tmp / "site") as server:
        first_site = build_site(server.root, server.base_url, family="f6", n_articles=30, start=START, spacing_hours=12)
        first, first_doc = crawl(first_site, out, "--incremental")
        grown = build_site(server.root, server.base_url, family="f6", n_articles=60, start=START, spacing_hours=12)
        for article in grown.articles[30:]:
            retemplate(server.root / grown.path_of(article.url).lstrip("/"), article.author)
        second, second_doc = crawl(grown, out, "--incremental")
    return out, grown, (first, first_doc), (second, second_doc)


def test_first_run_raises_no_alarm(drifted) -> None:
    _, _, (first, doc), _ = drifted
    assert first.returncode == exitcodes.OK, first.stderr[-3000:]
    assert doc["alarms"] == [] and "ALARM" not in first.stderr
    health = doc["sites"]["demo"]["health"]
    assert (health["records"], health["authors"], health["sapo"], health["page_date"]) == (30, 1.0, 1.0, 1.0)


def test_template_change_exits_4_and_names_the_fields_that_fell(drifted) -> None:
    out, grown, _, (second, doc) = drifted
    assert second.returncode == exitcodes.PARTIAL, second.stderr[-3000:]
    assert doc["exit_code"] == exitcodes.PARTIAL
    fell = {a["figure"]: a for a in doc["alarms"]}
    assert set(fell) == {"authors", "sapo"}  # the date and the body survive the change here
    authors = fell["authors"]
    assert (authors["site"], authors["before"], authors["after"], authors["runs"]) == ("demo", 1.0, 0.0, 1)
    assert authors["sample"] in {a.url for a in grown.articles[30:]}
    line = f"demo: records with authors fell from 100% to 0% (usual of the last 1 run); e.g. {authors['sample']}"
    assert authors["message"] == line
    assert f"  ALARM {line}" in second.stderr.splitlines()  # the summary
    log = (out / "state" / "logs" / "vnnews.log").read_text("utf-8")
    assert f"drift alarm: {line}" in log


def test_stats_health_and_report_show_the_alarms(drifted, tmp_path: Path) -> None:
    out, _, _, (_, doc) = drifted
    shown = vnnews("stats", "--health", "--out", str(out))
    assert shown.returncode == exitcodes.PARTIAL, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0].split() == ["site", "run", "stored", "page", "date", "authors", "sapo", "related",
                                "body", "median", "not", "article", "new"]
    assert lines[1].split()[:6] == ["demo", "last", "30", "100%", "0%", "0%"]
    assert lines[2].split()[:5] == ["usual", "30", "100%", "100%", "100%"]
    assert [line for line in lines if "ALARM" in line] == [f"  ALARM {a['message']}" for a in doc["alarms"]]
    as_json = json.loads(vnnews("stats", "--health", "--json", "--out", str(out)).stdout)
    assert as_json["demo"]["last"]["authors"] == 0.0 and as_json["demo"]["usual"]["authors"] == 1.0
    assert as_json["demo"]["alarms"] == doc["alarms"]

    page = tmp_path / "report.html"
    assert vnnews("report", "--out", str(out), "-o", str(page)).returncode == 0
    html = page.read_text("utf-8")
    section = html[html.index("<h2>Site health</h2>"):]
    assert '<tr class="failed"><td>demo</td><td>last</td><td>30</td><td>100%</td><td>0%</td><td>0%</td>' in section
    from html import escape
    for alarm in doc["alarms"]:
        assert f"<li>{escape(alarm['message'])}</li>" in section


def test_steady_site_raises_nothing_until_its_feed_freezes(tmp_path: Path) -> None:
    """Three nightly runs of a site that publishes 25 articles between runs: no alarm. Then a
    run finds nothing new where the site's pace (25 a day) predicts 25: alarm, exit 4."""
    out = tmp_path / "out"
    with DemoServer(tmp_path / "site") as server:
        for run, n in enumerate((30, 55, 80)):
            info = build_site(server.root, server.base_url, family="f2", n_articles=n, start=START, spacing_hours=6)
            done, doc = crawl(info, out, "--incremental")
            assert done.returncode == exitcodes.OK, done.stderr[-3000:]
            assert doc["alarms"] == [] and doc["sites"]["demo"]["health"]["new_articles"] == 25 + 5 * (run == 0)
        # the three runs were nights apart (their start times moved back: the pace needs days)
        now = datetime.now().astimezone()
        for days, path in zip((3, 2, 1), sorted((out / "state" / "runs").glob("*.json"))):
            manifest = json.loads(path.read_text("utf-8"))
            manifest["started_at"] = (now - timedelta(days=days)).isoformat()
            path.write_text(json.dumps(manifest), "utf-8")
        frozen, doc = crawl(info, out, "--incremental")
    assert frozen.returncode == exitcodes.PARTIAL, frozen.stderr[-3000:]
    assert [(a["figure"], round(a["before"]), a["after"], a["sample"]) for a in doc["alarms"]] == [
        ("new_articles", 25, 0, info.base_url + "/")]
    assert "  ALARM demo: new articles found fell from 25 to 0 (usual of the last 2 runs); e.g. " in frozen.stderr


def test_a_site_that_refuses_every_connection_is_one_unreachable_line(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nothing listens on: every connection is refused at once
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    toml = tmp_path / "down.toml"
    toml.write_text(f"""[sites.baodong]
outlet = "Báo Đóng Cửa (mô phỏng)"
domains = ["127.0.0.1:{port}"]
scheme = "http"
feeds = ["http://127.0.0.1:{port}/rss/home.rss", "http://127.0.0.1:{port}/rss/thoi-su.rss"]
sitemaps = ["http://127.0.0.1:{port}/sitemap.xml"]
""", "utf-8")
    info = SiteInfo("baodong", "f6", f"http://127.0.0.1:{port}", tmp_path, toml, (), ())
    done, doc = crawl(info, tmp_path / "out")
    assert done.returncode == exitcodes.PARTIAL
    requests = 4  # robots.txt, two feeds, the sitemap
    assert f"  baodong: unreachable: connection refused by 127.0.0.1:{port}, {requests} of {requests} requests" \
        in done.stderr.splitlines()
    assert "download_error" not in done.stderr
    assert doc["sites"]["baodong"]["health"]["failures"] == {"refused": {"count": requests, "host": f"127.0.0.1:{port}"}}

"""Two local outlets carrying the same stories, crawled with the real spiders and pipelines.

Outlet ``baomot`` publishes 12 stories of one topic; ``baohai`` carries 9 of them two hours later
(4 word for word, 1 in the other tone-mark style, 4 edited: a new lead, a byline, the last
paragraph cut, a new lead *and* the last paragraph cut) and 4 stories of its own on the same
topic (one a follow-up that reuses a background paragraph). Every article of every outlet must be
stored, in either crawl order; copies share a cluster; different stories do not.

The last test builds a corpus as an older vnnews left it (schema v1 lines, its database layout,
baohai's copies dropped as duplicates) and checks that the next crawl fetches them again.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np
import pytest

from scraper.dates.zone import PLUS7
from scraper.demo.generate import SiteInfo, build_site
from scraper.demo.server import DemoServer
from scraper.demo.stories import StoryWriter, edit
from scraper.record import validation_errors
from scraper.store.paths import record_relpath
from scraper.store.upgrade import stored_records

ROOT = Path(__file__).resolve().parent.parent
TOPIC = 3
EDITS = ["exact"] * 4 + ["tone_style", "new_lead", "byline", "cut_last", "new_lead+cut_last"]
FAST = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "LOG_LEVEL=WARNING"]


@dataclass(frozen=True)
class Outlets:
    mot: SiteInfo
    hai: SiteInfo
    mot_server: DemoServer
    hai_server: DemoServer

    @property
    def copies(self) -> list[tuple[str, str, str]]:
        """(edit, baomot URL, baohai URL) of each story both carry."""
        return [(how, self.mot.articles[i].url, self.hai.articles[i].url) for i, how in enumerate(EDITS)]

    @property
    def own_stories(self) -> list[str]:
        """baohai's articles that are not copies (same topic, different stories)."""
        return [a.url for a in self.hai.articles[len(EDITS):]]


@pytest.fixture(scope="module")
def outlets(tmp_path_factory: pytest.TempPathFactory):
    writer = StoryWriter(seed=5, topics=20)
    rng = np.random.default_rng(8)
    start = datetime(2024, 5, 1, 6, 0, tzinfo=PLUS7)
    originals = [(writer.story(rng, TOPIC), start + timedelta(hours=3 * i)) for i in range(12)]
    copies = [(edit(writer, story, how, rng, TOPIC), when + timedelta(hours=2))
              for (story, when), how in zip(originals, EDITS)]
    later = start + timedelta(days=3)
    own = [(writer.story(rng, TOPIC), later + timedelta(hours=i)) for i in range(3)]
    own.append((writer.follow_up(rng, TOPIC, originals[9][0]), later + timedelta(hours=5)))
    root = tmp_path_factory.mktemp("outlets")
    with DemoServer(root / "mot") as a, DemoServer(root / "hai") as b:
        mot = build_site(a.root, a.base_url, family="f2", key="baomot", outlet="Báo Một (mô phỏng)", province="Sơn Hà",
                         n_articles=len(originals), n_private=0, start=date(2024, 5, 1), texts=originals)
        hai = build_site(b.root, b.base_url, family="f6", key="baohai", outlet="Báo Hai (mô phỏng)", province="Thủy Lâm",
                         n_articles=len(copies) + len(own), n_private=0, start=date(2024, 5, 1), texts=copies + own)
        yield Outlets(mot, hai, a, b)


def crawl(outlets: Outlets, out: Path, *keys: str, incremental: bool = False) -> subprocess.CompletedProcess:
    cmd = [sys.executable, "-m", "scraper", "crawl", *keys, "--sites-file", str(outlets.mot.sites_toml),
           "--sites-file", str(outlets.hai.sites_toml), "--out", str(out)]
    cmd += ["--incremental"] if incremental else []
    for setting in FAST:
        cmd += ["--set", setting]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def vnnews(*argv: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "scraper", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def stored(out: Path) -> dict[str, dict]:
    records = {}
    for record in stored_records(out):
        assert validation_errors(record) == [], record["url"]
        assert record["url"] not in records, f"stored twice: {record['url']}"
        records[record["url"]] = record
    return records


def one_per_cluster(out: Path, *extra: str) -> set[str]:
    done = vnnews("export", "--out", str(out), "--one-per-cluster", "--fields", "url", *extra)
    return {json.loads(line)["url"] for line in done.stdout.splitlines()}


@pytest.mark.parametrize("order", [("baomot", "baohai"), ("baohai", "baomot")])
def test_both_outlets_keep_every_article_and_copies_share_a_cluster(outlets: Outlets, tmp_path: Path,
                                                                     order: tuple[str, str]) -> None:
    for key in order:  # two cron runs, one outlet each
        crawl(outlets, tmp_path, key)
    records = stored(tmp_path)
    assert {u for u, r in records.items() if r["site"] == "baomot"} == {a.url for a in outlets.mot.articles}
    assert {u for u, r in records.items() if r["site"] == "baohai"} == {a.url for a in outlets.hai.articles}
    for how, first, copy in outlets.copies:
        original, carried = records[first], records[copy]
        assert original["cluster"] == carried["cluster"], how
        if order[0] == "baomot":  # the original was stored first: the copy points to it
            assert (original["cluster"], original["copy_of"], carried["copy_of"]) == (original["id"], None,
                                                                                    original["id"]), how
        else:  # the copy was stored first; the older original, found later, is the earliest (null)
            assert (carried["cluster"], carried["copy_of"], original["copy_of"]) == (carried["id"], None, None), how
    for url in outlets.own_stories + [a.url for a in outlets.mot.articles[len(EDITS):]]:
        assert (records[url]["cluster"], records[url]["copy_of"]) == (records[url]["id"], None)
    # either way, one record per story is the earliest copy: baomot's
    stories = {a.url for a in outlets.mot.articles} | set(outlets.own_stories)
    assert one_per_cluster(tmp_path) == stories
    preferred = one_per_cluster(tmp_path, "--prefer-site", "baohai")
    assert preferred == {a.url for a in outlets.hai.articles} | {a.url for a in outlets.mot.articles[len(EDITS):]}
    figures = json.loads(vnnews("stats", "--out", str(tmp_path), "--json").stdout)["syndication"]
    assert (figures["stories"], figures["stories_with_copies"], figures["copies"]) == (16, 9, 9)


def test_one_run_of_both_outlets_links_every_copy(outlets: Outlets, tmp_path: Path) -> None:
    done = crawl(outlets, tmp_path, "baomot", "baohai")
    assert "baohai: " in done.stderr and "0 duplicates" in done.stderr
    records = stored(tmp_path)
    assert len(records) == len(outlets.mot.articles) + len(outlets.hai.articles)
    for how, first, copy in outlets.copies:
        assert records[first]["cluster"] == records[copy]["cluster"], how
        pointers = {records[first]["copy_of"], records[copy]["copy_of"]}
        assert pointers in ({None, records[first]["id"]}, {None}), how  # never the later copy as the first


# -- repairing a corpus written by the old rules ---------------------------------------------

# The store database as vnnews wrote it before schema v2 (layout 1, PRAGMA user_version 0).
OLD_SCHEMA = """
CREATE TABLE seen_url (url TEXT PRIMARY KEY, content_hash TEXT NOT NULL, modified_at TEXT, version INTEGER NOT NULL)
    WITHOUT ROWID;
CREATE TABLE seen_content (content_hash TEXT PRIMARY KEY, url TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE checkpoint (path TEXT PRIMARY KEY, size INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE frontier (url TEXT PRIMARY KEY, site TEXT, meta TEXT NOT NULL DEFAULT '{}', outcome TEXT);
CREATE INDEX frontier_pending ON frontier (site) WHERE outcome IS NULL;
"""


def as_v1(record: dict) -> dict:
    return {k: v for k, v in record.items() if k not in ("copy_of", "cluster")} | {"schema_version": 1}


def write_old_corpus(out: Path, kept: list[dict], frontier: list[tuple[str, str, str]]) -> None:
    """v1 lines of ``kept`` in their month files, and the old database saying so."""
    files: dict[str, list[str]] = {}
    for record in kept:
        files.setdefault(record_relpath(record["site"], record["published_at"], "none"), []).append(
            json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    for rel, lines in files.items():
        path = out / "corpus" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join(lines), "utf-8")
    (out / "state").mkdir(parents=True)
    conn = sqlite3.connect(out / "state" / "store.sqlite")
    conn.executescript(OLD_SCHEMA)
    conn.executemany("INSERT INTO seen_url VALUES (?, ?, NULL, 1)", [(r["url"], r["content_hash"]) for r in kept])
    conn.executemany("INSERT OR IGNORE INTO seen_content VALUES (?, ?)", [(r["content_hash"], r["url"]) for r in kept])
    conn.executemany("INSERT INTO checkpoint VALUES (?, ?)",
                     [(rel, (out / "corpus" / rel).stat().st_size) for rel in files])
    conn.executemany("INSERT INTO frontier (url, site, outcome) VALUES (?, ?, ?)", frontier)
    conn.commit()
    conn.close()


def article_requests(outlets: Outlets, *more: str) -> set[str]:
    """baohai's article URLs its server was asked for (discovery pages left out)."""
    articles = {a.url for a in outlets.hai.articles} | set(more)
    return {outlets.hai.base_url + p for p in outlets.hai_server.paths()} & articles


def test_a_corpus_crawled_by_the_old_rules_gets_its_dropped_copies_back(outlets: Outlets, tmp_path: Path) -> None:
    full = stored(crawl(outlets, tmp_path / "now", "baomot", "baohai") and tmp_path / "now")
    copy_urls = {copy for _, _, copy in outlets.copies}
    # baohai also has one of its own stories under a second URL (a same-outlet copy)
    own = outlets.own_stories[0]
    second = own.replace(".html", "-ban-in.html")
    page = outlets.hai.root / outlets.hai.path_of(own).lstrip("/")
    (outlets.hai.root / outlets.hai.path_of(second).lstrip("/")).write_text(
        page.read_text("utf-8").replace(own, second), "utf-8")
    # what the old rules left: every copy dropped as a duplicate of baomot's text, the second URL
    # dropped as a duplicate of the first, and one stored article re-crawled (its lastmod changed)
    recrawled = outlets.own_stories[1]
    kept = [as_v1(r) for u, r in full.items() if u not in copy_urls]
    frontier = [(r["url"], r["site"], "duplicate" if u == recrawled else "stored") for u, r in full.items()
                if u not in copy_urls]
    frontier += [(u, "baohai", "duplicate") for u in sorted(copy_urls)] + [(second, "baohai", "duplicate")]
    old = tmp_path / "old"
    write_old_corpus(old, kept, frontier)
    outlets.hai_server.reset()

    done = crawl(outlets, old, "baohai", incremental=True)
    assert article_requests(outlets, second) == copy_urls | {second}  # not the re-crawled one, not stored ones
    assert "re-opened" in (old / "state/logs/vnnews.log").read_text("utf-8")
    assert "stored" in done.stderr
    records = stored(old)
    assert second not in records  # a same-outlet copy: a duplicate still
    for how, first, copy in outlets.copies:  # back, linked to the v1 line of baomot's original
        assert (records[copy]["cluster"], records[copy]["copy_of"]) == (records[first]["id"],) * 2, how
        assert "cluster" not in records[first]  # the old line is not rewritten
    text = vnnews("stats", "--out", str(old)).stdout
    assert ("recovered: 9 copies that an older vnnews dropped as duplicates were fetched again and stored "
            "(1 were same-outlet duplicates after all, 0 are gone, 0 still to fetch)") in text
    figures = json.loads(vnnews("stats", "--out", str(old), "--json").stdout)["syndication"]
    assert figures["recovered"] == {"recovered": 9, "duplicate": 1, "dropped": 0, "pending": 0}

    outlets.hai_server.reset()
    crawl(outlets, old, "baohai", incremental=True)  # and never again
    assert article_requests(outlets, second) == set()

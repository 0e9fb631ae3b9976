"""The generated demo site and its server: deterministic, in family shapes, our own words."""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date, datetime
from pathlib import Path

import pytest

from scraper.demo import phrases
from scraper.demo.generate import DISALLOWED_PATH, build_site
from scraper.demo.server import DemoServer
from scraper.discovery.feed import parse_feed
from scraper.discovery.sitemap import parse_sitemap
from scraper.page import RawPage
from scraper.process import build_record
from scraper.registry import load_registry
from scraper.urls import rules_for

ROOT = Path(__file__).resolve().parent.parent
BASE = "http://127.0.0.1:8765"
TODAY = date(2026, 11, 29)


def build(tmp: Path, family: str = "f6", n: int = 12, **kw):
    return build_site(tmp / family, BASE, family=family, n_articles=n, start=date(2024, 1, 1), today=TODAY, **kw)


def read(info, url: str) -> bytes:
    return (info.root / info.path_of(url).lstrip("/")).read_bytes()


def test_same_seed_same_site_and_growth_keeps_old_articles(tmp_path: Path) -> None:
    small = build_site(tmp_path / "a", BASE, n_articles=10, start=date(2024, 1, 1), today=TODAY)
    again = build_site(tmp_path / "b", BASE, n_articles=10, start=date(2024, 1, 1), today=TODAY)
    grown = build_site(tmp_path / "c", BASE, n_articles=14, start=date(2024, 1, 1), today=TODAY)
    assert small.articles == again.articles
    assert grown.articles[:10] == small.articles
    assert all(read(small, a.url) == read(grown, a.url) for a in small.articles)
    assert [a.published for a in grown.articles] == sorted(a.published for a in grown.articles)
    other_seed = build_site(tmp_path / "d", BASE, n_articles=10, seed=2, start=date(2024, 1, 1), today=TODAY)
    assert {a.title for a in other_seed.articles} != {a.title for a in small.articles}


@pytest.mark.parametrize(("family", "shape"), [("f2", r"-post\d+\.html$"), ("f3", r"-a\d+\.html$"), ("f6", r"-\d{7}\.html$")])
def test_article_urls_follow_the_family_rules(tmp_path: Path, family: str, shape: str) -> None:
    info = build(tmp_path, family)
    rules = rules_for(None, load_registry().families[family])
    for article in info.articles + info.disallowed:
        assert re.search(shape, article.url) and rules.is_article(article.url)
    for nav in ("/", "/thoi-su/", "/thoi-su/trang-2.html", "/rss/home.rss", "/sitemap.xml"):
        assert not rules.is_article(BASE + nav)


def test_sitemaps_feed_and_robots(tmp_path: Path) -> None:
    info = build(tmp_path, "f2", n=30, spacing_hours=72)
    index = parse_sitemap((info.root / "sitemap.xml").read_bytes())
    assert index.kind == "index"
    assert [e.loc for e in index.entries] == [f"{BASE}/sitemaps/news-2024-{m}.xml.gz" for m in (1, 2, 3)]
    listed = {}
    for child in index.entries:
        body = (info.root / info.path_of(child.loc).lstrip("/")).read_bytes()
        assert body[:2] == b"\x1f\x8b"  # gzipped on disk, as SGGP serves them
        for entry in parse_sitemap(body).entries:
            listed[entry.loc] = entry.publication_date
    everything = info.articles + info.disallowed
    assert listed == {a.url: a.published.isoformat() for a in everything}

    feed = parse_feed((info.root / "rss/home.rss").read_bytes())
    newest = sorted(info.articles, key=lambda a: a.published, reverse=True)[:20]
    assert [i.link for i in feed] == [a.url for a in newest]
    assert feed[0].published == newest[0].published.strftime("%a, %d %b %Y %H:%M:%S +0700")

    robots = (info.root / "robots.txt").read_text()
    assert f"Disallow: {DISALLOWED_PATH}" in robots
    assert info.disallowed and all(info.path_of(a.url).startswith(DISALLOWED_PATH) for a in info.disallowed)


def test_pages_carry_the_chrome_real_pages_have(tmp_path: Path) -> None:
    info = build(tmp_path, "f6")
    article = info.articles[5]
    html = read(info, article.url).decode("utf-8")
    t = article.published
    assert "Chủ Nhật, 29/11/2026" in html  # the header clock: today, not the article's date
    assert f"{t:%d/%m/%Y | %H:%M:%S} [GMT +7]" in html
    for chrome in ("A A", "Liên kết website", "Ý kiến ()", "Tin liên quan"):
        assert chrome in html
    assert f"<strong>{article.author}</strong></p></div>" in html  # bare-name byline closes the text
    listing = (info.root / "thoi-su/index.html").read_text("utf-8")
    assert 'href="/thoi-su/trang-2.html"' in listing or len([a for a in info.articles if a.section == "thoi-su"]) <= 10


def test_sites_toml_points_the_registry_at_the_server(tmp_path: Path) -> None:
    info = build(tmp_path, "f3", old_base_url="http://127.0.0.1:8766")
    site = load_registry([info.sites_toml]).site("demo")
    assert site.domains == ("127.0.0.1:8765", "127.0.0.1:8766")
    assert site.family == "f3" and site.scheme == "http"
    assert site.sitemaps == (f"{BASE}/sitemap.xml",)
    assert site.feeds == ("http://127.0.0.1:8766/rss/home.rss",)
    assert {lst.url for lst in site.listings} == {f"{BASE}/{s}/" for s in phrases.SECTIONS}
    assert all(lst.pagination and "{page}" in lst.pagination for lst in site.listings)


def test_phrase_bank_shares_no_sentence_with_the_seed_article(real_pages: Path) -> None:
    """Our demo texts are our own: no run of 6 words from the real seed page appears in them."""
    seed = (real_pages.parent / "seed-article.txt").read_bytes().decode("utf-8").lower()
    seed_words = seed.split()
    seed_runs = {" ".join(seed_words[i:i + 6]) for i in range(len(seed_words) - 5)}
    bank = [s for name in dir(phrases) if name.isupper() for s in
            (getattr(phrases, name).values() if isinstance(getattr(phrases, name), dict) else getattr(phrases, name))]
    for text in bank:
        words = text.lower().split()
        runs = {" ".join(words[i:i + 6]) for i in range(len(words) - 5)}
        assert not runs & seed_runs, text


def test_server_counts_redirects_and_fails_on_request(tmp_path: Path) -> None:
    info = build(tmp_path, "f6", n=3)
    with DemoServer(info.root) as site, DemoServer(redirect_to=site.base_url) as old:
        site.fail("/robots.txt", 429, retry_after="7")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(site.base_url + "/robots.txt")
        assert refused.value.code == 429 and refused.value.headers["Retry-After"] == "7"
        with urllib.request.urlopen(site.base_url + "/robots.txt") as ok:
            assert ok.status == 200
        with urllib.request.urlopen(site.base_url + "/sitemaps/news-2024-1.xml.gz") as gz:
            assert gz.headers["Content-Type"] == "application/gzip"
        with urllib.request.urlopen(old.base_url + "/thoi-su/") as moved:  # 301 followed
            assert moved.url == site.base_url + "/thoi-su/"
        assert site.paths() == ["/robots.txt", "/robots.txt", "/sitemaps/news-2024-1.xml.gz", "/thoi-su/"]
        assert old.paths() == ["/thoi-su/"]


def test_server_entry_point_serves_a_folder(tmp_path: Path) -> None:
    info = build(tmp_path, "f2", n=2)
    proc = subprocess.Popen([sys.executable, "-m", "scraper.demo.server", str(info.root), "--port", "0"],
                            stdout=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()  # type: ignore[union-attr]
        match = re.search(r"on (http://127\.0\.0\.1:\d+) ", line)
        assert match, line
        with urllib.request.urlopen(match.group(1) + "/robots.txt", timeout=10) as robots:
            assert robots.read().decode().startswith("User-agent: *")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("family", ["f2", "f3", "f6"])
def test_generated_pages_extract_field_by_field(tmp_path: Path, family: str) -> None:
    """The demo's pages go through the crawl's own extract → normalise → validate."""
    info = build(tmp_path, family, n=4)
    registry = load_registry([info.sites_toml])
    for article in info.articles:
        page = RawPage(url=article.url, final_url=article.url, status=200,
                       html=read(info, article.url).decode("utf-8"), site="demo",
                       fetched_at=datetime(2026, 11, 29, 5, 0, tzinfo=article.published.tzinfo))
        record = build_record(page, registry)
        assert record["url"] == article.url
        assert record["title"] == article.title
        assert record["authors"] == [article.author]
        assert record["published_at"][:16] == article.published.isoformat()[:16]
        assert record["published_at"].endswith("+07:00")
        body = record["body"]
        assert not body.startswith(article.title) and article.author not in body
        assert "A A" not in body and "Ý kiến" not in body and "Tin liên quan" not in body


def test_vnnews_demo_command(tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = subprocess.run([sys.executable, "-m", "scraper", "demo", "--out", str(out), "--articles", "12"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-3000:]
    last = result.stdout.strip().splitlines()[-1]
    assert last == f"vnnews demo: corpus in {(out / 'corpus' / 'demo').resolve()} — 12 records (site 'demo', 12 articles on the mock site)"

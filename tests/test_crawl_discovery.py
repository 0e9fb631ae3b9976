"""The real ``news`` spider and pipelines against generated sites on 127.0.0.1.

Each crawl runs as a subprocess (a fresh Twisted reactor); the servers count every request, so
the tests assert exactly which pages were fetched: the articles of the date window and nothing
else, never a robots-disallowed path, never another site, and on an incremental re-run only
what was added in between.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from scraper.demo.generate import DISALLOWED_PATH, SiteInfo, build_site
from scraper.demo.phrases import SECTIONS
from scraper.demo.server import DemoServer

ROOT = Path(__file__).resolve().parent.parent
START = date(2024, 1, 1)
FAST = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO",
        "-s", "VNNEWS_RETRY_BACKOFF_BASE=0.2", "-s", "VNNEWS_BATCH_SECONDS=0.5"]


def crawl(info: SiteInfo, out: Path, *args: str, timeout: int = 90) -> subprocess.CompletedProcess:
    """``scrapy crawl news -a site=… -a k=v …`` from the repo root, the way cron would run it."""
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"site={info.key}",
           "-a", f"sites_file={info.sites_toml}", "-s", f"VNNEWS_OUT={out}", *FAST]
    for arg in args:
        cmd += ["-a", arg] if not arg.startswith("-s") else ["-s", arg[2:]]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=timeout)


def article_paths(server: DemoServer, info: SiteInfo) -> list[str]:
    """Requested paths that are article pages (listings, feeds, sitemaps, robots left out)."""
    known = {info.path_of(a.url) for a in info.articles + info.disallowed}
    return [p for p in server.paths() if p in known]


def stats_of(result: subprocess.CompletedProcess) -> str:
    return result.stderr[result.stderr.find("Dumping Scrapy stats"):]


def records(out: Path) -> list[dict]:
    lines = []
    for path in sorted((out / "corpus").rglob("*.jsonl")):
        lines += [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]
    return lines


@pytest.fixture
def servers():
    """The site, its retired domain (301s to the site) and an unrelated site on another port."""
    with DemoServer() as site, DemoServer(redirect_to=site.base_url) as old, DemoServer() as other:
        yield site, old, other


def make_site(tmp_path: Path, servers, family: str, n: int = 30, **kw) -> SiteInfo:
    site, old, other = servers
    site.root = tmp_path / "site"
    return build_site(site.root, site.base_url, family=family, n_articles=n, start=START, spacing_hours=60,
                      old_base_url=old.base_url, today=date(2026, 11, 29),
                      offsite_links=(f"{other.base_url}/thoi-su/tin-ngoai-post77777.html",
                                     f"{other.base_url}/thoi-su/tin-ngoai-a77777.html",
                                     f"{other.base_url}/thoi-su/tin-ngoai-7777777.html"), **kw)


def expected_listing_pages(info: SiteInfo, since: date) -> set[str]:
    """Listing pages a crawl with ``since`` must fetch: page on until a whole page is older than
    since; a blind step past the last page ends in a 404."""
    out = set()
    for section in SECTIONS:
        newest = sorted((a for a in info.articles if a.section == section), key=lambda a: a.published, reverse=True)
        pages = [newest[i:i + 10] for i in range(0, len(newest), 10)]
        for number in range(1, len(pages) + 2):
            out.add(f"/{section}/" if number == 1 else f"/{section}/trang-{number}.html")
            if number > len(pages) or all(a.published.date() < since for a in pages[number - 1]):
                break
    return out


@pytest.mark.parametrize(
    ("family", "channels"),
    [("f2", ("sitemap",)), ("f3", ("feed", "listing")), ("f6", ("sitemap", "feed", "listing"))],
)
def test_window_fetches_exactly_its_articles(tmp_path: Path, servers, family: str, channels) -> None:
    site, old, other = servers
    info = make_site(tmp_path, servers, family, n=40, channels=channels)
    since, until = date(2024, 2, 1), date(2024, 3, 10)
    result = crawl(info, tmp_path / "out", f"since={since}", f"until={until}")
    assert result.returncode == 0, result.stderr[-3000:]

    fetched = article_paths(site, info)
    assert sorted(fetched) == sorted(info.path_of(u) for u in info.urls_between(since, until))
    assert len(fetched) == len(set(fetched)), "an article was fetched twice"
    assert not [p for p in site.paths() if p.startswith(DISALLOWED_PATH)]
    assert other.paths() == []
    assert site.user_agents and all(ua.startswith("vnnews/") and "+http" in ua for ua in site.user_agents)
    # months wholly outside the window are never downloaded (a site that lists no sitemap in the
    # registry still names it in robots.txt, where the spider finds it)
    assert sorted(p for p in site.paths() if p.startswith("/sitemaps/")) == [
        "/sitemaps/news-2024-2.xml.gz", "/sitemaps/news-2024-3.xml.gz"]
    if "sitemap" not in channels:
        assert "'vnnews/sitemaps/from_robots': 1" in stats_of(result)
    if "feed" in channels:  # registered on the retired domain: followed to the new one
        assert old.paths() == ["/robots.txt", "/rss/home.rss"]
        assert "/rss/home.rss" in site.paths()
    if "listing" in channels:  # listings link to another site's articles: counted, never requested
        assert "'vnnews/offsite_skipped'" in stats_of(result)
        listing_pages = {p for p in site.paths() if p.rstrip("/").split("/")[1] in SECTIONS and
                         (p.endswith("/") or "/trang-" in p)}
        assert listing_pages == expected_listing_pages(info, since)

    stored = records(tmp_path / "out")  # field-by-field extraction checks: tests/test_demo.py
    assert {r["url"] for r in stored} == info.urls_between(since, until)
    by_url = {a.url: a for a in info.articles}
    for record in stored:
        article = by_url[record["url"]]
        assert record["title"] == article.title
        assert record["published_at"][:10] == article.published.date().isoformat()


@pytest.mark.parametrize(("family", "channels"), [("f6", ("sitemap", "feed", "listing")), ("f2", ("sitemap",))])
def test_incremental_rerun_fetches_only_new_articles(tmp_path: Path, servers, family: str, channels) -> None:
    site, _, _ = servers
    first = make_site(tmp_path, servers, family, n=24, channels=channels)
    result = crawl(first, tmp_path / "out", "incremental=1")
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(article_paths(site, first)) == sorted(first.path_of(a.url) for a in first.articles)

    grown = make_site(tmp_path, servers, family, n=31, channels=channels)  # seven articles published since
    site.reset()
    result = crawl(grown, tmp_path / "out", "incremental=1")
    assert result.returncode == 0, result.stderr[-3000:]
    new = {grown.path_of(a.url) for a in grown.articles[24:]}
    assert sorted(article_paths(site, grown)) == sorted(new)
    assert len(records(tmp_path / "out")) == 31
    # monthly sitemaps are read newest first and stop at the first one holding only known articles
    read = [p for p in site.paths() if p.startswith("/sitemaps/")]
    if channels == ("sitemap",):
        assert read == ["/sitemaps/news-2024-3.xml.gz", "/sitemaps/news-2024-2.xml.gz"]
    else:  # March alone when the feed and listings fetched March's new articles first
        assert read in (["/sitemaps/news-2024-3.xml.gz"],
                        ["/sitemaps/news-2024-3.xml.gz", "/sitemaps/news-2024-2.xml.gz"])
        # listings stop at the first page holding only known articles: never deeper than page 2
        assert not [p for p in site.paths() if "/trang-3.html" in p]


def test_max_pages_caps_article_fetches(tmp_path: Path, servers) -> None:
    site, _, _ = servers
    info = make_site(tmp_path, servers, "f2", n=20, channels=("sitemap",))
    result = crawl(info, tmp_path / "out", "max_pages=3")
    assert result.returncode == 0, result.stderr[-3000:]
    assert len(article_paths(site, info)) == 3


def test_429_with_retry_after_is_retried_after_waiting(tmp_path: Path, servers) -> None:
    site, _, _ = servers
    info = make_site(tmp_path, servers, "f3", n=3, channels=("feed",))  # the host stays slowed: few pages
    target = info.path_of(info.articles[-1].url)
    site.fail(target, 429, retry_after="1")
    site.fail("/rss/home.rss", 503)  # no Retry-After: exponential backoff
    result = crawl(info, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    assert site.counts()[target] == 2
    assert site.counts()["/rss/home.rss"] == 2
    assert "'vnnews/retry/backoff': 2" in stats_of(result)
    assert "'vnnews/retry/slowed_down'" in stats_of(result)
    assert info.articles[-1].url in {r["url"] for r in records(tmp_path / "out")}


def test_resume_fetches_what_a_killed_run_planned(tmp_path: Path, servers) -> None:
    """A run killed after planning three articles (one finished): the next run fetches the other
    two, though discovery itself finds nothing."""
    from scraper.store.state import open_state

    site, _, _ = servers
    info = make_site(tmp_path, servers, "f6", n=6, channels=(), robots_sitemap=False)
    (info.root / "trong.html").write_text("<html><body><p>Chưa có tin.</p></body></html>", "utf-8")
    with info.sites_toml.open("a", encoding="utf-8") as toml:  # a way in that finds nothing new
        toml.write(f'start_urls = ["{info.base_url}/trong.html"]\n')
    state = open_state(tmp_path / "out")
    for article in info.articles[:3]:
        state.frontier.plan("demo", article.url, {"hints": {"sitemap": article.published.isoformat()}})
    state.frontier.done(info.articles[0].url, "stored")
    state.commit()
    state.close()
    result = crawl(info, tmp_path / "out")
    assert result.returncode == 0, result.stderr[-3000:]
    assert sorted(article_paths(site, info)) == sorted(info.path_of(a.url) for a in info.articles[1:3])
    assert "'vnnews/resumed': 2" in stats_of(result)
    assert {r["url"] for r in records(tmp_path / "out")} == {a.url for a in info.articles[1:3]}


def test_resumed_articles_queued_before_robots_txt_arrives_are_all_checked(tmp_path: Path, servers) -> None:
    """A resumed run's first requests are the pending articles, all queued while robots.txt is
    still being fetched. Every one of them is checked: the pages robots.txt forbids, planned
    after others by a killed run that found them on a listing, are never fetched. (Scrapy's own
    middleware let the third and later queued requests through unchecked.)"""
    from scraper.store.state import open_state

    site, _, _ = servers
    info = make_site(tmp_path, servers, "f2", n=12, channels=(), robots_sitemap=False)
    assert len(info.disallowed) >= 2
    (info.root / "trong.html").write_text("<html><body><p>Chưa có tin.</p></body></html>", "utf-8")
    with info.sites_toml.open("a", encoding="utf-8") as toml:
        toml.write(f'start_urls = ["{info.base_url}/trong.html"]\n')
    state = open_state(tmp_path / "out")
    for article in [*info.articles[:4], *info.disallowed]:
        state.frontier.plan("demo", article.url, {})
    state.commit()
    state.close()
    result = crawl(info, tmp_path / "out", "-sCONCURRENT_REQUESTS_PER_DOMAIN=16")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not [p for p in site.paths() if p.startswith(DISALLOWED_PATH)]
    assert sorted(article_paths(site, info)) == sorted(info.path_of(a.url) for a in info.articles[:4])
    assert f"'robotstxt/forbidden': {len(info.disallowed)}" in stats_of(result)


def test_broken_tls_site_is_refused_without_opt_in(tmp_path: Path, servers) -> None:
    site, _, _ = servers
    info = make_site(tmp_path, servers, "f6", n=3)
    info.sites_toml.write_text(info.sites_toml.read_text("utf-8") + "tls_verify = false\n", "utf-8")
    result = crawl(info, tmp_path / "out")
    assert "has a broken TLS chain (tls_verify = false)" in result.stderr
    assert "finish_reason': 'config_error'" in stats_of(result)
    assert site.paths() == []
    opted_in = crawl(info, tmp_path / "out2", "-sVNNEWS_INSECURE_TLS_SITES=demo")
    assert "TLS certificates NOT verified" in opted_in.stderr
    assert len(article_paths(site, info)) == 3


def test_entry_without_entry_points_reads_the_home_page(tmp_path: Path, servers) -> None:
    site, _, _ = servers
    info = make_site(tmp_path, servers, "f2", n=12, channels=(), robots_sitemap=False)
    result = crawl(info, tmp_path / "out", "max_pages=4")
    assert "offers no sitemap, feed, listing or start URL: reading its home page" in result.stderr
    newest = sorted(info.articles, key=lambda a: a.published, reverse=True)[:4]
    assert sorted(article_paths(site, info)) == sorted(info.path_of(a.url) for a in newest)


def test_unknown_site_is_one_clear_line(tmp_path: Path, servers) -> None:
    info = make_site(tmp_path, servers, "f6", n=1)
    result = crawl(SiteInfo("nope", "f6", info.base_url, info.root, info.sites_toml, (), ()), tmp_path / "out")
    assert "news spider: unknown site 'nope'" in result.stderr
    assert "Traceback" not in result.stderr


def test_dated_sitemaps_are_expanded_over_the_window_only(tmp_path: Path, servers) -> None:
    """A registry entry with ``dated_sitemaps`` (SGGP-style ``news-{yyyy}-{m}.xml.gz``) and no index."""
    site, _, _ = servers
    info = make_site(tmp_path, servers, "f2", n=30, channels=(), robots_sitemap=False)
    template = f"{info.base_url}/sitemaps/news-{{yyyy}}-{{m}}.xml.gz"
    info.sites_toml.write_text(info.sites_toml.read_text("utf-8") + f'dated_sitemaps = ["{template}"]\n', "utf-8")
    since, until = date(2024, 2, 1), date(2024, 3, 10)
    result = crawl(info, tmp_path / "out", f"since={since}", f"until={until}")
    assert result.returncode == 0, result.stderr[-2000:]
    sitemap_paths = sorted(p for p in site.paths() if p.startswith("/sitemaps/"))
    assert sitemap_paths == ["/sitemaps/news-2024-2.xml.gz", "/sitemaps/news-2024-3.xml.gz"]
    fetched = article_paths(site, info)
    assert sorted(fetched) == sorted(info.path_of(u) for u in info.urls_between(since, until))


def test_changed_article_is_refetched_and_stored_as_a_new_version(tmp_path: Path, servers) -> None:
    """The sitemap's lastmod moves for one article whose text changed: the next incremental run
    fetches only that article and stores version 2 pointing at version 1."""
    import gzip
    import re

    site, _, _ = servers
    info = make_site(tmp_path, servers, "f2", n=8, channels=("sitemap",), robots_sitemap=False)
    out = tmp_path / "out"
    first = crawl(info, out)
    assert first.returncode == 0, first.stderr[-2000:]
    before = {r["url"]: r for r in records(out)}
    assert len(before) == 8

    changed = info.articles[3]
    page = site.root / info.path_of(changed.url).lstrip("/")
    html = page.read_text("utf-8")
    html, n = re.subn(r"(<p>)([^<]{20,})", r"\1Cập nhật: tin đã được bổ sung. \2", html, count=1)
    assert n == 1
    page.write_text(html, "utf-8")
    month = site.root / f"sitemaps/news-{changed.published.year}-{changed.published.month}.xml.gz"
    xml = gzip.decompress(month.read_bytes()).decode("utf-8")
    old = f"<loc>{changed.url}</loc><lastmod>{changed.published.isoformat()}</lastmod>"
    assert old in xml
    xml = xml.replace(old, f"<loc>{changed.url}</loc><lastmod>2026-11-28T09:00:00+07:00</lastmod>")
    month.write_bytes(gzip.compress(xml.encode("utf-8")))

    site.reset()
    second = crawl(info, out, "incremental=1")
    assert second.returncode == 0, second.stderr[-2000:]
    assert article_paths(site, info) == [info.path_of(changed.url)]
    versions = sorted((r for r in records(out) if r["url"] == changed.url), key=lambda r: r["version"])
    assert [r["version"] for r in versions] == [1, 2]
    assert versions[1]["previous_content_hash"] == versions[0]["content_hash"]
    assert versions[1]["content_hash"] != versions[0]["content_hash"]
    assert versions[1]["id"] == versions[0]["id"]
    assert versions[1]["modified_at"] == "2026-11-28T09:00:00+07:00"
    assert len(records(out)) == 9


def test_pages_dropped_for_an_earlier_window_are_fetched_by_a_wider_run(tmp_path: Path, servers) -> None:
    """A researcher crawls 2024-02 first, then the whole site: nothing is lost to the first window.

    The home page is the only way in (no sitemap, feed or listing dates to skip by), so the
    first run fetches articles and drops those outside its window by their published_at."""
    site, _, _ = servers
    import re

    info = make_site(tmp_path, servers, "f3", n=12, channels=(), robots_sitemap=False)
    home = site.root / "index.html"
    home.write_text(re.sub(r"<time[^>]*>[^<]*</time>", "", home.read_text("utf-8")), "utf-8")
    out = tmp_path / "out"
    since, until = info.articles[4].published.date(), info.articles[7].published.date()
    first = crawl(info, out, f"since={since}", f"until={until}")
    assert first.returncode == 0, first.stderr[-2000:]
    in_window = info.urls_between(since, until)
    assert 3 <= len(in_window) < len(info.articles)
    assert {r["url"] for r in records(out)} == in_window
    dropped = "'vnnews/dropped/outside_window': "
    assert dropped in stats_of(first)
    second = crawl(info, out)
    assert second.returncode == 0, second.stderr[-2000:]
    fetched_home = {r["url"] for r in records(out)}
    assert fetched_home == {a.url for a in info.articles if a.url in fetched_home}
    assert len(fetched_home) > len(in_window)
    assert fetched_home >= in_window

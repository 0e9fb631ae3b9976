"""`vnnews probe` against local sites whose registry entries are wrong in realistic ways.

Each site is served on 127.0.0.1; the probe runs as a user runs it (a subprocess), writes its
entry with --write; the entry must pass `vnnews sites --check` and then crawl the site
completely: the stored set is every public article of the site.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from scraper import exitcodes
from scraper.cli import main as vnnews_main
from scraper.demo.generate import build_site
from scraper.demo.server import DemoServer
from scraper.registry import load_registry

START = date(2024, 1, 1)
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"]


def vnnews(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scraper", *args], capture_output=True, text=True, timeout=120)


def wrong_entry(path: Path, base: str, **fields: object) -> Path:
    """A registry entry for key ``baothu`` as a maintainer wrote it from stale sources."""
    lines = ["[sites.baothu]", 'outlet = "Báo Thử (mô phỏng)"', 'province = "Sơn Hà"',
             f'domains = ["{base.split("://")[1]}"]', 'scheme = "http"', 'verified = "C: an old crawler config"']
    lines += [f"{name} = {json.dumps(value)}" for name, value in fields.items()]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def probe(target: str, tmp: Path, *extra: str) -> tuple[subprocess.CompletedProcess, Path]:
    fixed = tmp / "fixed.toml"
    done = vnnews("probe", target, "--write", str(fixed), *extra, *FAST)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    return done, fixed


def verdicts(out: str) -> list[tuple[str, str, str]]:
    """(status, item, rest of the line) of each verdict line."""
    found = re.findall(r"^  (works|BROKEN|FOUND|note)\s+(robots\.txt|home page|domain|feed|sitemap|dated sitemap|"
                       r"listing|article URLs|articles)\s+(.*)$", out, re.MULTILINE)
    return [(s, i, r.strip()) for s, i, r in found]


def passes_check(fixed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert vnnews_main(["sites", "--check", "--sites-file", str(fixed)]) == 0, capsys.readouterr().err
    capsys.readouterr()


def crawl_stores(key: str, fixed: Path, out: Path) -> tuple[set[str], dict]:
    done = vnnews("crawl", key, "--sites-file", str(fixed), "--out", str(out), *FAST)
    assert done.returncode == 0, done.stderr[-3000:]
    (manifest,) = (out / "state" / "runs").glob("*.json")
    stored = {json.loads(line)["url"] for p in (out / "corpus").rglob("*.jsonl") for line in p.read_text("utf-8").splitlines()}
    return stored, json.loads(manifest.read_text("utf-8"))


def test_dead_feed_beside_a_working_one(tmp_path: Path, capsys) -> None:
    with DemoServer(tmp_path / "site") as server:
        info = build_site(server.root, server.base_url, family="f2", n_articles=30, start=START)
        base = server.base_url
        entry = wrong_entry(tmp_path / "wrong.toml", base, family="f2",
                            feeds=[f"{base}/rss/khong-con.rss", f"{base}/rss/home.rss"])
        done, fixed = probe("baothu", tmp_path, "--sites-file", str(entry))
        assert done.returncode == exitcodes.PARTIAL, done.stdout + done.stderr
        found = verdicts(done.stdout)
        assert ("BROKEN", "feed", f"{base}/rss/khong-con.rss  HTTP 404") in found
        assert ("works", "feed", f"{base}/rss/home.rss  feed, 20 article URL(s), newest "
                f"{max(a.published for a in info.articles).date()}") in found
        assert any(v[:2] == ("FOUND", "sitemap") and v[2].startswith(f"{base}/sitemap.xml  (robots.txt) sitemap index")
                   for v in found)
        assert ("works", "article URLs", "the f2 rules accept 10 of 15 home-page links and 32 of 32 feed/sitemap "
                "article URLs") in found
        assert "articles fetched and extracted (5)" in done.stdout
        assert "fields: title 5/5 (family:f2), published_at 5/5 (meta), authors 5/5 (family:f2)" in done.stdout
        site = load_registry([fixed]).site("baothu")
        assert site.feeds == (f"{base}/rss/home.rss",) and site.sitemaps == (f"{base}/sitemap.xml",)
        assert "drop " + f"{base}/rss/khong-con.rss" in site.verified
        passes_check(fixed, capsys)
        stored, _ = crawl_stores("baothu", fixed, tmp_path / "out")
    assert stored == {a.url for a in info.articles}


def test_sitemap_moved_to_sitemap_index_named_only_in_robots_txt(tmp_path: Path, capsys) -> None:
    with DemoServer(tmp_path / "site") as server:
        base = server.base_url
        info = build_site(server.root, base, family="f6", n_articles=45, start=START, robots_sitemap=False,
                          spacing_hours=30)
        (server.root / "sitemap.xml").rename(server.root / "sitemap_index.xml")
        (server.root / "robots.txt").write_text(f"User-agent: *\nDisallow: /noi-bo/\nSitemap: {base}/sitemap_index.xml\n")
        entry = wrong_entry(tmp_path / "wrong.toml", base, family="f6", sitemaps=[f"{base}/sitemap.xml"])
        done, fixed = probe("baothu", tmp_path, "--sites-file", str(entry), "--articles", "2")
        assert done.returncode == exitcodes.PARTIAL, done.stdout + done.stderr
        found = verdicts(done.stdout)
        assert ("BROKEN", "sitemap", f"{base}/sitemap.xml  HTTP 404") in found
        index = [v for v in found if v[:2] == ("FOUND", "sitemap")]
        assert len(index) == 1 and index[0][2].startswith(f"{base}/sitemap_index.xml  (robots.txt) sitemap index, "
                                                         "2 article sitemap(s)")
        assert load_registry([fixed]).site("baothu").sitemaps == (f"{base}/sitemap_index.xml",)
        passes_check(fixed, capsys)
        stored, _ = crawl_stores("baothu", fixed, tmp_path / "out")
    assert stored == {a.url for a in info.articles}


def test_home_page_redirecting_to_a_new_domain(tmp_path: Path, capsys) -> None:
    with DemoServer(tmp_path / "site") as new, DemoServer(redirect_to=new.base_url) as old:
        info = build_site(new.root, new.base_url, family="f3", n_articles=24, start=START)
        entry = wrong_entry(tmp_path / "wrong.toml", old.base_url, family="f3", feeds=[f"{old.base_url}/rss/home.rss"])
        done, fixed = probe("baothu", tmp_path, "--sites-file", str(entry), "--articles", "2")
        assert done.returncode == exitcodes.PARTIAL, done.stdout + done.stderr
        found = verdicts(done.stdout)
        new_host = new.base_url.split("://")[1]
        assert ("BROKEN", "domain", f"{old.base_url}/  the home page redirects to {new.base_url}/: the site now "
                f"lives on {new_host}") in found
        assert any(v[:2] == ("works", "feed") and v[2].endswith(f"(redirects to {new.base_url}/rss/home.rss)")
                   for v in found)
        site = load_registry([fixed]).site("baothu")
        assert site.domains == (new_host, old.base_url.split("://")[1])
        assert site.feeds == (f"{new.base_url}/rss/home.rss",)
        assert site.sitemaps == (f"{new.base_url}/sitemap.xml",)
        passes_check(fixed, capsys)
        stored, _ = crawl_stores("baothu", fixed, tmp_path / "out")
    assert stored == {a.url for a in info.articles}


def test_feed_only_named_by_link_rel_alternate(tmp_path: Path, capsys) -> None:
    with DemoServer(tmp_path / "site") as server:
        base, root = server.base_url, server.root
        info = build_site(root, base, family="f6", n_articles=15, start=START, robots_sitemap=False)
        (root / "sitemap.xml").unlink()
        shutil.rmtree(root / "sitemaps")
        (root / "du-lieu").mkdir()
        (root / "rss" / "home.rss").rename(root / "du-lieu" / "tin-moi-nhat.xml")
        home = (root / "index.html").read_text("utf-8")
        link = '<link rel="alternate" type="application/rss+xml" title="Tin mới" href="/du-lieu/tin-moi-nhat.xml">'
        (root / "index.html").write_text(home.replace("</head>", link + "</head>"), "utf-8")
        entry = wrong_entry(tmp_path / "wrong.toml", base, family="f6", feeds=[f"{base}/rss/home.rss"])
        done, fixed = probe("baothu", tmp_path, "--sites-file", str(entry), "--articles", "2")
        assert done.returncode == exitcodes.PARTIAL, done.stdout + done.stderr
        found = verdicts(done.stdout)
        assert ("BROKEN", "feed", f"{base}/rss/home.rss  HTTP 404") in found
        assert any(v[:2] == ("FOUND", "feed") and v[2].startswith(f"{base}/du-lieu/tin-moi-nhat.xml  "
                                                                 "(<link rel=\"alternate\">) feed, 15 article URL(s)")
                   for v in found)
        site = load_registry([fixed]).site("baothu")
        assert site.feeds == (f"{base}/du-lieu/tin-moi-nhat.xml",) and site.sitemaps == ()
        passes_check(fixed, capsys)
        stored, _ = crawl_stores("baothu", fixed, tmp_path / "out")
    assert stored == {a.url for a in info.articles}


def test_unknown_site_with_section_slug_urls_gets_a_learned_pattern(tmp_path: Path, capsys) -> None:
    """A site not in the registry, articles at /<section>/<slug>.html (no id): the probe proposes
    the pattern, guesses the family, finds the sitemap; the new entry crawls it all and its
    pattern accepts every sitemap entry."""
    with DemoServer(tmp_path / "site") as server:
        info = build_site(server.root, server.base_url, family="f6", n_articles=30, start=START,
                          path_style=lambda section, slug, _id: f"/{section}/{slug}.html")
        done, fixed = probe(server.base_url + "/", tmp_path, "--key", "baomoi", "--province", "Sơn Hà")
        assert done.returncode == exitcodes.OK, done.stdout + done.stderr
        found = verdicts(done.stdout)
        pattern = [v for v in found if v[1] == "article URLs"]
        assert len(pattern) == 1 and pattern[0][0] == "FOUND"
        assert "proposed article_url = ['^/[\\w-]+/[\\w]+(?:-[\\w]+){4,}\\.html$'] (/<section>/<slug>.html)" in pattern[0][2]
        assert ("works", "articles", "5 of 5 extracted with title and body, family f6 (guessed from these pages)") in found
        site = load_registry([fixed]).site("baomoi")
        assert (site.province, site.family, site.kind) == ("Sơn Hà", "f6", "provincial")
        assert site.sitemaps == (f"{server.base_url}/sitemap.xml",)
        assert site.article_url == ("^/[\\w-]+/[\\w]+(?:-[\\w]+){4,}\\.html$",)
        rules_accept = load_registry([fixed])
        from scraper.urls import rules_for

        rules = rules_for(site, rules_accept.family_of(site))
        assert all(rules.is_article(a.url) for a in info.articles)
        assert not any(rules.is_article(f"{server.base_url}{p}") for p in ("/thoi-su/", "/thoi-su/trang-2.html", "/"))
        passes_check(fixed, capsys)
        stored, manifest = crawl_stores("baomoi", fixed, tmp_path / "out")
    assert stored == {a.url for a in info.articles}
    assert manifest["sites"]["baomoi"]["health"]["pattern_missed"]["count"] == 0


def test_unknown_site_with_only_listings_gets_its_paginated_sections(tmp_path: Path, capsys) -> None:
    """No feed, no sitemap: the probe finds the sections with their page-N template, and the new
    entry reaches every article through them."""
    with DemoServer(tmp_path / "site") as server:
        root = server.root
        info = build_site(root, server.base_url, family="f3", n_articles=36, start=START, robots_sitemap=False)
        (root / "sitemap.xml").unlink()
        shutil.rmtree(root / "sitemaps")
        shutil.rmtree(root / "rss")
        done, fixed = probe(server.base_url + "/", tmp_path, "--articles", "2")
        assert done.returncode == exitcodes.OK, done.stdout + done.stderr
        key = "site_127_0_0_1_" + str(server.port)
        site = load_registry([fixed]).site(key)
        assert site.article_url == ("-a\\d+\\.html$",) and site.family == "f3"
        paged = {a.section for a in info.articles if sum(b.section == a.section for b in info.articles) > 10}
        assert 0 < len(paged) < 4  # some sections have a page 2, some do not
        sections = {f"{server.base_url}/{s}/": f"{server.base_url}/{s}/trang-{{page}}.html" if s in paged else None
                    for s in ("thoi-su", "kinh-te", "xa-hoi", "van-hoa")}
        assert {lst.url: lst.pagination for lst in site.listings} == sections
        passes_check(fixed, capsys)
        stored, _ = crawl_stores(key, fixed, tmp_path / "out")
    assert stored == {a.url for a in info.articles}


def test_unreachable_site_exits_1(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = vnnews("probe", f"http://127.0.0.1:{port}/", "--set", "RETRY_TIMES=0", *FAST)
    assert done.returncode == exitcodes.FAILED, done.stdout + done.stderr
    assert f"  UNREACHABLE  connection refused by 127.0.0.1:{port}" in done.stdout


def test_bad_targets_are_one_line(tmp_path: Path) -> None:
    for args, message in ((["nosuch"], "vnnews probe: unknown site 'nosuch'"),
                          (["ftp://x.vn/"], "vnnews probe: 'ftp://x.vn/' is neither a registry key nor an http(s) URL"),
                          (["baoquangninh", "--articles", "0"], "vnnews probe: --articles must be between 1 and 20"),
                          (["baoquangninh", "--key", "x"], "vnnews probe: --key and --province name one new site")):
        done = vnnews("probe", *args)
        assert done.returncode == exitcodes.CONFIG and done.stderr.startswith(message), done.stderr
        assert len(done.stderr.splitlines()) == 1


def test_robots_txt_is_obeyed_by_the_probe(tmp_path: Path) -> None:
    """A robots.txt that keeps every crawler out of /rss/: the probe never requests a feed there."""
    with DemoServer(tmp_path / "site") as server:
        build_site(server.root, server.base_url, family="f2", n_articles=8, start=START)
        (server.root / "robots.txt").write_text("User-agent: *\nDisallow: /rss/\nDisallow: /noi-bo/\n")
        entry = wrong_entry(tmp_path / "wrong.toml", server.base_url, family="f2",
                            feeds=[f"{server.base_url}/rss/home.rss"])
        done, _ = probe("baothu", tmp_path, "--sites-file", str(entry), "--articles", "1")
        paths = server.paths()
        assert server.user_agents and all(ua.startswith("vnnews/") for ua in server.user_agents)  # the crawl's
    assert ("BROKEN", "feed", f"{server.base_url}/rss/home.rss  robots.txt disallows /rss/home.rss for vnnews") \
        in verdicts(done.stdout)
    assert not [p for p in paths if p.startswith(("/rss/", "/noi-bo/"))]
    assert paths[0] == "/robots.txt" and paths.count("/robots.txt") == 1
    assert len(paths) <= 40 + 1  # the bound --help states: 40 per site plus one per sampled article


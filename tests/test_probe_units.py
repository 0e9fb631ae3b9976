"""The probe's parts without a network: the learned URL pattern (on the real saved listing pages),
pagination, the polite client (robots.txt, redirects, budget) and the registry writer."""

from __future__ import annotations

import asyncio
import csv
import re
import tomllib
from pathlib import Path

import pytest

from scraper.probe.client import PoliteClient, Raw
from scraper.probe.pages import pagination, read_page
from scraper.probe.run import key_for
from scraper.probe.shapes import learn, shape_of
from scraper.registry import load_registry
from scraper.registry.loader import site_from_toml
from scraper.registry.writer import dumps, site_table

# The article shape of each saved listing page, read off its links (sources.tsv names the pages).
LISTING_SHAPES = {
    "baocantho.com.vn/crawllatest-category-thoisu.html": "-a<id>.html",
    "vtcnews.vn/crawllatest-home.html": "-ar<id>.html",
    "vtcnews.vn/crawllatest-latest.html": "-ar<id>.html",
    "znews.vn/crawllatest-home.html": "-post<id>.html",
    "znews.vn/crawllatest-kinhdoanh.html": "-post<id>.html",
    "dantri.com.vn/son601008-home.html": "-<id>.htm",
    "baobacgiang.com.vn/trananhtuan27-home-20220814.html": "/<cat>/<id>/<slug>.html",
    "laodong.vn/crawllatest-category-xe.txt.html": "-<id>.ldo",
    "baochinhphu.vn/trackingmcp-baochinhphu_list.html": "-<id>.htm",
    "baodautu.vn/trackingmcp-baodautu_list.html": "-d<id>.html",
    "cafef.vn/trackingmcp-cafef_list.html": "-<id>.chn",
    "dantri.com.vn/trackingmcp-dantri_list.html": "-<id>.htm",
    "nld.com.vn/trackingmcp-nld_list.html": "-<id>.htm",
    "tuoitre.vn/trackingmcp-tuoitre_list.html": "-<id>.htm",
    "vietnamnet.vn/trackingmcp-vietnamnet_list.html": "-<id>.html",
    "vnexpress.net/trackingmcp-vnexpress_list.html": "-<id>.html",
    "baohatinh.vn/miaduong-home-fragment-20250830.html": "-post<id>.html",
}


def _listing_rows(real_pages: Path) -> dict[str, dict[str, str]]:
    with open(real_pages / "sources.tsv", encoding="utf-8", newline="") as f:
        return {r["local_file"]: r for r in csv.DictReader(f, delimiter="\t") if r["kind"] == "listing"}


def test_every_saved_listing_page_has_an_expected_shape(real_pages: Path) -> None:
    assert set(_listing_rows(real_pages)) == set(LISTING_SHAPES)


@pytest.mark.parametrize(("local_file", "shape"), sorted(LISTING_SHAPES.items()))
def test_learned_shape_of_real_listing_pages(real_pages: Path, local_file: str, shape: str) -> None:
    row = _listing_rows(real_pages)[local_file]
    html = (real_pages / "pages" / local_file).read_bytes().decode("utf-8", "replace")
    if "prefixed with 'N:'" in row["notes"]:
        html = "\n".join(re.sub(r"^\d+:", "", line) for line in html.splitlines())
    host = row["site"]
    page = read_page(html, f"https://{host}/", {host, "www." + host})
    learned = learn(page.links)
    assert learned is not None and [s.name for s in learned.shapes] == [shape]
    assert learned.home_matched >= 10
    compiled = [re.compile(r) for r in learned.regexes]
    for section in page.sections:  # no section link of the page fits the learned pattern
        assert not any(c.search(section.split(host, 1)[1]) for c in compiled), section


@pytest.mark.parametrize(
    ("path", "shape"),
    [
        ("/xa-hoi/cau-moi-post123456.html", "-post<id>.html"),
        ("/can-tho-mua-nuoc-noi-a192345.html", "-a<id>.html"),
        ("/ha-long-don-khach-3291811.html", "-<id>.html"),
        ("/hoi-lim-mua-xuan-postid412345.bbg", "-postid<id>.bbg"),
        ("/xa-hoi/202411/mua-lu-tren-song-cai-f8b6c2a/", "/<cat>/<YYYYMM>/<slug>/"),
        ("/tin-tuc/mua-lu-tren-song-cai-lam-ngap-nhieu-nha/", "/<section>/<slug>"),
        ("/doi-song-xa-hoi/mot-thoi-lam-bao/120517.htm", "/<cat>/<slug>/<id>.htm"),
        ("/thoi-su/cau-moi-noi-hai-bo-song-da-thong-xe.html", "/<section>/<slug>.html"),
        ("/thoi-su/", None), ("/thoi-su/trang-2.html", None), ("/kinh-te.htm", None), ("/gioi-thieu.html", None),
        ("/thoi-su-215.html", None),
    ],
)
def test_shape_of(path: str, shape: str | None) -> None:
    found = shape_of(path)
    assert (found.name if found else None) == shape
    if found:
        assert re.search(found.regex, path)


def test_listed_articles_decide_between_shapes() -> None:
    """The page shows more video links (-v<id>.html) than articles; the feed says which are articles."""
    page = [f"https://x.vn/video/clip-so-{i}-v{1000 + i}.html" for i in range(8)]
    page += [f"https://x.vn/thoi-su/tin-so-{i}-a{5000 + i}.html" for i in range(4)]
    feed = [f"https://x.vn/kinh-te/bai-so-{i}-a{6000 + i}.html" for i in range(10)]
    assert [s.name for s in learn(page).shapes] == ["-v<id>.html"]
    learned = learn(page, feed)
    assert [s.name for s in learned.shapes] == ["-a<id>.html"]
    assert (learned.listed_matched, learned.listed, learned.home_matched) == (10, 10, 4)


def test_too_few_links_of_any_shape_learn_nothing() -> None:
    assert learn(["https://x.vn/thoi-su/", "https://x.vn/a-b-post12345.html"]) is None


@pytest.mark.parametrize(
    ("page", "links", "template"),
    [
        ("http://h/thoi-su/", ["http://h/thoi-su/bai-a1.html", "http://h/thoi-su/trang-2.html"], "http://h/thoi-su/trang-{page}.html"),
        ("https://vnexpress.net/kinh-doanh", ["https://vnexpress.net/kinh-doanh-p2"], "https://vnexpress.net/kinh-doanh-p{page}"),
        ("https://x.vn/thoi-su", ["https://x.vn/thoi-su?page=2"], "https://x.vn/thoi-su?page={page}"),
        ("https://x.vn/thoi-su/", ["https://x.vn/thoi-su/page/2/"], "https://x.vn/thoi-su/page/{page}/"),
        ("https://x.vn/thoi-su/", ["https://x.vn/thoi-su/bai-viet-2-a1234.html", "https://x.vn/thoi-su/12"], None),
    ],
)
def test_pagination_template(page: str, links: list[str], template: str | None) -> None:
    assert pagination(page, links) == template


class FakeSite:
    """Answers a fixed table of URLs; counts what was asked."""

    def __init__(self, pages: dict[str, tuple[int, dict[str, str], bytes]]) -> None:
        self.pages, self.asked = pages, []

    async def __call__(self, url: str) -> Raw:
        self.asked.append(url)
        status, headers, body = self.pages.get(url, (404, {}, b""))
        return Raw(url, status, headers, body)


def test_client_obeys_robots_follows_redirects_and_stops_at_its_budget() -> None:
    site = FakeSite({
        "http://old.vn/robots.txt": (301, {"location": "http://new.vn/robots.txt"}, b""),
        "http://new.vn/robots.txt": (200, {}, b"User-agent: *\nDisallow: /noi-bo/\n"),
        "http://old.vn/": (301, {"location": "http://new.vn/"}, b""),
        "http://new.vn/": (200, {"content-type": "text/html"}, b"<html></html>"),
    })
    client = PoliteClient(site, "vnnews/0.1 (+https://example.invalid)", budget=7)

    async def go():
        home = await client.get("http://old.vn/")
        secret = await client.get("http://new.vn/noi-bo/a.html")
        missing = await client.get("http://new.vn/khong-co.html")
        spent = [await client.get(f"http://new.vn/{i}.html") for i in range(3)]
        return home, secret, missing, spent

    home, secret, missing, spent = asyncio.run(go())
    assert (home.ok, home.final_url, home.redirects) == (True, "http://new.vn/", ["http://new.vn/"])
    assert (secret.kind, secret.problem) == ("robots", "robots.txt disallows /noi-bo/a.html for vnnews")
    assert (missing.kind, missing.problem) == ("http", "HTTP 404")
    assert [s.kind for s in spent] == ["http", "budget", "budget"]  # a 404, then the budget is spent
    assert "http://new.vn/noi-bo/a.html" not in site.asked
    # old.vn's robots.txt (moved to new.vn's), new.vn's, two hops of the home page, the 404s
    assert len(site.asked) == client.used == 7


def test_keys_for_new_sites() -> None:
    assert key_for("www.baomoi-tinh.vn") == "baomoi_tinh"
    assert key_for("127.0.0.1:8765") == "site_127_0_0_1_8765"


def test_written_entries_read_back_the_same(tmp_path: Path) -> None:
    """Every shipped entry, written and read again, is the same entry (former identities,
    selectors, listings, dates and all)."""
    registry = load_registry()
    for site in registry.sites.values():
        assert site_from_toml(site.key, site_table(site)) == site
    path = tmp_path / "all.toml"
    path.write_text(dumps(list(registry.sites.values()), header="every shipped entry"), "utf-8")
    assert tomllib.loads(path.read_text("utf-8"))["sites"].keys() == registry.sites.keys()
    assert load_registry([path]).sites == registry.sites


def test_probe_finds_a_section_feed_and_reports_a_disallowed_one_without_a_network() -> None:
    """The whole probe over a fake site: the entry names no feed; /rss is nothing, but the home
    page's first section has /rss/thoi-su.rss; robots.txt keeps vnnews out of /rss/kinh-te.rss."""
    from scraper.probe.report import BROKEN, FOUND
    from scraper.probe.run import Target, probe_site
    from scraper.registry.model import Site

    base = "http://bao.example"
    paragraphs = "".join(f"<p>Sáng ngày {j + 1}, đoàn công tác của huyện đã đến thôn số {j + 2} để xem tiến độ làm "
                         f"đường bê tông, nghe bà con nói về mùa vụ và hẹn lần sau sẽ mang thêm giống lúa mới.</p>"
                         for j in range(8))
    article = "<html><head><title>{t}</title></head><body><article><h1>{t}</h1>" + paragraphs + "</article></body></html>"
    links = "".join(f'<a href="/thoi-su/tin-so-{i}-a{1000 + i}.html">Tin {i}</a>' for i in range(5))
    home = f'<html><body><a href="/thoi-su/">Thời sự</a><a href="/kinh-te/">Kinh tế</a>{links}</body></html>'
    feed = "".join(f"<item><link>{base}/thoi-su/tin-so-{i}-a{1000 + i}.html</link></item>" for i in range(5))
    pages = {
        f"{base}/robots.txt": (200, {}, b"User-agent: *\nDisallow: /rss/kinh-te.rss\n"),
        f"{base}/": (200, {"content-type": "text/html"}, home.encode()),
        f"{base}/rss/thoi-su.rss": (200, {"content-type": "application/rss+xml"},
                                    f"<rss><channel>{feed}</channel></rss>".encode()),
    }
    for i in range(5):
        pages[f"{base}/thoi-su/tin-so-{i}-a{1000 + i}.html"] = (200, {"content-type": "text/html; charset=utf-8"},
                                                              article.format(t=f"Tin số {i}").encode())
    site = FakeSite(pages)
    entry = Site(key="baothu", outlet="Báo Thử", province="Sơn Hà", domains=("bao.example",), scheme="http",
                 feeds=(f"{base}/rss/kinh-te.rss",), verified="test")
    registry = load_registry()
    client = PoliteClient(site, "vnnews/0.1", budget=45)
    report = asyncio.run(probe_site(Target("baothu", f"{base}/", entry), client, registry, articles=2))
    found = {(v.status, v.item, v.subject) for v in report.verdicts}
    assert (FOUND, "feed", f"{base}/rss/thoi-su.rss") in found
    assert (BROKEN, "feed", f"{base}/rss/kinh-te.rss") in found
    assert f"{base}/rss/kinh-te.rss" not in site.asked  # robots.txt said no
    assert report.exit_code == 4 and report.entry is not None
    assert report.entry.feeds == (f"{base}/rss/thoi-su.rss",)
    assert [s.ok for s in report.samples] == [True, True]
    assert len(site.asked) == client.used <= 45

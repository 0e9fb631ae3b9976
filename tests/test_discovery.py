"""Discovery parsing without a crawler: sitemaps (plain, gzipped, indexes), feeds, listings, windows."""

from __future__ import annotations

import gzip
import re
from datetime import date
from pathlib import Path

import pytest

from scraper.discovery.feed import FeedError, parse_feed
from scraper.discovery.listing import parse_listing
from scraper.discovery.sitemap import SitemapEntry, SitemapError, parse_sitemap, sitemap_span
from scraper.discovery.window import DateWindow, vn_day
from scraper.registry import load_registry
from scraper.urls import rules_for

F2 = rules_for(None, load_registry().families["f2"])

URLSET = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
  <url><loc> https://baolaocai.vn/sa-pa-don-tuyet-post1001.html </loc>
       <lastmod>2024-03-06T08:00:00+07:00</lastmod>
       <news:news><news:publication><news:name>Báo Lào Cai</news:name></news:publication>
         <news:publication_date>2024-03-05T21:15:00+07:00</news:publication_date>
         <news:title>Sa Pa đón tuyết</news:title></news:news></url>
  <url><loc>https://baolaocai.vn/cho-phien-bac-ha-post1002.html</loc><lastmod>2024-03-07</lastmod></url>
  <url><lastmod>2024-03-07</lastmod></url>
</urlset>"""

INDEX = """<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://baolaocai.vn/sitemaps/news-2024-3.xml.gz</loc><lastmod>2024-03-31T23:00:00+07:00</lastmod></sitemap>
  <sitemap><loc>https://baolaocai.vn/sitemaps/news-2024-2.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_urlset_keeps_lastmod_and_news_publication_date() -> None:
    sitemap = parse_sitemap(URLSET.encode())
    assert sitemap.kind == "urlset"
    assert sitemap.entries == (
        SitemapEntry("https://baolaocai.vn/sa-pa-don-tuyet-post1001.html", "2024-03-06T08:00:00+07:00",
                     "2024-03-05T21:15:00+07:00"),
        SitemapEntry("https://baolaocai.vn/cho-phien-bac-ha-post1002.html", "2024-03-07", None),
    )


def test_gzipped_index_reads_like_plain() -> None:
    plain = parse_sitemap(INDEX.encode())
    assert parse_sitemap(gzip.compress(INDEX.encode())) == plain
    assert plain.kind == "index"
    assert [e.loc for e in plain.entries] == [
        "https://baolaocai.vn/sitemaps/news-2024-3.xml.gz", "https://baolaocai.vn/sitemaps/news-2024-2.xml.gz"]
    assert plain.entries[0].lastmod == "2024-03-31T23:00:00+07:00"


@pytest.mark.parametrize(
    "body",
    [b"", b"<html><body>404</body></html>", b"\x1f\x8b\x08\x00broken", b"not xml at all"],
)
def test_not_a_sitemap_is_a_clear_error(body: bytes) -> None:
    with pytest.raises(SitemapError):
        parse_sitemap(body)


@pytest.mark.parametrize(
    ("url", "span"),
    [
        ("https://sggp.org.vn/sitemaps/news-2024-3.xml", (date(2024, 3, 1), date(2024, 3, 31))),
        ("https://sggp.org.vn/sitemaps/news-2024-12.xml.gz", (date(2024, 12, 1), date(2024, 12, 31))),
        ("https://hanoimoi.vn/sitemap-article-202402.xml", (date(2024, 2, 1), date(2024, 2, 29))),
        ("https://nguoiquansat.vn/sitemap-article-2024-01-15.xml", (date(2024, 1, 15), date(2024, 1, 15))),
        ("https://x.vn/sitemap-article-20240115.xml", (date(2024, 1, 15), date(2024, 1, 15))),
        ("https://x.vn/sitemap.xml", None),
        ("https://x.vn/sitemap-article-daily.xml", None),
        ("https://x.vn/sitemaps/news-2024-13.xml", None),
    ],
)
def test_dated_sitemap_span_from_its_name(url: str, span: tuple[date, date] | None) -> None:
    assert sitemap_span(url) == span


RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Báo Cần Thơ</title>
<item><title>Chợ nổi Cái Răng</title><link>https://baocantho.com.vn/cho-noi-a1001.html</link>
  <pubDate>Tue, 05 Mar 2024 21:15:00 +0700</pubDate></item>
<item><title>Không ngày</title><link> https://baocantho.com.vn/khong-ngay-a1002.html </link></item>
<item><title>Chỉ guid</title><guid>https://baocantho.com.vn/chi-guid-a1003.html</guid><dc:date>2024-03-04T07:00:00+07:00</dc:date></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tin</title>
<entry><title>Một</title><link rel="alternate" href="https://x.vn/mot-12345.html"/>
  <link rel="enclosure" href="https://x.vn/anh.jpg"/><updated>2024-03-06T01:00:00Z</updated>
  <published>2024-03-05T23:30:00Z</published></entry>
</feed>"""


def test_rss_items_keep_pubdate() -> None:
    items = parse_feed(RSS.encode())
    assert [(i.link, i.published) for i in items] == [
        ("https://baocantho.com.vn/cho-noi-a1001.html", "Tue, 05 Mar 2024 21:15:00 +0700"),
        ("https://baocantho.com.vn/khong-ngay-a1002.html", None),
        ("https://baocantho.com.vn/chi-guid-a1003.html", "2024-03-04T07:00:00+07:00"),
    ]


def test_atom_prefers_published_and_alternate_link() -> None:
    items = parse_feed(ATOM.encode())
    assert [(i.link, i.published) for i in items] == [("https://x.vn/mot-12345.html", "2024-03-05T23:30:00Z")]


def test_html_is_not_a_feed() -> None:
    with pytest.raises(FeedError):
        parse_feed(b"<html><body><a href='/x-post1.html'>x</a></body></html>")


LISTING = """<html><body>
<div class="clock">Thứ Sáu, 08/03/2024</div>
<div class="list">
  <article class="card"><h3><a href="/xa-hoi/sa-pa-post11.html?utm_source=home">Sa Pa</a></h3>
    <time datetime="2024-03-05T21:15:00+07:00">05/03/2024 21:15</time></article>
  <article class="card"><h3><a href="/xa-hoi/bac-ha-post12.html">Bắc Hà</a></h3>
    <span class="date">04/03/2024 07:30</span></article>
  <article class="card"><h3><a href="/xa-hoi/y-ty-post13.html">Y Tý</a></h3></article>
</div>
<ul class="top"><li><a href="/xa-hoi/sa-pa-post11.html">Sa Pa (lặp)</a></li>
  <li><a href="/xa-hoi/">Xã hội</a></li><li><a href="https://other.vn/tin-post99.html">Khác</a></li></ul>
</body></html>"""


def test_listing_links_with_their_own_dates_only() -> None:
    items = parse_listing(LISTING, "https://baolaocai.vn/xa-hoi/", F2)
    assert [(i.url, i.date) for i in items] == [
        ("https://baolaocai.vn/xa-hoi/sa-pa-post11.html", "2024-03-05T21:15:00+07:00"),
        ("https://baolaocai.vn/xa-hoi/bac-ha-post12.html", "04/03/2024 07:30"),
        ("https://baolaocai.vn/xa-hoi/y-ty-post13.html", None),  # no date of its own; never the clock's
        ("https://other.vn/tin-post99.html", None),  # off-site links are the spider's to refuse
    ]


def test_listing_base_href_and_empty_page() -> None:
    html = '<html><head><base href="https://dongkhoi.baovinhlong.vn/"></head><body><a href="tin-post5.html">x</a></body></html>'
    assert [i.url for i in parse_listing(html, "https://baodongkhoi.vn/", F2)] == [
        "https://dongkhoi.baovinhlong.vn/tin-post5.html"]
    assert parse_listing("   ", "https://x.vn/", F2) == []


@pytest.mark.parametrize(
    ("raw", "day"),
    [
        ("2024-03-05T21:15:00+07:00", date(2024, 3, 5)),
        ("2024-03-05T18:15:00Z", date(2024, 3, 6)),  # 01:15 on the 6th in Vietnam
        ("2024-03-05", date(2024, 3, 5)),
        ("2024-03-05T23:59:00", date(2024, 3, 5)),  # naive: read as Vietnam time
        ("Tue, 05 Mar 2024 21:15:00 +0700", date(2024, 3, 5)),
        ("Tue, 05 Mar 2024 20:00:00 GMT", date(2024, 3, 6)),
        ("", None),
        (None, None),
        ("không rõ ngày", None),
    ],
)
def test_vn_day_of_discovery_dates(raw: str | None, day: date | None) -> None:
    assert vn_day(raw) == day


def test_window_bounds_are_inclusive_and_unknown_days_are_never_skipped() -> None:
    window = DateWindow.from_args("2024-03-01", "2024-03-31")
    assert not window.outside(date(2024, 3, 1)) and not window.outside(date(2024, 3, 31))
    assert window.before(date(2024, 2, 29)) and window.after(date(2024, 4, 1))
    assert not window.outside(None)
    assert window.overlaps(date(2024, 2, 1), date(2024, 3, 1))
    assert not window.overlaps(date(2024, 2, 1), date(2024, 2, 29))
    assert not DateWindow().bounded and not DateWindow().outside(date(1990, 1, 1))


@pytest.mark.parametrize(("since", "until"), [("2024-13-01", None), (None, "hôm qua"), ("2024-03-02", "2024-03-01")])
def test_bad_window_arguments_are_one_line_errors(since: str | None, until: str | None) -> None:
    with pytest.raises(ValueError) as info:
        DateWindow.from_args(since, until)
    assert "\n" not in str(info.value)


def test_real_category_page_baocantho(real_pages: Path) -> None:
    """A real VDOC (f3) category page, decoded as the crawler would: every article link once,
    canonical, on the outlet's own host; no category or tag link mistaken for an article."""
    from scraper.decode import decode_html

    html = decode_html((real_pages / "pages/baocantho.com.vn/crawllatest-category-thoisu.html").read_bytes())
    registry = load_registry()
    site = registry.site("baocantho")
    items = parse_listing(html, "https://baocantho.com.vn/thoi-su/", rules_for(site, registry.family_of(site)))
    assert len(items) == 78
    assert items[0].url == ("https://baocantho.com.vn/tap-trung-trien-khai-cac-dot-thanh-tra-kiem-tra-co-trong-tam-"
                            "trong-diem-nhat-la-cac-linh-vuc-co-ng-a196670.html")
    assert all(i.url.startswith("https://baocantho.com.vn/") and re.search(r"-a\d+\.html$", i.url) for i in items)
    assert all(i.date is None for i in items)  # this page prints no dates beside its items


def test_real_rss_feed_vnexpress(real_pages: Path) -> None:
    items = parse_feed((real_pages / "pages/vnexpress.net/2golang-rss-the-gioi.xml").read_bytes())
    assert [(i.link, i.published) for i in items] == [
        ("https://vnexpress.net/israel-noi-got-my-roi-hoi-dong-nhan-quyen-lhq-4846612.html",
         "Thu, 06 Feb 2025 20:30:48 +0700")]
    assert vn_day(items[0].published) == date(2025, 2, 6)


def test_a_date_in_a_teaser_sentence_is_not_the_items_date() -> None:
    html = """<ul><li><a href="/cao-toc-post21.html">Cao tốc</a>
      <p>Công trình phấn đấu thông xe kỹ thuật vào 30-6-2026, lãnh đạo thành phố yêu cầu.</p></li>
      <li><a href="/cho-phien-post22.html">Chợ phiên</a><span class="time">Thứ Ba, 05/03/2024 10:15</span></li></ul>"""
    assert [(i.url, i.date) for i in parse_listing(html, "https://baolaocai.vn/", F2)] == [
        ("https://baolaocai.vn/cao-toc-post21.html", None),
        ("https://baolaocai.vn/cho-phien-post22.html", "05/03/2024 10:15"),
    ]

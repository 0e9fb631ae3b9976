"""scraper.urls: one canonical URL per article, article-vs-navigation per family, ports matter."""

from __future__ import annotations

import pytest

from scraper.registry import load_registry
from scraper.registry.model import Site
from scraper.urls import canonical_url, host_of, rules_for, site_owns, site_owns_media


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("https://baoquangninh.vn/le-hoi-3291811.html?utm_source=facebook&utm_medium=social",
         "https://baoquangninh.vn/le-hoi-3291811.html"),
        ("HTTPS://BaoQuangNinh.VN:443/le-hoi-3291811.html#binh-luan", "https://baoquangninh.vn/le-hoi-3291811.html"),
        ("https://baolaocai.vn/xa-hoi/tin-post123.html?zarsrc=30&gidzl=abc&fbclid=x",
         "https://baolaocai.vn/xa-hoi/tin-post123.html"),
        ("https://baolaocai.vn/tin-post123.html?page=2&gclid=1", "https://baolaocai.vn/tin-post123.html?page=2"),
        ("http://127.0.0.1:8765/thoi-su/bai-a12.html?_gl=1*abc", "http://127.0.0.1:8765/thoi-su/bai-a12.html"),
        ("http://127.0.0.1:80/x-123456.html", "http://127.0.0.1/x-123456.html"),
        ("https://baocantho.com.vn/đường-hoa-a1.html",
         "https://baocantho.com.vn/%C4%91%C6%B0%E1%BB%9Dng-hoa-a1.html"),
        ("https://baocantho.com.vn/%c4%91%c6%b0%e1%bb%9dng-hoa-a1.html",
         "https://baocantho.com.vn/%C4%91%C6%B0%E1%BB%9Dng-hoa-a1.html"),
        ("https://hanoimoi.vn", "https://hanoimoi.vn/"),
        ("https://hanoimoi.vn/viewer.aspx?macm=2&mabb=7", "https://hanoimoi.vn/viewer.aspx?mabb=7&macm=2"),  # sorted
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("https://baolaocai.vn/Tin-Tuc/đi-post9.html?b=2&a=1&utm_campaign=z")
    assert canonical_url(once) == once


REGISTRY = load_registry()


@pytest.mark.parametrize(
    ("family", "url", "is_article"),
    [
        ("f1", "https://hanoimoi.vn/gia-vang-hom-nay-712345.html", True),
        ("f1", "https://hanoimoi.vn/dai-hoi-dang-event1234.html", False),
        ("f1", "https://hanoimoi.vn/kinh-te", False),
        ("f2", "https://baolaocai.vn/lao-cai-don-tet-post401234.html", True),
        ("f2", "https://baolaocai.vn/xa-hoi/", False),
        ("f2", "https://baolaocai.vn/sitemaps/news-2024-3.xml", False),
        ("f3", "https://baocantho.com.vn/can-tho-mua-nuoc-noi-a192345.html", True),
        ("f3", "https://baocantho.com.vn/can-tho/", False),
        ("f3", "https://baocantho.com.vn/rss/subcate/can-tho/", False),
        ("f4", "https://baokhanhhoa.vn/xa-hoi/202411/mua-lu-tren-song-cai-f8b6c2a/", True),
        ("f4", "https://baodaklak.vn/kinh-te/202403/ca-phe-tang-gia-1234567/", True),
        ("f4", "https://baokhanhhoa.vn/xa-hoi/", False),
        ("f4", "https://baokhanhhoa.vn/xa-hoi/202413/sai-thang-f8b6c2a/", False),
        ("f5", "https://baobacninhtv.vn/hoi-lim-mua-xuan-postid412345.bbg", True),
        ("f5", "https://baobacninhtv.vn/bacgiang-van-hoa", False),
        ("f6", "https://baoquangninh.vn/ha-long-don-khach-3291811.html", True),
        ("f6", "https://baoquangninh.vn/chinh-tri", False),
        ("f6", "https://baoquangninh.vn/Upload/Images/2024/3/5/anh-123456.jpg", False),
        ("f8", "https://baobinhdinh.vn/viewer.aspx?macm=12&macmp=12&mabb=345678", True),
        ("f8", "https://baobinhdinh.vn/viewimage.aspx?imgid=345678", False),
        ("f9", "https://baoninhbinh.org.vn/trang-an-mua-le-hoi-020240305123456.html", True),
        ("f9", "https://baoninhbinh.org.vn/bao-in/so-1234.html", False),
        ("f9", "https://baohaugiang.com.vn/thoi-su-215.html", False),
        ("f9", "https://baohaugiang.com.vn/thoi-su/hau-giang-don-bang-12345.html", True),
    ],
)
def test_article_url_rules_per_family(family: str, url: str, is_article: bool) -> None:
    rules = rules_for(None, REGISTRY.families[family])
    assert rules.is_article(canonical_url(url)) is is_article


def test_site_article_url_overrides_family_and_generic_rule_applies_without_family() -> None:
    own = Site(key="x", outlet="X", province=None, domains=("x.vn",), family="f6", article_url=(r"/bai-viet/\d+$",))
    rules = rules_for(own, REGISTRY.families["f6"])
    assert rules.is_article("https://x.vn/bai-viet/42")
    assert not rules.is_article("https://x.vn/ha-long-3291811.html")
    generic = rules_for(None, None)
    assert generic.is_article("https://x.vn/tin-tuc/mot-bai-12345.html")
    assert not generic.is_article("https://x.vn/tin-tuc/")
    assert not generic.is_article("https://x.vn/rss/home-12345.rss")


LOCAL = Site(key="demo", outlet="Demo", province=None, domains=("127.0.0.1:8765", "127.0.0.1:8766"),
             media_hosts=("cdn.example.vn",))


@pytest.mark.parametrize(
    ("url", "owned"),
    [
        ("http://127.0.0.1:8765/thoi-su/", True),
        ("http://127.0.0.1:8766/rss/home.rss", True),  # the retired domain, listed in the registry
        ("http://127.0.0.1:9999/thoi-su/", False),  # same IP, another port: another site
        ("http://127.0.0.1/thoi-su/", False),
        ("http://cdn.example.vn/anh.jpg", False),  # media host: not the site's own pages
    ],
)
def test_site_owns_counts_the_port(url: str, owned: bool) -> None:
    assert site_owns(LOCAL, url) is owned


def test_media_hosts_and_default_ports() -> None:
    assert site_owns_media(LOCAL, "https://img.cdn.example.vn/a.jpg")
    assert not site_owns_media(LOCAL, "https://example.vn/a.jpg")
    assert host_of("https://baoquangninh.vn:443/x") == "baoquangninh.vn"
    assert host_of("http://127.0.0.1:8765/x") == "127.0.0.1:8765"
    qn = REGISTRY.site("baoquangninh")
    assert site_owns(qn, "https://baoquangninh.com.vn/cu-1234567.html")  # its former domain
    assert not site_owns(qn, "https://baoquangninh.vn:8443/x-1234567.html")

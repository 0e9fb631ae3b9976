"""Pieces of the extractor on small inputs written here: JSON-LD tolerance, dateline prefixes,
site suffixes, URL dates, and the rule that extraction never imports Scrapy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from scraper.extract import extract_article
from scraper.extract.body import strip_dateline
from scraper.extract.datecands import url_candidates
from scraper.extract.dom import parse
from scraper.extract.metadata import ld_text, read_metadata
from scraper.extract.title import strip_site_suffix
from scraper.registry import load_registry

EXTRACT = Path(__file__).resolve().parent.parent / "scraper" / "extract"


def _md(head: str):
    return read_metadata(parse(f"<html><head>{head}</head><body><p>x</p></body></html>"), "https://a.vn/b.html")


def test_jsonld_graph_with_trailing_comma_and_double_escaped_headline():
    md = _md("""<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "WebSite", "name": "Báo Mẫu"},
      {"@type": "NewsArticle", "headline": "Ch&amp;#7907; phi&amp;#234;n v&#249;ng cao",
       "datePublished": "2025-01-04T06:15:00+07:00",},
      {"@type": "BreadcrumbList", "itemListElement": [
        {"@type": "ListItem", "position": 1, "item": {"@id": "https://a.vn", "name": "Trang chủ"}},
        {"@type": "ListItem", "position": 2, "item": {"@id": "https://a.vn/xa-hoi", "name": "Xã hội"}}]}
    ]}</script>""")
    assert ld_text(md, "headline") == "Chợ phiên vùng cao"
    assert md.article["datePublished"] == "2025-01-04T06:15:00+07:00"
    assert md.breadcrumb == ["Trang chủ", "Xã hội"]


def test_unparseable_jsonld_is_ignored():
    md = _md('<script type="application/ld+json">{"@type": "NewsArticle", "headline": </script>'
             '<meta property="og:title" content="Tiêu đề dự phòng">')
    assert md.article == {}
    assert md.first("og:title") == "Tiêu đề dự phòng"


def test_canonical_link_then_og_url():
    assert _md('<link rel="canonical" href="/bai-1.html">').canonical == "https://a.vn/bai-1.html"
    assert _md('<meta property="og:url" content="https://a.vn/bai-2.html">').canonical == "https://a.vn/bai-2.html"


@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("(Baoquangninh.vn) - Sáng nay, tỉnh tổ chức hội nghị.", "Sáng nay, tỉnh tổ chức hội nghị."),
        ("(CTO) - Ngày 8-1, thành phố họp.", "Ngày 8-1, thành phố họp."),
        ("(Dân trí) - Giá lúa tăng.", "Giá lúa tăng."),
        ("(NLĐO)- Công nhân nhận thưởng.", "Công nhân nhận thưởng."),
        ("(Chinhphu.vn) - Chính phủ ban hành nghị định.", "Chính phủ ban hành nghị định."),
        ("(Baohatinh.vn) Mưa lớn kéo dài.", "Mưa lớn kéo dài."),
        ("(BTM)- Đường ven sông thông xe.", "Đường ven sông thông xe."),
        ("QNO - Chiều nay, mưa lớn trên diện rộng.", "Chiều nay, mưa lớn trên diện rộng."),
        ("VOV.VN - Bộ trưởng tiếp đoàn.", "Bộ trưởng tiếp đoàn."),
        ("COVID-19 - bài học cho ngành y.", "COVID-19 - bài học cho ngành y."),  # not a tag: a hyphenated word
        ("TP.HCM - Thành phố đón khách.", "TP.HCM - Thành phố đón khách."),  # a place, not an outlet's mark
        ("UBND tỉnh - cơ quan chủ trì.", "UBND tỉnh - cơ quan chủ trì."),
        ("(theo số liệu của ngành y tế năm ngoái) cho thấy số ca giảm.",
         "(theo số liệu của ngành y tế năm ngoái) cho thấy số ca giảm."),
        ("Hà Nội (ảnh) đẹp.", "Hà Nội (ảnh) đẹp."),
    ],
)
def test_dateline_prefix(text, stripped):
    assert strip_dateline(text)[0] == stripped


def test_site_suffix():
    site = load_registry().site("baoquangninh")
    assert strip_site_suffix("Hạ Long đón khách - Báo Quảng Ninh", site) == "Hạ Long đón khách"
    assert strip_site_suffix("Mỹ - Trung đàm phán | baoquangninh.vn", site) == "Mỹ - Trung đàm phán"
    assert strip_site_suffix("Mỹ - Trung đàm phán", site) == "Mỹ - Trung đàm phán"


@pytest.mark.parametrize(
    ("url", "raw"),
    [
        ("https://a.vn/thoi-su/2024/05/17/bai-viet.html", "2024-05-17"),
        ("https://dantri.com.vn/kinh-doanh/gia-vang-20260307080054340.htm", "2026-03-07"),
        ("https://cafef.vn/bai-viet-188260307071033787.chn", None),  # not a date-bearing id
        ("https://baoquangninh.vn/bai-viet-3301122.html", None),
    ],
)
def test_url_dates(url, raw):
    found = url_candidates(url)
    assert [c.raw for c in found] == ([raw] if raw else [])
    assert all(c.source == "url" for c in found)


def test_extraction_never_imports_scrapy_spiders_or_pipelines():
    for path in EXTRACT.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.split(".")[0] in ("scrapy", "spiders", "pipelines"), f"{path.name} imports {name}"


def test_hints_are_not_repeated_as_candidates():
    html = ("<html><head><title>Tin</title></head><body><article><h1>Tin ngắn</h1>"
            "<p>Một câu.</p></article></body></html>")
    result = extract_article(html, "https://a.vn/x.html", None, None, hints={"sitemap": "2025-01-01"})
    assert all(c.source != "sitemap" for c in result.date_candidates)


def test_itemprop_layer_for_title_and_author():
    html = ("<html><head><title>Trang tin</title></head><body><div itemscope>"
            "<span itemprop='headline'>Nông dân vào vụ đông</span>"
            "<span itemprop='author'>Hoài Thu</span>"
            "<meta itemprop='datePublished' content='2025-11-02T07:30:00+07:00'>"
            "<div class='noi-dung'><p>Những ngày này, bà con khắp các xã ven sông tất bật làm đất, gieo trồng ngô và "
            "rau màu cho vụ đông, tranh thủ thời tiết khô ráo.</p><p>Nhiều hợp tác xã đã ký hợp đồng bao tiêu sản "
            "phẩm với doanh nghiệp, giúp người trồng yên tâm mở rộng diện tích so với năm trước.</p>"
            "<p>Cán bộ khuyến nông xuống tận ruộng hướng dẫn kỹ thuật chăm sóc, phòng trừ sâu bệnh ngay từ đầu vụ "
            "để cây sinh trưởng tốt.</p></div></div></body></html>")
    result = extract_article(html, "https://a.vn/vu-dong.html", None, None)
    assert result.kind == "article", result.reason
    assert (result.title, result.provenance["title"]) == ("Nông dân vào vụ đông", "itemprop")
    assert (result.authors, result.provenance["authors"]) == (["Hoài Thu"], "itemprop")


def test_xhtml_prologue_with_encoding_is_parsed():
    """A str cannot carry an encoding declaration for lxml: the prologue is dropped, not the page."""
    paras = "".join(f"<p>{s}</p>" for s in (
        "Người dân trong bản phấn khởi khi con đường bê tông mới được hoàn thành ngay trước dịp Tết Nguyên đán.",
        "Xe máy và ô tô nhỏ giờ đã có thể vào tận trung tâm bản, việc buôn bán nông sản thuận lợi hơn nhiều.",
        "Chính quyền xã cho biết sẽ tiếp tục vận động làm thêm tuyến đường nối sang bản bên cạnh trong năm tới."))
    html = ('<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><head>'
            "<title>Đường mới về bản - Báo Mẫu</title>"
            "<meta property=\"article:published_time\" content=\"2025-01-20T08:00:00+07:00\"></head>"
            "<body><h1>Đường mới về bản</h1>"
            f"<div>{paras}</div></body></html>")
    result = extract_article(html, "https://a.vn/duong-moi.html", None, None)
    assert result.kind == "article", result.reason
    assert result.title == "Đường mới về bản"
    assert result.body.startswith("Người dân trong bản phấn khởi")

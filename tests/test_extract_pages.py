"""Extraction on synthetic pages written for these tests (tests/pages/, own texts): the Quảng
Ninh layout in the f6 family's markup, wire bylines, title traps, byline variants, and pages
that are not articles."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from scraper.extract import extract_article
from scraper.page import RawPage
from scraper.process import build_record
from scraper.registry import load_registry

PAGES = Path(__file__).parent / "pages"
CRAWLED = datetime(2025, 2, 3, 0, 12, tzinfo=timezone.utc)
QN_URL = "https://baoquangninh.vn/tien-yen-mo-lop-day-boi-mien-phi-cho-hoc-sinh-vung-cao-3301122.html"


@pytest.fixture(scope="module")
def registry():
    return load_registry()


def _page(name: str) -> str:
    return (PAGES / name).read_text("utf-8")


def _record(registry, html: str, url: str, site: str) -> dict:
    page = RawPage(url=url, final_url=url, status=200, html=html, site=site, fetched_at=CRAWLED)
    return build_record(page, registry)


def test_quangninh_layout_record(registry):
    record = _record(registry, _page("quangninh_f6.html"), QN_URL, "baoquangninh")
    assert record["title"] == "Tiên Yên mở lớp dạy bơi miễn phí cho học sinh vùng cao"
    assert record["published_at"] == "2025-01-16T09:40:12+07:00"  # not the header clock (03/02)
    assert record["authors"] == ["Minh Hà"]
    assert record["wire_source"] is None
    assert record["sapo"].startswith("Trong hai tuần đầu năm, gần 120 em học sinh")
    assert record["body"].startswith("Lớp học do Huyện đoàn Tiên Yên phối hợp")
    assert record["body"].endswith("chưa có điều kiện đến bể bơi.")
    assert "\n\nPhụ huynh yên tâm hơn mỗi mùa hè\n\n" in record["body"]  # subheading kept
    assert record["body"].count("\n\n") == 4
    assert record["section"] == "Xã hội"
    assert {r["url"] for r in record["related"]} == {
        "https://baoquangninh.vn/tien-yen-day-manh-phong-trao-the-thao-hoc-duong-3300871.html",
        "https://baoquangninh.vn/binh-lieu-to-chuc-giai-chay-cho-hoc-sinh-tieu-hoc-3300544.html",
        "https://baoquangninh.vn/dam-ha-trao-ao-phao-cho-tre-em-vung-bien-3299902.html",
    }
    assert record["images"] == [{
        "url": "https://baoquangninh.vn/upload/image/202501/original/lop-hoc-boi.jpg",
        "caption": "Huấn luyện viên hướng dẫn các em động tác thở dưới nước", "credit": "Thu Trang"}]
    assert record["provenance"]["body"] == "family:f6"
    assert record["url"] == QN_URL  # canonical link


@pytest.mark.parametrize("use_rules", [True, False])
def test_quangninh_layout_chrome_and_clock(registry, use_rules):
    site = registry.site("baoquangninh")
    result = extract_article(_page("quangninh_f6.html"), QN_URL, site, registry.family_of(site),
                             use_rules=use_rules)
    for chrome in ("A A", "Chia sẻ", "In bài", "Minh Hà", "Tin liên quan", "Liên kết website", "Ý kiến",
                   "Ảnh: Thu Trang", "Huấn luyện viên", "(Baoquangninh.vn)", "Trong hai tuần đầu năm",
                   "Trang chủ", "Bản quyền", "Thứ Hai, 03/02/2025"):
        assert chrome not in result.body
    clock = [c for c in result.date_candidates if c.raw == "Thứ Hai, 03/02/2025 07:12 (GMT +7)"]
    assert clock and not clock[0].in_article
    shown = [c for c in result.date_candidates if c.near_title]
    assert shown and shown[0].raw.startswith("Thứ 5, 16/01/2025 | 09:40:12 [GMT +7]")
    assert result.authors == ["Minh Hà"]


def test_wire_source_and_title_traps():
    result = extract_article(_page("wire_ttxvn.html"), "https://baolaocai.vn/cang-ca-post1.html", None, None)
    assert result.kind == "article"
    assert result.title == "Cảng cá miền Trung nhộn nhịp vụ cá đầu năm"  # not the breadcrumb h1
    assert result.authors == []  # "Báo Lào Cai" in meta author is the outlet
    assert result.wire_source == "TTXVN"
    assert "Theo TTXVN" not in result.body
    assert result.body.endswith("tranh thủ thời tiết thuận lợi của đầu mùa.")


@pytest.mark.parametrize(
    ("head", "title"),
    [
        ("<title>Đường ven biển mới thông xe - Báo Quảng Ninh điện tử</title>", "Đường ven biển mới thông xe"),
        ("<title>Giá lúa tăng - giá phân bón giảm | Báo Lào Cai</title>", "Giá lúa tăng - giá phân bón giảm"),
        ('<meta property="og:title" content="Lễ hội Bạch Đằng khai mạc">', "Lễ hội Bạch Đằng khai mạc"),
    ],
)
def test_title_without_h1_loses_the_site_suffix(head, title):
    html = _ARTICLE.format(head=head + '<meta property="article:published_time" content="2025-03-01T07:00:00+07:00">',
                           top="", tail="")
    result = extract_article(html, "https://baolaocai.vn/bai-post2.html", None, None)
    assert result.title == title


_ARTICLE = """<html><head><meta charset="utf-8">{head}</head><body>
<nav><a href="/">Trang chủ</a></nav><main><div class="detail">{top}<div class="body">
<p>Sáng nay, hàng trăm người dân trong vùng đã có mặt từ rất sớm để theo dõi buổi lễ diễn ra trang trọng bên bờ sông.</p>
<p>Ban tổ chức cho biết năm nay chương trình có thêm nhiều hoạt động văn hóa truyền thống và các trò chơi dân gian cho thiếu nhi.</p>
<p>Lực lượng chức năng bố trí các điểm trông giữ xe miễn phí và phân luồng giao thông để bảo đảm an toàn cho du khách.</p>
{tail}</div></div></main><footer>Bản quyền thuộc về tòa soạn.</footer></body></html>"""


@pytest.mark.parametrize(
    ("tail", "authors", "wire"),
    [
        ("<p><strong>Bài và ảnh: Thanh Tùng</strong></p>", ["Thanh Tùng"], None),
        ('<p style="text-align:right"><b>Tin, ảnh: P.Y</b></p>', ["P.Y"], None),
        ("<p><strong>Nhóm PV</strong></p>", ["Nhóm PV"], None),
        ('<b style="display:block;text-align:right">Tin: Quế Chi - Ảnh: Văn Toàn</b>', ["Quế Chi", "Văn Toàn"], None),
        ("<p><em>Theo Vietnamnet</em></p>", [], "Vietnamnet"),
        ("<p>Quang Vinh - Thu Trang</p>", ["Quang Vinh", "Thu Trang"], None),
        ("<p><strong>Hồng Nhung</strong> <em>(tổng hợp)</em></p>", ["Hồng Nhung"], None),
        ("<p><strong>HẢI ĐĂNG</strong></p>", ["Hải Đăng"], None),  # capitals read in title case
        ("<p><em>Theo VOV</em></p>", [], "VOV"),
        ("<p><strong>Ngọc Ánh</strong></p><p>Theo TTXVN</p>", ["Ngọc Ánh"], "TTXVN"),
    ],
)
def test_closing_byline_variants(tail, authors, wire):
    html = _ARTICLE.format(head='<title>Lễ hội đầu xuân bên sông</title>'
                                '<meta property="article:published_time" content="2025-03-01T07:00:00+07:00">'
                                '<meta name="author" content="Báo Quảng Ninh">', top="<h1>Lễ hội đầu xuân bên sông</h1>",
                           tail=tail)
    result = extract_article(html, "https://baoquangninh.vn/le-hoi-3300001.html", None, None)
    assert result.authors == authors
    assert result.wire_source == wire
    assert result.body.endswith("để bảo đảm an toàn cho du khách.")


def test_byline_next_to_the_date_at_the_top():
    top = ('<h1>Lễ hội đầu xuân bên sông</h1><div class="meta"><span class="author">Lan Phương</span>'
           ' - <span class="time">01/03/2025 07:00</span></div>')
    html = _ARTICLE.format(head='<title>Lễ hội đầu xuân bên sông</title>'
                                '<meta property="article:published_time" content="2025-03-01T07:00:00+07:00">',
                           top=top, tail="")
    result = extract_article(html, "https://baoquangninh.vn/le-hoi-3300002.html", None, None)
    assert result.kind == "article", result.reason
    assert result.authors == ["Lan Phương"]
    assert "01/03/2025 07:00" in [c.raw for c in result.date_candidates if c.near_title]


@pytest.mark.parametrize(
    ("html", "kind", "reason"),
    [
        ("", "empty", "empty document"),
        ("  \n ", "empty", "empty document"),
        ("<html><head><title>Tin</title></head><body>  </body></html>", "empty", "no visible text"),
        ("<!DOCTYPE html><html><head><title>Bài viết bị cắt", "broken", "truncated"),
        ("\x00\x01\x02 dữ liệu nhị phân", "broken", "NUL"),
        ("<html><body>" + "<div>" * 3000 + "Một đoạn văn nằm quá sâu trong cây thẻ" + "</div>" * 3000 + "</body></html>",
         "broken", "parser cannot reach"),
    ],
)
def test_empty_and_broken_documents(html, kind, reason):
    result = extract_article(html, "https://baolaocai.vn/x-post3.html", None, None)
    assert result.kind == kind
    assert reason in result.reason


@pytest.mark.parametrize(("name", "reason"), [("not_found_200.html", "error page"), ("listing_page.html", "listing")])
def test_pages_that_are_not_articles(registry, name, reason):
    site = registry.site("baolaocai")
    for use_rules in (True, False):
        result = extract_article(_page(name), "https://baolaocai.vn/thoi-su", site, registry.family_of(site),
                                 use_rules=use_rules)
        assert result.kind == "not_article"
        assert reason in result.reason

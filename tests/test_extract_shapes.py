"""The shapes of issue #10 on pages written here (own words, own markup): each generic rule is
shown on a layout and class spelling of no fixture page, so the tests show the rule, not a page.

Header lines inside the body container, outlet-tagged leads, role-prefixed bylines, a
one-paragraph brief without JSON-LD, photo stories, a related list without heading, a document
that closes </html> before <head>, listings that stay listings, and rules that never do worse.
"""

from __future__ import annotations

import re

import pytest

from scraper.dates import choose_date
from scraper.extract import extract_article
from scraper.registry import load_registry
from scraper.registry.model import Family, Site

BRIEF_URL = "https://baotinhmau.vn/thoi-su/cau-treo-ban-na-duoc-sua-xong-truoc-mua-mua-4410021.html"
P1 = "Cây cầu treo nối hai bờ suối của bản Nà đã được thay toàn bộ mặt sàn gỗ và dây cáp sau hơn hai tháng thi công."
P2 = "Người dân trong bản góp thêm ngày công vận chuyển vật liệu, nhờ vậy công trình xong sớm hơn dự kiến gần ba tuần."
P3 = "Chính quyền xã cho biết sẽ cắm biển giới hạn tải trọng và kiểm tra định kỳ cây cầu trước mỗi mùa mưa lũ."


def _page(body: str, head: str | None = None) -> str:
    """A page around ``body``; its <title> is the body's <h1> and the outlet's name."""
    if head is None:
        head = f"<title>{re.search(r'<h1[^>]*>(.*?)</h1>', body).group(1)} - Báo Tỉnh Mẫu</title>"
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">{head}</head><body>'
            '<nav class="menu"><a href="/">Trang chủ</a> <a href="/thoi-su">Thời sự</a></nav>'
            f'{body}<footer>Bản quyền thuộc về tòa soạn. Liên hệ quảng cáo.</footer></body></html>')


def _published(result) -> str | None:
    from datetime import datetime, timezone
    chosen = choose_date(result.date_candidates, now=datetime(2026, 1, 1, tzinfo=timezone.utc), role="published")
    return chosen.iso if chosen else None


# --- header lines inside the body container -------------------------------------------------

HEADER_IN_BODY = _page(
    '<div id="main"><section class="noi-dung-bai">'
    '<div class="chuyen-muc"><a href="/nong-nghiep">Nông nghiệp</a></div>'
    '<h1 class="tieu-de">Nông dân vùng bãi bồi thu hoạch dưa hấu trái vụ</h1>'
    '<p class="tac-gia">Hoàng Yến |</p><p class="thoi-gian">Thứ Tư, 12/03/2025 - 07:45</p>'
    '<p>QNO - Những ngày này, bà con ven sông tất bật thu hoạch hàng chục héc ta dưa hấu trồng trái vụ trên bãi bồi.</p>'
    '<p>Giá dưa tại ruộng năm nay cao hơn năm trước, thương lái đến tận nơi thu mua nên người trồng không phải lo đầu ra.</p>'
    '<p>Hợp tác xã cho biết vụ tới sẽ mở rộng diện tích và thử nghiệm thêm giống dưa ruột vàng cho năng suất cao.</p>'
    '<p>Cán bộ khuyến nông khuyên bà con luân canh với cây họ đậu để giữ độ màu mỡ cho đất bãi sau mỗi mùa nước.</p>'
    '</section></div>',
    head="<title>Nông dân vùng bãi bồi thu hoạch dưa hấu trái vụ | Báo Tỉnh Mẫu</title>",
)


def test_header_printed_inside_the_body_container_never_starts_the_body():
    result = extract_article(HEADER_IN_BODY, "https://baotinhmau.vn/nong-dan-vung-bai-boi-thu-hoach-dua-7700112.html",
                             None, None)
    assert result.kind == "article", result.reason
    assert result.title == "Nông dân vùng bãi bồi thu hoạch dưa hấu trái vụ"
    assert result.sapo == ("Những ngày này, bà con ven sông tất bật thu hoạch hàng chục héc ta dưa hấu trồng "
                           "trái vụ trên bãi bồi.")  # the bare tag "QNO -" dropped
    assert result.body.startswith("Giá dưa tại ruộng năm nay cao hơn năm trước")
    assert result.body.endswith("sau mỗi mùa nước.")
    for header_line in ("Nông nghiệp", "Hoàng Yến", "12/03/2025", "Nông dân vùng bãi bồi", "QNO"):
        assert header_line not in result.body
    assert result.authors == ["Hoàng Yến"]
    assert "Thứ Tư, 12/03/2025 - 07:45" in [c.raw for c in result.date_candidates if c.near_title]
    assert _published(result) == "2025-03-12T07:45:00+07:00"


def test_a_body_that_opens_with_a_short_subheading_keeps_it():
    """No headline or date line leads: nothing is taken for a header."""
    html = _page('<div class="bai"><h1>Cầu treo bản Nà được sửa xong</h1><span class="date">02/04/2025 16:10</span>'
                 f'<div class="than-bai"><h3>Trước mùa mưa</h3><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>')
    result = extract_article(html, BRIEF_URL, None, None)
    assert result.body.startswith(f"Trước mùa mưa\n\n{P1}")


# --- outlet-tagged leads and role-prefixed bylines --------------------------------------------

@pytest.mark.parametrize(
    ("lead", "sapo"),
    [
        ("(Baotinhmau.vn) - Sáng nay, tỉnh tổng kết mùa lúa.", "Sáng nay, tỉnh tổng kết mùa lúa."),
        ("(BTM)- Chiều qua, mưa lớn gây ngập cục bộ.", "Chiều qua, mưa lớn gây ngập cục bộ."),
        ("BTMO - Đoàn công tác thăm hỏi ngư dân.", "Đoàn công tác thăm hỏi ngư dân."),
        ("(TTXVN) - Thủ tướng chủ trì phiên họp.", "Thủ tướng chủ trì phiên họp."),
    ],
)
def test_a_lead_tagged_with_the_outlets_mark_is_the_sapo_without_the_tag(lead, sapo):
    html = _page(f'<div class="chi-tiet"><h1>Tin tổng hợp trong ngày của tỉnh</h1><div class="ngay-dang">05/05/2025 10:00</div>'
                 f'<div class="mo-ta-bai"><p>{lead}</p><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>')
    result = extract_article(html, BRIEF_URL, None, None)
    assert result.sapo == sapo
    assert result.body.startswith(P1)


def test_role_prefixed_byline_in_the_header_gives_every_name():
    html = _page('<div class="chi-tiet"><h1>Cầu treo bản Nà được sửa xong</h1>'
                 '<div class="dong-thong-tin"><span class="tacgia">Tin: Khánh Linh - Ảnh: BẢO NGỌC</span>'
                 '<span class="ngay">02/04/2025 16:10</span></div>'
                 f'<div class="than-bai"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>')
    result = extract_article(html, BRIEF_URL, None, None)
    assert result.authors == ["Khánh Linh", "Bảo Ngọc"]


# --- short briefs and listings ----------------------------------------------------------------

BRIEF = _page('<main><div class="khung-bai"><h1>Cầu treo bản Nà được sửa xong trước mùa mưa</h1>'
              '<div class="dateline">Cập nhật: 16:10, 02/04/2025</div>'
              f'<div class="van-ban"><p>{P1}</p><p><em>Ngọc Mai</em></p></div></div>'
              '<div class="cung-chuyen-muc"><h3><a href="/thoi-su/duong-len-ban-4410001.html">Đường lên bản mới được '
              'trải nhựa</a></h3></div></main>',
              head="<title>Cầu treo bản Nà được sửa xong trước mùa mưa - Báo Tỉnh Mẫu</title>")


def test_a_one_paragraph_brief_without_jsonld_is_an_article():
    result = extract_article(BRIEF, BRIEF_URL, None, None)
    assert result.kind == "article", result.reason
    assert result.title == "Cầu treo bản Nà được sửa xong trước mùa mưa"
    assert result.body == P1
    assert result.authors == ["Ngọc Mai"]
    assert _published(result) == "2025-04-02T16:10:00+07:00"


def test_the_same_brief_off_an_article_url_is_not_taken_for_one():
    """Headline, date and one paragraph on a section URL: nothing says it is an article."""
    result = extract_article(BRIEF, "https://baotinhmau.vn/thoi-su/", None, None)
    assert result.kind == "not_article"


def _teasers(n: int, with_images: bool) -> str:
    items = []
    for i in range(n):
        thumb = f'<a href="/kinh-te/tin-so-{i}-55001{i:02d}.html"><img src="/anh/{i}.jpg"></a>' if with_images else ""
        items.append(f'<li>{thumb}<h3><a href="/kinh-te/tin-so-{i}-55001{i:02d}.html">Doanh nghiệp địa phương '
                     f'mở rộng sản xuất đợt {i}</a></h3><span class="time">0{i % 9 + 1}/03/2025 08:00</span></li>')
    return "".join(items)


@pytest.mark.parametrize(
    "body",
    [
        # a section page under a dated title, thumbnails and dates, one intro line
        '<div class="trang-muc"><h1>Kinh tế địa phương</h1><div class="hom-nay">Thứ Hai, 03/03/2025 08:00</div>'
        f'<p>Tin tức kinh tế mới nhất của tỉnh, cập nhật liên tục trong ngày cho bạn đọc.</p><ul>{_teasers(8, True)}</ul></div>',
        # a latest-news box: headline links only, with a short description each
        '<section class="tin-moi"><h1>Tin mới</h1><span class="ngay">03/03/2025 08:00</span>'
        + "".join(f'<div class="muc"><a href="/xa-hoi/tin-moi-trong-ngay-so-{i}-66002{i}.html">Tin mới trong ngày '
                  f'số {i} của các huyện</a><p>Tóm tắt ngắn của tin số {i} trong ngày.</p></div>' for i in range(7))
        + "</section>",
    ],
)
def test_listing_shapes_stay_listings_even_on_an_article_shaped_url(body):
    for use_rules in (True, False):
        result = extract_article(_page(body), "https://baotinhmau.vn/kinh-te/tin-moi-nhat-trong-ngay-5500199.html",
                                 None, None, use_rules=use_rules)
        assert result.kind == "not_article", (result.title, result.body)


# --- photo stories ----------------------------------------------------------------------------

CAPTIONS = ("Sáng sớm, sương còn phủ kín thung lũng dưới chân đèo.",
            "Những thửa ruộng bậc thang bắt đầu chuyển màu vàng óng.",
            "Người dân gùi lúa về nhà theo con dốc nhỏ ven suối.",
            "Trẻ em trong bản chơi đùa trên sân phơi thóc lúc chiều muộn.")


@pytest.mark.parametrize(
    "figures",
    [
        "".join(f'<figure class="anh"><img src="/anh/{i}.jpg"><figcaption>{c} Ảnh: Lò Văn Tuấn</figcaption></figure>'
                for i, c in enumerate(CAPTIONS)),
        "".join(f'<table class="hinh"><tr><td><img src="/anh/{i}.jpg"></td></tr>'
                f'<tr><td class="chu-thich">{c} (Ảnh: Lò Văn Tuấn)</td></tr></table>' for i, c in enumerate(CAPTIONS)),
    ],
)
def test_a_photo_story_is_an_article_whose_body_is_its_captions(figures):
    html = _page('<div class="phong-su-anh"><h1>Mùa vàng trên những triền ruộng bậc thang</h1>'
                 '<p class="ngay-dang">20/09/2025 06:30</p>'
                 f'<div class="noi-dung">{figures}<p><strong>Lò Văn Tuấn</strong></p></div></div>',
                 head='<title>Mùa vàng trên những triền ruộng bậc thang</title>'
                      '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Mùa vàng trên những '
                      'triền ruộng bậc thang", "datePublished": "2025-09-20T06:30:00+07:00"}</script>')
    result = extract_article(html, "https://baotinhmau.vn/mua-vang-tren-ruong-bac-thang-4410300.html", None, None)
    assert result.kind == "article", result.reason
    assert result.body.split("\n\n") == list(CAPTIONS)
    assert result.authors == ["Lò Văn Tuấn"]


# --- related links by structure ---------------------------------------------------------------

def test_a_bare_list_of_article_links_after_the_body_is_related_and_tags_sections_social_are_not():
    html = _page(
        '<div class="bai-chi-tiet"><h1>Cầu treo bản Nà được sửa xong trước mùa mưa</h1>'
        '<span class="ngay">02/04/2025 16:10</span>'
        f'<div class="noi-dung"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>'
        '<ul class="ds">'
        '<li><a href="/thoi-su/duong-len-ban-na-duoc-trai-nhua-4410001.html">Đường lên bản Nà được trải nhựa</a></li>'
        '<li><a href="https://baotinhmau.vn/thoi-su/lop-hoc-tinh-thuong-ben-suoi-4409950.html">Lớp học tình thương '
        'bên suối</a></li>'
        '<li><a href="/thoi-su/ban-na-don-dien-luoi-quoc-gia-4409870.html#top">Bản Nà đón điện lưới quốc gia</a></li>'
        '</ul>'
        '<div class="the"><a href="/tag/cau-treo-tag.html">cầu treo miền núi các bản</a>'
        '<a href="/thoi-su">Xem thêm Thời sự của tỉnh</a>'
        '<a href="https://www.facebook.com/baotinhmau/posts/1234567">Theo dõi Báo Tỉnh Mẫu trên Facebook</a></div>'
        '</div>')
    result = extract_article(html, BRIEF_URL, None, None)
    assert [link.url for link in result.related] == [
        "https://baotinhmau.vn/thoi-su/duong-len-ban-na-duoc-trai-nhua-4410001.html",
        "https://baotinhmau.vn/thoi-su/lop-hoc-tinh-thuong-ben-suoi-4409950.html",
        "https://baotinhmau.vn/thoi-su/ban-na-don-dien-luoi-quoc-gia-4409870.html",
    ]
    assert "Đường lên bản Nà" not in result.body


@pytest.mark.parametrize("box_class", ["tin-lien-quan", "bai_lien_quan", "boxTinLienQuan", "related-posts"])
def test_related_box_by_class_in_any_separator_style(box_class):
    html = _page('<div class="bai-chi-tiet"><h1>Cầu treo bản Nà được sửa xong trước mùa mưa</h1>'
                 '<span class="ngay">02/04/2025 16:10</span>'
                 f'<div class="noi-dung"><p>{P1}</p><p>{P2}</p>'
                 f'<div class="{box_class}"><a href="/thoi-su/lop-hoc-tinh-thuong-ben-suoi-4409950.html">Lớp học tình '
                 'thương bên suối</a><a href="/thoi-su">Thời sự</a></div><p>' + P3 + '</p></div></div>')
    result = extract_article(html, BRIEF_URL, None, None)
    assert [link.title for link in result.related] == ["Lớp học tình thương bên suối"]
    assert "Lớp học tình thương" not in result.body


# --- browser-grade parsing --------------------------------------------------------------------

def test_a_document_closing_html_before_its_head_is_parsed_like_a_browser():
    html = ('<!DOCTYPE html>\n<html lang="vi" xmlns="http://www.w3.org/1999/xhtml"></html>\n'
            '<head><meta charset="utf-8"><title>Cầu treo bản Nà được sửa xong trước mùa mưa</title></head>\n<body>'
            '<div class="khung"><h1>Cầu treo bản Nà được sửa xong trước mùa mưa</h1><span class="ngay">02/04/2025 16:10</span>'
            f'<div class="noi-dung"><p>{P1}</p>'
            '<html><head><meta charset="utf-8"></head><body>'  # a second document pasted into the content
            f'<p>{P2}</p></body></html><p>{P3}</p></div></div>'
            '<footer>Bản quyền thuộc về tòa soạn.</footer>' + "<!-- bộ đếm -->" * 200 + "</body></html>")
    result = extract_article(html, BRIEF_URL, None, None)
    assert result.kind == "article", result.reason
    assert result.title == "Cầu treo bản Nà được sửa xong trước mùa mưa"
    assert result.body.split("\n\n") == [P1, P2, P3]
    assert result.provenance["parser"] == "html5"
    assert _published(result) == "2025-04-02T16:10:00+07:00"


def test_a_well_formed_page_stays_with_lxml():
    result = extract_article(BRIEF, BRIEF_URL, None, None)
    assert "parser" not in result.provenance


# --- rules never do worse than the generic path ----------------------------------------------

ARTICLE = _page('<div class="bai"><h1>Cầu treo bản Nà được sửa xong trước mùa mưa</h1><span class="ngay">02/04/2025 16:10</span>'
                f'<div class="tom-tat-nho">cầu treo mới</div><div class="than-bai"><p>{P1}</p><p>{P2}</p><p>{P3}</p></div>'
                '<div class="tin-khac">' + "".join(
                    f'<p><a href="/thoi-su/tin-khac-so-{i}-44100{i}.html">Một tin khác của chuyên mục thời sự số {i} '
                    'trong tỉnh hôm nay với tiêu đề dài</a></p>' for i in range(30)) + '</div></div>')


def _site(selectors: dict) -> Site:
    return Site(key="baotinhmau", outlet="Báo Tỉnh Mẫu", province="Tỉnh Mẫu", domains=("baotinhmau.vn",),
                family="fx", selectors=selectors)


def test_a_rule_body_far_shorter_than_the_generic_one_loses_and_provenance_says_so():
    site = _site({"body": [".tom-tat-nho"]})
    result = extract_article(ARTICLE, BRIEF_URL, site, None)
    assert result.body.split("\n\n") == [P1, P2, P3]
    assert result.provenance["body"] == "generic (site:baotinhmau found 12 chars)"


def test_a_rule_that_matches_nothing_leaves_the_field_to_the_next_layer():
    family = Family(key="fx", name="test family", selectors={"body": [".khong-co"], "title": ["h1.khong-co"],
                                                             "related": [".khong-co-hop"]})
    result = extract_article(ARTICLE, BRIEF_URL, None, family)
    assert result.kind == "article"
    assert result.body.split("\n\n") == [P1, P2, P3]
    assert (result.title, result.provenance["title"]) == ("Cầu treo bản Nà được sửa xong trước mùa mưa", "generic")
    assert result.provenance["body"] == result.provenance["related"] == "generic"


def test_a_page_the_rules_would_drop_is_extracted_by_the_generic_path():
    """The rule's body is the list of other articles: long, but all links, so a listing."""
    site = _site({"body": [".tin-khac"]})
    result = extract_article(ARTICLE, BRIEF_URL, site, None)
    assert result.kind == "article"
    assert result.body.split("\n\n") == [P1, P2, P3]
    assert result.provenance["body"] == "generic (site:baotinhmau rules: mostly links (a listing or home page))"


def test_family_rules_of_the_registry_keep_the_generic_answer_on_a_foreign_layout():
    """A OneCMS site whose page is in another template: the f1 selectors find nothing useful."""
    registry = load_registry()
    site = registry.site("baonghean")
    with_rules = extract_article(ARTICLE, "https://baonghean.vn/cau-treo-ban-na-4410021.html", site,
                                 registry.family_of(site))
    without = extract_article(ARTICLE, "https://baonghean.vn/cau-treo-ban-na-4410021.html", site,
                              registry.family_of(site), use_rules=False)
    assert (with_rules.title, with_rules.body, with_rules.sapo) == (without.title, without.body, without.sapo)


# --- the corrected family rules, on pages of their markup with other arrangements ------------

def _onecms(related_items: str) -> str:
    """OneCMS markup: the longform header inside div.b-maincontent, script-filled related boxes,
    the tag list and the section box after the body (own text)."""
    return _page(
        '<div class="l-main"><div class="c-news-detail"><div class="b-maincontent"><div class="entry">'
        '<div class="sc-longform-header block-sc-longform-header"><div class="sc-longform-header-text">'
        '<h1 class="sc-longform-header-title block-sc-title">Cầu treo bản Nà được sửa xong trước mùa mưa</h1>'
        '<div class="sc-longform-header-meta"><span class="sc-longform-header-author block-sc-author">NGỌC MAI</span>'
        '<span class="sc-text">•</span><span class="sc-longform-header-date block-sc-publish-time">02/04/2025 16:10</span>'
        '</div><p class="sc-longform-header-sapo block-sc-sapo">(Baotinhmau.vn) - Bản Nà có cây cầu mới.</p></div></div>'
        f'<p>{P1}</p><p>{P2}</p><p>{P3}</p></div></div>'
        '<div class="c-box"><div class="c-share-detail"><a href="https://www.facebook.com/sharer/sharer.php?u=x">'
        'Chia sẻ Facebook</a></div></div>'
        '<div class="c-box"><div class="c-widget-tags onecms__tags"><ul><li><h4><a href="/cau-treo-ptag.html">cầu treo '
        'bản vùng cao</a></h4></li></ul></div></div>'
        f'<div class="c-box is-orange onecms_related"><div class="c-box__title">Bài liên quan</div><ul>{related_items}</ul></div>'
        '<div class="c-box"><a href="https://baotinhmau.vn/thoi-su"><h3>Xem thêm Thời sự</h3></a>'
        '<ul class="onecms_load_view"></ul></div></div></div>')


@pytest.mark.parametrize("use_rules", [True, False])
def test_onecms_header_in_body_and_script_filled_related_box(use_rules):
    registry = load_registry()
    site = registry.site("baonghean")
    result = extract_article(_onecms(""), "https://baonghean.vn/cau-treo-ban-na-duoc-sua-xong-10240001.html", site,
                             registry.family_of(site), use_rules=use_rules)
    assert result.kind == "article", result.reason
    assert result.title == "Cầu treo bản Nà được sửa xong trước mùa mưa"
    assert result.sapo == "Bản Nà có cây cầu mới."
    assert result.body.split("\n\n") == [P1, P2, P3]
    assert result.authors == ["Ngọc Mai"]
    assert result.related == []  # empty box, a tag, a section box, a share link: nothing related


def test_onecms_related_box_when_it_holds_links():
    registry = load_registry()
    site = registry.site("baonghean")
    items = ('<li><a href="/duong-len-ban-na-duoc-trai-nhua-10239901.html">Đường lên bản Nà được trải nhựa</a></li>'
             '<li><a href="/lop-hoc-tinh-thuong-ben-suoi-10239877.html">Lớp học tình thương bên suối</a></li>')
    result = extract_article(_onecms(items), "https://baonghean.vn/cau-treo-ban-na-duoc-sua-xong-10240001.html", site,
                             registry.family_of(site))
    assert [link.url for link in result.related] == ["https://baonghean.vn/duong-len-ban-na-duoc-trai-nhua-10239901.html",
                                                     "https://baonghean.vn/lop-hoc-tinh-thuong-ben-suoi-10239877.html"]
    assert result.provenance["related"] == "family:f1"


def test_content_fck_body_in_a_font_size_wrapper_and_a_div_pubdate():
    registry = load_registry()
    site = registry.site("baocantho")
    html = _page('<ol class="breadcrumb"><li><a href="/">Trang chủ</a></li><li><a href="/doi-song/">Đời sống</a></li></ol>'
                 '<div class="box1"><div class="detail-title"><h1>Cầu treo bản Nà được sửa xong trước mùa mưa</h1></div>'
                 '<p class="pubdate">02/04/2025 - 16:10</p>'
                 '<div class="detail-desc"><div class="content-fck"><p>Bản Nà có cây cầu mới trước mùa mưa lũ năm nay, '
                 'người dân đi lại an toàn hơn.</p></div></div>'
                 f'<div id="newscontents"><div class="content-fck"><div class="fck-fontsize-wrap"><p>{P1}</p><p>{P2}</p>'
                 f'<p>{P3}</p><p class="author">Theo Dân trí</p></div></div></div></div>')
    result = extract_article(html, "https://baocantho.com.vn/cau-treo-ban-na-a200001.html", site, registry.family_of(site))
    assert result.kind == "article", result.reason
    assert result.provenance["body"] == "family:f3"
    assert result.body.split("\n\n") == [P1, P2, P3]
    assert result.sapo.startswith("Bản Nà có cây cầu mới")
    assert (result.authors, result.wire_source) == ([], "Dân trí")
    assert (result.section, result.provenance["section"]) == ("Đời sống", "family:f3")  # not "Trang chủ"
    assert "02/04/2025 - 16:10" in [c.raw for c in result.date_candidates if c.near_title]

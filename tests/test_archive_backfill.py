"""`vnnews backfill` end to end against local stand-ins for the Wayback Machine and Common Crawl.

The archives (tests/fake_archives.py) hold captures of the retired papers' own domains, written
here as synthetic pages: Báo Bắc Giang (baobacgiang.com.vn, baobacgiang.vn; folded into Báo Bắc
Ninh on 1 July 2025) from Wayback, Báo Hải Dương (baohaiduong.vn; now Báo Hải Phòng) from Common
Crawl. Each run must store exactly the real articles, under the outlet that carries the paper on,
with the original URL, the archive URL, the archive fields and the province of the time; and
count (never store) what is not an article page: redirects, 404s, soft-404s, non-HTML.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scraper.archive.read import read_pointer
from scraper.store.read import iter_records
from fake_archives import Capture, FakeArchives

FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "LOG_LEVEL=WARNING"]
PARAGRAPHS = (
    "Sáng nay, bà con nông dân trong vùng bắt đầu thu hoạch vụ quả đầu tiên của năm, sản lượng ước đạt khá cao so với cùng kỳ.",
    "Theo cán bộ khuyến nông của huyện, nhờ thời tiết thuận lợi và cách chăm sóc mới nên cây ra quả đều, ít sâu bệnh hơn mọi năm.",
    "Nhiều hộ đã liên kết với hợp tác xã để tiêu thụ, giá bán tại vườn ổn định, thương lái từ các tỉnh lân cận về thu mua từ sớm.",
    "Chính quyền địa phương cho biết sẽ tiếp tục hỗ trợ người dân mở rộng diện tích trồng theo hướng an toàn trong thời gian tới.",
)


def bbg_page(url: str, title: str, published: str, author: str) -> bytes:
    """A page in the .bbg platform's shape (family f5), with its JSON-LD."""
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": published, "author": {"@type": "Person", "name": author}}, ensure_ascii=False)
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title>'
            f'<link rel="canonical" href="{url}"><script type="application/ld+json">{ld}</script></head><body>'
            f'<div class="news-details"><h1 class="news-details__title">{title}</h1>'
            f'<div class="news_detail_sapo">Mùa vụ mới mang lại niềm vui cho người trồng cây.</div>'
            f'<div class="news-details__content link_content">{paras}<p><b>{author}</b></p></div></div>'
            f'</body></html>').encode()


def onecms_page(url: str, title: str, published: str) -> bytes:
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                     "datePublished": published}, ensure_ascii=False)
    paras = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    return (f'<html><head><meta charset="utf-8"><title>{title}</title><link rel="canonical" href="{url}">'
            f'<script type="application/ld+json">{ld}</script></head><body><div class="c-detail-head">'
            f'<h1 class="c-detail-head__title">{title}</h1></div><div class="c-news-detail">{paras}</div>'
            f'</body></html>').encode()


SOFT_404 = ('<html><head><meta charset="utf-8"><title>Không tìm thấy trang</title></head><body>'
            '<h1>404 - Không tìm thấy trang</h1><p>Trang bạn tìm không tồn tại hoặc đã bị xóa.</p>'
            '</body></html>').encode()


def vnnews(*args: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "scraper", *args], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def settings_for(archives: FakeArchives) -> list[str]:
    return ["--set", f"VNNEWS_WAYBACK_CDX_URL={archives.base}/cdx/search/cdx", "--set",
            f"VNNEWS_WAYBACK_URL={archives.base}/web", "--set", f"VNNEWS_CC_INDEX_URL={archives.base}",
            "--set", f"VNNEWS_CC_DATA_URL={archives.base}"]


A_2019 = "https://baobacgiang.com.vn/bg/kinh-te/nong-nghiep/301245/luc-ngan-vao-mua-vai-thieu.bbg"
A_2022 = "https://baobacgiang.vn/nong-dan-yen-the-thu-hoach-na-dai-postid372210.bbg"
A_WWW = "http://www.baobacgiang.com.vn/bg/xa-hoi/thanh-nien/311020/tinh-nguyen-mua-he-xanh.bbg"
A_2025 = "https://baobacgiang.vn/lang-nghe-mua-xuan-postid498877.bbg"


@pytest.fixture()
def wayback():
    with FakeArchives() as archives:
        add = archives.add
        add(Capture(A_2019, "20190702081500", body=bbg_page(A_2019, "Lục Ngạn vào mùa vải thiều", "2019-07-01T07:30:00+07:00", "Thu Hương")))
        add(Capture(A_2019, "20200115000000", body=bbg_page(A_2019, "Lục Ngạn vào mùa vải thiều (sửa)", "2019-07-01T07:30:00+07:00", "Thu Hương")))
        add(Capture(A_2022, "20220316020000", body=bbg_page(A_2022, "Nông dân Yên Thế thu hoạch na dai", "2022-03-15T09:10:00+07:00", "Minh Đức")))
        add(Capture(A_WWW, "20210801120000", body=bbg_page(A_WWW, "Tình nguyện mùa hè xanh", "2021-07-30T16:00:00+07:00", "Hải Yến")))
        add(Capture(A_2025, "20250802103000", body=bbg_page(A_2025, "Làng nghề vào mùa xuân", "2025-08-01T08:00:00+07:00", "Ngọc Lan")))
        # index rows the URL rules reject, with samples
        add(Capture("https://baobacgiang.vn/bg/kinh-te/", "20220101000000", body=b"<html>section</html>"))
        add(Capture("https://img.baobacgiang.vn/Medias/anh-1.jpg", "20220101000000", mime="image/jpeg", body=b"\xff\xd8"))
        # captures that are not article pages, whatever the index says
        add(Capture("https://baobacgiang.vn/chuyen-trang-postid400001.bbg", "20230101000000", status=301,
                    location="https://baobacgiang.vn/", body=b""))
        add(Capture("https://baobacgiang.vn/da-chuyen-postid400002.bbg", "20230101000000", replay_status=302,
                    location="https://baobacgiang.vn/", body=b""))
        add(Capture("https://baobacgiang.vn/bai-da-go-postid400003.bbg", "20230101000000", replay_status=404,
                    body=b"<html>404</html>"))
        add(Capture("https://baobacgiang.vn/trang-loi-postid400004.bbg", "20230101000000", body=SOFT_404))
        add(Capture("https://baobacgiang.vn/tai-lieu-postid400005.bbg", "20230101000000", mime="application/pdf",
                    body=b"%PDF-1.4"))
        add(Capture("https://baobacgiang.vn/anh-postid400006.bbg", "20230101000000", replay_type="image/jpeg",
                    body=b"\xff\xd8\xff"))
        # another paper's host is never asked for
        add(Capture("https://baohaiduong.vn/tin-khac-123456.html", "20220101000000", body=b"<html></html>"))
        yield archives


def test_backfill_of_a_retired_paper_from_wayback_stores_exactly_its_articles(wayback, tmp_path):
    out = tmp_path / "corpus"
    wayback.fail("/cdx/search/cdx", 429, "1")  # the archive asks to slow down once
    started = time.monotonic()
    done = vnnews("backfill", "baobacgiang", "--source", "wayback", "--out", str(out), *FAST, *settings_for(wayback))
    assert time.monotonic() - started >= 1.0  # Retry-After: 1 was honoured
    records = {r["url"]: r for r in iter_records(out)}
    assert set(records) == {A_2019, A_2022, "http://www.baobacgiang.com.vn/bg/xa-hoi/thanh-nien/311020/tinh-nguyen-mua-he-xanh.bbg",
                            A_2025}
    first = records[A_2019]
    assert first["title"] == "Lục Ngạn vào mùa vải thiều"  # the earliest capture, not the 2020 one
    assert first["fetched_url"] == f"{wayback.base}/web/20190702081500id_/{A_2019}"
    assert first["archive"] == {"source": "wayback", "captured_at": "2019-07-02T08:15:00+00:00",
                                "location": first["fetched_url"], "offset": None, "length": None}
    assert first["crawled_at"] == "2019-07-02T08:15:00+00:00"
    assert (first["site"], first["outlet"], first["province"]) == ("baobacninhtv", "Báo Bắc Ninh", "Bắc Ninh")
    assert first["published_at"] == "2019-07-01T07:30:00+07:00" and first["authors"] == ["Thu Hương"]
    for url in (A_2019, A_2022, A_WWW):
        assert records[url]["province_at_publication"] == "Bắc Giang", url
    assert records[A_2025]["province_at_publication"] == "Bắc Ninh"  # after the merger
    assert read_pointer(out, first["warc"]).url == A_2019  # the capture kept in our own archive
    manifest = json.loads(max((out / "state/runs").glob("*.json")).read_text("utf-8"))
    site = manifest["sites"]["baobacninhtv"]
    assert site["stored"] == 4
    assert site["dropped"] == {"capture_redirect": 1, "http_404": 1, "not_article": 1, "capture_not_html": 1}
    block = manifest["backfill"]["baobacgiang"]
    assert block["rejected"] == {"not_article_url": 2, "redirect": 1, "not_html": 1}
    assert block["samples"]["not_article_url"] == ["https://img.baobacgiang.vn/Medias/anh-1.jpg",
                                                   "https://baobacgiang.vn/bg/kinh-te/"] or \
        sorted(block["samples"]["not_article_url"]) == ["https://baobacgiang.vn/bg/kinh-te/",
                                                        "https://img.baobacgiang.vn/Medias/anh-1.jpg"]
    assert block["captures_chosen"] == 8
    assert "not_article_url 2" in done.stderr
    asked = wayback.paths()
    assert not any("baohaiduong" in p for p in asked)
    assert sum(p.startswith("/cdx/search/cdx?url=baobacgiang.com.vn") for p in asked) >= 2  # paged

    # exports and the report say where each copy came from
    vnnews("export", "--out", str(out), "-o", str(tmp_path / "bg.parquet"))
    import pyarrow.parquet as pq

    archive = pq.read_table(tmp_path / "bg.parquet", columns=["archive"]).column("archive").to_pylist()
    assert [a["source"] for a in archive] == ["wayback"] * 4
    card = vnnews("report", "--out", str(out), "--card", "-o", str(tmp_path / "card.md"))
    assert "- Copies: wayback 4" in (tmp_path / "card.md").read_text("utf-8"), card.stderr

    # run again: everything is done; --incremental skips what the corpus holds
    again = vnnews("backfill", "baobacgiang", "--source", "wayback", "--out", str(out), "--incremental",
                   *FAST, *settings_for(wayback))
    assert "0 stored" in again.stderr and "4 already in the corpus" in again.stderr
    assert len(list(iter_records(out))) == 4


B_2023 = "https://baohaiduong.vn/thanh-ha-vao-vu-vai-som-231456.html"
B_2024 = "https://baohaiduong.vn/cau-moi-bac-qua-song-thai-binh-245678.html"


def test_backfill_from_common_crawl_reads_records_by_range(tmp_path):
    with FakeArchives() as archives:
        archives.add(Capture(B_2023, "20230205101010", crawl="CC-MAIN-2023-06",
                             body=onecms_page(B_2023, "Thanh Hà vào vụ vải sớm", "2023-02-04T06:00:00+07:00")))
        archives.add(Capture(B_2023, "20240301000000", crawl="CC-MAIN-2024-10",
                             body=onecms_page(B_2023, "Thanh Hà vào vụ vải sớm (bản sau)", "2023-02-04T06:00:00+07:00")))
        archives.add(Capture(B_2024, "20240302000000", crawl="CC-MAIN-2024-10",
                             body=onecms_page(B_2024, "Cầu mới bắc qua sông Thái Bình", "2024-02-28T10:00:00+07:00")))
        archives.add(Capture("https://baohaiduong.vn/bai-cu-200001.html", "20240303000000", crawl="CC-MAIN-2024-10",
                             status=404, body=b"<html>404</html>"))
        archives.add(Capture("https://baohaiduong.vn/trang-loi-200002.html", "20240303000000", crawl="CC-MAIN-2024-10",
                             body=SOFT_404))
        archives.build_warcs()
        out = tmp_path / "corpus"
        done = vnnews("backfill", "baohaiduong", "--source", "commoncrawl", "--out", str(out), *FAST,
                      *settings_for(archives))
        ranges = [p for p in archives.paths() if p.startswith("/crawl-data/")]
    records = {r["url"]: r for r in iter_records(out)}
    assert set(records) == {B_2023, B_2024}
    first = records[B_2023]
    assert first["title"] == "Thanh Hà vào vụ vải sớm"  # CC-MAIN-2023-06, the earliest crawl
    cap = next(c for c in archives.captures if c.url == B_2023 and c.crawl == "CC-MAIN-2023-06")
    file_url = f"{archives.base}/{cap.cc['filename']}"
    assert first["fetched_url"] == f"{file_url}#offset={cap.cc['offset']}&length={cap.cc['length']}"
    assert first["archive"] == {"source": "commoncrawl", "captured_at": "2023-02-05T10:10:10+00:00",
                                "location": file_url, "offset": cap.cc["offset"], "length": cap.cc["length"]}
    assert (first["site"], first["province"], first["province_at_publication"]) == ("baohaiphong", "Hải Phòng", "Hải Dương")
    assert len(ranges) == 3  # the two articles and the soft-404; the 404 row never fetched
    manifest = json.loads(max((out / "state/runs").glob("*.json")).read_text("utf-8"))
    assert manifest["sites"]["baohaiphong"]["dropped"] == {"not_article": 1}
    assert manifest["backfill"]["baohaiduong"]["rejected"] == {"status_404": 1}
    assert manifest["backfill"]["baohaiduong"]["crawls"] == 2
    assert "baohaiduong (commoncrawl)" in done.stderr


def test_backfill_refuses_unknown_keys_and_former_papers_without_a_domain(tmp_path):
    for key, words in (("baonope", "unknown site or former paper"), ("baoninhbinh_bao", "has no domain")):
        done = subprocess.run([sys.executable, "-m", "scraper", "backfill", key, "--source", "wayback",
                               "--out", str(tmp_path)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 3 and words in done.stderr and "Traceback" not in done.stderr

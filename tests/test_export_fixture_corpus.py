"""A small corpus written by the tests themselves (own short Vietnamese texts), shared by the
export, read and report tests: 3 sites, several months, a .gz and a .zst file, undated records,
a former identity (Báo Bắc Giang, now Bắc Ninh) and one corrupt line.

The builder lives in a test module so that this module's own test checks every record against the
schema: the fixture cannot drift away from what the crawler stores.
"""

from __future__ import annotations

import argparse
import gzip
import json
from pathlib import Path
from typing import Any

import pytest
import zstandard

from scraper.commands import export
from scraper.record import FIELDS, content_hash, record_id, to_json_line, validation_errors

CORRUPT_LINE = '{"id": "0000000000000000", "site": "baobacninh", "title": "Bài bị cắt ngang'

# name: (site, outlet, province, province_at_publication, host, published_at, title, sapo, body,
#        authors, section, n_images, n_related)
SPECS: dict[str, tuple[Any, ...]] = {
    "qn1": ("baoquangninh", "Báo Quảng Ninh", "Quảng Ninh", "Quảng Ninh", "baoquangninh.vn",
            "2023-01-05T08:30:00+07:00", "Hạ Long đón đoàn khách du lịch đầu năm",
            "Những ngày đầu năm, vịnh Hạ Long đón nhiều đoàn khách.",
            "Sáng nay, cảng tàu khách đông vui.\n\nCác đoàn khách đi tham quan hang động.",
            ["Minh Anh"], "Du lịch", 1, 1),
    "qn2": ("baoquangninh", "Báo Quảng Ninh", "Quảng Ninh", "Quảng Ninh", "baoquangninh.vn",
            "2023-01-31T23:59:59+07:00", "Nông dân Đông Triều thu hoạch vải sớm", None,
            "Vườn vải chín sớm.\n\nXã đạt chuẩn nông thôn mới nhờ cây vải.", [], "Kinh tế", 0, 0),
    "qn3": ("baoquangninh", "Báo Quảng Ninh", "Quảng Ninh", "Quảng Ninh", "baoquangninh.vn",
            "2023-02-01T00:00:00+07:00", "Cẩm Phả khởi công trường học mới",
            "Ngôi trường mười hai lớp học được khởi công.",
            "Công trình dự kiến xong trước năm học mới.", ["Thu Hà", "Quốc Bảo"], "Giáo dục", 2, 0),
    "qn4": ("baoquangninh", "Báo Quảng Ninh", "Quảng Ninh", "Quảng Ninh", "baoquangninh.vn",
            "2024-05-20T10:00:00+07:00", "Vân Đồn mở thêm đường bay", None,
            "Sân bay Vân Đồn có thêm chuyến bay. Huyện đảo giữ vững danh hiệu Nông Thôn Mới.",
            ["Minh Anh"], "Kinh tế", 0, 2),
    "bn1": ("baobacninh", "Báo Bắc Giang", "Bắc Ninh", "Bắc Giang", "baobacgiang.vn",
            "2023-03-10T09:15:00+07:00", "Lục Ngạn vào mùa hoa", "Đồi hoa nở trắng.",
            "Người dân chăm sóc vườn cây ăn quả.", ["Hải Yến"], "Xã hội", 1, 0),
    "bn2": ("baobacninh", "Báo Bắc Giang", "Bắc Ninh", "Bắc Giang", "baobacgiang.vn",
            "2023-03-28T14:00:00+07:00", "Yên Dũng làm đường liên thôn", None,
            "Đường bê tông về tận ngõ, góp phần xây dựng nông thôn mới nâng cao.", [], None, 0, 0),
    "bn3": ("baobacninh", "Báo Bắc Ninh", "Bắc Ninh", "Bắc Ninh", "baobacninh.vn",
            "2025-08-02T07:45:00+07:00", "Bộ máy mới vận hành sau sáp nhập",
            "Các phường xã mới bắt đầu làm việc.", "Cán bộ tiếp dân từ bảy giờ sáng.",
            ["Đức Long"], "Chính trị", 0, 1),
    "ct1": ("baocantho", "Báo Cần Thơ", "Cần Thơ", "Cần Thơ", "baocantho.com.vn",
            "2024-05-02T06:00:00+07:00", "Chợ nổi Cái Răng đón khách sớm", None,
            "Ghe xuồng tấp nập từ lúc trời chưa sáng.", [], "Du lịch", 0, 0),
    "ct2": ("baocantho", "Báo Cần Thơ", "Cần Thơ", "Cần Thơ", "baocantho.com.vn",
            "2024-05-15T18:20:00+07:00", "Trường học ven sông đón học sinh",
            "Học sinh đi đò tới lớp.", "Thầy cô đón các em ở bến đò.", ["Ngọc Trâm"], "Giáo dục", 1, 2),
    "ct3": ("baocantho", "Báo Cần Thơ", "Cần Thơ", "Cần Thơ", "baocantho.com.vn",
            None, "Tuyến xe buýt ven sông ra mắt", None, "Xe buýt chạy dọc bờ sông mỗi ngày.",
            ["Ngọc Trâm"], None, 0, 0),
}

# (site, relative file) -> record names, in file order
FILES: dict[str, list[str]] = {
    "baoquangninh/2023/2023-01.jsonl": ["qn1", "qn2"],
    "baoquangninh/2023/2023-02.jsonl": ["qn3"],
    "baoquangninh/2024/2024-05.jsonl": ["qn4"],
    "baobacninh/2023/2023-03.jsonl.gz": ["bn1", "bn2"],
    "baobacninh/2025/2025-08.jsonl": ["bn3"],
    "baocantho/2024/2024-05.jsonl.zst": ["ct1", "ct2"],
    "baocantho/undated.jsonl": ["ct3"],
}
CORRUPT_FILE = "baobacninh/2025/2025-08.jsonl"  # the corrupt line is its second line
ALL = [name for names in FILES.values() for name in names]  # corpus order: see test_read


def make_record(name: str) -> dict[str, Any]:
    (site, outlet, province, at_pub, host, published, title, sapo, body,
     authors, section, n_images, n_related) = SPECS[name]
    url = f"https://{host}/bai-{name}-{len(title)}.html"
    record = {
        "schema_version": 1, "id": record_id(url), "url": url, "fetched_url": url, "site": site,
        "outlet": outlet, "province": province, "province_at_publication": at_pub, "language": "vi",
        "title": title, "sapo": sapo, "body": body, "authors": authors, "wire_source": None,
        "published_at": published, "published_at_raw": published and published[:16].replace("T", " "),
        "published_at_source": published and "meta", "published_at_precision": published and "second",
        "modified_at": None, "section": section, "tags": [section] if section else [],
        "images": [{"url": f"https://{host}/anh/{name}-{i}.jpg", "caption": f"Ảnh {i + 1}" if i == 0 else None,
                    "credit": "Ảnh: phóng viên"} for i in range(n_images)],
        "related": [{"url": f"https://{host}/lien-quan-{name}-{i}.html", "title": f"Tin liên quan số {i + 1}"}
                    for i in range(n_related)],
        "crawled_at": "2026-11-01T03:00:00+00:00", "http_status": 200,
        "content_hash": content_hash(title, sapo, body), "extractor_version": "test-1",
        "provenance": {"title": "og:title", "body": "family"}, "version": 1,
        "previous_content_hash": None, "warnings": [] if published else ["no_date"],
    }
    return {k: record[k] for k in FIELDS if k in record}  # a v1 line: no v2 fields


def write_corpus(out: Path, corrupt: bool = True) -> dict[str, dict[str, Any]]:
    """Write the corpus under ``out/corpus``; return every record by its short name."""
    records = {name: make_record(name) for name in SPECS}
    for rel, names in FILES.items():
        path = out / "corpus" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        lines = [to_json_line(records[n]) for n in names]
        if corrupt and rel == CORRUPT_FILE:
            lines.insert(1, CORRUPT_LINE + "\n")
        data = "".join(lines).encode("utf-8")
        if rel.endswith(".gz"):
            data = gzip.compress(data)
        elif rel.endswith(".zst"):
            data = zstandard.ZstdCompressor().compress(data)
        path.write_bytes(data)
    return records


def ids(*names: str) -> list[str]:
    return [make_record(n)["id"] for n in names]


@pytest.mark.parametrize("name", sorted(SPECS))
def test_fixture_records_are_valid_schema_v1(name: str) -> None:
    assert validation_errors(make_record(name)) == []


def test_fixture_corrupt_line_is_not_json() -> None:
    with pytest.raises(json.JSONDecodeError):
        json.loads(CORRUPT_LINE)


def run_export_cli(argv: list[str]) -> int:
    """``vnnews export ARGV`` through the command module itself (the dispatcher's other commands
    are other people's work and may be mid-change)."""
    parser = argparse.ArgumentParser(prog="vnnews export")
    export.add_arguments(parser)
    return export.run(parser.parse_args(argv))

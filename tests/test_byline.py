"""Byline strings as Vietnamese papers print them (own example names) → authors, wire source."""

from __future__ import annotations

import pytest

from scraper.extract.byline import is_name, is_outlet_name, parse_byline
from scraper.extract.names import reading_case


@pytest.mark.parametrize(
    ("raw", "authors", "wire"),
    [
        ("Duy Khoa", ["Duy Khoa"], None),
        ("Minh Hà", ["Minh Hà"], None),
        ("Tin, ảnh: P.Y", ["P.Y"], None),
        ("Bài và ảnh: Thanh Tùng", ["Thanh Tùng"], None),
        ("Bài, ảnh: Lê Hoa", ["Lê Hoa"], None),
        ("Nhóm PV", ["Nhóm PV"], None),
        ("PV", ["PV"], None),
        ("Quang Vinh - Thu Trang", ["Quang Vinh", "Thu Trang"], None),
        ("Hoàng Nam, Kim Chi và Đức Anh", ["Hoàng Nam", "Kim Chi", "Đức Anh"], None),
        ("Hồng Nhung (tổng hợp)", ["Hồng Nhung"], None),
        ("HẢI ĐĂNG - MAI LAN", ["Hải Đăng", "Mai Lan"], None),  # capitals in reading case
        ("LÊ VY và 2 tác giả khác", ["Lê Vy"], None),
        ("T.Hà", ["T.Hà"], None),
        ("T.HÀ", ["T.Hà"], None),
        ("P.Y", ["P.Y"], None),
        ("NHÓM PV", ["Nhóm PV"], None),  # the abbreviation keeps its print
        ("Tin: Khánh Linh - Ảnh: Bảo Ngọc", ["Khánh Linh", "Bảo Ngọc"], None),  # role labels
        ("Bài: Thuỳ Dương; ảnh: QUỐC TRUNG", ["Thuỳ Dương", "Quốc Trung"], None),
        ("Nội dung: Hữu Phước | Đồ họa: Gia Bảo", ["Hữu Phước", "Gia Bảo"], None),
        ("Việt Hà - Ảnh: Minh Khôi", ["Việt Hà", "Minh Khôi"], None),
        ("Lâm Tùng •", ["Lâm Tùng"], None),  # the header line's separator dot
        ("Theo TTXVN", [], "TTXVN"),
        ("Theo VOV", [], "VOV"),
        ("(Theo Reuters)", [], "Reuters"),
        ("Theo báo Nhân Dân", [], "Nhân Dân"),
        ("Nguồn: Vietnamplus.vn", [], "Vietnamplus.vn"),
        ("Theo Phạm Tuấn", ["Phạm Tuấn"], None),
        ("Theo Vietnamnet", [], "Vietnamnet"),  # an outlet: not a Vietnamese personal name
        ("Theo Zing", [], "Zing"),
        ("Theo Thanh Niên", [], "Thanh Niên"),  # a paper whose name reads like a person's
        ("Theo Dân trí", [], "Dân trí"),
        ("Ngọc Ánh (theo AFP)", ["Ngọc Ánh"], "AFP"),
    ],
)
def test_bylines(raw, authors, wire):
    parsed = parse_byline(raw)
    assert parsed is not None
    assert list(parsed.authors) == authors
    assert parsed.wire_source == wire


@pytest.mark.parametrize(
    "raw",
    [
        "Ảnh: Thu Trang",  # a photo credit, not a byline
        "Video: Minh Quân",
        "Ảnh: Ngọc Hân - Video: Trung Kiên",  # picture credits only
        "Người dân dự lễ khánh thành. Ảnh: Ngọc Hân",  # a caption with its credit
        "Tin: hội nghị tổng kết năm",
        "Theo kế hoạch năm nay",
        "Xin cảm ơn bà!",
        "giá lúa tăng nhẹ",
        "Ngày 12/3, đoàn công tác đến thăm xã",
        "Người dân phấn khởi đón mùa lúa mới trên khắp các cánh đồng của huyện",
        "",
    ],
)
def test_not_bylines(raw):
    assert parse_byline(raw) is None


@pytest.mark.parametrize(
    ("printed", "read"),
    [("NHẬT XUÂN", "Nhật Xuân"), ("ĐỖ HIỀN", "Đỗ Hiền"), ("H'HEN NIÊ", "H'Hen Niê"), ("T.HÀ", "T.Hà"),
     ("P.Y", "P.Y"), ("PV", "PV"), ("VOV", "VOV"), ("Nguyễn Văn An", "Nguyễn Văn An"), ("NHÓM PV", "Nhóm PV")],
)
def test_names_in_capitals_are_read_in_title_case(printed, read):
    assert reading_case(printed) == read


@pytest.mark.parametrize(("name", "ok"), [("Nguyễn Văn An", True), ("P.Y", True), ("nguyễn an", False),
                                           ("Sáng 12 3", False), ("Chủ tịch UBND tỉnh phát biểu tại hội nghị", False)])
def test_is_name(name, ok):
    assert is_name(name) is ok


@pytest.mark.parametrize(
    ("name", "outlet"),
    [("VnExpress", True), ("TUOI TRE ONLINE", True), ("baochinhphu.vn", True), ("Báo Lào Cai", True),
     ("https://www.facebook.com/baomoi", True), ("Dân Trí", True), ("Minh Chiến", False), ("Lê Phương", False)],
)
def test_outlet_names_are_never_authors(name, outlet):
    assert is_outlet_name(name, ["Báo Dân trí", "Báo Tuổi Trẻ", "VnExpress", "Báo Lào Cai"]) is outlet

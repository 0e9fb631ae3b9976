"""`vnnews extract` end to end on real provincial pages and on bad input, as a user runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from scraper.record import validation_errors

ROOT = Path(__file__).resolve().parent.parent
NOW = "2026-11-29T10:00:00+07:00"


def vnnews(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scraper", *args], cwd=ROOT, capture_output=True, text=True, input=stdin
    )


def _extract_one(path: Path) -> dict:
    out = vnnews("extract", str(path), "--now", NOW)
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert validation_errors(record) == []
    assert "\\u" not in lines[0]  # UTF-8 as is, no escapes
    return record


def test_lao_cai_article(real_pages):
    rec = _extract_one(real_pages / "pages/baolaocai.vn/crawllatest-sample-article.html")
    assert rec["site"] == "baolaocai"
    assert rec["url"] == "https://baolaocai.vn/song-dep-tu-nhung-dieu-gian-di-post404649.html"
    assert rec["title"] == "Sống đẹp từ những điều giản dị"
    assert rec["published_at"] == "2025-06-17T13:43:02+07:00"
    assert rec["authors"] == ["Anh Dũng"]
    assert rec["body"].startswith("Từ nhiệm vụ chuyên môn quân sự đến")
    assert rec["body"].endswith("góp sức bằng những việc làm ý nghĩa.")
    assert "Anh Dũng" not in rec["body"][-200:]
    assert rec["province"] == "Lào Cai"
    assert rec["crawled_at"] == "2026-11-29T03:00:00+00:00"


def test_can_tho_article(real_pages):
    rec = _extract_one(real_pages / "pages/baocantho.com.vn/crawllatest-article.html")
    assert rec["site"] == "baocantho"
    assert rec["title"].startswith("Tập trung triển khai các đợt thanh tra, kiểm tra có trọng tâm")
    assert rec["title"].endswith("nhất là các lĩnh vực có nguy cơ")
    assert "THỜI SỰ" not in rec["title"]  # the breadcrumb <h1> is a trap
    assert rec["published_at"] == "2026-01-08T18:21:00+07:00"  # JSON-LD has the day only
    assert rec["authors"] == ["P.Y"]
    lead = rec["sapo"] if rec["sapo"] and rec["sapo"].startswith("Ngày 8-1") else rec["body"]
    assert lead.startswith("Ngày 8-1, Phó Thủ tướng Thường")
    assert "(CTO)" not in rec["body"]
    assert rec["body"].endswith("đáp ứng yêu cầu nhiệm vụ của ngành.")
    assert "Tin, ảnh" not in rec["body"]


def test_bad_files_give_one_line_each_and_the_rest_still_run(tmp_path, real_pages):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"")
    binary = tmp_path / "image.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    text = tmp_path / "notes.html"
    text.write_text("just a note, no markup at all\n", "utf-8")
    good = real_pages / "pages/baolaocai.vn/crawllatest-sample-article.html"
    missing = tmp_path / "missing.html"
    out = vnnews("extract", str(empty), str(binary), str(good), str(text), str(missing), "--now", NOW)
    assert out.returncode == 1
    assert len(out.stdout.splitlines()) == 1  # the good page still came out
    errors = out.stderr.splitlines()
    assert len(errors) == 4, out.stderr
    assert errors[0] == f"vnnews extract: {empty}: empty file"
    assert errors[1].startswith(f"vnnews extract: {binary}: ") and "binary" in errors[1]
    assert errors[2] == f"vnnews extract: {text}: not an HTML page"
    assert errors[3].startswith(f"vnnews extract: {missing}: ")
    assert "Traceback" not in out.stderr


def test_unknown_site_is_a_configuration_error(real_pages):
    out = vnnews("extract", str(real_pages / "pages/baolaocai.vn/crawllatest-sample-article.html"), "--site", "nope")
    assert out.returncode == 3
    assert out.stderr.strip() == "vnnews extract: unknown site 'nope'; `vnnews sites` lists the known keys"


def test_help_explains_commands():
    out = vnnews("--help")
    assert out.returncode == 0
    for command in ("crawl", "extract", "sites", "parse-date", "export", "stats", "report", "demo"):
        assert command in out.stdout


def test_every_command_has_help_with_an_example():
    from scraper.cli import COMMANDS

    for command in COMMANDS:
        out = vnnews(command, "--help")
        assert out.returncode == 0, (command, out.stderr)
        assert "usage: vnnews " + command in out.stdout
        assert "vnnews " + command in out.stdout.split("options:")[0].split("\n", 2)[-1], command


UNKNOWN_PAGE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Hợp tác xã chè mở rộng vùng nguyên liệu - Tin Vùng Cao</title>
<link rel="canonical" href="https://www.tin-vung-cao.example/hop-tac-xa-che-mo-rong-vung-nguyen-lieu-884211.html">
</head><body><header><a href="/">Trang chủ</a></header><main><article>
<h1>Hợp tác xã chè mở rộng vùng nguyên liệu</h1><div class="meta"><span class="time">14/08/2025 09:20</span></div>
<div class="noidung"><p>Hợp tác xã chè của xã vùng cao vừa ký thêm hợp đồng với bốn mươi hộ trồng chè để mở rộng vùng
nguyên liệu sạch phục vụ chế biến.</p><p><strong>Khánh Vy</strong></p></div></article></main>
<footer>Liên hệ</footer></body></html>"""


def test_a_page_of_a_site_not_in_the_registry_gets_a_marked_record(tmp_path):
    page = tmp_path / "tin-vung-cao.html"
    page.write_text(UNKNOWN_PAGE, "utf-8")
    rec = _extract_one(page)
    assert rec["site"] == "tin_vung_cao_example"
    assert rec["outlet"] == "tin-vung-cao.example"
    assert rec["province"] is None and rec["province_at_publication"] is None
    assert rec["warnings"] == ["unregistered_site"]
    assert rec["provenance"]["site"] == "host"
    assert rec["provenance"]["body"] == "generic"
    assert rec["url"] == "https://www.tin-vung-cao.example/hop-tac-xa-che-mo-rong-vung-nguyen-lieu-884211.html"
    assert rec["title"] == "Hợp tác xã chè mở rộng vùng nguyên liệu"
    assert rec["published_at"] == "2025-08-14T09:20:00+07:00"
    assert rec["body"].startswith("Hợp tác xã chè của xã vùng cao") and rec["body"].endswith("phục vụ chế biến.")
    assert rec["authors"] == ["Khánh Vy"]
    help_text = vnnews("extract", "--help").stdout
    assert "unregistered_site" in help_text

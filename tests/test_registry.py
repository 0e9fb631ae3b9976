"""The shipped registry of provincial outlets: coverage of the 34 units and the 63 old provinces,
`vnnews sites` (table, --json, --check, --sites-file) and the province an article was published in."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from scraper.registry import Registry, Site, load_registry
from scraper.registry.model import expand_dated

ROOT = Path(__file__).resolve().parent.parent

# SITES.md §1: the 34 provinces and cities in force from 1 July 2025.
CURRENT_UNITS = [
    "Hà Nội", "Huế", "Hải Phòng", "Đà Nẵng", "TP Hồ Chí Minh", "Cần Thơ", "Cao Bằng", "Lai Châu",
    "Điện Biên", "Lạng Sơn", "Sơn La", "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh",
    "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên", "Ninh Bình",
    "Quảng Trị", "Quảng Ngãi", "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Đồng Nai",
    "Tây Ninh", "Vĩnh Long", "Đồng Tháp", "An Giang", "Cà Mau",
]

# SITES.md §2: the 63 provinces and cities before the merger, by region.
PRE_MERGER_PROVINCES = [
    # North (25)
    "Hà Nội", "Hải Phòng", "Hải Dương", "Quảng Ninh", "Bắc Giang", "Bắc Ninh", "Hưng Yên",
    "Thái Bình", "Hà Nam", "Nam Định", "Ninh Bình", "Vĩnh Phúc", "Phú Thọ", "Hòa Bình",
    "Thái Nguyên", "Bắc Kạn", "Tuyên Quang", "Hà Giang", "Lào Cai", "Yên Bái", "Cao Bằng",
    "Lạng Sơn", "Điện Biên", "Lai Châu", "Sơn La",
    # North Central (6)
    "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế",
    # South Central Coast (8)
    "Đà Nẵng", "Quảng Nam", "Quảng Ngãi", "Bình Định", "Phú Yên", "Khánh Hòa", "Ninh Thuận",
    "Bình Thuận",
    # Central Highlands (5)
    "Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Lâm Đồng",
    # Southeast (6)
    "Bình Phước", "Tây Ninh", "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "TP Hồ Chí Minh",
    # Mekong Delta (13)
    "Long An", "Tiền Giang", "Bến Tre", "Trà Vinh", "Vĩnh Long", "Đồng Tháp", "An Giang",
    "Kiên Giang", "Cần Thơ", "Hậu Giang", "Sóc Trăng", "Bạc Liêu", "Cà Mau",
]

# The hosts SITES.md §5 reports with a broken TLS chain; nothing else may skip verification.
BROKEN_TLS = {"travinh.baovinhlong.vn", "baotravinh.vn", "baoapbac.vn"}


@pytest.fixture(scope="module")
def registry() -> Registry:
    return load_registry()


def provincial(registry: Registry) -> list[Site]:
    return [s for s in registry.sites.values() if s.kind == "provincial"]


def vnnews(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "scraper", "sites", *args],
        check=False, cwd=ROOT, capture_output=True, text=True, timeout=60,
    )


# -- coverage -------------------------------------------------------------------------------

def test_the_lists_in_this_test_have_the_right_length() -> None:
    assert len(set(CURRENT_UNITS)) == 34
    assert len(set(PRE_MERGER_PROVINCES)) == 63


def test_every_current_unit_has_exactly_one_outlet(registry: Registry) -> None:
    provinces = Counter(s.province for s in provincial(registry))
    assert provinces == Counter(CURRENT_UNITS)


def test_every_pre_merger_province_appears_exactly_once(registry: Registry) -> None:
    seen = Counter(p for s in provincial(registry) for p in s.pre_merger_provinces)
    assert seen == Counter(PRE_MERGER_PROVINCES)


@pytest.mark.parametrize(("old_key", "outlet_key", "province"), [
    ("baobacgiang", "baobacninhtv", "Bắc Giang"),
    ("baohaiduong", "baohaiphong", "Hải Dương"),
    ("baobinhduong", "sggp", "Bình Dương"),
    ("baobariavungtau", "sggp", "Bà Rịa - Vũng Tàu"),
    ("baoyenbai", "baolaocai", "Yên Bái"),
    ("baodongkhoi", "baovinhlong", "Bến Tre"),
    ("baoapbac", "baodongthap", "Tiền Giang"),
    ("baothuathienhue", "huengaynay", "Thừa Thiên Huế"),
])
def test_merged_papers_are_former_identities_of_the_absorbing_outlet(
    registry: Registry, old_key: str, outlet_key: str, province: str
) -> None:
    former = {f.key: f for f in registry.site(outlet_key).former}[old_key]
    assert former.province == province
    assert former.domains, "a paper that merged away keeps its old domains"


def test_the_three_original_entries_keep_their_keys_and_current_domains(registry: Registry) -> None:
    assert registry.site("baoquangninh").domains[:2] == ("baoquangninh.vn", "baoquangninh.com.vn")
    assert registry.site("baolaocai").domains[0] == "baolaocai.vn"
    assert registry.site("baocantho").domains[0] == "baocantho.com.vn"


def test_merger_dates_are_the_day_before_1_july_2025_except_hue(registry: Registry) -> None:
    untils = {f.key: f.until for s in provincial(registry) for f in s.former}
    assert untils.pop("baothuathienhue") == date(2024, 12, 31)
    undated = {k for k, v in untils.items() if v is None}
    assert undated == {"hanoimoi_bao", "baocaobang_bao", "baonghean_bao"}  # renames of unknown date
    assert {v for v in untils.values() if v is not None} == {date(2025, 6, 30)}


def test_every_entry_says_its_evidence_and_that_nothing_was_checked_live(registry: Registry) -> None:
    for site in provincial(registry):
        for verified in [site.verified] + [f.verified for f in site.former]:
            assert verified[:1] in "ABC" and verified[:1], (site.key, verified)
            assert "not checked live" in verified, (site.key, verified)


def test_tls_verification_is_off_only_for_the_hosts_sites_md_reports(registry: Registry) -> None:
    assert all(s.tls_verify for s in registry.sites.values())
    insecure = {h for s in registry.sites.values() for h in s.tls_insecure_hosts}
    assert insecure == BROKEN_TLS
    vinhlong = registry.site("baovinhlong")
    assert not vinhlong.verify_tls_for("travinh.baovinhlong.vn")
    assert vinhlong.verify_tls_for("baovinhlong.com.vn")
    assert vinhlong.verify_tls_for("dongkhoi.baovinhlong.vn")


# -- province at publication ---------------------------------------------------------------

@pytest.mark.parametrize(("site", "url", "published", "province"), [
    ("baobacninhtv", "https://baobacgiang.com.vn/bg/kinh-te/123/cau-moi.bbg", "2022-05-04T09:30:00+07:00", "Bắc Giang"),
    ("baobacninhtv", "https://baobacgiang.vn/cau-moi-postid77.bbg", "2026-02-01T08:00:00+07:00", "Bắc Ninh"),
    ("baobacninhtv", "https://en.baobacgiang.vn/new-bridge-postid8.bbg", "2023-01-10T08:00:00+07:00", "Bắc Giang"),
    ("baobacninhtv", "https://baobacgiang.vn/cau-moi-postid77.bbg", None, "Bắc Giang"),
    ("baobacninhtv", "https://baobacninhtv.vn/hoi-lang-postid5.bbg", "2026-02-01T08:00:00+07:00", "Bắc Ninh"),
    ("baobacninhtv", "https://baobacninhtv.vn/hoi-lang-postid5.bbg", "2024-02-01T08:00:00+07:00", "Bắc Ninh"),
    # the merger boundary is a Vietnam calendar day, whatever offset the timestamp carries
    ("baobacninhtv", "https://baobacgiang.vn/a-postid1.bbg", "2025-06-30T23:59:00+07:00", "Bắc Giang"),
    ("baobacninhtv", "https://baobacgiang.vn/a-postid1.bbg", "2025-06-30T17:30:00+00:00", "Bắc Ninh"),
    ("baobacninhtv", "https://baobacgiang.vn/a-postid1.bbg", "2025-06-30", "Bắc Giang"),
    ("baolaocai", "https://baolaocai.vn/mua-lua-post1.html", "2022-09-10T15:05:37+07:00", "Lào Cai"),
    ("baolaocai", "https://baoyenbai.com.vn/12/300/mua-lua.aspx", "2024-03-01T10:00:00+07:00", "Yên Bái"),
    ("huengaynay", "https://huengaynay.vn/van-hoa/le-hoi-123.html", "2022-04-30T07:00:00+07:00", "Thừa Thiên Huế"),
    ("huengaynay", "https://huengaynay.vn/van-hoa/le-hoi-124.html", "2025-03-01T07:00:00+07:00", "Huế"),
    ("baovinhlong", "https://dongkhoi.baovinhlong.vn/kinh-te/dua-a12.html", "2024-11-02T06:00:00+07:00", "Bến Tre"),
    ("baovinhlong", "https://dongkhoi.baovinhlong.vn/kinh-te/dua-a13.html", "2025-08-02T06:00:00+07:00", "Vĩnh Long"),
    ("baovinhlong", "https://baovinhlong.com.vn/kinh-te/202401/cau-moi-1234/", "2024-01-05T06:00:00+07:00", "Vĩnh Long"),
    ("baocantho", "https://baosoctrang.org.vn/kinh-te/202411/lua-f8b6c2a/", "2024-11-20T06:00:00+07:00", "Sóc Trăng"),
    ("sggp", "https://www.sggp.org.vn/kinh-te/cho-moi-post5.html", "2023-07-01T06:00:00+07:00", "TP Hồ Chí Minh"),
])
def test_province_at_publication(registry: Registry, site: str, url: str, published: str | None, province: str) -> None:
    assert registry.site(site).province_at(url, published) == province


def test_the_record_carries_the_province_at_publication(registry: Registry) -> None:
    from datetime import UTC, datetime

    from scraper.dates.types import DateCandidate
    from scraper.extract.result import Extraction
    from scraper.page import RawPage
    from scraper.process import Draft, normalise

    url = "https://baobacgiang.com.vn/bg/kinh-te/123/cau-moi.bbg"
    page = RawPage(url=url, final_url=url, status=200, html="<html></html>", site="baobacninhtv",
                   fetched_at=datetime(2026, 11, 29, 5, 0, tzinfo=UTC))
    extraction = Extraction(kind="article", title="Cầu mới bắc qua sông Thương", body="Cây cầu nối hai bờ.",
                            date_candidates=[DateCandidate(raw="2022-05-04T09:30:00+07:00", source="meta")])
    record = normalise(Draft(page=page, site=registry.site("baobacninhtv"), extraction=extraction))
    assert record["published_at"] == "2022-05-04T09:30:00+07:00"
    assert (record["province"], record["province_at_publication"]) == ("Bắc Ninh", "Bắc Giang")


# -- dated sitemaps -----------------------------------------------------------------------

@pytest.mark.parametrize(("template", "first", "last", "expected"), [
    ("https://x.vn/sitemaps/news-{yyyy}-{m}.xml", date(2024, 11, 20), date(2025, 1, 5),
     ["https://x.vn/sitemaps/news-2024-11.xml", "https://x.vn/sitemaps/news-2024-12.xml",
      "https://x.vn/sitemaps/news-2025-1.xml"]),
    ("https://x.vn/sitemap-article-{yyyy}-{mm}-{dd}.xml", date(2024, 2, 28), date(2024, 3, 1),
     ["https://x.vn/sitemap-article-2024-02-28.xml", "https://x.vn/sitemap-article-2024-02-29.xml",
      "https://x.vn/sitemap-article-2024-03-01.xml"]),
    ("https://x.vn/sitemap-{yyyy}.xml.gz", date(2023, 12, 31), date(2024, 1, 1),
     ["https://x.vn/sitemap-2023.xml.gz", "https://x.vn/sitemap-2024.xml.gz"]),
    ("https://x.vn/sitemaps/news-{yyyy}-{m}.xml", date(2024, 3, 2), date(2024, 3, 1), []),
])
def test_expand_dated(template: str, first: date, last: date, expected: list[str]) -> None:
    assert expand_dated(template, first, last) == expected


def test_sggp_monthly_sitemaps_over_a_window(registry: Registry) -> None:
    urls = registry.site("sggp").dated_sitemap_urls(date(2024, 12, 15), date(2025, 2, 1))
    assert urls == [f"https://www.sggp.org.vn/sitemaps/news-{m}.xml" for m in ("2024-12", "2025-1", "2025-2")]


# -- the command ---------------------------------------------------------------------------

def test_check_passes_on_the_shipped_registry() -> None:
    done = vnnews("--check")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("registry OK: ")
    assert "34 provincial outlets covering 63 pre-merger provinces" in done.stdout


def test_json_has_every_site_with_former_identities_and_iso_dates(registry: Registry) -> None:
    done = vnnews("--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert set(data["sites"]) == set(registry.sites)
    assert set(data["families"]) == set(registry.families)
    bacninh = data["sites"]["baobacninhtv"]
    assert bacninh["outlet"] == "Báo Bắc Ninh" and bacninh["domains"] == ["baobacninhtv.vn"]
    giang = next(f for f in bacninh["former"] if f["key"] == "baobacgiang")
    assert giang["until"] == "2025-06-30"
    assert giang["domains"] == ["baobacgiang.vn", "baobacgiang.com.vn"]


def test_table_lists_outlets_and_their_former_papers(registry: Registry) -> None:
    done = vnnews()
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["KEY", "PROVINCE", "OUTLET", "DOMAINS", "DISCOVERY"]
    qn = next(line for line in lines if line.startswith("baoquangninh "))
    assert "Quảng Ninh" in qn and "baoquangninh.vn baoquangninh.com.vn" in qn and qn.endswith("9 feeds, 1 listing")
    former = next(line for line in lines if line.strip().startswith("<- baobacgiang "))
    assert "Bắc Giang" in former and "until 2025-06-30" in former
    assert [line.split()[0] for line in lines[1:] if not line.startswith(" ")] == sorted(
        registry.sites, key=lambda k: (registry.sites[k].kind != "provincial", k))


MIRROR = """
[sites.baoquangninh]
outlet = "Báo Quảng Ninh (bản sao cục bộ)"
province = "Quảng Ninh"
scheme = "http"
domains = ["127.0.0.1:8765"]
family = "f6"
feeds = ["http://127.0.0.1:8765/rss/news/kinh-te.rss"]
listings = [{ url = "http://127.0.0.1:8765/chinh-tri", pagination = "http://127.0.0.1:8765/chinh-tri?page={page}" }]
verified = "local mirror for tests"

[sites.baothu]
outlet = "Báo Thử Nghiệm"
province = "Quảng Ninh"
scheme = "http"
domains = ["127.0.0.1:8766"]
dated_sitemaps = ["http://127.0.0.1:8766/sitemaps/news-{yyyy}-{m}.xml"]
verified = "local demo site"
"""


def test_sites_file_replaces_an_entry_and_adds_one(tmp_path: Path) -> None:
    mine = tmp_path / "mirror.toml"
    mine.write_text(MIRROR, encoding="utf-8")
    done = vnnews("--json", "--sites-file", str(mine))
    assert done.returncode == 0, done.stderr
    sites = json.loads(done.stdout)["sites"]
    assert sites["baoquangninh"]["domains"] == ["127.0.0.1:8765"]
    assert sites["baoquangninh"]["feeds"] == ["http://127.0.0.1:8765/rss/news/kinh-te.rss"]
    assert sites["baoquangninh"]["former"] == []
    assert sites["baothu"]["outlet"] == "Báo Thử Nghiệm"
    assert len(sites) == len(load_registry().sites) + 1
    assert vnnews("--check", "--sites-file", str(mine)).returncode == 0


BROKEN = """
[sites.baomoi_a]
outlet = "Báo A"
province = "Quảng Ninh"
domains = ["baolaocai.vn"]
family = "f99"
feeds = ["htp://baomoi-a.vn/rss", "https://baomoi-b.vn/rss"]
listings = [{ url = "https://baolaocai.vn/tin", pagination = "https://baolaocai.vn/tin?trang=2" }]
verified = "C: test"
"""


def test_check_reports_each_problem_on_its_own_line_and_exits_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(BROKEN, encoding="utf-8")
    done = vnnews("--check", "--sites-file", str(bad))
    assert done.returncode == 3
    lines = done.stderr.splitlines()
    expected = [
        "vnnews sites: site 'baomoi_a': unknown family 'f99'",
        "vnnews sites: site 'baomoi_a': feed 'htp://baomoi-a.vn/rss' is not an absolute http(s) URL",
        "vnnews sites: site 'baomoi_a': feed 'https://baomoi-b.vn/rss' is not on the site's own hosts",
        "vnnews sites: site 'baomoi_a': listing 'https://baolaocai.vn/tin': pagination 'https://baolaocai.vn/tin?trang=2' has no {page}",
        "vnnews sites: site 'baomoi_a': domain 'baolaocai.vn' is already listed by site 'baolaocai'",
    ]
    for want in expected:
        assert any(line.startswith(want) for line in lines), (want, lines)
    assert lines[-1] == f"vnnews sites: {len(lines) - 1} problem(s) in the registry"
    assert done.stdout == ""


def test_unreadable_registry_is_one_line_and_exit_3(tmp_path: Path) -> None:
    bad = tmp_path / "bad-date.toml"
    bad.write_text('[sites.x]\noutlet = "Báo X"\ndomains = ["x.vn"]\n'
                   '[[sites.x.former]]\noutlet = "Báo Y"\nprovince = "Y"\ndomains = ["y.vn"]\nuntil = "2025-02-30"\n',
                   encoding="utf-8")
    done = vnnews("--check", "--sites-file", str(bad))
    assert done.returncode == 3
    assert done.stderr == f"vnnews sites: {bad}: site 'x': malformed field: until '2025-02-30' is not a date like 2025-06-30\n"
    missing = vnnews("--sites-file", str(tmp_path / "nope.toml"))
    assert missing.returncode == 3 and missing.stderr.count("\n") == 1 and "nope.toml" in missing.stderr

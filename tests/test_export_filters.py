"""`vnnews export` filters on the fixture corpus: exact record sets, in corpus order."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_export_fixture_corpus import ids, make_record, run_export_cli, write_corpus

from scraper.export.fold import fold, folded_pattern, strip_marks
from scraper.export.provinces import BEFORE_2025, FROM_2025, province_key
from scraper.record import to_json_line

ALL_IN_ORDER = ["bn1", "bn2", "bn3", "ct1", "ct2", "ct3", "qn1", "qn2", "qn3", "qn4"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out)
    return out


def exported_ids(corpus: Path, tmp_path: Path, *argv: str) -> list[str]:
    target = tmp_path / "out.jsonl"
    assert run_export_cli(["--out", str(corpus), "-o", str(target), *argv]) == 0
    return [json.loads(line)["id"] for line in target.read_text("utf-8").splitlines()]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], ALL_IN_ORDER),
        (["--site", "baoquangninh", "--site", "baocantho"], ["ct1", "ct2", "ct3", "qn1", "qn2", "qn3", "qn4"]),
        (["--province", "quang ninh"], ["qn1", "qn2", "qn3", "qn4"]),
        (["--province", "Bắc Giang"], ["bn1", "bn2"]),  # former province, matched at publication
        (["--province", "BAC NINH"], ["bn1", "bn2", "bn3"]),  # current province of all three
        (["--province", "Cần Thơ", "--province", "thanh pho can tho"], ["ct1", "ct2", "ct3"]),
        (["--province", "Lào Cai"], []),  # a real province with no record here
        (["--since", "2023-02-01", "--until", "2023-03-10"], ["bn1", "qn3"]),
        (["--until", "2023-01"], ["qn1", "qn2"]),  # a month means its last day
        (["--since", "2024", "--until", "2024"], ["ct1", "ct2", "qn4"]),
        (["--since", "2025-08-02"], ["bn3"]),
        (["--query", "nông thôn mới"], ["bn2", "qn2", "qn4"]),  # case-insensitive
        (["--query", "nong thon moi"], []),
        (["--query", "nong thon moi", "--fold"], ["bn2", "qn2", "qn4"]),
        (["--query", "DONG TRIEU", "--fold"], ["qn2"]),  # đ folds to d; title field
        (["--query", "phường xã"], ["bn3"]),  # sapo field
        (["--query", r"Hạ Long|Vân Đồn", "--regex"], ["qn1", "qn4"]),
        (["--query", r"^van don|ha long\b", "--regex", "--fold"], ["qn1", "qn4"]),
        (["--query", r"\d"], []),  # a substring query is literal, not a regex
        (["--has", "author"], ["bn1", "bn3", "ct2", "ct3", "qn1", "qn3", "qn4"]),
        (["--has", "sapo,related"], ["bn3", "ct2", "qn1"]),
        (["--has", "date", "--has", "images"], ["bn1", "ct2", "qn1", "qn3"]),
        (["--has", "section"], ["bn1", "bn3", "ct1", "ct2", "qn1", "qn2", "qn3", "qn4"]),
        (["--limit", "2"], ["bn1", "bn2"]),
        (["--province", "quang ninh", "--since", "2023", "--until", "2023", "--query", "nông thôn mới"], ["qn2"]),
    ],
)
def test_filter_selects_exact_records(corpus: Path, tmp_path: Path, argv: list[str], expected: list[str]) -> None:
    assert exported_ids(corpus, tmp_path, *argv) == ids(*expected)


def test_sample_is_reproducible_uniform_subset_in_corpus_order(corpus: Path, tmp_path: Path) -> None:
    first = exported_ids(corpus, tmp_path, "--sample", "4", "--seed", "7")
    again = exported_ids(corpus, tmp_path, "--sample", "4", "--seed", "7")
    assert first == again and len(first) == 4
    everything = ids(*ALL_IN_ORDER)
    assert first == [i for i in everything if i in first]  # a subset, in corpus order
    others = {tuple(exported_ids(corpus, tmp_path, "--sample", "4", "--seed", str(s))) for s in range(8)}
    assert len(others) > 1  # the seed matters
    assert exported_ids(corpus, tmp_path, "--sample", "50", "--seed", "1") == everything


def test_sample_then_filter_then_limit(corpus: Path, tmp_path: Path) -> None:
    sampled = exported_ids(corpus, tmp_path, "--site", "baoquangninh", "--sample", "3", "--seed", "2")
    assert set(sampled) <= set(ids("qn1", "qn2", "qn3", "qn4")) and len(sampled) == 3
    limited = exported_ids(corpus, tmp_path, "--site", "baoquangninh", "--sample", "3", "--seed", "2", "--limit", "1")
    assert limited == sampled[:1]


def test_fields_choose_and_order_columns(corpus: Path, tmp_path: Path) -> None:
    target = tmp_path / "few.jsonl"
    argv = ["--out", str(corpus), "-o", str(target), "--site", "baocantho", "--fields", "published_at,title",
            "--fields", "authors"]
    assert run_export_cli(argv) == 0
    rows = [json.loads(line) for line in target.read_text("utf-8").splitlines()]
    assert [list(r) for r in rows] == [["published_at", "title", "authors"]] * 3
    assert rows[2] == {"published_at": None, "title": "Tuyến xe buýt ven sông ra mắt", "authors": ["Ngọc Trâm"]}


def test_limit_stops_reading_early(corpus: Path, tmp_path: Path) -> None:
    from scraper.export.job import build_request, run_export
    from scraper.registry import load_registry

    request = build_request(load_registry(), corpus, limit=1, output=tmp_path / "one.jsonl")
    result = run_export(request)
    assert result.written == 1 and result.read.files == 1  # 7 files in the corpus; one opened


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Đồng Tháp", "dong thap"), ("Hoà Bình", "hoa binh"), ("Hòa Bình", "hoa binh"),
     ("Thừa Thiên Huế", "thua thien hue"), ("QUẢNG NGÃI", "quang ngai"), ("Đắk Lắk", "dak lak")],
)
def test_fold_removes_vietnamese_diacritics(text: str, expected: str) -> None:
    assert fold(text) == expected


def test_strip_marks_keeps_regex_escapes_and_case() -> None:
    assert strip_marks(r"\D+Ở Đây\b") == r"\D+O Day\b"


def test_folded_pattern_finds_any_tone_mark_placement() -> None:
    import re

    pattern = re.compile(folded_pattern("hoa binh"), re.IGNORECASE)
    assert pattern.search("Tỉnh Hoà Bình cũ") and pattern.search("tỉnh Hòa Bình") and pattern.search("HOÀ BÌNH")
    assert not pattern.search("Hoa Bằng")


@pytest.mark.parametrize(
    ("spelling", "key"),
    [("TP Hồ Chí Minh", "ho chi minh"), ("Thành phố Hồ Chí Minh", "ho chi minh"), ("tp.hcm", "ho chi minh"),
     ("Bà Rịa - Vũng Tàu", "ba ria vung tau"), ("Tỉnh Thanh Hoá", "thanh hoa"), ("Huế", "hue")],
)
def test_province_spellings_share_one_key(spelling: str, key: str) -> None:
    assert province_key(spelling) == key


def test_province_lists_have_63_before_and_34_after_the_merger() -> None:
    assert len(set(BEFORE_2025)) == 63 and len(set(FROM_2025)) == 34
    assert set(FROM_2025) - set(BEFORE_2025) == {"Huế"}


def test_province_known_only_from_the_corpus_is_accepted(tmp_path: Path) -> None:
    write_corpus(tmp_path, corrupt=False)
    own = make_record("ct1") | {"site": "mysite", "province": "Sơn Hà", "province_at_publication": "Sơn Hà"}
    (tmp_path / "corpus" / "mysite" / "2024").mkdir(parents=True)
    (tmp_path / "corpus" / "mysite" / "2024" / "2024-05.jsonl").write_text(to_json_line(own), "utf-8")
    target = tmp_path / "own.jsonl"
    assert run_export_cli(["--out", str(tmp_path), "--province", "son ha", "-o", str(target)]) == 0
    assert [json.loads(line)["site"] for line in target.read_text("utf-8").splitlines()] == ["mysite"]

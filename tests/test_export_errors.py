"""Bad input to `vnnews export`: one clear line on stderr, a non-zero exit, no output file."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest
from test_export_fixture_corpus import make_record, run_export_cli, write_corpus

from scraper import exitcodes
from scraper.record import to_json_line


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out)
    return out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--site", "baoquangnin"], "unknown site 'baoquangnin'"),
        (["--province", "Quang Nimh"], "unknown province 'Quang Nimh'"),
        (["--since", "2023-13-01"], "--since '2023-13-01' is not a date"),
        (["--until", "hôm qua"], "--until 'hôm qua' is not a date"),
        (["--since", "2024-02-30"], "--since '2024-02-30' is not a date"),
        (["--since", "2024", "--until", "2023"], "--since 2024-01-01 is after --until 2023-12-31"),
        (["--query", "(nông thôn", "--regex"], "--query '(nông thôn' is not a valid regular expression"),
        (["--fold"], "--regex and --fold change --query"),
        (["--fields", "title,titel"], "unknown field 'titel'"),
        (["--has", "photo"], "--has 'photo' is not one of"),
        (["--limit", "0"], "--limit must be a positive number"),
        (["--sample", "-3"], "--sample must be a positive number"),
        (["--format", "parquet"], "Parquet is a binary file format: write it with -o FILE.parquet"),
    ],
)
def test_bad_filter_is_one_line_and_config_exit(corpus: Path, capsys: pytest.CaptureFixture[str],
                                               argv: list[str], message: str) -> None:
    assert run_export_cli(["--out", str(corpus), *argv]) == exitcodes.CONFIG
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("vnnews export: ") and message in lines[0], lines


def test_unknown_extension_needs_format(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_export_cli(["--out", str(corpus), "-o", str(tmp_path / "x.xlsx")]) == exitcodes.CONFIG
    assert "cannot tell the format of 'x.xlsx'" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_missing_corpus_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_export_cli(["--out", str(tmp_path / "empty")]) == exitcodes.CONFIG
    assert capsys.readouterr().err == f"vnnews export: no corpus at {tmp_path / 'empty' / 'corpus'} (crawl first, or pass --out DIR)\n"


@pytest.mark.parametrize("where", ["a-file/inside.jsonl", "no-such-dir/x.csv", "."])
def test_unwritable_output_is_one_line_and_failed_exit(corpus: Path, tmp_path: Path, where: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    target = tmp_path / where
    assert run_export_cli(["--out", str(corpus), "-o", str(target), "--format", "jsonl"]) == exitcodes.FAILED
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"vnnews export: cannot write {target}"), lines
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_interrupted_export_leaves_no_file(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scraper.export.formats.csv_rows import CsvWriter

    calls = []

    def stop_on_third(self: CsvWriter, record: dict) -> None:
        calls.append(record["id"])
        if len(calls) == 3:
            raise KeyboardInterrupt

    monkeypatch.setattr(CsvWriter, "write", stop_on_third)
    target = tmp_path / "half.csv"
    target.write_text("old export\n")
    with pytest.raises(KeyboardInterrupt):
        run_export_cli(["--out", str(corpus), "-o", str(target)])
    assert target.read_text() == "old export\n"  # the previous file is untouched
    assert [p.name for p in tmp_path.iterdir()] == ["half.csv"]  # no .part left behind


def test_record_that_does_not_fit_parquet_is_refused_and_reported(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write_corpus(tmp_path, corrupt=False)
    bad = make_record("qn1") | {"id": "00000000000000aa", "published_at": "10/09/2022 15:05"}
    month = tmp_path / "corpus" / "baoquangninh" / "2023" / "2023-01.jsonl"
    month.write_text(month.read_text("utf-8") + to_json_line(bad), "utf-8")
    target = tmp_path / "all.parquet"
    assert run_export_cli(["--out", str(tmp_path), "-o", str(target)]) == exitcodes.OK
    err = capsys.readouterr().err
    assert "10 records written" in err
    assert "1 records refused (values do not fit the columns): baoquangninh/00000000000000aa: field published_at" in err
    assert pq.read_table(target).num_rows == 10


def test_corrupt_corpus_line_is_reported_at_the_end_not_fatal(corpus: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    assert run_export_cli(["--out", str(corpus), "-o", str(tmp_path / "all.csv")]) == exitcodes.OK
    bad = corpus / "corpus" / "baobacninh" / "2025" / "2025-08.jsonl"
    assert capsys.readouterr().err.splitlines() == [
        f"vnnews export: 10 records written to {tmp_path / 'all.csv'}",
        f"vnnews export: 1 corrupt corpus line(s) skipped: {bad}:2: not JSON (Invalid control character, column 76)",
    ]

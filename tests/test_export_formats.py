"""Each export format read back the way an analyst would: json, csv, pyarrow, pandas, DuckDB, Polars."""

from __future__ import annotations

import csv
import gzip
import io
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import duckdb
import pandas as pd
import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import zstandard
from test_export_fixture_corpus import ids, make_record, run_export_cli, write_corpus

from scraper.export.formats.parquet import ParquetWriter
from scraper.export.progress import Progress
from scraper.record import FIELDS

VN = ZoneInfo("Asia/Ho_Chi_Minh")
ORDER = ["bn1", "bn2", "bn3", "ct1", "ct2", "ct3", "qn1", "qn2", "qn3", "qn4"]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    write_corpus(out)
    return out


def export(corpus: Path, target: Path, *argv: str) -> Path:
    assert run_export_cli(["--out", str(corpus), "-o", str(target), *argv]) == 0
    return target


@pytest.mark.parametrize(
    ("name", "decompress"),
    [("all.jsonl", bytes), ("all.jsonl.gz", gzip.decompress),
     ("all.jsonl.zst", lambda b: zstandard.ZstdDecompressor().stream_reader(io.BytesIO(b)).read())],
)
def test_jsonl_round_trips_every_record_exactly(corpus: Path, tmp_path: Path, name: str, decompress) -> None:
    data = decompress(export(corpus, tmp_path / name).read_bytes())
    rows = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    # every row has every column: a v1 line's missing v2 fields are exported as null
    assert rows == [{k: make_record(n).get(k) for k in FIELDS} for n in ORDER]
    assert "Quảng Ninh" in data.decode("utf-8")  # UTF-8 as is, no \u escapes


def test_jsonl_to_stdout_when_no_output(corpus: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert run_export_cli(["--out", str(corpus), "--site", "baocantho", "--fields", "title"]) == 0
    captured = capsysbinary.readouterr()
    assert captured.out.decode("utf-8").splitlines() == [
        '{"title":"Chợ nổi Cái Răng đón khách sớm"}', '{"title":"Trường học ven sông đón học sinh"}',
        '{"title":"Tuyến xe buýt ven sông ra mắt"}']
    assert b"\r[" not in captured.err  # piped: no progress bar
    assert captured.err.decode("utf-8").startswith("vnnews export: 3 records written to stdout\n")


@pytest.mark.parametrize("bom", [False, True])
def test_csv_joins_lists_predictably(corpus: Path, tmp_path: Path, bom: bool) -> None:
    target = export(corpus, tmp_path / "all.csv", *(["--bom"] if bom else []))
    raw = target.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == bom
    with target.open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(FIELDS)
    assert [r["id"] for r in rows] == ids(*ORDER)
    qn3 = rows[ORDER.index("qn3")]
    assert qn3["authors"] == "Thu Hà; Quốc Bảo"
    assert qn3["tags"] == "Giáo dục"
    assert json.loads(qn3["images"]) == make_record("qn3")["images"]
    assert qn3["published_at"] == "2023-02-01T00:00:00+07:00" and qn3["http_status"] == "200"
    qn2 = rows[ORDER.index("qn2")]
    assert qn2["sapo"] == "" and qn2["authors"] == "" and qn2["related"] == ""
    assert qn2["body"] == "Vườn vải chín sớm.\n\nXã đạt chuẩn nông thôn mới nhờ cây vải."
    assert json.loads(qn2["provenance"]) == {"title": "og:title", "body": "family"}


def test_parquet_columns_are_typed(corpus: Path, tmp_path: Path) -> None:
    table = pq.read_table(export(corpus, tmp_path / "all.parquet"))
    schema = table.schema
    assert schema.names == list(FIELDS)
    assert schema.field("published_at").type == pa.timestamp("ms", tz="Asia/Ho_Chi_Minh")
    assert schema.field("modified_at").type == pa.timestamp("ms", tz="Asia/Ho_Chi_Minh")
    assert schema.field("crawled_at").type == pa.timestamp("ms", tz="UTC")
    assert schema.field("authors").type == pa.list_(pa.string())
    assert schema.field("images").type.value_type == pa.struct(
        [("url", pa.string()), ("caption", pa.string()), ("credit", pa.string())])
    assert schema.field("related").type.value_type == pa.struct([("url", pa.string()), ("title", pa.string())])
    assert schema.field("provenance").type == pa.list_(pa.struct([("field", pa.string()), ("source", pa.string())]))
    assert pa.types.is_integer(schema.field("http_status").type)
    rows = table.to_pylist()
    assert [r["id"] for r in rows] == ids(*ORDER)
    assert rows[ORDER.index("qn2")]["provenance"] == [
        {"field": "title", "source": "og:title"}, {"field": "body", "source": "family"}]
    qn2 = rows[ORDER.index("qn2")]
    assert qn2["published_at"] == datetime(2023, 1, 31, 23, 59, 59, tzinfo=VN)
    assert qn2["published_at"].utcoffset().total_seconds() == 7 * 3600
    assert qn2["crawled_at"] == datetime(2026, 11, 1, 3, 0, tzinfo=UTC)
    assert rows[ORDER.index("ct3")]["published_at"] is None
    assert rows[ORDER.index("qn3")]["authors"] == ["Thu Hà", "Quốc Bảo"]
    assert rows[ORDER.index("ct2")]["related"] == make_record("ct2")["related"]
    assert rows[ORDER.index("bn1")]["images"][0]["caption"] == "Ảnh 1"


def test_parquet_is_written_in_row_groups(tmp_path: Path) -> None:
    target = tmp_path / "groups.parquet"
    with target.open("wb") as sink:
        writer = ParquetWriter(sink, ("id", "published_at"), batch_rows=4)
        for name in ORDER:
            writer.write(make_record(name))
        writer.close()
    meta = pq.ParquetFile(target).metadata
    assert (meta.num_row_groups, meta.num_rows) == (3, 10)


def test_parquet_with_chosen_fields(corpus: Path, tmp_path: Path) -> None:
    target = export(corpus, tmp_path / "few.parquet", "--fields", "title,published_at", "--site", "baobacninh")
    table = pq.read_table(target)
    assert table.schema.names == ["title", "published_at"]
    assert table.column("title").to_pylist() == ["Lục Ngạn vào mùa hoa", "Yên Dũng làm đường liên thôn",
                                                 "Bộ máy mới vận hành sau sáp nhập"]


def test_format_flag_wins_over_extension(corpus: Path, tmp_path: Path) -> None:
    target = export(corpus, tmp_path / "export.txt", "--format", "csv", "--site", "baocantho")
    assert target.read_text("utf-8").startswith("schema_version,id,")


def test_pandas_reads_jsonl_and_parquet(corpus: Path, tmp_path: Path) -> None:
    frame = pd.read_json(export(corpus, tmp_path / "all.jsonl"), lines=True)
    assert list(frame["id"]) == ids(*ORDER)
    parquet = pd.read_parquet(export(corpus, tmp_path / "all.parquet"))
    assert str(parquet["published_at"].dtype).startswith("datetime64[ms, Asia/Ho_Chi_Minh]")
    assert parquet["published_at"].iloc[ORDER.index("qn2")].isoformat() == "2023-01-31T23:59:59+07:00"


def test_duckdb_reads_jsonl_and_parquet(corpus: Path, tmp_path: Path) -> None:
    jsonl = export(corpus, tmp_path / "all.jsonl")
    parquet = export(corpus, tmp_path / "all.parquet")
    con = duckdb.connect()
    n, = con.execute(f"select count(*) from read_json_auto('{jsonl}') where province_at_publication = 'Bắc Giang'").fetchone()
    assert n == 2
    con.execute("set TimeZone = 'UTC'")
    first, = con.execute(f"select min(published_at) from read_parquet('{parquet}')").fetchone()
    assert first == datetime(2023, 1, 5, 1, 30, tzinfo=UTC)
    authors, = con.execute(f"select authors from read_parquet('{parquet}') where title like 'Cẩm Phả%'").fetchone()
    assert authors == ["Thu Hà", "Quốc Bảo"]


def test_polars_reads_jsonl_and_parquet(corpus: Path, tmp_path: Path) -> None:
    frame = pl.read_ndjson(export(corpus, tmp_path / "all.jsonl"))
    assert frame["id"].to_list() == ids(*ORDER)
    parquet = pl.read_parquet(export(corpus, tmp_path / "all.parquet"))
    assert parquet.schema["published_at"] == pl.Datetime("ms", "Asia/Ho_Chi_Minh")
    assert parquet.filter(pl.col("site") == "baocantho")["authors"].to_list() == [[], ["Ngọc Trâm"], ["Ngọc Trâm"]]


def test_progress_bar_only_on_a_terminal() -> None:
    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    tty, pipe = Terminal(), io.StringIO()
    for stream in (tty, pipe):
        bar = Progress(4, stream)
        bar.update(1, 10)
        bar.finish(4, 1234)
    assert tty.getvalue().endswith("\r[##############################] 4/4 files, 1 234 records\n")
    assert tty.getvalue().startswith("\r[#######-----------------------] 1/4 files, 10 records")
    assert pipe.getvalue() == ""


def test_vnnews_export_end_to_end_through_the_dispatcher(corpus: Path) -> None:
    ok = subprocess.run([sys.executable, "-m", "scraper", "export", "--out", str(corpus), "--province", "bac giang",
                         "--fields", "title"], capture_output=True, timeout=120, check=False)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.decode("utf-8").splitlines() == ['{"title":"Lục Ngạn vào mùa hoa"}',
                                                     '{"title":"Yên Dũng làm đường liên thôn"}']
    bad = subprocess.run([sys.executable, "-m", "scraper", "export", "--out", str(corpus), "--since", "31/12/2023"],
                         capture_output=True, timeout=120, check=False)
    assert bad.returncode == 3 and bad.stdout == b""
    assert bad.stderr.decode("utf-8") == ("vnnews export: --since '31/12/2023' is not a date; "
                                          "use YYYY-MM-DD, YYYY-MM or YYYY\n")


def test_huggingface_datasets_loads_jsonl_and_parquet(corpus: Path, tmp_path: Path, monkeypatch) -> None:
    """The docs/export.md one-liners, offline: local files need no hub."""
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(tmp_path / "hf"))
    import datasets

    jsonl = datasets.load_dataset("json", data_files=str(export(corpus, tmp_path / "all.jsonl")), split="train",
                                  cache_dir=str(tmp_path / "cache"))
    assert jsonl["id"] == ids(*ORDER)
    parquet = datasets.load_dataset("parquet", data_files=str(export(corpus, tmp_path / "all.parquet")),
                                    split="train", cache_dir=str(tmp_path / "cache2"))
    assert parquet.num_rows == len(ORDER)
    assert parquet[ORDER.index("qn2")]["title"] == jsonl[ORDER.index("qn2")]["title"]

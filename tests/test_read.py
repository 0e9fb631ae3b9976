"""The streaming corpus reader: order, formats, pruning by path, corrupt lines counted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_export_fixture_corpus import CORRUPT_FILE, write_corpus

from scraper.store.read import ReadStats, corpus_files, iter_records


@pytest.fixture()
def corpus(tmp_path: Path) -> Path:
    write_corpus(tmp_path)
    return tmp_path


def _names(out: Path, **kw) -> list[str]:
    by_id = {r["id"]: n for n, r in write_corpus(out).items()}
    return [by_id[r["id"]] for r in iter_records(out, **kw)]


def test_reads_every_file_kind_in_site_then_month_order(corpus: Path) -> None:
    stats = ReadStats()
    names = [r["title"] for r in iter_records(corpus, stats=stats)]
    assert len(names) == 10
    assert _names(corpus) == ["bn1", "bn2", "bn3", "ct1", "ct2", "ct3", "qn1", "qn2", "qn3", "qn4"]
    assert stats.files == 7 and stats.records == 10


def test_corrupt_line_is_skipped_counted_and_located(corpus: Path) -> None:
    stats = ReadStats()
    list(iter_records(corpus, stats=stats))
    assert stats.corrupt == 1
    where = str(corpus / "corpus" / CORRUPT_FILE) + ":2: not JSON"
    assert stats.examples[0].startswith(where), stats.examples
    assert "1 corrupt corpus line(s) skipped" in stats.summary()


def test_site_and_month_filters_prune_files_by_path(corpus: Path) -> None:
    files = corpus_files(corpus, sites=["baoquangninh"], since=date(2023, 2, 1), until=date(2024, 5, 31))
    rel = [str(f.relative_to(corpus / "corpus")) for f in files]
    assert rel == ["baoquangninh/2023/2023-02.jsonl", "baoquangninh/2024/2024-05.jsonl"]


def test_undated_file_read_only_without_date_bounds(corpus: Path) -> None:
    rel = [f.name for f in corpus_files(corpus, sites=["baocantho"])]
    assert rel == ["2024-05.jsonl.zst", "undated.jsonl"]
    assert [f.name for f in corpus_files(corpus, sites=["baocantho"], since=date(2000, 1, 1))] == ["2024-05.jsonl.zst"]


def test_date_bounds_are_vietnam_days_inclusive(corpus: Path) -> None:
    # qn2 is 2023-01-31 23:59:59 +07:00; qn3 is 2023-02-01 00:00 +07:00 (still 31 Jan in UTC)
    assert _names(corpus, since=date(2023, 2, 1), until=date(2023, 3, 10)) == ["bn1", "qn3"]
    assert _names(corpus, until=date(2023, 1, 31)) == ["qn1", "qn2"]


def test_missing_corpus_reads_nothing(tmp_path: Path) -> None:
    assert list(iter_records(tmp_path / "nowhere")) == []


def test_truncated_compressed_file_is_counted_not_fatal(corpus: Path) -> None:
    gz = corpus / "corpus" / "baobacninh" / "2023" / "2023-03.jsonl.gz"
    gz.write_bytes(gz.read_bytes()[:-12])  # lose the gzip trailer: a torn write
    stats = ReadStats()
    records = list(iter_records(corpus, sites=["baobacninh"], stats=stats))
    assert stats.corrupt == 2  # the unreadable gzip end + the corrupt JSON line
    assert any("2023-03.jsonl.gz:0: unreadable file" in e for e in stats.examples)
    assert records[-1]["title"] == "Bộ máy mới vận hành sau sáp nhập"

"""What a crash leaves at the end of a WARC file is cut on the next start: a torn last member, or
a whole file killed while its first record was being written."""

from __future__ import annotations

import gzip
import sqlite3
from pathlib import Path

from scraper.archive.repair import checkpoints, ensure_table, repair_archive, warc_files

MEMBER = gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\nContent-Length: 0\r\n\r\n\r\n\r\n")


def _db() -> sqlite3.Connection:
    conn = sqlite3.connect(":memory:")
    ensure_table(conn)
    return conn


def _file(out: Path, name: str, data: bytes) -> Path:
    path = out / "archive" / "baomau" / "2026-12" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def test_a_torn_last_member_is_cut_and_the_whole_ones_kept(tmp_path):
    path = _file(tmp_path, "a.warc.gz", MEMBER * 2 + MEMBER[:-7])
    conn = _db()
    repair = repair_archive(tmp_path, conn)
    assert (repair.torn, path.stat().st_size) == (1, 2 * len(MEMBER))
    assert checkpoints(conn) == {path.relative_to(tmp_path).as_posix(): 2 * len(MEMBER)}


def test_a_file_killed_before_its_first_whole_record_is_removed(tmp_path):
    torn = _file(tmp_path, "torn.warc.gz", MEMBER[:-7])
    empty = _file(tmp_path, "empty.warc.gz", b"")
    kept = _file(tmp_path, "kept.warc.gz", MEMBER)
    conn = _db()
    repair = repair_archive(tmp_path, conn)
    assert warc_files(tmp_path) == [kept]
    assert not torn.exists() and not empty.exists()
    assert repair.torn == 1 and repair.files_cut == [torn.relative_to(tmp_path).as_posix()]
    assert list(checkpoints(conn)) == [kept.relative_to(tmp_path).as_posix()]

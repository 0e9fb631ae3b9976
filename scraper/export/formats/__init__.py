"""Export formats: JSONL (default), CSV and Parquet, chosen by ``--format`` or the file extension."""

from __future__ import annotations

from pathlib import Path
from typing import Protocol

from scraper.export.filters import FilterError
from scraper.export.formats.csv_rows import CsvWriter
from scraper.export.formats.jsonl import JsonlWriter
from scraper.export.formats.target import OutputError, Target
from scraper.record import Record

FORMATS = ("jsonl", "csv", "parquet")
_BY_SUFFIX = {
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet", ".pq": "parquet",
}
_COMPRESSED = (".gz", ".zst")


class RecordWriter(Protocol):
    def write(self, record: Record) -> None: ...

    def close(self) -> None: ...


def infer_format(path: Path | None, given: str | None) -> str:
    """``--format`` when given, else from ``-o``'s extension (``x.jsonl.zst`` -> jsonl), else jsonl."""
    if given:
        fmt = given
    elif path is None:
        fmt = "jsonl"
    else:
        suffixes = [s.lower() for s in path.suffixes]
        if suffixes and suffixes[-1] in _COMPRESSED:
            suffixes.pop()
        fmt = _BY_SUFFIX.get(suffixes[-1] if suffixes else "", "")
        if not fmt:
            raise FilterError(f"cannot tell the format of {path.name!r}; name it .jsonl/.csv/.parquet or pass --format")
    if fmt == "parquet" and path is None:
        raise FilterError("Parquet is a binary file format: write it with -o FILE.parquet")
    if fmt == "parquet" and path is not None and path.name.lower().endswith(_COMPRESSED):
        raise FilterError(f"{path.name}: Parquet compresses itself; drop the .gz/.zst suffix")
    return fmt


def open_writer(fmt: str, target: Target, fields: tuple[str, ...], bom: bool = False) -> RecordWriter:
    if fmt == "jsonl":
        return JsonlWriter(target.text(), fields)
    if fmt == "csv":
        return CsvWriter(target.text("utf-8-sig" if bom else "utf-8"), fields)
    from scraper.export.formats.parquet import ParquetWriter  # pyarrow only loaded when needed

    return ParquetWriter(target.binary(), fields)


__all__ = ["FORMATS", "OutputError", "RecordWriter", "Target", "infer_format", "open_writer"]

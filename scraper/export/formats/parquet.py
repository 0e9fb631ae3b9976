"""Parquet with typed columns, written in row groups so memory holds one batch, not the corpus.

Types: ``published_at``/``modified_at`` are timestamps in ``Asia/Ho_Chi_Minh`` (+07:00, as
stored), ``crawled_at`` a UTC timestamp; ``authors``/``tags``/``warnings`` lists of strings;
``images`` and ``related`` lists of structs; ``provenance`` a list of ``{field, source}``
structs (not an Arrow map: 🤗 datasets has no type for maps); ``warc`` and ``archive`` (schema v2)
structs, ``archive.captured_at`` a UTC timestamp; counts are integers. A record whose value does not fit its column type is refused (``ValueError``), never
written half.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, BinaryIO

import pyarrow as pa
import pyarrow.parquet as pq

from scraper.record import Record

VN_TZ = "Asia/Ho_Chi_Minh"
BATCH_ROWS = 5_000

_IMAGE = pa.struct([("url", pa.string()), ("caption", pa.string()), ("credit", pa.string())])
_RELATED = pa.struct([("url", pa.string()), ("title", pa.string())])
_TEXT_LIST = pa.list_(pa.string())
# schema v2 archive block (docs/record.md): a struct each, null when absent (and on v1 lines)
_WARC = pa.struct([("file", pa.string()), ("offset", pa.int64()), ("length", pa.int64()), ("record_id", pa.string())])
_ARCHIVE = pa.struct([("source", pa.string()), ("captured_at", pa.timestamp("ms", tz="UTC")),
                      ("location", pa.string()), ("offset", pa.int64()), ("length", pa.int64())])

COLUMN_TYPES: dict[str, pa.DataType] = {
    "schema_version": pa.int16(),
    "published_at": pa.timestamp("ms", tz=VN_TZ),
    "modified_at": pa.timestamp("ms", tz=VN_TZ),
    "crawled_at": pa.timestamp("ms", tz="UTC"),
    "http_status": pa.int16(),
    "version": pa.int32(),
    "authors": _TEXT_LIST,
    "tags": _TEXT_LIST,
    "warnings": _TEXT_LIST,
    "images": pa.list_(_IMAGE),
    "related": pa.list_(_RELATED),
    "provenance": pa.list_(pa.struct([("field", pa.string()), ("source", pa.string())])),
    "warc": _WARC,
    "archive": _ARCHIVE,
}


def column_type(name: str) -> pa.DataType:
    """The Arrow type of a record field; every field not listed above is text."""
    return COLUMN_TYPES.get(name, pa.string())


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"expected text, got {type(value).__name__}")


def _integer(value: Any) -> int | None:
    if value is None or (isinstance(value, int) and not isinstance(value, bool)):
        return value
    raise ValueError(f"expected an integer, got {type(value).__name__}")


def _timestamp(value: Any) -> datetime | None:
    if value is None:
        return None
    moment = datetime.fromisoformat(_text(value) or "")
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a UTC offset: {value!r}")
    return moment


def _text_list(value: Any) -> list[str]:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ValueError("expected a list of text")


def _objects(keys: tuple[str, ...]) -> Callable[[Any], list[dict[str, Any]]]:
    def convert(value: Any) -> list[dict[str, Any]]:
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise ValueError("expected a list of objects")
        return [{k: _text(v.get(k)) for k in keys} for v in value]

    return convert


def _mapping(value: Any) -> list[dict[str, str]] | None:
    if value is None:
        return None
    if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
        return [{"field": k, "source": v} for k, v in value.items()]
    raise ValueError("expected an object of text values")


def _struct(keys: dict[str, Callable[[Any], Any]]) -> Callable[[Any], dict[str, Any] | None]:
    def convert(value: Any) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise ValueError("expected an object")
        return {k: f(value.get(k)) for k, f in keys.items()}

    return convert


_CONVERT: dict[str, Callable[[Any], Any]] = {
    "schema_version": _integer, "http_status": _integer, "version": _integer,
    "published_at": _timestamp, "modified_at": _timestamp, "crawled_at": _timestamp,
    "authors": _text_list, "tags": _text_list, "warnings": _text_list,
    "images": _objects(("url", "caption", "credit")), "related": _objects(("url", "title")),
    "provenance": _mapping,
    "warc": _struct({"file": _text, "offset": _integer, "length": _integer, "record_id": _text}),
    "archive": _struct({"source": _text, "captured_at": _timestamp, "location": _text, "offset": _integer,
                        "length": _integer}),
}


def arrow_schema(fields: tuple[str, ...]) -> pa.Schema:
    return pa.schema([pa.field(name, column_type(name)) for name in fields])


class ParquetWriter:
    """Buffers ``BATCH_ROWS`` converted rows, then writes them as one row group."""

    def __init__(self, sink: BinaryIO, fields: tuple[str, ...], batch_rows: int = BATCH_ROWS) -> None:
        self._fields = fields
        self._schema = arrow_schema(fields)
        self._converters = [_CONVERT.get(name, _text) for name in fields]
        self._columns: list[list[Any]] = [[] for _ in fields]
        self._rows = 0
        self._batch_rows = batch_rows
        self._writer = pq.ParquetWriter(sink, self._schema, compression="zstd")

    def write(self, record: Record) -> None:
        """Convert the whole row first, so a bad value leaves no partial row behind."""
        row = []
        for name, convert in zip(self._fields, self._converters):
            try:
                row.append(convert(record.get(name)))
            except (ValueError, TypeError) as exc:
                raise ValueError(f"field {name}: {exc}") from None
        for column, value in zip(self._columns, row):
            column.append(value)
        self._rows += 1
        if self._rows >= self._batch_rows:
            self._flush()

    def _flush(self) -> None:
        if not self._rows:
            return
        arrays = [pa.array(col, type=f.type) for col, f in zip(self._columns, self._schema)]
        self._writer.write_batch(pa.RecordBatch.from_arrays(arrays, schema=self._schema))
        self._columns = [[] for _ in self._fields]
        self._rows = 0

    def close(self) -> None:
        self._flush()
        self._writer.close()

"""JSON Lines: one record per line, UTF-8 as is, the chosen fields in the chosen order.

Values keep their JSON types (lists stay lists, null stays null), which is what
``datasets.load_dataset("json")``, ``pandas.read_json(lines=True)``, DuckDB and Polars expect.
"""

from __future__ import annotations

import json
from typing import TextIO

from scraper.record import Record


class JsonlWriter:
    def __init__(self, stream: TextIO, fields: tuple[str, ...]) -> None:
        self._stream = stream
        self._fields = fields

    def write(self, record: Record) -> None:
        # a stored record already has exactly the schema fields in order: no copy needed then
        row = record if tuple(record) == self._fields else {name: record.get(name) for name in self._fields}
        self._stream.write(json.dumps(row, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self) -> None:
        """Nothing buffered here; the target flushes the stream."""

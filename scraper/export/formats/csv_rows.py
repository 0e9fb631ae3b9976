"""CSV for spreadsheets: one header row, one row per record, every cell a string.

The rule for values that are not plain text (also in docs/export.md):
- null -> empty cell; numbers as digits;
- lists of text (``authors``, ``tags``, ``warnings``) -> items joined by ``"; "``
  (``["Minh Anh", "Thu Hà"]`` -> ``Minh Anh; Thu Hà``);
- lists of objects and objects (``images``, ``related``, ``provenance``) -> compact JSON text,
  UTF-8 as is, so nothing is lost and a spreadsheet cell can still be read by eye.
Bodies keep their paragraph breaks inside a quoted cell. ``--bom`` adds the UTF-8 byte order mark
Excel needs to read Vietnamese text correctly.
"""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from scraper.record import Record

LIST_SEPARATOR = "; "


def cell(value: Any) -> str:
    """One value as a CSV cell, by the rule above."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return LIST_SEPARATOR.join(value)
    if isinstance(value, (list, dict)):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


class CsvWriter:
    def __init__(self, stream: TextIO, fields: tuple[str, ...]) -> None:
        self._fields = fields
        self._writer = csv.writer(stream)
        self._writer.writerow(fields)

    def write(self, record: Record) -> None:
        self._writer.writerow([cell(record.get(name)) for name in self._fields])

    def close(self) -> None:
        """Nothing buffered here; the target flushes the stream."""

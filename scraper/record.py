"""The one article record type: field order, schema version, JSON Schema validation, JSON line form.

A record is a plain ``dict`` whose keys are exactly ``FIELDS``; the JSON Schema beside this file
(``record.schema.json``) is the contract every stored line satisfies.
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib import resources
from collections.abc import Callable
from typing import Any

import fastjsonschema
import jsonschema

SCHEMA_VERSION = 2

# Schema v2, archive block (issue 13): where the page's bytes are kept and, for a copy recovered
# from a web archive or an imported WARC, where and when that copy was archived. v1 lines lack
# them (readers take a missing field as null).
ARCHIVE_FIELDS: tuple[str, ...] = ("warc", "archive")

# Schema v2, syndication block (issue 11): the earliest known copy of the same story at another
# outlet, and the cluster all copies of the story share. v1 lines lack them (read as null).
SYNDICATION_FIELDS: tuple[str, ...] = ("copy_of", "cluster")

FIELDS: tuple[str, ...] = (
    "schema_version", "id", "url", "fetched_url", "site", "outlet", "province",
    "province_at_publication", "language", "title", "sapo", "body", "authors", "wire_source",
    "published_at", "published_at_raw", "published_at_source", "published_at_precision",
    "modified_at", "section", "tags", "images", "related", "crawled_at", "http_status",
    "content_hash", "extractor_version", "provenance", "version", "previous_content_hash",
    "warnings",
) + ARCHIVE_FIELDS + SYNDICATION_FIELDS

Record = dict[str, Any]


@lru_cache(maxsize=1)
def schema() -> dict[str, Any]:
    """The JSON Schema shipped in the package (``scraper/record.schema.json``)."""
    text = resources.files("scraper").joinpath("record.schema.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _validator() -> jsonschema.protocols.Validator:
    cls = jsonschema.validators.validator_for(schema())
    return cls(schema())


@lru_cache(maxsize=1)
def _fast_check() -> Callable[[Record], Any]:
    """The schema compiled to Python code (fastjsonschema): ~0.06 ms a record against ~0.7 ms."""
    return fastjsonschema.compile(schema())


def validation_errors(record: Record) -> list[str]:
    """Every schema violation as one short line (``path: message``); empty when valid.

    Runs once per stored article, so the compiled check goes first; jsonschema, slower but with
    messages that name every problem, runs only for a record that fails it.
    """
    try:
        _fast_check()(record)
        return []
    except fastjsonschema.JsonSchemaException as exc:
        fallback = f"(record): {exc.message}"
    out = []
    for err in sorted(_validator().iter_errors(record), key=lambda e: list(e.path)):
        where = "/".join(str(p) for p in err.path) or "(record)"
        out.append(f"{where}: {err.message}")
    return out or [fallback]


def record_id(canonical_url: str) -> str:
    """Stable id of an article: the first 16 hex digits of SHA-256 of its canonical URL."""
    return hashlib.sha256(canonical_url.encode("utf-8")).hexdigest()[:16]


def content_hash(title: str, sapo: str | None, body: str) -> str:
    """Hash of what a reader reads (title, sapo, body): equal text under two URLs, equal hash."""
    text = "\n".join((title, sapo or "", body))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def to_json_line(record: Record) -> str:
    """One record as one JSON line, UTF-8 as is (no ``\\u`` escapes), fields in schema order."""
    ordered = {k: record[k] for k in FIELDS if k in record}
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":")) + "\n"

"""What re-extraction changed in a record, field by field, with short before/after examples.

The fields a maintainer checks before releasing an extractor change come first: title, date,
authors, sapo, where the body starts and where it ends (its first and last paragraph), related
links. A record gets a new version when any field in ``VERSION_FIELDS`` differs; ``url`` (the
canonical link read from the page) is reported but never changes a stored article's identity.
"""

from __future__ import annotations

from typing import Any

from scraper.record import Record

REPORTED = ("title", "published_at", "authors", "sapo", "body_start", "body_end", "related", "body",
            "modified_at", "section", "tags", "images", "wire_source", "province_at_publication",
            "published_at_source", "url")
VERSION_FIELDS = ("title", "sapo", "body", "authors", "wire_source", "published_at", "published_at_raw",
                  "published_at_source", "published_at_precision", "modified_at", "section", "tags",
                  "images", "related", "province_at_publication")
EXAMPLE_CHARS = 100


def _paragraphs(record: Record) -> list[str]:
    return (record.get("body") or "").split("\n\n")


def value_of(record: Record, name: str) -> Any:
    """A record field, or the body's first (``body_start``) or last (``body_end``) paragraph."""
    if name == "body_start":
        return _paragraphs(record)[0]
    if name == "body_end":
        return _paragraphs(record)[-1]
    return record.get(name)


def changed_fields(stored: Record, fresh: Record) -> list[str]:
    """The ``REPORTED`` names whose values differ, in that order."""
    return [name for name in REPORTED if value_of(stored, name) != value_of(fresh, name)]


def needs_version(stored: Record, fresh: Record) -> bool:
    return any(stored.get(name) != fresh.get(name) for name in VERSION_FIELDS)


def short(value: Any) -> str:
    """One line for a terminal: ``['Duy Khoa']``, a title, a paragraph cut at 100 characters."""
    text = value if isinstance(value, str) else repr(value)
    text = " ".join(text.split())
    return text if len(text) <= EXAMPLE_CHARS else text[:EXAMPLE_CHARS - 1] + "…"

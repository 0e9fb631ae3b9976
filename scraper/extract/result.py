"""What extraction returns for one page: fields, date candidates and each field's source."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from scraper.dates.types import DateCandidate

PageKind = Literal["article", "not_article", "empty", "broken"]


@dataclass
class Image:
    url: str
    caption: str | None = None
    credit: str | None = None


@dataclass
class Link:
    url: str
    title: str


@dataclass
class Extraction:
    """Fields of one page as extracted, before date choice and record assembly.

    ``kind`` other than ``"article"`` means no record is made; ``reason`` says why in one line.
    ``provenance`` maps a field name to the layer that won it: ``jsonld``, ``meta``,
    ``family:<key>``, ``site:<key>``, ``generic``.
    """

    kind: PageKind
    reason: str = ""
    canonical_url: str | None = None
    title: str | None = None
    sapo: str | None = None
    body: str | None = None
    authors: list[str] = field(default_factory=list)
    wire_source: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    related: list[Link] = field(default_factory=list)
    date_candidates: list[DateCandidate] = field(default_factory=list)
    provenance: dict[str, str] = field(default_factory=dict)

"""Sitemaps and sitemap indexes (plain or gzipped) as entries with their dates.

Scrapy's ``Sitemap`` flattens ``<news:news>`` to an empty string, losing
``news:publication_date``; this reader keeps it beside ``lastmod``.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal
from urllib.parse import urlsplit

from lxml import etree

GZIP_MAGIC = b"\x1f\x8b"
MAX_SITEMAP_BYTES = 50 * 1024 * 1024  # the sitemaps.org limit for one uncompressed file


# Children of a sitemap index that list sections, tags, topics or authors, not articles
# (daidoanket's index: sitemap-category.xml, sitemap-event.xml beside sitemap-article-*.xml).
NOT_ARTICLE_SITEMAP = re.compile(r"(?i)[-_](categor(y|ies)|tags?|events?|topics?|authors?|chuyen-?muc|zones?)\b")


def lists_no_articles(url: str) -> bool:
    """A child sitemap whose file name says it lists sections, tags, topics or authors."""
    return bool(NOT_ARTICLE_SITEMAP.search(url.rsplit("/", 1)[-1]))


class SitemapError(ValueError):
    """Not a sitemap: unreadable gzip, not XML, or neither <urlset> nor <sitemapindex>."""


@dataclass(frozen=True)
class SitemapEntry:
    loc: str
    lastmod: str | None = None
    publication_date: str | None = None  # <news:news><news:publication_date>


@dataclass(frozen=True)
class Sitemap:
    kind: Literal["index", "urlset"]
    entries: tuple[SitemapEntry, ...]


def gunzip_if_needed(body: bytes, max_size: int = MAX_SITEMAP_BYTES) -> bytes:
    """Decompress a ``.xml.gz`` body (gzip magic bytes), refusing more than ``max_size`` bytes."""
    if not body.startswith(GZIP_MAGIC):
        return body
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(body)) as f:
            data = f.read(max_size + 1)
    except (OSError, EOFError, zlib.error) as exc:
        raise SitemapError(f"broken gzip: {exc}") from None
    if len(data) > max_size:
        raise SitemapError(f"sitemap larger than {max_size} bytes uncompressed")
    return data


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _entry(elem: etree._Element) -> SitemapEntry | None:
    fields: dict[str, str] = {}
    for child in elem.iter():
        name = _local(child.tag)
        if name in ("loc", "lastmod", "publication_date") and child.text and name not in fields:
            fields[name] = child.text.strip()
    if not fields.get("loc"):
        return None
    return SitemapEntry(fields["loc"], fields.get("lastmod"), fields.get("publication_date"))


def parse_sitemap(body: bytes) -> Sitemap:
    """Read a sitemap or sitemap index (gzipped or not); raises SitemapError on anything else."""
    data = gunzip_if_needed(body)
    parser = etree.XMLParser(recover=True, remove_comments=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise SitemapError(f"not XML: {exc}") from None
    if root is None:
        raise SitemapError("not XML: empty document")
    kind = {"sitemapindex": "index", "urlset": "urlset"}.get(_local(root.tag))
    if kind is None:
        raise SitemapError(f"not a sitemap: root element <{_local(root.tag)}>")
    entries = (_entry(e) for e in root if _local(e.tag) in ("sitemap", "url"))
    return Sitemap(kind, tuple(e for e in entries if e is not None))  # type: ignore[arg-type]


_DAY = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:-(\d{1,2})-(\d{1,2})|(\d{2})(\d{2}))(?!\d)")
_MONTH = re.compile(r"(?<!\d)((?:19|20)\d{2})(?:-(\d{1,2})|(\d{2}))(?!\d)")


def sitemap_span(url: str) -> tuple[date, date] | None:
    """The days a dated child sitemap covers, read from its file name, or None.

    ``news-2024-3.xml`` and ``sitemap-article-202403.xml.gz`` cover March 2024;
    ``sitemap-article-2024-03-05.xml`` covers one day.
    """
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    name = re.sub(r"\.(xml|gz|txt)", "", name)
    try:
        day = _DAY.search(name)
        if day:
            y, m, d = int(day.group(1)), int(day.group(2) or day.group(4)), int(day.group(3) or day.group(5))
            one = date(y, m, d)
            return one, one
        month = _MONTH.search(name)
        if not month:
            return None
        first = date(int(month.group(1)), int(month.group(2) or month.group(3)), 1)
    except ValueError:  # 2024-13 or 2024-02-30: not a date after all
        return None
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first, last

"""The article path from raw page to record, as plain functions: extract → normalise → validate.

The pipelines call these one step each; ``vnnews extract`` calls them in a row, so a saved file
and a crawled page go through the same code.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timezone

from scraper import __version__
from scraper.dates import choose_date
from scraper.extract import extract_article
from scraper.extract.result import Extraction
from scraper.page import RawPage
from scraper.record import SCHEMA_VERSION, Record, content_hash, record_id, validation_errors
from scraper.registry import Registry, Site
from scraper.registry.unregistered import WARNING as UNREGISTERED_WARNING
from scraper.registry.unregistered import is_unregistered
from scraper.dates.types import DateCandidate
from scraper.text import clean_block, clean_line
from scraper.urls import canonical_url, site_owns

EXTRACTOR_VERSION = f"vnnews-{__version__}"


class Dropped(Exception):
    """A page that yields no record; ``reason`` is a short stats key (``not_article``, ``no_body``)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass
class Draft:
    """A page after extraction: the raw page, its site entry and what extraction found."""

    page: RawPage
    site: Site
    extraction: Extraction


def extract_page(page: RawPage, registry: Registry, site: Site | None = None) -> Draft:
    """Extract fields from a fetched page; raises Dropped for anything that is not an article.

    ``site`` is the page's registry entry (looked up by ``page.site`` when not given), or an
    unregistered stand-in (scraper.registry.unregistered) for a page of an unknown host. A page
    on a former identity's domain is read with that paper's family rules."""
    site = site if site is not None else registry.site(page.site)
    url = page.final_url or page.url
    family = None if is_unregistered(site) else registry.family_for_url(site, url)
    result = extract_article(page.html, url, site, family, hints=page.hints)
    if result.kind != "article":
        raise Dropped(result.kind, result.reason)
    return Draft(page=page, site=site, extraction=result)


def _hint_candidates(page: RawPage) -> list[DateCandidate]:
    """Discovery's dates as low-priority candidates: sitemap ``news:publication_date`` and RSS
    ``pubDate`` for the publish time; sitemap ``lastmod`` only ever for ``modified_at``."""
    roles = {"sitemap": ("sitemap", "published"), "feed": ("feed", "published"),
             "sitemap_lastmod": ("sitemap", "modified")}
    out = []
    for key, (source, role) in roles.items():
        raw = page.hints.get(key)
        if raw:
            out.append(DateCandidate(raw=raw, source=source, role=role, in_article=True))  # type: ignore[arg-type]
    return out


def record_url(page_canonical: str | None, page: RawPage, site: Site) -> str:
    """The record's canonical URL: the page's own canonical link when it is on the outlet's hosts
    (a syndicated page may name the original outlet's URL), else the URL it was fetched at;
    tracking parameters stripped either way (``?utm_source=zalo`` never makes a second id)."""
    for candidate in (page_canonical, page.final_url, page.url):
        if candidate and site_owns(site, candidate):
            return canonical_url(candidate)
    return canonical_url(page.final_url or page.url)


def normalise(draft: Draft) -> Record:
    """Choose dates, clean text and assemble the full record (not yet validated)."""
    ex, page, site = draft.extraction, draft.page, draft.site
    crawled = page.fetched_at.astimezone(timezone.utc).replace(microsecond=0)
    candidates = list(ex.date_candidates) + _hint_candidates(page)
    published = choose_date(candidates, now=crawled, role="published")
    modified = choose_date(candidates, now=crawled, role="modified")
    title = clean_line(ex.title or "")
    sapo = clean_line(ex.sapo) if ex.sapo else None
    body = clean_block(ex.body or "")
    url = record_url(ex.canonical_url, page, site)
    rid = record_id(url)
    published_iso = published.iso if published else None
    warnings = list(published.warnings) if published else []
    record: Record = {
        "schema_version": SCHEMA_VERSION,
        "id": rid,
        "url": url,
        "fetched_url": page.url,
        "site": site.key,
        "outlet": site.outlet,
        "province": site.province,
        "province_at_publication": site.province_at(url, published_iso),
        "language": site.language,
        "title": title,
        "sapo": sapo or None,
        "body": body,
        "authors": [clean_line(a) for a in ex.authors if clean_line(a)],
        "wire_source": clean_line(ex.wire_source) if ex.wire_source else None,
        "published_at": published_iso,
        "published_at_raw": published.raw if published else None,
        "published_at_source": published.source if published else None,
        "published_at_precision": published.precision if published else None,
        "modified_at": modified.iso if modified else None,
        "section": clean_line(ex.section) if ex.section else None,
        "tags": [t for t in (clean_line(t) for t in ex.tags) if t],
        "images": [
            {k: (clean_line(v) or None) if isinstance(v, str) and k != "url" else v for k, v in asdict(i).items()}
            for i in ex.images
        ],
        "related": [{"url": r.url, "title": clean_line(r.title)} for r in ex.related if clean_line(r.title)],
        "crawled_at": crawled.isoformat(),
        "http_status": page.status,
        "content_hash": content_hash(title, sapo, body),
        "extractor_version": EXTRACTOR_VERSION,
        "provenance": dict(ex.provenance),
        "version": 1,
        "previous_content_hash": None,
        "warnings": warnings,
        "warc": page.warc,
        "archive": page.archive,
        # a story alone until the dedupe step links it to its copies at other outlets
        "copy_of": None,
        "cluster": rid,
    }
    if published:
        record["provenance"]["published_at"] = published.source
    if is_unregistered(site):
        record["warnings"].append(UNREGISTERED_WARNING)
        record["provenance"]["site"] = "host"
    return record


def validate(record: Record) -> Record:
    """Raise Dropped('invalid') with the first schema error when the record breaks the schema."""
    errors = validation_errors(record)
    if errors:
        raise Dropped("invalid", "; ".join(errors[:3]))
    return record


def build_record(page: RawPage, registry: Registry, site: Site | None = None) -> Record:
    """The whole article path for one page, as ``vnnews extract`` uses it."""
    return validate(normalise(extract_page(page, registry, site)))


def utc_now() -> datetime:
    return datetime.now(timezone.utc)

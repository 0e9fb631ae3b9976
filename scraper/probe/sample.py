"""A few articles of the site fetched and run through the crawl's own extraction, field by field.

For each: title, published_at and where it was read, authors, sapo, body length, related links,
and which layer won each field (``jsonld``, ``meta``, ``family:f2``, ``site:…``, ``generic``). For
a site the registry does not know, the CMS family whose rules win most fields on these pages is
proposed (``guess_family``): the extraction rules of families.toml, tried as data.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from scraper.decode import UndecodableError, decode_html
from scraper.page import RawPage
from scraper.probe.client import Fetched
from scraper.process import Dropped, extract_page, normalise
from scraper.registry import Registry, Site

FIELDS = ("title", "published_at", "authors", "sapo", "body", "related")


@dataclass
class ArticleSample:
    url: str
    record: dict | None = None
    problem: str | None = None  # "HTTP 404", "not_article: …"

    @property
    def ok(self) -> bool:
        return self.record is not None

    def has(self, name: str) -> bool:
        return bool(self.record and self.record.get(name))

    def source(self, name: str) -> str:
        if not self.record:
            return "-"
        if name == "published_at":
            return str(self.record.get("published_at_source") or "-")
        return str(self.record.get("provenance", {}).get(name, "-"))

    def line(self) -> str:
        if not self.record:
            return f"{self.url}: {self.problem}"
        r = self.record
        date = f"{r['published_at']} ({self.source('published_at')})" if r.get("published_at") else "none"
        return (f"{self.url}\n"
                f"      title {'found' if r.get('title') else 'MISSING'} ({self.source('title')}) · "
                f"published_at {date} · authors {', '.join(r.get('authors') or []) or 'none'} "
                f"({self.source('authors')}) · sapo {'found' if r.get('sapo') else 'none'} ({self.source('sapo')}) · "
                f"body {len(r.get('body') or '')} chars ({self.source('body')}) · "
                f"related {len(r.get('related') or [])}")


@dataclass
class FieldTally:
    """How many samples have each field, and which layer won it most often."""

    found: Counter[str] = field(default_factory=Counter)
    layers: dict[str, Counter[str]] = field(default_factory=dict)
    total: int = 0

    def line(self) -> str:
        parts = []
        for name in FIELDS:
            layer = self.layers.get(name, Counter()).most_common(1)
            parts.append(f"{name} {self.found[name]}/{self.total}" + (f" ({layer[0][0]})" if layer else ""))
        return ", ".join(parts)


def tally(samples: list[ArticleSample]) -> FieldTally:
    out = FieldTally(total=len(samples))
    for sample in samples:
        for name in FIELDS:
            if sample.has(name):
                out.found[name] += 1
                out.layers.setdefault(name, Counter())[sample.source(name)] += 1
    return out


def extract(fetched: Fetched, site: Site, registry: Registry) -> ArticleSample:
    """The record the crawl would store for this page (not validated, never written)."""
    sample = ArticleSample(fetched.url)
    if not fetched.ok:
        sample.problem = fetched.problem or f"HTTP {fetched.status}"
        return sample
    try:
        html = decode_html(fetched.body, fetched.content_type)
    except UndecodableError as exc:
        sample.problem = str(exc)
        return sample
    page = RawPage(url=fetched.url, final_url=fetched.final_url, status=fetched.status or 200, html=html,
                   site=site.key, fetched_at=datetime.now(timezone.utc))
    with_site = replace(registry, sites={**registry.sites, site.key: site})
    try:
        sample.record = dict(normalise(extract_page(page, with_site)))
    except Dropped as exc:
        sample.problem = str(exc)
    return sample


def guess_family(pages: list[Fetched], site: Site, registry: Registry) -> str | None:
    """The family whose rules win the most fields on these pages (at least the body on half of
    them), or None when the generic path does as well."""
    scores: Counter[str] = Counter()
    bodies: Counter[str] = Counter()
    for key, family in registry.families.items():
        if not family.selectors:
            continue
        trial = replace(site, family=key)
        for fetched in pages:
            sample = extract(fetched, trial, registry)
            won = [n for n in FIELDS if sample.source(n) == f"family:{key}"]
            scores[key] += len(won)
            bodies[key] += "body" in won
    ranked = [(score, key) for key, score in scores.items() if bodies[key] * 2 >= len(pages) > 0 and score > 0]
    return max(ranked)[1] if ranked else None

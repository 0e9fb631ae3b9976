"""Article extraction: ``(html, url, site, family) -> Extraction``, without Scrapy.

Runs on a saved file as well as on a crawled page. Layers: structured metadata (JSON-LD,
OpenGraph, meta, itemprop), then CMS family and per-site selector rules, then generic heuristics.
"""

from __future__ import annotations

from scraper.extract.result import Extraction, Image, Link
from scraper.registry.model import Family, Site


def extract_article(
    html: str,
    url: str,
    site: Site | None,
    family: Family | None,
    hints: dict[str, str] | None = None,
    *,
    use_rules: bool = True,
) -> Extraction:
    """Extract one page (minimal placeholder until the layered extractor lands)."""
    if not html or not html.strip():
        return Extraction(kind="empty", reason="empty document")
    return Extraction(kind="broken", reason="extractor not implemented yet")


__all__ = ["extract_article", "Extraction", "Image", "Link"]

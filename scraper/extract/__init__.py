"""Article extraction: ``(html, url, site, family) -> Extraction``, without Scrapy.

Runs on a saved file as well as on a crawled page. Layers, most trusted first: structured
metadata (JSON-LD, OpenGraph, ``article:*``/``dc.*`` meta, itemprop), then the site's and its CMS
family's declarative selectors (``families.toml``, a site's ``selectors``), then generic
heuristics for unknown templates. Dates are collected as candidates; ``scraper.dates`` chooses.
"""

from __future__ import annotations

from scraper.extract.article import run
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
    """Extract one page; never raises for bad input, the ``kind``/``reason`` say what it was.

    ``use_rules=False`` switches off family and site selectors (the generic path). ``hints``
    (sitemap/feed dates) are not repeated as candidates here: ``scraper.process`` adds them.
    """
    del hints  # discovery dates reach the chooser through scraper.process
    return run(html, url, site, family, use_rules)


__all__ = ["extract_article", "Extraction", "Image", "Link"]

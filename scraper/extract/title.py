"""The article's title: the visible headline that agrees with the page's metadata, without the
site suffix (``… - Báo Quảng Ninh``) and never a breadcrumb ``<h1>`` (``THỜI SỰ > Cần Thơ``)."""

from __future__ import annotations

import re

from scraper.extract.dom import HtmlElement, text_of
from scraper.registry.model import Site
from scraper.text import clean_line

_SEPARATOR = re.compile(r"\s+[-|–—:]\s+|\s*\|\s*")
_SITEISH = re.compile(r"(?:^|\s)(?:báo|tạp chí|tin tức|online|điện tử|cổng thông tin)\b|\.(?:vn|com|net)\b|"
                      r"^(?:vnexpress|dân trí|tuổi trẻ|znews|vietnamnet|cafef|vtc news)\b", re.I)


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.lower()))


def similarity(a: str, b: str) -> float:
    """Word overlap of two titles (0..1), tolerant of small SEO rewrites of the headline."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / max(len(wa), len(wb))


def strip_site_suffix(title: str, site: Site | None) -> str:
    """``Sống đẹp - Báo Lào Cai`` → ``Sống đẹp``; a ``-`` inside the title itself stays."""
    title = clean_line(title)
    names = {site.outlet.lower(), *(d.lower() for d in site.domains)} if site else set()
    while True:
        parts = list(_SEPARATOR.finditer(title))
        if not parts:
            return title
        last = parts[-1]
        tail = title[last.end():].strip()
        if tail and (tail.lower() in names or _SITEISH.search(tail)) and last.start() > 0:
            title = title[: last.start()].strip()
            continue
        return title


def headline_from_h1(root: HtmlElement, meta_titles: list[str]) -> tuple[str | None, HtmlElement | None]:
    """The ``<h1>`` that matches the metadata title best; a breadcrumb or empty h1 never wins.

    Without metadata, the first h1 of at least three words that is not a breadcrumb path.
    """
    best: tuple[float, str | None, HtmlElement | None] = (0.0, None, None)
    for h1 in root.iter("h1"):
        text = text_of(h1)
        if not text or ">" in text or "»" in text:
            continue
        if not meta_titles:
            if len(text.split()) >= 3:
                return text, h1
            continue
        score = max(similarity(text, m) for m in meta_titles)
        if score > best[0]:
            best = (score, text, h1)
    if best[0] >= 0.6:
        return best[1], best[2]
    return _titled_element(root, meta_titles)


def _titled_element(root: HtmlElement, meta_titles: list[str]) -> tuple[str | None, HtmlElement | None]:
    """A headline without ``<h1>`` (``div.title-detail``): a ``*title*`` element equal to the metadata title."""
    for el in root.xpath('//body//*[contains(@class, "title")][not(self::a)]'):
        text = text_of(el)
        if text and len(text) < 300 and any(similarity(text, m) >= 0.8 for m in meta_titles):
            return text, el
    return None, None

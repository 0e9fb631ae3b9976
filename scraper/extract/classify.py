"""Is this page an article? Listing and home pages, error pages served with status 200 and
pages without a body give a kind and a one-line reason instead of a record.

Listings are told by structure: mostly links, many teaser headlines, many thumbnail or headline
links and little prose. An article shows itself by metadata (JSON-LD, publish-time meta) or by
what a reader sees: a headline, a publish date in the header under it and an article-shaped URL,
which makes even a one-paragraph brief an article; without either, three prose paragraphs are
needed.
"""

from __future__ import annotations

import re

from scraper.extract.dom import HtmlElement, text_of
from scraper.extract.generic import link_density
from scraper.extract.metadata import Metadata

_ERROR_PAGE = re.compile(r"\b404\b|không tìm thấy|không tồn tại|page not found|not found|"
                         r"trang bạn .{0,20}(?:tìm|truy cập)|"
                         r"đã bị xóa|đã bị gỡ|lỗi truy cập|error", re.I)
MIN_BODY_CHARS = 200
MIN_BRIEF_CHARS = 80  # a news brief: one paragraph under a dated headline
MAX_LINK_DENSITY = 0.45
MAX_HEADLINE_LINKS = 6
MAX_TEASERS = 5


def headline_links(container: HtmlElement) -> int:
    """Teaser headlines (``<h2>/<h3>`` holding a link) inside a container: many means a listing."""
    return sum(1 for h in container.iter("h2", "h3", "h4") if h.find(".//a") is not None)


def teasers(container: HtmlElement) -> int:
    """Links that look like teasers: a thumbnail link or a headline-long link text, one per URL."""
    urls = set()
    for a in container.iter("a"):
        href = a.get("href")
        if href and (a.find(".//img") is not None or len(text_of(a).split()) >= 5):
            urls.add(href)
    return len(urls)


def has_article_metadata(md: Metadata) -> bool:
    """A JSON-LD article or a publish-time meta tag: the page calls itself an article."""
    return bool(md.article) or bool(md.first("article:published_time", "pubdate", "datepublished"))


def reject_reason(root: HtmlElement, md: Metadata, container: HtmlElement | None, title: str | None,
                  paragraphs: list[str], *, visible_title: bool, header_date: bool,
                  article_url: bool = False) -> str | None:
    """Why the page is not an article, or None when it is one.

    A page that does not call itself an article (no JSON-LD article, no publish-time meta) must
    show it: a visible headline with a date in the header under it on an article-shaped URL
    (then one paragraph is enough), else a headline or a date and three prose paragraphs.
    """
    body_chars = sum(len(p) for p in paragraphs)
    if container is None:
        return "no article body found"
    page_title = " ".join(text_of(e) for e in root.iter("title", "h1"))
    if body_chars < 1000 and _ERROR_PAGE.search(page_title):
        return "error page served as a normal page"
    if link_density(container) > MAX_LINK_DENSITY:
        return "mostly links (a listing or home page)"
    structured = has_article_metadata(md)
    if headline_links(container) >= MAX_HEADLINE_LINKS and not structured:
        return "a list of teaser headlines (a listing page)"
    if not title:
        return "no title"
    shown = visible_title and header_date and article_url
    prose = sum(1 for p in paragraphs if len(p) >= 80)
    if not structured and teasers(container) >= max(MAX_TEASERS, prose + 1):
        return "more teaser links than prose paragraphs (a listing page)"
    if body_chars < (MIN_BRIEF_CHARS if shown else MIN_BODY_CHARS):
        return f"body too short ({body_chars} characters)"
    if not structured and not shown:
        if prose < 3 or body_chars < 600:
            return f"no article metadata and only {prose} prose paragraphs (a listing or section page)"
        if not (visible_title or header_date):
            return "no article metadata, no visible headline and no date by the title"
    return None

"""Is this page an article? Listing and home pages, error pages served with status 200 and
pages without a body give a kind and a one-line reason instead of a record."""

from __future__ import annotations

import re

from scraper.extract.dom import HtmlElement, text_of
from scraper.extract.generic import link_density
from scraper.extract.metadata import Metadata

_ERROR_PAGE = re.compile(r"\b404\b|không tìm thấy|không tồn tại|page not found|not found|"
                         r"trang bạn .{0,20}(?:tìm|truy cập)|"
                         r"đã bị xóa|đã bị gỡ|lỗi truy cập|error", re.I)
MIN_BODY_CHARS = 200
MAX_LINK_DENSITY = 0.45
MAX_HEADLINE_LINKS = 6


def headline_links(container: HtmlElement) -> int:
    """Teaser headlines (``<h2>/<h3>`` holding a link) inside a container: many means a listing."""
    return sum(1 for h in container.iter("h2", "h3", "h4") if h.find(".//a") is not None)


def has_article_metadata(md: Metadata) -> bool:
    """A JSON-LD article or a publish-time meta tag: the page calls itself an article."""
    return bool(md.article) or bool(md.first("article:published_time", "pubdate", "datepublished"))


def reject_reason(root: HtmlElement, md: Metadata, container: HtmlElement | None, title: str | None,
                  paragraphs: list[str], *, visible_title: bool, header_date: bool) -> str | None:
    """Why the page is not an article, or None when it is one.

    A page that does not call itself an article (no JSON-LD article, no publish-time meta) must
    show it: a visible headline or a date next to it, and at least three prose paragraphs.
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
    if body_chars < MIN_BODY_CHARS:
        return f"body too short ({body_chars} characters)"
    if not structured:
        prose = sum(1 for p in paragraphs if len(p) >= 80)
        if prose < 3 or body_chars < 600:
            return f"no article metadata and only {prose} prose paragraphs (a listing or section page)"
        if not (visible_title or header_date):
            return "no article metadata, no visible headline and no date by the title"
    return None

"""Is this page an article? Listing and home pages, error pages served with status 200 and
pages without a body give a kind and a one-line reason instead of a record."""

from __future__ import annotations

import re

from scraper.extract.dom import HtmlElement, text_of
from scraper.extract.generic import link_density
from scraper.extract.metadata import Metadata

_ERROR_PAGE = re.compile(r"\b404\b|không tìm thấy|không tồn tại|page not found|not found|trang bạn .{0,20}(?:tìm|truy cập)|"
                         r"đã bị xóa|đã bị gỡ|lỗi truy cập|error", re.I)
MIN_BODY_CHARS = 200
MAX_LINK_DENSITY = 0.45
MAX_HEADLINE_LINKS = 6


def headline_links(container: HtmlElement) -> int:
    """Teaser headlines (``<h2>/<h3>`` holding a link) inside a container: many means a listing."""
    return sum(1 for h in container.iter("h2", "h3", "h4") if h.find(".//a") is not None)


def reject_reason(root: HtmlElement, md: Metadata, container: HtmlElement | None, title: str | None,
                  body_chars: int) -> str | None:
    """Why the page is not an article, or None when it is one."""
    if container is None:
        return "no article body found"
    page_title = " ".join(text_of(e) for e in root.iter("title", "h1"))
    if body_chars < 1000 and _ERROR_PAGE.search(page_title):
        return "error page served as a normal page"
    if link_density(container) > MAX_LINK_DENSITY:
        return "mostly links (a listing or home page)"
    if headline_links(container) >= MAX_HEADLINE_LINKS and not md.article:
        return "a list of teaser headlines (a listing page)"
    if not title:
        return "no title"
    if body_chars < MIN_BODY_CHARS:
        return f"body too short ({body_chars} characters)"
    return None

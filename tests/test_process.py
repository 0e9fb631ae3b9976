"""Record assembly details that no real page shows on its own."""

from __future__ import annotations

from datetime import datetime, timezone

from scraper.page import RawPage
from scraper.process import record_url
from scraper.registry import load_registry

SITE = load_registry().site("baolaocai")


def page(url: str, final: str | None = None) -> RawPage:
    return RawPage(url=url, final_url=final or url, status=200, html="", site="baolaocai",
                   fetched_at=datetime(2026, 11, 29, 3, tzinfo=timezone.utc))


def test_canonical_link_on_the_outlet_wins_with_tracking_stripped():
    fetched = page("https://baolaocai.vn/song-dep-post404649.html?utm_source=zalo")
    assert record_url("https://baolaocai.vn/song-dep-post404649.html?utm_medium=social&fbclid=x", fetched, SITE) \
        == "https://baolaocai.vn/song-dep-post404649.html"


def test_canonical_naming_another_outlet_is_not_taken():
    """A syndicated piece whose canonical points at the original paper stays this outlet's URL."""
    fetched = page("https://baolaocai.vn/tin-theo-ttxvn-post1.html")
    assert record_url("https://baotintuc.vn/tin-goc-20260101.htm", fetched, SITE) \
        == "https://baolaocai.vn/tin-theo-ttxvn-post1.html"


def test_no_canonical_uses_the_url_after_redirects():
    fetched = page("http://baolaocai.vn/a-post2.html", final="https://baolaocai.vn/a-post2.html")
    assert record_url(None, fetched, SITE) == "https://baolaocai.vn/a-post2.html"

"""One HTTP exchange as it was received: status, headers, the body bytes before any decoding.

A ``Capture`` is what a WARC response record holds. The crawl builds one per article response
(``spiders.archive``), backfill from an archive's copy, ``import-warc`` and ``reextract`` from a
WARC record; ``to_page`` turns any of them into the ``RawPage`` the article path takes, so a page
read back from a WARC goes through exactly the code a fetched one does.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

import brotli

from scraper.decode import decode_html
from scraper.page import RawPage

# Headers the crawl keeps on its pages (``spiders.news.KEPT_HEADERS``, lower-cased).
PAGE_HEADERS = ("content-type", "last-modified", "etag", "content-language", "date")
HTML_TYPES = ("text/html", "application/xhtml+xml")


class CaptureError(ValueError):
    """A capture that cannot become a page: not HTML, undecodable body, unknown encoding."""


@dataclass
class Capture:
    """A response as received. ``headers`` keep their order and repeats; ``body`` may still be
    content-encoded (``Content-Encoding: gzip``): ``payload()`` decodes it."""

    url: str  # the URL that answered (WARC-Target-URI)
    date: datetime  # when it was fetched, aware UTC (WARC-Date)
    status: int
    headers: list[tuple[str, str]]
    body: bytes = field(repr=False)
    protocol: str = "HTTP/1.1"
    request_headers: list[tuple[str, str]] | None = None  # None: no request record is written
    ip_address: str | None = None
    hints: dict[str, str] = field(default_factory=dict)  # discovery's date hints (spiders.news)
    archive: dict[str, Any] | None = None  # where a recovered copy came from (record field)

    def header(self, name: str) -> str | None:
        name = name.lower()
        return next((v for k, v in self.headers if k.lower() == name), None)

    @property
    def content_type(self) -> str:
        return (self.header("content-type") or "").split(";")[0].strip().lower()

    def is_html(self) -> bool:
        """Declared HTML, or undeclared bytes that start like a page (old captures lack types)."""
        if self.content_type:
            return self.content_type in HTML_TYPES
        return self.payload()[:1024].lstrip().lower().startswith((b"<!doctype html", b"<html"))

    def payload(self) -> bytes:
        """The body with ``Content-Encoding`` undone (gzip, deflate, br; identity as is)."""
        coding = (self.header("content-encoding") or "identity").strip().lower()
        try:
            if coding in ("gzip", "x-gzip"):
                return zlib.decompress(self.body, wbits=47)
            if coding == "deflate":
                try:
                    return zlib.decompress(self.body)
                except zlib.error:
                    return zlib.decompress(self.body, wbits=-15)
            if coding == "br":
                return brotli.decompress(self.body)
        except (zlib.error, brotli.error) as exc:
            raise CaptureError(f"body does not decode as {coding}: {exc}") from None
        if coding not in ("identity", ""):
            raise CaptureError(f"unknown content encoding {coding!r}")
        return self.body


def utc_seconds(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc).replace(microsecond=0)


def to_page(capture: Capture, site: str, *, requested_url: str | None = None,
            warc: dict[str, Any] | None = None) -> RawPage:
    """The ``RawPage`` of an HTML capture; raises ``CaptureError`` when it is not one.

    ``requested_url`` is what the frontier planned (the crawl's URL before redirects, an
    archive's replay URL); the page's own URL is the capture's. ``fetched_at`` is the capture
    time, so "2 giờ trước" on a 2022 copy is read against 2022, not today.
    """
    if not capture.is_html():
        raise CaptureError(f"not HTML ({capture.content_type or 'no content type'})")
    try:
        html = decode_html(capture.payload(), capture.header("content-type"))
    except ValueError as exc:  # UndecodableError is a ValueError
        raise CaptureError(str(exc)) from None
    headers = {name: value for name in PAGE_HEADERS if (value := capture.header(name)) is not None}
    return RawPage(
        url=requested_url or capture.url, final_url=capture.url, status=capture.status, html=html,
        site=site, fetched_at=utc_seconds(capture.date), headers=headers, hints=dict(capture.hints),
        warc=warc, archive=capture.archive,
    )

"""The archives' indexes: CDX queries, their rows judged by the site's URL rules, one capture per
article, and the raw capture turned back into the response the outlet sent.

Transport is Scrapy's (``spiders.backfill``): one politeness policy (low concurrency, delays,
``Retry-After``), asynchronous, resumable through the store's frontier. Parsing the index
answers is cdx_toolkit's (``cdx_to_captures``: the Wayback CDX server's JSON table with its field
names, pywb's JSON lines for Common Crawl, "no captures" answers), and so is choosing Common
Crawl indexes by crawl name or date (``match_cc_crawls``, ``filter_cc_endpoints``). cdx_toolkit's
own HTTP client is not used: it blocks, ignores ``Retry-After``, waits fixed intervals per host
read from the environment at import time, and sleeps a minute per connection error up to 100
times, none of which fits a crawl that must stay polite, resumable and testable on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any
from urllib.parse import urlencode

from cdx_toolkit import cdx_to_captures
from cdx_toolkit.commoncrawl import filter_cc_endpoints, match_cc_crawls

from scraper.archive.capture import Capture, utc_seconds
from scraper.archive.read import RecordError, inflate_member, parse_record
from scraper.urls import UrlRules, canonical_url

SOURCES = ("wayback", "commoncrawl")
HTML_MIMES = ("text/html", "application/xhtml+xml")
# Wayback ``id_`` answers carry the original headers as X-Archive-Orig-*; these describe the
# archive's own transfer and are not the page's.
TRANSFER_HEADERS = frozenset({"content-length", "transfer-encoding", "content-encoding", "connection"})


@dataclass
class _Answer:
    """What ``cdx_to_captures`` reads from a response (a ``requests.Response`` look-alike)."""

    status_code: int
    text: str


def parse_rows(status: int, text: str) -> list[dict[str, Any]]:
    """Index rows as dicts with pywb names (``url``, ``timestamp``, ``status``, ``mime``, …)."""
    if not text.strip():
        return []
    return [dict(capture.data) for capture in cdx_to_captures(_Answer(status, text))]


def cdx_timestamp(day: date) -> str:
    return day.strftime("%Y%m%d")


def query_url(endpoint: str, domain: str, page: int, since: date | None) -> str:
    """One page of captures for a host and its subdomains (``matchType=domain``)."""
    params = {"url": domain, "matchType": "domain", "output": "json", "page": page}
    if since is not None:
        params["from"] = cdx_timestamp(since)
    return f"{endpoint}?{urlencode(params)}"


def cc_endpoints(collinfo: list[dict[str, Any]], crawls: list[str], since: date | None) -> list[str]:
    """The Common Crawl index endpoints to query: the named crawls, else those from ``since`` on."""
    raw = sorted(str(entry["cdx-api"]) for entry in collinfo if "cdx-api" in entry)
    if crawls:
        return match_cc_crawls(crawls, raw)  # ValueError: 'No matches for crawls …'
    if since is None:
        return raw
    return filter_cc_endpoints(raw, "ascending", params={"from_ts": cdx_timestamp(since)})


def row_reject(row: dict[str, Any], rules: UrlRules, owns) -> str | None:
    """Why an index row is not a capture to fetch (a stats key), or None."""
    url = str(row.get("url") or "")
    if not url.startswith(("http://", "https://")) or not owns(url):
        return "other_host"
    if not rules.is_article(canonical_url(url)):
        return "not_article_url"
    status = str(row.get("status") or "")
    if status == "-" or row.get("mime") == "warc/revisit":
        return "revisit"
    if status != "200":
        return "redirect" if status.startswith("3") else f"status_{status or 'unknown'}"
    mime = str(row.get("mime-detected") or row.get("mime") or "").split(";")[0].strip().lower()
    if mime not in HTML_MIMES and mime not in ("unk", ""):
        return "not_html"
    return None


def captured_at(row: dict[str, Any]) -> datetime:
    return datetime.strptime(str(row["timestamp"])[:14].ljust(14, "0"), "%Y%m%d%H%M%S").replace(tzinfo=timezone.utc)


class Choices:
    """One capture per article: rows keyed by ``urlkey`` (SURT: scheme and ``www.`` folded), the
    earliest kept (or the latest); a temporary SQLite file, so memory stays flat."""

    def __init__(self, latest: bool = False) -> None:
        fd, self.path = tempfile.mkstemp(prefix="vnnews-backfill-", suffix=".sqlite")
        os.close(fd)
        self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("CREATE TABLE choice (urlkey TEXT PRIMARY KEY, ts TEXT, row TEXT) WITHOUT ROWID")
        self.better = ">" if latest else "<"

    def offer(self, row: dict[str, Any]) -> None:
        key = str(row.get("urlkey") or canonical_url(str(row["url"])))
        self.conn.execute(
            "INSERT INTO choice VALUES (?, ?, ?) ON CONFLICT (urlkey) DO UPDATE SET ts = excluded.ts, "
            f"row = excluded.row WHERE excluded.ts {self.better} choice.ts",
            (key, str(row["timestamp"]), json.dumps(row, ensure_ascii=False)),
        )

    def __len__(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM choice").fetchone()[0])

    def rows(self, after: str = "", limit: int = 500) -> list[tuple[str, dict[str, Any]]]:
        found = self.conn.execute("SELECT urlkey, row FROM choice WHERE urlkey > ? ORDER BY urlkey LIMIT ?",
                                  (after, limit)).fetchall()
        return [(key, json.loads(row)) for key, row in found]

    def close(self) -> None:
        self.conn.close()
        os.unlink(self.path)


# -- fetching a capture ---------------------------------------------------------------------------


def wayback_url(base: str, row: dict[str, Any]) -> str:
    """The raw capture: ``id_`` replays the bytes as archived, with no toolbar or rewritten links."""
    return f"{base.rstrip('/')}/{row['timestamp']}id_/{row['url']}"


def cc_url(base: str, row: dict[str, Any]) -> tuple[str, str]:
    """(file URL with ``#offset=…&length=…``, Range header) of a Common Crawl record."""
    offset, length = int(row["offset"]), int(row["length"])
    return (f"{base.rstrip('/')}/{row['filename']}#offset={offset}&length={length}",
            f"bytes={offset}-{offset + length - 1}")


def wayback_capture(row: dict[str, Any], status: int, headers: list[tuple[str, str]], body: bytes,
                    location: str) -> Capture:
    """The outlet's response as Wayback archived it: original headers restored from
    ``X-Archive-Orig-*``, the content type Wayback serves, the body as given (already decoded by
    the download: transfer headers dropped)."""
    kept = [(k[len("x-archive-orig-"):], v) for k, v in headers if k.lower().startswith("x-archive-orig-")]
    kept = [(k, v) for k, v in kept if k.lower() not in TRANSFER_HEADERS | {"content-type"}]
    kept += [(k, v) for k, v in headers if k.lower() == "content-type"]
    when = captured_at(row)
    return Capture(url=str(row["url"]), date=when, status=status, headers=kept, body=body,
                   archive={"source": "wayback", "captured_at": utc_seconds(when).isoformat(), "location": location,
                            "offset": None, "length": None})


def cc_capture(row: dict[str, Any], body: bytes, location: str) -> Capture:
    """The response record a Common Crawl range request returned (one gzip member)."""
    rec_type, capture = parse_record(inflate_member(body))
    if capture is None:
        raise RecordError("not_response", f"the index points at a {rec_type} record")
    capture.archive = {"source": "commoncrawl", "captured_at": utc_seconds(capture.date).isoformat(),
                       "location": location.split("#", 1)[0], "offset": int(row["offset"]),
                       "length": int(row["length"])}
    return capture


def merged_counts(stats: dict[str, Any], prefix: str) -> Iterator[tuple[str, int]]:
    for key, value in sorted(stats.items()):
        if key.startswith(prefix):
            yield key[len(prefix):], int(value)

"""A server on 127.0.0.1 that answers like the web archives ``vnnews backfill`` reads.

- Wayback: the CDX API (``/cdx/search/cdx``, JSON table with a header row, ``page=`` paging that
  answers an empty body past the last page) and raw replays (``/web/<timestamp>id_/<url>``,
  original headers as ``X-Archive-Orig-*``).
- Common Crawl: ``/collinfo.json``, one pywb index per crawl (``/<crawl>-index``, JSON lines
  with filename/offset/length, 400 past the last page) and WARC files built here with warcio,
  served with HTTP Range (206).

Pages and captures are the test's own synthetic HTML. ``fail(path_prefix, status, retry_after)``
answers the next request under a path with an error once (429 + Retry-After, say).
"""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

PAGE_ROWS = 3  # small pages so the paging is exercised


def urlkey(url: str) -> str:
    """A SURT-like key: host labels reversed, ``www.`` and the scheme folded."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    return ",".join(reversed(host.split("."))) + ")" + (parts.path or "/").lower() + (f"?{parts.query}" if parts.query else "")


@dataclass
class Capture:
    url: str
    timestamp: str  # YYYYMMDDhhmmss
    status: int = 200  # what the index says
    mime: str = "text/html"
    body: bytes = b""
    replay_status: int | None = None  # what the replay answers (defaults to status)
    replay_type: str | None = None  # Content-Type of the replay (defaults to mime)
    crawl: str | None = None  # Common Crawl crawl holding it; None: Wayback only
    location: str | None = None
    cc: dict = field(default_factory=dict)  # filename, offset, length once written


class FakeArchives:
    def __init__(self) -> None:
        self.captures: list[Capture] = []
        self.warcs: dict[str, bytes] = {}
        self.requests: list[str] = []
        self._fail: dict[str, list[tuple[int, str]]] = {}
        self._lock = threading.Lock()
        archives = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802
                archives.answer(self)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    # -- setting up ------------------------------------------------------------------------------

    def add(self, capture: Capture) -> Capture:
        self.captures.append(capture)
        return capture

    def build_warcs(self) -> None:
        """One WARC file per crawl (a request/response pair per capture), offsets noted."""
        by_crawl: dict[str, list[Capture]] = {}
        for c in self.captures:
            if c.crawl:
                by_crawl.setdefault(c.crawl, []).append(c)
        for crawl, caps in by_crawl.items():
            name = f"crawl-data/{crawl}/segments/1/warc/{crawl}-00000.warc.gz"
            buf = io.BytesIO()
            writer = WARCWriter(buf, gzip=True)
            for c in caps:
                headers = [("Content-Type", c.replay_type or c.mime)]
                if c.location:
                    headers.append(("Location", c.location))
                http = StatusAndHeaders(f"{c.replay_status or c.status} X", headers, protocol="HTTP/1.1")
                date = f"{c.timestamp[:4]}-{c.timestamp[4:6]}-{c.timestamp[6:8]}T{c.timestamp[8:10]}:{c.timestamp[10:12]}:{c.timestamp[12:14]}Z"
                record = writer.create_warc_record(c.url, "response", payload=io.BytesIO(c.body), http_headers=http,
                                                   warc_headers_dict={"WARC-Date": date})
                offset = buf.tell()
                writer.write_record(record)
                c.cc = {"filename": name, "offset": offset, "length": buf.tell() - offset}
            self.warcs[name] = buf.getvalue()

    def fail(self, prefix: str, status: int, retry_after: str) -> None:
        self._fail.setdefault(prefix, []).append((status, retry_after))

    def paths(self) -> list[str]:
        with self._lock:
            return list(self.requests)

    # -- answering -------------------------------------------------------------------------------

    def answer(self, h: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests.append(h.path)
        parts = urlsplit(h.path)
        for prefix, queue in self._fail.items():
            if parts.path.startswith(prefix) and queue:
                status, retry_after = queue.pop(0)
                return self.send(h, status, b"", [("Retry-After", retry_after)])
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        if parts.path == "/cdx/search/cdx":
            return self.wayback_cdx(h, query)
        if parts.path.startswith("/web/"):
            return self.wayback_replay(h)
        if parts.path == "/collinfo.json":
            crawls = sorted({c.crawl for c in self.captures if c.crawl})
            body = json.dumps([{"id": c, "name": c, "cdx-api": f"{self.base}/{c}-index"} for c in reversed(crawls)])
            return self.send(h, 200, body.encode(), [("Content-Type", "application/json")])
        if parts.path.endswith("-index"):
            return self.cc_index(h, parts.path[1:-len("-index")], query)
        if parts.path.lstrip("/") in self.warcs:
            return self.cc_data(h, self.warcs[parts.path.lstrip("/")])
        return self.send(h, 404, b"not here")

    def _matching(self, query: dict[str, str], crawl: str | None = None) -> list[Capture]:
        domain = query["url"].lower()
        since = query.get("from", "")
        found = [c for c in self.captures
                 if (urlsplit(c.url).hostname == domain or (urlsplit(c.url).hostname or "").endswith("." + domain))
                 and c.timestamp >= since and (crawl is None or c.crawl == crawl)]
        return sorted(found, key=lambda c: (urlkey(c.url), c.timestamp))

    def wayback_cdx(self, h, query: dict[str, str]) -> None:
        rows = self._matching(query)
        page = int(query.get("page", 0))
        chunk = rows[page * PAGE_ROWS:(page + 1) * PAGE_ROWS]
        if not chunk:
            return self.send(h, 200, b"", [("Content-Type", "text/plain")])
        table = [["urlkey", "timestamp", "original", "mimetype", "statuscode", "digest", "length"]]
        table += [[urlkey(c.url), c.timestamp, c.url, c.mime, str(c.status), "SHA1X", str(len(c.body))] for c in chunk]
        self.send(h, 200, json.dumps(table).encode(), [("Content-Type", "application/json")])

    def wayback_replay(self, h) -> None:
        stamp, _, url = h.path[len("/web/"):].partition("id_/")
        found = next((c for c in self.captures if c.url == url and c.timestamp == stamp), None)
        if found is None:
            return self.send(h, 404, b"<html>Wayback: not in archive</html>", [("Content-Type", "text/html")])
        headers = [("Content-Type", found.replay_type or found.mime), ("X-Archive-Orig-Server", "nginx"),
                   ("X-Archive-Orig-Content-Length", str(len(found.body))), ("Memento-Datetime", "x")]
        if found.location:
            headers.append(("Location", f"{self.base}/web/{stamp}id_/{found.location}"))
        self.send(h, found.replay_status or found.status, found.body, headers)

    def cc_index(self, h, crawl: str, query: dict[str, str]) -> None:
        rows = self._matching(query, crawl)
        page = int(query.get("page", 0))
        chunk = rows[page * PAGE_ROWS:(page + 1) * PAGE_ROWS]
        if not chunk:
            return self.send(h, 400, b"Invalid page", [("Content-Type", "text/plain")])
        lines = [json.dumps({"urlkey": urlkey(c.url), "timestamp": c.timestamp, "url": c.url, "mime": c.mime,
                             "mime-detected": c.mime, "status": str(c.status), "digest": "SHA1X", **{
                                 k: str(v) for k, v in c.cc.items()}}) for c in chunk]
        self.send(h, 200, ("\n".join(lines) + "\n").encode(), [("Content-Type", "text/x-ndjson")])

    def cc_data(self, h, data: bytes) -> None:
        spec = h.headers.get("Range", "")
        if not spec.startswith("bytes="):
            return self.send(h, 200, data, [("Content-Type", "application/octet-stream")])
        first, last = (int(x) for x in spec[6:].split("-"))
        self.send(h, 206, data[first:last + 1], [("Content-Type", "application/octet-stream"),
                                                 ("Content-Range", f"bytes {first}-{last}/{len(data)}")])

    @staticmethod
    def send(h, status: int, body: bytes, headers: list[tuple[str, str]] = ()) -> None:
        h.send_response(status)
        for k, v in headers:
            h.send_header(k, v)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    # -- lifetime --------------------------------------------------------------------------------

    def __enter__(self) -> FakeArchives:
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()



"""A threaded HTTP server on 127.0.0.1 for a generated demo site, counting every request.

    with DemoServer(Path("/tmp/demo")) as server:
        print(server.base_url)        # http://127.0.0.1:<free port>
        ...                           # crawl it
        server.paths()                # every path requested, in order
        server.max_in_flight          # most requests it was answering at once (politeness checks)

``redirect_to`` makes it an "old domain": every request gets a 301 to the same path there.
``python -m scraper.demo.server DIR --port N`` serves a folder from the shell.
"""

from __future__ import annotations

import argparse
import sys
import threading
import time
from collections import Counter
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CONTENT_TYPES = {
    ".rss": "application/rss+xml; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".gz": "application/gzip",
    ".html": "text/html; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".toml": "text/plain; charset=utf-8",
}


class _Handler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **CONTENT_TYPES}

    def __init__(self, *args, server_state: DemoServer, **kwargs) -> None:
        self.state = server_state
        super().__init__(*args, directory=str(server_state.root or "."), **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.state.record(self.path, self.headers.get("User-Agent", ""))
        self._started: float | None = self.state.arrive()
        try:
            self._answer()
        finally:
            self._done()

    def end_headers(self) -> None:
        self._done()  # before the body goes out: the client cannot have the answer before this
        super().end_headers()

    def _done(self) -> None:
        if getattr(self, "_started", None) is not None:
            self.state.leave(self.path, self._started)
            self._started = None

    def _answer(self) -> None:
        if self.state.latency:
            time.sleep(self.state.latency)
        if self.state.redirect_to:
            self.send_response(301)
            self.send_header("Location", self.state.redirect_to + self.path)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        status = self.state.take_failure(urlsplit(self.path).path)
        if status is not None:
            code, retry_after = status
            self.send_response(code)
            if retry_after is not None:
                self.send_header("Retry-After", retry_after)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - overrides the base name
        pass


class DemoServer:
    """Serve ``root`` on 127.0.0.1 (port 0 = a free one) in a background thread.

    ``root`` is read on every request, so a server can be started first (to learn its port for
    the site's URLs) and pointed at the generated folder afterwards.
    """

    def __init__(self, root: Path | None = None, port: int = 0, *, redirect_to: str | None = None) -> None:
        self.root = Path(root) if root is not None else None
        self.redirect_to = redirect_to.rstrip("/") if redirect_to else None
        self._lock = threading.Lock()
        self._requests: list[str] = []
        self.user_agents: set[str] = set()
        self._failures: dict[str, list[tuple[int, str | None]]] = {}
        # politeness as the server sees it: seconds each answer takes, requests in flight, and
        # each request's (path, arrival, end) on the monotonic clock
        self.latency = 0.0
        self.in_flight = 0
        self.max_in_flight = 0
        self.visits: list[tuple[str, float, float]] = []
        handler = partial(_Handler, server_state=self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return int(self.httpd.server_address[1])

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def record(self, path: str, user_agent: str) -> None:
        with self._lock:
            self._requests.append(path)
            self.user_agents.add(user_agent)

    def arrive(self) -> float:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        return time.monotonic()

    def leave(self, path: str, started: float) -> None:
        with self._lock:
            self.in_flight -= 1
            self.visits.append((path, started, time.monotonic()))

    def fail(self, path: str, status: int, retry_after: str | None = None, times: int = 1) -> None:
        """Answer the next ``times`` requests for ``path`` with ``status`` (e.g. 429, Retry-After: 1)."""
        with self._lock:
            self._failures.setdefault(path, []).extend([(status, retry_after)] * times)

    def take_failure(self, path: str) -> tuple[int, str | None] | None:
        with self._lock:
            queue = self._failures.get(path)
            return queue.pop(0) if queue else None

    def paths(self) -> list[str]:
        """Every request path seen, in arrival order (query strings included)."""
        with self._lock:
            return list(self._requests)

    def counts(self) -> Counter[str]:
        return Counter(self.paths())

    def reset(self) -> None:
        with self._lock:
            self._requests.clear()
            self.visits.clear()
            self.max_in_flight = 0

    def start(self) -> DemoServer:
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="demo-server", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> DemoServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scraper.demo.server",
                                     description="Serve a generated demo site on 127.0.0.1.")
    parser.add_argument("root", type=Path, help="folder written by scraper.demo.generate.build_site")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--redirect-to", metavar="URL", help="answer every request with a 301 to URL + path")
    args = parser.parse_args(argv)
    if not args.redirect_to and not args.root.is_dir():
        print(f"{args.root}: not a folder", file=sys.stderr)
        return 2
    server = DemoServer(args.root, args.port, redirect_to=args.redirect_to)
    print(f"serving {args.root} on {server.base_url} (Ctrl-C stops)", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Run the offline demo: a generated mock provincial news site, crawled for real into a corpus.

Writes a small mock site (our own short Vietnamese texts: a header clock, a byline after the
body, related links, an RSS feed, monthly gzipped sitemaps, paginated listings, a robots.txt),
serves it on 127.0.0.1 at a free port, and runs `vnnews crawl demo` on it with the real
spiders and pipelines. Nothing leaves this machine. Then prints where the corpus is and how
many records it holds.

Examples:
  vnnews demo                         # corpus in ./data
  vnnews demo --out /tmp/demo-corpus --family f2 --articles 100
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import date
from pathlib import Path

from scraper import exitcodes
from scraper.demo.generate import build_site
from scraper.demo.server import DemoServer
from scraper.demo.templates import FAMILIES

DEMO_START = date(2024, 1, 1)  # fixed, so every run of the demo builds the same site
DEMO_PORT = 8765  # fixed too when free: same URLs each run, so a re-run finds nothing new to store


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--out", default="data", metavar="DIR", help="corpus directory (default: data)")
    p.add_argument("--articles", type=int, default=40, metavar="N", help="articles on the mock site (default 40)")
    p.add_argument("--family", choices=FAMILIES, default="f6", help="CMS family the mock pages imitate (default f6)")
    p.add_argument("--seed", type=int, default=1, help="another seed gives other (still made-up) articles")
    p.add_argument("--keep-site", metavar="DIR", help="write the mock site here and keep it (default: a temp folder)")
    p.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's logs instead of the live display")
    p.add_argument("--port", type=int, default=DEMO_PORT,
                   help=f"port on 127.0.0.1 (default {DEMO_PORT}; a free one if taken)")


def count_records(out: Path, site: str) -> int:
    from scraper.store.read import iter_records

    return sum(1 for _ in iter_records(out, [site]))


def crawl_site(sites_toml: Path, out: Path, verbose: bool = False) -> int:
    """``vnnews crawl demo --sites-file … --out …`` in this process, with no politeness delay
    (the server is our own, on 127.0.0.1)."""
    from scraper.commands import crawl

    parser = argparse.ArgumentParser()
    crawl.add_arguments(parser)
    args = parser.parse_args(["demo", "--sites-file", str(sites_toml), "--out", str(out),
                              "--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False",
                              "--redis", ""]  # one process here, whatever VNNEWS_REDIS_URL says
                             + (["-v"] if verbose else []))
    return crawl.run(args)


def start_server(root: Path, port: int) -> DemoServer:
    """The demo server on ``port``, or on a free port when that one is taken."""
    try:
        return DemoServer(root, port).start()
    except OSError:
        return DemoServer(root, 0).start()


def run(args: argparse.Namespace) -> int:
    if args.articles < 1:
        print("vnnews demo: --articles must be at least 1", file=sys.stderr)
        return exitcodes.USAGE
    out = Path(args.out)
    with tempfile.TemporaryDirectory(prefix="vnnews-demo-") as tmp:
        root = Path(args.keep_site) if args.keep_site else Path(tmp) / "site"
        server = start_server(root, args.port)
        try:
            info = build_site(root, server.base_url, family=args.family, n_articles=args.articles,
                              seed=args.seed, start=DEMO_START)
            print(f"vnnews demo: mock site ({len(info.articles)} articles, family {info.family}) "
                  f"served at {server.base_url}/", flush=True)
            code = crawl_site(info.sites_toml, out, args.verbose)
        finally:
            server.stop()
    if code not in (exitcodes.OK, exitcodes.PARTIAL):
        return code  # the crawl said why in one line
    records = count_records(out, info.key)
    print(f"vnnews demo: corpus in {(out / 'corpus' / info.key).resolve()} — {records} records "
          f"(site '{info.key}', {len(info.articles)} articles on the mock site)")
    return code if records else exitcodes.FAILED

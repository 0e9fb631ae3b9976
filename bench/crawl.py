"""Crawl benchmark: the full vnnews pipeline against a bare fetch-only Scrapy spider.

Generates a demo site of N articles (default 5,000) served on 127.0.0.1, then in one run:
  1. a bare Scrapy spider (below) fetches exactly the site's article URLs and does nothing else;
  2. `vnnews crawl` discovers the same articles (sitemaps, feed, listings) and sends every page
     through extract → normalise → validate → dedupe → store into a fresh corpus.
Both use the same concurrency and no delay; each is timed as a whole process (start-up included).
Prints article pages/minute for both and the ratio (target: vnnews ≥ 60 % of the bare rate).

    .venv/bin/python bench/crawl.py                    # 5,000 articles
    .venv/bin/python bench/crawl.py --articles 1000 --family f3
    .venv/bin/python bench/crawl.py --tty              # vnnews on a pseudo-terminal: its live display on
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import scrapy

SPEED = {"DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False", "CONCURRENT_REQUESTS": "16",
         "CONCURRENT_REQUESTS_PER_DOMAIN": "16", "LOG_LEVEL": "WARNING"}


class BareSpider(scrapy.Spider):
    """Fetches a list of URLs and keeps nothing: the upper bound of what the crawl can do."""

    name = "bare"

    def __init__(self, urls_file: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.urls = Path(urls_file).read_text("utf-8").split()

    async def start(self):
        for url in self.urls:
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response):
        self.crawler.stats.inc_value("bare/pages")
        return None


def run_bare(urls_file: str) -> int:
    """Subprocess entry: the bare spider with Scrapy's defaults plus the shared speed settings."""
    from scrapy.crawler import CrawlerProcess

    settings = {k: json.loads(v.lower()) if v in ("True", "False") else v for k, v in SPEED.items()}
    settings.update({"ROBOTSTXT_OBEY": True, "TELNETCONSOLE_ENABLED": False, "COOKIES_ENABLED": False})
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, urls_file=urls_file)
    process.start()
    print(json.dumps({"pages": crawler.stats.get_value("bare/pages", 0)}))
    return 0


def on_terminal(cmd: list[str]) -> subprocess.CompletedProcess:
    """Run ``cmd`` with its output on a pseudo-terminal (drained as it comes), as a person sees it."""
    import os

    master, slave = os.openpty()
    proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=slave, stderr=slave,
                            env=dict(os.environ, TERM="xterm-256color"))
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # EIO: the child closed the terminal
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    text = b"".join(chunks).decode("utf-8", "replace")
    return subprocess.CompletedProcess(cmd, proc.wait(), "", text)


def timed(cmd: list[str], tty: bool = False) -> tuple[float, subprocess.CompletedProcess]:
    started = time.perf_counter()
    done = on_terminal(cmd) if tty else subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode not in (0,):
        sys.exit(f"bench: {' '.join(cmd[:4])}… exited {done.returncode}:\n{done.stderr[-2000:]}")
    return seconds, done


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--family", default="f2", help="demo CMS family (f2, f3, f6)")
    parser.add_argument("--tty", action="store_true", help="run vnnews on a pseudo-terminal (live display on)")
    parser.add_argument("--bare", metavar="URLS_FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.bare:
        return run_bare(args.bare)

    from scraper.demo.generate import build_site
    from scraper.demo.server import DemoServer
    from scraper.store.summary import summarise

    with tempfile.TemporaryDirectory(prefix="vnnews-bench-crawl-") as tmp:
        root, out = Path(tmp) / "site", Path(tmp) / "out"
        with DemoServer(root) as server:
            info = build_site(root, server.base_url, family=args.family, n_articles=args.articles, seed=11,
                              start=date(2012, 1, 1))
            urls_file = Path(tmp) / "urls.txt"
            urls_file.write_text("\n".join(a.url for a in info.articles), "utf-8")
            n = len(info.articles)
            print(f"demo site: {n} public articles, family {args.family}, {server.base_url}")

            bare_s, bare = timed([sys.executable, __file__, "--bare", str(urls_file)])
            bare_pages = json.loads(bare.stdout.strip().splitlines()[-1])["pages"]
            server.reset()

            cmd = [sys.executable, "-m", "scraper", "crawl", "demo", "--sites-file", str(info.sites_toml),
                   "--out", str(out)]
            for name, value in SPEED.items():
                cmd += ["--set", f"{name}={value}"]
            full_s, full = timed(cmd, tty=args.tty)
            requests = len(server.paths())
        stored = sum(s.records for s in summarise(out).values())

    bare_rate, full_rate = bare_pages / bare_s * 60, stored / full_s * 60
    print(f"bare scrapy  : {bare_pages:>6} article pages in {bare_s:6.1f} s = {bare_rate:8.0f} pages/min")
    print(f"vnnews crawl : {stored:>6} articles stored in {full_s:6.1f} s = {full_rate:8.0f} pages/min"
          f"  ({requests} requests incl. discovery)")
    print(f"ratio        : {full_rate / bare_rate:.0%} of the bare rate (target ≥ 60 %)")
    print(("vnnews summary (on a terminal):\n" if args.tty else "vnnews summary:\n")
          + "\n".join(re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "", line) for line in full.stderr.strip().splitlines()[-2:]))
    return 0 if stored == n else 1


if __name__ == "__main__":
    sys.exit(main())

"""Scale-out benchmark: article pages per minute of 1 and then 2 Redis workers, in the same run.

Generates a demo site of N articles (default 4,000) served on 127.0.0.1 and starts a
redis-server (Debian's) on a free port; then, twice, into a fresh corpus folder: `vnnews crawl
--redis` plans the whole site (not timed), and 1 (then 2) `vnnews worker` processes fetch,
extract and store it. Politeness is off (no delay, 16 requests per host), extraction and
archiving are on as in a real crawl, so the work is CPU-bound: this machine has 2 cores.

The demo's article pages are 4 KB; the real article pages of ../shared/fixtures have a median
of about 200 KB, most of it chrome (menus, teaser lists, scripts) that extraction must parse and
set aside. Each article page is padded with such chrome (our own generated links and text) to
about --page-kb KB (default 150), so that extraction, not the per-request overhead of a 4 KB
page, is what a worker spends its time on, as in a real crawl. --page-kb 0 keeps the demo size.

Printed per run: the wall time of the worker phase (start-up included) and the working rate,
stored articles over the span of their `crawled_at` times (start-up excluded); the ratio of the
2-worker rate to the 1-worker rate (target ≥ 1.7 on 2 cores); and Redis round trips per stored
article (planner and workers, as each process counted them).

    .venv/bin/python bench/scaleout.py
    .venv/bin/python bench/scaleout.py --articles 2000 --workers 3
"""

from __future__ import annotations

import argparse
import json
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime
from pathlib import Path

SPEED = ["DOWNLOAD_DELAY=0", "AUTOTHROTTLE_ENABLED=False", "CONCURRENT_REQUESTS=16",
         "CONCURRENT_REQUESTS_PER_DOMAIN=16", "LOG_LEVEL=WARNING"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_redis(folder: Path) -> tuple[subprocess.Popen, str]:
    server = shutil.which("redis-server")
    if server is None:
        sys.exit("bench: redis-server not found (Debian package redis-server)")
    port = free_port()
    proc = subprocess.Popen([server, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
                             "--appendonly", "yes", "--appendfsync", "everysec"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    import redis

    for _ in range(200):
        try:
            if redis.Redis(port=port).ping():
                return proc, f"redis://127.0.0.1:{port}/0"
        except redis.ConnectionError:
            time.sleep(0.05)
    sys.exit("bench: redis-server did not start")


def chrome_block(target_bytes: int) -> str:
    """A page's worth of site chrome: menus and teaser lists of our own demo titles, ad slots, a
    script blob, as news sites surround an article with (never the article's own text)."""
    import random

    from scraper.demo.phrases import ascii_slug, compose

    rng = random.Random(5)
    parts = ['<div class="site-chrome"><nav class="mega-menu"><ul>']
    n = 0
    while sum(map(len, parts)) < target_bytes * 0.8:
        title = str(compose(rng)["title"])
        parts.append(f'<li class="teaser"><a href="/tin-khac/{ascii_slug(title)}-{n}.html" title="{title}">'
                     f'<img src="/img/t{n}.jpg" alt="{title}" width="120" height="80"><span>{title}</span></a></li>')
        n += 1
        if n % 40 == 0:
            parts.append('</ul></nav><div class="ad-slot" data-zone="sidebar"></div><nav class="box"><ul>')
    parts.append("</ul></nav></div>")
    blob = ",".join(f'{{"zone":{i},"size":[300,250],"targeting":{{"section":"s{i % 7}"}}}}' for i in range(10_000))
    parts.append(f"<script>window.adConfig=[{blob[: max(0, target_bytes - sum(map(len, parts)))]}];</script>")
    return "".join(parts)


def pad_pages(info, page_kb: int) -> int:
    """Pad every article page of the site to about ``page_kb`` KB; returns the new size of one."""
    block = chrome_block(page_kb * 1024)
    size = 0
    for article in info.articles + info.disallowed:
        path = info.root / info.path_of(article.url).lstrip("/")
        html = path.read_text("utf-8")
        html = html.replace("</body>", block + "</body>", 1)
        path.write_text(html, "utf-8")
        size = len(html.encode("utf-8"))
    return size


def vnnews(*args: str) -> list[str]:
    cmd = [sys.executable, "-m", "scraper", *args]
    for setting in SPEED:
        cmd += ["--set", setting]
    return cmd


def run_once(sites_toml: Path, out: Path, url: str, workers: int) -> dict:
    planned = subprocess.run(vnnews("crawl", "demo", "--sites-file", str(sites_toml), "--out", str(out),
                                    "--redis", url), capture_output=True, text=True)
    if planned.returncode != 0:
        sys.exit(f"bench: planning failed:\n{planned.stderr[-2000:]}")
    started = time.perf_counter()
    procs = [subprocess.Popen(vnnews("worker", "--redis", url, "--out", str(out)), stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for _ in range(workers)]
    for proc in procs:
        _, err = proc.communicate()
        if proc.returncode != 0:
            sys.exit(f"bench: a worker exited {proc.returncode}:\n{err[-2000:]}")
    wall = time.perf_counter() - started
    from scraper.store.read import iter_records

    times = [datetime.fromisoformat(r["crawled_at"]) for r in iter_records(out)]
    manifests = [json.loads(p.read_text("utf-8")) for p in (out / "state/runs").glob("*.json")]
    trips = {role: sum(m.get("redis_round_trips", 0) for m in manifests if m.get("role") == role)
             for role in ("planner", "worker")}
    return {"stored": len(times), "wall": wall, "span": (max(times) - min(times)).total_seconds(), "trips": trips}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--workers", type=int, default=2, help="workers of the second run (default 2)")
    parser.add_argument("--family", default="f2", help="demo CMS family (f2, f3, f6)")
    parser.add_argument("--page-kb", type=int, default=150, help="pad article pages to about this size (0: 4 KB)")
    args = parser.parse_args()

    from scraper.demo.generate import build_site
    from scraper.demo.server import DemoServer

    with tempfile.TemporaryDirectory(prefix="vnnews-bench-scaleout-") as tmp:
        root = Path(tmp)
        redis_proc, url = start_redis(root)
        try:
            with DemoServer(root / "site") as server:
                info = build_site(root / "site", server.base_url, family=args.family, n_articles=args.articles,
                                  seed=21, start=date(2015, 1, 1))
                size = pad_pages(info, args.page_kb) if args.page_kb else 0
                print(f"demo site: {len(info.articles)} public articles, family {args.family}, {server.base_url}; "
                      f"article pages {'padded to ' + str(size // 1024) + ' KB' if size else 'as generated'}; "
                      f"Redis at {url}")
                results = {n: run_once(info.sites_toml, root / f"out-{n}", url, n) for n in (1, args.workers)}
        finally:
            redis_proc.terminate()
            redis_proc.wait()
    for n, r in results.items():
        if r["stored"] != len(info.articles):
            print(f"bench: {n} worker(s) stored {r['stored']} of {len(info.articles)} articles", file=sys.stderr)
            return 1
        per_article = {role: trips / r["stored"] for role, trips in r["trips"].items()}
        print(f"{n} worker(s): {r['stored']} stored; wall {r['wall']:6.1f} s = {r['stored'] / r['wall'] * 60:7.0f} "
              f"pages/min incl. start-up; working {r['span']:6.1f} s = {r['stored'] / r['span'] * 60:7.0f} pages/min; "
              f"Redis round trips per stored article: planner {per_article['planner']:.1f}, "
              f"workers {per_article['worker']:.1f}")
    one, many = results[1], results[args.workers]
    print(f"ratio {args.workers} workers / 1: working rate {one['span'] / many['span']:.2f}x, "
          f"wall incl. start-up {one['wall'] / many['wall']:.2f}x (target ≥ 1.7x with 2 workers on 2 cores)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

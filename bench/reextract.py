"""Re-extraction benchmark: records/second from the WARC archive with 1 process and all cores.

Generates a demo site of N articles (default 4,000) on 127.0.0.1, crawls it with `vnnews crawl`
(archiving on, the default), then in the same run:
  1. `vnnews reextract --dry-run --jobs 1`: one process reads each record's WARC capture and
     re-runs the extractor;
  2. the same with `--jobs <cores>` (a process pool);
  3. reading every response record by its corpus pointer with warcio and with FastWARC (the
     reader vnnews uses), to show why;
and prints the rates, the ratio (target: all cores ≥ 1.7× one process on a 2-core machine) and the
archive's disk cost per article and per 1,000 articles (WARC bytes; corpus JSONL beside it).

    .venv/bin/python bench/reextract.py
    .venv/bin/python bench/reextract.py --articles 3000 --family f6
"""

from __future__ import annotations

import argparse
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "CONCURRENT_REQUESTS_PER_DOMAIN=16",
        "--set", "LOG_LEVEL=WARNING"]


def vnnews(*args: str) -> tuple[float, str]:
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "scraper", *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"bench: vnnews {args[0]} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started, done.stdout


def reader_rates(out: Path, pointers: list[dict]) -> tuple[float, float]:
    """Microseconds per record read by pointer: warcio, FastWARC (decompressed member parsed)."""
    import zlib

    from fastwarc.warc import ArchiveIterator as FastIterator
    from warcio.archiveiterator import ArchiveIterator

    def members():
        for p in pointers:
            with open(out / p["file"], "rb") as f:
                f.seek(p["offset"])
                yield f.read(p["length"])

    data = list(members())
    started = time.perf_counter()
    for raw in data:
        next(iter(ArchiveIterator(io.BytesIO(raw)))).content_stream().read()
    warcio_us = (time.perf_counter() - started) / len(data) * 1e6
    started = time.perf_counter()
    for raw in data:
        next(iter(FastIterator(io.BytesIO(zlib.decompress(raw, wbits=31)), auto_decode="transfer"))).reader.read()
    fast_us = (time.perf_counter() - started) / len(data) * 1e6
    return warcio_us, fast_us


def size(root: Path, pattern: str) -> int:
    return sum(p.stat().st_size for p in root.rglob(pattern))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=4000)
    parser.add_argument("--family", default="f2", help="demo CMS family (f2, f3, f6)")
    args = parser.parse_args()
    from scraper.demo.generate import build_site
    from scraper.demo.server import DemoServer
    from scraper.store.read import iter_records

    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="vnnews-bench-reextract-") as tmp:
        root, out = Path(tmp) / "site", Path(tmp) / "out"
        with DemoServer(root) as server:
            info = build_site(root, server.base_url, family=args.family, n_articles=args.articles, seed=13,
                              start=date(2015, 1, 1))
            crawl_s, _ = vnnews("crawl", "demo", "--sites-file", str(info.sites_toml), "--out", str(out), *FAST)
        records = list(iter_records(out))
        n = len(records)
        print(f"demo site: {args.articles} articles, family {args.family}; crawled and archived {n} in {crawl_s:.1f} s")
        common = ["reextract", "--out", str(out), "--sites-file", str(info.sites_toml), "--dry-run"]
        one_s, one_out = vnnews(*common, "--jobs", "1")
        all_s, all_out = vnnews(*common, "--jobs", str(cores))
        for text in (one_out, all_out):
            if not re.search(rf"re-extracted {n} records .* {n} unchanged", text):
                sys.exit(f"bench: unexpected reextract output:\n{text[:500]}")
        warcio_us, fast_us = reader_rates(out, [r["warc"] for r in records])
        warc_bytes, corpus_bytes = size(out / "archive", "*.warc.gz"), size(out / "corpus", "*.jsonl")
    one_rate, all_rate = n / one_s, n / all_s
    print(f"reextract, 1 process : {n} records in {one_s:6.1f} s = {one_rate:7.1f} records/s")
    print(f"reextract, {cores} processes: {n} records in {all_s:6.1f} s = {all_rate:7.1f} records/s")
    print(f"ratio                : {all_rate / one_rate:.2f}x one process (target ≥ 1.7x on 2 cores)")
    print(f"WARC read by pointer : warcio {warcio_us:.0f} µs/record, FastWARC {fast_us:.0f} µs/record")
    print(f"archive on disk      : {warc_bytes / n:,.0f} bytes/article (request + response, gzip per record) = "
          f"{warc_bytes * 1000 / n / 1e6:.1f} MB per 1,000 articles; corpus JSONL {corpus_bytes / n:,.0f} bytes/article")
    print(json.dumps({"records": n, "one": round(one_rate, 1), "all": round(all_rate, 1), "cores": cores,
                      "warc_bytes_per_article": round(warc_bytes / n)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())

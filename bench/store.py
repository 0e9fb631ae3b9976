"""Store benchmark: append N records through dedup (judge + store, batched fsync) into a fresh
corpus, and print records/second and peak memory for each N.

Each N runs in its own process so peak RSS is that run's alone. ``rss_growth`` is the RSS at the
end minus the RSS after the first 10 % of records: it must stay flat (bounded by the SQLite page
cache, 16 MiB), not grow with N. About 5 % of the records repeat an earlier URL and 2 % repeat
an earlier text under a new URL, so both dedup paths are exercised.

    .venv/bin/python bench/store.py                  # N = 10k, 100k
    .venv/bin/python bench/store.py --million        # and 1M (several minutes, ~1 GB of disk)
    .venv/bin/python bench/store.py --compress zstd
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from scraper.record import content_hash, record_id
from scraper.store.state import BATCH_RECORDS

BODY = (
    "Sáng nay, Ủy ban nhân dân xã Tân Lập tổ chức lễ khánh thành tuyến đường bê tông liên thôn dài "
    "hơn hai cây số. Con đường giúp bà con vận chuyển nông sản thuận tiện hơn trong mùa mưa. "
    "Kinh phí xây dựng do ngân sách tỉnh hỗ trợ và người dân đóng góp ngày công. "
) * 3


def records(n: int) -> Iterator[dict]:
    """Synthetic article records; record i may repeat an earlier URL or an earlier text."""
    for i in range(n):
        j = i // 2 if i % 20 == 19 else i  # 5 %: an earlier URL again (re-crawl)
        k = i // 3 if i % 50 == 7 else j  # 2 %: an earlier text under a new URL
        url = f"https://baomau.vn/thoi-su/bai-viet-so-{j}.html"
        title = f"Khánh thành tuyến đường liên thôn số {k}"
        body = f"{BODY}Bài số {k}."
        month_index = k // 500  # ~500 articles a month, in crawl order (as a sitemap lists them)
        year, month = 2020 + month_index // 12, 1 + month_index % 12
        yield {
            "schema_version": 1, "id": record_id(url), "url": url, "fetched_url": url, "site": "baomau",
            "title": title, "sapo": None, "body": body, "authors": ["Minh Châu"],
            "published_at": f"{year}-{month:02d}-05T08:30:00+07:00", "modified_at": None,
            "content_hash": content_hash(title, None, body), "version": 1, "previous_content_hash": None,
        }


def rss_mib() -> float:
    """Current resident set size (Linux /proc), MiB."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 2**20


def one_run(n: int, compression: str, batch: int = BATCH_RECORDS) -> dict:
    from scraper.store.state import open_state

    with tempfile.TemporaryDirectory(prefix="vnnews-bench-store-") as out:
        state = open_state(out)
        state.configure(compression, batch_records=batch)
        stored = duplicates = 0
        warm_rss = None
        started = time.perf_counter()
        for i, record in enumerate(records(n)):
            if i == n // 10:
                warm_rss = rss_mib()
            verdict = state.seen.judge(record)
            if verdict.kind == "duplicate":
                duplicates += 1
                continue
            state.store(record)
            stored += 1
        state.close()
        seconds = time.perf_counter() - started
        end_rss = rss_mib()
        disk = sum(p.stat().st_size for p in Path(out).rglob("*") if p.is_file())
    return {
        "n": n, "stored": stored, "duplicates": duplicates, "seconds": round(seconds, 2),
        "records_per_s": round(n / seconds), "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "rss_growth_mib": round(end_rss - (warm_rss or end_rss), 1), "disk_mib": round(disk / 2**20, 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--million", action="store_true", help="also run N = 1,000,000")
    parser.add_argument("--compress", choices=("none", "gzip", "zstd"), default="none")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_run(args.one, args.compress)))
        return 0
    sizes = [10_000, 100_000] + ([1_000_000] if args.million else [])
    print(f"store benchmark, compression={args.compress}")
    print(f"{'N':>9} {'stored':>9} {'dups':>7} {'rec/s':>8} {'peak RSS':>9} {'RSS growth':>11} {'disk':>8}")
    for n in sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--compress", args.compress],
                             capture_output=True, text=True, check=True)
        r = json.loads(out.stdout)
        print(f"{n:>9} {r['stored']:>9} {r['duplicates']:>7} {r['records_per_s']:>8} "
              f"{r['peak_rss_mib']:>7} M {r['rss_growth_mib']:>9} M {r['disk_mib']:>6} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())

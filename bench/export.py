"""Benchmark `vnnews export`: records/second and peak memory per format, against pandas.

Generates a corpus of template records (default 200 000, varied sites, months, lengths and
fields; a few months gzip- or zstd-compressed), then runs each export in a fresh subprocess so
``ru_maxrss`` is that export's own peak. The reference is what an analyst would do without
vnnews: pandas reading every JSONL file and writing CSV/Parquet (memory grows with the corpus).
A quarter-corpus Parquet export shows whether memory stays flat as the corpus grows.

Run:  .venv/bin/python bench/export.py [--records 200000] [--dir /tmp/vnnews-bench]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

import zstandard

from scraper.record import FIELDS, content_hash, record_id

SITES = [("baoquangninh", "Báo Quảng Ninh", "Quảng Ninh"), ("baolaocai", "Báo Lào Cai", "Lào Cai"),
         ("baocantho", "Báo Cần Thơ", "Cần Thơ"), ("baobacninh", "Báo Bắc Ninh", "Bắc Ninh")]
SENTENCES = [
    "Sáng nay, tỉnh tổ chức hội nghị tổng kết công tác năm.", "Nông dân phấn khởi vì vụ lúa được mùa.",
    "Nhiều tuyến đường mới được đưa vào sử dụng.", "Các trường học chuẩn bị đón học sinh trở lại.",
    "Lượng khách du lịch tăng mạnh trong dịp nghỉ lễ.", "Xã đạt chuẩn nông thôn mới nâng cao.",
    "Bệnh viện tuyến huyện tiếp nhận thêm thiết bị.", "Hợp tác xã mở rộng vùng trồng rau an toàn.",
]
SECTIONS = ["Kinh tế", "Xã hội", "Du lịch", "Giáo dục", "Chính trị", "Thể thao", None]
AUTHORS = [[], ["Minh Anh"], ["Thu Hà", "Quốc Bảo"], ["Ngọc Trâm"]]
MONTHS = [f"{y}-{m:02d}" for y in (2023, 2024) for m in range(1, 13)]


def make_record(i: int, rng: random.Random) -> dict:
    site, outlet, province = SITES[i % len(SITES)]
    month = MONTHS[(i // len(SITES)) % len(MONTHS)]
    day, hour = 1 + i % 28, i % 24
    url = f"https://{site}.vn/bai-viet-{i}.html"
    title = f"Tin số {i}: " + rng.choice(SENTENCES)
    body = "\n\n".join(" ".join(rng.choices(SENTENCES, k=4)) for _ in range(rng.randint(1, 8)))
    sapo = rng.choice([None, rng.choice(SENTENCES)])
    published = None if i % 50 == 0 else f"{month}-{day:02d}T{hour:02d}:15:00+07:00"
    section = rng.choice(SECTIONS)
    record = {
        "schema_version": 1, "id": record_id(url), "url": url, "fetched_url": url, "site": site, "outlet": outlet,
        "province": province, "province_at_publication": province, "language": "vi", "title": title, "sapo": sapo,
        "body": body, "authors": rng.choice(AUTHORS), "wire_source": None, "published_at": published,
        "published_at_raw": published and published[:16], "published_at_source": published and "meta",
        "published_at_precision": published and "minute", "modified_at": None, "section": section,
        "tags": [section] if section else [],
        "images": [{"url": f"https://{site}.vn/anh/{i}-{k}.jpg", "caption": "Ảnh minh họa", "credit": None}
                   for k in range(i % 3)],
        "related": [{"url": f"https://{site}.vn/bai-viet-{i - 1}.html", "title": "Tin liên quan"}] if i % 4 == 0 else [],
        "crawled_at": "2026-11-01T03:00:00+00:00", "http_status": 200,
        "content_hash": content_hash(title, sapo, body), "extractor_version": "bench-1",
        "provenance": {"title": "og:title"}, "version": 1, "previous_content_hash": None, "warnings": [],
    }
    return {k: record[k] for k in FIELDS}


def _path(root: Path, record: dict) -> Path:
    site, published = record["site"], record["published_at"]
    if published is None:
        return root / "corpus" / site / "undated.jsonl"
    name = f"{published[:7]}.jsonl"
    if published[5:7] == "03":
        name += ".gz"
    elif published[5:7] == "09":
        name += ".zst"
    return root / "corpus" / site / published[:4] / name


def generate(root: Path, n: int) -> None:
    """Write ``n`` records, grouped by file, compressed where the file name says so."""
    marker = root / f".generated-{n}"
    if marker.exists():
        return
    rng = random.Random(2026)
    lines: dict[Path, list[str]] = {}
    for i in range(n):
        record = make_record(i, rng)
        lines.setdefault(_path(root, record), []).append(json.dumps(record, ensure_ascii=False) + "\n")
    for path, chunk in lines.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        data = "".join(chunk).encode("utf-8")
        if path.name.endswith(".gz"):
            data = gzip.compress(data, compresslevel=1)
        elif path.name.endswith(".zst"):
            data = zstandard.ZstdCompressor().compress(data)
        path.write_bytes(data)
    marker.touch()


def _measure_vnnews(root: Path, argv: list[str]) -> None:
    from scraper.commands import export

    parser = argparse.ArgumentParser()
    export.add_arguments(parser)
    code = export.run(parser.parse_args(["--out", str(root), *argv]))
    if code:
        sys.exit(code)


def _measure_pandas(root: Path, target: Path) -> None:
    import pandas as pd

    files = sorted((root / "corpus").rglob("*.jsonl*"))
    frame = pd.concat([pd.read_json(f, lines=True, dtype=False) for f in files], ignore_index=True)
    if target.suffix == ".csv":
        frame.to_csv(target, index=False)
    else:
        frame.to_parquet(target)


def child(args: argparse.Namespace) -> None:
    """One measurement in this fresh process; prints seconds and peak RSS as JSON."""
    start = time.perf_counter()
    if args.child == "generate":
        generate(Path(args.dir), int(json.loads(args.argv)[0]))
    elif args.child == "pandas":
        _measure_pandas(Path(args.dir), Path(args.target))
    elif args.child == "read":
        from scraper.store.read import iter_records

        sum(1 for _ in iter_records(args.dir))
    else:
        _measure_vnnews(Path(args.dir), json.loads(args.argv))
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def run_child(root: Path, kind: str, target: Path | None = None, argv: list[str] | tuple[str, ...] = ()) -> dict:
    cmd = [sys.executable, __file__, "--dir", str(root), "--child", kind, "--argv", json.dumps(list(argv))]
    if target is not None:
        cmd += ["--target", str(target)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--dir", default="/tmp/vnnews-bench")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--argv", default="[]", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)
    root = Path(args.dir)
    # generated in a child too: Linux keeps a process's peak RSS across fork and exec, so a big
    # parent would inflate every measurement below
    made = run_child(root, "generate", argv=[str(args.records)])
    size = sum(f.stat().st_size for f in (root / "corpus").rglob("*") if f.is_file()) / 2**20
    print(f"corpus: {args.records} records, {size:.0f} MB on disk, ready in {made['seconds']:.1f}s")
    n = args.records
    out = root / "exports"
    out.mkdir(exist_ok=True)
    rows = [("read only (iter_records)", run_child(root, "read"))]
    for name in ("all.jsonl", "all.jsonl.zst", "all.csv", "all.parquet"):
        rows.append((f"vnnews export -o {name}", run_child(root, "vnnews", argv=["-o", str(out / name)])))
    quarter = run_child(root, "vnnews", argv=["--site", SITES[0][0], "-o", str(out / "quarter.parquet")])
    refs = {name: run_child(root, "pandas", target=out / f"pandas.{name}") for name in ("csv", "parquet")}
    rows += [(f"pandas read_json + to_{k} (reference)", v) for k, v in refs.items()]
    print(f"{'export':44} {'seconds':>8} {'records/s':>10} {'peak MB':>8}")
    for label, m in rows:
        print(f"{label:44} {m['seconds']:8.1f} {n / m['seconds']:10.0f} {m['peak_mb']:8.0f}")
    ours = {"csv": dict(rows)["vnnews export -o all.csv"], "parquet": dict(rows)["vnnews export -o all.parquet"]}
    for fmt in ("csv", "parquet"):
        speed = refs[fmt]["seconds"] / ours[fmt]["seconds"]
        memory = ours[fmt]["peak_mb"] / refs[fmt]["peak_mb"]
        print(f"ratio {fmt:8}: vnnews is {speed:.2f}x pandas' speed, using {memory:.2f}x its peak memory")
    flat = ours["parquet"]["peak_mb"] / quarter["peak_mb"]
    print(f"flatness: parquet peak memory, full corpus / quarter corpus = {flat:.2f} "
          f"({ours['parquet']['peak_mb']:.0f} MB / {quarter['peak_mb']:.0f} MB)")


if __name__ == "__main__":
    main()

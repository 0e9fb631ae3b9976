"""Article extraction speed and field accuracy: vnnews against ``trafilatura.bare_extraction``.

Both run on the same real pages (the 16 article pages with an expected record in
tests/expected/), decoded once beforehand. Speed: pages/second for each, timed page by page in
alternation so a busy machine slows both alike (garbage collection paused while timing, as
timeit does), and the ratio. Ours is the whole article path up to a
chosen date (extract_article + choose_date); trafilatura runs with metadata on its defaults.
Accuracy, per field against the expected records: title (exact), date to the minute with its
offset (trafilatura is asked for a time-bearing output format so it has the chance), authors
(exact list; trafilatura's "A; B" is split), body start and body end (the body begins with the
expected first words and ends with the expected last ones, sapo and byline excluded).
Exit status 1 when we are below 5x trafilatura's speed or behind it on any field.

Run: .venv/bin/python bench/extract.py [--rounds N]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
import time
import warnings
from datetime import datetime, timezone
from pathlib import Path

import trafilatura

from scraper.dates import choose_date
from scraper.decode import decode_html
from scraper.extract import extract_article
from scraper.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
PAGES = Path(os.environ.get("VNNEWS_REAL_PAGES", ROOT.parent / "shared" / "fixtures")) / "pages"
EXPECTED = ROOT / "tests" / "expected"
NOW = datetime(2026, 3, 8, 3, 0, tzinfo=timezone.utc)
FIELDS = ("title", "date", "authors", "body_start", "body_end")
TRAF_DATES = {"outputformat": "%Y-%m-%dT%H:%M%z", "original_date": True, "extensive_search": True}


def load_cases() -> list[tuple[dict, str]]:
    cases = []
    for path in sorted(EXPECTED.rglob("*.json")):
        case = json.loads(path.read_text("utf-8"))
        cases.append((case, decode_html((PAGES / case["page"]).read_bytes())))
    return cases


def ours(case: dict, html: str, registry) -> dict:
    site = registry.site(case["site"])
    result = extract_article(html, case["url"], site, registry.family_of(site))
    chosen = choose_date(result.date_candidates, now=NOW, role="published")
    return {"title": result.title, "date": chosen.iso if chosen else None, "authors": result.authors,
            "body": result.body or ""}


def theirs(case: dict, html: str, dates: dict | None = None) -> dict:
    doc = trafilatura.bare_extraction(html, url=case["url"], with_metadata=True,
                                      **({"date_extraction_params": dates} if dates else {}))
    if doc is None:
        return {"title": None, "date": None, "authors": [], "body": ""}
    authors = [a.strip() for a in (doc.author or "").split(";") if a.strip()]
    return {"title": doc.title, "date": doc.date, "authors": authors, "body": doc.text or ""}


def _minute(iso: str | None) -> str | None:
    """``2026-03-07T08:01:53+07:00`` / ``2026-03-07T08:01+0700`` → ``2026-03-07T08:01+07:00``."""
    if not iso or len(iso) < 16 or "T" not in iso:
        return None
    offset = iso[16:].lstrip(":0123456789.")
    if len(offset) == 5 and offset[0] in "+-":
        offset = offset[:3] + ":" + offset[3:]
    return iso[:16] + offset if offset else None


def score(case: dict, got: dict) -> dict[str, bool]:
    body = " ".join(got["body"].split())
    return {
        "title": got["title"] == case["title"],
        "date": _minute(got["date"]) == _minute(case["published_at"]),
        "authors": got["authors"] == case["authors"],
        "body_start": body.startswith(case["body_first"]),
        "body_end": body.endswith(case["body_last"]),
    }


def speeds(cases: list[tuple[dict, str]], registry, rounds: int) -> tuple[float, float]:
    spent = {"ours": 0.0, "theirs": 0.0}
    for _ in range(rounds):
        gc.collect()
        gc.disable()  # as timeit does: one tool's garbage must not be collected on the other's clock
        for case, html in cases:
            start = time.perf_counter()
            ours(case, html, registry)
            spent["ours"] += time.perf_counter() - start
            start = time.perf_counter()
            theirs(case, html)
            spent["theirs"] += time.perf_counter() - start
        gc.enable()
    pages = rounds * len(cases)
    return pages / spent["ours"], pages / spent["theirs"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    registry = load_registry()
    cases = load_cases()
    ours(*cases[0], registry), theirs(cases[0][0], cases[0][1])  # warm-up: imports, caches
    our_speed, their_speed = speeds(cases, registry, args.rounds)
    print(f"pages: {len(cases)} real article pages x {args.rounds} rounds")
    print(f"vnnews      {our_speed:8.1f} pages/s")
    print(f"trafilatura {their_speed:8.1f} pages/s")
    print(f"ratio       {our_speed / their_speed:8.1f}x")
    totals = {"vnnews": dict.fromkeys(FIELDS, 0), "trafilatura": dict.fromkeys(FIELDS, 0)}
    misses: list[str] = []
    for case, html in cases:
        for name, got in (("vnnews", ours(case, html, registry)), ("trafilatura", theirs(case, html, TRAF_DATES))):
            for field, ok in score(case, got).items():
                totals[name][field] += ok
                if not ok and name == "vnnews":
                    misses.append(f"  vnnews misses {field} on {case['page']}")
    print(f"\n{'field':<12}{'vnnews':>10}{'trafilatura':>14}")
    for field in FIELDS:
        print(f"{field:<12}{totals['vnnews'][field]:>7}/{len(cases)}{totals['trafilatura'][field]:>11}/{len(cases)}")
    print("\n".join(misses))
    behind = [f for f in FIELDS if totals["vnnews"][f] <= totals["trafilatura"][f] and totals["vnnews"][f] < len(cases)]
    ok = our_speed >= 5 * their_speed and not behind
    if not ok:
        print(f"FAIL: ratio {our_speed / their_speed:.1f}x (need 5x); fields not ahead: {behind}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())

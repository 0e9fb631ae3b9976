"""The dataset card (Markdown) a researcher publishes beside an export: sources, time span,
counts, schema, how it was collected, and what it cannot be trusted for.

Every number comes from the corpus pass and the run manifests; the prose only explains them.
"""

from __future__ import annotations

from scraper.record import FIELDS, SCHEMA_VERSION
from scraper.report.runs import RunHealth
from scraper.report.stats import COVERAGE, CorpusStats, copies_text

FIELD_NOTES: dict[str, str] = {
    "id": "first 16 hex digits of SHA-256 of the canonical URL",
    "site": "registry key of the outlet (`vnnews sites`)",
    "province": "the outlet's province today (after the 1 July 2025 merger)",
    "province_at_publication": "the province the outlet served when the article appeared",
    "sapo": "the lead paragraph shown under the title, when the page has one",
    "authors": "bylines as printed (bare names; agencies go to wire_source)",
    "published_at": "publication time, ISO 8601 in Vietnam time (+07:00); null when no date was trusted",
    "published_at_source": "where the date came from: jsonld, meta, time, text, url, sitemap or feed",
    "crawled_at": "fetch time in UTC",
    "content_hash": "hash of title, sapo and body: equal text under two URLs has one hash",
    "version": "1 for the first capture; higher when the article changed since",
    "provenance": "for each field, which source on the page supplied it",
    "copy_of": ("the earliest copy of the same story (another outlet's) known when this record was stored; "
                "null for the first"),
    "cluster": "id shared by every copy of one story across outlets (exact or near-duplicate text)",
}


def _pct(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "—"


def _cell(text: str) -> str:
    """Text safe inside a Markdown table cell."""
    return text.replace("|", "\\|").replace("\n", " ")


def _sources(stats: CorpusStats) -> list[str]:
    lines = ["| site | outlet(s) | province(s) at publication | records | first | last |",
             "|---|---|---|---:|---|---|"]
    for key, s in stats.sites.items():
        outlets = _cell(", ".join(o for o, _ in s.outlets.most_common()))
        provinces = _cell(", ".join(p for p, _ in s.provinces.most_common()))
        lines.append(f"| {key} | {outlets} | {provinces} | {s.records} | {s.first or '—'} | {s.last or '—'} |")
    return lines


def _coverage(stats: CorpusStats) -> list[str]:
    lines = ["| site | " + " | ".join(COVERAGE) + " |", "|---|" + "---:|" * len(COVERAGE)]
    for key, s in stats.sites.items():
        lines.append(f"| {key} | " + " | ".join(f"{s.share(label):.0%}" for label in COVERAGE) + " |")
    return lines


def _collection(health: RunHealth) -> list[str]:
    lines = [(
        "Articles were crawled with vnnews (Scrapy), which finds article URLs through each outlet's "
        "sitemaps, RSS feeds and listing pages as declared in its site registry, extracts the fields "
        "from the saved HTML (JSON-LD and meta tags first, then the CMS family's rules), normalises "
        "text to Unicode NFC and dates to Vietnam time, and stores each article once per outlet "
        "(deduplicated by canonical URL, and by content hash within an outlet; a changed article is "
        "stored as a new version). A story carried by several outlets is kept at each of them, the "
        "copies linked by a shared `cluster` (exact or near-duplicate text, MinHash)."
    )]
    if health.runs:
        first, last = health.runs[0], health.runs[-1]
        failed = sum(not r.healthy for r in health.runs)
        lines.append(f"\nRun manifests: {health.total} runs recorded; the last {len(health.runs)} ran from "
                     f"{first.started_at} to {last.finished_at or last.started_at}, {failed} of them "
                     f"ended with a non-zero exit code.")
    else:
        lines.append("\nNo run manifests were found, so the crawl history is unknown.")
    return lines


def _limits(stats: CorpusStats) -> list[str]:
    n = stats.records
    no_author = sum(s.records - s.filled["author"] for s in stats.sites.values())
    lines = [
        (f"- {stats.undated} records ({_pct(stats.undated, n)}) have no publication date: no date was "
         "guessed, so they drop out of any date filter."),
        f"- {no_author} records ({_pct(no_author, n)}) have no author: many outlets print no byline.",
        ("- Coverage is what discovery found (sitemaps, feeds, listings), not every article an outlet "
         "ever published; months with few records may be gaps in discovery rather than in publishing."),
        ("- Province fields follow the 2025 merger: `province` is today's province, "
         "`province_at_publication` the one at the time; check both when filtering by place."),
        ("- Text keeps the outlet's own tone-mark placement (`hoà` and `hòa` both occur); fold "
         "diacritics when searching (`vnnews export --fold`)."),
        "- Articles remain the copyright of their outlets; the corpus is for research use.",
    ]
    copies = stats.syndication
    if copies.copies:
        lines.append(f"- {copies.copies} of {copies.articles} articles ({_pct(copies.copies, copies.articles)}) are "
                     f"copies of a story another article carried first ({copies.multi_outlet} stories are carried by "
                     "more than one outlet): keep one per `cluster` (`vnnews export --one-per-cluster`) for "
                     "training data.")
    if stats.updated:
        lines.append(f"- {stats.updated} records are later versions of an article already in the corpus "
                     "(same `id`, `version` > 1): keep the highest version per `id` to count articles.")
    if stats.read.corrupt:
        lines.append(f"- {stats.read.corrupt} corrupt corpus lines were skipped while reading.")
    return lines


def render_card(stats: CorpusStats, health: RunHealth, *, generated: str) -> str:
    span = f"{stats.first} to {stats.last}" if stats.first else "no dated record"
    outlets = {o for s in stats.sites.values() for o in s.outlets}
    parts = [
        "# Dataset card: vnnews corpus of Vietnamese provincial news", "",
        f"Generated {generated} by `vnnews report --card`.", "",
        "## Summary", "",
        f"- Records: {stats.records} from {len(stats.sites)} sites ({len(outlets)} outlet names)",
        f"- Published: {span} (Vietnam time); {stats.undated} undated",
        f"- Copies: {copies_text(stats.copies)} (live = fetched from the outlet; wayback, commoncrawl = "
        "recovered from a web archive; warc-import = imported from a WARC file)",
        "- Language: Vietnamese (`vi`)", f"- Record schema: version {SCHEMA_VERSION}, one JSON object per line", "",
        "## Sources", "", *_sources(stats), "",
        "## Field coverage", "", "Share of each site's records with the field filled.", "", *_coverage(stats), "",
        "## Schema", "", "Fields, in file order:", "",
        *(f"- `{name}`" + (f": {FIELD_NOTES[name]}" if name in FIELD_NOTES else "") for name in FIELDS), "",
        "## Collection method", "", *_collection(health), "",
        "## Known limits", "", *_limits(stats), "",
    ]
    return "\n".join(parts).rstrip("\n") + "\n"

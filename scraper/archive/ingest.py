"""``vnnews import-warc``: any WARC or ARC file's HTML responses, through the article path.

Each response record whose URL is on a registry site's hosts (current or former domains) and
that answered 200 with HTML is extracted, normalised, validated and judged by the seen-index like
a crawled page (new, duplicate, or a new version); a stored record's capture is copied into the
corpus's own archive (so ``reextract`` never depends on the imported file staying put) and its
``archive`` field names the file and the record's offset. Everything else is counted: records of
other types, other hosts, other statuses, non-HTML, and records too damaged to read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from scraper.archive.capture import Capture, CaptureError, to_page, utc_seconds
from scraper.archive.read import Entry, iter_file
from scraper.archive.warcfile import WarcArchive
from scraper.process import Dropped, build_record
from scraper.record import Record
from scraper.registry import Registry
from scraper.store.state import CrawlState

MAX_EXAMPLES = 5


@dataclass
class ImportReport:
    files: int = 0
    records: int = 0
    responses: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> records
    other_hosts: Counter[str] = field(default_factory=Counter)
    damaged: list[str] = field(default_factory=list)  # "file@offset: why", the first few
    sites: dict[str, Counter[str]] = field(default_factory=dict)  # stored, duplicates, versions, dropped/<r>

    def site(self, key: str) -> Counter[str]:
        return self.sites.setdefault(key, Counter())


def archive_meta(path: Path, entry: Entry, capture: Capture) -> dict:
    return {"source": "warc-import", "captured_at": utc_seconds(capture.date).isoformat(),
            "location": str(path.resolve()), "offset": entry.offset, "length": entry.length or None}


def _skip_reason(path: Path, entry: Entry, registry: Registry, report: ImportReport) -> str | None:
    if entry.error is not None:
        if len(report.damaged) < MAX_EXAMPLES:
            report.damaged.append(f"{path.name}@{entry.offset}: {entry.error}")
        return entry.error.reason
    capture = entry.capture
    if capture is None:
        return f"record_{entry.rec_type}" if entry.rec_type in ("request", "warcinfo", "metadata", "revisit") \
            else "record_other"
    report.responses += 1
    if registry.site_for_url(capture.url) is None:
        report.other_hosts[urlsplit(capture.url).netloc.lower()] += 1
        return "other_host"
    if capture.status != 200:
        return "redirect" if 300 <= capture.status < 400 else f"http_{capture.status}"
    if not capture.is_html():
        return "not_html"
    return None


def store_judged(state: CrawlState, record: Record) -> str:
    """The dedupe and store steps as the crawl's pipelines apply them: ``stored``, ``duplicate`` or
    ``version`` (stored as a new version)."""
    verdict = state.seen.judge(record)
    if verdict.kind == "duplicate":
        return "duplicates"
    if verdict.kind == "version":
        record["version"] = verdict.version
        record["previous_content_hash"] = verdict.previous_content_hash
    state.clusters.link_into(record, version=verdict.kind == "version")  # another outlet's copy: linked
    state.store(record)
    return "versions" if verdict.kind == "version" else "stored"


def import_file(path: Path, registry: Registry, archive: WarcArchive, report: ImportReport) -> None:
    report.files += 1
    for entry in iter_file(path):
        report.records += 1
        reason = _skip_reason(path, entry, registry, report)
        if reason is not None:
            report.skipped[reason] += 1
            continue
        capture = entry.capture
        assert capture is not None
        site = registry.site_for_url(capture.url)
        assert site is not None
        counts = report.site(site.key)
        capture.archive, capture.request_headers = archive_meta(path, entry, capture), None
        try:
            record = build_record(to_page(capture, site.key), registry)
        except CaptureError:
            counts["dropped/undecodable"] += 1
            continue
        except Dropped as exc:
            counts[f"dropped/{exc.reason}"] += 1
            continue
        if archive.state.seen.judge(record).kind == "duplicate":
            counts["duplicates"] += 1
            continue
        record["warc"] = archive.write(site.key, capture)
        counts[store_judged(archive.state, record)] += 1

"""Re-extract stored records from their WARC records with today's code; store what changed.

The main process streams the corpus (``scraper.store.read``), skips records with no WARC pointer
and superseded versions, and hands batches of records to a process pool; each worker reads the
record's WARC capture, runs the article path (``scraper.process.build_record``) as the crawl does,
with the stored ``crawled_at`` as its clock, and returns only the differences. At most
``IN_FLIGHT`` batches per worker are out at once, so memory stays flat whatever the corpus size.
A record whose fields changed is stored (unless ``dry_run``) as version n+1 under the same
``id``/``url``, with ``previous_content_hash`` and the new ``extractor_version``; the store's
batch discipline applies.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO

from scraper.archive.capture import CaptureError, to_page
from scraper.archive.diff import REPORTED, changed_fields, needs_version, short, value_of
from scraper.archive.read import RecordError, read_pointer
from scraper.process import Dropped, build_record
from scraper.record import Record
from scraper.registry import Registry, load_registry
from scraper.store.diskset import DiskSet
from scraper.store.paths import state_dir
from scraper.store.read import ReadStats, iter_records

BATCH = 64
IN_FLIGHT = 3  # batches per worker
MAX_EXAMPLES = 3
MAX_OPEN = 16


@dataclass
class Outcome:
    """One record re-extracted: what changed (``REPORTED`` names), or why it could not be."""

    url: str
    site: str
    version: int
    changed: list[str] = field(default_factory=list)
    examples: dict[str, tuple[str, str]] = field(default_factory=dict)
    fresh: Record | None = None  # the new record, only when a new version is due
    dropped: str | None = None  # the extractor now refuses the page (``not_article: …``)
    unreadable: str | None = None  # the WARC record is missing or damaged


# -- worker side -------------------------------------------------------------------------------

_worker: dict[str, Any] = {}


def _init(out: str, sites_files: list[str], extractor_version: str) -> None:
    _worker.update(out=Path(out), registry=load_registry(sites_files), version=extractor_version,
                   files=OrderedDict())


def _handle(rel: str) -> BinaryIO:
    files: OrderedDict[str, BinaryIO] = _worker["files"]
    if rel in files:
        files.move_to_end(rel)
        return files[rel]
    files[rel] = open(_worker["out"] / rel, "rb")  # noqa: SIM115 - cached; closed when evicted
    while len(files) > MAX_OPEN:
        files.popitem(last=False)[1].close()
    return files[rel]


def fresh_record(stored: Record, registry: Registry, out: Path, f: BinaryIO | None = None) -> tuple[Record, str]:
    """Today's record for a stored one, from its WARC capture, and the canonical URL the page now
    gives (the record keeps the stored one); raises Dropped/RecordError/CaptureError."""
    pointer = stored["warc"]
    capture = read_pointer(out, pointer, f)
    page = to_page(capture, stored["site"], requested_url=stored["fetched_url"], warc=pointer)
    page.fetched_at = datetime.fromisoformat(stored["crawled_at"])  # the same clock as the first time
    page.status = stored.get("http_status") or capture.status
    page.archive = stored.get("archive")
    record = build_record(page, registry)
    read_url = record["url"]
    for name in ("id", "url", "fetched_url", "crawled_at", "http_status"):  # the article's identity
        record[name] = stored[name]
    return record, read_url


def check(stored: Record) -> Outcome:
    outcome = Outcome(url=stored["url"], site=stored["site"], version=int(stored.get("version") or 1))
    try:
        f = _handle(stored["warc"]["file"])
        fresh, read_url = fresh_record(stored, _worker["registry"], _worker["out"], f)
    except (OSError, RecordError, CaptureError) as exc:
        outcome.unreadable = f"{type(exc).__name__}: {exc}"
        return outcome
    except Dropped as exc:
        outcome.dropped = str(exc)
        return outcome
    seen = fresh | {"url": read_url}
    outcome.changed = changed_fields(stored, seen)
    outcome.examples = {name: (short(value_of(stored, name)), short(value_of(seen, name)))
                        for name in outcome.changed}
    if needs_version(stored, fresh):
        fresh["version"] = outcome.version + 1
        fresh["previous_content_hash"] = stored["content_hash"]
        fresh["extractor_version"] = _worker["version"]
        outcome.fresh = fresh
    return outcome


def check_batch(batch: list[Record]) -> list[Outcome]:
    return [check(stored) for stored in batch]


# -- main side ---------------------------------------------------------------------------------


@dataclass
class Report:
    """Counts for the terminal and the run manifest."""

    checked: int = 0
    unchanged: int = 0
    changed: int = 0
    versions_stored: int = 0
    skipped: Counter[str] = field(default_factory=Counter)  # no_warc, superseded
    dropped: Counter[str] = field(default_factory=Counter)  # reason -> records the extractor now refuses
    unreadable: Counter[str] = field(default_factory=Counter)
    fields: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    problems: list[dict[str, str]] = field(default_factory=list)  # a few dropped/unreadable, by URL
    sites: dict[str, Counter[str]] = field(default_factory=dict)
    read: ReadStats = field(default_factory=ReadStats)

    def add(self, outcome: Outcome, stored: bool) -> None:
        self.checked += 1
        site = self.sites.setdefault(outcome.site, Counter())
        site["checked"] += 1
        if outcome.unreadable or outcome.dropped:
            reason = outcome.unreadable or outcome.dropped or ""
            (self.unreadable if outcome.unreadable else self.dropped)[reason.split(":")[0]] += 1
            site["unreadable" if outcome.unreadable else "dropped"] += 1
            if len(self.problems) < 10:
                self.problems.append({"url": outcome.url, "why": short(reason)})
            return
        if not outcome.changed:
            self.unchanged += 1
            return
        self.changed += 1
        site["changed"] += 1
        if stored:
            self.versions_stored += 1
            site["versions"] += 1
        for name in outcome.changed:
            self.fields[name] += 1
            kept = self.examples.setdefault(name, [])
            if len(kept) < MAX_EXAMPLES:
                before, after = outcome.examples[name]
                kept.append({"url": outcome.url, "before": before, "after": after})

    def field_table(self) -> dict[str, dict[str, Any]]:
        return {name: {"changed": self.fields[name], "examples": self.examples.get(name, [])}
                for name in REPORTED if self.fields[name]}


class _Latest:
    """The latest stored version of each URL (the seen-index), read-only for a dry run."""

    def __init__(self, out: Path, conn: sqlite3.Connection | None) -> None:
        path = state_dir(out) / "store.sqlite"
        self.own = conn is None and path.exists()
        self.conn = conn if conn is not None else (
            sqlite3.connect(f"file:{path}?mode=ro", uri=True) if self.own else None)

    def version(self, url: str) -> int | None:
        if self.conn is None:
            return None
        row = self.conn.execute("SELECT version FROM seen_url WHERE url = ?", (url,)).fetchone()
        return int(row[0]) if row else None

    def close(self) -> None:
        if self.own and self.conn is not None:
            self.conn.close()


def _batches(records: Iterable[Record], size: int) -> Iterator[list[Record]]:
    batch: list[Record] = []
    for record in records:
        batch.append(record)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _outcomes(batches: Iterator[list[Record]], jobs: int, init_args: tuple) -> Iterator[Outcome]:
    """Outcomes as they come; at most ``IN_FLIGHT`` batches per worker are out at once."""
    _init(*init_args)
    if jobs <= 1:
        for batch in batches:
            yield from check_batch(batch)
        return
    first = next(batches, None)  # done here: the forked workers start with warm caches
    if first is None:
        return
    yield from check_batch(first)
    # fork: workers start with the extraction code imported and warm (spawn/forkserver re-import
    # it and the caller's main module: seconds of start-up); each reopens its WARC files (``_init``:
    # a file offset must not be shared), never touches the caller's open SQLite connection, and
    # leaves by os._exit.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(jobs, mp_context=context, initializer=_init, initargs=init_args) as pool:
        pending: set[Future] = set()
        for batch in batches:
            pending.add(pool.submit(check_batch, batch))
            if len(pending) >= jobs * IN_FLIGHT:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    yield from future.result()
        for future in pending:
            yield from future.result()


def reextract(out: Path, *, sites: list[str] | None, since: date | None, until: date | None,
              sites_files: list[str], extractor_version: str, dry_run: bool, jobs: int | None = None,
              state: Any = None, progress: Callable[[Report], None] | None = None) -> Report:
    """Re-extract every latest stored version with a WARC pointer; ``state`` (a ``CrawlState``,
    holding the lock) receives the new versions unless ``dry_run``."""
    report = Report()
    latest = _Latest(out, state.conn if state is not None else None)
    written = DiskSet()

    def wanted() -> Iterator[Record]:
        for record in iter_records(out, sites, since, until, stats=report.read):
            if not record.get("warc"):
                report.skipped["no_warc"] += 1
            elif record["url"] in written:
                continue  # a version this run just appended
            elif (latest.version(record["url"]) or 0) > int(record.get("version") or 1):
                report.skipped["superseded"] += 1
            else:
                yield record

    jobs = jobs or os.cpu_count() or 1
    init_args = (str(out), list(sites_files), extractor_version)
    try:
        for outcome in _outcomes(_batches(wanted(), BATCH), jobs, init_args):
            stored = outcome.fresh is not None and not dry_run
            if stored:
                state.clusters.link_into(outcome.fresh, version=True)  # stays in its article's cluster
                state.store(outcome.fresh)
                written.add(outcome.url)
            report.add(outcome, stored)
            if progress is not None and report.checked % 500 == 0:
                progress(report)
    finally:
        latest.close()
        written.close()
    return report

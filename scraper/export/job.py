"""One export, start to end: check the request, open the output, stream the corpus through.

The request is checked completely (sites, provinces, dates, query, fields, output path) before a
corpus file is opened, so a typo costs nothing. The corpus is then read once, lazily (twice with
``--one-per-cluster``, whose choices wait in a temporary database): only a ``--sample`` reservoir
or a Parquet batch is ever held in memory.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TextIO

from scraper.export.filters import (
    FilterError,
    RecordFilter,
    check_range,
    parse_day,
    parse_has,
    parse_provinces,
    parse_query,
    parse_sites,
)
from scraper.export.clusters import one_per_cluster
from scraper.export.formats import Target, infer_format, open_writer
from scraper.export.progress import Progress
from scraper.export.provinces import known_province_keys
from scraper.export.select import parse_fields, select
from scraper.record import Record
from scraper.registry import Registry
from scraper.store.read import ReadStats, corpus_files, corpus_root, corpus_sites, iter_records

MAX_REFUSED_EXAMPLES = 5


@dataclass(frozen=True)
class ExportRequest:
    out_dir: Path
    record_filter: RecordFilter
    fields: tuple[str, ...]
    fmt: str
    output: Path | None
    since: date | None = None
    until: date | None = None
    bom: bool = False
    limit: int | None = None
    sample: int | None = None
    seed: int = 0
    one_per_cluster: bool = False
    prefer_site: str | None = None


@dataclass
class ExportResult:
    written: int = 0
    read: ReadStats = field(default_factory=ReadStats)
    refused: int = 0  # records whose values do not fit the output's column types
    refused_examples: list[str] = field(default_factory=list)


def _registry_provinces(registry: Registry) -> tuple[str, ...]:
    names = [s.province for s in registry.sites.values() if s.province]
    names += [f.province for s in registry.sites.values() for f in s.former]
    return tuple(names)


def _corpus_provinces(out_dir: Path) -> tuple[str, ...]:
    """The provinces named by the first record of each site in the corpus: one line read per site,
    so a site crawled from a user's own sites file is known without that file."""
    names: list[str] = []
    for site in corpus_sites(out_dir):
        first = next(iter_records(out_dir, sites=[site]), None)
        if first is not None:
            names += [n for n in (first.get("province"), first.get("province_at_publication")) if isinstance(n, str)]
    return tuple(names)


def _positive(value: int | None, option: str) -> int | None:
    if value is not None and value < 1:
        raise FilterError(f"{option} must be a positive number, not {value}")
    return value


def build_request(
    registry: Registry,
    out_dir: Path,
    *,
    sites: Sequence[str] = (),
    provinces: Sequence[str] = (),
    since: str | None = None,
    until: str | None = None,
    query: str | None = None,
    regex: bool = False,
    fold: bool = False,
    fields: Sequence[str] | None = None,
    has: Sequence[str] = (),
    limit: int | None = None,
    sample: int | None = None,
    seed: int = 0,
    fmt: str | None = None,
    output: Path | None = None,
    bom: bool = False,
    one_per_cluster: bool = False,
    prefer_site: str | None = None,
) -> ExportRequest:
    """Check every option; raise ``FilterError`` with one line naming the first bad one."""
    if not corpus_root(out_dir).is_dir():
        raise FilterError(f"no corpus at {corpus_root(out_dir)} (crawl first, or pass --out DIR)")
    since_day = parse_day(since, "--since") if since else None
    until_day = parse_day(until, "--until", end=True) if until else None
    check_range(since_day, until_day)
    record_filter = RecordFilter(
        sites=parse_sites(sites, set(registry.sites) | set(corpus_sites(out_dir))),
        provinces=parse_provinces(provinces, known_province_keys(
            _registry_provinces(registry) + (_corpus_provinces(out_dir) if provinces else ()))),
        query=parse_query(query, regex, fold),
        has=parse_has(has),
    )
    if (regex or fold) and query is None:
        raise FilterError("--regex and --fold change --query; give a --query too")
    if prefer_site is not None:
        if not one_per_cluster:
            raise FilterError("--prefer-site chooses the copy --one-per-cluster keeps; add --one-per-cluster")
        parse_sites([prefer_site], set(registry.sites) | set(corpus_sites(out_dir)))
    return ExportRequest(
        out_dir=out_dir, record_filter=record_filter, fields=parse_fields(fields),
        fmt=infer_format(output, fmt), output=output, since=since_day, until=until_day, bom=bom,
        limit=_positive(limit, "--limit"), sample=_positive(sample, "--sample"), seed=seed,
        one_per_cluster=one_per_cluster, prefer_site=prefer_site,
    )


def run_export(request: ExportRequest, progress_stream: TextIO | None = None) -> ExportResult:
    """Stream the selected records into the output; the file appears only if all went well.

    Raises ``OutputError`` when the output cannot be opened.
    """
    result = ExportResult()
    sites = request.record_filter.sites
    files = corpus_files(request.out_dir, sites, request.since, request.until)
    progress = Progress(len(files), progress_stream)
    target = Target(request.output)
    try:
        writer = open_writer(request.fmt, target, request.fields, request.bom)
        records = iter_records(request.out_dir, sites, request.since, request.until, result.read)
        if request.one_per_cluster:  # a first pass over the same filtered records picks the winners
            first = iter_records(request.out_dir, sites, request.since, request.until, ReadStats())
            records = one_per_cluster((r for r in first if request.record_filter.accepts(r)), records,
                                      request.prefer_site)
        for record in select(records, request.record_filter, request.limit, request.sample, request.seed):
            try:
                writer.write(record)
            except ValueError as exc:
                _refuse(result, record, str(exc))
                continue
            result.written += 1
            progress.update(result.read.files, result.written)
        writer.close()
    except BaseException:
        target.abort()
        raise
    target.commit()
    progress.finish(result.read.files, result.written)
    return result


def _refuse(result: ExportResult, record: Record, why: str) -> None:
    result.refused += 1
    if len(result.refused_examples) < MAX_REFUSED_EXAMPLES:
        result.refused_examples.append(f"{record.get('site')}/{record.get('id')}: {why}")

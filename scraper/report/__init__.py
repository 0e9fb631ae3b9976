"""The corpus report (HTML page with PNG charts) and the dataset card (Markdown).

``write_report`` and ``write_card`` read the corpus once and the run manifests, then write their
files; ``EmptyCorpus`` when there is nothing to describe.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from scraper.report.card import render_card
from scraper.report.charts import all_charts
from scraper.report.health import health_section
from scraper.report.html import render_html
from scraper.report.runs import RunHealth, load_runs
from scraper.report.stats import CorpusStats, gather_corpus


class EmptyCorpus(ValueError):
    """No record to report on; ``str(exc)`` says where the corpus was looked for."""


@dataclass(frozen=True)
class Written:
    path: Path
    charts: tuple[Path, ...]
    stats: CorpusStats
    health: RunHealth


def _version() -> str:
    try:
        return version("vnnews")
    except PackageNotFoundError:
        return "(not installed)"


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _write(path: Path, data: bytes) -> None:
    """Write beside the target then rename, so a reader never sees half a report."""
    part = path.with_name(path.name + ".part")
    part.write_bytes(data)
    os.replace(part, path)


def _gather(out_dir: Path) -> tuple[CorpusStats, RunHealth]:
    stats = gather_corpus(out_dir)
    if not stats.records:
        where = out_dir / "corpus"
        extra = f" ({stats.read.corrupt} corrupt lines)" if stats.read.corrupt else ""
        raise EmptyCorpus(f"the corpus at {where} holds no records{extra}: nothing to report (crawl first, or pass --out DIR)")
    return stats, load_runs(out_dir)


def write_report(out_dir: Path, target: Path, generated: str | None = None) -> Written:
    """``target`` (HTML) plus one ``<stem>-<chart>.png`` per chart beside it. Raises OSError."""
    stats, health = _gather(out_dir)
    charts = all_charts(stats, health)
    html = render_html(stats, health, charts, corpus=str(out_dir), generated=generated or _now(), version=_version(),
                       site_health=health_section(out_dir))
    pngs = []
    for chart in charts:
        png = target.with_name(f"{target.stem}-{chart.slug}.png")
        _write(png, chart.png)
        pngs.append(png)
    _write(target, html.encode("utf-8"))
    return Written(target, tuple(pngs), stats, health)


def write_card(out_dir: Path, target: Path, generated: str | None = None) -> Written:
    stats, health = _gather(out_dir)
    _write(target, render_card(stats, health, generated=generated or _now()).encode("utf-8"))
    return Written(target, (), stats, health)

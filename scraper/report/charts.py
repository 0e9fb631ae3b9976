"""The report's charts as PNG bytes, drawn on matplotlib's Agg canvas (no display needed).

Figures are built with the object API and an explicit ``FigureCanvasAgg``, not pyplot: no global
backend switch, no figure kept alive after it is saved. Each function returns a ``Chart`` (file
slug, title, PNG) or None when there is nothing to draw, e.g. no run manifests yet. DejaVu Sans,
shipped with matplotlib, has the Vietnamese letters (``Giáo dục``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator, NullFormatter, PercentFormatter

from scraper.report.runs import RunHealth
from scraper.report.stats import COVERAGE, CorpusStats

TOP_SECTIONS = 15
DPI = 100


@dataclass(frozen=True)
class Chart:
    slug: str  # file name part: report-<slug>.png
    title: str
    png: bytes


def _figure(width: float, height: float) -> tuple[Figure, Axes]:
    fig = Figure(figsize=(width, height))
    FigureCanvasAgg(fig)
    return fig, fig.subplots()


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, bbox_inches="tight")
    return buf.getvalue()


def _month_ticks(months: list[str]) -> tuple[list[int], list[str]]:
    """At most ~24 labels: every month when few, else January of each year (``2023-01``)."""
    if len(months) <= 24:
        return list(range(len(months))), months
    picks = [i for i, m in enumerate(months) if m.endswith("-01")] or [0]
    return picks, [months[i] for i in picks]


def records_per_month(stats: CorpusStats) -> Chart | None:
    """Heat map: one row per site, one column per month, colour = records published that month."""
    months, sites = stats.months(), list(stats.sites)
    if not months:
        return None
    grid = np.array([[stats.sites[s].months.get(m, 0) for m in months] for s in sites], dtype=float)
    fig, ax = _figure(min(max(7, 4 + 0.35 * len(months)), 18), 2 + 0.45 * len(sites))
    image = ax.imshow(np.ma.masked_equal(grid, 0), aspect="auto", cmap="viridis", interpolation="nearest",
                      vmin=0, vmax=max(float(grid.max()), 1.0))
    ax.set_yticks(range(len(sites)), sites)
    ticks, labels = _month_ticks(months)
    ax.set_xticks(ticks, labels, rotation=60, ha="right")
    if len(months) <= 18 and grid.max() < 10_000:  # numbers only where they fit in the cells
        middle = grid.max() / 2
        for (row, col), value in np.ndenumerate(grid):
            if value:
                colour = "black" if value > middle else "white"  # readable on viridis' yellow and purple
                ax.text(col, row, f"{int(value)}", ha="center", va="center", color=colour, fontsize=8)
    fig.colorbar(image, ax=ax, label="records", ticks=MaxNLocator(integer=True))
    title = "Records per site per month"
    ax.set_title(title)
    return Chart("records-per-month", title, _png(fig))


def field_coverage(stats: CorpusStats) -> Chart | None:
    """Heat map of the share of each site's records that have a date, an author, a sapo…"""
    sites, labels = list(stats.sites), list(COVERAGE)
    if not sites:
        return None
    grid = np.array([[stats.sites[s].share(label) * 100 for label in labels] for s in sites])
    fig, ax = _figure(2 + 1.2 * len(labels), 1.5 + 0.45 * len(sites))
    ax.imshow(grid, aspect="auto", cmap="RdYlGn", vmin=0, vmax=100)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yticks(range(len(sites)), sites)
    for (row, col), value in np.ndenumerate(grid):
        ax.text(col, row, f"{value:.0f}%", ha="center", va="center", fontsize=9)
    title = "Field coverage per site"
    ax.set_title(title)
    return Chart("field-coverage", title, _png(fig))


def body_lengths(stats: CorpusStats) -> Chart | None:
    """Histogram of body lengths in characters; log-spaced bins when lengths span more than a
    factor of 20 (news runs from two-line briefs to long features)."""
    lengths = np.frombuffer(stats.body_lengths, dtype=np.uint32)
    lengths = lengths[lengths > 0]
    if not lengths.size:
        return None
    low, top = int(lengths.min()), int(lengths.max())
    wide = top >= 20 * low
    fig, ax = _figure(8, 3.5)
    if wide:
        edges = np.unique(np.geomspace(low, top + 1, num=40).astype(int))
        ax.hist(lengths, bins=[float(e) for e in edges], color="#4c72b0")
        ax.set_xscale("log")
        ax.xaxis.set_major_locator(LogLocator(subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))  # 1,000 not 10^3
        ax.xaxis.set_minor_formatter(NullFormatter())
    else:
        ax.hist(lengths, bins=30, color="#4c72b0")
    median = float(np.median(lengths))
    ax.axvline(median, color="#c44e52", linestyle="--", label=f"median {median:,.0f}")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("body length (characters" + (", log scale)" if wide else ")"))
    ax.set_ylabel("records")
    ax.legend()
    title = "Body length distribution"
    ax.set_title(title)
    return Chart("body-length", title, _png(fig))


def top_sections(stats: CorpusStats) -> Chart | None:
    top = stats.sections.most_common(TOP_SECTIONS)
    if not top:
        return None
    names, counts = [n for n, _ in reversed(top)], [c for _, c in reversed(top)]
    fig, ax = _figure(8, 1 + 0.35 * len(top))
    ax.barh(names, counts, color="#55a868")
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("records")
    title = "Top sections"
    ax.set_title(title)
    return Chart("top-sections", title, _png(fig))


def syndication(stats: CorpusStats) -> Chart | None:
    """Per outlet, the share of its articles that are copies of a story another article carried
    first (earliest published), beside the share that are first copies; ``copies/articles`` noted."""
    figures = stats.syndication
    outlets = sorted((o for o in figures.outlets if o.articles), key=lambda o: (o.share, o.site))
    if not figures.copies or not outlets:
        return None
    fig, ax = _figure(8, 1.4 + 0.35 * len(outlets))
    y = np.arange(len(outlets))
    firsts = np.array([100 * (1 - o.share) for o in outlets])
    ax.barh(y, firsts, color="#4c72b0", label="first copy of its story")
    ax.barh(y, 100 - firsts, left=firsts, color="#dd8452", label="copy of a story carried earlier")
    for row, outlet in enumerate(outlets):
        ax.text(101, row, f"{outlet.copies}/{outlet.articles}", va="center", fontsize=8)
    ax.set_yticks(y, [o.site for o in outlets])
    ax.set_xlim(0, 118)
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.xaxis.set_major_formatter(PercentFormatter())
    ax.set_xlabel("share of the outlet's articles")
    ax.legend(fontsize=8, loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
    title = "Syndication: copies per outlet"
    ax.set_title(title, pad=24)
    return Chart("syndication", title, _png(fig))


def run_health(health: RunHealth) -> Chart | None:
    """Stacked bars per run: stored, duplicates, versions, dropped; failed runs marked in red."""
    runs = health.runs
    if not runs:
        return None
    fig, ax = _figure(min(max(6, 3 + 0.8 * len(runs)), 14), 4)
    x = np.arange(len(runs))
    bottom = np.zeros(len(runs))
    for name, color in (("stored", "#55a868"), ("duplicates", "#8172b2"), ("versions", "#64b5cd"), ("dropped", "#c44e52")):
        values = np.array([getattr(r, name) for r in runs], dtype=float)
        ax.bar(x, values, bottom=bottom, color=color, label=name)
        bottom += values
    ax.set_xticks(x, [r.started_at[:16].replace("T", " ") or r.run_id for r in runs], rotation=45, ha="right")
    for tick, run in zip(ax.get_xticklabels(), runs):
        tick.set_color("black" if run.healthy else "#c44e52")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_ylabel("articles")
    ax.legend(fontsize=8)
    title = "Last runs' health"
    ax.set_title(title)
    return Chart("runs", title, _png(fig))


def all_charts(stats: CorpusStats, health: RunHealth) -> list[Chart]:
    drawn = [records_per_month(stats), field_coverage(stats), body_lengths(stats), top_sections(stats),
             syndication(stats), run_health(health)]
    return [c for c in drawn if c is not None]

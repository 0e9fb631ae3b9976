"""The report page: one self-contained HTML file, charts embedded as base64 PNG data URIs.

The page skeleton is ``page.html`` beside this module (a ``string.Template``); every value from
the corpus is HTML-escaped, since titles and section names are text from the crawled sites.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable, Sequence
from html import escape
from importlib import resources
from string import Template

from scraper.report.charts import Chart
from scraper.report.runs import RunHealth
from scraper.report.stats import COVERAGE, CorpusStats, copies_text

TITLE = "vnnews corpus report"


def table(header: Sequence[str] | None, rows: Iterable[Sequence[object]], row_class: Sequence[str] = ()) -> str:
    """An HTML table; numbers right-aligned, everything escaped; no header row when None."""
    head = "<thead><tr>" + "".join(f"<th>{escape(h)}</th>" for h in header) + "</tr></thead>" if header else ""
    body = []
    for i, row in enumerate(rows):
        cells = "".join(
            f'<td class="n">{v}</td>' if isinstance(v, (int, float)) else f"<td>{escape(str(v))}</td>" for v in row
        )
        cls = f' class="{row_class[i]}"' if i < len(row_class) and row_class[i] else ""
        body.append(f"<tr{cls}>{cells}</tr>")
    return f"<table>{head}<tbody>{''.join(body)}</tbody></table>"


def summary_table(stats: CorpusStats) -> str:
    span = f"{stats.first} → {stats.last}" if stats.first else "no dated record"
    outlets = {o for s in stats.sites.values() for o in s.outlets}
    rows = [
        ("records", stats.records), ("sites", len(stats.sites)), ("outlets", len(outlets)),
        ("published (Vietnam time)", span), ("records without a date", stats.undated),
        ("later versions of an article", stats.updated), ("corrupt corpus lines skipped", stats.read.corrupt),
        ("copies: live crawl or web archive", copies_text(stats.copies)),
    ]
    return table(None, rows)


def coverage_table(stats: CorpusStats) -> str:
    header = ("site", "records", *COVERAGE)
    rows = [(key, s.records, *(f"{s.share(label):.0%}" for label in COVERAGE)) for key, s in stats.sites.items()]
    return table(header, rows)


def runs_table(health: RunHealth) -> str:
    header = ("run", "started", "finished", "exit", "finish reason", "sites", "requests", "stored",
              "duplicates", "dropped", "no date")
    runs = list(reversed(health.runs))  # newest first
    rows = [(r.run_id, r.started_at, r.finished_at or "—", "—" if r.exit_code is None else str(r.exit_code),
             r.finish_reason or "—", ", ".join(r.sites), r.requests, r.stored, r.duplicates, r.dropped, r.no_date)
            for r in runs]
    html = table(header, rows, ["" if r.healthy else "failed" for r in runs])
    if health.unreadable:
        html += f'<p class="note">Unreadable manifests: {escape("; ".join(health.unreadable))}</p>'
    return html


def syndication_section(stats: CorpusStats, chart: Chart | None) -> str:
    """Copies per outlet (chart and table) and the most-copied sources, or a note when no story
    has more than one article."""
    figures = stats.syndication
    if chart is None or not figures.shared:
        return ('<h2>Syndication</h2><p class="note">No story is carried by more than one article '
                f"({figures.clusters} stories; lines written before schema v2 carry no cluster).</p>")
    wire = (table(("wire_source", "copies", "stories"), figures.by_wire) if figures.by_wire
            else '<p class="note">No copy credits an agency.</p>')
    return "".join((
        f"<h2>{escape(chart.title)}</h2>",
        f"<p>{figures.clusters} stories: {figures.shared} carried by more than one article, "
        f"{figures.multi_outlet} by more than one outlet; {figures.copies} of {figures.articles} articles are "
        "copies of a story another article carried first (the earliest published).</p>",
        figure(chart),
        table(("site", "articles", "copies", "share"),
              [(o.site, o.articles, o.copies, f"{o.share:.0%}") for o in figures.outlets]),
        "<h3>Most-copied sources, by the agency a copy credits (wire_source)</h3>", wire,
        "<h3>Most-copied sources, by the outlet that carried the story first</h3>",
        table(("first outlet", "copies", "stories"), figures.by_first_outlet),
    ))


def figure(chart: Chart) -> str:
    data = base64.b64encode(chart.png).decode("ascii")
    return f'<figure id="{chart.slug}"><img src="data:image/png;base64,{data}" alt="{escape(chart.title)}"></figure>'


def render_html(stats: CorpusStats, health: RunHealth, charts: list[Chart], *, corpus: str, generated: str,
                version: str, site_health: str = "") -> str:
    by_slug = {c.slug: c for c in charts}
    parts = []
    for slug, extra in (("records-per-month", ""), ("field-coverage", coverage_table(stats)),
                        ("body-length", ""), ("top-sections", "")):
        chart = by_slug.get(slug)
        if chart is not None:
            parts.append(f"<h2>{escape(chart.title)}</h2>{figure(chart)}{extra}")
    parts.append(syndication_section(stats, by_slug.get("syndication")))
    runs = by_slug.get("runs")
    if runs is not None:
        parts.append(f"<h2>{escape(runs.title)}</h2>{figure(runs)}{runs_table(health)}")
    if not health.runs:
        parts.append('<h2>Last runs\' health</h2><p class="note">No run manifests found under state/runs.</p>')
    parts.append(site_health)  # scraper.report.health: drift figures and alarms per site
    if stats.read.corrupt:
        parts.append(f'<p class="note">{escape(stats.read.summary())}</p>')
    page = Template(resources.files("scraper.report").joinpath("page.html").read_text("utf-8"))
    return page.substitute(title=escape(TITLE), generated=escape(generated), corpus=escape(corpus),
                           version=escape(version), summary=summary_table(stats), sections="\n".join(parts))

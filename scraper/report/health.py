"""The report's "Site health" section: each site's last run against its usual figures, and the
drift alarms of its last run (``scraper.health.summary``), rows with an alarm marked."""

from __future__ import annotations

from html import escape
from pathlib import Path

from scraper.health import Thresholds
from scraper.health.summary import FIGURES, sites_health
from scraper.report.html import table

TITLE = "Site health"


def health_section(out_dir: Path, thresholds: Thresholds | None = None) -> str:
    health = sites_health(out_dir, thresholds)
    head = f"<h2>{TITLE}</h2>"
    if not health:
        return head + '<p class="note">No run manifest holds health figures yet.</p>'
    header = ("site", "run", *FIGURES.values(), "alarms")
    rows, classes = [], []
    for h in health.values():
        rows.append((h.site, "last", *(h.cell(f) for f in FIGURES), str(len(h.alarms))))
        rows.append(("", "usual", *(h.cell(f, "usual") for f in FIGURES), ""))
        classes += ["failed" if h.alarms else "", ""]
    alarms = [escape(a.get("message", "")) for h in health.values() for a in h.alarms]
    listing = "<ul>" + "".join(f"<li>{a}</li>" for a in alarms) + "</ul>" if alarms else \
        '<p class="note">No drift alarm in the last runs.</p>'
    intro = ("<p>Last run of each site over its usual figures (median of its last runs that stored "
             "enough records); shares are of the records stored in the run.</p>")
    return head + intro + table(header, rows, classes) + listing

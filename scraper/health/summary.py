"""Each site's health from the run manifests: its last run's figures beside its usual ones, and
the alarms that run raised. Read by ``vnnews stats --health`` and the report's "Site health".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scraper.health.drift import PERCENT, SHARE_LABELS, Thresholds, usual_figures
from scraper.health.history import load_manifests, site_history

# figure -> column label, in display order
FIGURES = {
    "records": "stored", **{k: k.replace("_", " ") for k in SHARE_LABELS},
    "body_median": "body median", "not_article": "not article", "new_articles": "new",
}


@dataclass
class SiteHealth:
    site: str
    runs: int  # manifests that crawled the site
    last_run: str
    last_started: str
    last: dict[str, Any]  # the last run's health block
    usual: dict[str, float | None]  # medians over the runs before it (as the alarms use them)
    alarms: list[dict[str, Any]] = field(default_factory=list)  # raised by the last run

    def cell(self, figure: str, which: str = "last") -> str:
        value = (self.last if which == "last" else self.usual).get(figure)
        if not isinstance(value, (int, float)):
            return "—"
        return f"{value:.0%}" if figure in PERCENT else f"{value:.0f}"

    def as_json(self) -> dict[str, Any]:
        return {"runs": self.runs, "last_run": self.last_run, "last_started": self.last_started,
                "last": {k: self.last.get(k) for k in FIGURES}, "usual": self.usual, "alarms": self.alarms}


def sites_health(out: str | Path, thresholds: Thresholds | None = None,
                 sites: list[str] | None = None) -> dict[str, SiteHealth]:
    """Per site (sorted), from every readable manifest under ``<out>/state/runs``."""
    thresholds = thresholds or Thresholds()
    manifests = load_manifests(out)
    keys = sorted({k for doc in manifests for k in doc["sites"]} if not sites else set(sites))
    result = {}
    for key in keys:
        history = site_history(manifests, key)
        if not history:
            continue
        last_doc = next(doc for doc in reversed(manifests) if key in doc["sites"])
        earlier = [h for _, h in history[:-1]]
        result[key] = SiteHealth(
            site=key, runs=len(history), last_run=str(last_doc.get("run_id")),
            last_started=str(last_doc.get("started_at")), last=history[-1][1],
            usual=usual_figures(earlier, thresholds),
            alarms=[a for a in last_doc.get("alarms", []) if isinstance(a, dict) and a.get("site") == key],
        )
    return result


def health_text(health: dict[str, SiteHealth]) -> str:
    """A plain table per site: the last run's figures over the usual ones, then the alarms."""
    if not health:
        return "no run manifest with health figures yet (crawl first)\n"
    header = ("site", "run", *FIGURES.values())
    rows = [header]
    for h in health.values():
        rows.append((h.site, "last", *(h.cell(f) for f in FIGURES)))
        rows.append(("", "usual", *(h.cell(f, "usual") for f in FIGURES)))
    widths = [max(len(r[i]) for r in rows) for i in range(len(header))]
    lines = ["  ".join(c.rjust(w) if i > 1 else c.ljust(w) for i, (c, w) in enumerate(zip(r, widths))).rstrip()
             for r in rows]
    for h in health.values():
        lines.append(f"{h.site}: last run {h.last_run} ({h.last_started}), {h.runs} run(s) in the manifests")
        lines += [f"  ALARM {a.get('message', '')}" for a in h.alarms]
    return "\n".join(lines) + "\n"

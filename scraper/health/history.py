"""A site's recent runs, read back from the run manifests, and the end-of-run assessment.

``assess`` is called once per run, after its manifest is built and before it is written: it
compares every site of the run with its own history, adds ``alarms`` to the manifest, makes the
exit code 4 when there is any (cron mail and monitoring notice) and logs each alarm.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from scraper import exitcodes
from scraper.health.drift import Alarm, Thresholds, compare
from scraper.store.paths import state_dir

log = logging.getLogger(__name__)

MIN_PACE_GAP_DAYS = 1 / 24  # runs closer than an hour say nothing about a site's daily pace


def _when(value: Any) -> datetime | None:
    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


# A Redis planner's or worker's manifest holds a share of a job; the job's own manifest
# (``"role": "job"``, scraper.distributed.job) is the run that counts.
PARTIAL_ROLES = frozenset({"planner", "worker"})


def load_manifests(out: str | Path) -> list[dict[str, Any]]:
    """Every readable run manifest under ``<out>/state/runs``, oldest first (unreadable ones,
    e.g. a run killed while writing, are skipped: health is about the runs that finished), but
    not the partial ones of a distributed job's planner and workers."""
    runs = state_dir(Path(out)) / "runs"
    docs = []
    for path in sorted(runs.glob("*.json")) if runs.is_dir() else []:
        try:
            doc = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(doc, dict) or doc.get("role") in PARTIAL_ROLES:
            continue
        if isinstance(doc.get("sites"), dict) and _when(doc.get("started_at")):
            docs.append(doc)
    return sorted(docs, key=lambda d: (str(d["started_at"]), str(d.get("run_id"))))


def site_history(manifests: list[dict[str, Any]], site: str, exclude_run: str | None = None
                 ) -> list[tuple[datetime, dict[str, Any]]]:
    """``(started_at, health block)`` of each earlier run that crawled ``site``, oldest first."""
    out = []
    for doc in manifests:
        entry = doc["sites"].get(site)
        health = entry.get("health") if isinstance(entry, dict) else None
        when = _when(doc.get("started_at"))
        if doc.get("run_id") != exclude_run and isinstance(health, dict) and when is not None:
            out.append((when, health))
    return out


def paces(history: list[tuple[datetime, dict[str, Any]]]) -> list[float]:
    """New articles per day for each run that followed another run of the site, unbounded runs
    only (a --max-pages or --since/--until run says nothing about the site's pace)."""
    out = []
    for (before, _), (when, health) in zip(history, history[1:]):
        days = (when - before).total_seconds() / 86400
        if days >= MIN_PACE_GAP_DAYS and not health.get("window") and not health.get("capped"):
            out.append(int(health.get("new_articles", 0)) / days)
    return out


def assess(doc: dict[str, Any], out: str | Path, thresholds: Thresholds,
           homes: dict[str, str] | None = None) -> list[Alarm]:
    """Compare each site of the run ``doc`` with its history; record alarms in ``doc``."""
    manifests = load_manifests(out)
    started = _when(doc.get("started_at"))
    alarms: list[Alarm] = []
    for site, entry in doc.get("sites", {}).items():
        health = entry.get("health") if isinstance(entry, dict) else None
        if not isinstance(health, dict):
            continue
        history = site_history(manifests, site, exclude_run=doc.get("run_id"))
        since = (started - history[-1][0]).total_seconds() / 86400 if history and started else None
        alarms += compare(site, health, [h for _, h in history], thresholds, paces=paces(history),
                          days_since=since, home=(homes or {}).get(site))
    doc["alarms"] = [a.as_json() for a in alarms]
    if alarms and doc.get("exit_code") == exitcodes.OK:
        doc["exit_code"] = exitcodes.PARTIAL
    for alarm in alarms:
        log.warning("drift alarm: %s", alarm.line())
    return alarms

"""The last crawl runs' health, read from the run manifests (``<out>/state/runs/<run_id>.json``).

A manifest that cannot be read is named in ``RunHealth.unreadable``, not fatal: the report is
still worth having when one run was killed before it wrote its manifest cleanly.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

LAST_RUNS = 12


@dataclass(frozen=True)
class RunSummary:
    """One run, its sites' counters summed."""

    run_id: str
    started_at: str
    finished_at: str | None
    exit_code: int | None
    finish_reason: str | None
    sites: tuple[str, ...]
    requests: int
    stored: int
    duplicates: int
    versions: int
    dropped: int
    no_date: int
    torn_lines_repaired: int

    @property
    def healthy(self) -> bool:
        return self.exit_code == 0


@dataclass
class RunHealth:
    runs: list[RunSummary] = field(default_factory=list)  # oldest first, the last LAST_RUNS
    total: int = 0  # manifests found
    unreadable: list[str] = field(default_factory=list)  # "file: why"


def _count(value: Any) -> int:
    if isinstance(value, dict):
        return sum(_count(v) for v in value.values())
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def summarise(manifest: dict[str, Any]) -> RunSummary:
    """Sum the per-site counters of one manifest; missing counters count as 0."""
    sites = manifest.get("sites") or {}
    if not isinstance(sites, dict):
        raise TypeError("'sites' is not an object")

    def total(key: str) -> int:
        return sum(_count(s.get(key)) for s in sites.values() if isinstance(s, dict))

    exit_code = manifest.get("exit_code")
    return RunSummary(
        run_id=str(manifest["run_id"]), started_at=str(manifest.get("started_at") or ""),
        finished_at=manifest.get("finished_at"), exit_code=exit_code if isinstance(exit_code, int) else None,
        finish_reason=manifest.get("finish_reason"), sites=tuple(sorted(sites)),
        requests=total("requests"), stored=total("stored"), duplicates=total("duplicates"),
        versions=total("versions"), dropped=total("dropped"), no_date=total("no_date"),
        torn_lines_repaired=_count(manifest.get("torn_lines_repaired")),
    )


def load_runs(out_dir: str | Path, last: int = LAST_RUNS) -> RunHealth:
    health = RunHealth()
    runs_dir = Path(out_dir) / "state" / "runs"
    paths = sorted(runs_dir.glob("*.json")) if runs_dir.is_dir() else []
    summaries = []
    for path in paths:
        health.total += 1
        try:
            manifest = json.loads(path.read_text("utf-8"))
            if not isinstance(manifest, dict):
                raise TypeError("not a JSON object")
            summaries.append(summarise(manifest))
        except (OSError, ValueError, KeyError, TypeError) as exc:
            health.unreadable.append(f"{path.name}: {exc}")
    summaries.sort(key=lambda r: (r.started_at, r.run_id))
    health.runs = summaries[-last:]
    return health

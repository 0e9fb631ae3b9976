"""Records that break the schema: kept with their reasons in ``<out>/state/rejects.jsonl``.

One JSON line per reject (``{"rejected_at", "site", "url", "errors", "record"}``), written whole and
flushed at once, so a researcher can see what was lost and why without reading logs.
"""

from __future__ import annotations

import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from scraper.store.paths import state_dir


class RejectsWriter:
    def __init__(self, out: Path) -> None:
        self.path = state_dir(out) / "rejects.jsonl"
        self.count = 0

    def write(self, record: dict[str, Any], errors: list[str]) -> None:
        entry = {
            "rejected_at": datetime.now(timezone.utc).replace(microsecond=0).isoformat(),
            "site": record.get("site"),
            "url": record.get("url"),
            "errors": list(errors),
            "record": record,
        }
        line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with open(self.path, "ab") as f:
            f.write(line.encode("utf-8"))
            f.flush()
            os.fsync(f.fileno())
        self.count += 1

"""The crawl's log file: ``<out>/state/logs/vnnews.log``, rotated (5 × 10 MB) so cron never fills a disk."""

from __future__ import annotations

import logging
from logging.handlers import RotatingFileHandler
from pathlib import Path

from scraper.store.paths import state_dir

MAX_BYTES = 10 * 1024 * 1024
BACKUPS = 5
FORMAT = "%(asctime)s [%(name)s] %(levelname)s: %(message)s"


def attach_log_file(out: Path, level: str = "INFO", name: str = "vnnews.log") -> RotatingFileHandler:
    """Send every log record at ``level`` or above to the corpus's rotating log file too (``name``:
    each Redis worker sharing the folder rotates its own, ``vnnews.<worker>.log``)."""
    path = state_dir(out) / "logs" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, RotatingFileHandler)
                    and Path(h.baseFilename) == path.resolve()), None)  # attached already: the level only
    if handler is None:
        handler = RotatingFileHandler(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
        handler.setFormatter(logging.Formatter(FORMAT))
        root.addHandler(handler)
    handler.setLevel(level)
    if root.level > handler.level:
        root.setLevel(handler.level)
    return handler

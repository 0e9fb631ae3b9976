"""A one-line progress bar on stderr while an export runs, only when stderr is a terminal.

Piped or redirected (cron, ``2> log``), it prints nothing, so logs stay clean. Progress is counted
in corpus files, the one total known before reading: ``[#####-----] 12/24 files, 3 105 records``.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30
EVERY_SECONDS = 0.2


class Progress:
    def __init__(self, total_files: int, stream: TextIO | None = None, enabled: bool | None = None) -> None:
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = self._stream.isatty() if enabled is None else enabled
        self._total = max(total_files, 1)
        self._last = 0.0

    def update(self, files_done: int, written: int) -> None:
        """Redraw at most every ``EVERY_SECONDS``; cheap enough to call for every record."""
        if not self._enabled:
            return
        now = time.monotonic()
        if now - self._last < EVERY_SECONDS:
            return
        self._last = now
        self._draw(files_done, written)

    def _draw(self, files_done: int, written: int) -> None:
        filled = WIDTH * min(files_done, self._total) // self._total
        bar = "#" * filled + "-" * (WIDTH - filled)
        count = f"{written:,}".replace(",", " ")  # 12 345: space grouping reads the same in Vietnamese (12.345) and English (12,345) habits
        self._stream.write(f"\r[{bar}] {files_done}/{self._total} files, {count} records")
        self._stream.flush()

    def finish(self, files_done: int, written: int) -> None:
        """Draw the final state and end the line, so later messages start on their own line."""
        if not self._enabled:
            return
        self._draw(files_done, written)
        self._stream.write("\n")
        self._stream.flush()

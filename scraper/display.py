"""What ``vnnews crawl`` shows while it runs: one live line per site on a terminal, nothing in cron.

On a terminal (stderr is a TTY), a rich ``Live`` table holds one line per site: articles
discovered, pages fetched, records stored, pages dropped (duplicates, not articles, …), errors
(download failures, 5xx), pages per minute and elapsed time. It is redrawn twice a second by a
timer of the crawl's own reactor, which reads each crawler's stats in the reactor thread: no
thread races the crawl and a redraw costs well under a millisecond per site. When stderr is not
a terminal (cron, a pipe) there is no live display at all, only the summary at the end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, TextIO

from rich.console import Console
from rich.live import Live
from rich.table import Table

from scraper.store.manifest import is_failure

REFRESH_SECONDS = 0.5
COLUMNS = ("site", "discovered", "fetched", "stored", "dropped", "errors", "pages/min", "elapsed", "")


@dataclass(frozen=True)
class SiteProgress:
    """One site's line, from its crawler's stats."""

    site: str
    discovered: int
    fetched: int
    stored: int
    dropped: int
    errors: int
    seconds: float
    state: str  # "starting", "running" or the finish reason

    @property
    def per_minute(self) -> float:
        return self.fetched / self.seconds * 60 if self.seconds > 0 else 0.0

    def cells(self) -> tuple[str, ...]:
        minutes, seconds = divmod(int(self.seconds), 60)
        return (self.site, str(self.discovered), str(self.fetched), str(self.stored), str(self.dropped),
                str(self.errors), f"{self.per_minute:.0f}", f"{minutes}:{seconds:02d}", self.state)


def site_progress(site: str, stats: dict[str, Any], now: datetime | None = None) -> SiteProgress:
    """The progress of one site's crawler (its stats dict as Scrapy keeps it)."""
    prefix = f"vnnews/{site}/"
    dropped = errors = 0
    for key, value in stats.items():
        if key.startswith(prefix + "dropped/"):
            if is_failure(key[len(prefix) + 8:]):
                errors += int(value)
            else:
                dropped += int(value)
    started, finished = stats.get("start_time"), stats.get("finish_time")
    end = finished or now or datetime.now(timezone.utc)
    seconds = (end - started).total_seconds() if isinstance(started, datetime) else 0.0
    state = str(stats.get("finish_reason")) if finished else ("running" if started else "starting")
    return SiteProgress(
        site=site, discovered=int(stats.get("vnnews/articles_scheduled", 0)),
        fetched=int(stats.get(prefix + "fetched", 0)), stored=int(stats.get(prefix + "stored", 0)),
        dropped=dropped + int(stats.get(prefix + "duplicates", 0)), errors=errors,
        seconds=max(seconds, 0.0), state=state,
    )


def progress_table(rows: list[SiteProgress]) -> Table:
    table = Table(box=None, pad_edge=False, header_style="bold")
    for i, name in enumerate(COLUMNS):
        table.add_column(name, justify="left" if i in (0, len(COLUMNS) - 1) else "right")
    for row in rows:
        table.add_row(*row.cells())
    return table


class LiveDisplay:
    """One live line per site while the reactor runs; ``stop`` leaves the last state on screen."""

    def __init__(self, sites: list[tuple[str, Any]], stream: TextIO) -> None:
        self.sites = sites  # (site key, its Scrapy crawler)
        self.console = Console(file=stream)
        self.live = Live(self._table(), console=self.console, auto_refresh=False, transient=False)
        self._loop: Any = None

    @classmethod
    def wanted(cls, stream: TextIO, verbose: bool) -> bool:
        """A live display only on a terminal, and not when the logs come to the screen (-v)."""
        return not verbose and stream.isatty()

    def _table(self) -> Table:
        return progress_table([site_progress(key, crawler.stats.get_stats()) for key, crawler in self.sites])

    def refresh(self) -> None:
        self.live.update(self._table(), refresh=True)

    def start(self) -> None:
        from twisted.internet import task  # the reactor Scrapy installed

        self.live.start()
        self._loop = task.LoopingCall(self.refresh)
        self._loop.start(REFRESH_SECONDS, now=False)

    def stop(self) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        self.refresh()
        self.live.stop()

"""What ``vnnews crawl`` prints: a live line per site on a terminal (a real pseudo-terminal here),
Scrapy's start-up banner and INFO logs only in the log file; piped (cron), the summary only."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import select
import struct
import subprocess
import sys
import termios
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scraper.demo.generate import build_site
from scraper.demo.server import DemoServer
from scraper.display import site_progress
from scraper.store.manifest import summary_lines

MOVE = re.compile(r"\x1b\[[0-9;?]*[AK]")  # cursor up, erase line: rich redrawing its live table
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BANNER = "Scrapy 2."  # "Scrapy 2.19.0 started (bot: vnnews)"


def command(info, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "scraper", "crawl", "demo", "--sites-file", str(info.sites_toml), "--out", str(out),
            "--set", "DOWNLOAD_DELAY=0.05", "--set", "AUTOTHROTTLE_ENABLED=False", *extra]


def run_in_pty(cmd: list[str], timeout: float = 120) -> tuple[int, str]:
    """Run ``cmd`` with stdin, stdout and stderr on a 120×40 pseudo-terminal; all it wrote, as text."""
    master, slave = os.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="120", LINES="40")
    proc = subprocess.Popen(cmd, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True)
    os.close(slave)
    chunks = []
    deadline = datetime.now() + timedelta(seconds=timeout)
    try:
        while datetime.now() < deadline:
            ready, _, _ = select.select([master], [], [], 0.5)
            if not ready:
                if proc.poll() is not None:
                    break
                continue
            try:
                data = os.read(master, 65536)
            except OSError as exc:  # EIO: the child closed the terminal
                if exc.errno != errno.EIO:
                    raise
                break
            if not data:
                break
            chunks.append(data)
        code = proc.wait(timeout=30)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return code, b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def site(tmp_path: Path):
    with DemoServer(tmp_path / "site") as server:
        yield build_site(server.root, server.base_url, family="f2", n_articles=40, start=date(2024, 1, 1))


def manifest_of(out: Path) -> dict:
    (path,) = (out / "state" / "runs").glob("*.json")
    return json.loads(path.read_text("utf-8"))


def test_terminal_shows_a_live_line_per_site_and_no_scrapy_logs(tmp_path: Path, site) -> None:
    out = tmp_path / "out"
    code, screen = run_in_pty(command(site, out))
    assert code == 0, screen[-3000:]
    text = ANSI.sub("", MOVE.sub("\n", screen)).replace("\r", "\n")
    frames = [line for line in text.splitlines() if line.split()[:2] == ["site", "discovered"]]
    assert len(frames) >= 2, text[-3000:]  # redrawn while it ran, not printed once at the end
    assert frames[0].split() == ["site", "discovered", "fetched", "stored", "dropped", "errors", "pages/min", "elapsed"]
    rows = [line.split() for line in text.splitlines() if line.startswith("demo ")]
    # 42 discovered: the 40 articles and 2 that robots.txt keeps out (never fetched, not an error)
    assert rows[-1][1:6] == ["42", "40", "40", "0", "0"] and rows[-1][-1] == "finished"
    assert any(row[-1] == "running" for row in rows)
    assert BANNER not in text and "[scrapy" not in text and "INFO" not in text
    assert [line for line in text.splitlines() if line.strip()][-2:] == summary_lines(manifest_of(out))
    log = (out / "state" / "logs" / "vnnews.log").read_text("utf-8")
    assert BANNER in log and "Spider closed (finished)" in log  # where Scrapy's own lines went


def test_piped_output_is_the_summary_only(tmp_path: Path, site) -> None:
    out = tmp_path / "out"
    done = subprocess.run(command(site, out), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout == ""
    assert done.stderr.splitlines() == summary_lines(manifest_of(out))
    assert "\x1b[" not in done.stderr


def test_verbose_brings_scrapys_logs_back(tmp_path: Path, site) -> None:
    done = subprocess.run(command(site, tmp_path / "out", "-v"), capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert BANNER in done.stderr and "[scrapy.core.engine] INFO: Spider closed (finished)" in done.stderr
    assert done.stderr.splitlines()[-2:] == summary_lines(manifest_of(tmp_path / "out"))


def test_progress_line_counts() -> None:
    start = datetime(2026, 11, 29, 2, 0, tzinfo=timezone.utc)
    stats = {"start_time": start, "vnnews/articles_scheduled": 120, "vnnews/baomau/fetched": 90,
             "vnnews/baomau/stored": 80, "vnnews/baomau/duplicates": 4, "vnnews/baomau/dropped/not_article": 3,
             "vnnews/baomau/dropped/http_404": 1, "vnnews/baomau/dropped/download_error": 2,
             "vnnews/baomau/dropped/http_503": 1}
    row = site_progress("baomau", stats, now=start + timedelta(minutes=1, seconds=30))
    assert row.cells() == ("baomau", "120", "90", "80", "8", "3", "60", "1:30", "running")
    done = site_progress("baomau", stats | {"finish_time": start + timedelta(minutes=3), "finish_reason": "finished"})
    assert done.cells()[-3:] == ("30", "3:00", "finished")

"""The installed ``vnnews`` works from any folder (a notebook's, a user's home, cron without cd);
a ``scrapy.cfg`` in that folder still overrides its settings; no user error ends in a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from scraper import exitcodes
from scraper.demo.generate import build_site
from scraper.demo.server import DemoServer

ROOT = Path(__file__).resolve().parent.parent
VNNEWS = str(Path(sys.executable).with_name("vnnews"))  # the console script, as a user runs it
FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False"]


def run(args: list[str], cwd: Path, timeout: int = 120) -> subprocess.CompletedProcess:
    assert ROOT not in cwd.resolve().parents and cwd.resolve() != ROOT, "the test must run outside the checkout"
    return subprocess.run([VNNEWS, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


def urls(out: Path) -> set[str]:
    return {json.loads(line)["url"] for p in (out / "corpus").rglob("*.jsonl") for line in p.read_text("utf-8").splitlines()}


@pytest.fixture
def site(tmp_path: Path):
    with DemoServer(tmp_path / "site") as server:
        yield server, build_site(server.root, server.base_url, family="f3", n_articles=8, start=date(2024, 1, 1))


def test_crawl_from_a_folder_outside_the_checkout(tmp_path: Path, site) -> None:
    server, info = site
    home = tmp_path / "notebook"
    home.mkdir()
    done = run(["crawl", "demo", "--sites-file", str(info.sites_toml), "--out", "corpus-here", *FAST], cwd=home)
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Traceback" not in done.stderr and "Spider not found" not in done.stderr
    assert urls(home / "corpus-here") == {a.url for a in info.articles}
    assert server.user_agents and all(ua.startswith("vnnews/") for ua in server.user_agents)  # our settings


def test_demo_from_a_folder_outside_the_checkout(tmp_path: Path) -> None:
    done = run(["demo", "--out", "data", "--articles", "6", "--port", "0"], cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.strip().splitlines()[-1] == (
        f"vnnews demo: corpus in {(tmp_path / 'data' / 'corpus' / 'demo').resolve()} — 6 records "
        "(site 'demo', 6 articles on the mock site)")


def test_a_scrapy_cfg_in_the_folder_still_overrides(tmp_path: Path, site) -> None:
    server, info = site
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = eigen_settings\n", "utf-8")
    (tmp_path / "eigen_settings.py").write_text(
        "from scraper.settings import *  # noqa: F403\nUSER_AGENT = 'eigen-crawler/2.0 (+http://127.0.0.1/)'\n", "utf-8")
    done = run(["crawl", "demo", "--sites-file", str(info.sites_toml), "--out", "out", *FAST], cwd=tmp_path)
    assert done.returncode == 0, done.stderr[-3000:]
    assert server.user_agents == {"eigen-crawler/2.0 (+http://127.0.0.1/)"}
    assert urls(tmp_path / "out") == {a.url for a in info.articles}


@pytest.mark.parametrize(
    ("settings_py", "message"),
    [
        (None, "vnnews crawl: cannot load the Scrapy settings 'missing_settings' (named by "),
        ("BOT_NAME = 'another_project'\n", "vnnews crawl: the Scrapy settings 'missing_settings' (named by "),
    ],
)
def test_another_projects_scrapy_cfg_is_one_line(tmp_path: Path, site, settings_py: str | None, message: str) -> None:
    _, info = site
    (tmp_path / "scrapy.cfg").write_text("[settings]\ndefault = missing_settings\n", "utf-8")
    if settings_py:
        (tmp_path / "missing_settings.py").write_text(settings_py, "utf-8")
    done = run(["crawl", "demo", "--sites-file", str(info.sites_toml), "--out", "out"], cwd=tmp_path)
    assert done.returncode == exitcodes.CONFIG
    lines = done.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith(message), done.stderr
    if settings_py:
        assert "have no spider 'news'" in lines[0]


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["crawl", "nosuch"], exitcodes.CONFIG, "vnnews crawl: unknown site 'nosuch'"),
        (["crawl", "baoquangninh", "--max-pages", "0"], exitcodes.CONFIG, "vnnews crawl: --max-pages must be at least 1"),
        (["crawl", "baoquangninh", "--since", "2024-13-01"], exitcodes.CONFIG, "vnnews crawl: --since '2024-13-01'"),
        (["crawl", "baoquangninh", "--set", "VNNEWS_HEALTH_MIN_RECORDS=nhieu"], exitcodes.CONFIG,
         "vnnews crawl: setting VNNEWS_HEALTH_MIN_RECORDS='nhieu' is not a number"),
        (["crawl", "baoquangninh", "--out", "a-file"], exitcodes.FAILED, "vnnews crawl: cannot use a-file: "),
        (["crawl", "baoquangninh", "--sites-file", "none.toml"], exitcodes.CONFIG, "vnnews crawl: none.toml: cannot read"),
        (["stats", "--health"], exitcodes.FAILED, "vnnews stats: no run manifests at data/state/runs"),
        (["demo", "--out", "a-file", "--articles", "2", "--port", "0"], exitcodes.FAILED, "vnnews crawl: cannot use a-file: "),
    ],
)
def test_user_errors_are_one_line_and_no_traceback(tmp_path: Path, args: list[str], code: int, message: str) -> None:
    (tmp_path / "a-file").write_text("not a folder\n", "utf-8")
    done = run(args, cwd=tmp_path, timeout=60)
    assert done.returncode == code, done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    errors = [line for line in done.stderr.splitlines() if line.startswith("vnnews ")]
    assert len(errors) == 1 and errors[0].startswith(message), done.stderr

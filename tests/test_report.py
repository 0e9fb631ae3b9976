"""`vnnews report`: statistics, run health, the HTML page rendered in headless Chromium, the card."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import matplotlib.image as mpimg
import numpy as np
import pytest
from test_export_fixture_corpus import SPECS, make_record, write_corpus

from scraper import exitcodes
from scraper.commands import report as report_command
from scraper.report import EmptyCorpus, Written, write_card, write_report
from scraper.report.runs import load_runs
from scraper.report.stats import gather_corpus

ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"
TITLES = ["Records per site per month", "Field coverage per site", "Body length distribution",
          "Top sections", "Last runs' health"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def manifest(run_id: str, started: str, exit_code: int, stored: int, dropped: dict[str, int]) -> dict:
    return {
        "run_id": run_id, "started_at": started, "finished_at": started.replace("T02", "T03"),
        "command": ["vnnews", "crawl", "baoquangninh", "baocantho"], "exit_code": exit_code,
        "finish_reason": "finished" if exit_code == 0 else "shutdown",
        "sites": {
            "baoquangninh": {"requests": 40, "responses": {"200": 38, "404": 2}, "stored": stored,
                             "duplicates": 3, "versions": 1, "dropped": dropped, "no_date": 1,
                             "no_author": 2, "no_body": 0},
            "baocantho": {"requests": 10, "responses": {"200": 10}, "stored": 2, "duplicates": 0,
                          "versions": 0, "dropped": {}, "no_date": 0, "no_author": 1, "no_body": 0},
        },
        "torn_lines_repaired": 0,
    }


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("data")
    write_corpus(out)
    runs = out / "state" / "runs"
    runs.mkdir(parents=True)
    for m in (manifest("r1", "2026-11-01T02:00:00+00:00", 0, 5, {"no_body": 1}),
              manifest("r2", "2026-11-02T02:00:00+00:00", 4, 1, {"no_date": 2, "http_error": 3}),
              manifest("r3", "2026-11-03T02:00:00+00:00", 0, 0, {})):
        (runs / f"{m['run_id']}.json").write_text(json.dumps(m), "utf-8")
    (runs / "r0-killed.json").write_text('{"run_id": "r0", "sites": {', "utf-8")
    return out


@pytest.fixture(scope="module")
def report(corpus: Path, tmp_path_factory: pytest.TempPathFactory) -> Written:
    target = tmp_path_factory.mktemp("report") / "report.html"
    return write_report(corpus, target, generated="2026-11-29T12:00:00+00:00")


def test_stats_count_sites_months_coverage_and_lengths(corpus: Path) -> None:
    stats = gather_corpus(corpus)
    assert (stats.records, stats.undated, stats.read.corrupt) == (10, 1, 1)
    assert list(stats.sites) == ["baobacninh", "baocantho", "baoquangninh"]
    qn = stats.sites["baoquangninh"]
    assert dict(qn.months) == {"2023-01": 2, "2023-02": 1, "2024-05": 1}
    assert (qn.filled["date"], qn.filled["author"], qn.filled["sapo"], qn.filled["related links"]) == (4, 3, 2, 2)
    assert dict(stats.sites["baobacninh"].provinces) == {"Bắc Giang": 2, "Bắc Ninh": 1}
    assert (stats.first, stats.last) == ("2023-01-05T08:30:00+07:00", "2025-08-02T07:45:00+07:00")
    months = stats.months()
    assert (months[0], months[-1], len(months)) == ("2023-01", "2025-08", 32)
    assert sorted(stats.body_lengths) == sorted(len(make_record(n)["body"]) for n in SPECS)
    assert stats.sections.most_common(1)[0][1] == 2


def test_run_manifests_summed_and_unreadable_ones_named(corpus: Path) -> None:
    health = load_runs(corpus)
    assert [r.run_id for r in health.runs] == ["r1", "r2", "r3"] and health.total == 4
    r2 = health.runs[1]
    assert (r2.requests, r2.stored, r2.duplicates, r2.dropped, r2.no_date, r2.healthy) == (50, 3, 3, 5, 1, False)
    assert len(health.unreadable) == 1 and health.unreadable[0].startswith("r0-killed.json: ")


def test_report_page_is_self_contained_with_charts_beside_it(report: Written) -> None:
    html = report.path.read_text("utf-8")
    headings = ["Summary", *TITLES[:4], "Syndication", TITLES[4], "Site health"]  # v1 fixture: no clusters, a note
    assert re.findall(r"<h2>([^<]+)</h2>", html) == [t.replace("'", "&#x27;") for t in headings]
    assert "No story is carried by more than one article (10 stories;" in html
    images = re.findall(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]{1000,}" alt="([^"]+)">', html)
    assert [i.replace("&#x27;", "'") for i in images] == TITLES
    assert not re.search(r"""(src|href)=["']?(https?:|//|[^"'#d])""", html)  # nothing fetched from elsewhere
    assert sorted(p.name for p in report.charts) == sorted(
        f"report-{s}.png" for s in ("records-per-month", "field-coverage", "body-length", "top-sections", "runs"))
    for png in report.charts:
        pixels = mpimg.imread(png)
        assert pixels.shape[0] > 100 and pixels.shape[1] > 300 and len(np.unique(pixels.reshape(-1, pixels.shape[2]), axis=0)) > 20
    assert "<td>baoquangninh</td><td class=\"n\">4</td><td>100%</td><td>75%</td><td>50%</td>" in html
    assert '<tr class="failed"><td>r2</td>' in html
    assert "r0-killed.json" in html and "1 corrupt corpus line(s) skipped" in html


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("CI"):
        pytest.fail("chromium is not installed: .ci/run must `apt-get install -y chromium`")
    pytest.skip("chromium not installed (apt-get install -y chromium); CI fails instead of skipping")


def test_report_renders_in_headless_chromium(report: Written, tmp_path: Path) -> None:
    chromium = _chromium()
    page = report.path
    probe = tmp_path / "probe.html"
    script = ("<script>addEventListener('load', () => { const pre = document.createElement('pre'); pre.id = 'probe';"
              " pre.textContent = JSON.stringify([...document.images].map(i => [i.alt, i.naturalWidth, i.naturalHeight]));"
              " document.body.appendChild(pre); });</script></body>")
    probe.write_text(page.read_text("utf-8").replace("</body>", script), "utf-8")
    dom = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile-dom'}",
                          "--virtual-time-budget=5000", "--dump-dom", probe.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    found = re.search(r'<pre id="probe">(.*?)</pre>', dom, re.DOTALL)
    assert found, dom[-2000:]
    rendered = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&").replace("&#39;", "'"))
    assert [alt for alt, _, _ in rendered] == TITLES
    assert all(width > 300 and height > 150 for _, width, height in rendered), rendered

    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "report-screenshot.png"
    shot.unlink(missing_ok=True)
    subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile-shot'}",
                    f"--screenshot={shot}", "--window-size=1280,2400", page.as_uri()],
                   capture_output=True, timeout=120, check=True)
    pixels = mpimg.imread(shot)
    assert pixels.shape[:2] == (2400, 1280)
    colours = len(np.unique((pixels[..., :3] * 255).astype(np.uint8).reshape(-1, 3), axis=0))
    assert colours > 100, "the screenshot is nearly blank"


def test_dataset_card_states_sources_span_counts_schema_and_limits(corpus: Path, tmp_path: Path) -> None:
    card = write_card(corpus, tmp_path / "CARD.md", generated="2026-11-29T12:00:00+00:00").path.read_text("utf-8")
    assert card.startswith("# Dataset card: vnnews corpus of Vietnamese provincial news\n")
    assert "- Records: 10 from 3 sites (4 outlet names)" in card
    assert "- Published: 2023-01-05T08:30:00+07:00 to 2025-08-02T07:45:00+07:00 (Vietnam time); 1 undated" in card
    assert ("| baobacninh | Báo Bắc Giang, Báo Bắc Ninh | Bắc Giang, Bắc Ninh | 3 | 2023-03-10T09:15:00+07:00 "
            "| 2025-08-02T07:45:00+07:00 |") in card
    assert "| baoquangninh | 100% | 75% | 50% | 50% | 50% | 100% |" in card
    assert "- `published_at`: publication time, ISO 8601 in Vietnam time (+07:00)" in card
    assert ("Run manifests: 4 runs recorded; the last 3 ran from 2026-11-01T02:00:00+00:00 to "
            "2026-11-03T03:00:00+00:00, 1 of them ended with a non-zero exit code.") in card
    assert "- 1 records (10%) have no publication date" in card
    assert "- 1 corrupt corpus lines were skipped while reading." in card


def _run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="vnnews report")
    report_command.add_arguments(parser)
    return report_command.run(parser.parse_args(argv))


def test_empty_corpus_is_one_clear_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "corpus").mkdir()
    for argv in ([], ["--card"]):
        assert _run(["--out", str(tmp_path), "-o", str(tmp_path / "r.out"), *argv]) == exitcodes.FAILED
        lines = capsys.readouterr().err.splitlines()
        assert lines == [(f"vnnews report: the corpus at {tmp_path / 'corpus'} holds no records: nothing to "
                          "report (crawl first, or pass --out DIR)")]
    assert not (tmp_path / "r.out").exists()
    with pytest.raises(EmptyCorpus):
        write_report(tmp_path / "missing", tmp_path / "r.html")


def test_unwritable_report_path_is_one_line(corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a-file").write_text("x")
    assert _run(["--out", str(corpus), "-o", str(tmp_path / "a-file" / "report.html")]) == exitcodes.FAILED
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"vnnews report: cannot write {tmp_path / 'a-file' / 'report.html'}: ")


def test_report_command_writes_default_names(corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert _run(["--out", str(corpus)]) == exitcodes.OK
    assert _run(["--out", str(corpus), "--card"]) == exitcodes.OK
    assert (tmp_path / "report.html").is_file() and (tmp_path / "CARD.md").is_file()
    assert "vnnews report: 10 records described in report.html and 5 PNG charts beside it" in capsys.readouterr().err

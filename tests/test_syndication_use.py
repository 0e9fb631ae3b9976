"""Using the clusters: export --one-per-cluster, the cluster fields in every format, stats, report.

The corpus is written by the real dedupe and store pipelines (``test_syndication_store.Crawl``),
plus one outlet's file of schema v1 lines, as an older vnnews left them.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import subprocess
from pathlib import Path

import matplotlib.image as mpimg
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from test_export_fixture_corpus import run_export_cli
from test_report import CHROMIUM_FLAGS, _chromium
from test_syndication_store import Crawl, copy_of, record, story

from scraper import exitcodes
from scraper.commands import stats as stats_command
from scraper.record import FIELDS, record_id
from scraper.report import write_card, write_report
from scraper.report.stats import gather_corpus

MORNING, NOON = "2024-05-02T08:00:00+07:00", "2024-05-02T12:00:00+07:00"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """baomot first carries stories 0-3; baohai copies 0-2 (crediting TTXVN), baoba copies 0 and
    carries one story of its own; baohai's copy of story 1 is later updated (version 2)."""
    out = tmp_path_factory.mktemp("syndicated")
    texts = [story(100 + i) for i in range(4)]
    mot = [record("baomot", f"goc-{i}", t, MORNING) for i, t in enumerate(texts)]
    hai = [record("baohai", f"ban-sao-{i}", copy_of(t, "byline", i), NOON) | {"wire_source": "TTXVN"}
           for i, t in enumerate(texts[:3])]
    ba = [record("baoba", "ban-sao-0", texts[0], NOON), record("baoba", "rieng", story(200), NOON)]
    update = record("baohai", "ban-sao-1", copy_of(texts[1], "cut_last", 9), NOON) | {"wire_source": "TTXVN"}
    run = Crawl(out)
    for item in [*ba, *hai, *mot, update]:  # the copies crawled first: baomot's originals join later
        run(item)
    run.close()
    old = out / "corpus" / "baocu" / "2023" / "2023-06.jsonl"  # a v1 line: no copy_of, no cluster
    old.parent.mkdir(parents=True)
    v1 = {k: v for k, v in record("baocu", "cu", story(300), "2023-06-01T08:00:00+07:00").items()
          if k not in ("copy_of", "cluster")} | {"schema_version": 1}
    old.write_text(json.dumps(v1, ensure_ascii=False) + "\n", "utf-8")
    return {"out": out, "mot": mot, "hai": hai, "ba": ba, "v1": v1}


def export(out: Path, target: Path, *argv: str) -> Path:
    assert run_export_cli(["--out", str(out), "-o", str(target), *argv]) == exitcodes.OK
    return target


def test_one_per_cluster_keeps_the_earliest_copy_even_when_stored_last(corpus: dict, tmp_path: Path) -> None:
    rows = [json.loads(x) for x in export(corpus["out"], tmp_path / "s.jsonl", "--one-per-cluster").read_text().splitlines()]
    assert {r["url"] for r in rows} == {r["url"] for r in corpus["mot"]} | {corpus["ba"][1]["url"], corpus["v1"]["url"]}
    v1 = next(r for r in rows if r["site"] == "baocu")
    assert (v1["schema_version"], v1["copy_of"], v1["cluster"]) == (1, None, None)  # read as null
    # the copies were stored first: their cluster is named after the first stored (baoba's copy)
    first = next(r for r in rows if r["url"] == corpus["mot"][0]["url"])
    assert (first["cluster"], first["copy_of"]) == (corpus["ba"][0]["id"], None)


def test_prefer_site_and_versions(corpus: dict, tmp_path: Path) -> None:
    rows = [json.loads(x) for x in export(corpus["out"], tmp_path / "p.jsonl", "--one-per-cluster",
                                          "--prefer-site", "baohai").read_text().splitlines()]
    by_url = {r["url"]: r for r in rows}
    assert set(by_url) == ({r["url"] for r in corpus["hai"]} | {corpus["mot"][3]["url"], corpus["ba"][1]["url"],
                                                                 corpus["v1"]["url"]})
    assert by_url[corpus["hai"][1]["url"]]["version"] == 2  # the latest text of the preferred copy
    within = [json.loads(x) for x in export(corpus["out"], tmp_path / "w.jsonl", "--one-per-cluster",
                                            "--site", "baoba", "--site", "baohai").read_text().splitlines()]
    assert sorted(r["url"] for r in within) == sorted([corpus["ba"][0]["url"], corpus["ba"][1]["url"],
                                                       corpus["hai"][1]["url"], corpus["hai"][2]["url"]])


@pytest.mark.parametrize(("argv", "message"), [
    (["--prefer-site", "baohai"], "--prefer-site chooses the copy --one-per-cluster keeps; add --one-per-cluster"),
    (["--one-per-cluster", "--prefer-site", "baokhong"], "unknown site 'baokhong'"),
])
def test_bad_cluster_options_are_one_line(corpus: dict, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                          argv: list[str], message: str) -> None:
    assert run_export_cli(["--out", str(corpus["out"]), "-o", str(tmp_path / "x.jsonl"), *argv]) == exitcodes.CONFIG
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and message in err[0]
    assert not (tmp_path / "x.jsonl").exists()


def test_cluster_fields_in_csv_and_typed_parquet(corpus: dict, tmp_path: Path) -> None:
    with export(corpus["out"], tmp_path / "all.csv").open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0]) == list(FIELDS)
    copy = next(r for r in rows if r["url"] == corpus["hai"][0]["url"])
    assert (copy["cluster"], copy["copy_of"]) == (corpus["ba"][0]["id"], corpus["ba"][0]["id"])
    v1 = next(r for r in rows if r["site"] == "baocu")
    assert (v1["cluster"], v1["copy_of"]) == ("", "")
    table = pq.read_table(export(corpus["out"], tmp_path / "all.parquet"))
    assert table.schema.field("cluster").type == pa.string() and table.schema.field("copy_of").type == pa.string()
    clusters = dict(zip(table.column("url").to_pylist(), table.column("cluster").to_pylist()))
    assert clusters[corpus["mot"][0]["url"]] == corpus["ba"][0]["id"] and clusters[corpus["v1"]["url"]] is None


def test_stats_counts_stories_and_copies(corpus: dict, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser()
    stats_command.add_arguments(parser)
    assert stats_command.run(parser.parse_args(["--out", str(corpus["out"]), "--json"])) == exitcodes.OK
    doc = json.loads(capsys.readouterr().out)
    # articles: baomot 4, baohai 3, baoba 2, baocu 1 = 10; stories: 4 + baoba's own + the v1 line
    assert doc["syndication"] == {"stories": 6, "stories_with_copies": 3, "stories_at_several_outlets": 3,
                                  "copies": 4, "recovered": {"recovered": 0, "duplicate": 0, "dropped": 0,
                                                             "pending": 0}}
    assert {site: s["copies"] for site, s in doc["sites"].items()} == {"baoba": 1, "baocu": 0, "baohai": 3, "baomot": 0}
    assert stats_command.run(parser.parse_args(["--out", str(corpus["out"])])) == exitcodes.OK
    text = capsys.readouterr().out
    assert "baohai: 4 records (3 copies)" in text  # 4 lines: one copy stored in two versions
    assert "stories (clusters): 6, 3 with copies (3 at 2+ outlets); 4 records are copies of an earlier one" in text


def test_report_has_a_syndication_section_with_a_chart(corpus: dict, tmp_path: Path) -> None:
    figures = gather_corpus(corpus["out"]).syndication
    assert figures.by_wire == (("TTXVN", 3, 3),)
    assert figures.by_first_outlet == (("baomot", 4, 3),)
    written = write_report(corpus["out"], tmp_path / "report.html", generated="2026-11-29T12:00:00+00:00")
    html = written.path.read_text("utf-8")
    assert "<h2>Syndication: copies per outlet</h2>" in html
    assert '<img src="data:image/png;base64,' in html and 'alt="Syndication: copies per outlet"' in html
    assert "<tr><td>baohai</td><td class=\"n\">3</td><td class=\"n\">3</td><td>100%</td></tr>" in html
    assert "<tr><td>TTXVN</td><td class=\"n\">3</td><td class=\"n\">3</td></tr>" in html
    assert "<tr><td>baomot</td><td class=\"n\">4</td><td class=\"n\">3</td></tr>" in html
    chart = tmp_path / "report-syndication.png"
    assert chart in written.charts
    pixels = mpimg.imread(chart)
    assert pixels.shape[0] > 150 and pixels.shape[1] > 400
    card = write_card(corpus["out"], tmp_path / "CARD.md", generated="x").path.read_text("utf-8")
    assert "- 4 of 10 articles (40%) are copies of a story another article carried first (3 stories" in card


def test_syndication_chart_renders_in_headless_chromium(corpus: dict, tmp_path: Path) -> None:
    chromium = _chromium()
    page = write_report(corpus["out"], tmp_path / "report.html", generated="x").path
    dom = subprocess.run([chromium, *CHROMIUM_FLAGS, f"--user-data-dir={tmp_path / 'profile'}",
                          "--virtual-time-budget=5000", "--dump-dom", page.as_uri()],
                         capture_output=True, text=True, timeout=120, check=True).stdout
    assert re.search(r'<h2>Syndication: copies per outlet</h2><p>6 stories: 3 carried by more than one article', dom)
    assert record_id(corpus["mot"][0]["url"]) not in dom  # ids are not shown, only figures

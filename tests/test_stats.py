"""`vnnews stats`: records per site and month and field coverage, read from the files."""

from __future__ import annotations

import json

import argparse

from scraper.commands import stats
from scraper.store.state import open_state
from test_store import article


def main(argv: list[str]) -> int:
    """``vnnews stats ARGS`` (the command module alone, as scraper.cli dispatches it)."""
    parser = argparse.ArgumentParser(prog="vnnews stats")
    stats.add_arguments(parser)
    return stats.run(parser.parse_args(argv[1:]))


def build(out, compression):
    state = open_state(out)
    state.configure(compression, batch_records=2, batch_seconds=3600)
    records = [article(1, "2024-03"), article(2, "2024-03"), article(3, "2024-04"), article(4, None)]
    records[0]["sapo"] = "Cây cầu nối hai thôn đã hoàn thành sau ba tháng."
    records[1]["authors"] = []
    records[2]["related"] = [{"url": "https://baomau.vn/tin-tuc/bai-9.html", "title": "Cầu cũ xuống cấp"}]
    for r in records:
        state.store(r)
    state.close()


def test_stats_counts_months_and_coverage_across_compressions(tmp_path, capsys):
    build(tmp_path, "gzip")
    state = open_state(tmp_path)
    state.store(dict(article(5, "2024-03")))  # a plain file beside the gzip one
    state.close()
    assert main(["stats", "--out", str(tmp_path), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["sites"] == {
        "baomau": {
            "records": 5,
            "months": {"2024-03": 3, "2024-04": 1, "undated": 1},
            "coverage": {"published_at": 0.8, "authors": 0.8, "sapo": 0.2, "related": 0.2},
            "copies": 0,
        }
    }


def test_stats_text_and_missing_corpus(tmp_path, capsys):
    build(tmp_path, "zstd")
    assert main(["stats", "--out", str(tmp_path)]) == 0
    text = capsys.readouterr().out.splitlines()
    assert text[0] == "baomau: 4 records (0 copies)   coverage: published_at 75%  authors 75%  sapo 25%  related 25%"
    assert text[1:] == ["  2024-03  2", "  2024-04  1", "  undated  1", "total: 4 records in 1 site(s)",
                        "stories (clusters): 4, 0 with copies (0 at 2+ outlets); 0 records are copies of an earlier one"]
    assert main(["stats", "--out", str(tmp_path / "nowhere")]) == 1
    assert "no corpus at" in capsys.readouterr().err

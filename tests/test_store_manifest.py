"""Run manifests: per-site counts from Scrapy stats, exit codes, the exact file shape; rejects."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from scraper import exitcodes
from scraper.store import manifest
from scraper.store.rejects import RejectsWriter

STATS = {
    "vnnews/baomau/requests": 14,
    "vnnews/baomau/responses/200": 12,
    "vnnews/baomau/responses/404": 1,
    "vnnews/baomau/stored": 8,
    "vnnews/baomau/duplicates": 2,
    "vnnews/baomau/versions": 1,
    "vnnews/baomau/dropped/not_article": 1,
    "vnnews/baomau/dropped/http_404": 1,
    "vnnews/baomau/pages/no_date": 3,
    "vnnews/baomau/pages/no_author": 4,
    "vnnews/baomau/archived": 13,
    "vnnews/baokhac/requests": 2,
    "vnnews/baokhac/dropped/no_body": 1,
    "vnnews/dropped/not_article": 1,
    "vnnews/store/torn_lines_repaired": 1,
    "vnnews/fetch_failed/IgnoreRequest": 2,
    "vnnews/listing/end_of_pages": 4,
    "downloader/request_count": 16,
}


def test_site_counts_from_stats():
    assert manifest.sites_in(STATS) == ["baokhac", "baomau"]
    counts = manifest.site_counts(STATS, "baomau")
    assert {k: v for k, v in counts.items() if k != "health"} == {
        "requests": 14, "responses": {"200": 12, "404": 1}, "stored": 8, "duplicates": 2, "versions": 1,
        "archived": 13, "dropped": {"http_404": 1, "not_article": 1}, "no_date": 3, "no_author": 4, "no_body": 0,
    }
    assert counts["health"]["not_article"] is None  # no article page was handed to extraction
    assert manifest.site_counts(STATS, "baokhac")["no_body"] == 1


@pytest.mark.parametrize(
    ("reasons", "dropped", "code"),
    [
        (["finished"], {"not_article": 3, "http_404": 1}, exitcodes.OK),
        (["finished", "finished"], {"http_503": 1}, exitcodes.PARTIAL),
        (["finished"], {"download_error": 2}, exitcodes.PARTIAL),
        (["shutdown"], {}, exitcodes.PARTIAL),
        (["locked"], {}, exitcodes.LOCKED),
    ],
)
def test_exit_code_for(reasons, dropped, code):
    sites = {"baomau": {"dropped": dropped}}
    assert manifest.exit_code_for(reasons, sites) == code


def test_run_manifest_file_has_exactly_the_agreed_shape(tmp_path):
    started = datetime(2026, 11, 29, 1, 0, 5, 123, tzinfo=timezone.utc)
    doc = manifest.run_manifest(
        run_id="20261129T010005Z-7", started_at=started, finished_at=datetime(2026, 11, 29, 1, 20, tzinfo=timezone.utc),
        command=["vnnews", "crawl", "baomau"], runs=[(STATS, "finished")],
    )
    path = manifest.write_manifest(tmp_path, doc)
    assert path == tmp_path / "state/runs/20261129T010005Z-7.json"
    loaded = json.loads(path.read_text("utf-8"))
    assert list(loaded) == ["run_id", "started_at", "finished_at", "command", "exit_code", "finish_reason",
                            "sites", "torn_lines_repaired", "alarms",
                            "warc_members_repaired"]
    assert loaded["started_at"] == "2026-11-29T01:00:05+00:00"
    assert loaded["finished_at"] == "2026-11-29T01:20:00+00:00"
    assert (loaded["exit_code"], loaded["finish_reason"], loaded["torn_lines_repaired"]) == (0, "finished", 1)
    assert loaded["sites"]["baomau"]["stored"] == 8
    assert list(loaded["sites"]["baomau"]) == ["requests", "responses", "stored", "duplicates", "versions",
                                              "archived", "dropped", "no_date", "no_author", "no_body", "health"]
    assert list(tmp_path.joinpath("state/runs").iterdir()) == [path]  # no temp file left behind
    summary = manifest.summary_lines(loaded)
    assert summary[0] == "run 20261129T010005Z-7: finished, exit 0"
    assert "baomau: 14 requests, 8 stored, 2 duplicates, 1 new versions" in summary[2]


def test_rejects_keep_the_record_and_its_reasons(tmp_path):
    writer = RejectsWriter(tmp_path)
    record = {"site": "baomau", "url": "https://baomau.vn/a.html", "title": ""}
    writer.write(record, ["title: '' is too short"])
    writer.write(dict(record, url="https://baomau.vn/b.html"), ["body: None is not of type 'string'"])
    lines = (tmp_path / "state/rejects.jsonl").read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    assert (first["site"], first["url"], first["errors"]) == ("baomau", "https://baomau.vn/a.html", ["title: '' is too short"])
    assert first["record"] == record
    assert json.loads(lines[1])["url"] == "https://baomau.vn/b.html"
    assert writer.count == 2

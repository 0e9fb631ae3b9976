"""Drift figures, alarms and failure kinds as pure functions (the crawl-level checks are in
tests/test_crawl_health.py)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from OpenSSL import SSL
from scrapy.exceptions import CannotResolveHostError, DownloadConnectionRefusedError, DownloadFailedError
from scrapy.settings import Settings
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseNeverReceived

from scraper import exitcodes
from scraper.failures import failure_kind, unreachable
from scraper.health import LengthHistogram, Thresholds, assess, compare, site_figures
from scraper.health.history import paces

TH = Thresholds()


def block(**kw) -> dict:
    """A manifest ``health`` block of a healthy run of 40 records."""
    base = {"records": 40, "fetched": 42, "page_date": 0.95, "authors": 0.9, "sapo": 1.0, "related": 0.6,
            "body_median": 2400, "not_article": 0.05, "new_articles": 40,
            "pattern_missed": {"count": 0, "of": 60, "samples": []}, "failures": {}, "window": False,
            "capped": False, "samples": {"authors": "https://baomau.vn/a-123456.html"}}
    return base | kw


def figures(alarms) -> dict[str, tuple[float, float]]:
    return {a.figure: (round(a.before, 3), round(a.after, 3)) for a in alarms}


def test_first_run_has_no_history_and_raises_nothing() -> None:
    assert compare("baomau", block(authors=0.0, body_median=10), [], TH) == []


def test_steady_figures_raise_nothing() -> None:
    history = [block(authors=0.88), block(authors=0.92), block()]
    assert compare("baomau", block(authors=0.85, body_median=2100, not_article=0.1), history, TH) == []


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (block(authors=0.2), {"authors": (0.9, 0.2)}),  # authors 90 % → 20 %
        (block(authors=0.5), {}),  # not below half of usual
        (block(related=0.25), {"related": (0.6, 0.25)}),
        (block(related=0.35), {}),  # below half? no: 0.35 > 0.30
        (block(page_date=0.3, sapo=0.0), {"page_date": (0.95, 0.3), "sapo": (1.0, 0.0)}),
        (block(body_median=1100), {"body_median": (2400, 1100)}),  # halved
        (block(body_median=1300), {}),
        (block(not_article=0.4), {"not_article": (0.05, 0.4)}),  # jumps
        (block(not_article=0.2), {}),
        (block(pattern_missed={"count": 45, "of": 60, "samples": ["https://baomau.vn/x"]}),
         {"pattern_missed": (0.0, 0.75)}),
    ],
)
def test_a_sharp_fall_raises_an_alarm(now: dict, expected: dict) -> None:
    history = [block(), block(), block()]
    assert figures(compare("baomau", now, history, TH)) == expected


def test_usual_is_the_median_of_the_last_runs_that_stored_enough() -> None:
    history = [block(authors=0.1)] * 3 + [block(authors=0.9, records=5)] + [block(authors=0.9)] * 5
    # the three old runs fall out of the last five; the 5-record run does not count
    alarms = compare("baomau", block(authors=0.2), history, TH)
    assert [(a.figure, a.before, a.runs) for a in alarms] == [("authors", 0.9, 5)]
    assert compare("baomau", block(authors=0.0, records=12), history, TH) == []  # too few records now


def test_a_template_so_broken_that_nothing_is_stored_still_alarms_on_not_article() -> None:
    now = block(records=0, fetched=40, authors=None, sapo=None, page_date=None, related=None, body_median=None,
                not_article=1.0, new_articles=0)
    assert figures(compare("baomau", now, [block()], TH)) == {"not_article": (0.05, 1.0)}


def test_archive_runs_are_neither_judged_nor_history() -> None:
    assert compare("baomau", block(authors=0.0, window=True), [block()], TH) == []
    assert compare("baomau", block(authors=0.0), [block(window=True)], TH) == []


def test_new_articles_alarm_follows_the_sites_pace() -> None:
    usual = [30.0, 28.0, 32.0]  # new articles a day
    alarms = compare("baomau", block(new_articles=0), [block()], TH, paces=usual, days_since=1.0,
                     home="https://baomau.vn/")
    assert [(a.figure, a.before, a.after, a.sample) for a in alarms] == [("new_articles", 30.0, 0, "https://baomau.vn/")]
    assert alarms[0].line() == ("baomau: new articles found fell from 30 to 0 (usual of the last 3 runs); "
                                "e.g. https://baomau.vn/")
    assert compare("baomau", block(new_articles=5), [block()], TH, paces=usual, days_since=1.0) == []
    # an hour after the last run nobody expects dozens; a capped or windowed run is not judged
    assert compare("baomau", block(new_articles=0), [block()], TH, paces=usual, days_since=1 / 24) == []
    assert compare("baomau", block(new_articles=0, capped=True), [block()], TH, paces=usual, days_since=1.0) == []
    assert compare("baomau", block(new_articles=0), [block()], TH, paces=[1.0], days_since=1.0) == []  # a quiet site


def test_paces_need_a_previous_run_and_an_hour() -> None:
    t0 = datetime(2026, 11, 1, 2, tzinfo=timezone.utc)
    history = [(t0, block(new_articles=400)), (t0 + timedelta(days=1), block(new_articles=30)),
               (t0 + timedelta(days=1, minutes=5), block(new_articles=2)),
               (t0 + timedelta(days=3), block(new_articles=60, capped=True)),
               (t0 + timedelta(days=4), block(new_articles=20))]
    assert [round(p) for p in paces(history)] == [30, 20]


def test_thresholds_are_settings() -> None:
    settings = Settings()
    settings.setmodule("scraper.settings")
    assert Thresholds.from_settings(settings) == Thresholds()
    settings.set("VNNEWS_HEALTH_MIN_RECORDS", "50")
    settings.set("VNNEWS_HEALTH_SHARE_RATIO", "0.8")
    th = Thresholds.from_settings(settings)
    assert (th.min_records, th.share_ratio) == (50, 0.8)
    assert compare("baomau", block(authors=0.6, records=60), [block(records=60)], th)  # 60 % < 0.8 × 90 %


def test_assess_reads_the_history_and_makes_the_exit_code_4(tmp_path: Path) -> None:
    runs = tmp_path / "state" / "runs"
    runs.mkdir(parents=True)
    for i in range(3):
        doc = {"run_id": f"r{i}", "started_at": f"2026-11-0{i + 1}T02:00:00+00:00", "exit_code": 0,
               "sites": {"baomau": {"health": block()}}, "alarms": []}
        (runs / f"r{i}.json").write_text(json.dumps(doc), "utf-8")
    (runs / "killed.json").write_text('{"run_id": "x", "sites": {', "utf-8")
    now = {"run_id": "r3", "started_at": "2026-11-04T02:00:00+00:00", "exit_code": 0,
           "sites": {"baomau": {"health": block(authors=0.1)}, "baokhac": {"health": block()}}}
    alarms = assess(now, tmp_path, TH, {"baomau": "https://baomau.vn/"})
    assert [a.site for a in alarms] == ["baomau"]
    assert now["exit_code"] == exitcodes.PARTIAL
    assert now["alarms"][0]["message"] == ("baomau: records with authors fell from 90% to 10% (usual of the last "
                                           "3 runs); e.g. https://baomau.vn/a-123456.html")
    locked = dict(now, exit_code=exitcodes.LOCKED)
    assess(locked, tmp_path, TH)
    assert locked["exit_code"] == exitcodes.LOCKED  # a worse code is kept


def test_site_figures_from_stats() -> None:
    stats = {"vnnews/baomau/health/records": 8, "vnnews/baomau/health/with/authors": 6,
             "vnnews/baomau/health/with/page_date": 8, "vnnews/baomau/fetched": 10,
             "vnnews/baomau/dropped/not_article": 2, "vnnews/baomau/health/body_median": 1805,
             "vnnews/baomau/health/new_articles": 7, "vnnews/baomau/listed": 20, "vnnews/baomau/pattern_missed": 3,
             "vnnews/baomau/pattern_missed_samples": ["https://baomau.vn/bai/x"], "vnnews/baomau/capped": 1,
             "vnnews/baomau/health/sample/sapo": "https://baomau.vn/y-1234.html",
             "vnnews/baomau/failures/dns": 2, "vnnews/baomau/failures/dns/host": "baomau.vn"}
    got = site_figures(stats, "baomau")
    assert got == {"records": 8, "fetched": 10, "page_date": 1.0, "authors": 0.75, "sapo": 0.0, "related": 0.0,
                   "body_median": 1805, "not_article": 0.2, "new_articles": 7,
                   "pattern_missed": {"count": 3, "of": 20, "samples": ["https://baomau.vn/bai/x"]},
                   "failures": {"dns": {"count": 2, "host": "baomau.vn"}}, "window": False, "capped": True,
                   "samples": {"sapo": "https://baomau.vn/y-1234.html"}}


def test_length_histogram_median() -> None:
    h = LengthHistogram()
    assert h.median() is None
    for n in (120, 2400, 2410, 2390, 9000):
        h.add(n)
    assert abs(h.median() - 2400) <= 10


def _tls_failure() -> Exception:
    try:
        raise SSL.Error([("SSL routines", "", "certificate verify failed")])
    except SSL.Error as exc:
        reason = Failure(exc)
    try:
        raise DownloadFailedError("never received") from ResponseNeverReceived([reason])
    except DownloadFailedError as wrapped:
        return wrapped


@pytest.mark.parametrize(
    ("exc", "kind"),
    [(CannotResolveHostError("baomau.vn"), "dns"), (DownloadConnectionRefusedError("no"), "refused"),
     (_tls_failure(), "tls"), (ValueError("odd"), "other")],
)
def test_failure_kinds_of_scrapy_download_errors(exc: Exception, kind: str) -> None:
    assert failure_kind(exc) == kind


def test_unreachable_only_when_nothing_answered_and_all_failed_one_way() -> None:
    dns = {"dns": {"count": 12, "host": "baoquangninh.vn"}}
    assert unreachable({"responses": {}, "health": {"failures": dns}}) == \
        "unreachable: DNS lookup failed for baoquangninh.vn, 12 of 12 requests"
    assert unreachable({"responses": {"200": 1}, "health": {"failures": dns}}) is None
    assert unreachable({"responses": {}, "health": {"failures": dns | {"tls": {"count": 1, "host": "x"}}}}) is None
    assert unreachable({"responses": {}, "health": {"failures": {}}}) is None

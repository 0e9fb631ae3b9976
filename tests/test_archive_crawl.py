"""WARC of the crawl and `vnnews reextract`, end to end on a generated site served on 127.0.0.1.

One crawl (module fixture) of a small demo site; the tests read its WARC files with warcio and
FastWARC, compare the archived bytes with what the server sent, then change an extraction rule
(a site selector in a second sites file) and re-extract: exactly the records the rule affects get
a version 2, and the printed and manifest counts agree with them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from scraper.archive.read import read_pointer
from scraper.archive.repair import warc_files
from scraper.demo.generate import build_site
from scraper.demo.server import DemoServer
from scraper.store.read import iter_records

FAST = ["--set", "DOWNLOAD_DELAY=0", "--set", "AUTOTHROTTLE_ENABLED=False", "--set", "LOG_LEVEL=WARNING"]
RELATED_RULE = 'selectors = { related = ["div.related li:first-child a"] }'


def _related_count(info, url: str) -> int:
    """Links in the served page's `Tin liên quan` box."""
    page = (info.root / info.path_of(url).lstrip("/")).read_text("utf-8")
    box = page.split("<h3>Tin liên quan</h3>", 1)[1].split("</ul>", 1)[0] if "<h3>Tin liên quan</h3>" in page else ""
    return box.count("<li>")


def vnnews(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "-m", "scraper", *args], capture_output=True, text=True, timeout=300)
    if check:
        assert done.returncode == 0, done.stderr[-3000:]
    return done


def records(out: Path) -> list[dict]:
    return list(iter_records(out))


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """(site info, corpus dir, crawl stderr): 24 articles crawled with archiving on (the default)."""
    root, out = tmp_path_factory.mktemp("site"), tmp_path_factory.mktemp("corpus")
    with DemoServer(root) as server:
        info = build_site(root, server.base_url, family="f2", n_articles=24, seed=5, start=date(2024, 3, 1))
        done = vnnews("crawl", "demo", "--sites-file", str(info.sites_toml), "--out", str(out), *FAST)
    return info, out, done.stderr


def test_every_article_response_is_kept_as_received_with_request_and_run(crawled):
    info, out, _ = crawled
    stored = records(out)
    assert len(stored) == len(info.articles)
    run_id = json.loads(max((out / "state/runs").glob("*.json")).read_text("utf-8"))["run_id"]
    for record in stored:
        assert record["schema_version"] == 2 and record["archive"] is None
        pointer = record["warc"]
        assert pointer["file"].startswith("archive/demo/") and pointer["file"].endswith(".warc.gz")
        capture = read_pointer(out, pointer)
        served = (info.root / info.path_of(record["url"]).lstrip("/")).read_bytes()
        assert capture.body == served  # the bytes as the server sent them, not re-encoded text
        assert capture.status == 200 and capture.header("Content-Type") == "text/html; charset=utf-8"
    # a standard reader sees request/response pairs carrying the run id and the site key
    by_type: dict[str, list] = {}
    for path in warc_files(out):
        with open(path, "rb") as f:
            for rec in ArchiveIterator(f):
                by_type.setdefault(rec.rec_type, []).append(rec.rec_headers)
    assert len(by_type["response"]) == len(by_type["request"]) == len(info.articles)  # articles only
    assert {h.get_header("Vnnews-Run-Id") for h in by_type["response"]} == {run_id}
    assert {h.get_header("Vnnews-Site") for h in by_type["response"]} == {"demo"}
    responses = {h.get_header("WARC-Record-ID") for h in by_type["response"]}
    assert {h.get_header("WARC-Concurrent-To") for h in by_type["request"]} == responses
    assert {r["warc"]["record_id"] for r in stored} == responses


def test_reextract_with_unchanged_code_changes_nothing(crawled):
    info, out, _ = crawled
    before = sorted(p.read_bytes() for p in (out / "corpus").rglob("*.jsonl"))
    done = vnnews("reextract", "--out", str(out), "--sites-file", str(info.sites_toml))
    assert f"re-extracted {len(info.articles)} records" in done.stdout
    assert f"{len(info.articles)} unchanged, 0 changed" in done.stdout
    assert sorted(p.read_bytes() for p in (out / "corpus").rglob("*.jsonl")) == before


def test_changed_rule_gives_version_2_to_exactly_the_affected_records(crawled, tmp_path):
    info, out, _ = crawled
    rule = tmp_path / "rule.toml"
    rule.write_text(info.sites_toml.read_text("utf-8").replace('family = "f2"\n', f'family = "f2"\n{RELATED_RULE}\n'),
                    "utf-8")
    # the pages the rule changes: those whose related-links box lists two links or more (the
    # generic path takes them all, the rule only the first; the first article of each section
    # has an empty box, the second a box of one link)
    affected = {a.url for a in info.articles if _related_count(info, a.url) >= 2}
    assert 0 < len(affected) < len(info.articles)
    corpus_before = sorted(p.read_bytes() for p in (out / "corpus").rglob("*.jsonl"))

    dry = vnnews("reextract", "--out", str(out), "--sites-file", str(rule), "--dry-run")
    assert f"would store {len(affected)} new version(s)" in dry.stdout
    assert sorted(p.read_bytes() for p in (out / "corpus").rglob("*.jsonl")) == corpus_before  # nothing written

    done = vnnews("reextract", "--out", str(out), "--sites-file", str(rule), "--jobs", "2")
    assert f"stored {len(affected)} new version(s)" in done.stdout
    manifest = json.loads(max((out / "state/runs").glob("*.json")).read_text("utf-8"))
    assert manifest["kind"] == "reextract" and manifest["dry_run"] is False
    assert manifest["records"]["versions_stored"] == len(affected)
    assert manifest["fields"]["related"]["changed"] == len(affected)
    assert set(manifest["fields"]) == {"related"}  # nothing else moved
    assert len(manifest["fields"]["related"]["examples"]) == 3
    assert f"related{' ' * 18}{len(affected):>7} changed" in done.stdout

    all_lines = records(out)
    v2 = {r["url"]: r for r in all_lines if r["version"] == 2}
    v1 = {r["url"]: r for r in all_lines if r["version"] == 1}
    assert set(v2) == affected and len(v1) == len(info.articles)
    for url, new in v2.items():
        old = v1[url]
        assert new["previous_content_hash"] == old["content_hash"] and new["id"] == old["id"]
        assert new["extractor_version"].startswith(old["extractor_version"] + "+")
        assert len(new["related"]) == 1 and new["related"][0]["url"].startswith(info.base_url)
        assert new["warc"] == old["warc"] and new["crawled_at"] == old["crawled_at"]
        assert {k: v for k, v in new.items() if k not in ("related", "version", "previous_content_hash",
                                                        "extractor_version", "provenance")} == \
               {k: v for k, v in old.items() if k not in ("related", "version", "previous_content_hash",
                                                        "extractor_version", "provenance")}
    again = vnnews("reextract", "--out", str(out), "--sites-file", str(rule))  # v2 is already today's
    assert "0 changed" in again.stdout and f"superseded {len(affected)}" in again.stdout


def test_reextract_refuses_a_corpus_whose_sites_it_does_not_know(crawled):
    _, out, _ = crawled
    done = vnnews("reextract", "--out", str(out), check=False)
    assert done.returncode == 3 and "--sites-file" in done.stderr and "Traceback" not in done.stderr


# -- vnnews import-warc --------------------------------------------------------------------------


def write_mixed_warc(path: Path, pages: list[tuple[str, bytes]], base: str) -> None:
    """An uncompressed WARC as another tool might write it: two site pages, a page of another host,
    a 404, a PDF, a damaged record header between them, and a last record cut short."""
    from io import BytesIO

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    html = [("Content-Type", "text/html; charset=utf-8")]

    def response(writer, url, status, headers, body, when="2022-03-15T02:11:09Z"):
        http = StatusAndHeaders(f"{status} X", headers, protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=http,
                                                      warc_headers_dict={"WARC-Date": when}))

    buf = BytesIO()
    writer = WARCWriter(buf, gzip=False)
    response(writer, pages[0][0], 200, html, pages[0][1])
    response(writer, "https://tin-tuc.example.org/bai-bao-1234567.html", 200, html, pages[0][1])
    response(writer, f"{base}/khong-co-bai-nay-999.html", 404, html, b"<html>404</html>")
    response(writer, f"{base}/tai-lieu/ke-hoach-2022.pdf", 200, [("Content-Type", "application/pdf")], b"%PDF-1.4 ...")
    buf.write(b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: not-a-number\r\n\r\ngarbage\r\n\r\n")
    response(writer, pages[1][0], 200, html, pages[1][1], when="2022-04-01T00:00:00Z")
    cut_at = buf.tell()
    response(writer, pages[2][0], 200, html, pages[2][1])
    path.write_bytes(buf.getvalue()[: cut_at + 400])


def test_import_warc_of_the_crawl_gives_the_crawl_records(crawled, tmp_path):
    info, out, _ = crawled
    crawl = {(r["id"], r["content_hash"]) for r in records(out) if r["version"] == 1}
    fresh = tmp_path / "corpus"
    done = vnnews("import-warc", *map(str, warc_files(out)), "--sites-file", str(info.sites_toml), "--out", str(fresh))
    assert f"demo: {len(crawl)} stored, 0 duplicates" in done.stdout
    imported = records(fresh)
    assert {(r["id"], r["content_hash"]) for r in imported} == crawl
    assert {r["archive"]["source"] for r in imported} == {"warc-import"}
    for record in imported:  # the copy in the new corpus's own archive resolves
        assert read_pointer(fresh, record["warc"]).url == record["url"]
    again = vnnews("import-warc", *map(str, warc_files(out)), "--sites-file", str(info.sites_toml), "--out", str(fresh))
    assert f"demo: 0 stored, {len(crawl)} duplicates" in again.stdout


def test_import_warc_skips_and_counts_what_is_not_a_site_article_and_survives_damage(crawled, tmp_path):
    info, _, _ = crawled
    pages = [(a.url, (info.root / info.path_of(a.url).lstrip("/")).read_bytes()) for a in info.articles[:3]]
    mixed = tmp_path / "their-crawl.warc"
    write_mixed_warc(mixed, pages, info.base_url)
    fresh = tmp_path / "corpus"
    done = vnnews("import-warc", str(mixed), "--sites-file", str(info.sites_toml), "--out", str(fresh), check=False)
    assert done.returncode == 4, done.stderr  # damaged records were skipped
    assert "demo: 2 stored, 0 duplicates" in done.stdout
    for counted in ("other_host 1", "http_404 1", "not_html 1", "corrupt 1", "truncated 1"):
        assert counted in done.stdout, counted
    assert "tin-tuc.example.org 1" in done.stdout
    imported = {r["url"]: r for r in records(fresh)}
    assert set(imported) == {pages[0][0], pages[1][0]}
    second = imported[pages[1][0]]
    assert second["crawled_at"] == "2022-04-01T00:00:00+00:00"
    assert second["archive"]["source"] == "warc-import" and second["archive"]["location"] == str(mixed.resolve())
    assert second["archive"]["captured_at"] == "2022-04-01T00:00:00+00:00"
    with open(mixed, "rb") as f:  # the offset names the record in the imported file
        f.seek(second["archive"]["offset"])
        assert f.read(9) == b"WARC/1.0\r"
    manifest = json.loads(max((fresh / "state/runs").glob("*.json")).read_text("utf-8"))
    assert manifest["kind"] == "import-warc" and manifest["import"]["skipped"]["corrupt"] == 1


def test_import_warc_reads_arc_files(crawled, tmp_path):
    info, _, _ = crawled
    url = info.articles[5].url
    body = (info.root / info.path_of(url).lstrip("/")).read_bytes()
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
    desc = b"1 0 vnnews-test\nURL IP-address Archive-date Content-type Archive-length\n"
    arc = tmp_path / "old.arc"
    arc.write_bytes(b"filedesc://old.arc 0.0.0.0 20190102030405 text/plain %d\n%s\n" % (len(desc), desc)
                    + b"%s 127.0.0.1 20190102030405 text/html %d\n%s\n" % (url.encode(), len(http), http))
    fresh = tmp_path / "corpus"
    done = vnnews("import-warc", str(arc), "--sites-file", str(info.sites_toml), "--out", str(fresh))
    assert "demo: 1 stored" in done.stdout
    (record,) = records(fresh)
    assert record["url"] == url and record["crawled_at"] == "2019-01-02T03:04:05+00:00"


def test_no_archive_keeps_nothing_and_says_so_in_the_records(tmp_path):
    root, out = tmp_path / "site", tmp_path / "corpus"
    with DemoServer(root) as server:
        info = build_site(root, server.base_url, family="f6", n_articles=6, seed=2, start=date(2024, 5, 1))
        vnnews("crawl", "demo", "--sites-file", str(info.sites_toml), "--out", str(out), "--no-archive", *FAST)
    stored = records(out)
    assert len(stored) == 6 and all(r["warc"] is None and r["schema_version"] == 2 for r in stored)
    assert not (out / "archive").exists()
    done = vnnews("reextract", "--out", str(out), "--sites-file", str(info.sites_toml))
    assert "skipped: no_warc 6" in done.stdout

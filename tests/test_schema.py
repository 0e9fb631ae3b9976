"""The shipped JSON Schema is the record contract: its fields match FIELDS and the README docs."""

from __future__ import annotations

from pathlib import Path

from scraper.record import FIELDS, content_hash, record_id, schema, to_json_line, validation_errors

ROOT = Path(__file__).resolve().parent.parent


def sample() -> dict:
    body = "Đoạn một.\n\nĐoạn hai."
    return {
        "schema_version": 1, "id": record_id("https://baoquangninh.vn/a-3291811.html"),
        "url": "https://baoquangninh.vn/a-3291811.html", "fetched_url": "https://baoquangninh.vn/a-3291811.html?utm_source=x",
        "site": "baoquangninh", "outlet": "Báo Quảng Ninh", "province": "Quảng Ninh",
        "province_at_publication": "Quảng Ninh", "language": "vi", "title": "Tiêu đề", "sapo": None, "body": body,
        "authors": ["Duy Khoa"], "wire_source": None, "published_at": "2022-09-10T15:05:37+07:00",
        "published_at_raw": "Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]", "published_at_source": "text",
        "published_at_precision": "second", "modified_at": None, "section": "Chính trị", "tags": [],
        "images": [{"url": "https://media.baoquangninh.vn/a.jpg", "caption": None, "credit": None}],
        "related": [{"url": "https://baoquangninh.vn/b-3291812.html", "title": "Bài khác"}],
        "crawled_at": "2026-11-29T03:00:00+00:00", "http_status": 200,
        "content_hash": content_hash("Tiêu đề", None, body), "extractor_version": "vnnews-0.1.0",
        "provenance": {"title": "jsonld"}, "version": 1, "previous_content_hash": None, "warnings": [],
    }


def test_schema_requires_exactly_the_record_fields():
    """v1 fields are always required; each v2 block (``allOf``) requires its own when version 2."""
    added = tuple(f for rule in schema().get("allOf", []) for f in rule["then"]["required"])
    assert tuple(schema()["required"]) + added == FIELDS
    assert set(schema()["properties"]) == set(FIELDS)


def v2_sample(**archive_block) -> dict:
    syndication = {"copy_of": None, "cluster": sample()["id"]}  # a story alone, as the normalise step makes it
    return sample() | {"schema_version": 2, "warc": None, "archive": None} | syndication | archive_block


def test_v1_lines_stay_valid_and_v2_lines_need_the_archive_block():
    assert validation_errors(sample()) == []  # an existing corpus line, written before v2
    assert validation_errors(v2_sample()) == []  # archiving off, live crawl
    missing = v2_sample()
    del missing["warc"]
    assert validation_errors(missing) == ["(record): 'warc' is a required property"]
    pointer = {"file": "archive/baoquangninh/2026-11/baoquangninh-20261129T030000Z-42-00001.warc.gz",
               "offset": 0, "length": 1834, "record_id": "<urn:uuid:6b756d66-39b7-4b77-9657-0b511c4ea4ff>"}
    wayback = {"source": "wayback", "captured_at": "2022-03-15T02:11:09+00:00",
               "location": "https://web.archive.org/web/20220315021109id_/https://baobacgiang.com.vn/a.bbg",
               "offset": None, "length": None}
    assert validation_errors(v2_sample(warc=pointer, archive=wayback)) == []
    for bad in ({**pointer, "file": "/etc/passwd"}, {**pointer, "offset": -1}, {"file": pointer["file"]}):
        assert validation_errors(v2_sample(warc=bad)), bad
    for bad in ({**wayback, "source": "google-cache"}, {**wayback, "captured_at": "2022-03-15"}):
        assert validation_errors(v2_sample(archive=bad)), bad


def test_sample_record_is_valid_and_serialises_without_escapes():
    rec = sample()
    assert validation_errors(rec) == []
    line = to_json_line(rec)
    assert line.endswith("\n") and line.count("\n") == 1
    assert "Quảng Ninh" in line and "\\u" not in line


def test_schema_rejects_what_a_researcher_would_not_trust():
    for field, bad in (
        ("published_at", "2022-09-10T15:05:37Z"),  # not +07:00
        ("published_at", "2022-09-10T15:05+07:00"),  # no seconds
        ("title", ""),
        ("body", ""),
        ("site", "../etc"),
        ("published_at_source", "guess"),
    ):
        rec = sample() | {field: bad}
        assert validation_errors(rec), f"{field}={bad!r} was accepted"
    rec = sample()
    del rec["authors"]
    assert validation_errors(rec) == ["(record): 'authors' is a required property"]


def test_every_field_is_documented_with_an_example():
    doc = (ROOT / "docs" / "record.md").read_text("utf-8")
    missing = [f for f in FIELDS if f"`{f}`" not in doc]
    assert missing == []


def test_ids_are_stable_hashes_of_the_canonical_url():
    assert record_id("https://baolaocai.vn/x-post1.html") == record_id("https://baolaocai.vn/x-post1.html")
    assert record_id("https://baolaocai.vn/x-post1.html") != record_id("https://baolaocai.vn/x-post2.html")
    assert len(record_id("https://baolaocai.vn/x-post1.html")) == 16


def test_compiled_check_and_jsonschema_agree():
    """The fast compiled check must accept and refuse exactly what jsonschema does."""
    import jsonschema

    from scraper.record import _fast_check

    cases = [sample(), v2_sample(), v2_sample(archive={"source": "wayback"})] + [
        sample() | {field: bad}
        for field, bad in (
            ("published_at", "2022-09-10T15:05:37Z"), ("modified_at", "10/09/2022"), ("id", "XYZ"),
            ("authors", [""]), ("images", [{"url": "x", "caption": None, "credit": None}]),
            ("related", [{"url": "https://a.vn/b", "title": "t", "extra": 1}]), ("version", 0),
            ("schema_version", 2), ("schema_version", 3), ("language", "vie"), ("provenance", {"title": ""}),
        )
    ]
    for rec in cases:
        slow = jsonschema.validators.validator_for(schema())(schema()).is_valid(rec)
        try:
            _fast_check()(rec)
            fast = True
        except Exception:
            fast = False
        assert fast == slow, rec

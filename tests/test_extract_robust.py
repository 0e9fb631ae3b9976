"""Bad input never raises: truncated real pages and arbitrary markup give a kind and a reason."""

from __future__ import annotations

import csv

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper.decode import decode_html
from scraper.extract import extract_article
from scraper.registry import load_registry

KINDS = {"article", "not_article", "empty", "broken"}


def test_truncated_real_pages_never_raise(real_pages):
    registry = load_registry()
    with (real_pages / "sources.tsv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh, delimiter="\t") if r["kind"] in ("article", "listing")]
    for row in rows:
        html = decode_html((real_pages / "pages" / row["local_file"]).read_bytes())
        site = registry.site_for_url(f"https://{row['site']}/")
        for cut in (0.02, 0.3, 0.6):
            result = extract_article(html[: int(len(html) * cut)], f"https://{row['site']}/a.html", site,
                                     registry.family_of(site))
            assert result.kind in KINDS
            assert result.kind == "article" or result.reason
            if result.kind == "article":
                assert result.title and result.body


_TAGS = st.sampled_from(["<p>", "</p>", "<div class='content'>", "</div>", "<h1>", "</h1>", "<script>",
                         "<!--", "-->", "<br>", "<table><tr><td>", "&nbsp;", "&#7871;", "<time datetime='x'>",
                         "<meta property='article:published_time' content='2025'>", "<", ">", "\x00", "\ufffd"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.one_of(_TAGS, st.text(max_size=40)), max_size=60))
def test_arbitrary_markup_never_raises(parts):
    result = extract_article("".join(parts), "https://baolaocai.vn/x-post1.html", None, None)
    assert result.kind in KINDS
    assert result.kind == "article" or result.reason

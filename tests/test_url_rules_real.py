"""Every real article URL we hold is an article by its own site's rules; every listing is not.

The URLs are read in place from ``../shared/fixtures/sources.tsv`` (the ``url`` and any other URL
named in the notes of article rows; the listing rows' own URLs and the paths they name, e.g.
``category /thoi-su/``, and the home page) and from ``../shared/SITES.md`` (its URLs on a
registry site's hosts are all article pages). A site the registry does not know gets the rules a
new entry without a family would get: the generic shapes.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from scraper.registry import load_registry
from scraper.urls import canonical_url, rules_for

REGISTRY = load_registry()
URL = re.compile(r"https?://[^\s;\"'<>()]+")
LISTING_PATH = re.compile(r"(?:^|; |category )(/[\w./-]*)(?=;|$| )")


def _rows(real_pages: Path) -> list[dict[str, str]]:
    with open(real_pages / "sources.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def fixture_urls(real_pages: Path) -> tuple[list[str], list[str]]:
    """(article URLs, listing URLs) named in sources.tsv."""
    articles, listings = [], []
    for row in _rows(real_pages):
        named = [u.rstrip(".,") for u in URL.findall(row["notes"])]
        if row["kind"] == "article":
            articles += named
        elif row["kind"] == "listing":
            listings += named
            home = f"https://{row['site']}"
            listings += [home + path for path in LISTING_PATH.findall(row["notes"])]
            if "homepage" in row["notes"] or "-home" in row["local_file"]:
                listings.append(home + "/")
    return articles, listings


def rules_of(url: str):
    site = REGISTRY.site_for_url(url)
    return rules_for(site, REGISTRY.family_of(site)), (site.key if site else "(no entry: generic rules)")


def test_the_fixture_urls_are_read(real_pages: Path) -> None:
    """The reader finds what sources.tsv names (a guard against a parser that finds nothing)."""
    articles, listings = fixture_urls(real_pages)
    assert len(articles) >= 19 and len(listings) >= 15
    assert "https://vtcnews.vn/...-ar994669.html" in articles
    assert "https://baocantho.com.vn/thoi-su/" in listings
    assert "https://vtcnews.vn/tin-moi-hom-nay.html" in listings


def test_every_fixture_article_url_is_an_article_by_its_sites_rules(real_pages: Path) -> None:
    articles, _ = fixture_urls(real_pages)
    rejected = [(url, key) for url in articles for rules, key in [rules_of(url)]
                if not rules.is_article(canonical_url(url))]
    assert rejected == []


def test_no_fixture_listing_url_is_an_article(real_pages: Path) -> None:
    _, listings = fixture_urls(real_pages)
    accepted = [(url, key) for url in listings for rules, key in [rules_of(url)]
                if rules.is_article(canonical_url(url))]
    assert accepted == []


def test_sites_md_urls_on_registry_hosts_are_articles(real_pages: Path) -> None:
    text = (real_pages.parent / "SITES.md").read_text("utf-8")
    urls = [u.rstrip(".,)") for u in URL.findall(text)]
    ours = [u for u in urls if REGISTRY.site_for_url(u) is not None]
    assert len(ours) >= 3  # en.sggp.org.vn, nld.com.vn, baothanhhoa.vn
    rejected = [(u, key) for u in ours for rules, key in [rules_of(u)] if not rules.is_article(canonical_url(u))]
    assert rejected == []


@pytest.mark.parametrize(
    ("url", "listed_article"),
    [
        # a news sitemap or feed lists articles: accepted unless a not-article rule says otherwise
        ("https://baomoi.example/tin-moi-khong-co-ma-so.html", True),
        ("https://baomoi.example/2024/03/05/cau-moi-thong-xe/", True),
        ("https://baomoi.example/thoi-su/", False),  # a section
        ("https://baomoi.example/kinh-te.htm", False),
        ("https://baomoi.example/tag/nong-thon-moi", False),
        ("https://baomoi.example/chu-de/bau-cu.htm", False),  # a topic hub
        ("https://baomoi.example/dai-hoi-dang-event1234.html", False),  # an event hub
        ("https://baomoi.example/Upload/2024/anh-1.jpg", False),
        ("https://baomoi.example/", False),
    ],
)
def test_feed_and_sitemap_entries_are_articles_unless_a_not_article_rule_rejects(url: str, listed_article: bool) -> None:
    rules = rules_for(None, None)
    assert (not rules.rejects(canonical_url(url))) is listed_article


def test_real_listing_pages_yield_articles_by_their_sites_rules(real_pages: Path) -> None:
    """On each saved listing page, the site's rules find article links (a rule set that finds
    none on its own site's listing is broken), and every fixture article linked there is found."""
    from scraper.discovery.listing import parse_listing

    articles, _ = fixture_urls(real_pages)
    wanted = {canonical_url(u) for u in articles if "..." not in u}
    for row in _rows(real_pages):
        if row["kind"] != "listing":
            continue
        raw = (real_pages / "pages" / row["local_file"]).read_bytes().decode("utf-8", "replace")
        if "prefixed with 'N:'" in row["notes"]:
            raw = "\n".join(re.sub(r"^\d+:", "", line) for line in raw.splitlines())
        home = f"https://{row['site']}/"
        rules, key = rules_of(home)
        found = {item.url for item in parse_listing(raw, home, rules)}
        assert len(found) >= 10, (row["local_file"], key, len(found))
        linked = {canonical_url(u) for u in URL.findall(raw)} & wanted
        assert linked <= found, (row["local_file"], linked - found)

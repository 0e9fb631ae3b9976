"""Each registry check catches the mistake it is for, in a file written to tmp (pure, no CLI)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from scraper.registry import load_registry
from scraper.registry.check import check_registry

TODAY = date(2026, 11, 29)


def problems_with(tmp_path: Path, toml: str) -> list[str]:
    path = tmp_path / "extra.toml"
    path.write_text(toml, encoding="utf-8")
    return check_registry(load_registry([path]), today=TODAY)


def site(key: str = "baothu", body: str = "") -> str:
    """A valid provincial entry without domains; ``body`` adds the fields a case is about."""
    return (f'[sites.{key}]\noutlet = "Báo Thử"\nprovince = "Quảng Ninh"\n'
            f'verified = "C: test entry"\n{body}')


def test_shipped_registry_has_no_problems() -> None:
    assert check_registry(load_registry(), today=TODAY) == []


def test_a_valid_extra_entry_has_no_problems(tmp_path: Path) -> None:
    body = ('domains = ["baothu.vn", "baothu.com.vn"]\nfamily = "f3"\n'
            'feeds = ["https://baothu.vn/rss/thoi-su.rss"]\n'
            'dated_sitemaps = ["https://baothu.vn/sitemaps/news-{yyyy}-{m}.xml"]\n'
            'listings = [{ url = "https://baothu.vn/thoi-su/", pagination = "https://baothu.vn/thoi-su/?page={page}" }]\n'
            '[[sites.baothu.former]]\nkey = "baothucu"\noutlet = "Báo Thử Cũ"\nprovince = "Hải Dương"\n'
            'domains = ["baothucu.vn"]\nuntil = 2025-06-30\n')
    assert problems_with(tmp_path, site(body=body)) == []


@pytest.mark.parametrize(("body", "expected"), [
    ('domains = ["baoquangninh.com.vn"]\n',
     "site 'baothu': domain 'baoquangninh.com.vn' is already listed by site 'baoquangninh'"),
    (('domains = ["baothu.vn"]\n[[sites.baothu.former]]\nkey = "x1"\noutlet = "B"\nprovince = "P"\n'
      'domains = ["baoyenbai.com.vn"]\n'),
     "former 'x1' of site 'baothu': domain 'baoyenbai.com.vn' is already listed by former 'baoyenbai' of site 'baolaocai'"),
    ('domains = ["tin.baolaocai.vn"]\n',
     "site 'baothu': domain 'tin.baolaocai.vn' lies inside 'baolaocai.vn' of site 'baolaocai'"),
    ('domains = ["https://baothu.vn/"]\n',
     "site 'baothu': host 'https://baothu.vn/' is not a bare lowercase host name"),
    ('domains = ["BaoThu.vn"]\n', "site 'baothu': host 'BaoThu.vn' is not a bare lowercase host name"),
    ('domains = ["baothu.vn"]\nfamily = "f10"\n', "site 'baothu': unknown family 'f10'"),
    (('domains = ["baothu.vn"]\n[[sites.baothu.former]]\nkey = "x2"\noutlet = "B"\nprovince = "P"\n'
      'domains = ["x2.vn"]\nfamily = "vdoc"\n'), "site 'baothu': former 'x2': unknown family 'vdoc'"),
    ('domains = ["baothu.vn"]\nfeeds = ["baothu.vn/rss"]\n',
     "site 'baothu': feed 'baothu.vn/rss' is not an absolute http(s) URL"),
    ('domains = ["baothu.vn"]\nsitemaps = ["https://baothu.vn/sitemap 1.xml"]\n',
     "site 'baothu': sitemap 'https://baothu.vn/sitemap 1.xml' contains whitespace"),
    ('domains = ["baothu.vn"]\nfeeds = ["https://baothu.com/rss"]\n',
     "site 'baothu': feed 'https://baothu.com/rss' is not on the site's own hosts"),
    ('domains = ["baothu.vn"]\nsitemaps = ["https://baothu.vn/news-{yyyy}.xml"]\n',
     "site 'baothu': sitemap 'https://baothu.vn/news-{yyyy}.xml' is dated: list it under dated_sitemaps"),
    ('domains = ["baothu.vn"]\ndated_sitemaps = ["https://baothu.vn/news-{month}.xml"]\n',
     "site 'baothu': dated sitemap 'https://baothu.vn/news-{month}.xml' has no {yyyy}"),
    ('domains = ["baothu.vn"]\nlistings = [{ url = "https://baothu.vn/a", pagination = "https://baothu.vn/a/trang-2" }]\n',
     "site 'baothu': listing 'https://baothu.vn/a': pagination 'https://baothu.vn/a/trang-2' has no {page}"),
    ('domains = ["baothu.vn"]\nlistings = [{ url = "https://baothu.vn/a?page={page}" }]\n',
     "site 'baothu': listing 'https://baothu.vn/a?page={page}' has unknown placeholder(s) {page}"),
    (('domains = ["baothu.vn"]\n[[sites.baothu.former]]\nkey = "x3"\noutlet = "B"\nprovince = "P"\n'
      'domains = ["x3.vn"]\nuntil = 2027-01-01\n'),
     "site 'baothu': former 'x3': until 2027-01-01 is not between 1945-01-01 and today"),
    (('domains = ["baothu.vn"]\n[[sites.baothu.former]]\nkey = "baolaocai"\noutlet = "B"\nprovince = "P"\n'
      'domains = ["x4.vn"]\n'), "former 'baolaocai' of site 'baothu': key already used by site 'baolaocai'"),
    ('domains = ["baothu.vn"]\n[[sites.baothu.former]]\nkey = "x5"\noutlet = "B"\nprovince = "P"\n',
     "site 'baothu': former 'x5': needs at least one domain"),
    ('domains = ["baothu.vn"]\nfeed = ["https://baothu.vn/rss"]\n', "extra.toml: site 'baothu': unknown field 'feed'"),
    ('domains = ["baothu.vn"]\ntls_insecure_hosts = ["baolaocai.vn"]\n',
     "site 'baothu': tls_insecure_hosts: 'baolaocai.vn' is not one of the site's own hosts"),
])
def test_each_check_catches_its_mistake(tmp_path: Path, body: str, expected: str) -> None:
    found = problems_with(tmp_path, site(body=body))
    assert any(p.startswith(expected) or p.endswith(expected) for p in found), found


def test_bad_key_and_missing_evidence(tmp_path: Path) -> None:
    found = problems_with(tmp_path, '[sites.Bao-Thu]\noutlet = "Báo Thử"\nprovince = "Quảng Ninh"\ndomains = ["baothu.vn"]\n')
    assert "site 'Bao-Thu': key must be lowercase letters, digits and _ (e.g. baoquangninh)" in found
    assert "site 'Bao-Thu': `verified` must say what evidence backs the entry" in found


def test_two_continued_papers_are_one_too_many(tmp_path: Path) -> None:
    former = '[[sites.baothu.former]]\nkey = "{k}"\noutlet = "B"\nprovince = "P"\ncontinued = true\n'
    found = problems_with(tmp_path, site(body='domains = ["baothu.vn"]\n') + former.format(k="c1") + former.format(k="c2"))
    assert found == ["site 'baothu': more than one former identity is marked `continued`"]


def test_the_examples_in_docs_registry_md_pass_the_check(tmp_path: Path) -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "registry.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", doc, re.DOTALL)
    assert len(blocks) == 2
    for block in blocks:
        assert problems_with(tmp_path, block) == []


def test_the_same_key_in_two_shipped_files_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from scraper.registry import loader

    shipped = tmp_path / "shipped"
    shipped.mkdir()
    entry = site(body='domains = ["baothu.vn"]\n')
    (shipped / "sites.toml").write_text(entry, encoding="utf-8")
    (shipped / "national.toml").write_text(entry.replace("baothu.vn", "baothu2.vn"), encoding="utf-8")
    for name in ("families.toml", "url_rules.toml"):
        (shipped / name).write_text("", encoding="utf-8")
    monkeypatch.setattr(loader.resources, "files", lambda package: shipped)
    registry = load_registry()
    assert registry.sites["baothu"].domains == ("baothu2.vn",)
    assert check_registry(registry, today=TODAY) == ["national.toml: site 'baothu' is also defined in sites.toml"]

"""Spider arguments are checked before any request: one clear line for each mistake."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.settings import Settings

from scraper.registry import RegistryError
from spiders.config import crawl_config

LOCAL = """[sites.mine]
outlet = "Báo Thử"
province = "Sơn Hà"
domains = ["127.0.0.1:8765"]
scheme = "http"
family = "f3"
tls_verify = false
"""


def test_arguments_become_a_checked_config(tmp_path: Path) -> None:
    config = crawl_config(Settings(), "baocantho", since="2024-01-01", until="2024-12-31", max_pages="50",
                          incremental="1")
    assert config.site.key == "baocantho"
    assert str(config.window.since) == "2024-01-01" and str(config.window.until) == "2024-12-31"
    assert config.max_pages == 50 and config.incremental is True and config.verify_tls is True
    assert config.rules.is_article("https://baocantho.com.vn/cho-noi-a123.html")
    assert not config.rules.is_article("https://baocantho.com.vn/can-tho/")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"site": None}, "no site: pass -a site=KEY"),
        ({"site": "khong-co"}, "unknown site 'khong-co'"),
        ({"site": "baocantho", "since": "2024-13-01"}, "since '2024-13-01' is not a date"),
        ({"site": "baocantho", "max_pages": "nhieu"}, "max_pages 'nhieu' is not a number"),
        ({"site": "baocantho", "max_pages": "0"}, "max_pages must be at least 1"),
    ],
)
def test_bad_arguments(kwargs: dict, message: str) -> None:
    with pytest.raises((ValueError, KeyError)) as info:
        crawl_config(Settings(), **kwargs)
    assert message in str(info.value.args[0])


def test_sites_file_and_tls_opt_in(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(LOCAL, "utf-8")
    with pytest.raises(ValueError, match="broken TLS chain"):
        crawl_config(Settings(), "mine", sites_file=str(path))
    opted = crawl_config(Settings({"VNNEWS_INSECURE_TLS_SITES": "mine"}), "mine", sites_file=str(path))
    assert opted.verify_tls is False
    assert opted.sites_files == (str(path),)
    with pytest.raises(RegistryError, match="cannot read sites file"):
        crawl_config(Settings(), "mine", sites_file=str(tmp_path / "missing.toml"))


def test_every_shipped_site_can_be_crawled_from_its_own_hosts() -> None:
    """Each registry entry's sitemaps, feeds and listings pass the spider's off-site guard (or the
    spider would refuse its own entry points), and its arguments check out."""
    from scraper.registry import load_registry
    from scraper.urls import site_owns

    registry = load_registry()
    for key, site in registry.sites.items():
        entry_points = [*site.sitemaps, *site.feeds, *(lst.url for lst in site.listings), *site.start_urls]
        assert [u for u in entry_points if not site_owns(site, u)] == [], key
        for listing in site.listings:
            if listing.pagination:
                assert "{page}" in listing.pagination, key
        if site.tls_verify:
            assert crawl_config(Settings(), key).site == site
        else:
            with pytest.raises(ValueError, match="broken TLS chain"):
                crawl_config(Settings(), key)


def test_site_with_some_broken_tls_hosts_stays_verified_unless_opted_in() -> None:
    """Báo Vĩnh Long: only travinh.baovinhlong.vn and baotravinh.vn have broken certificates."""
    from scraper.registry import load_registry

    site = next(s for s in load_registry().sites.values() if "travinh.baovinhlong.vn" in s.tls_insecure_hosts)
    assert crawl_config(Settings(), site.key).verify_tls is True
    opted = crawl_config(Settings({"VNNEWS_INSECURE_TLS_SITES": site.key}), site.key)
    assert opted.verify_tls is False

"""What one ``news`` crawl is about, from its spider arguments and settings, checked up front.

``scrapy crawl news -a site=KEY -a since=… -a until=… -a max_pages=N -a incremental=1
-a sites_file=PATH``: every argument arrives as a string; a bad one is one clear line
(``since '2024-13-01' is not a date like 2024-01-31``), never a traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from scrapy.settings import BaseSettings

from scraper.discovery.window import DateWindow
from scraper.registry import Site, load_registry
from scraper.urls import UrlRules, rules_for

log = logging.getLogger(__name__)


def flag(value: object) -> bool:
    return str(value or "").strip().lower() in ("1", "true", "yes", "on")


@dataclass(frozen=True)
class CrawlConfig:
    site: Site
    rules: UrlRules
    window: DateWindow
    max_pages: int | None
    incremental: bool
    sites_files: tuple[str, ...]  # the registry files the pipelines must read too
    verify_tls: bool = True


def _max_pages(value: str | None) -> int | None:
    if value in (None, ""):
        return None
    try:
        number = int(str(value))
    except ValueError:
        raise ValueError(f"max_pages {value!r} is not a number") from None
    if number < 1:
        raise ValueError(f"max_pages must be at least 1, not {number}")
    return number


def tls_allowed(site: Site, settings: BaseSettings) -> bool:
    """Whether to verify certificates; nothing is insecure by default.

    A site marked ``tls_verify = false`` is refused unless the user lists it in
    ``VNNEWS_INSECURE_TLS_SITES``. A site with only some broken hosts (``tls_insecure_hosts``,
    e.g. travinh.baovinhlong.vn) is crawled verified (those hosts fail, counted as errors) unless
    listed there too.
    """
    opted_in = site.key in settings.getlist("VNNEWS_INSECURE_TLS_SITES")
    if site.tls_verify and not site.tls_insecure_hosts:
        return True
    if not opted_in:
        if not site.tls_verify:
            raise ValueError(
                f"site {site.key!r} has a broken TLS chain (tls_verify = false); "
                f"to crawl it anyway, set VNNEWS_INSECURE_TLS_SITES={site.key}"
            )
        log.warning("%s: hosts with a broken TLS chain (%s) will fail; set VNNEWS_INSECURE_TLS_SITES=%s "
                    "to crawl them unverified", site.key, ", ".join(site.tls_insecure_hosts), site.key)
        return True
    log.warning("%s: TLS certificates NOT verified for this crawl (VNNEWS_INSECURE_TLS_SITES)", site.key)
    return False


def crawl_config(settings: BaseSettings, site: str | None, since: str | None = None, until: str | None = None,
                 max_pages: str | None = None, incremental: str | None = None,
                 sites_file: str | None = None) -> CrawlConfig:
    """Check the arguments against the registry; raises ValueError/KeyError/RegistryError."""
    if not site:
        raise ValueError("no site: pass -a site=KEY (see `vnnews sites`)")
    files = [str(f) for f in settings.getlist("VNNEWS_SITES_FILES")]
    if sites_file and sites_file not in files:
        files.append(sites_file)
    registry = load_registry(files)
    entry = registry.site(site)
    return CrawlConfig(
        site=entry,
        rules=rules_for(entry, registry.family_of(entry)),
        window=DateWindow.from_args(since, until),
        max_pages=_max_pages(max_pages),
        incremental=flag(incremental),
        sites_files=tuple(files),
        verify_tls=tls_allowed(entry, settings),
    )

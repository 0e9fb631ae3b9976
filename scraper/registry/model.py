"""Registry entries as typed, frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Listing:
    """A listing page and how to page through it: ``pagination`` holds ``{page}`` (2, 3, …)."""

    url: str
    pagination: str | None = None
    max_pages: int = 50


@dataclass(frozen=True)
class FormerIdentity:
    """A pre-merger paper now folded into an outlet, e.g. Báo Bắc Giang → Báo Bắc Ninh (2025-07-01)."""

    key: str
    outlet: str
    province: str
    domains: tuple[str, ...]
    until: date | None = None  # last day it published under this identity
    family: str | None = None
    verified: str = ""


@dataclass(frozen=True)
class Site:
    """One outlet. ``domains[0]`` is the current host; the rest are former or alternative hosts.

    Hosts may carry a port (``127.0.0.1:8765``) so any site can be mirrored locally.
    """

    key: str
    outlet: str
    province: str | None
    domains: tuple[str, ...]
    family: str | None = None
    scheme: str = "https"
    language: str = "vi"
    media_hosts: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[Listing, ...] = ()
    start_urls: tuple[str, ...] = ()
    article_url: tuple[str, ...] = ()  # regexes overriding the family's article URL patterns
    selectors: dict[str, Any] = field(default_factory=dict)  # per-site overrides of family rules
    former: tuple[FormerIdentity, ...] = ()
    tls_verify: bool = True
    obey_robots: bool = True
    verified: str = ""  # what evidence backs the entry; nothing was checked live
    notes: str = ""

    @property
    def home(self) -> str:
        return f"{self.scheme}://{self.domains[0]}/"

    def owns_host(self, host: str) -> bool:
        """True for the outlet's own hosts (any domain or its subdomains), not its media CDNs."""
        host = host.lower()
        return any(host == d or host.endswith("." + d) for d in self.domains + self.former_domains)

    @property
    def former_domains(self) -> tuple[str, ...]:
        return tuple(d for f in self.former for d in f.domains)

    def owns_url(self, url: str) -> bool:
        return self.owns_host(urlsplit(url).netloc)


@dataclass(frozen=True)
class Family:
    """One CMS family's declarative rules: article URL patterns and per-field selectors."""

    key: str
    name: str
    article_url: tuple[str, ...] = ()
    not_article_url: tuple[str, ...] = ()
    selectors: dict[str, Any] = field(default_factory=dict)
    notes: str = ""


@dataclass(frozen=True)
class Registry:
    sites: dict[str, Site]
    families: dict[str, Family]

    def site(self, key: str) -> Site:
        try:
            return self.sites[key]
        except KeyError:
            raise KeyError(f"unknown site {key!r}; `vnnews sites` lists the known keys") from None

    def site_for_url(self, url: str) -> Site | None:
        """The outlet whose domains own the URL's host (current or former), if any."""
        host = urlsplit(url).netloc.lower()
        for site in self.sites.values():
            if site.owns_host(host):
                return site
        return None

    def family_of(self, site: Site | None) -> Family | None:
        if site is None or site.family is None:
            return None
        return self.families.get(site.family)

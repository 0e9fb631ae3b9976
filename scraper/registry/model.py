"""Registry entries as typed, frozen values."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from scraper.dates.zone import PLUS7

# Placeholders a ``dated_sitemaps`` URL carries to name one file per period, e.g. SGGP's monthly
# ``/sitemaps/news-{yyyy}-{m}.xml`` → ``news-2024-3.xml``. ``{page}`` belongs to listing pagination.
DATED_FIELDS = ("yyyy", "mm", "m", "dd", "d")
_PLACEHOLDER = re.compile(r"\{([a-z]+)\}")


def placeholders(template: str) -> set[str]:
    """The ``{name}`` placeholders in a URL template: ``news-{yyyy}-{m}.xml`` → {"yyyy", "m"}."""
    return set(_PLACEHOLDER.findall(template))


def is_dated(template: str) -> bool:
    return bool(placeholders(template) & set(DATED_FIELDS))


def expand_dated(template: str, first: date, last: date) -> list[str]:
    """One URL per period from ``first`` to ``last`` (inclusive), oldest first.

    The period is a day when the template names the day, else a month, else a year:
    ``news-{yyyy}-{m}.xml`` over 2024-11-20..2025-01-05 → news-2024-11, news-2024-12, news-2025-1.
    """
    names = placeholders(template)
    step = "day" if names & {"d", "dd"} else "month" if names & {"m", "mm"} else "year"
    out: list[str] = []
    day = first
    while day <= last:
        url = template.format(yyyy=f"{day.year:04d}", mm=f"{day.month:02d}", m=str(day.month),
                              dd=f"{day.day:02d}", d=str(day.day))
        if url not in out:
            out.append(url)
        if step == "day":
            day += timedelta(days=1)
        elif step == "month":
            day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
        else:
            day = date(day.year + 1, 1, 1)
    return out


def host_matches(host: str, domain: str) -> bool:
    """``host`` is ``domain`` or one of its subdomains (``en.baobacgiang.vn`` ∈ ``baobacgiang.vn``)."""
    host = host.lower()
    return host == domain or host.endswith("." + domain)


@dataclass(frozen=True)
class Listing:
    """A listing page and how to page through it: ``pagination`` holds ``{page}`` (2, 3, …).

    Without ``pagination`` the page is read once (a home page, a category's first page).
    """

    url: str
    pagination: str | None = None
    max_pages: int = 50


@dataclass(frozen=True)
class FormerIdentity:
    """A pre-merger paper now folded into an outlet, e.g. Báo Bắc Giang → Báo Bắc Ninh (2025-07-01).

    ``continued`` marks the paper the outlet itself carries on (Báo Lào Cai → Báo và Phát thanh,
    Truyền hình Lào Cai): articles on the outlet's current domain up to ``until`` belong to it.
    """

    key: str
    outlet: str
    province: str
    domains: tuple[str, ...]
    until: date | None = None  # last day it published under this identity
    family: str | None = None
    verified: str = ""
    continued: bool = False
    notes: str = ""

    def owns_host(self, host: str) -> bool:
        return any(host_matches(host, d) for d in self.domains)


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
    dated_sitemaps: tuple[str, ...] = ()  # one file per period: {yyyy}, {m}, … (DATED_FIELDS)
    listings: tuple[Listing, ...] = ()
    start_urls: tuple[str, ...] = ()
    article_url: tuple[str, ...] = ()  # regexes overriding the family's article URL patterns
    selectors: dict[str, Any] = field(default_factory=dict)  # per-site overrides of family rules
    former: tuple[FormerIdentity, ...] = ()
    tls_verify: bool = True
    tls_insecure_hosts: tuple[str, ...] = ()  # hosts with a broken TLS chain (SITES.md §5 only)
    verified: str = ""  # what evidence backs the entry; nothing was checked live
    notes: str = ""
    kind: str = "provincial"  # "provincial" or "national"

    @property
    def home(self) -> str:
        return f"{self.scheme}://{self.domains[0]}/"

    def owns_host(self, host: str) -> bool:
        """True for the outlet's own hosts (any domain or its subdomains), not its media CDNs."""
        return any(host_matches(host, d) for d in self.domains + self.former_domains)

    @property
    def former_domains(self) -> tuple[str, ...]:
        return tuple(d for f in self.former for d in f.domains)

    def owns_url(self, url: str) -> bool:
        return self.owns_host(urlsplit(url).netloc)

    def dated_sitemap_urls(self, first: date, last: date) -> list[str]:
        """The ``dated_sitemaps`` expanded over a window, e.g. SGGP 2024-11..2025-01 → 3 files."""
        return [url for template in self.dated_sitemaps for url in expand_dated(template, first, last)]

    def verify_tls_for(self, host: str) -> bool:
        """False only for a host the registry marks as having a broken TLS chain."""
        return self.tls_verify and not any(host_matches(host, h) for h in self.tls_insecure_hosts)

    @property
    def continued(self) -> FormerIdentity | None:
        """The pre-merger paper this outlet carries on under a new name or domain, if recorded."""
        return next((f for f in self.former if f.continued), None)

    @property
    def pre_merger_provinces(self) -> tuple[str, ...]:
        """The provinces (before 1 July 2025) whose papers this outlet now covers."""
        own = () if self.continued or self.province is None else (self.province,)
        return own + tuple(f.province for f in self.former)

    def former_for(self, url: str) -> FormerIdentity | None:
        """The former paper whose domain serves ``url`` (the longest matching domain), if any."""
        host = urlsplit(url).netloc.lower()
        matches = [(len(d), f) for f in self.former for d in f.domains if host_matches(host, d)]
        return max(matches, key=lambda m: m[0])[1] if matches else None

    def province_at(self, url: str, published_iso: str | None) -> str | None:
        """The province an article was published in.

        - On a former paper's domain, dated up to its ``until`` (or undated): that paper's province
          (baobacgiang.com.vn, 2022 → "Bắc Giang").
        - On the outlet's own domain, dated up to the ``until`` of the paper it continues: that
          paper's province (huengaynay.vn, 2022 → "Thừa Thiên Huế").
        - Otherwise the current province (baobacgiang.vn, 2026 → "Bắc Ninh").
        """
        day = _vietnam_day(published_iso)
        former = self.former_for(url)
        if former is not None:
            if day is None or former.until is None or day <= former.until:
                return former.province
            return self.province
        own = self.continued
        if own is not None and own.until is not None and day is not None and day <= own.until:
            return own.province
        return self.province


def _vietnam_day(published_iso: str | None) -> date | None:
    """The calendar day in Vietnam of an ISO timestamp or date (``2025-06-30T18:00:00Z`` → 07-01)."""
    if not published_iso:
        return None
    if len(published_iso) == 10:
        return date.fromisoformat(published_iso)
    moment = datetime.fromisoformat(published_iso)
    if moment.tzinfo is None:  # record timestamps are aware; a naive one is read as Vietnam time
        return moment.date()
    return moment.astimezone(PLUS7).date()


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
    """All sites and families, plus what the loader noticed while merging files (``warnings``)."""

    sites: dict[str, Site]
    families: dict[str, Family]
    origins: dict[str, str] = field(default_factory=dict)  # site key -> file it came from
    warnings: tuple[str, ...] = ()  # e.g. an unknown field name, a shipped key defined twice

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

    def family_for_url(self, site: Site, url: str) -> Family | None:
        """The rules for a page: a former paper's own family on that paper's domains (a
        baobacgiang.com.vn page recovered from an archive), else the outlet's."""
        former = site.former_for(url)
        if former is not None and former.family:
            return self.families.get(former.family)
        return self.family_of(site)

    def family_of(self, site: Site | None) -> Family | None:
        if site is None or site.family is None:
            return None
        return self.families.get(site.family)

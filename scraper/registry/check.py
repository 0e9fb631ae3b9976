"""Consistency checks over a loaded registry: one readable line per problem, nothing printed here.

``vnnews sites --check`` runs them on the shipped registry plus any ``--sites-file``; an empty
list means the registry is usable, e.g. a typo'd domain gives
``site 'baolaocai': feed 'https://baolaocia.vn/rss' is not on the site's own hosts``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from urllib.parse import urlsplit

from scraper.registry.model import DATED_FIELDS, Registry, Site, host_matches, is_dated, placeholders

KEY = re.compile(r"^[a-z0-9_]+$")
# a lowercase host name (or IPv4 address) with an optional port, no scheme, path or trailing dot
HOST = re.compile(r"^(?=.{1,253}(:|$))([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(:\d{1,5})?$")
KINDS = ("provincial", "national")
EARLIEST = date(1945, 1, 1)  # no Vietnamese provincial paper predates this


def check_registry(registry: Registry, today: date | None = None) -> list[str]:
    """Every problem in the registry (empty when it is consistent); ``today`` bounds ``until``."""
    today = today or date.today()
    problems = list(registry.warnings)
    for site in registry.sites.values():
        problems += _site_problems(site, registry, today)
    problems += _key_clashes(registry)
    problems += _domain_clashes(registry)
    return problems


def _site_problems(site: Site, registry: Registry, today: date) -> list[str]:
    where = f"site {site.key!r}"
    out = [f"{where}: {p}" for p in _fields(site, registry, today)]
    out += [f"{where}: {p}" for p in _urls(site)]
    return out


def _fields(site: Site, registry: Registry, today: date) -> Iterator[str]:
    if not KEY.match(site.key):
        yield "key must be lowercase letters, digits and _ (e.g. baoquangninh)"
    if site.kind not in KINDS:
        yield f"kind {site.kind!r} is not one of {', '.join(KINDS)}"
    if site.kind == "provincial" and not site.province:
        yield "a provincial outlet needs a province"
    if site.kind == "provincial" and not site.verified.strip():
        yield "`verified` must say what evidence backs the entry"
    if not site.outlet.strip():
        yield "outlet name is empty"
    if not site.domains:
        yield "needs at least one domain"
    if site.scheme not in ("http", "https"):
        yield f"scheme {site.scheme!r} is not http or https"
    for host in site.domains + site.media_hosts + site.tls_insecure_hosts:
        if not HOST.match(host):
            yield f"host {host!r} is not a bare lowercase host name (no scheme, path or slash)"
    for host in site.tls_insecure_hosts:
        if not site.owns_host(host):
            yield f"tls_insecure_hosts: {host!r} is not one of the site's own hosts"
    if site.family is not None and site.family not in registry.families:
        yield f"unknown family {site.family!r} (known: {', '.join(sorted(registry.families))})"
    yield from _former_problems(site, registry, today)


def _former_problems(site: Site, registry: Registry, today: date) -> Iterator[str]:
    if sum(f.continued for f in site.former) > 1:
        yield "more than one former identity is marked `continued`"
    for f in site.former:
        where = f"former {f.key!r}"
        if not KEY.match(f.key):
            yield f"{where}: key must be lowercase letters, digits and _"
        if not f.province.strip() or not f.outlet.strip():
            yield f"{where}: needs an outlet name and a province"
        if not f.domains and not f.continued:
            yield f"{where}: needs at least one domain (only a `continued` paper may share the outlet's)"
        for host in f.domains:
            if not HOST.match(host):
                yield f"{where}: host {host!r} is not a bare lowercase host name"
        if f.family is not None and f.family not in registry.families:
            yield f"{where}: unknown family {f.family!r} (known: {', '.join(sorted(registry.families))})"
        if f.until is not None and not EARLIEST <= f.until <= today:
            yield f"{where}: until {f.until.isoformat()} is not between {EARLIEST.isoformat()} and today"


def _urls(site: Site) -> Iterator[str]:
    """Entry points must be absolute http(s) URLs on the site's own hosts, placeholders known."""
    entries: list[tuple[str, str, tuple[str, ...]]] = [("feed", u, ()) for u in site.feeds]
    entries += [("sitemap", u, ()) for u in site.sitemaps]
    entries += [("dated sitemap", u, DATED_FIELDS) for u in site.dated_sitemaps]
    for url in site.dated_sitemaps:
        if "yyyy" not in placeholders(url):
            yield f"dated sitemap {url!r} has no {{yyyy}} (one file per year, month or day)"
    entries += [("start_url", u, ()) for u in site.start_urls]
    for listing in site.listings:
        entries.append(("listing", listing.url, ()))
        if listing.pagination is not None:
            entries.append(("pagination", listing.pagination, ("page",)))
            if "page" not in placeholders(listing.pagination):
                yield f"listing {listing.url!r}: pagination {listing.pagination!r} has no {{page}}"
        if listing.max_pages < 1:
            yield f"listing {listing.url!r}: max_pages must be at least 1"
    for what, url, allowed in entries:
        problem = _url_problem(site, url, allowed)
        if what == "sitemap" and is_dated(url):
            problem = "is dated: list it under dated_sitemaps"
        if problem:
            yield f"{what} {url!r} {problem}"


def _url_problem(site: Site, url: str, allowed: tuple[str, ...]) -> str | None:
    unknown = placeholders(url) - set(allowed)
    if unknown:
        return f"has unknown placeholder(s) {', '.join('{' + n + '}' for n in sorted(unknown))}"
    try:
        parts = urlsplit(url)
    except ValueError:
        return "is not a well-formed URL"
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return "is not an absolute http(s) URL"
    if any(c.isspace() for c in url):
        return "contains whitespace"
    if not site.owns_host(parts.netloc):
        return "is not on the site's own hosts"
    return None


def _key_clashes(registry: Registry) -> list[str]:
    """Former identities' keys must differ from each other and from every site key."""
    seen: dict[str, str] = {key: f"site {key!r}" for key in registry.sites}
    out = []
    for site in registry.sites.values():
        for f in site.former:
            owner = f"former {f.key!r} of site {site.key!r}"
            if f.key in seen:
                out.append(f"{owner}: key already used by {seen[f.key]}")
            else:
                seen[f.key] = owner
    return out


def _domain_clashes(registry: Registry) -> list[str]:
    """A host may be listed once, and never inside another site's domain (ownership would be
    ambiguous: which outlet does ``en.baobacgiang.vn`` belong to?)."""
    listed: list[tuple[str, str, str]] = []  # (host, site key, where)
    for site in registry.sites.values():
        listed += [(d, site.key, f"site {site.key!r}") for d in site.domains]
        listed += [(d, site.key, f"former {f.key!r} of site {site.key!r}") for f in site.former for d in f.domains]
    out = []
    first: dict[str, str] = {}
    for host, _key, where in listed:
        if host in first:
            out.append(f"{where}: domain {host!r} is already listed by {first[host]}")
        else:
            first[host] = where
    for host, key, where in listed:
        for other, other_key, other_where in listed:
            if other_key != key and host != other and host_matches(host, other):
                out.append(f"{where}: domain {host!r} lies inside {other!r} of {other_where}")
    return out

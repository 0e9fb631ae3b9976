"""Registry entries back to TOML, in the format ``loader.site_from_toml`` reads (the inverse).

``vnnews probe --write`` uses it for corrected and new entries; such a file works at once with
``--sites-file`` (a key it defines replaces the shipped entry whole, so nothing is left out: former
identities, selectors and notes are written too). Defaults are omitted, as a person writes them.
"""

from __future__ import annotations

from typing import Any

import tomli_w

from scraper.registry.model import FormerIdentity, Listing, Site

_SITE_DEFAULTS = Site(key="_", outlet="_", province=None, domains=())
_FORMER_DEFAULTS = FormerIdentity(key="_", outlet="_", province="_", domains=())


def _listing(listing: Listing) -> dict[str, Any]:
    out: dict[str, Any] = {"url": listing.url}
    if listing.pagination:
        out["pagination"] = listing.pagination
    if listing.max_pages != Listing(listing.url).max_pages:
        out["max_pages"] = listing.max_pages
    return out


def _former(former: FormerIdentity) -> dict[str, Any]:
    out: dict[str, Any] = {"key": former.key, "outlet": former.outlet, "province": former.province,
                           "domains": list(former.domains)}
    for name in ("until", "family", "verified", "continued", "notes"):
        value = getattr(former, name)
        if value != getattr(_FORMER_DEFAULTS, name):
            out[name] = value
    return out


def site_table(site: Site) -> dict[str, Any]:
    """One ``[sites.<key>]`` table as a dict, fields in the registry's usual order."""
    out: dict[str, Any] = {"outlet": site.outlet}
    if site.province is not None:
        out["province"] = site.province
    if site.kind != ("provincial" if site.province else "national"):
        out["kind"] = site.kind
    out["domains"] = list(site.domains)
    for name in ("scheme", "language", "media_hosts", "family", "feeds", "sitemaps", "dated_sitemaps",
                 "start_urls", "article_url", "tls_verify", "tls_insecure_hosts", "verified", "notes"):
        value = getattr(site, name)
        if value != getattr(_SITE_DEFAULTS, name):
            out[name] = list(value) if isinstance(value, tuple) else value
    if site.listings:
        out["listings"] = [_listing(listing) for listing in site.listings]
    if site.selectors:
        out["selectors"] = dict(site.selectors)
    if site.former:
        out["former"] = [_former(f) for f in site.former]
    return out


def dumps(sites: list[Site], header: str = "") -> str:
    """A TOML document of ``[sites.<key>]`` tables; ``header`` lines become comments on top."""
    comment = "".join(f"# {line}\n" for line in header.splitlines())
    body = tomli_w.dumps({"sites": {site.key: site_table(site) for site in sites}}, multiline_strings=False)
    return comment + body

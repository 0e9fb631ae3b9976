"""Read ``sites.toml`` / ``families.toml`` (shipped) and users' ``--sites-file`` TOML into a Registry."""

from __future__ import annotations

import tomllib
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from scraper.registry.model import Family, FormerIdentity, Listing, Registry, Site


# sites.toml: provincial outlets; national.toml: national outlets (pages in the test fixtures);
# families.toml: extraction rules per CMS family; url_rules.toml: article-URL patterns per family.
SHIPPED_FILES = ("sites.toml", "national.toml", "families.toml", "url_rules.toml")


class RegistryError(ValueError):
    """A registry file that cannot be read or has a malformed entry (one line, names the file)."""


def _tuple(value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    return tuple(value)


def _date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def site_from_toml(key: str, raw: dict[str, Any]) -> Site:
    """Build a Site from one ``[sites.<key>]`` table; raises KeyError/TypeError on bad shapes."""
    listings = tuple(
        Listing(url=item["url"], pagination=item.get("pagination"), max_pages=int(item.get("max_pages", 50)))
        for item in raw.get("listings", [])
    )
    former = tuple(
        FormerIdentity(
            key=f.get("key", key),
            outlet=f["outlet"],
            province=f["province"],
            domains=_tuple(f.get("domains")),
            until=_date(f.get("until")),
            family=f.get("family"),
            verified=f.get("verified", ""),
        )
        for f in raw.get("former", [])
    )
    return Site(
        key=key,
        outlet=raw["outlet"],
        province=raw.get("province"),
        domains=_tuple(raw["domains"]),
        family=raw.get("family"),
        scheme=raw.get("scheme", "https"),
        language=raw.get("language", "vi"),
        media_hosts=_tuple(raw.get("media_hosts")),
        feeds=_tuple(raw.get("feeds")),
        sitemaps=_tuple(raw.get("sitemaps")),
        listings=listings,
        start_urls=_tuple(raw.get("start_urls")),
        article_url=_tuple(raw.get("article_url")),
        selectors=dict(raw.get("selectors", {})),
        former=former,
        tls_verify=bool(raw.get("tls_verify", True)),
        obey_robots=bool(raw.get("obey_robots", True)),
        verified=raw.get("verified", ""),
        notes=raw.get("notes", ""),
    )


def family_from_toml(key: str, raw: dict[str, Any]) -> Family:
    return Family(
        key=key,
        name=raw.get("name", key),
        article_url=_tuple(raw.get("article_url")),
        not_article_url=_tuple(raw.get("not_article_url")),
        selectors=dict(raw.get("selectors", {})),
        notes=raw.get("notes", ""),
    )


def _read_toml(text: str, origin: str) -> dict[str, Any]:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RegistryError(f"{origin}: not valid TOML: {exc}") from None


def _sites_from(doc: dict[str, Any], origin: str) -> dict[str, Site]:
    out = {}
    for key, raw in doc.get("sites", {}).items():
        try:
            out[key] = site_from_toml(key, raw)
        except (KeyError, TypeError, ValueError) as exc:
            raise RegistryError(f"{origin}: site {key!r}: missing or malformed field {exc}") from None
    return out


def _families_from(doc: dict[str, Any], url_rules: dict[str, Any] | None = None) -> dict[str, Family]:
    """Families from their selector rules, with article-URL patterns merged in from ``url_rules``."""
    tables = {key: dict(raw) for key, raw in doc.get("families", {}).items()}
    for key, raw in (url_rules or {}).get("families", {}).items():
        tables.setdefault(key, {}).update(raw)
    return {key: family_from_toml(key, raw) for key, raw in tables.items()}


def load_registry(extra_files: list[str | Path] | tuple[str | Path, ...] = ()) -> Registry:
    """The shipped registry, with each ``extra_files`` TOML (same format) layered on top."""
    pkg = resources.files("scraper.registry")
    docs = {name: _read_toml(pkg.joinpath(name).read_text("utf-8"), name) for name in SHIPPED_FILES}
    sites: dict[str, Site] = {}
    for name in ("sites.toml", "national.toml"):
        sites |= _sites_from(docs[name], name)
    families = _families_from(docs["families.toml"], docs["url_rules.toml"])
    for path in extra_files:
        p = Path(path)
        try:
            text = p.read_text("utf-8")
        except OSError as exc:
            raise RegistryError(f"{p}: cannot read sites file: {exc.strerror}") from None
        doc = _read_toml(text, str(p))
        sites |= _sites_from(doc, str(p))
        families |= _families_from(doc)
    return Registry(sites=sites, families=families)

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


def _date(value: Any, name: str = "until") -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} {value!r} is not a date like 2025-06-30") from None


# Field names a [sites.<key>] / [[sites.<key>.former]] / listing table may use; anything else is
# reported by `vnnews sites --check` (a typo like `feed =` would otherwise vanish silently).
SITE_FIELDS = frozenset({
    "outlet", "province", "domains", "family", "scheme", "language", "media_hosts", "feeds",
    "sitemaps", "dated_sitemaps", "listings", "start_urls", "article_url", "selectors", "former", "tls_verify",
    "tls_insecure_hosts", "verified", "notes", "kind",
})
FORMER_FIELDS = frozenset({"key", "outlet", "province", "domains", "until", "family", "verified", "continued", "notes"})
LISTING_FIELDS = frozenset({"url", "pagination", "max_pages"})


def unknown_fields(key: str, raw: dict[str, Any]) -> list[str]:
    """Names in one site table (and its former/listing tables) that the loader does not read."""
    out = [f"site {key!r}: unknown field {name!r}" for name in sorted(set(raw) - SITE_FIELDS)]
    for kind, allowed in (("former", FORMER_FIELDS), ("listings", LISTING_FIELDS)):
        items = raw.get(kind, [])
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict):
                out += [f"site {key!r}: unknown {kind} field {name!r}" for name in sorted(set(item) - allowed)]
    return out


def _former_from_toml(site_key: str, f: dict[str, Any]) -> FormerIdentity:
    return FormerIdentity(
        key=f.get("key", site_key),
        outlet=f["outlet"],
        province=f["province"],
        domains=_tuple(f.get("domains")),
        until=_date(f.get("until")),
        family=f.get("family"),
        verified=f.get("verified", ""),
        continued=bool(f.get("continued", False)),
        notes=f.get("notes", ""),
    )


def site_from_toml(key: str, raw: dict[str, Any]) -> Site:
    """Build a Site from one ``[sites.<key>]`` table; raises KeyError/TypeError/ValueError on bad shapes."""
    listings = tuple(
        Listing(url=item["url"], pagination=item.get("pagination"), max_pages=int(item.get("max_pages", 50)))
        for item in raw.get("listings", [])
    )
    former = tuple(_former_from_toml(key, f) for f in raw.get("former", []))
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
        dated_sitemaps=_tuple(raw.get("dated_sitemaps")),
        listings=listings,
        start_urls=_tuple(raw.get("start_urls")),
        article_url=_tuple(raw.get("article_url")),
        selectors=dict(raw.get("selectors", {})),
        former=former,
        tls_verify=bool(raw.get("tls_verify", True)),
        tls_insecure_hosts=_tuple(raw.get("tls_insecure_hosts")),
        verified=raw.get("verified", ""),
        notes=raw.get("notes", ""),
        kind=raw.get("kind") or ("provincial" if raw.get("province") else "national"),
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
    tables = doc.get("sites", {})
    if not isinstance(tables, dict):
        raise RegistryError(f"{origin}: `sites` must be a table of [sites.<key>] entries")
    out = {}
    for key, raw in tables.items():
        if not isinstance(raw, dict):
            raise RegistryError(f"{origin}: site {key!r}: expected a [sites.{key}] table")
        try:
            out[key] = site_from_toml(key, raw)
        except KeyError as exc:
            raise RegistryError(f"{origin}: site {key!r}: missing field {exc}") from None
        except (TypeError, ValueError, AttributeError) as exc:
            raise RegistryError(f"{origin}: site {key!r}: malformed field: {exc}") from None
    return out


def _field_warnings(doc: dict[str, Any], origin: str) -> list[str]:
    return [f"{origin}: {w}" for key, raw in doc.get("sites", {}).items() for w in unknown_fields(key, raw)]


def _families_from(doc: dict[str, Any], url_rules: dict[str, Any] | None = None) -> dict[str, Family]:
    """Families from their selector rules, with article-URL patterns merged in from ``url_rules``."""
    tables = {key: dict(raw) for key, raw in doc.get("families", {}).items()}
    for key, raw in (url_rules or {}).get("families", {}).items():
        tables.setdefault(key, {}).update(raw)
    return {key: family_from_toml(key, raw) for key, raw in tables.items()}


def load_registry(extra_files: list[str | Path] | tuple[str | Path, ...] = ()) -> Registry:
    """The shipped registry, with each ``extra_files`` TOML (same format) layered on top.

    A key in an extra file replaces the shipped entry whole (that is how a site is mirrored on
    127.0.0.1); the same key in two shipped files is recorded in ``Registry.warnings``.
    """
    pkg = resources.files("scraper.registry")
    docs = {name: _read_toml(pkg.joinpath(name).read_text("utf-8"), name) for name in SHIPPED_FILES}
    sites: dict[str, Site] = {}
    origins: dict[str, str] = {}
    warnings: list[str] = []
    for name in ("sites.toml", "national.toml"):
        for key, site in _sites_from(docs[name], name).items():
            if key in origins:
                warnings.append(f"{name}: site {key!r} is also defined in {origins[key]}")
            sites[key], origins[key] = site, name
        warnings += _field_warnings(docs[name], name)
    families = _families_from(docs["families.toml"], docs["url_rules.toml"])
    for path in extra_files:
        p = Path(path)
        try:
            text = p.read_text("utf-8")
        except OSError as exc:
            raise RegistryError(f"{p}: cannot read sites file: {exc.strerror}") from None
        doc = _read_toml(text, str(p))
        for key, site in _sites_from(doc, str(p)).items():
            sites[key], origins[key] = site, str(p)
        warnings += _field_warnings(doc, str(p))
        families |= _families_from(doc)
    return Registry(sites=sites, families=families, origins=origins, warnings=tuple(warnings))

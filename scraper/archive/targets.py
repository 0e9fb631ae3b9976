"""What ``vnnews backfill KEY`` is about: a registry site, or one of its former identities.

A site key (``baobacninhtv``) means every host the outlet ever used: its domains and each former
paper's. A former key (``baobacgiang``, Báo Bắc Giang until 30 June 2025) means only that
paper's domains; its records are stored under the outlet that carries it on today, and
``province_at_publication`` says Bắc Giang for its dated articles. URL rules follow the host:
a former paper's own CMS family where the registry knows it.
"""

from __future__ import annotations

from dataclasses import dataclass

from scraper.registry import Registry
from scraper.registry.model import FormerIdentity, Site
from scraper.urls import UrlRules, host_of, rules_for


@dataclass(frozen=True)
class Target:
    key: str  # as the user named it
    site: Site  # the outlet whose corpus the records join
    former: FormerIdentity | None
    domains: tuple[str, ...]

    def owns(self, url: str) -> bool:
        host = host_of(url)
        return any(host == d or host.endswith("." + d) for d in self.domains)


def resolve(registry: Registry, key: str) -> Target:
    """The target of a key; KeyError with one clear line for an unknown key or one with no domain."""
    if key in registry.sites:
        site = registry.sites[key]
        return Target(key, site, None, tuple(dict.fromkeys(site.domains + site.former_domains)))
    for site in registry.sites.values():
        for former in site.former:
            if former.key == key:
                if not former.domains:
                    raise KeyError(f"{key!r} ({former.outlet}) has no domain of its own in the registry; "
                                   f"backfill {site.key!r} instead")
                return Target(key, site, former, former.domains)
    raise KeyError(f"unknown site or former paper {key!r}; `vnnews sites` lists the keys")


def rules_for_url(registry: Registry, site: Site, url: str) -> UrlRules:
    """Article-URL rules for a captured URL: the former paper's family on its domains, else the site's."""
    return rules_for(site, registry.family_for_url(site, url))

"""A site entry for a page no registry entry owns, so ``vnnews extract`` reads any saved page.

The page goes through the generic path (no family, no site rules). Its record is marked, not
guessed: ``site`` is the host as a key (``www.baomoi-tinh.vn`` → ``baomoi_tinh_vn``), ``outlet``
the host name, ``province`` null, ``warnings`` holds ``unregistered_site`` and
``provenance["site"]`` is ``host``.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scraper.registry.model import Site

UNREGISTERED = "unregistered"  # Site.kind of such an entry (never a registry kind)
WARNING = "unregistered_site"


def host_name(url: str) -> str:
    """The URL's host without ``www.``, with its port when it has one (``127.0.0.1:8080``)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    host = host[4:] if host.startswith("www.") else host
    return f"{host}:{parts.port}" if parts.port else host


def site_key(host: str) -> str:
    """A record ``site`` key from a host (``^[a-z0-9_]+$``): ``bao-tinh.vn`` → ``bao_tinh_vn``."""
    return re.sub(r"[^a-z0-9]+", "_", host.lower()).strip("_") or "unknown"


def unregistered_site(url: str) -> Site:
    """The stand-in entry for ``url``'s host: generic extraction, no province."""
    host = host_name(url)
    return Site(key=site_key(host), outlet=host or "unknown", province=None, domains=(host,) if host else (),
                kind=UNREGISTERED, verified="not in the registry: made from the page's host")


def is_unregistered(site: Site) -> bool:
    return site.kind == UNREGISTERED

"""The site registry: every outlet as data (``sites.toml``) and every CMS family's rules (``families.toml``).

``load_registry(extra_files)`` merges the shipped registry with a user's own TOML files
(``--sites-file``); an entry with an existing key replaces it whole. ``check_registry`` (in
``scraper.registry.check``) lists its problems; the format is described in docs/registry.md.
"""

from __future__ import annotations

from scraper.registry.loader import RegistryError, load_registry
from scraper.registry.model import Family, FormerIdentity, Listing, Registry, Site, expand_dated

__all__ = [
    "Family", "FormerIdentity", "Listing", "Registry", "RegistryError", "Site", "expand_dated",
    "load_registry",
]

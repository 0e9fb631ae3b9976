"""``extractor_version`` for re-extracted records: the package version plus a hash of the code and
rules that turn a page into fields, so two versions of a record say which code wrote each.

``vnnews-0.1.0+3f9a1c02b7de``: SHA-256 (12 hex digits) over the extraction, date and text code,
the shipped registry files and any ``--sites-file`` given. Same code and rules, same string.
"""

from __future__ import annotations

import hashlib
from importlib import resources
from pathlib import Path

from scraper.process import EXTRACTOR_VERSION

CODE = ("extract", "dates", "text.py", "process.py", "decode.py", "urls.py", "registry")


def _files() -> list[Path]:
    root = Path(str(resources.files("scraper")))
    out: list[Path] = []
    for name in CODE:
        path = root / name
        out += sorted(p for p in path.rglob("*") if p.suffix in (".py", ".toml")) if path.is_dir() else [path]
    return out


def extractor_version(sites_files: list[str] | tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    for path in _files() + [Path(p) for p in sites_files]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{EXTRACTOR_VERSION}+{digest.hexdigest()[:12]}"

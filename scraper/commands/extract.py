"""Turn saved HTML article pages into records (JSONL on stdout), with the crawl's own code.

Each FILE (or every *.html / *.htm file under a DIR) becomes one JSON line. A file that is
empty, not HTML, undecodable or not an article gives one line on stderr and a non-zero exit,
and the other files are still processed.

A page of a site that is not in the registry is read with the generic rules (no CMS family):
its record's site is the host as a key (www.bao-tinh.vn -> bao_tinh_vn), outlet the host name,
province null, and warnings holds "unregistered_site".

Example:
  vnnews extract saved/bai-viet.html --site baoquangninh
  vnnews extract saved/tin-tinh.html --url https://bao-tinh.vn/bai-viet-123456.html
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timezone
from pathlib import Path

from scraper import exitcodes
from scraper.decode import UndecodableError, decode_html
from scraper.page import RawPage
from scraper.process import Dropped, build_record
from scraper.record import to_json_line
from scraper.registry import RegistryError, load_registry
from scraper.registry.unregistered import unregistered_site

_CANONICAL = re.compile(
    r"""<link\b[^>]*\brel\s*=\s*["']?canonical["']?[^>]*>|<meta\b[^>]*\bproperty\s*=\s*["']og:url["'][^>]*>""",
    re.I,
)
_HREF = re.compile(r"""\b(?:href|content)\s*=\s*["']([^"']+)["']""", re.I)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("paths", nargs="+", metavar="FILE_OR_DIR", help="saved HTML pages, or folders of them")
    p.add_argument("--url", help="the page's URL (default: its canonical link or og:url)")
    p.add_argument("--site", help="registry key (default: found from the URL's domain; a host no entry owns "
                                  "is read with the generic rules and marked unregistered_site)")
    p.add_argument("--sites-file", action="append", default=[], metavar="FILE",
                   help="extra registry TOML (repeatable)")
    p.add_argument("--now", help="crawl time to record, ISO 8601 (default: now); also the reference for '2 giờ trước'")


def _files(paths: list[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out += sorted(f for f in p.rglob("*") if f.suffix.lower() in (".html", ".htm") and f.is_file())
        else:
            out.append(p)
    return out


def canonical_link(html: str) -> str | None:
    """The page's ``<link rel=canonical>`` or ``og:url``, whichever comes first in the head."""
    for tag in _CANONICAL.finditer(html[:300_000]):
        m = _HREF.search(tag.group(0))
        if m and m.group(1).startswith("http"):
            return m.group(1)
    return None


def _one(path: Path, args: argparse.Namespace, registry, now: datetime) -> str:
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("empty file")
    text = decode_html(data)
    if "<" not in text[:4096] or not re.search(r"<(html|body|div|p|article|head)\b", text[:200_000], re.I):
        raise ValueError("not an HTML page")
    url = args.url or canonical_link(text)
    if not url:
        raise ValueError("no URL: the page has no canonical link; pass --url")
    site = registry.site(args.site) if args.site else registry.site_for_url(url)
    if site is None:
        site = unregistered_site(url)
    page = RawPage(url=url, final_url=url, status=200, html=text, site=site.key, fetched_at=now)
    return to_json_line(build_record(page, registry, site))


def run(args: argparse.Namespace) -> int:
    try:
        registry = load_registry(args.sites_file)
        if args.site:
            registry.site(args.site)
        now = datetime.fromisoformat(args.now) if args.now else datetime.now(timezone.utc)
        if now.tzinfo is None:
            raise ValueError(f"--now {args.now!r} needs a UTC offset, e.g. 2026-11-29T10:00:00+07:00")
    except (RegistryError, KeyError, ValueError) as exc:
        print(f"vnnews extract: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return exitcodes.CONFIG
    failed = 0
    for path in _files(args.paths):
        try:
            sys.stdout.write(_one(path, args, registry, now))
        except (OSError, ValueError, UndecodableError, Dropped) as exc:
            reason = exc.strerror if isinstance(exc, OSError) else str(exc)
            print(f"vnnews extract: {path}: {reason}", file=sys.stderr)
            failed += 1
    sys.stdout.flush()
    return exitcodes.FAILED if failed else exitcodes.OK

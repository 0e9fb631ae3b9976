"""An article-URL pattern learned from the shapes of a site's links.

Each link path is reduced to a shape the Vietnamese news CMSs use, with the regex that matches it:

- ``/<cat>/<YYYYMM>/<slug>[-<id>]/`` (directory style)
- ``-post<id>.html``, ``-a<id>.html``, ``-ar<id>.html``, ``-d<id>.html``, ``-postid<id>.bbg``: an id
  after a letter prefix
- ``/<slug>-<id>.html`` (or ``.htm``, ``.chn``, no extension): a bare numeric id
- ``/<cat>/<id>/<slug>.html``, ``/<cat>/<slug>/<id>.htm``: the id as a path segment
- ``/<section>/<slug>.html``: no id at all, a title-like slug of many words

Links sharing a shape are counted; the URLs feeds and sitemaps list (articles by design) decide
between shapes when there are any, else the most common shape on the page wins. Section pages
(``/thoi-su/``, ``/kinh-te.htm``) have no id and short slugs, so they fit none of these shapes.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from scraper.urls import compile_rules

MIN_LINKS = 3  # links of one shape on a page before it counts as the site's article shape
MIN_SLUG_WORDS = 5  # an id-less article slug is a headline: "ha-long-don-khach-dau-nam" and longer
COVERAGE = 0.9  # share of the feed/sitemap article URLs the learned patterns must match

_DATED = re.compile(r"/(?:19|20)\d{2}(?:0[1-9]|1[0-2])/[^/]+/?$")
_PREFIXED = re.compile(r"-(?P<prefix>[a-z]+(?:\d+[a-z]+)?)(?P<id>\d{3,})(?P<ext>\.[a-z]{2,4})$")
_BARE = re.compile(r"-(?P<id>\d{4,})(?P<ext>\.[a-z]{2,4})?/?$")
_ID_SEGMENT = re.compile(r"/\d{4,}/[^/]+\.(?P<ext>[a-z]{2,4})$")
_ID_LAST = re.compile(r"/[^/]+/(?P<id>\d{4,})\.(?P<ext>[a-z]{2,4})$")
_SLUG = re.compile(r"/(?P<slug>[^/.]+)(?P<ext>\.[a-z]{2,4})?/?$")


@dataclass(frozen=True)
class Shape:
    name: str  # what a person reads: "-post<id>.html"
    regex: str  # what goes into the registry's article_url


def _depth(path: str) -> int:
    return len([p for p in path.split("/") if p])


def shape_of(path: str) -> Shape | None:
    """The article shape of a URL path, or None (a section page, a static page, a file)."""
    if _DATED.search(path):
        return Shape("/<cat>/<YYYYMM>/<slug>/", r"^/(?:[\w-]+/)+(?:19|20)\d{2}(?:0[1-9]|1[0-2])/[\w-]+/?$")
    m = _PREFIXED.search(path)
    if m and m.group("prefix") not in ("trang", "page", "p"):
        prefix = re.sub(r"\d+", r"\\d+", m.group("prefix"))
        ext = re.escape(m.group("ext"))
        return Shape(f"-{m.group('prefix')}<id>{m.group('ext')}", rf"-{prefix}\d+{ext}$")
    m = _BARE.search(path)
    if m:
        ext = m.group("ext")
        if ext:
            return Shape(f"-<id>{ext}", rf"-\d{{4,}}{re.escape(ext)}$")
        segments = r"/[\w-]+" * (_depth(path) - 1)
        return Shape("/" + "<seg>/" * (_depth(path) - 1) + "<slug>-<id>", rf"^{segments}/[\w-]+-\d{{4,}}/?$")
    m = _ID_SEGMENT.search(path)
    if m:
        return Shape(f"/<cat>/<id>/<slug>.{m.group('ext')}", rf"^/(?:[\w-]+/)+\d{{4,}}/[\w-]+\.{m.group('ext')}$")
    m = _ID_LAST.search(path)
    if m:
        return Shape(f"/<cat>/<slug>/<id>.{m.group('ext')}", rf"^/[\w-]+/[\w-]+/\d{{4,}}\.{m.group('ext')}$")
    m = _SLUG.search(path)
    if m and len(m.group("slug").split("-")) >= MIN_SLUG_WORDS:
        ext = m.group("ext") or ""
        segments = r"/[\w-]+" * (_depth(path) - 1)
        words = rf"[\w]+(?:-[\w]+){{{MIN_SLUG_WORDS - 1},}}"
        tail = re.escape(ext) if ext else "/?"
        name = "/" + "<section>/" * (_depth(path) - 1) + f"<slug>{ext}"
        return Shape(name, rf"^{segments}/{words}{tail}$")
    return None


@dataclass(frozen=True)
class Learned:
    """The proposed ``article_url`` patterns and how well they fit."""

    shapes: tuple[Shape, ...]
    home_matched: int  # links of the page the patterns match
    listed_matched: int  # feed/sitemap article URLs the patterns match
    listed: int

    @property
    def regexes(self) -> tuple[str, ...]:
        return tuple(s.regex for s in self.shapes)


def _paths(urls: Iterable[str]) -> list[str]:
    rejects = compile_rules(())  # the generic not-article rules: sections, tags, feeds, media
    out = []
    for url in urls:
        parts = urlsplit(url)
        path = parts.path or "/"
        if not rejects.rejects(url):
            out.append(path)
    return out


def learn(page_links: Iterable[str], listed: Iterable[str] = ()) -> Learned | None:
    """Patterns for the article links among ``page_links`` (a home or listing page's links on the
    site's own hosts); ``listed`` are URLs feeds or sitemaps gave as articles. None when no
    shape is common enough to be the site's."""
    pages, known = _paths(page_links), _paths(listed)
    groups: dict[Shape, set[str]] = defaultdict(set)
    for path in pages + known:
        shape = shape_of(path)
        if shape is not None:
            groups[shape].add(path)
    if not groups:
        return None
    chosen = _choose(groups, set(pages), set(known))
    if not chosen:
        return None
    compiled = [re.compile(s.regex) for s in chosen]

    def hits(paths: list[str]) -> int:
        return sum(1 for p in set(paths) if any(c.search(p) for c in compiled))

    return Learned(tuple(chosen), hits(pages), hits(known), len(set(known)))


def _choose(groups: dict[Shape, set[str]], pages: set[str], known: set[str]) -> list[Shape]:
    if known:  # shapes covering the listed articles, most first, until COVERAGE of them
        chosen: list[Shape] = []
        covered: set[str] = set()
        for shape, paths in sorted(groups.items(), key=lambda g: -len(g[1] & known)):
            if len(covered) >= COVERAGE * len(known) or not paths & known or len(chosen) == 3:
                break
            chosen.append(shape)
            covered |= paths & known
        return chosen
    ranked = sorted(groups.items(), key=lambda g: -len(g[1] & pages))
    best, paths = ranked[0]
    return [best] if len(paths & pages) >= MIN_LINKS else []

"""One canonical URL per article, and article-vs-navigation classification per CMS family.

Pure functions (no Scrapy): discovery canonicalises every link before it asks the seen-index or
the frontier about it, so ``…-post123.html?utm_source=zalo&zarsrc=30`` and ``…-post123.html``
are one article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url, safe_url_string

from scraper.registry.model import Family, Site

# Query parameters that only say where a click came from (share buttons, ads, newsletters, Zalo).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "igshid", "twclid", "ttclid",
        "zarsrc", "gidzl", "_gl", "_ga", "mc_cid", "mc_eid", "mkt_tok", "ref_src", "ocid", "spm",
    }
)
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
DEFAULT_PORTS = {"http": "80", "https": "443"}

# Article-URL shapes of the Vietnamese news CMSs (SITES.md §2-3 and the saved pages): an id at
# the end of the last path segment, bare (VnExpress ``-4954454.html``, VCCorp ``-188260307071033787.chn``,
# Lao Động ``-1651034.ldo``) or after a CMS letter prefix (zce ``-post1613516.html``, VDOC
# ``-a196670.html``, VTC ``-ar994669.html``, Báo Đầu tư ``-d538952.html``, 24h ``-c46a1234567.html``,
# .bbg ``-postid412345.bbg``), and the directory style ``/<cat>/<YYYYMM>/<slug>[-<id>]/``. They are
# used for links harvested from listing and home pages; a family's own patterns are added to them
# (never fewer articles than the generic rule), a site's own ``article_url`` replaces both.
GENERIC_ARTICLE_URL = (
    r"-(?:post|postid|ar|a|d|c\d+a)?\d{4,}\.(?:html?|chn|vnp|tpo|vov|ldo|bbg)$",
    r"/(?:19|20)\d{2}(?:0[1-9]|1[0-2])/[\w-]+-[0-9a-f]{5,}/?$",
)
# Never articles, whatever the family, and wherever the URL was found (a feed or a sitemap too):
# feeds, sitemaps, search, tag, topic and event hubs, media files, and section-shaped paths (one
# or two short slugs with no id: ``/thoi-su/``, ``/kinh-te.htm``, ``/kinh-doanh/tai-chinh``).
GENERIC_NOT_ARTICLE_URL = (
    r"^/(rss|sitemaps?|tag|tags|search|tim-kiem)(/|\.|$)",
    r"^/(event|topic|chu-de)/",
    r"-event\d+\.html?$",
    r"\.(xml|gz|rss|jpe?g|png|gif|webp|pdf|mp4|mp3|css|js)$",
    r"^/$",
    r"(?i)^/(?:[a-z]+(?:-[a-z]+){0,2}/)?[a-z]+(?:-[a-z]+){0,2}(?:/|\.html?|\.chn)?$",
)


def _is_tracking(name: str) -> bool:
    name = name.lower()
    return name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES)


def strip_tracking(url: str) -> str:
    """Drop tracking parameters and the fragment; keep every other parameter in its order."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), ""))


@lru_cache(maxsize=8192)
def canonical_url(url: str) -> str:
    """The one URL an article is known by: tracking stripped, host lower-cased, default port
    dropped, percent-encoding normalised, query sorted, no fragment.

    >>> canonical_url("HTTPS://BaoQuangNinh.vn:443/le-hoi-3291811.html?utm_source=fb#top")
    'https://baoquangninh.vn/le-hoi-3291811.html'

    Cached: one article URL is canonicalised four times on its way (listing, request, record).
    """
    url = safe_url_string(url.strip())
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    port = parts.port
    netloc = host if port is None or str(port) == DEFAULT_PORTS.get(scheme) else f"{host}:{port}"
    path = parts.path or "/"
    cleaned = strip_tracking(urlunsplit((scheme, netloc, path, parts.query, "")))
    return canonicalize_url(cleaned, keep_fragments=False)


def host_of(url: str) -> str:
    """``host[:port]`` as the registry writes domains (``127.0.0.1:8765``, ``baolaocai.vn``)."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port
    if port is None or str(port) == DEFAULT_PORTS.get(parts.scheme.lower()):
        return host
    return f"{host}:{port}"


def site_owns(site: Site, url: str) -> bool:
    """True when the URL is on one of the site's own hosts (current or former), port included.

    A different port on the same IP is another site: ``127.0.0.1:9999`` is off-site for a site
    served at ``127.0.0.1:8765``.
    """
    return site.owns_host(host_of(url))


def site_owns_media(site: Site, url: str) -> bool:
    host = host_of(url)
    return any(host == h or host.endswith("." + h) for h in site.media_hosts)


@dataclass(frozen=True)
class UrlRules:
    """Compiled article / not-article patterns, matched against ``path`` (plus ``?query`` if any).

    Two questions, for two kinds of source: a link on a listing or home page is an article only
    when it has an article shape (``is_article``); an entry of a feed or news sitemap, which
    lists articles by design, is one unless a not-article rule rejects it (``rejects``).
    """

    article: tuple[re.Pattern[str], ...]
    not_article: tuple[re.Pattern[str], ...]

    def rejects(self, url: str) -> bool:
        """A not-article rule (section, tag, event hub, media file…) matches the URL."""
        target = _match_target(url)
        return any(p.search(target) for p in self.not_article)

    def has_article_shape(self, url: str) -> bool:
        """The URL has one of the article shapes (not-article rules aside)."""
        target = _match_target(url)
        return any(p.search(target) for p in self.article)

    def is_article(self, url: str) -> bool:
        return not self.rejects(url) and self.has_article_shape(url)


def _match_target(url: str) -> str:
    parts = urlsplit(url)
    path = parts.path or "/"
    return f"{path}?{parts.query}" if parts.query else path


@lru_cache(maxsize=256)
def _compile(article: tuple[str, ...], not_article: tuple[str, ...]) -> UrlRules:
    return UrlRules(
        article=tuple(re.compile(p) for p in article),
        not_article=tuple(re.compile(p) for p in not_article),
    )


def compile_rules(article: Iterable[str], not_article: Iterable[str] = ()) -> UrlRules:
    return _compile(tuple(article), tuple(not_article) + GENERIC_NOT_ARTICLE_URL)


def rules_for(site: Site | None, family: Family | None) -> UrlRules:
    """The site's own ``article_url`` patterns alone when it has some; else its family's patterns
    plus the generic shapes; ``not_article_url`` of the family always applies."""
    article: tuple[str, ...] = GENERIC_ARTICLE_URL
    if site is not None and site.article_url:
        article = site.article_url
    elif family is not None and family.article_url:
        article = family.article_url + GENERIC_ARTICLE_URL
    not_article = family.not_article_url if family is not None else ()
    return compile_rules(article, not_article)

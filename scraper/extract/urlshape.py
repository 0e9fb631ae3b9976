"""Is a URL an article's? By the site's or family's article-URL rules when the page has them
(``url_rules.toml``, as discovery uses them), else by the shape most Vietnamese news CMSs share:
a numeric id at the end of the last path segment (``…-10230827.html``, ``…-post404649.html``,
``…-a367201.html``, ``…-ar994669.html``), a date in the path, or a long slug. Section pages
(``/suc-khoe``, ``/xa-hoi/y-te-suc-khoe``), tags (``…-ptag.html``, ``/tag/…``), search and author
pages are not articles.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from scraper.registry.model import Family, Site
from scraper.urls import GENERIC_NOT_ARTICLE_URL, rules_for

_ID_END = re.compile(r"[-_/.][a-z]{0,6}\d{4,}(?:\.[a-z]{2,5})?/?$", re.I)
_DATE_PATH = re.compile(r"/(?:19|20)\d{2}/\d{1,2}/(?:\d{1,2}/)?[\w-]+")
_NOT_ARTICLE = re.compile(r"/(?:tag|tags|tim-kiem|search|tac-gia|author|topic|chu-de|su-kien|event)(?:/|$)|"
                          r"[-_](?:tag|ptag|tags|event\d*)\.html?$", re.I)
_NOT_ARTICLE_GENERIC = tuple(re.compile(p, re.I) for p in GENERIC_NOT_ARTICLE_URL)
_LONG_SLUG = 6  # hyphenated words in a slug without an id (``le-hoi-hoa-ban-mo-mua-du-lich.html``)


def _looks_like_article(url: str) -> bool:
    """The shape of an article URL on an unknown site."""
    path = urlsplit(url).path or "/"
    if any(p.search(path) for p in _NOT_ARTICLE_GENERIC):  # _NOT_ARTICLE: is_article_url's first test
        return False
    if _ID_END.search(path) or _DATE_PATH.search(path):
        return True
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return len(re.sub(r"\.[a-z]{2,5}$", "", last).split("-")) >= _LONG_SLUG


def is_article_url(url: str, site: Site | None, family: Family | None) -> bool:
    """By the registry's URL rules when the site or family has any, else by the generic shape."""
    if _NOT_ARTICLE.search(urlsplit(url).path or "/"):
        return False
    if (site is not None and site.article_url) or (family is not None and family.article_url):
        return rules_for(site, family).is_article(url)
    return _looks_like_article(url)

"""Date candidates of a page, collected but not chosen (``scraper.dates`` chooses).

Where each comes from decides how much it is trusted: JSON-LD and meta tags first, ``<time>``
in the article header, visible strings next to the title (``near_title``), header clocks outside
the article (``in_article=False``, e.g. ``17/12/2020 09:32:25 (GMT +7)``), and a date in the URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from scraper.dates.types import DateCandidate, Role
from scraper.extract.dom import HtmlElement, text_of
from scraper.extract.metadata import Metadata

_META_NAMES: dict[Role, tuple[str, ...]] = {
    "published": ("article:published_time", "datepublished", "pubdate", "publishdate", "publish-date",
                  "dc.date.issued", "dc.date", "dcterms.issued", "dcterms.date", "og:published_time",
                  "parsely-pub-date", "sailthru.date", "date"),
    "modified": ("article:modified_time", "datemodified", "og:updated_time", "dc.date.modified",
                 "dcterms.modified", "last-modified"),
}
# A visible date: 07/03/2026, 7-3-2026, 2026-03-07 (time and weekday are kept by taking the
# whole short element text around it).
VISIBLE_DATE = re.compile(r"\b(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)\d{2}|(?:19|20)\d{2}-\d{2}-\d{2})\b"
                          r"|\bngày\s+\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+(?:19|20)\d{2}", re.I)
_URL_DATE = (
    re.compile(r"/((?:19|20)\d{2})[/-](\d{2})[/-](\d{2})(?:/|$|-)"),
    re.compile(r"[-/]((?:19|20)\d{2})(\d{2})(\d{2})\d{6,9}(?:\.\w+)?(?:$|[?#])"),  # VCCorp-style ids
)
_MAX_OUTSIDE = 3


def metadata_candidates(md: Metadata, root: HtmlElement) -> list[DateCandidate]:
    """JSON-LD ``datePublished``/``dateModified``, then meta and itemprop date fields."""
    out: list[DateCandidate] = []
    for key, role in (("datePublished", "published"), ("dateModified", "modified")):
        value = md.article.get(key)
        if isinstance(value, str) and value.strip():
            out.append(DateCandidate(raw=value.strip(), source="jsonld", role=role))  # type: ignore[arg-type]
    for role, names in _META_NAMES.items():
        for name in names:
            for value in md.meta.get(name, []) + md.itemprop.get(name, []):
                if value:
                    out.append(DateCandidate(raw=value, source="meta", role=role))
    for meta in root.xpath('//meta[contains(concat(" ", @class, " "), " cms-date ")][@content]'):
        out.append(DateCandidate(raw=meta.get("content").strip(), source="meta"))
    return out


def _short_texts(elements: Iterable[HtmlElement]) -> Iterable[tuple[HtmlElement, str]]:
    """Innermost elements whose short text holds a date (``Thứ Tư, 24/12/2025 09:30:00 +07:00``)."""
    for el in elements:
        if not isinstance(el.tag, str) or el.tag in ("ldjson", "a"):
            continue
        text = text_of(el)
        if len(text) > 90 or not VISIBLE_DATE.search(text):
            continue
        if any(isinstance(c.tag, str) and VISIBLE_DATE.search(c.text_content()) for c in el):
            continue  # a child holds the date: report the innermost element only
        yield el, text


def zone_candidates(zone: list[HtmlElement], rule_dates: list[HtmlElement], *,
                    near_title: bool = True) -> list[DateCandidate]:
    """Dates shown in the article header: the rule's date element, ``<time>``, short date texts
    (``near_title`` only when the page's headline element was found)."""
    out: list[DateCandidate] = []
    for el in rule_dates:
        out.append(DateCandidate(raw=text_of(el), source="text", near_title=True))
    for el in zone:
        if el.tag == "time" and el.get("datetime"):
            out.append(DateCandidate(raw=el.get("datetime").strip(), source="time"))
    for _, text in _short_texts(zone):
        out.append(DateCandidate(raw=text, source="text", near_title=near_title))
    return out


def outside_candidates(before_article: list[HtmlElement]) -> list[DateCandidate]:
    """Header clocks and date widgets above the article: listed, but never in the article."""
    out = []
    for _, text in _short_texts(before_article):
        out.append(DateCandidate(raw=text, source="text", in_article=False))
        if len(out) >= _MAX_OUTSIDE:
            break
    return out


def url_candidates(url: str) -> list[DateCandidate]:
    """A date in the URL path (``/2024/05/17/``) or a VCCorp-style id (``…-20260307075519174.htm``),
    reported as an ISO date ``2026-03-07`` because the id has no separators of its own."""
    for pattern in _URL_DATE:
        m = pattern.search(url)
        if m:
            return [DateCandidate(raw=f"{m.group(1)}-{m.group(2)}-{m.group(3)}", source="url")]
    return []


def dedupe(candidates: list[DateCandidate]) -> list[DateCandidate]:
    seen: set[DateCandidate] = set()
    return [c for c in candidates if not (c in seen or seen.add(c))]  # type: ignore[func-returns-value]

"""Date candidates of a page, collected but not chosen (``scraper.dates`` chooses).

Where each comes from decides how much it is trusted: JSON-LD and meta tags first, ``<time>``
in the article header, visible strings next to the title (``near_title``), header clocks outside
the article (``in_article=False``, e.g. ``17/12/2020 09:32:25 (GMT +7)``), and a date in the URL.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
MAX_OUTSIDE = 3  # header clocks and date widgets above the article worth reporting


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


_CLOCK = re.compile(r"\b\d{1,2}:\d{2}\b")
_SKIP_TAGS = {"ldjson", "a", "title", "option", "textarea"}


def visible_dates(header: list[HtmlElement], until: HtmlElement) -> Iterator[tuple[HtmlElement, str, bool]]:
    """Short visible date strings in document order, each with the element holding it, and the
    ``<time datetime>`` values (flag True; those without a visible date string come last):
    ``Thứ Tư, 24/12/2025 09:30:00 +07:00``,
    ``16/12/2020 <span>23:59</span> GMT+7`` (the time in a sibling span is taken along).
    ``header`` is the elements from the article block's start up to ``until`` (the body's first
    paragraph) in document order: dates in and after the body are other articles' or its own."""
    seen: set[HtmlElement] = set()
    enclosing = set(until.iterancestors())  # their tails come after the body
    times = {el: el.get("datetime", "").strip() for el in header if el.tag == "time" and el.get("datetime")}
    for el in header:
        for text, holder in ((el.text, el), (None if el in enclosing else el.tail, el.getparent())):
            if not (_maybe_date(text) and VISIBLE_DATE.search(text)):  # type: ignore[arg-type]
                continue
            if holder is None or holder in seen or not isinstance(holder.tag, str) or holder.tag in _SKIP_TAGS:
                continue
            seen.add(holder)
            found = text_of(holder)
            if len(found) > 90:
                continue
            parent = holder.getparent()
            if not _CLOCK.search(found) and parent is not None and parent.tag not in ("body", "html"):
                around = text_of(parent)
                if len(around) <= 90 and _CLOCK.search(around):
                    found = around
            if holder in times:
                yield holder, times.pop(holder), True
            yield holder, found, False
    for el, value in times.items():  # <time> whose text is not a date string
        yield el, value, True


def _maybe_date(text: str | None) -> bool:
    """A cheap test before the date regex: most texts at the top of a page are menu words."""
    return bool(text) and ("/" in text or "-" in text or "." in text or "ng" in text)  # type: ignore[operator]


def early_dates(top: list[HtmlElement]) -> list[DateCandidate]:
    """Header clocks and date widgets at the top of the page, above the article: listed, never
    in the article (``Thứ Sáu, 01/11/2024 22:34 (GMT +7)``). An element holds a date when its
    own text or the text right after one of its children (``<b>Cập nhật</b> 01/11/2024``) has one."""
    out: list[DateCandidate] = []
    seen: set[HtmlElement] = set()
    for el in top:
        if _maybe_date(el.text) and VISIBLE_DATE.search(el.text):
            holder = el
        elif _maybe_date(el.tail) and VISIBLE_DATE.search(el.tail):
            holder = el.getparent()
        else:
            continue
        if holder is None or holder in seen or not isinstance(holder.tag, str) or holder.tag in _SKIP_TAGS:
            continue
        seen.add(holder)
        text = text_of(holder)
        if len(text) <= 90:
            out.append(outside_candidate(text))
            if len(out) == MAX_OUTSIDE:
                break
    return out


def rule_candidates(rule_dates: list[HtmlElement]) -> list[DateCandidate]:
    """The date element a family or site rule points at, next to the title."""
    return [DateCandidate(raw=text_of(el), source="text", near_title=True) for el in rule_dates]


def header_candidate(el: HtmlElement, text: str, is_time: bool, *, near_title: bool) -> DateCandidate:
    """A date shown in the article header (``near_title`` only when the headline element was found)."""
    if is_time:
        return DateCandidate(raw=text, source="time")
    return DateCandidate(raw=text, source="text", near_title=near_title)


def outside_candidate(text: str) -> DateCandidate:
    """A header clock or date widget above the article: listed, never in the article."""
    return DateCandidate(raw=text, source="text", in_article=False)


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

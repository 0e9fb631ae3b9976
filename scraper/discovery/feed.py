"""RSS 2.0 and Atom feeds as (link, publication date) pairs.

The date is kept as the raw string the feed printed (``pubDate``, ``dc:date``, Atom
``published``/``updated``) so the article request can carry it as a hint.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree


class FeedError(ValueError):
    """Not a feed: not XML, or neither <rss>/<rdf:RDF> nor <feed>."""


@dataclass(frozen=True)
class FeedItem:
    link: str
    published: str | None = None


def _local(tag: object) -> str:
    return tag.split("}", 1)[-1] if isinstance(tag, str) else ""


def _text(elem: etree._Element, *names: str) -> str | None:
    """The first non-empty direct child among ``names`` (local names), in the order given."""
    found = {_local(c.tag): (c.text or "").strip() for c in reversed(list(elem))}
    for name in names:
        if found.get(name):
            return found[name]
    return None


def _atom_link(entry: etree._Element) -> str | None:
    for link in entry:
        if _local(link.tag) == "link" and link.get("rel", "alternate") == "alternate" and link.get("href"):
            return link.get("href").strip()
    return None


def parse_feed(body: bytes) -> list[FeedItem]:
    """Items of an RSS 2.0 / RSS 1.0 / Atom feed, in feed order; raises FeedError otherwise."""
    parser = etree.XMLParser(recover=True, remove_comments=True, resolve_entities=False, no_network=True)
    try:
        root = etree.fromstring(body.lstrip(), parser=parser)
    except etree.XMLSyntaxError as exc:
        raise FeedError(f"not XML: {exc}") from None
    if root is None or _local(root.tag) not in ("rss", "RDF", "feed"):
        raise FeedError("not an RSS or Atom feed")
    items: list[FeedItem] = []
    for elem in root.iter():
        name = _local(elem.tag)
        if name == "item":
            link = _text(elem, "link", "guid")
            published = _text(elem, "pubDate", "date", "published", "updated")
        elif name == "entry":
            link = _atom_link(elem)
            published = _text(elem, "published", "updated")
        else:
            continue
        if link:
            items.append(FeedItem(link, published))
    return items

"""Declarative selector rules of a page: the site's overrides first, then its CMS family's.

A rule-set is ``{field: [css, …]}`` as in ``families.toml`` (``[families.f2.selectors]``) or a
site entry's ``selectors``. Fields: title, sapo, body, byline, source, date, section, tags,
related, drop (chrome inside the body to remove).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from scraper.registry.model import Family, Site

FIELDS = ("title", "sapo", "body", "byline", "source", "date", "section", "tags", "related", "drop")


@dataclass(frozen=True)
class RuleLayer:
    """One layer's selectors and its provenance label (``site:baocantho``, ``family:f3``)."""

    label: str
    selectors: dict[str, tuple[str, ...]] = field(default_factory=dict)


def _as_tuple(value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, (list, tuple)):
        return tuple(str(v) for v in value)
    return ()


def rule_layers(site: Site | None, family: Family | None) -> list[RuleLayer]:
    """The layers to try for a page, most specific first; empty when neither has rules."""
    layers = []
    if site is not None and site.selectors:
        layers.append(RuleLayer(f"site:{site.key}", {k: _as_tuple(v) for k, v in site.selectors.items()}))
    if family is not None and family.selectors:
        layers.append(RuleLayer(f"family:{family.key}", {k: _as_tuple(v) for k, v in family.selectors.items()}))
    return layers


def drop_selectors(layers: list[RuleLayer]) -> tuple[str, ...]:
    """Chrome selectors of every layer together: a site adds to its family's list."""
    return tuple(sel for layer in layers for sel in layer.selectors.get("drop", ()))

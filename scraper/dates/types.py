"""Date candidates as extraction finds them, before the dates module chooses one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Source = Literal["jsonld", "meta", "time", "text", "url", "sitemap", "feed"]
Role = Literal["published", "modified"]


@dataclass(frozen=True)
class DateCandidate:
    """One string that may hold the publish (or modified) time, with where it was found.

    ``in_article`` is False for strings outside the article container (a header clock such as
    ``Thứ Sáu, 01/11/2024 22:34 (GMT +7)``), which must never win over an in-article date.
    ``near_title`` marks visible text in the article header, next to the title.
    """

    raw: str
    source: Source
    role: Role = "published"
    in_article: bool = True
    near_title: bool = False


Precision = Literal["second", "minute", "day"]


@dataclass(frozen=True)
class ChosenDate:
    """The date a page is filed under: ISO text (``2022-09-10T15:05:37+07:00``), its raw string
    and source, its precision (``day`` for a date-only value at local midnight) and any warnings
    (e.g. ``weekday_mismatch``)."""

    iso: str
    raw: str
    source: Source
    precision: Precision
    warnings: tuple[str, ...] = ()

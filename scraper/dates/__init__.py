"""Vietnamese date/time text → aware datetime and ISO 8601 with ``+07:00``, and the choice of a
page's publish time among its candidates. Pure: no Scrapy, no clock, no network.

>>> parse_date("Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]").iso
'2022-09-10T15:05:37+07:00'
"""

from __future__ import annotations

from scraper.dates.choose import choose_date
from scraper.dates.parse import parse_date
from scraper.dates.result import ParseResult
from scraper.dates.zone import VN, to_iso

__all__ = ["VN", "ParseResult", "choose_date", "parse_date", "to_iso"]

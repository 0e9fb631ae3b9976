"""The raw page a spider hands to the pipelines: what was fetched, nothing interpreted yet."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass
class RawPage:
    """One fetched page.

    ``hints`` carries what discovery already knew about the URL (sitemap ``lastmod``,
    ``news:publication_date``, RSS ``pubDate``, listing date), as raw strings keyed by source
    (``"sitemap"``, ``"feed"``, ``"listing"``); extraction may use them as date candidates.
    """

    url: str  # as requested
    final_url: str  # after redirects
    status: int
    html: str = field(repr=False)  # decoded text (kept out of log lines)
    site: str  # registry key
    fetched_at: datetime  # aware, UTC
    headers: dict[str, str] = field(default_factory=dict)  # content-type, last-modified, etag
    hints: dict[str, str] = field(default_factory=dict)
    # schema v2 archive block: the WARC record keeping these bytes (``scraper.archive``), and for a
    # copy read from a web archive or an imported WARC, where and when it was archived
    warc: dict[str, Any] | None = None
    archive: dict[str, Any] | None = None

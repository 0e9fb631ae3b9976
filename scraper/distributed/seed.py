"""What the corpus folder already holds, copied into the shared seen-index and frontier.

A corpus crawled before without Redis (or added to by ``backfill``, ``import-warc`` or
``reextract`` between two distributed crawls) has its seen-index and frontier in
``<out>/state/store.sqlite``. Before each new job the planner opens the folder's store the usual
way (corpus lock, reconciling every file, shards included) and copies every row Redis does not
have yet (``HSETNX``: what Redis knows is never overwritten). So a distributed crawl never stores
an article the folder already holds, and never re-fetches what an earlier crawl finished.
"""

from __future__ import annotations

import json
import logging
from pathlib import Path

from scraper.distributed.keys import Keys, content_key, url_key
from scraper.distributed.link import RedisLink
from scraper.store.state import open_state

log = logging.getLogger(__name__)

CHUNK = 2000


def _copy(link: RedisLink, rows, write) -> int:
    """Send ``write(pipe, row)`` for every row, ``CHUNK`` rows per round trip."""
    n = 0
    pipe = link.client.pipeline(transaction=False)
    for row in rows:
        write(pipe, row)
        n += 1
        if n % CHUNK == 0:
            link.call(pipe.execute)
            pipe = link.client.pipeline(transaction=False)
    link.call(pipe.execute)
    return n


def seed(out: Path, link: RedisLink, keys: Keys) -> int:
    """Copy the folder's seen-index and frontier into Redis; returns the stored articles read.

    Raises ``LockHeld`` when another process holds the corpus (a single-process crawl, workers).
    """
    state = open_state(out)
    try:
        conn = state.conn
        stored = _copy(link, conn.execute("SELECT url, content_hash, modified_at, version FROM seen_url"),
                       lambda pipe, r: pipe.hsetnx(keys.seen_url, url_key(r[0]), f"{r[1]}\t{r[2] or ''}\t{r[3]}\t"))
        _copy(link, conn.execute("SELECT site, content_hash, url FROM seen_site_content"),
              lambda pipe, r: pipe.hsetnx(keys.seen_content, content_key(r[0], r[1]), r[2]))

        def frontier_row(pipe, r) -> None:
            url, site, meta, outcome = r
            fields = json.loads(meta or "{}")
            lastmod = fields.get("lastmod") or ""
            pipe.hsetnx(keys.frontier, url_key(url), f"{site or ''}\t{outcome or ''}\t{lastmod}")
            if outcome is None and site:
                hints = fields.get("hints") or {}
                pipe.hsetnx(keys.pending(site), url_key(url), json.dumps({"url": url, "hints": hints},
                                                                            ensure_ascii=False, sort_keys=True))

        _copy(link, conn.execute("SELECT url, site, meta, outcome FROM frontier"), frontier_row)
    finally:
        state.close()
    link.call(link.client.hset, keys.meta, "seeded", "1")
    if stored:
        log.info("seen-index of %s (%d stored articles) copied into Redis", out, stored)
    return stored

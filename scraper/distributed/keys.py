"""Key names in Redis: everything of one corpus under ``vnnews:<corpus id>:``, nothing else touched.

The corpus id is made once, by the first ``vnnews crawl --redis`` on a corpus folder, and kept in
``<out>/state/redis-corpus``; a worker whose folder carries an id works only for that corpus.
So a Redis shared with another program, or holding several corpora, never mixes them up: every
command reads and writes only its own namespace (``SCAN`` with a ``vnnews:*`` pattern is the one
look at other keys, to list the corpora planned in a server).

URLs and content hashes are kept as 8-byte BLAKE2b keys (16 hex characters): the seen-index and
frontier then cost about the same per article whatever the URL's length. Two different URLs
sharing a key (a false "already stored") has a probability of about n²/2⁶⁵: 3·10⁻⁸ for a
million articles.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from pathlib import Path

from scraper.store.paths import state_dir

PREFIX = "vnnews"
CORPUS_FILE = "redis-corpus"
CORPUS_ID = re.compile(r"^[a-z0-9][a-z0-9_-]{2,40}$")


class CorpusMismatch(ValueError):
    """A corpus folder bound to one Redis corpus asked to work for another (one line)."""


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def url_key(url: str) -> str:
    return digest(url)


def content_key(site: str, content_hash: str) -> str:
    """The (outlet, text) pair that makes a second URL of one article a duplicate."""
    return digest(f"{site}\x00{content_hash}")


def read_corpus_id(out: Path) -> str | None:
    path = state_dir(out) / CORPUS_FILE
    try:
        value = path.read_text("utf-8").strip()
    except FileNotFoundError:
        return None
    if not CORPUS_ID.match(value):
        raise CorpusMismatch(f"{path} holds {value!r}, not a corpus id; remove it or fix it")
    return value


def bind_corpus_id(out: Path, wanted: str | None = None) -> str:
    """The folder's corpus id; a new one (or ``wanted``) is written when it has none.

    Raises CorpusMismatch when the folder is bound to another id than ``wanted``.
    """
    current = read_corpus_id(out)
    if current is not None:
        if wanted is not None and wanted != current:
            raise CorpusMismatch(f"corpus folder {out} belongs to Redis corpus {current!r}, not {wanted!r}; "
                                 "use another --out for that corpus")
        return current
    value = wanted or secrets.token_hex(5)
    if not CORPUS_ID.match(value):
        raise CorpusMismatch(f"corpus id {value!r} is not of the form [a-z0-9][a-z0-9_-]+")
    path = state_dir(out) / CORPUS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(value + "\n", "utf-8")
    tmp.replace(path)
    return value


class Keys:
    """Every key of one corpus; ``Keys("3f9c0a1b2d").queue("baolaocai")`` ->
    ``vnnews:3f9c0a1b2d:q:baolaocai``."""

    def __init__(self, corpus: str) -> None:
        self.corpus = corpus
        self.ns = f"{PREFIX}:{corpus}:"

    def __call__(self, *parts: str) -> str:
        return self.ns + ":".join(parts)

    # the plan
    @property
    def job(self) -> str:  # hash: sites, spider arguments, registry files, budget, planner state
        return self("job")

    def queue(self, site: str) -> str:  # sorted set: pickled requests by -priority (scrapy-redis)
        return self("q", site)

    def dupefilter(self, site: str) -> str:  # set: request fingerprints queued in this job
        return self("df", site)

    # workers and leases
    @property
    def workers(self) -> str:  # sorted set: token -> last heartbeat (server time, ms)
        return self("workers")

    def worker(self, token: str) -> str:  # hash: id, host, pid, started
        return self("wk", token)

    def token_of(self, worker_id: str) -> str:  # string: the token of that worker's last process
        return self("wid", worker_id)

    def leases(self, token: str) -> str:  # hash: lease id -> site \t score \t request
        return self("lease", token)

    @property
    def lease_seq(self) -> str:
        return self("seq")

    # seen-index and frontier
    @property
    def seen_url(self) -> str:  # hash: url key -> content_hash \t modified_at \t version \t worker
        return self("su")

    @property
    def seen_content(self) -> str:  # hash: content key -> url
        return self("sc")

    @property
    def claims(self) -> str:  # hash: url/content key -> token storing it right now
        return self("cl")

    def claims_of(self, token: str) -> str:  # set: the keys that token claimed
        return self("clt", token)

    @property
    def frontier(self) -> str:  # hash: url key -> site \t outcome \t lastmod
        return self("fr")

    def pending(self, site: str) -> str:  # hash: url key -> {"url", "hints"} while unfinished
        return self("fp", site)

    # politeness
    def host(self, host: str) -> str:  # hash: next (ms), backoff (ms)
        return self("host", host)

    def held(self, host: str) -> str:  # sorted set: ticket -> hold expiry (ms)
        return self("held", host)

    # figures
    @property
    def stored(self) -> str:  # hash: minute (epoch // 60) -> records confirmed
        return self("stored")

    @property
    def job_stats(self) -> str:  # hash: summed crawl stats of the job's finished processes
        return self("jstats")

    @property
    def job_members(self) -> str:  # set: tokens of processes working the current job
        return self("jmembers")

    @property
    def meta(self) -> str:  # hash: created, seeded (the corpus's own seen-index copied in)
        return self("meta")


def corpora_in(client, prefix: str = PREFIX) -> list[str]:
    """Corpus ids with a planned job in this Redis (``SCAN``: reads key names only)."""
    found = set()
    for name in client.scan_iter(match=f"{prefix}:*:job", count=1000):
        text = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name)
        parts = text.split(":")
        if len(parts) == 3 and CORPUS_ID.match(parts[1]):
            found.add(parts[1])
    return sorted(found)

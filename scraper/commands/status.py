"""Show a distributed crawl's progress, read from Redis: queues, leases, workers, pace.

For the corpus of --out (or --corpus ID, or every corpus planned in this Redis): the job and
whether its planner is done, the article requests queued per site, the leases in flight, the
workers alive (by heartbeat: a worker silent for VNNEWS_REDIS_TIMEOUT seconds is taken for
dead and its leases go back to the queue), records stored per minute over the last 5 minutes,
and the sizes of the shared seen-index and frontier. Reads only.

Examples:
  vnnews status --redis redis://127.0.0.1:6379/0
  vnnews status --redis redis://10.0.0.5:6379/0 --out /srv/corpus
  watch -n 10 vnnews status                      # with VNNEWS_REDIS_URL set

Exit codes: 0 ok, 3 Redis unreachable (or no corpus planned there).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scraper import exitcodes
from scraper.distributed.keys import CorpusMismatch, corpora_in, read_corpus_id
from scraper.distributed.setup import SetupError, open_link, redis_url
from scraper.distributed.status import corpus_status
from scraper.project import SettingsError, project_settings


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("--redis", metavar="URL", help="the Redis the crawl was planned into (default: VNNEWS_REDIS_URL)")
    p.add_argument("--out", metavar="DIR", help="the corpus folder whose crawl to show (default: every corpus)")
    p.add_argument("--corpus", metavar="ID", help="the Redis corpus id to show")


def run(args: argparse.Namespace) -> int:
    try:
        settings = project_settings()
        url = redis_url(args.redis, settings)
        if not url:
            raise SetupError("no Redis: pass --redis URL or set VNNEWS_REDIS_URL")
        link = open_link(url)
        corpora = [args.corpus] if args.corpus else None
        if corpora is None and args.out:
            found = read_corpus_id(Path(args.out))
            if found is None:
                raise SetupError(f"{args.out} was never planned into Redis (no state/redis-corpus)")
            corpora = [found]
        if corpora is None:
            corpora = link.call(corpora_in, link.client)
        if not corpora:
            raise SetupError(f"no crawl planned in Redis at {link.safe_url}")
    except (SetupError, SettingsError, CorpusMismatch) as exc:
        print(f"vnnews status: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    timeout = settings.getfloat("VNNEWS_REDIS_TIMEOUT", 30.0)
    for corpus in corpora:
        print("\n".join(corpus_status(link, corpus).lines(timeout)))
    return exitcodes.OK

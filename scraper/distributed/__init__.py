"""Several crawl workers on one Redis: one frontier, one politeness budget, nothing lost or twice.

``vnnews crawl SITE… --redis URL`` plans (discovery: sitemaps, feeds, listings) and pushes every
article request into Redis; any number of ``vnnews worker --redis URL`` processes, on this machine
or others, lease requests, fetch, extract and store them, each into its own shard files
(``<YYYY-MM>.<worker>.jsonl``, its own WARC files). docs/distributed.md is the user's guide.

    link       the Redis connection: one clear line when unreachable at start, a pause (said
               once) while it is away mid-run, round trips counted
    keys       key names, namespaced per corpus (``vnnews:<corpus id>:…``); URL keys
    scripts    the Lua scripts that make each step atomic (lease, claim, confirm, reap, budget)
    leases     the queue's lease discipline: pop = lease, done = ack at the batch commit, a dead
               worker's leases go back to the queue (heartbeats)
    seen       the shared seen-index: judge-and-claim per article, confirm per batch
    frontier   the shared frontier (planned/finished URLs with their outcome and lastmod)
    budget     one politeness budget per host across all workers (slots, delay, back-off)
    clusters   syndication clusters in the corpus folder's SQLite, one short transaction each
    state      the ``CrawlState`` stand-ins the pipelines and the spider see (worker, planner)
    settle     a restarted worker's unconfirmed tail: kept when its claim still holds, else cut
    job        what a planned crawl is (sites, arguments, registry), when it is complete, and its
               combined manifest (drift alarms over all workers)
    seed       a corpus crawled before without Redis: its seen-index and frontier copied in once
    status     the figures ``vnnews status`` prints

Dependencies point one way, like the rest of ``scraper``: nothing here imports Scrapy's
components from ``spiders/`` or ``pipelines/``.
"""

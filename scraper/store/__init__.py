"""The corpus on disk: append-only JSONL files, the seen-index, the crawl frontier, locks, run manifests.

    paths      where files go (site key + Vietnam month only)
    codecs     a batch as bytes (plain lines, one gzip member, one zstd frame) and reading units back
    writer     buffered appends, written whole and fsynced at batch boundaries
    db         the SQLite state database (WAL), one transaction per batch
    index      the seen-index: dedup by canonical URL and content hash, versions
    frontier   article URLs planned and finished, for resume after a kill
    reconcile  on start: cut torn tails, re-index lines written after the last checkpoint
    state      ``open_state(out)``: the shared lock + index + frontier + writer of a corpus
    lock       one writer per corpus directory (flock)
    manifest   run manifests and exit codes; ``runlog`` the rotating log file
    rejects    records that failed the schema, with reasons
    summary    ``vnnews stats``: streaming per-site/month counts and field coverage
    interfaces the SeenIndex/Frontier protocols a shared (e.g. Redis) backend would implement
"""

"""The corpus on disk: append-only JSONL files, the seen-index, the crawl frontier, locks, run manifests."""

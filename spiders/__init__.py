"""Discovery and fetching only: spiders find article URLs (sitemaps, feeds, listings) and yield RawPage."""

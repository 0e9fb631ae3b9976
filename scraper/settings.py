"""Scrapy settings for vnnews: polite by default, the article pipelines wired in order.

``scrapy crawl news -a site=KEY`` and ``vnnews crawl KEY`` both read this module.
"""

from __future__ import annotations

import os

from scraper.layout import bind_project_packages

# spiders/ and pipelines/ are this project's own top-level packages: bind their names to the
# folders beside scraper/ before Scrapy imports them by string, so that an unrelated installed
# package called `pipelines` or `spiders` can never stand in for them.
bind_project_packages()

BOT_NAME = "vnnews"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

CONTACT_URL = os.environ.get("VNNEWS_CONTACT_URL", "https://github.com/vnnews/vnnews")
USER_AGENT = f"vnnews/0.1 (+{CONTACT_URL}; research crawler for Vietnamese provincial news)"

ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [429, 500, 502, 503, 504, 522, 524, 408]
DOWNLOAD_TIMEOUT = 30
# Certificates are verified. A registry site marked `tls_verify = false` is refused unless listed
# here by the user (comma-separated keys); only then is verification off, for that crawl only.
DOWNLOAD_VERIFY_CERTIFICATES = True
VNNEWS_INSECURE_TLS_SITES: list[str] = []
# 429/503: wait Retry-After (or 2·2^attempt s) before retrying; refuse waits above the maximum.
VNNEWS_RETRY_BACKOFF_BASE = 2.0
VNNEWS_RETRY_MAX_DELAY = 120.0
DOWNLOADER_MIDDLEWARES = {
    "spiders.middlewares.SiteOffsiteMiddleware": 50,  # before robots.txt is even fetched
    # Scrapy's, fixed: requests queued while robots.txt loads are all checked (see the class)
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "spiders.middlewares.RobotsTxtMiddleware": 100,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.PoliteRetryMiddleware": 550,
    "pipelines.runstats.DownloadErrors": 90,  # below retries and robots.txt: sees final outcomes
    "spiders.archive.WarcMiddleware": 900,  # next to the downloader: responses as received
}
# Per-site requests/responses, frontier marks for dropped pages, the run manifest.
EXTENSIONS = {"pipelines.runstats.RunStats": 500}
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = os.environ.get("VNNEWS_LOG_LEVEL", "INFO")

# Where the corpus goes (``vnnews crawl --out`` overrides).
VNNEWS_OUT = os.environ.get("VNNEWS_OUT", "data")
# Corpus files: "none" | "gzip" | "zstd" (``vnnews crawl --compress``); batch boundary = N records
# or T seconds, whichever comes first (fsync of the files, then the index commit).
VNNEWS_COMPRESSION = os.environ.get("VNNEWS_COMPRESSION", "none")
VNNEWS_BATCH_RECORDS = 200
VNNEWS_BATCH_SECONDS = 5.0
# Web archives (docs/archive.md). Every article response is kept as WARC under <out>/archive
# (``vnnews crawl --no-archive`` turns it off); files rotate at this size.
VNNEWS_ARCHIVE = os.environ.get("VNNEWS_ARCHIVE", "1").lower() not in ("0", "false", "no", "off")
VNNEWS_ARCHIVE_MAX_BYTES = int(os.environ.get("VNNEWS_ARCHIVE_MAX_BYTES", 1 << 30))
# Where ``vnnews backfill`` finds the archives (tests point them at 127.0.0.1).
VNNEWS_WAYBACK_CDX_URL = os.environ.get("VNNEWS_WAYBACK_CDX_URL", "https://web.archive.org/cdx/search/cdx")
VNNEWS_WAYBACK_URL = os.environ.get("VNNEWS_WAYBACK_URL", "https://web.archive.org/web")
VNNEWS_CC_INDEX_URL = os.environ.get("VNNEWS_CC_INDEX_URL", "https://index.commoncrawl.org")
VNNEWS_CC_DATA_URL = os.environ.get("VNNEWS_CC_DATA_URL", "https://data.commoncrawl.org")
# Several workers on one Redis (docs/distributed.md): ``vnnews crawl --redis URL`` plans into it,
# ``vnnews worker --redis URL`` works from it; this is the URL when no --redis is given. A worker
# beats every HEARTBEAT seconds; one silent for TIMEOUT seconds is taken for dead and its leases
# go back to the queue. VNNEWS_DISCOVERY off: the spider only fetches what it is given (workers).
VNNEWS_REDIS_URL = os.environ.get("VNNEWS_REDIS_URL", "")
VNNEWS_REDIS_HEARTBEAT = 5.0
VNNEWS_REDIS_TIMEOUT = 30.0
VNNEWS_DISCOVERY = True
# Extra registry files (``--sites-file``), a list of paths.
VNNEWS_SITES_FILES: list[str] = []

# Scrapy starts CONCURRENT_ITEMS asyncio workers for every response's output (100 by default, so
# ~100 tasks per article page). The pipelines are synchronous CPU work: more workers only cost.
CONCURRENT_ITEMS = 1

# Scrapy re-reads a callback's source (inspect + ast) on every response to warn about a generator
# that returns a value: its cache misses for bound methods. Our callbacks return none; 3 % of a
# crawl's CPU went there (profile of a 3,000-article demo crawl).
WARN_ON_GENERATOR_RETURN_VALUE = False

# Request fingerprints of a run on disk, not in a Python set that grows with the run.
DUPEFILTER_CLASS = "spiders.dupefilter.DiskDupeFilter"

ITEM_PIPELINES = {
    "pipelines.extract.ExtractPipeline": 100,
    "pipelines.normalise.NormalisePipeline": 200,
    "pipelines.validate.ValidatePipeline": 300,
    "pipelines.window.WindowPipeline": 350,
    "pipelines.dedupe.DedupePipeline": 400,
    "pipelines.store.StorePipeline": 500,
    "pipelines.health.HealthPipeline": 600,  # figures of what was stored, for the drift alarms
}

# Drift alarms (scraper/health/drift.py): each site's run is compared with the median of its last
# VNNEWS_HEALTH_HISTORY_RUNS runs that stored at least VNNEWS_HEALTH_MIN_RECORDS records; an alarm
# makes the exit code 4. A share of records (dated from the page, with authors, sapo, related
# links) alarms when it falls below SHARE_RATIO of usual and by SHARE_POINTS; the median body
# length below BODY_RATIO of usual; pages dropped as not_article when their share rises by
# NOT_ARTICLE_POINTS and doubles; feed/sitemap entries the article pattern misses when their share
# rises by PATTERN_POINTS; new articles when fewer than NEW_RATIO of what the site's usual daily
# pace predicts since its last run, if that is at least NEW_USUAL.
VNNEWS_HEALTH_HISTORY_RUNS = 5
VNNEWS_HEALTH_MIN_RECORDS = 20
VNNEWS_HEALTH_SHARE_RATIO = 0.5
VNNEWS_HEALTH_SHARE_POINTS = 0.2
VNNEWS_HEALTH_BODY_RATIO = 0.5
VNNEWS_HEALTH_NOT_ARTICLE_POINTS = 0.2
VNNEWS_HEALTH_PATTERN_POINTS = 0.5
VNNEWS_HEALTH_NEW_USUAL = 10
VNNEWS_HEALTH_NEW_RATIO = 0.1

"""The ``probe`` spider: Scrapy's downloader for ``vnnews probe`` (the logic is ``scraper.probe``).

It makes no request of its own: ``start()`` runs each site's probe, which asks for one URL at a
time through ``download`` → ``engine.download_async``. The requests go through the same
downloader as a crawl (user agent, TLS settings, DOWNLOAD_DELAY / AutoThrottle per host,
decompression), so what the probe sees is what a crawl will see. robots.txt and
redirects are handled by ``scraper.probe.client.PoliteClient`` instead of the middlewares: it
checks every hop of a redirect itself, which is how a home page moved to a new domain shows.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy

from scraper.probe.client import PoliteClient, Raw
from scraper.probe.run import Target, probe_site
from scraper.registry import Registry

PROBE_REQUESTS = 40  # per site, robots.txt included; plus one per sampled article


class ProbeSpider(scrapy.Spider):
    name = "probe"
    custom_settings = {
        "ROBOTSTXT_OBEY": False,  # PoliteClient reads each host's robots.txt and checks every URL (protego)
        "REDIRECT_ENABLED": False,  # PoliteClient follows redirects hop by hop
        "ITEM_PIPELINES": {},
        "EXTENSIONS": {},  # no run manifest, no corpus: a probe writes nothing but its report
        # no retries: the request bound is exact; a 503 or a refused connection is reported as it is
        "DOWNLOADER_MIDDLEWARES": {"scrapy.downloadermiddlewares.retry.RetryMiddleware": None},
        "RETRY_ENABLED": False,
        "CONCURRENT_REQUESTS": 1,
    }

    def __init__(self, targets: list[Target] | None = None, registry: Registry | None = None,
                 options: dict[str, Any] | None = None, reports: list | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.targets = list(targets or [])
        self.registry = registry
        self.options = dict(options or {})
        self.reports = reports if reports is not None else []

    async def start(self) -> AsyncIterator[scrapy.Request]:
        budget = PROBE_REQUESTS + int(self.options.get("articles", 5))
        for target in self.targets:
            client = PoliteClient(self.download, self.settings.get("USER_AGENT"), budget)
            self.reports.append(await probe_site(target, client, self.registry, **self.options))
        return
        yield  # an async generator that yields nothing: the probe asks for its pages itself

    async def download(self, url: str) -> Raw:
        request = scrapy.Request(url, dont_filter=True, meta={"dont_redirect": True, "handle_httpstatus_all": True})
        try:
            response = await self.crawler.engine.download_async(request)
        except Exception as exc:  # noqa: BLE001 - any download failure is a finding of the probe, not a crash
            return Raw(url, None, {}, b"", exc)
        headers = {}
        for name in (b"Content-Type", b"Location", b"Retry-After"):
            value = response.headers.get(name)
            if value is not None:
                headers[name.decode().lower()] = value.decode("latin-1")
        return Raw(url, response.status, headers, response.body)

"""``vnnews probe``: first contact with a site, before any crawl.

For a registry key (or a bare home-page URL) it checks what the registry says and looks for what
it does not: robots.txt, the home page and where it redirects, feeds named by
``<link rel="alternate">``, the usual feed and sitemap locations of Vietnamese CMSs, each feed /
sitemap / listing (reachable? parses? article URLs? newest date?), the article-URL pattern
(checked against the family rules, or learned from the shapes of the home page's links), and a
few articles fetched and extracted field by field. It prints a verdict per item and can write a
corrected or new registry entry.

The logic here never fetches by itself: ``run.probe_site`` awaits a ``client.PoliteClient``,
which the ``probe`` spider feeds with Scrapy's own downloader (same user agent, TLS settings,
delays and decompression as a crawl). So this package stays free of Scrapy and testable.
"""

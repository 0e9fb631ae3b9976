"""The offline demo: a generated mock provincial news site and a local server for it (no Scrapy).

``generate.build_site`` writes the site, ``server.DemoServer`` serves it on 127.0.0.1 and counts
every request, so tests can assert exactly which pages a crawl fetched.
"""

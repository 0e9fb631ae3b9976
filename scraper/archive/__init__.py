"""Web archives: the crawl's own WARC files, reading them back, and pages recovered from others.

- ``capture``: one HTTP exchange as bytes and headers (``Capture``), and the page it becomes.
- ``warcfile``: the WARC files of a corpus (``<out>/archive/<site>/<YYYY-MM>/*.warc.gz``), written
  with warcio under the store's batch discipline; ``repair`` cuts a torn last member on start.
- ``read``: one record back from a corpus pointer, and every record of any WARC/ARC file,
  skipping (and counting) corrupt ones.
- ``reextract``, ``ingest`` (``vnnews import-warc``), ``cdx`` and ``targets`` (``vnnews backfill``).

Nothing here imports Scrapy: the spiders turn responses into ``Capture`` values and back.
"""

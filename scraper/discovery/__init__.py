"""Discovery parsing without Scrapy: sitemaps, RSS/Atom feeds, listing pages and date windows.

The spider fetches; these functions read what it fetched, so they run on saved files too.
"""

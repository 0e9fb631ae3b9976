"""Check a site before crawling it: what its registry entry says, and what it does not.

For each SITE (a registry key) or URL (the home page of a site not yet in the registry):
  - robots.txt: its Sitemap lines; whether our user agent may fetch what the probe needs;
  - the home page: where it redirects (a new domain?), feeds named by <link rel="alternate">;
  - every feed, sitemap (dated ones for this month) and listing of the entry: reachable? parses?
    how many article URLs? the newest date?
  - the usual places of Vietnamese CMSs the entry does not name: /sitemap.xml,
    /sitemap_index.xml, /sitemaps/news-YYYY-M.xml, /rss, /rss.html, /feed, /rss/home.rss, and
    the feeds an RSS index page links to;
  - the article URL pattern: which home-page links are articles by the family's rules; for an
    unknown site (or rules that miss), a pattern learned from the shapes of the links
    (-post<id>.html, -a<id>.html, /<slug>-<id>.html, /<section>/<slug>.html…), proposed as
    article_url;
  - N articles fetched and extracted (title, published_at and its source, authors, sapo, body
    length, related links) and which layer won each field (jsonld, meta, family rule, generic).
It prints a verdict per item: works, BROKEN (why) or FOUND (not in the entry).

Politeness as in a crawl: the user agent of the crawl, robots.txt obeyed for every request (and
every redirect hop), one request at a time with the crawl's delay (DOWNLOAD_DELAY, AutoThrottle).
At most 40 requests per site, robots.txt included, plus one per sampled article (--articles);
none is retried, so a 429/503 answer is reported as it came.

--write FILE writes the corrected entry (for a SITE) or a new one (for a URL) in the registry's
own TOML format: check it with `vnnews sites --check --sites-file FILE` and crawl with
`vnnews crawl KEY --sites-file FILE` (its key replaces the shipped entry whole).

Examples:
  vnnews probe baoquangninh
  vnnews probe baolaocai baocantho --articles 3
  vnnews probe https://baomoi-tinh.vn/ --key baomoitinh --province "Sơn La" --write new.toml

Exit codes: 0 the entry works; 4 parts are broken (or no way in / no article was found); 1 the
site cannot be reached at all; 3 unknown site, bad URL or unreadable sites file.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from scraper import exitcodes
from scraper.project import SettingsError, apply_overrides, project_settings
from scraper.registry import RegistryError, load_registry

MAX_ARTICLES = 20


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("targets", nargs="+", metavar="SITE|URL", help="registry keys or home-page URLs")
    p.add_argument("--sites-file", action="append", default=[], metavar="FILE",
                   help="extra registry TOML adding or overriding sites (repeatable)")
    p.add_argument("--write", metavar="FILE", type=Path,
                   help="write the corrected or new registry entries (TOML) to FILE")
    p.add_argument("--articles", type=int, default=5, metavar="N",
                   help=f"articles to fetch and extract per site (default 5, at most {MAX_ARTICLES})")
    p.add_argument("--key", help="registry key for a new site given as URL (default: from its host)")
    p.add_argument("--province", help="province of a new site given as URL (makes it a provincial outlet)")
    p.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                   help="override a Scrapy setting, e.g. --set DOWNLOAD_DELAY=2 (repeatable)")
    p.add_argument("-v", "--verbose", action="store_true", help="show Scrapy's logs")


def run(args: argparse.Namespace) -> int:
    from scraper.probe.run import target_of

    try:
        if not 1 <= args.articles <= MAX_ARTICLES:
            raise ValueError(f"--articles must be between 1 and {MAX_ARTICLES}")
        registry = load_registry(args.sites_file)
        targets = [target_of(t, registry) for t in args.targets]
        if (args.key or args.province) and (len(targets) != 1 or targets[0].site is not None):
            raise ValueError("--key and --province name one new site: give exactly one URL not in the registry")
        if args.write is not None and not args.write.parent.is_dir():
            raise ValueError(f"--write {args.write}: {args.write.parent} is not a folder")
        settings = apply_overrides(project_settings(), args.set, args.verbose)
    except (RegistryError, KeyError, ValueError, SettingsError) as exc:
        print(f"vnnews probe: {exc.args[0] if exc.args else exc}", file=sys.stderr)
        return exitcodes.CONFIG
    if not args.verbose:
        logging.getLogger().addHandler(logging.NullHandler())  # Scrapy's logs: shown with -v only
    options = {"articles": args.articles, "key": args.key, "province": args.province}
    try:
        reports = _probe(settings, targets, registry, options)
    except SettingsError as exc:
        print(f"vnnews probe: {exc}", file=sys.stderr)
        return exitcodes.CONFIG
    for report in reports:
        sys.stdout.write(report.text())
    if len(reports) < len(targets):
        print("vnnews probe: the probe stopped early (run with -v for Scrapy's log)", file=sys.stderr)
        return exitcodes.FAILED
    if args.write is not None:
        code = _write(args.write, [r for r in reports if r.entry is not None])
        if code:
            return code
    codes = [r.exit_code for r in reports]
    return exitcodes.FAILED if exitcodes.FAILED in codes else max(codes)


def _probe(settings, targets, registry, options) -> list:
    from scrapy.crawler import CrawlerProcess

    from scraper.project import create_crawler

    reports: list = []
    process = CrawlerProcess(settings)
    crawler = create_crawler(process, "probe")
    process.crawl(crawler, targets=targets, registry=registry, options=options, reports=reports)
    process.start()
    return reports


def _write(path: Path, reports: list) -> int:
    from scraper.registry.writer import dumps

    header = ("Registry entries written by `vnnews probe`. Check: vnnews sites --check --sites-file "
              f"{path.name}\nCrawl: vnnews crawl KEY --sites-file {path.name}")
    text = dumps([r.entry for r in reports], header=header)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(text, "utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        print(f"vnnews probe: cannot write {path}: {exc.strerror or exc}", file=sys.stderr)
        return exitcodes.FAILED
    keys = ", ".join(r.entry.key for r in reports)
    print(f"vnnews probe: wrote {len(reports)} entr{'y' if len(reports) == 1 else 'ies'} ({keys}) to {path}",
          file=sys.stderr)
    return exitcodes.OK

"""One site's probe, step by step: robots.txt, home page, the registry's ways in, the usual places,
the article-URL pattern, a sample of articles, and the entry that would work.

Everything is fetched through a ``PoliteClient`` (robots.txt obeyed, bounded, the crawl's delays).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from urllib.parse import urlsplit

from scraper.dates.zone import PLUS7
from scraper.probe.client import Fetched, PoliteClient, origin_of
from scraper.probe.pages import PageLinks, read_page
from scraper.probe.report import BROKEN, FOUND, NOTE, WORKS, ProbeReport
from scraper.probe.sample import ArticleSample, extract, guess_family
from scraper.probe.shapes import Learned, learn
from scraper.probe.sources import SourceCheck, SourceChecker
from scraper.registry import Listing, Registry, Site, expand_dated
from scraper.urls import UrlRules, canonical_url, compile_rules, host_of, rules_for

USUAL_SITEMAPS = ("/sitemap.xml", "/sitemap_index.xml", "/sitemaps.xml", "/sitemap-news.xml",
                  "/sitemaps/news-{yyyy}-{m}.xml")
USUAL_FEEDS = ("/rss", "/rss.html", "/feed", "/rss/home.rss", "/rss/tin-moi-nhat.rss")
MAX_INDEX_FEEDS = 4  # feeds read off an RSS index page
SECTION_FEEDS = 2  # /rss/<section>.rss guesses, for the home page's first sections
MAX_SECTIONS = 8  # section pages read to find listings with pagination (budget permitting)
PATTERN_COVERAGE = 0.9  # share of feed/sitemap articles the rules must accept to "work"
DATED = "registry (dated)"  # origin of a dated sitemap's files: the template goes in the entry, not them


@dataclass(frozen=True)
class Target:
    """What to probe: a registry entry, or a bare home page (``site`` None)."""

    given: str  # as typed: a key or a URL
    home: str
    site: Site | None


def target_of(given: str, registry: Registry) -> Target:
    """A registry key, or a URL (its host's registry entry if it has one). Raises KeyError/ValueError."""
    if "://" not in given:
        site = registry.site(given)
        return Target(given, site.home, site)
    parts = urlsplit(given)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{given!r} is neither a registry key nor an http(s) URL")
    home = origin_of(given) + "/"
    return Target(given, home, registry.site_for_url(home))


def key_for(host: str) -> str:
    """A registry key from a host: ``www.baomoi.vn`` → ``baomoi``; ``127.0.0.1:8765`` → ``site_127_0_0_1_8765``."""
    name = host.lower().removeprefix("www.")
    if re.fullmatch(r"[\d.]+(:\d+)?", name):
        return "site_" + re.sub(r"[^a-z0-9]", "_", name)
    return re.sub(r"[^a-z0-9]", "_", name.split(".")[0]) or "site"


def outlet_name(page: PageLinks | None, host: str) -> str:
    if page is not None and page.site_name:
        return page.site_name
    if page is not None and page.title:
        return re.split(r"\s+[-|–—]\s+", page.title)[-1].strip() or page.title
    return host


class SiteProbe:
    def __init__(self, target: Target, client: PoliteClient, registry: Registry, *, articles: int = 5,
                 key: str | None = None, province: str | None = None, today: date | None = None) -> None:
        self.target, self.client, self.registry = target, client, registry
        self.site = target.site
        self.n_articles, self.province = articles, province
        self.today = today or datetime.now(PLUS7).date()
        host = urlsplit(target.home).netloc
        self.key = self.site.key if self.site else (key or key_for(host))
        self.report = ProbeReport(target=target.given, key=self.key, home=target.home, budget=client.budget)
        self.own_hosts = set(self.site.domains + self.site.former_domains) if self.site else {host}
        family = registry.family_of(self.site)
        self.rules: UrlRules = rules_for(self.site, family)
        self.not_article = family.not_article_url if family else ()
        self.home = target.home
        self.home_page: PageLinks | None = None
        self.checks: list[SourceCheck] = []  # every way in checked, listed or found
        self.learned: Learned | None = None
        self.family_guess: str | None = None  # for a site the registry does not know

    # -- the steps --------------------------------------------------------------------------

    async def run(self) -> ProbeReport:
        if not await self._reach():
            return self._finish()
        checker = SourceChecker(self.client, self.rules, self.own_hosts)
        await self._listed(checker)
        await self._found(checker)
        self._pattern()
        if self.learned is not None:
            checker.rules = self.rules
        await self._listings(checker)
        await self._articles()
        self.report.entry = self._entry()
        return self._finish()

    def _finish(self) -> ProbeReport:
        self.report.requests = self.client.used
        refused = sorted({c.url for c in self.checks if c.fetched is not None and c.fetched.kind == "robots"})
        if refused:
            self.report.add(NOTE, "robots.txt", "", f"keeps vnnews out of {len(refused)} URL(s) the entry "
                            f"needs or the probe tried: {', '.join(refused[:3])}")
        return self.report

    async def _reach(self) -> bool:
        """robots.txt and the home page; False when the site does not answer at all."""
        robots = await self.client.robots_for(self.home)
        home = await self.client.get(self.home)
        if not home.answered and robots.status is None:
            self.report.unreachable = home.problem or robots.problem or "no answer"
            return False
        if robots.parser is not None:
            detail = f"HTTP {robots.status}; {len(robots.sitemaps)} Sitemap line(s)"
            self.report.add(WORKS, "robots.txt", robots.url, detail)
        else:
            self.report.add(NOTE, "robots.txt", robots.url, f"{robots.problem}: everything allowed")
        if not home.ok:
            self.report.add(BROKEN, "home page", self.home, home.problem or f"HTTP {home.status}")
            return True
        final = origin_of(home.final_url) + "/"
        if host_of(final) != host_of(self.home):
            moved = host_of(final)
            status = BROKEN if self.site is not None and not self.site.owns_host(moved) else NOTE
            self.report.add(status, "domain", self.home, f"the home page redirects to {home.final_url}: "
                            f"the site now lives on {moved}")
            self.own_hosts.add(moved)
            self.home = final
            await self.client.robots_for(final)
        page = read_page(_text(home), home.final_url, self.own_hosts)
        self.home_page = page
        self.report.add(WORKS, "home page", home.final_url, f"HTTP {home.status}, {len(page.links)} links on the "
                        f"site's hosts, {len(page.alternate_feeds)} feed(s) named by <link rel=\"alternate\">")
        return True

    async def _listed(self, checker: SourceChecker) -> None:
        """Every feed, sitemap, dated sitemap and listing the registry entry names."""
        if self.site is None:
            return
        for url in self.site.feeds:
            self._judge(await checker.check(url, "registry", "feed"), "feed")
        for url in self.site.sitemaps:
            self._judge(await checker.check(url, "registry", "sitemap"), "sitemap")
        for template in self.site.dated_sitemaps:  # this month's file, else last month's
            files = expand_dated(template, self.today, self.today) + expand_dated(
                template, _month_before(self.today), _month_before(self.today))
            checks = [await checker.check(u, DATED, "sitemap") for u in files[:2]]
            best = next((c for c in checks if c.ok), checks[0]) if checks else None
            if best is not None:
                self._judge(best, "dated sitemap", subject=template)

    async def _found(self, checker: SourceChecker) -> None:
        """robots.txt Sitemap lines, <link rel="alternate"> feeds, then the usual places."""
        for robots in list(self.client.robots.values()):
            for url in robots.sitemaps:
                await self._try(checker, url, "robots.txt", "sitemap")
        for url in (self.home_page.alternate_feeds if self.home_page else []):
            await self._try(checker, url, '<link rel="alternate">', "feed")
        base = self.home.rstrip("/")
        if not self._working("sitemap"):
            for path in USUAL_SITEMAPS:
                url = base + path.format(yyyy=self.today.year, m=self.today.month)
                found = await self._try(checker, url, "usual location", "sitemap")
                if found is not None and found.ok:
                    break
        if not self._working("feed"):
            for path in USUAL_FEEDS + self._section_feeds():
                found = await self._try(checker, base + path, "usual location", "feed")
                if found is not None and found.kind == "RSS index":
                    for feed in found.feeds[:MAX_INDEX_FEEDS]:
                        await self._try(checker, feed, "RSS index page", "feed")
                if self._working("feed"):
                    break

    def _section_feeds(self) -> tuple[str, ...]:
        """``/rss/<section>.rss`` for the home page's first sections (``/thoi-su/`` → ``/rss/thoi-su.rss``)."""
        slugs = [urlsplit(u).path.strip("/").split("/")[0].split(".")[0] for u in
                 (self.home_page.sections if self.home_page else [])]
        return tuple(f"/rss/{slug}.rss" for slug in dict.fromkeys(s for s in slugs if s))[:SECTION_FEEDS]

    async def _try(self, checker: SourceChecker, url: str, origin: str, expected: str) -> SourceCheck | None:
        """Check a way in the registry does not name (once per URL); report it only if it works."""
        url = canonical_url(url)
        if host_of(url) not in self.own_hosts or any(url in (c.url, c.final_url) for c in self.checks):
            return None
        if self.client.left <= self.n_articles:
            return None
        check = await checker.check(url, origin, expected)
        self.checks.append(check)
        if check.ok and check.kind != "RSS index":
            self.report.add(FOUND, _item(check), check.final_url, f"({origin}) {check.summary()}")
        return check

    def _judge(self, check: SourceCheck, item: str, subject: str | None = None) -> None:
        self.checks.append(check)
        status = WORKS if check.ok and check.kind in _KINDS[item] else BROKEN
        detail = check.summary()
        if check.ok and check.kind not in _KINDS[item]:
            detail = f"is a {check.kind}, not a {item}: {detail}"
        if check.fetched is not None and check.fetched.redirects and status == WORKS:
            detail += f" (redirects to {check.final_url})"
        self.report.add(status, item, subject or check.url, detail)

    def _working(self, kind: str) -> list[SourceCheck]:
        return [c for c in self.checks if c.ok and (c.kind or "").startswith(kind)]

    def _pattern(self) -> None:
        """Are the feed/sitemap articles and the home page's article links known shapes?"""
        listed = sorted({u for c in self._working("feed") + self._working("sitemap") for u in c.articles})
        links = self.home_page.links if self.home_page else []
        accepted = [u for u in links if self.rules.is_article(u)]
        shaped = [u for u in listed if self.rules.has_article_shape(u)]
        enough = not listed or len(shaped) >= PATTERN_COVERAGE * len(listed)
        who = f"the {self.site.family or 'generic'} rules" if self.site else "the generic rules"
        summary = (f"{who} accept {len(accepted)} of {len(links)} home-page links and {len(shaped)} of "
                   f"{len(listed)} feed/sitemap article URLs")
        if self.site is not None and enough and (accepted or not links):
            self.report.add(WORKS, "article URLs", "", summary)
            return
        self.learned = learn(links, listed)
        if self.learned is None:
            self.report.add(BROKEN, "article URLs", "", summary + "; no common article shape found to propose")
            return
        proposed = ", ".join(f"'{r}'" for r in self.learned.regexes)
        fit = (f"matches {self.learned.home_matched} home-page links and {self.learned.listed_matched} of "
               f"{self.learned.listed} feed/sitemap article URLs")
        status = FOUND if self.site is None else BROKEN
        self.report.add(status, "article URLs", "", f"{summary}; proposed article_url = [{proposed}] "
                        f"({', '.join(s.name for s in self.learned.shapes)}): {fit}")
        self.rules = compile_rules(self.learned.regexes, self.not_article)

    async def _listings(self, checker: SourceChecker) -> None:
        """The registry's listings; the home page and paginated sections for an entry without any."""
        if self.site is not None:
            for listing in self.site.listings:
                self._judge(await checker.check(listing.url, "registry", "listing"), "listing")
            for url in self.site.start_urls:
                self._judge(await checker.check(url, "registry", "listing"), "listing")
        if self._working("listing") or self.home_page is None:
            return
        home_articles = [u for u in self.home_page.links if self.rules.is_article(u)]
        if home_articles:
            self.report.add(FOUND, "listing", self.home, f"(home page) {len(home_articles)} article link(s)")
        if self._working("sitemap"):
            return  # sitemaps reach every article; sections would only add requests to every run
        for url in self.home_page.sections[:MAX_SECTIONS]:
            if self.client.left <= self.n_articles:
                break
            check = await checker.check(url, "home page section", "listing")
            if check.ok:
                self.checks.append(check)
                self.report.add(FOUND, "listing", check.final_url, f"(home page section) {check.summary()}")

    async def _articles(self) -> None:
        """Fetch and extract a few articles: the newest the feeds list, then sitemaps, then links."""
        candidates: dict[str, None] = {}  # ordered, once each
        for check in self._working("feed") + self._working("sitemap") + self._working("listing"):
            candidates.update(dict.fromkeys(check.articles))
        if self.home_page is not None:
            candidates.update(dict.fromkeys(u for u in self.home_page.links if self.rules.is_article(u)))
        fetched: list[Fetched] = []
        for url in list(candidates)[: self.n_articles]:
            fetched.append(await self.client.get(url))
        site = self._provisional()
        if self.site is None and fetched:
            site = replace(site, family=guess_family([f for f in fetched if f.ok], site, self.registry))
        self.family_guess = site.family
        samples: list[ArticleSample] = [extract(f, site, self.registry) for f in fetched]
        self.report.samples = samples
        good = [s for s in samples if s.ok and s.has("title") and s.has("body")]
        if not samples:
            self.report.add(BROKEN, "articles", "", "no article URL found to fetch")
        elif not good:
            self.report.add(BROKEN, "articles", "", f"none of {len(samples)} article(s) gave a record: "
                            f"{samples[0].problem}")
        else:
            family = f", family {site.family}" + (" (guessed from these pages)" if self.site is None else "") \
                if site.family else ", no family rules (generic extraction)"
            self.report.add(WORKS, "articles", "",
                            f"{len(good)} of {len(samples)} extracted with title and body{family}")

    # -- the entry --------------------------------------------------------------------------

    def _provisional(self) -> Site:
        if self.site is not None:
            return self.site
        host = urlsplit(self.home).netloc
        return Site(key=self.key, outlet=outlet_name(self.home_page, host), province=self.province, domains=(host,),
                    scheme=urlsplit(self.home).scheme, kind="provincial" if self.province else "national")

    def _entry(self) -> Site:
        """The entry that works: what works of the old one, plus what was found."""
        base = self._provisional()
        if self.site is None:
            base = replace(base, family=self.family_guess)
        changes = self.report.changes
        domains = list(base.domains)
        moved = host_of(self.home)
        if not base.owns_host(moved):  # www. of a listed domain is already the site's
            domains.insert(0, moved)
            changes.append(f"domains start with {moved}")
        scheme = urlsplit(self.home).scheme
        feeds = [c.final_url for c in self._working("feed")]
        sitemaps = [c.final_url for c in self._working("sitemap") if c.origin != DATED]
        listings = self._entry_listings()
        dated = tuple(t for t in base.dated_sitemaps if any(v.subject == t and v.status == WORKS
                                                               for v in self.report.verdicts))
        article_url = self.learned.regexes if self.learned is not None else base.article_url
        entry = replace(base, domains=tuple(dict.fromkeys(domains)), scheme=scheme, feeds=tuple(dict.fromkeys(feeds)),
                        sitemaps=tuple(dict.fromkeys(sitemaps)), dated_sitemaps=dated, listings=listings,
                        start_urls=(), article_url=article_url)
        for name in ("feeds", "sitemaps", "dated_sitemaps", "listings", "start_urls", "article_url"):
            before, after = [_plain(v) for v in getattr(base, name)], [_plain(v) for v in getattr(entry, name)]
            moves = [f"drop {v}" for v in before if v not in after] + [f"add {v}" for v in after if v not in before]
            if moves:
                changes.append(f"{name}: " + ", ".join(moves))
        note = (f"probed {self.today.isoformat()} by `vnnews probe` ({self.client.used} requests): "
                + ("; ".join(changes) if changes else "the entry worked as it was"))
        verified = f"{base.verified}; {note}" if base.verified else note
        return replace(entry, verified=verified)

    def _entry_listings(self) -> tuple[Listing, ...]:
        working = {c.url for c in self._working("listing")}
        kept = [lst for lst in (self.site.listings if self.site else ()) if lst.url in working]
        kept += [Listing(u) for u in (self.site.start_urls if self.site else ()) if u in working]
        for check in self._working("listing"):
            if check.origin == "home page section":
                kept.append(Listing(check.final_url, check.pagination))
        if not kept and self.home_page is not None and any(self.rules.is_article(u) for u in self.home_page.links):
            kept.append(Listing(self.home))
        return tuple(kept)


_KINDS = {"feed": ("feed",), "sitemap": ("sitemap", "sitemap index"), "dated sitemap": ("sitemap", "sitemap index"),
          "listing": ("listing",)}


def _item(check: SourceCheck) -> str:
    return "sitemap" if (check.kind or "").startswith("sitemap") else (check.kind or "page")


def _text(fetched: Fetched) -> str:
    from scraper.decode import UndecodableError, decode_html

    try:
        return decode_html(fetched.body, fetched.content_type)
    except UndecodableError:
        return ""


def _plain(value: object) -> str:
    """A listing as its URL (and page template), anything else as itself, for the change list."""
    if isinstance(value, Listing):
        return value.url + (f" (pages {value.pagination})" if value.pagination else "")
    return str(value)


def _month_before(day: date) -> date:
    first = day.replace(day=1)
    return (first.replace(year=first.year - 1, month=12) if first.month == 1 else first.replace(month=first.month - 1))


async def probe_site(target: Target, client: PoliteClient, registry: Registry, **options) -> ProbeReport:
    """Probe one site; never raises for what the site does (every failure is a verdict)."""
    return await SiteProbe(target, client, registry, **options).run()

"""Build a static mock provincial news site into a folder: articles, listings, RSS, sitemaps.

Deterministic: the same seed gives the same site, and a larger ``n_articles`` keeps the first
articles unchanged and adds newer ones, so "the site grew overnight" is two calls.

    info = build_site(Path("/tmp/demo"), "http://127.0.0.1:8765", family="f6",
                      n_articles=40, start=date(2024, 1, 1))
    info.sites_toml   # pass to `vnnews crawl demo --sites-file …`
"""

from __future__ import annotations

import gzip
import json
import random
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from email.utils import format_datetime
from functools import partial
from html import escape
from pathlib import Path

from scraper.dates.zone import PLUS7
from scraper.demo.phrases import SECTIONS, ascii_slug, compose
from scraper.demo.stories import Story
from scraper.demo.templates import ARTICLE, FAMILIES, ArticleView, article_head, article_path, listing_main, page

ID_BASE = {"f2": 100_000, "f3": 500_000, "f6": 3_100_000}
PathStyle = Callable[[str, str, int], str]  # (section, slug, id) -> article path
DISALLOWED_PATH = "/noi-bo/"
CHANNELS = ("sitemap", "feed", "listing")


@dataclass(frozen=True)
class DemoArticle:
    url: str
    title: str
    author: str
    section: str
    published: datetime  # aware, +07:00
    disallowed: bool = False  # under robots.txt's Disallow: never to be fetched


@dataclass(frozen=True)
class SiteInfo:
    key: str
    family: str
    base_url: str
    root: Path
    sites_toml: Path
    articles: tuple[DemoArticle, ...]  # public articles, oldest first
    disallowed: tuple[DemoArticle, ...]  # articles only robots.txt keeps out

    def urls_between(self, since: date | None = None, until: date | None = None) -> set[str]:
        """Public article URLs published in ``since..until`` (Vietnam days, inclusive)."""
        return {
            a.url for a in self.articles
            if (since is None or a.published.date() >= since) and (until is None or a.published.date() <= until)
        }

    def path_of(self, url: str) -> str:
        return url[len(self.base_url):]


class SiteFiles:
    """The site's files, collected in memory and written at the end, one folder creation each.

    Creating the files is most of the time for a 5,000-article site (5,600 files, 3 s on an idle
    disk); rendering is the rest.
    """

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[Path, bytes] = {}

    def add(self, path: str, data: str | bytes) -> None:
        target = self.root / path.lstrip("/")
        if path.endswith("/"):
            target = target / "index.html"
        self.files[target] = data.encode("utf-8") if isinstance(data, str) else data

    def write(self) -> None:
        for folder in {p.parent for p in self.files}:
            folder.mkdir(parents=True, exist_ok=True)
        for path, data in self.files.items():
            path.write_bytes(data)


def _articles(base: str, family: str, n: int, seed: int, start: date, spacing_hours: float,
              n_private: int, path_style: PathStyle | None = None,
              texts: Sequence[tuple[Story, datetime]] = ()) -> list[tuple[DemoArticle, dict]]:
    first = datetime.combine(start, time(6, 0), PLUS7)
    out = []
    for i in range(n + n_private):
        rng = random.Random(f"{seed}:{family}:{i}")
        words = compose(rng)
        jitter = timedelta(minutes=rng.randint(0, 50), seconds=rng.randint(0, 59))
        published = first + timedelta(hours=spacing_hours * (i if i < n else rng.randint(0, max(n - 1, 0)))) + jitter
        if i < len(texts):  # a given story and time instead of the phrase bank's
            story, published = texts[i]
            words |= {"title": story.title, "sapo": story.sapo, "paragraphs": list(story.paragraphs)}
        private = i >= n
        section = "noi-bo" if private else str(words["section"])
        slug = ascii_slug(str(words["title"]))
        path = (path_style or partial(article_path, family))(section, slug, ID_BASE[family] + i)
        article = DemoArticle(base + path, str(words["title"]), str(words["author"]), section, published, private)
        out.append((article, words))
    return out


def _render_article(family: str, article: DemoArticle, words: dict, related: list[DemoArticle],
                    chrome: dict) -> str:
    view = ArticleView(
        url=article.url, title=article.title, sapo=str(words["sapo"]),
        paragraphs=tuple(words["paragraphs"]), author=article.author,
        section=article.section if article.section in SECTIONS else "thoi-su",
        published=article.published, related=tuple((r.url, r.title) for r in related),
    )
    return page(article.title, ARTICLE[family](view), head=article_head(view), **chrome)


def _rss(base: str, outlet: str, articles: list[DemoArticle]) -> str:
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(a.url)}</link>"
        f"<guid isPermaLink=\"true\">{escape(a.url)}</guid>"
        f"<pubDate>{format_datetime(a.published)}</pubDate></item>\n"
        for a in articles
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(outlet)}</title><link>{base}/</link><description>Tin mới nhất</description>\n"
        f"{items}</channel></rss>\n"
    )


def _sitemaps(out: SiteFiles, base: str, articles: list[DemoArticle]) -> None:
    """A sitemap index of monthly gzipped sitemaps, ``/sitemaps/news-YYYY-M.xml.gz`` (F2 style)."""
    months: dict[tuple[int, int], list[DemoArticle]] = defaultdict(list)
    for a in articles:
        months[(a.published.year, a.published.month)].append(a)
    index = []
    for (year, month), group in sorted(months.items()):
        urls = "".join(
            f"<url><loc>{escape(a.url)}</loc><lastmod>{a.published.isoformat()}</lastmod>"
            f"<news:news><news:publication_date>{a.published.isoformat()}</news:publication_date>"
            f"<news:title>{escape(a.title)}</news:title></news:news></url>\n"
            for a in group
        )
        xml = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
            'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
            f"{urls}</urlset>\n"
        )
        name = f"/sitemaps/news-{year}-{month}.xml.gz"
        out.add(name, gzip.compress(xml.encode("utf-8"), compresslevel=6, mtime=0))
        lastmod = max(a.published for a in group).isoformat()
        index.append(f"<sitemap><loc>{base}{name}</loc><lastmod>{lastmod}</lastmod></sitemap>\n")
    out.add("/sitemap.xml", (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        f"{''.join(index)}</sitemapindex>\n"
    ))


def _listings(out: SiteFiles, articles: list[DemoArticle], private: list[DemoArticle], page_size: int,
              chrome: dict) -> None:
    by_section: dict[str, list[DemoArticle]] = defaultdict(list)
    for a in articles:
        by_section[a.section].append(a)
    for section in SECTIONS:
        newest = sorted(by_section[section], key=lambda a: a.published, reverse=True)
        pages = [newest[i:i + page_size] for i in range(0, len(newest), page_size)] or [[]]
        for number, group in enumerate(pages, start=1):
            extra = tuple(a.url for a in private) if number == 1 and section == "thoi-su" else ()
            main = listing_main(section, [(a.url, a.title, a.published) for a in group], number,
                                number < len(pages), extra)
            path = f"/{section}/" if number == 1 else f"/{section}/trang-{number}.html"
            out.add(path, page(SECTIONS[section], main, **chrome))


def _toml(info_key: str, outlet: str, province: str, family: str, base: str, old_base: str | None,
          channels: tuple[str, ...]) -> str:
    def q(text: str) -> str:  # a TOML basic string: JSON string escapes are valid TOML
        return json.dumps(text, ensure_ascii=False)

    hosts = [base.split("://", 1)[1]] + ([old_base.split("://", 1)[1]] if old_base else [])
    lines = [
        "# Generated by scraper.demo.generate: a mock site served on 127.0.0.1 (not a real outlet).",
        f"[sites.{info_key}]",
        f"outlet = {q(outlet)}",
        f"province = {q(province)}",
        f"domains = [{', '.join(q(h) for h in hosts)}]",
        'scheme = "http"',
        f"family = {q(family)}",
        'verified = "generated demo site (scraper.demo), served on 127.0.0.1"',
    ]
    if "sitemap" in channels:
        lines.append(f"sitemaps = [{q(base + '/sitemap.xml')}]")
    if "feed" in channels:
        lines.append(f"feeds = [{q((old_base or base) + '/rss/home.rss')}]")
    if "listing" in channels:
        entries = ", ".join(
            f"{{ url = {q(f'{base}/{s}/')}, pagination = {q(f'{base}/{s}/trang-{{page}}.html')} }}"
            for s in SECTIONS
        )
        lines.append(f"listings = [{entries}]")
    return "\n".join(lines) + "\n"


def build_site(out_dir: Path, base_url: str, *, family: str = "f6", n_articles: int = 40, seed: int = 1,
               start: date, spacing_hours: float = 20.0, key: str = "demo",
               outlet: str = "Báo Sơn Hà (mô phỏng)", province: str = "Sơn Hà",
               old_base_url: str | None = None, today: date | None = None, page_size: int = 10,
               n_private: int = 2, offsite_links: tuple[str, ...] = (),
               channels: tuple[str, ...] = CHANNELS, robots_sitemap: bool = True,
               path_style: PathStyle | None = None,
               texts: Sequence[tuple[Story, datetime]] = ()) -> SiteInfo:
    """Write the site into ``out_dir`` and return what a test needs to know about it.

    ``texts`` gives the first articles their words and publication times (e.g. another outlet's
    stories, copied or edited with ``scraper.demo.stories``) instead of the phrase bank's.
    ``channels`` says which entry points the sites TOML lists (sitemap, feed, listing);
    ``robots_sitemap`` names the sitemap in robots.txt too, where a crawl can find it anyway.
    ``old_base_url`` is a retired domain: the registry lists it and the feed is registered
    there (serve it with ``DemoServer(redirect_to=base_url)``). ``offsite_links`` appear on
    every page and in listings; a crawl must never request them. ``path_style(section, slug, id)``
    gives article paths another shape than the family's (``/thoi-su/<slug>.html``), as a site
    whose URLs the registry's rules do not know.
    """
    if family not in FAMILIES:
        raise ValueError(f"family {family!r}: the demo knows {', '.join(FAMILIES)}")
    if spacing_hours < 1:
        raise ValueError("spacing_hours must be at least 1")
    base = base_url.rstrip("/")
    root = Path(out_dir)
    root.mkdir(parents=True, exist_ok=True)
    out = SiteFiles(root)
    chrome = {"today": today or date.today(), "outlet": outlet, "offsite_links": offsite_links}
    made = _articles(base, family, n_articles, seed, start, spacing_hours, n_private, path_style, texts)
    public = [a for a, _ in made if not a.disallowed]
    private = [a for a, _ in made if a.disallowed]
    recent: dict[str, list[DemoArticle]] = defaultdict(list)
    for article, words in made:
        related = recent[article.section][-3:][::-1]
        out.add(article.url[len(base):], _render_article(family, article, words, related, chrome))
        recent[article.section].append(article)
    newest = sorted(public, key=lambda a: a.published, reverse=True)
    home = listing_main("thoi-su", [(a.url, a.title, a.published) for a in newest[:page_size]], 1, False,
                       offsite_links)
    out.add("/", page(outlet, home, **chrome))
    out.add("/rss/home.rss", _rss(base, outlet, newest[:20]))
    _sitemaps(out, base, public + private)
    _listings(out, public, private, page_size, chrome)
    sitemap_line = f"\nSitemap: {base}/sitemap.xml\n" if robots_sitemap else ""
    out.add("/robots.txt", f"User-agent: *\nDisallow: {DISALLOWED_PATH}\n{sitemap_line}")
    out.write()
    toml_path = root / "sites.toml"  # served too, harmless: nothing links to it
    toml_path.write_text(_toml(key, outlet, province, family, base, old_base_url, channels), "utf-8")
    return SiteInfo(key, family, base, root, toml_path, tuple(public), tuple(private))

"""HTML of the demo site in the shapes of three CMS families (SITES.md §3).

f2 "zce / cms-body" (``-post<id>.html``, ``article__title cms-title``, ``meta article:published_time``),
f3 VDOC (``-a<id>.html``, ``#newscontents .content-fck``, ``span.pubdate``, date-only JSON-LD,
``Tin, ảnh: …`` byline), f6 (``-<id>.html``, ``h1.name``, ``#content-detail`` > ``.content-article``, a visible
``Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]`` line, a bare-name byline after the body).
Every page carries the chrome real pages have: a header clock, ``A A``, ``Ý kiến ()``,
related links and a ``Liên kết website`` dropdown pointing at other sites.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from scraper.demo.phrases import SECTIONS

WEEKDAYS_LONG = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ Nhật")
WEEKDAYS_SHORT = ("Thứ 2", "Thứ 3", "Thứ 4", "Thứ 5", "Thứ 6", "Thứ 7", "Chủ nhật")
FAMILIES = ("f2", "f3", "f6")


@dataclass(frozen=True)
class ArticleView:
    """What a template needs to render one article page."""

    url: str
    title: str
    sapo: str
    paragraphs: tuple[str, ...]
    author: str
    section: str
    published: datetime  # aware, +07:00
    related: tuple[tuple[str, str], ...]  # (url, title)


def clock_text(today: date) -> str:
    """The header clock, a date that is NOT the article's: ``Thứ Sáu, 01/11/2024``."""
    return f"{WEEKDAYS_LONG[today.weekday()]}, {today:%d/%m/%Y}"


def article_head(view: ArticleView) -> str:
    """What real article pages put in ``<head>``: canonical link and OpenGraph (no dates here)."""
    return (
        f'<link rel="canonical" href="{escape(view.url)}">'
        '<meta property="og:type" content="article">'
        f'<meta property="og:title" content="{escape(view.title)}">'
        f'<meta property="og:description" content="{escape(view.sapo)}">'
        f'<meta property="og:url" content="{escape(view.url)}">'
    )


def page(title: str, main: str, *, today: date, outlet: str, offsite_links: tuple[str, ...], head: str = "") -> str:
    nav = "".join(f'<li><a href="/{key}/">{escape(name)}</a></li>' for key, name in SECTIONS.items())
    options = "".join(f'<option value="{escape(u)}">{escape(u)}</option>' for u in offsite_links)
    partners = "".join(f'<li><a href="{escape(u)}">Đối tác</a></li>' for u in offsite_links)
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="vi"><head><meta charset="utf-8"><title>{escape(title)}</title>{head}</head><body>\n'
        f'<header class="site-header"><div class="clock">{clock_text(today)}</div>'
        f'<a class="logo" href="/">{escape(outlet)}</a><nav><ul>{nav}</ul></nav></header>\n'
        f"<main>{main}</main>\n"
        '<footer><div class="lien-ket"><span>Liên kết website</span>'
        f'<select onchange="window.open(this.value)">{options}</select><ul>{partners}</ul></div>'
        f"<p>© {escape(outlet)} – trang mô phỏng, nội dung do vnnews tự viết.</p></footer>\n"
        "</body></html>\n"
    )


def _related(view: ArticleView) -> str:
    items = "".join(f'<li><a href="{escape(u)}">{escape(t)}</a></li>' for u, t in view.related)
    return f'<div class="related relates"><h3>Tin liên quan</h3><ul>{items}</ul></div>'


CHROME = (
    '<div class="tools"><span class="font-size">A A</span> <a class="print" href="#">In bài</a></div>'
)
COMMENTS = '<div class="comments"><h3>Ý kiến ()</h3><form><textarea></textarea><button>Gửi</button></form></div>'


def _paras(view: ArticleView) -> str:
    return "".join(f"<p>{escape(p)}</p>" for p in view.paragraphs)


def article_f6(view: ArticleView) -> str:
    """``#content-detail`` wraps the article; ``div.content-article`` is the text (family f6 rules)."""
    t = view.published
    stamp = f"{WEEKDAYS_SHORT[t.weekday()]}, {t:%d/%m/%Y | %H:%M:%S} [GMT +7]"
    return (
        f'<div class="breadcrumbs"><a href="/">Trang chủ</a> <a href="/{view.section}/">'
        f"{escape(SECTIONS[view.section])}</a></div>"
        f'<div id="content-detail"><h1 class="name">{escape(view.title)}</h1>'
        f'<div class="post-date">{stamp}</div>{CHROME}'
        f'<h2 class="sapo">{escape(view.sapo)}</h2>'
        f'<div class="content-article">{_paras(view)}'
        f'<p style="text-align: right;"><strong>{escape(view.author)}</strong></p></div>'
        f"{_related(view)}{COMMENTS}</div>"
    )


def article_f2(view: ArticleView) -> str:
    t = view.published
    return (
        f'<meta property="article:published_time" content="{t.isoformat()}">'
        f'<article class="article story"><div class="breadcrumb"><a class="cms-link" href="/{view.section}/">'
        f"{escape(SECTIONS[view.section])}</a></div>"
        f'<h1 class="article__title cms-title">{escape(view.title)}</h1>'
        f'<div class="article__meta"><time class="time">{t:%d/%m/%Y %H:%M}</time>{CHROME}</div>'
        f'<div class="article__sapo cms-desc">{escape(view.sapo)}</div>'
        f'<div class="article__body zce-content-body cms-body">{_paras(view)}</div>'
        f'<div class="article__author"><span class="name">{escape(view.author)}</span></div>'
        f"{_related(view)}{COMMENTS}</article>"
    )


def article_f3(view: ArticleView) -> str:
    t = view.published
    jsonld = json.dumps(
        {"@context": "https://schema.org", "@type": "NewsArticle", "headline": view.title,
         "datePublished": t.date().isoformat()},
        ensure_ascii=False,
    )
    return (
        f'<script type="application/ld+json">{jsonld}</script>'
        f'<div class="titlecate"><h1><a href="/{view.section}/">{escape(SECTIONS[view.section])}</a></h1></div>'
        f'<div id="newscontents"><h1 class="title-detail">{escape(view.title)}</h1>'
        f'<span class="pubdate">{t:%d/%m/%Y - %H:%M}</span>{CHROME}'
        f'<div class="detail-desc"><p>{escape(view.sapo)}</p></div>'
        f'<div class="content-fck">{_paras(view)}<p><strong>Tin, ảnh: {escape(view.author)}</strong></p></div>'
        f"{_related(view)}{COMMENTS}</div>"
    )


ARTICLE = {"f2": article_f2, "f3": article_f3, "f6": article_f6}


def article_path(family: str, section: str, slug: str, article_id: int) -> str:
    """The URL path a family gives an article."""
    if family == "f2":
        return f"/{section}/{slug}-post{article_id}.html"
    if family == "f3":
        return f"/{section}/{slug}-a{article_id}.html"
    return f"/{section}/{slug}-{article_id}.html"


def listing_main(section: str, items: list[tuple[str, str, datetime]], page_no: int, has_next: bool,
                 extra_links: tuple[str, ...] = ()) -> str:
    """A category page: newest first, each card with its own ``<time>``; a pager below."""
    cards = "".join(
        f'<article class="card"><h3><a href="{escape(u)}">{escape(t)}</a></h3>'
        f'<time datetime="{d.isoformat()}">{d:%d/%m/%Y %H:%M}</time></article>'
        for u, t, d in items
    )
    extra = "".join(f'<li><a href="{escape(u)}">Xem thêm</a></li>' for u in extra_links)
    pager = f'<a class="next" href="/{section}/trang-{page_no + 1}.html">Trang sau</a>' if has_next else ""
    return (
        f'<h1 class="cate">{escape(SECTIONS[section])}</h1><div class="list">{cards}</div>'
        f'<ul class="more">{extra}</ul><div class="pager">{pager}</div>'
    )

"""choose_date on the real saved pages: the machine-readable dates each page carries, its visible
date (as truth.tsv records it) and, where the page has one, its header clock. The chosen time
must be the visible publish time, to the minute, on every page."""

from __future__ import annotations

import csv
import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from scraper.dates import choose_date, parse_date
from scraper.dates.types import DateCandidate
from scraper.decode import decode_html

JSONLD = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
META = re.compile(r'<meta[^>]+(?:property|name|itemprop)="(?:article:published_time|pubdate|datePublished)"'
                  r'[^>]+content="([^"]+)"', re.I)
TIME = re.compile(r'<time[^>]+datetime="([^"]+)"', re.I)
CLOCK = re.compile(r'class="time-zone"[^>]*>([^<]+)<')  # VietNamNet 2020 header clock


def page_candidates(html: str, shown: str) -> list[DateCandidate]:
    out = [DateCandidate(raw=shown, source="text", near_title=True)]
    out += [DateCandidate(raw=v, source="jsonld") for v in JSONLD.findall(html)[:1]]
    out += [DateCandidate(raw=v, source="meta") for v in META.findall(html)[:1]]
    out += [DateCandidate(raw=v, source="time") for v in TIME.findall(html)[:1]]
    out += [DateCandidate(raw=v.strip(), source="text", in_article=False) for v in CLOCK.findall(html)]
    return out


def truth_rows(real_pages: Path) -> list[dict[str, str]]:
    with (real_pages / "truth.tsv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_every_real_article_gets_its_visible_publish_minute(real_pages: Path) -> None:
    rows = truth_rows(real_pages)
    assert len(rows) >= 15
    wrong = []
    for row in rows:
        html = decode_html((real_pages / "pages" / row["local_file"]).read_bytes())
        shown = parse_date(row["published_as_shown"])
        assert shown.iso, row["published_as_shown"]
        candidates = page_candidates(html, row["published_as_shown"])
        # crawled a few minutes after publication: the worst case for a header clock
        crawl = shown.value + timedelta(minutes=7) if shown.value else datetime.now(timezone.utc)
        for now in (crawl, datetime(2026, 11, 29, 3, 0, tzinfo=timezone.utc)):
            chosen = choose_date(candidates, now=now)
            if chosen is None or chosen.iso[:16] != shown.iso[:16]:
                wrong.append((row["local_file"], now.isoformat(), chosen))
    assert wrong == []


def test_vietnamnet_header_clock_is_on_the_page_and_loses(real_pages: Path) -> None:
    html = decode_html((real_pages / "pages" / "vietnamnet.vn" / "eggtgg-698054.html").read_bytes())
    clock = CLOCK.findall(html)
    assert [parse_date(c).iso for c in clock] == ["2020-12-17T09:32:25+07:00"]
    crawl = datetime(2020, 12, 17, 9, 32, 25, tzinfo=timezone(timedelta(hours=7)))
    chosen = choose_date([DateCandidate(clock[0].strip(), "text", in_article=False),
                          DateCandidate("16/12/2020 23:59 GMT+7", "text", near_title=True)], now=crawl)
    assert chosen is not None and chosen.iso == "2020-12-16T23:59:00+07:00"


@pytest.mark.parametrize("name", ["vnexpress.net/2golang-rss-the-gioi.xml"])
def test_rss_pubdates_parse(real_pages: Path, name: str) -> None:
    xml = (real_pages / "pages" / name).read_bytes().decode("utf-8")
    dates = re.findall(r"<pubDate>([^<]+)</pubDate>", xml)
    assert dates and all(parse_date(d).iso for d in dates)
    assert sorted({parse_date(d).iso for d in dates}) == ["2025-02-06T20:30:48+07:00", "2025-02-06T20:45:46+07:00"]

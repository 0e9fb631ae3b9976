"""choose_date: which candidate a page is filed under, and what is recorded about it."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from scraper.dates import choose_date
from scraper.dates.types import ChosenDate, DateCandidate

VN = timezone(timedelta(hours=7))
NOW = datetime(2026, 11, 29, 10, 0, tzinfo=VN)
CLOCK = "Thứ Sáu, 01/11/2024 22:34 (GMT +7)"
ARTICLE = "Thứ 7, 10/09/2022 | 15:05:37 [GMT +7]"


def text(raw: str, **kw: object) -> DateCandidate:
    return DateCandidate(raw=raw, source="text", **kw)  # type: ignore[arg-type]


def test_header_clock_outside_article_never_wins() -> None:
    crawl = datetime(2024, 11, 1, 22, 35, tzinfo=VN)
    chosen = choose_date([text(CLOCK, in_article=False, near_title=True), text(ARTICLE, near_title=True)], now=crawl)
    assert chosen == ChosenDate(iso="2022-09-10T15:05:37+07:00", raw=ARTICLE, source="text", precision="second")


def test_clock_alone_gives_no_date() -> None:
    assert choose_date([text(CLOCK, in_article=False)], now=datetime(2024, 11, 1, 22, 35, tzinfo=VN)) is None


def test_crawl_day_clock_inside_article_loses_to_another_day() -> None:
    """A clock mis-flagged as in the article (and near the title, so it outweighs a plain date)
    still loses: it shows the crawl day while the article says otherwise."""
    crawl = datetime(2024, 11, 1, 22, 40, tzinfo=VN)
    chosen = choose_date([text(CLOCK, near_title=True), text("10/09/2022", near_title=True)], now=crawl)
    assert chosen is not None
    assert (chosen.iso, chosen.raw, chosen.precision) == ("2022-09-10T00:00:00+07:00", "10/09/2022", "day")


def test_article_published_on_crawl_day_is_kept() -> None:
    crawl = datetime(2024, 11, 1, 23, 0, tzinfo=VN)
    chosen = choose_date([text("01/11/2024 21:10", near_title=True),
                          DateCandidate("2024-11-01T21:10:44+07:00", "jsonld")], now=crawl)
    assert chosen is not None and chosen.iso == "2024-11-01T21:10:44+07:00" and chosen.source == "jsonld"


def test_article_of_the_crawl_day_beats_an_older_related_box_date() -> None:
    """Cron crawls fresh articles: a today's date near the title must not lose to a plain
    text date from a related-articles box."""
    crawl = datetime(2024, 11, 1, 23, 0, tzinfo=VN)
    chosen = choose_date([text("01/11/2024 21:10", near_title=True), text("30/10/2024 08:00")], now=crawl)
    assert chosen is not None and chosen.iso == "2024-11-01T21:10:00+07:00"


def test_date_only_jsonld_is_refined_by_visible_time_same_day() -> None:
    chosen = choose_date([DateCandidate("2026-01-08", "jsonld"), text("08/01/2026 - 18:21", near_title=True)], now=NOW)
    assert chosen == ChosenDate(iso="2026-01-08T18:21:00+07:00", raw="08/01/2026 - 18:21", source="text",
                                precision="minute")


def test_date_only_jsonld_is_not_refined_by_a_time_on_another_day() -> None:
    chosen = choose_date([DateCandidate("2026-01-08", "jsonld"), text("09/01/2026 - 18:21", near_title=True)], now=NOW)
    assert chosen == ChosenDate(iso="2026-01-08T00:00:00+07:00", raw="2026-01-08", source="jsonld",
                                precision="day", warnings=("date_sources_disagree",))


def test_jsonld_disagreeing_with_visible_text_wins_and_is_flagged() -> None:
    chosen = choose_date([DateCandidate("2024-03-05T10:00:00+07:00", "jsonld"),
                          text("04/03/2024 08:00", near_title=True)], now=NOW)
    assert chosen is not None
    assert (chosen.iso, chosen.source, chosen.warnings) == ("2024-03-05T10:00:00+07:00", "jsonld",
                                                            ("date_sources_disagree",))


def test_visible_text_backed_by_meta_outvotes_lone_jsonld() -> None:
    chosen = choose_date([DateCandidate("2024-03-05T10:00:00+07:00", "jsonld"),
                          DateCandidate("2024-03-04T08:00:12+07:00", "meta"),
                          text("Thứ Hai, 04/03/2024 08:00", near_title=True)], now=NOW)
    assert chosen is not None
    assert (chosen.iso, chosen.source, chosen.precision) == ("2024-03-04T08:00:12+07:00", "meta", "second")


def test_most_specific_agreeing_candidate_wins() -> None:
    visible = "Thứ tư, 22/10/2025, 19:25 (GMT+7)"
    chosen = choose_date([text(visible, near_title=True), DateCandidate("2025-10-22T19:25:52+07:00", "jsonld"),
                          DateCandidate("2025-10-22", "url")], now=NOW)
    assert chosen == ChosenDate(iso="2025-10-22T19:25:52+07:00", raw="2025-10-22T19:25:52+07:00", source="jsonld",
                                precision="second")


def test_modified_role_uses_only_modified_candidates() -> None:
    candidates = [
        DateCandidate("2023-11-02T19:20:45+07:00", "jsonld", role="published"),
        DateCandidate("2023-11-02T21:11:08+07:00", "jsonld", role="modified"),
        DateCandidate("2023-11-02T21:11:08+07:00", "meta", role="modified"),
        text("Thứ năm, 2/11/2023, 19:20 (GMT+7)", near_title=True),
    ]
    published = choose_date(candidates, now=NOW)
    modified = choose_date(candidates, now=NOW, role="modified")
    assert published is not None and published.iso == "2023-11-02T19:20:45+07:00"
    assert modified is not None and (modified.iso, modified.source) == ("2023-11-02T21:11:08+07:00", "jsonld")
    assert choose_date([candidates[0]], now=NOW, role="modified") is None


def test_url_date_alone_gives_day_precision() -> None:
    for raw in ("2024-03-05", "https://baoabc.vn/2024/03/05/mua-lua-som.html"):
        chosen = choose_date([DateCandidate(raw, "url")], now=NOW)
        assert chosen == ChosenDate(iso="2024-03-05T00:00:00+07:00", raw=raw, source="url", precision="day")


def test_url_date_takes_the_time_of_visible_text() -> None:
    chosen = choose_date([DateCandidate("2024-03-05", "url"), text("05/03/2024 06:40")], now=NOW)
    assert chosen is not None and (chosen.iso, chosen.source) == ("2024-03-05T06:40:00+07:00", "text")


def test_url_id_digits_are_not_a_date() -> None:
    assert choose_date([DateCandidate("https://baoabc.vn/tin-20240305123456.htm", "url")], now=NOW) is None


def test_relative_text_resolved_against_crawl_time() -> None:
    chosen = choose_date([text("2 giờ trước", near_title=True)], now=NOW)
    assert chosen is not None and chosen.iso == "2026-11-29T08:00:00+07:00"


def test_unparseable_lunar_and_future_candidates_are_ignored() -> None:
    candidates = [text("mùng 5 Tết"), text("Tin liên quan"), DateCandidate("2031-01-01T00:00:00+07:00", "jsonld"),
                  DateCandidate("Sat, 10 Sep 2022 08:05:37 GMT", "feed")]
    chosen = choose_date(candidates, now=NOW)
    assert chosen == ChosenDate(iso="2022-09-10T15:05:37+07:00", raw="Sat, 10 Sep 2022 08:05:37 GMT", source="feed",
                                precision="second")
    assert choose_date(candidates[:3], now=NOW) is None


def test_weekday_mismatch_warning_travels_with_the_choice() -> None:
    chosen = choose_date([text("Thứ Hai, 05/03/2024 07:00", near_title=True)], now=NOW)
    assert chosen is not None and chosen.warnings == ("weekday_mismatch",)


def test_now_in_utc_is_read_on_vietnam_clock() -> None:
    """At 20:00 UTC it is already the next day in Vietnam: that day is the crawl day."""
    crawl = datetime(2024, 10, 31, 17, 30, tzinfo=timezone.utc)  # = 01/11/2024 00:30 in Vietnam
    chosen = choose_date([text("Thứ Sáu, 01/11/2024 00:29"), DateCandidate("2022-09-10", "url")], now=crawl)
    assert chosen is not None and chosen.iso == "2022-09-10T00:00:00+07:00"

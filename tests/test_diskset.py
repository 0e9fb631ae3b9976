"""The on-disk set behind the spider's per-run bookkeeping and the dupefilter."""

from __future__ import annotations

import os

from scraper.store.diskset import DiskSet


def test_behaves_like_a_set_and_cleans_up(tmp_path):
    urls = DiskSet(str(tmp_path))
    assert urls.add("https://baolaocai.vn/a-post1.html") is True
    assert urls.add("https://baolaocai.vn/a-post1.html") is False
    assert urls.add("https://baolaocai.vn/b-post2.html") is True
    assert "https://baolaocai.vn/a-post1.html" in urls
    assert "https://baolaocai.vn/c-post3.html" not in urls
    assert len(urls) == 2
    path = urls.path
    assert os.path.exists(path)
    urls.close()
    assert not os.path.exists(path)


def test_memory_does_not_hold_the_items(tmp_path):
    """200k URLs: the Python heap does not grow with them (SQLite keeps them on disk)."""
    import tracemalloc

    urls = DiskSet(str(tmp_path))
    tracemalloc.start()
    for i in range(200_000):
        urls.add(f"https://baoquangninh.vn/bai-viet-so-{i}-{i * 7919}.html")
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert len(urls) == 200_000
    assert current < 2_000_000  # a Python set of these strings would be about 25 MB
    urls.close()


def test_project_dupefilter_is_the_disk_one_and_filters_repeats():
    from scrapy import Request
    from scrapy.utils.misc import load_object
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.test import get_crawler

    settings = get_project_settings()
    cls = load_object(settings["DUPEFILTER_CLASS"])
    assert cls.__module__ == "spiders.dupefilter"
    crawler = get_crawler(settings_dict={"DUPEFILTER_CLASS": settings["DUPEFILTER_CLASS"]})
    dupes = cls.from_crawler(crawler)
    assert dupes.request_seen(Request("https://baolaocai.vn/a-post1.html")) is False
    assert dupes.request_seen(Request("https://baolaocai.vn/a-post1.html")) is True
    assert dupes.request_seen(Request("https://baolaocai.vn/a-post1.html#binh-luan")) is True
    assert dupes.request_seen(Request("https://baolaocai.vn/b-post2.html")) is False
    dupes.close("finished")

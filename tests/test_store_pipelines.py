"""The dedupe and store pipelines and the run-stats extension, driven through a Scrapy crawler."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import pytest
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.http import HtmlResponse, Request
from scrapy.utils.test import get_crawler

from pipelines.dedupe import DedupePipeline
from pipelines.runstats import RunStats
from pipelines.store import StorePipeline
from scraper.store.lock import CorpusLock
from scraper.store.state import open_state
from test_store import article


@pytest.fixture
def crawler(tmp_path):
    crawler = get_crawler(settings_dict={"VNNEWS_OUT": str(tmp_path), "VNNEWS_COMPRESSION": "gzip",
                                         "VNNEWS_BATCH_RECORDS": 2, "VNNEWS_BATCH_SECONDS": 3600})
    crawler.stats.open_spider()
    return crawler


def test_pipelines_store_once_and_version_changes(crawler, tmp_path):
    dedupe, store = DedupePipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    dedupe.open_spider()
    store.open_spider()
    for n in (1, 2):
        store.process_item(dedupe.process_item(article(n)))
    with pytest.raises(DropItem):
        dedupe.process_item(article(1))
    with pytest.raises(DropItem):
        dedupe.process_item(article(2, url="https://baomau.vn/ban-in/bai-2.html"))
    changed = dedupe.process_item(article(1, body="Chiều qua, cây cầu mới được thông xe (đã sửa tên xã)."))
    assert (changed["version"], changed["previous_content_hash"]) == (2, article(1)["content_hash"])
    store.process_item(changed)
    state = open_state(tmp_path)
    assert state.frontier.outcome("https://baomau.vn/ban-in/bai-2.html") == "duplicate"
    assert state.frontier.outcome(article(1)["url"]) == "stored"
    state.close()
    dedupe.close_spider()
    store.close_spider()
    stats = crawler.stats.get_stats()
    assert (stats["vnnews/baomau/stored"], stats["vnnews/baomau/duplicates"], stats["vnnews/baomau/versions"]) == (3, 2, 1)
    lines = gzip.open(tmp_path / "corpus/baomau/2024/2024-03.jsonl.gz").read().splitlines()
    assert [(json.loads(x)["url"], json.loads(x)["version"]) for x in lines] == [
        (article(1)["url"], 1), (article(2)["url"], 1), (article(1)["url"], 2)]


def test_store_pipeline_closes_the_spider_when_the_corpus_is_locked(crawler, tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys; from scraper.store.lock import acquire; acquire(sys.argv[1]);"
         " print('held', flush=True); sys.stdin.readline()", str(tmp_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with pytest.raises(CloseSpider) as closed:
            StorePipeline.from_crawler(crawler).open_spider()
        assert closed.value.reason == "locked"
    finally:
        holder.communicate("\n", timeout=30)
    with CorpusLock(tmp_path):
        pass


def test_runstats_counts_per_site_and_finishes_dropped_work(crawler, tmp_path):
    crawler.settings.frozen = False
    crawler.settings.set("VNNEWS_WRITE_MANIFEST", True)
    runstats = RunStats.from_crawler(crawler)
    runstats.spider_opened(None)
    state = open_state(tmp_path)
    for n in (1, 2, 3, 4, 5):
        state.frontier.plan("baomau", article(n)["url"], {})
    meta = {"site": "baomau"}
    ok, gone, busy = (Request(article(n)["url"], meta=meta) for n in (1, 2, 3))
    moved = Request("https://baomau.vn/luu-tru/bai-4.html", meta={**meta, "redirect_urls": [article(4)["url"]]})
    for request, status in ((ok, 200), (gone, 404), (busy, 503), (moved, 410)):
        runstats.request_reached(request, None)
        runstats.response_received(HtmlResponse(request.url, status=status, request=request), request, None)
    runstats.item_dropped(article(1), None, DropItem(f"not_article: {article(1)['url']}"), None)
    crashed = Request(article(5)["url"], meta=meta)
    runstats.spider_error(None, HtmlResponse(crashed.url, status=200, request=crashed), None)
    assert state.frontier.outcome(article(1)["url"]) == "dropped:not_article"
    assert state.frontier.outcome(article(2)["url"]) == "http_404"
    assert state.frontier.outcome(article(4)["url"]) == "http_410"  # planned before the redirect
    assert [u for u, _ in state.frontier.pending("baomau")] == [article(3)["url"], article(5)["url"]]
    runstats.spider_closed(None, "finished")
    state.close()
    stats = crawler.stats.get_stats()
    assert stats["vnnews/baomau/requests"] == 4
    assert {k: v for k, v in stats.items() if "/responses/" in k} == {
        "vnnews/baomau/responses/200": 1, "vnnews/baomau/responses/404": 1, "vnnews/baomau/responses/503": 1,
        "vnnews/baomau/responses/410": 1}
    (manifest_path,) = (tmp_path / "state/runs").glob("*.json")
    doc = json.loads(manifest_path.read_text("utf-8"))
    assert doc["sites"]["baomau"]["dropped"] == {"http_404": 1, "http_410": 1, "http_503": 1, "spider_error": 1}
    assert (doc["finish_reason"], doc["exit_code"]) == ("finished", 4)  # a 503 and a crash left work undone


def test_unknown_compression_closes_the_spider_as_a_configuration_error(tmp_path):
    crawler = get_crawler(settings_dict={"VNNEWS_OUT": str(tmp_path), "VNNEWS_COMPRESSION": "bz2"})
    crawler.stats.open_spider()
    store = StorePipeline.from_crawler(crawler)
    with pytest.raises(CloseSpider) as closed:
        store.open_spider()
    assert closed.value.reason == "config_error"
    assert crawler.stats.get_value("vnnews/config_error") == "unknown compression 'bz2'"
    store.close_spider()

"""The WARC files of a corpus: ``<out>/archive/<site>/<YYYY-MM>/<name>.warc.gz``.

Every capture becomes a ``response`` record (and, for the crawl's own fetches, a ``request``
record linked to it by ``WARC-Concurrent-To``), each record its own gzip member, written with
warcio. Extension headers say which run and site wrote it: ``Vnnews-Run-Id``, ``Vnnews-Site``,
``Vnnews-Hints`` (discovery's date hints as JSON) and, for a copy recovered from another archive,
``Vnnews-Archive`` (the record's ``archive`` field as JSON). Files rotate at
``VNNEWS_ARCHIVE_MAX_BYTES`` (1 GiB by default); the month is the capture's (UTC).

Safety, the store's batch discipline: ``write`` only appends; at each batch boundary the store
calls ``sync`` *before* it writes the corpus files (``CrawlState.before_flush``), so a corpus line
only ever points at a member that is whole and fsynced. ``sync`` records each file's size in the
store database in the same transaction as the batch; on the next start ``repair`` walks whatever
lies past that size and cuts a torn last member.
"""

from __future__ import annotations

import json
import logging
import os
import zlib
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime, timezone
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper import __version__
from scraper.archive.capture import Capture
from scraper.archive.repair import ArchiveRepair, ensure_table, repair_archive, set_checkpoints
from scraper.store.paths import SITE_KEY
from scraper.store.state import CrawlState, open_state
from scraper.store.writer import _fsync_dir  # a new file's directory entry is durable too

log = logging.getLogger(__name__)

ARCHIVE_DIR = "archive"
MAX_BYTES = 1 << 30
MAX_OPEN = 32
GZIP_LEVEL = 6
SOFTWARE = f"vnnews/{__version__} (warcio)"
# Dropped from a response's headers: the body is stored de-chunked, so a chunked framing header
# would make a reader try to de-chunk it again.
HOP_BY_HOP = frozenset({"transfer-encoding", "connection", "keep-alive"})

_open: dict[Path, WarcArchive] = {}


def gzip_member(record) -> bytes:
    """One record as its own gzip member, at level 6: warcio's writer compresses at level 9, twice
    the time on a real 200 KB page (6 ms against 3 ms here) for 1 % smaller files."""
    buf = BytesIO()
    WARCWriter(buf, gzip=False).write_record(record)
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)
    return compressor.compress(buf.getvalue()) + compressor.flush()


def warc_date(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class _File:
    rel: str  # relative to <out>, e.g. archive/baoquangninh/2026-11/baoquangninh-…-000.warc.gz
    handle: BinaryIO
    writer: WARCWriter
    dirty: bool = False


class WarcArchive:
    """Writes captures into the corpus's WARC files; shared per corpus directory (``open_archive``)."""

    def __init__(self, out: Path, state: CrawlState, run_id: str, max_bytes: int = MAX_BYTES) -> None:
        self.out, self.state, self.run_id, self.max_bytes = out, state, run_id, max_bytes
        ensure_table(state.conn)
        self.shard: str | None = getattr(state, "shard", None)  # a Redis worker's id: its own files
        self.repair: ArchiveRepair = repair_archive(out, state.conn, self.shard)
        self._files: OrderedDict[tuple[str, str], _File] = OrderedDict()
        self._sizes: dict[str, int] = {}  # synced sizes not yet recorded
        self._seq = 0
        self.users = 0
        self.written = 0
        state.before_flush.append(self.sync)

    # -- writing ---------------------------------------------------------------------------------

    def write(self, site: str, capture: Capture) -> dict[str, Any]:
        """Append the capture's records; returns the record pointer (``warc`` record field)."""
        if not SITE_KEY.match(site):
            raise ValueError(f"site key {site!r} is not of the form [a-z0-9_]+")
        file = self._file_for(site, capture.date)
        extra = {"Vnnews-Run-Id": self.run_id, "Vnnews-Site": site}
        if capture.hints:
            extra["Vnnews-Hints"] = json.dumps(capture.hints, ensure_ascii=True, sort_keys=True)
        if capture.archive:
            extra["Vnnews-Archive"] = json.dumps(capture.archive, ensure_ascii=True, sort_keys=True)
        if capture.ip_address:
            extra["WARC-IP-Address"] = capture.ip_address
        response = self._response_record(file.writer, capture, extra)
        offset = file.handle.tell()
        file.handle.write(gzip_member(response))
        length = file.handle.tell() - offset
        record_id = response.rec_headers.get_header("WARC-Record-ID")
        if capture.request_headers is not None:
            file.handle.write(gzip_member(self._request_record(file.writer, capture, record_id, extra)))
        file.dirty = True
        self.written += 1
        return {"file": file.rel, "offset": offset, "length": length, "record_id": record_id}

    @staticmethod
    def _response_record(writer: WARCWriter, capture: Capture, extra: dict[str, str]):
        try:
            reason = HTTPStatus(capture.status).phrase
        except ValueError:
            reason = "Unknown"
        headers = [(k, v) for k, v in capture.headers if k.lower() not in HOP_BY_HOP]
        http = StatusAndHeaders(f"{capture.status} {reason}", headers, protocol=capture.protocol)
        return writer.create_warc_record(
            capture.url, "response", payload=BytesIO(capture.body), length=len(capture.body), http_headers=http,
            warc_headers_dict={"WARC-Date": warc_date(capture.date), **extra},
        )

    @staticmethod
    def _request_record(writer: WARCWriter, capture: Capture, concurrent_to: str, extra: dict[str, str]):
        from urllib.parse import urlsplit

        parts = urlsplit(capture.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        headers = list(capture.request_headers or [])
        if not any(k.lower() == "host" for k, _ in headers):
            headers.insert(0, ("Host", parts.netloc))
        http = StatusAndHeaders(f"GET {target} {capture.protocol}", headers, is_http_request=True)
        return writer.create_warc_record(
            capture.url, "request", payload=None, http_headers=http,
            warc_headers_dict={"WARC-Date": warc_date(capture.date), "WARC-Concurrent-To": concurrent_to,
                               "Vnnews-Run-Id": extra["Vnnews-Run-Id"], "Vnnews-Site": extra["Vnnews-Site"]},
        )

    def _file_for(self, site: str, moment: datetime) -> _File:
        month = moment.astimezone(timezone.utc).strftime("%Y-%m")
        key = (site, month)
        file = self._files.get(key)
        if file is not None and file.handle.tell() < self.max_bytes:
            self._files.move_to_end(key)
            return file
        if file is not None:  # full: rotate
            self._retire(key)
        file = self._new_file(site, month)
        self._files[key] = file
        while len(self._files) > MAX_OPEN:
            self._retire(next(iter(self._files)))
        return file

    def _new_file(self, site: str, month: str) -> _File:
        self._seq += 1
        folder = self.out / ARCHIVE_DIR / site / month
        folder.mkdir(parents=True, exist_ok=True)
        shard = f".{self.shard}" if self.shard else ""
        name = f"{site}-{self.run_id}-{self._seq:05d}{shard}.warc.gz"
        path = folder / name
        handle = open(path, "ab")  # noqa: SIM115 - kept open across batches, closed by _retire/close
        _fsync_dir(folder)
        writer = WARCWriter(handle, gzip=True)  # makes records; gzip_member writes them
        info = writer.create_warcinfo_record(name, {"software": SOFTWARE, "format": "WARC File Format 1.0",
                                                     "vnnews-run-id": self.run_id, "vnnews-site": site})
        handle.write(gzip_member(info))
        return _File(rel=path.relative_to(self.out).as_posix(), handle=handle, writer=writer, dirty=True)

    def _retire(self, key: tuple[str, str]) -> None:
        """Make a file durable and close it (rotation, too many open files)."""
        file = self._files.pop(key)
        self._sync_file(file)
        file.handle.close()

    # -- durability ------------------------------------------------------------------------------

    def _sync_file(self, file: _File) -> None:
        if file.dirty:
            file.handle.flush()
            os.fsync(file.handle.fileno())
            file.dirty = False
        self._sizes[file.rel] = file.handle.tell()

    def sync(self) -> None:
        """Batch boundary: every record written so far is fsynced; sizes join the batch's commit."""
        for file in self._files.values():
            self._sync_file(file)
        if self._sizes:
            set_checkpoints(self.state.conn, self._sizes)
            self._sizes = {}

    def close(self) -> None:
        """One opener is done; the last one syncs, closes the files and lets go of the store."""
        self.users -= 1
        if self.users > 0:
            return
        _open.pop(self.out, None)
        try:
            for key in list(self._files):
                self._retire(key)
            self.sync()
        finally:
            if self.sync in self.state.before_flush:
                self.state.before_flush.remove(self.sync)
            self.state.close()


def open_archive(out_dir: str | Path, run_id: str, max_bytes: int = MAX_BYTES) -> WarcArchive:
    """The shared archive of a corpus directory; opens (and locks) the store state with it.

    Raises ``LockHeld`` like ``open_state``. Each opener calls ``close()``.
    """
    out = Path(out_dir).resolve()
    archive = _open.get(out)
    if archive is None:
        state = open_state(out)
        try:
            archive = WarcArchive(out, state, run_id, max_bytes)
        except BaseException:
            state.close()
            raise
        _open[out] = archive
        if archive.repair.torn:
            log.warning("archive: cut %d torn WARC member(s) in %s", archive.repair.torn,
                        ", ".join(archive.repair.files_cut))
    archive.users += 1
    return archive

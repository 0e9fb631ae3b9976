"""How a batch of JSON lines becomes bytes on disk, and how those bytes are read back in units.

A *unit* is what one batch boundary appends: for plain files one line, for gzip one complete
member, for zstd one complete frame. A crash can only tear the last unit, so a reader walks units
from a known-good offset and stops at the first one that is incomplete or does not parse: that
offset is where the file is cut on start.
"""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import zstandard

from scraper.store.paths import compression_of

CHUNK = 1 << 16


@dataclass
class Unit:
    """One unit read back: byte offsets in the file and its JSON lines (None when torn/corrupt)."""

    start: int
    end: int
    lines: list[bytes] | None


def encode(compression: str, data: bytes) -> bytes:
    """Bytes to append for one batch of complete lines."""
    if compression == "none":
        return data
    if compression == "gzip":
        return gzip.compress(data, compresslevel=6, mtime=0)
    if compression == "zstd":
        return zstandard.ZstdCompressor(level=3, write_content_size=True).compress(data)
    raise ValueError(f"unknown compression {compression!r}")


def _whole_lines(payload: bytes) -> list[bytes] | None:
    """The lines of a decoded unit, or None if it is not a run of complete JSON lines."""
    if not payload.endswith(b"\n"):
        return None
    lines = payload.split(b"\n")[:-1]
    for line in lines:
        try:
            json.loads(line)
        except ValueError:
            return None
    return lines


def _plain_units(f: BinaryIO, start: int, check: bool) -> Iterator[Unit]:
    f.seek(start)
    pos = start
    for line in f:
        end = pos + len(line)
        if not line.endswith(b"\n"):
            yield Unit(pos, end, None)
            return
        if check:
            yield Unit(pos, end, _whole_lines(line))
        else:
            yield Unit(pos, end, [line[:-1]])
        pos = end


def _new_decoder(compression: str):
    if compression == "gzip":
        return zlib.decompressobj(wbits=31)
    return zstandard.ZstdDecompressor().decompressobj()


def _framed_units(f: BinaryIO, start: int, compression: str, check: bool) -> Iterator[Unit]:
    """Walk gzip members / zstd frames: each decoder ends at its member's end (``eof``)."""
    f.seek(start)
    pos, pending, out = start, b"", bytearray()
    decoder, consumed = _new_decoder(compression), 0
    while True:
        data = pending or f.read(CHUNK)
        pending = b""
        if not data:
            if consumed:
                yield Unit(pos, pos + consumed, None)  # the file ends inside a member
            return
        try:
            out += decoder.decompress(data)
        except (zlib.error, zstandard.ZstdError):
            yield Unit(pos, pos + consumed + len(data), None)
            return
        if not decoder.eof:
            consumed += len(data)
            continue
        rest = decoder.unused_data
        end = pos + consumed + len(data) - len(rest)
        lines = _whole_lines(bytes(out)) if check else bytes(out).split(b"\n")[:-1]
        yield Unit(pos, end, lines)
        if lines is None:
            return
        pos, pending, out = end, rest, bytearray()
        decoder, consumed = _new_decoder(compression), 0


def units(f: BinaryIO, compression: str, start: int = 0, check: bool = True) -> Iterator[Unit]:
    """Units of an open corpus file from byte offset ``start`` (a unit boundary).

    With ``check`` every line is parsed as JSON so a unit whose bytes are whole but garbled
    (e.g. zeros left by a power cut) counts as torn; readers that only count can skip it.
    """
    if compression == "none":
        return _plain_units(f, start, check)
    return _framed_units(f, start, compression, check)


def whole_lines(path: Path) -> Iterator[bytes]:
    """Every line of a corpus file's whole units, in order; reading stops at a torn unit (a crawl
    may be writing the file right now)."""
    with open(path, "rb") as f:
        for unit in units(f, compression_of(path), check=False):
            if unit.lines is None:
                return
            yield from unit.lines

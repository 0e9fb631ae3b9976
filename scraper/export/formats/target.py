"""Where an export's bytes go: stdout, or a file that appears only when the export succeeded.

A file is written as ``<name>.part`` beside the target and renamed over it at the end, so a killed
or failed export never leaves a half-written file under the name an analyst expects. ``.gz`` and
``.zst`` suffixes compress the stream.
"""

from __future__ import annotations

import gzip
import io
import os
import sys
from pathlib import Path
from typing import BinaryIO, TextIO

import zstandard


class OutputError(OSError):
    """The output path cannot be written; ``str(exc)`` is the one-line message."""

    def __str__(self) -> str:
        return str(self.args[0])


def _compressed(raw: BinaryIO, name: str) -> BinaryIO:
    if name.endswith(".gz"):
        return gzip.GzipFile(fileobj=raw, mode="wb", mtime=0)  # type: ignore[return-value]
    if name.endswith(".zst"):
        return zstandard.ZstdCompressor(level=6).stream_writer(raw, closefd=False)  # type: ignore[return-value]
    return raw


class Target:
    """Opened at once (so an unwritable path fails before any corpus file is read)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._part: Path | None = None
        self._layers: list[BinaryIO | TextIO] = []
        if path is None:
            self._raw: BinaryIO = sys.stdout.buffer
            return
        if path.is_dir():
            raise OutputError(f"cannot write {path}: it is a directory")
        self._part = path.with_name(path.name + ".part")
        try:
            self._raw = self._part.open("wb")
        except OSError as exc:
            raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None

    def binary(self) -> BinaryIO:
        """The byte stream, compressed by the target's suffix."""
        stream = _compressed(self._raw, self.path.name if self.path else "")
        if stream is not self._raw:
            self._layers.append(stream)
        return stream

    def text(self, encoding: str = "utf-8") -> TextIO:
        """A text stream over ``binary()``; no newline translation (``\\n`` in JSONL, ``\\r\\n`` from csv)."""
        stream = io.TextIOWrapper(self.binary(), encoding=encoding, newline="", write_through=False)  # type: ignore[arg-type]
        self._layers.append(stream)
        return stream

    def _close_layers(self) -> None:
        for layer in reversed(self._layers):
            if isinstance(layer, io.TextIOWrapper):
                layer.flush()
                layer.detach()
            else:
                layer.close()
        self._layers.clear()

    def commit(self) -> None:
        """Flush everything; rename ``.part`` over the target (stdout: just flush)."""
        self._close_layers()
        if self._part is None:
            self._raw.flush()
            return
        self._raw.close()
        assert self.path is not None
        os.replace(self._part, self.path)

    def abort(self) -> None:
        """Drop the partial file; the target keeps whatever it held before."""
        if self._part is None:
            return
        self._raw.close()
        self._part.unlink(missing_ok=True)

"""A bound on what pdfminer inflates: a 0.4 MB PDF can hold a FlateDecode stream of 200 MB.

pdfminer decodes a stream with one ``zlib.decompress`` call (and, on a bad checksum, a byte-at-a-
time retry that copies its growing result on every byte). Its module's ``zlib`` is replaced here by
a stand-in whose ``decompress`` stops at the run's part limit, and the retry by a linear one with
the same bound, so no stream grows past ``max_part_bytes``. The limit is a context variable set by
``bounded`` around one PDF; outside it the default limit applies.

pdfminer catches some exceptions of its own while interpreting a page, so the stand-in also
records the limit it hit and ``raise_if_hit`` re-raises it where the reader can see it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from ..limits import DEFAULT_LIMITS, LimitExceeded

_CHUNK = 64 * 1024


@dataclass(slots=True)
class _Guard:
    limit: int
    hit: LimitExceeded | None = None

    def exceeded(self, found: int) -> LimitExceeded:
        self.hit = LimitExceeded("max_part_bytes", self.limit, found, "PDF 数据流解压后的字节数 (decoded PDF stream)")
        return self.hit

    def raise_if_hit(self) -> None:
        if self.hit is not None:
            raise self.hit


_GUARD: ContextVar[_Guard | None] = ContextVar("pdf_stream_guard", default=None)


def _current() -> _Guard:
    return _GUARD.get() or _Guard(DEFAULT_LIMITS.max_part_bytes)


@contextmanager
def bounded(limit: int) -> Iterator[_Guard]:
    """Streams decoded inside this block stop at ``limit`` bytes."""
    guard = _Guard(limit)
    token = _GUARD.set(guard)
    try:
        yield guard
    finally:
        _GUARD.reset(token)


def decompress(data: bytes, *_args, **_kwargs) -> bytes:
    """zlib.decompress, stopping at the limit (a truncated stream still raises zlib.error)."""
    guard = _current()
    d = zlib.decompressobj()
    out = d.decompress(data, guard.limit + 1)
    if len(out) > guard.limit:
        raise guard.exceeded(len(out))
    if not d.eof:
        raise zlib.error("Error -5 while decompressing data: incomplete or truncated stream")
    return out


def decompress_corrupted(data: bytes) -> bytes:
    """pdfminer's recovery for a stream with a bad checksum, in linear time and bounded: an error
    in the last three bytes (the checksum) is tolerated, any earlier one propagates."""
    guard = _current()
    d = zlib.decompressobj()
    out = bytearray()
    n = len(data)
    pos = 0
    while pos < n:
        chunk = data[pos : pos + _CHUNK]
        saved = d.copy()
        try:
            out += d.decompress(chunk)
        except zlib.error:
            d = saved  # replay this chunk byte by byte to find where the error is
            for i in range(len(chunk)):
                try:
                    out += d.decompress(chunk[i : i + 1])
                except zlib.error:
                    if pos + i < n - 3:
                        raise
                    return bytes(out)
        if len(out) > guard.limit:
            raise guard.exceeded(len(out))
        pos += _CHUNK
    return bytes(out)


class _BoundedZlib:
    """What pdfminer.pdftypes sees as ``zlib``."""

    error = zlib.error
    decompress = staticmethod(decompress)
    decompressobj = staticmethod(zlib.decompressobj)

    def __getattr__(self, name: str):
        return getattr(zlib, name)


def install() -> None:
    """Bound pdfminer's stream decoding (idempotent)."""
    from pdfminer import pdftypes

    if not isinstance(pdftypes.zlib, _BoundedZlib):
        pdftypes.zlib = _BoundedZlib()
        pdftypes.decompress_corrupted = decompress_corrupted


install()

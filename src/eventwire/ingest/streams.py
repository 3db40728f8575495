"""Byte streams for the readers: bounded reads, bounded gzip decompression, re-attaching a sniffed head.

Every read here has a ceiling, so a gzip bomb, a 1 GB single-line file or an endless stdin costs at
most the configured number of bytes of memory.
"""

from __future__ import annotations

import gzip
import io
import zlib
from typing import BinaryIO

GZIP_MAGIC = b"\x1f\x8b"

# Read granularity for streaming copies and for skipping the rest of an over-long line.
CHUNK_BYTES = 1 << 16


class TooLarge(Exception):
    """A stream produced more bytes than its limit."""


class BadGzip(Exception):
    """A gzip stream is truncated or corrupt."""


class PrefixedStream(io.RawIOBase):
    """``head`` followed by the rest of ``rest``: lets a reader see bytes that sniffing already read
    from a stream that cannot seek (stdin, a decompressor)."""

    def __init__(self, head: bytes, rest: BinaryIO):
        self._head = memoryview(head)
        self._pos = 0
        self._served = 0
        self._rest = rest

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        # Position in the logical stream; FastWARC asks for it once when it starts.
        return self._served

    def readinto(self, buf) -> int:  # type: ignore[no-untyped-def]
        n = self._readinto(buf)
        self._served += n
        return n

    def _readinto(self, buf) -> int:  # type: ignore[no-untyped-def]
        if self._pos < len(self._head):
            n = min(len(buf), len(self._head) - self._pos)
            buf[:n] = self._head[self._pos : self._pos + n]
            self._pos += n
            return n
        data = self._rest.read(len(buf))
        if not data:
            return 0
        buf[: len(data)] = data
        return len(data)


class CappedGunzip(io.RawIOBase):
    """Streaming gzip decompression (multi-member, like ``gzip``) that raises TooLarge after
    ``limit`` output bytes and BadGzip on a truncated or corrupt stream.

    Python's GzipFile decompresses at most the requested size per call, so memory stays bounded by
    the caller's read size even for a 1000:1 bomb.
    """

    def __init__(self, raw: BinaryIO, limit: int, *, defer_errors: bool = False):
        self._gz = gzip.GzipFile(fileobj=raw, mode="rb")
        self.limit = limit
        self.produced = 0
        # With defer_errors, damage ends the stream (EOF) and is kept in ``error`` for the caller:
        # a reader that buffers ahead (FastWARC) then still yields the records before the damage.
        self.defer_errors = defer_errors
        self.error: str | None = None

    def readable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.produced

    def readinto(self, buf) -> int:  # type: ignore[no-untyped-def]
        if self.error:
            return 0
        try:
            # read1: one decompression step, so data before a damaged member is delivered first.
            data = self._gz.read1(len(buf))
        except (EOFError, gzip.BadGzipFile, zlib.error, OSError) as exc:
            if self.defer_errors:
                self.error = str(exc) or type(exc).__name__
                return 0
            raise BadGzip(str(exc) or type(exc).__name__) from None
        self.produced += len(data)
        if self.produced > self.limit:
            raise TooLarge(
                f"it expands to more than max_decompressed_bytes={self.limit:,} bytes (a gzip bomb?)"
            )
        buf[: len(data)] = data
        return len(data)


def buffered(raw: io.RawIOBase) -> io.BufferedReader:
    """Wrap a raw stream so readers get ``read``/``readline`` with internal buffering."""
    return io.BufferedReader(raw, buffer_size=CHUNK_BYTES)


def read_upto(stream: BinaryIO, n: int) -> bytes:
    """Read up to ``n`` bytes, looping over short reads (pipes, decompressors return less)."""
    parts: list[bytes] = []
    got = 0
    while got < n:
        chunk = stream.read(min(CHUNK_BYTES, n - got))
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def read_capped(stream: BinaryIO, limit: int, setting: str) -> bytes:
    """Read the whole stream; raise TooLarge if it holds more than ``limit`` bytes (``setting`` names
    the option that sets the limit, for the message)."""
    data = read_upto(stream, limit + 1)
    if len(data) > limit:
        raise TooLarge(f"it holds more than {setting}={limit:,} bytes")
    return data


def gunzip_head(data: bytes, n: int) -> bytes:
    """Up to ``n`` decompressed bytes from the start of gzip ``data`` (for sniffing); b"" if corrupt."""
    d = zlib.decompressobj(wbits=31)
    try:
        return d.decompress(data, n)
    except zlib.error:
        return b""

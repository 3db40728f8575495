"""The ingest stage: inputs -> a stream of Documents and Rejects.

Plain text, Markdown and HTML files (and feeds, and ``.json`` arrays) are read whole, up to
``max_input_bytes``; JSON lines and WARC files are streamed record by record, each record capped by
``max_doc_chars``, so a day-sized JSONL shard or a 1 GB CC-NEWS WARC never sits in memory. Every
``.gz`` variant is decompressed as a stream with a hard cap. Nothing here raises for bad input: it
becomes a Reject with a reason code and the next input is read.
"""

from __future__ import annotations

import logging
import os
import stat
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import closing, nullcontext
from typing import Any, BinaryIO

from ..options import Options
from ..records import Document, InputDone, Reject
from .decode import DecodeFailure, binary_kind, decode_bytes, meta_charset
from .feeds_local import iter_feed
from .fields import make_document, reject
from .jsonl import iter_json_document, iter_jsonl
from .paths import STDIN, expand_one, is_url, outside_links, store_name
from .sniff import SNIFF_BYTES, format_from_name, sniff_format
from .streams import (
    GZIP_MAGIC,
    BadGzip,
    CappedGunzip,
    PrefixedStream,
    TooLarge,
    buffered,
    gunzip_head,
    read_capped,
    read_upto,
)
from .warc import iter_warc

log = logging.getLogger(__name__)

STDIN_NAME = "<stdin>"
# Formats read into memory whole (bounded by max_input_bytes); the others stream.
WHOLE_FORMATS = frozenset({"txt", "md", "html", "rss", "atom", "xml", "json"})


class _Unreadable(Exception):
    pass


def iter_documents(inputs: Sequence[str], opts: Options) -> Iterator[Document | Reject]:
    """Yield the Documents (and Rejects) of each input in order.

    ``inputs`` are normally the output of ``expand_inputs``; a directory or glob given here is
    expanded too. Bad input never raises: it becomes a Reject and reading goes on.
    """
    for item in iter_inputs(inputs, opts):
        if not isinstance(item, InputDone):
            yield item


def iter_inputs(
    inputs: Sequence[str],
    opts: Options,
    *,
    feed_state: Callable[[str], dict[str, Any] | None] | None = None,
    known_urls: Callable[[Iterable[str]], set[str]] | None = None,
    refuse: Mapping[str, str] | None = None,
) -> Iterator[Document | Reject | InputDone]:
    """Like ``iter_documents``, plus an ``InputDone`` marker after the last record of each input
    (the writer uses it to mark the input complete in the manifest).

    An ``http(s)://`` input is a feed read over HTTP (``feeds_http.iter_feed_url``): ``feed_state``
    gives what the store remembers of a feed URL (its ETag / Last-Modified for a conditional GET)
    and ``known_urls`` which item links are stored already (their pages are not fetched again).
    An input in ``refuse`` (path -> reason, see ``paths.outside_links``) is not opened: it becomes an
    ``outside_link`` reject. Without ``refuse``, links out of the directory arguments in ``inputs``
    are refused unless ``opts.follow_symlinks``.
    """
    if refuse is None:
        refuse = {} if opts.follow_symlinks else outside_links(inputs)
    for arg in inputs:
        if is_url(arg):
            from .feeds_http import iter_feed_url  # imports httpx; only runs read feeds need it

            state = feed_state(arg) if feed_state is not None else None
            yield from iter_feed_url(arg, opts, state=state, known_urls=known_urls)
            continue
        found, _ = expand_one(arg)
        if not found:
            yield reject(store_name(arg), -1, "unreadable", f"{store_name(arg)!r} matched no files.")
            yield InputDone(store_name(arg), 1)
        for path in found:
            if path in refuse:
                yield reject(store_name(path), -1, "outside_link", refuse[path])
                yield InputDone(store_name(path), 1, input_fingerprint(path))
                continue
            n = 0
            for item in read_input(path, opts):
                n += 1
                yield item
            yield InputDone(STDIN_NAME if path == STDIN else store_name(path), n, input_fingerprint(path))


def input_fingerprint(path: str) -> str | None:
    """``size:mtime_ns`` of a regular file (how a resumed run recognises an unchanged input)."""
    if path == STDIN:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return f"{st.st_size}:{st.st_mtime_ns}" if stat.S_ISREG(st.st_mode) else None


def read_input(path: str, opts: Options) -> Iterator[Document | Reject]:
    """Documents and Rejects of one concrete input: a file path, or ``-`` for stdin.

    Records carry the input's ``store_name`` (a non-UTF-8 file name with its bytes escaped)."""
    name = STDIN_NAME if path == STDIN else store_name(path)
    try:
        size = _regular_file_size(path, name)
        if size is not None and size > opts.max_input_bytes and format_from_name(path)[0] in WHOLE_FORMATS:
            yield _too_large_by_stat(name, size, opts)  # refused before it is opened
            return
        raw = sys.stdin.buffer if path == STDIN else _open(path, name)
    except _Unreadable as exc:
        yield reject(name, -1, "unreadable", str(exc))
        return
    try:
        with closing(raw) if path != STDIN else nullcontext(raw):  # never close stdin
            yield from _read_stream(raw, name, size, opts)
    except OSError as exc:
        yield reject(name, -1, "unreadable", f"Reading {name} failed: {exc.strerror or exc}.")
    except Exception as exc:  # a reader bug must not stop the batch
        log.exception("internal error reading %s", name)
        yield reject(
            name,
            -1,
            "internal",
            f"Unexpected {type(exc).__name__} while reading {name}: {exc}. Please report it.",
        )


def _regular_file_size(path: str, name: str) -> int | None:
    """Size of the regular file ``path``; messages name it ``name`` (its store_name)."""
    if path == STDIN:
        return None
    try:
        st = os.stat(path)
    except FileNotFoundError:
        what = "is a broken symbolic link" if os.path.islink(path) else "does not exist"
        raise _Unreadable(f"{name} {what}.") from None
    except OSError as exc:
        raise _Unreadable(
            f"{name} cannot be opened: {exc.strerror or exc} (a symbolic-link loop?)."
        ) from None
    if stat.S_ISDIR(st.st_mode):
        raise _Unreadable(
            f"{name} is a directory that was not expanded (a symbolic-link loop back to its parent)."
        )
    if not stat.S_ISREG(st.st_mode):
        raise _Unreadable(
            f"{name} is not a regular file (a FIFO, socket or device); copy its content into a file."
        )
    return st.st_size


def _open(path: str, name: str) -> BinaryIO:
    try:
        return open(path, "rb")  # noqa: SIM115 - closed by read_input
    except OSError as exc:
        raise _Unreadable(f"{name} cannot be opened: {exc.strerror or exc}.") from None


def _too_large_by_stat(name: str, size: int, opts: Options) -> Reject:
    return reject(
        name,
        -1,
        "too_large",
        f"{name} is {size:,} bytes, more than max_input_bytes={opts.max_input_bytes:,}; split it or raise the limit.",
    )


def _read_stream(raw: BinaryIO, name: str, size: int | None, opts: Options) -> Iterator[Document | Reject]:
    ext_fmt, gz_ext = format_from_name(name) if name != STDIN_NAME else (None, False)
    if size == 0:
        yield reject(name, -1, "empty", f"{name} is empty (0 bytes).")
        return
    head = read_upto(raw, SNIFF_BYTES)
    if not head:
        yield reject(name, -1, "empty", f"{name} is empty (0 bytes).")
        return
    is_gz = head.startswith(GZIP_MAGIC)
    if gz_ext and not is_gz:
        yield reject(
            name,
            -1,
            "bad_gzip",
            f"{name} ends in .gz but is not gzip data; rename it or compress it properly.",
        )
        return
    plain_head = gunzip_head(head, SNIFF_BYTES) if is_gz else head
    fmt = ext_fmt
    if fmt is None or fmt == "xml":
        sniffed = sniff_format(plain_head, name)
        fmt = sniffed if fmt is None or sniffed in ("rss", "atom") else "html"
    if size is not None and not is_gz and fmt in WHOLE_FORMATS and size > opts.max_input_bytes:
        yield _too_large_by_stat(name, size, opts)
        return
    rawp = buffered(PrefixedStream(head, raw))
    if fmt == "warc":
        yield from iter_warc(rawp, name, opts)
        return
    body: BinaryIO = buffered(CappedGunzip(rawp, opts.max_decompressed_bytes)) if is_gz else rawp
    try:
        if fmt == "jsonl":
            kind = binary_kind(plain_head)
            if kind:
                yield reject(name, -1, "binary", f"{name} holds {kind}, not JSON lines.")
                return
            yield from iter_jsonl(body, name, opts)
            return
        data = read_capped(body, opts.max_input_bytes, "max_input_bytes")
    except TooLarge as exc:
        yield reject(name, -1, "too_large", f"{name} was not read whole: {exc}; split it or raise the limit.")
        return
    except BadGzip as exc:
        yield reject(
            name,
            -1,
            "bad_gzip",
            f"{name} is a truncated or corrupt gzip file ({exc}); re-download or re-compress it.",
        )
        return
    yield from _whole(data, name, fmt, opts)


def _whole(data: bytes, name: str, fmt: str, opts: Options) -> Iterator[Document | Reject]:
    if not data.strip():
        yield reject(name, -1, "empty", f"{name} has no content (whitespace only).")
        return
    kind = binary_kind(data)
    if kind:
        yield reject(name, -1, "binary", f"{name} holds {kind}, not text; remove it from the input.")
        return
    if fmt in ("rss", "atom"):
        yield from iter_feed(data, name, opts)
        return
    if fmt == "json":
        yield from iter_json_document(data, name, opts)
        return
    yield _text_document(data, name, fmt, opts)


def _text_document(data: bytes, name: str, fmt: str, opts: Options) -> Document | Reject:
    is_html = fmt == "html"
    try:
        text, encoding = decode_bytes(data, meta_charset(data) if is_html else None)
    except DecodeFailure:
        return reject(
            name,
            -1,
            "decode_error",
            f"{name} is not text in any encoding we can detect; convert it to UTF-8 (iconv -f ENCODING -t UTF-8).",
        )
    if not text.strip():
        return reject(name, -1, "empty", f"{name} has no content after decoding.")
    if len(text) > opts.max_doc_chars:
        return reject(
            name,
            -1,
            "too_large",
            f"{name} decodes to {len(text):,} characters, more than max_doc_chars={opts.max_doc_chars:,}; split it.",
        )
    return make_document(
        text,
        path=name,
        record=0,
        kind="html" if is_html else "text",
        fmt=fmt,
        encoding=encoding,
        size=len(data),
    )

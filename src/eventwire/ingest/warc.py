"""WARC / WARC.gz (the CC-NEWS layout): one Document per HTTP 200 HTML response record.

Two backends read the records: FastWARC (fast, native) when it is installed, warcio (pure Python)
otherwise. Each turns records into the same backend-neutral ``WarcItem``; everything after that is
shared, so both give identical Documents and identical rejects for the failures both can see.

gzip is undone here, not by the backends, with the same bounded decompressor as every other
``.gz`` input: a truncated or corrupt member then surfaces as an exception in both backends instead
of a silently shortened last record (warcio) or a garbage record (FastWARC).
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from email.message import Message
from typing import Any, BinaryIO

from ..options import Options
from ..records import Document, Reject
from .decode import DecodeFailure, binary_kind, decode_bytes, meta_charset
from .fields import make_document, reject
from .streams import GZIP_MAGIC, BadGzip, CappedGunzip, buffered, read_upto

HTML_TYPES = ("text/html", "application/xhtml+xml")

# A payload of max_doc_chars characters takes at most 4 bytes per character in any Unicode
# encoding, so reading 4x the character cap in bytes never cuts a document we would keep.
MAX_BYTES_PER_CHAR = 4


class WarcBroken(Exception):
    """The record stream cannot be parsed past this point."""


@dataclass(slots=True)
class WarcItem:
    """A backend-neutral view of one WARC record (payload only read for HTML 200 responses)."""

    index: int
    rec_type: str
    url: str | None = None
    date: str | None = None
    status: int | None = None
    content_type: str | None = None
    truncated: bool = False  # WARC-Truncated: the crawler itself cut the payload
    incomplete: bool = False  # the file ends before the record's Content-Length
    payload: bytes | None = None
    error: str | None = None  # the payload could not be read (broken chunked or gzip content coding)
    # Set on the item *after* a record whose Content-Length did not match its bytes (warcio
    # resynchronises; FastWARC stops with an error instead).
    previous_bad_length: bool = False


def _wants_payload(rec_type: str, status: int | None, content_type: str | None) -> bool:
    if rec_type != "response" or status != 200 or not content_type:
        return False
    return content_type.split(";", 1)[0].strip().lower() in HTML_TYPES


def _read_payload(item: WarcItem, open_reader: Any, payload_limit: int) -> None:
    try:
        item.payload = read_upto(open_reader(), payload_limit + 1)
        if len(item.payload) > payload_limit:
            item.payload = item.payload[: payload_limit + 1]
    except BadGzip:
        raise  # the file itself is damaged: handled for the whole stream
    except BaseException as exc:  # any decoder error (or FastWARC panic) of one record's payload
        if not isinstance(exc, Exception) and not _is_panic(exc):
            raise
        item.error = f"{type(exc).__name__}: {exc}"


def available_backends() -> list[str]:
    """WARC backends importable here, fastest first."""
    names = []
    try:
        import fastwarc.warc  # noqa: F401

        names.append("fastwarc")
    except ImportError:
        pass
    try:
        import warcio  # noqa: F401

        names.append("warcio")
    except ImportError:
        pass
    return names


def _is_panic(exc: BaseException) -> bool:
    # FastWARC is Rust (pyo3); a Rust panic arrives as pyo3_runtime.PanicException, which derives
    # from BaseException and would otherwise pass every `except Exception` up to the batch.
    return type(exc).__name__ == "PanicException"


def _iter_fastwarc(stream: BinaryIO, payload_limit: int) -> Iterator[WarcItem]:
    from fastwarc.warc import ArchiveIterator

    try:
        it = iter(ArchiveIterator(stream, parse_http=True, auto_decode="all", stream_detect=False))
    except BaseException as exc:
        if isinstance(exc, OSError) or _is_panic(exc):
            raise WarcBroken(str(exc)) from None
        raise
    index = -1
    while True:
        try:
            rec = next(it)
        except StopIteration:
            return
        except BaseException as exc:
            cause = exc.__cause__ or exc.__context__
            if isinstance(cause, BadGzip):
                raise cause from None
            if isinstance(exc, OSError | ValueError) or _is_panic(exc):
                raise WarcBroken(str(exc)) from None
            raise
        index += 1
        head = rec.headers
        item = WarcItem(index=index, rec_type=str(head.get("WARC-Type") or "").lower())
        item.url = head.get("WARC-Target-URI")
        item.date = head.get("WARC-Date")
        item.truncated = bool(head.get("WARC-Truncated"))
        encoded = False
        if rec.is_http and rec.http_headers is not None:
            item.status = rec.http_headers.status_code
            item.content_type = rec.http_headers.get("Content-Type")
            encoded = bool(
                rec.http_headers.get("Content-Encoding") or rec.http_headers.get("Transfer-Encoding")
            )
        if _wants_payload(item.rec_type, item.status, item.content_type):
            _read_payload(item, lambda r=rec: r.reader, payload_limit)
            # After HTTP parsing FastWARC's content_length is the payload length. A decoded payload
            # (chunked, gzip) has another length, so the check only applies to identity payloads.
            if item.payload is not None and not encoded and len(item.payload) <= payload_limit:
                item.incomplete = len(item.payload) < rec.content_length
        yield item


def _iter_warcio(stream: BinaryIO, payload_limit: int) -> Iterator[WarcItem]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    class _Quiet(ArchiveIterator):  # type: ignore[misc]
        # warcio prints a warning to stderr for each bad Content-Length; we count them instead
        # (err_count) and report a reject, so the message would only clutter the progress bar.
        INC_RECORD = ""

    archive = _Quiet(stream, arc2warc=False)
    it = iter(archive)
    index = -1
    while True:
        errors_before = archive.err_count
        try:
            rec = next(it)
        except StopIteration:
            return
        except BadGzip:
            raise
        except ArchiveLoadFailed as exc:
            raise WarcBroken(str(exc)) from None
        except Exception as exc:  # warcio trips over malformed headers in many ways (AttributeError, ...)
            raise WarcBroken(f"{type(exc).__name__}: {exc}") from None
        index += 1
        item = WarcItem(index=index, rec_type=(rec.rec_type or "").lower())
        item.previous_bad_length = archive.err_count > errors_before
        item.url = rec.rec_headers.get_header("WARC-Target-URI")
        item.date = rec.rec_headers.get_header("WARC-Date")
        item.truncated = bool(rec.rec_headers.get_header("WARC-Truncated"))
        if rec.http_headers is not None and rec.rec_type in ("response", "request", "revisit"):
            status = rec.http_headers.get_statuscode()
            item.status = int(status) if status and status.isdigit() else None
            item.content_type = rec.http_headers.get_header("Content-Type")
        if _wants_payload(item.rec_type, item.status, item.content_type):
            _read_payload(item, rec.content_stream, payload_limit)
            if item.payload is not None and len(item.payload) <= payload_limit:
                # warcio's raw stream counts down the record's Content-Length; bytes still owed
                # after the whole payload was read mean the file ended inside this record.
                item.incomplete = getattr(rec.raw_stream, "limit", 0) > 0
        yield item


_BACKENDS: dict[str, Any] = {"fastwarc": _iter_fastwarc, "warcio": _iter_warcio}


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    msg = Message()
    msg["content-type"] = content_type
    charset = msg.get_param("charset")
    return charset if isinstance(charset, str) else None


def _item_to_doc(item: WarcItem, path: str, opts: Options, payload_limit: int) -> Document | Reject | None:
    where = f"WARC record {item.index} ({item.url or 'no target URI'})"
    if not item.rec_type:
        return reject(
            path, item.index, "bad_warc", f"{where} has no WARC-Type header; it is not a valid record."
        )
    if item.error:
        return reject(
            path, item.index, "bad_warc", f"{where} has a payload that cannot be decoded ({item.error})."
        )
    payload = item.payload
    if payload is None:
        return None
    if len(payload) > payload_limit:
        return reject(
            path, item.index, "too_large", f"{where} has a payload over {payload_limit:,} bytes; skipped."
        )
    if not payload.strip():
        return reject(path, item.index, "empty", f"{where} has an empty payload.")
    if item.incomplete:
        return reject(
            path,
            item.index,
            "bad_warc",
            f"{where} ends before the length its header announces; the file is cut off inside this record.",
        )
    kind = binary_kind(payload)
    if kind:
        return reject(path, item.index, "binary", f"{where} is labelled HTML but holds {kind}.")
    try:
        text, encoding = decode_bytes(payload, _charset(item.content_type) or meta_charset(payload))
    except DecodeFailure:
        return reject(path, item.index, "decode_error", f"{where} is not text in any encoding we can detect.")
    if not text.strip():
        return reject(path, item.index, "empty", f"{where} has no text.")
    if len(text) > opts.max_doc_chars:
        return reject(
            path,
            item.index,
            "too_large",
            f"{where} decodes to {len(text):,} characters, more than max_doc_chars={opts.max_doc_chars:,}.",
        )
    return make_document(
        text,
        path=path,
        record=item.index,
        kind="html",
        fmt="warc",
        encoding=encoding,
        size=len(payload),
        url=item.url,
        crawl_date=item.date,
    )


@dataclass(slots=True)
class _WarcRun:
    """Progress through one WARC file: the held-back output and how far the records were read."""

    held: Document | Reject | None = None  # last output, kept until the next record parses
    held_index: int = -1
    last_index: int = -1
    produced: int = 0
    broken: str | None = None


def _unwrap_gzip(stream: BinaryIO) -> tuple[BinaryIO, CappedGunzip | None]:
    """The stream to hand to a backend, decompressed here when it is gzip, and the decompressor."""
    peek = stream.peek(2)[:2] if hasattr(stream, "peek") else b""
    gunzip: CappedGunzip | None = None
    if peek == GZIP_MAGIC:
        # Record payloads are capped one by one, so the whole file may be larger than
        # max_decompressed_bytes (a CC-NEWS file expands to several GB). Damage ends the stream
        # quietly and is reported after the records before it were read (backends read ahead).
        gunzip = CappedGunzip(stream, sys.maxsize, defer_errors=True)
        stream = buffered(gunzip)
    return stream, gunzip


def _read_records(
    stream: BinaryIO, backend: str, path: str, opts: Options, payload_limit: int, run: _WarcRun
) -> Iterator[Document | Reject]:
    """Outputs of the records, each held back until the next record parses; stops at a broken stream."""
    try:
        for item in _BACKENDS[backend](stream, payload_limit):
            run.last_index = item.index
            if run.held is not None:
                held, held_index = run.held, run.held_index
                if item.previous_bad_length and isinstance(held, Document) and held_index == item.index - 1:
                    run.held = reject(
                        path,
                        held_index,
                        "bad_warc",
                        f"WARC record {held_index} ({held.url}) has a Content-Length that does not match its "
                        "bytes, so its content cannot be trusted; the records after it were read.",
                    )
                yield run.held
                run.produced += 1
                run.held = None
            out = _item_to_doc(item, path, opts, payload_limit)
            if out is not None:
                run.held, run.held_index = out, item.index
    except WarcBroken as exc:
        run.broken = str(exc)


def _end_at_gzip_damage(path: str, run: _WarcRun, gz_error: str) -> Iterator[Document | Reject]:
    """The held output (unless the damage may have cut it short) and the reject for the damaged gzip."""
    held = run.held
    # The stream ended at the damage; the last record read may be cut short by it.
    if isinstance(held, Document) and run.held_index == run.last_index:
        held = None
    if held is not None:
        yield held
    at = max(run.last_index, 0)
    yield reject(
        path,
        at,
        "bad_warc",
        f"The gzip stream of this WARC file is truncated or corrupt at record {at} ({gz_error}); "
        "the complete records before the damage were read.",
    )


def _end_at_broken_stream(path: str, run: _WarcRun, broken: str) -> Iterator[Document | Reject]:
    """The rejects for a record stream that cannot be parsed past the last record read."""
    held, held_index, last_index = run.held, run.held_index, run.last_index
    if isinstance(held, Document) and held_index == last_index:
        # A lying Content-Length shows up as an unparsable next record: the last record read
        # swallowed (or left behind) bytes that are not its own.
        yield reject(
            path,
            held_index,
            "bad_warc",
            f"The WARC stream breaks after record {held_index} ({broken}); that record's Content-Length is "
            "probably wrong, so it and the rest of the file were not used.",
        )
    else:
        if held is not None:
            yield held
        yield reject(
            path,
            last_index + 1,
            "bad_warc",
            f"The WARC stream cannot be parsed after record {last_index} ({broken}); the rest of the file was skipped.",
        )


def iter_warc(
    stream: BinaryIO, path: str, opts: Options, backend: str | None = None
) -> Iterator[Document | Reject]:
    """Documents from a WARC stream (plain or gzip); ``record`` = 0-based record index in the file.

    ``backend`` is "fastwarc" or "warcio"; by default the first of ``available_backends()``.
    """
    names = available_backends()
    if backend is None:
        if not names:
            yield reject(
                path, -1, "unsupported", "Reading WARC files needs warcio or fastwarc: pip install warcio."
            )
            return
        backend = names[0]
    payload_limit = opts.max_doc_chars * MAX_BYTES_PER_CHAR
    stream, gunzip = _unwrap_gzip(stream)
    run = _WarcRun()
    yield from _read_records(stream, backend, path, opts, payload_limit, run)
    gz_error = gunzip.error if gunzip is not None else None
    if gz_error:
        yield from _end_at_gzip_damage(path, run, gz_error)
        return
    if run.broken is not None:
        yield from _end_at_broken_stream(path, run, run.broken)
        return
    if run.held is not None:
        yield run.held
        run.produced += 1
    if run.produced == 0:
        yield reject(path, -1, "empty", "The WARC file has no HTTP 200 text/html response records.")

"""JSON lines (and ``.json`` arrays of records): one Document per record.

A record carries ``html`` or ``text`` plus optional metadata. ``html`` wins when both are present:
the page keeps its title, date and outlet markup for the cleaner. Broken lines become rejects and the
file goes on; good lines are always kept.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from ..options import Options
from ..records import Document, Reject
from .decode import DecodeFailure, bom_encoding, decode_bytes
from .fields import coerce_date, make_document, reject
from .streams import CHUNK_BYTES

# JSON escapes can spend up to 6 bytes on one character (\u00e9), so a line that holds a document
# of max_doc_chars characters can be 6x longer in bytes. Longer lines cannot hold a document we
# would keep and are skipped unread.
JSON_BYTES_PER_CHAR = 6

# Field aliases seen in real exports: NewsAPI (publishedAt, source.name), news crawl extracts
# (published_at, date), RSS-to-JSON converters (pubDate, site_name).
PUBLISHED_KEYS = ("published", "date", "published_at", "publishedAt", "pubDate")
SOURCE_KEYS = ("source", "outlet", "site_name")


class _FieldError(Exception):
    pass


def _str_field(obj: dict[str, Any], key: str) -> str | None:
    val = obj.get(key)
    if val is None or isinstance(val, str):
        return val
    raise _FieldError(f"field {key!r} is a {type(val).__name__}, expected a string")


def _first(obj: dict[str, Any], keys: tuple[str, ...]) -> tuple[str, Any]:
    for k in keys:
        if obj.get(k) not in (None, ""):
            return k, obj[k]
    return keys[0], None


@dataclass(slots=True)
class _RecordFields:
    """The fields of one JSON record that make its Document, each checked for its type."""

    html: str | None
    text: str | None
    title: str | None
    url: str | None
    published: Any
    source: Any


def _record_fields(obj: dict[str, Any]) -> _RecordFields:
    """The record's body and metadata fields; raises _FieldError for a field of the wrong type."""
    html = _str_field(obj, "html")
    text = _str_field(obj, "text")
    title = _str_field(obj, "title")
    url = _str_field(obj, "url")
    pkey, pval = _first(obj, PUBLISHED_KEYS)
    if pval is not None and (isinstance(pval, bool) or not isinstance(pval, str | int | float)):
        raise _FieldError(f"field {pkey!r} is a {type(pval).__name__}, expected a date string")
    skey, sval = _first(obj, SOURCE_KEYS)
    if isinstance(sval, dict) and isinstance(sval.get("name"), str):
        sval = sval["name"]  # NewsAPI: "source": {"id": ..., "name": "Dawn"}
    elif sval is not None and not isinstance(sval, str):
        raise _FieldError(f"field {skey!r} is a {type(sval).__name__}, expected a string")
    return _RecordFields(html, text, title, url, pval, sval)


def record_to_document(
    obj: Any, *, path: str, index: int, size: int, encoding: str, opts: Options
) -> Document | Reject:
    """One JSON record -> Document, or Reject(bad_json / bad_field / empty / too_large)."""
    if not isinstance(obj, dict):
        return reject(
            path,
            index,
            "bad_json",
            f"Record {index} is a JSON {type(obj).__name__}, not an object; each line must be "
            '{"text": ...} or {"html": ...}.',
        )
    try:
        fields = _record_fields(obj)
    except _FieldError as exc:
        return reject(path, index, "bad_field", f"Record {index}: {exc}; fix the field or remove it.")
    html, text = fields.html, fields.text
    if html is None and text is None:
        return reject(
            path,
            index,
            "bad_field",
            f"Record {index} has no 'text' or 'html' field (keys: {', '.join(sorted(obj)[:8]) or 'none'}); "
            "put the article body in one of them.",
        )
    content, kind = (html, "html") if html and html.strip() else (text or "", "text")
    if not content.strip():
        return reject(path, index, "empty", f"Record {index} has an empty 'text'/'html' field.")
    if len(content) > opts.max_doc_chars:
        return reject(
            path,
            index,
            "too_large",
            f"Record {index} holds {len(content):,} characters, more than max_doc_chars="
            f"{opts.max_doc_chars:,}; split it or raise the limit.",
        )
    if "\x00" in content:
        content = content.replace("\x00", "")
    return make_document(
        content,
        path=path,
        record=index,
        kind=kind,
        fmt="jsonl",
        encoding=encoding,
        size=size,
        url=fields.url,
        title=fields.title,
        published=coerce_date(fields.published),
        source=fields.source,
    )


def _skip_rest_of_line(stream: BinaryIO) -> None:
    while True:
        chunk = stream.readline(CHUNK_BYTES)
        if not chunk or chunk.endswith(b"\n"):
            return


def _decode_line(raw: bytes) -> tuple[str, str]:
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        return decode_bytes(raw)


def iter_jsonl(stream: BinaryIO, path: str, opts: Options) -> Iterator[Document | Reject]:
    """Stream JSON lines from ``stream``; ``record`` = 0-based line number, blank lines skipped."""
    produced = 0
    for item in _iter_lines(stream, path, opts):
        produced += 1
        yield item
    if not produced:
        yield reject(path, -1, "empty", "The JSON-lines input has no records, only blank lines.")


def _iter_lines(stream: BinaryIO, path: str, opts: Options) -> Iterator[Document | Reject]:
    line_limit = opts.max_doc_chars * JSON_BYTES_PER_CHAR
    peek = stream.peek(4)[:4] if hasattr(stream, "peek") else b""
    bom = bom_encoding(peek)
    if bom and bom != "utf-8":
        # UTF-16/32 JSON lines: split on decoded newlines (a NUL-padded b"\n" is not a line end).
        text_stream = io.TextIOWrapper(stream, encoding=bom[:6], errors="replace", newline="")
        yield from _iter_text_lines(text_stream, path, opts, bom)
        return
    index = -1
    while True:
        raw = stream.readline(line_limit + 1)
        if not raw:
            return
        index += 1
        if index == 0 and raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        if len(raw) > line_limit and not raw.endswith(b"\n"):
            _skip_rest_of_line(stream)
            yield reject(
                path,
                index,
                "too_large",
                f"Line {index + 1} (record {index}) is longer than {line_limit:,} bytes, more than a document of "
                f"max_doc_chars={opts.max_doc_chars:,} can take; it was skipped.",
            )
            continue
        if not raw.strip():
            continue
        try:
            line, encoding = _decode_line(raw)
        except DecodeFailure:
            yield reject(
                path,
                index,
                "decode_error",
                f"Line {index + 1} (record {index}) is not text in any encoding we can detect.",
            )
            continue
        yield _parse_line(line, path=path, index=index, size=len(raw), encoding=encoding, opts=opts)


def _iter_text_lines(
    text_stream: io.TextIOWrapper, path: str, opts: Options, encoding: str
) -> Iterator[Document | Reject]:
    limit = opts.max_doc_chars * JSON_BYTES_PER_CHAR
    index = -1
    while True:
        line = text_stream.readline(limit + 1)
        if not line:
            return
        index += 1
        if len(line) > limit and not line.endswith("\n"):
            while (more := text_stream.readline(CHUNK_BYTES)) and not more.endswith("\n"):
                pass
            yield reject(
                path,
                index,
                "too_large",
                f"Line {index + 1} (record {index}) is longer than {limit:,} characters; it was skipped.",
            )
            continue
        line = line.lstrip("\ufeff") if index == 0 else line
        if not line.strip():
            continue
        size = len(line.encode("utf-8", "surrogatepass"))
        yield _parse_line(line, path=path, index=index, size=size, encoding=encoding, opts=opts)


def _parse_line(
    line: str, *, path: str, index: int, size: int, encoding: str, opts: Options
) -> Document | Reject:
    try:
        obj = json.loads(line)
    except ValueError as exc:
        return reject(
            path,
            index,
            "bad_json",
            f"Line {index + 1} (record {index}) is not valid JSON ({exc}); fix or delete that line.",
        )
    return record_to_document(obj, path=path, index=index, size=size, encoding=encoding, opts=opts)


def iter_json_document(data: bytes, path: str, opts: Options) -> Iterator[Document | Reject]:
    """A ``.json`` file: one array of records, one record object, or JSON lines after all."""
    try:
        text, encoding = decode_bytes(data)
        obj = json.loads(text)
    except (ValueError, DecodeFailure):
        # Not one JSON value: most .json files in news dumps are JSON lines under another name.
        yield from iter_jsonl(io.BufferedReader(io.BytesIO(data)), path, opts)  # type: ignore[arg-type]
        return
    records = obj if isinstance(obj, list) else [obj]
    if not records:
        yield reject(path, -1, "empty", "The JSON file holds an empty array.")
    for index, rec in enumerate(records):
        size = len(json.dumps(rec, ensure_ascii=False).encode("utf-8"))
        yield record_to_document(rec, path=path, index=index, size=size, encoding=encoding, opts=opts)

"""Local RSS 2.0 / RSS 1.0 / Atom files: one Document per item, parsed with feedparser.

Entity declarations are refused before parsing. feedparser 6 drops entity declarations whose value
references other entities (so the classic "billion laughs" does not expand) but re-inserts the
"safe" literal ones, so a 50 KB literal entity referenced 100,000 times (the quadratic blow-up
attack) would still expand to gigabytes. No real news feed declares entities, so any
``<!ENTITY`` makes the file a bad_feed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from typing import Any

from ..options import Options
from ..records import Document, Reject
from .fields import coerce_date, make_document, reject
from .markup import markup_problem

_ENTITY_DECL = re.compile(rb"<!entity", re.I)
# Tags or entities in an item's content: the item is read as HTML, else as plain text.
MARKUP = re.compile(r"<[A-Za-z][A-Za-z0-9]*(\s[^<>]*)?/?>|&[A-Za-z]+;|&#\d+;")


def has_entity_declarations(data: bytes) -> bool:
    """True when the XML declares entities (also in UTF-16, where the ASCII bytes are NUL-padded)."""
    return _ENTITY_DECL.search(data) is not None or (
        b"\x00" in data[:4096] and _ENTITY_DECL.search(data.replace(b"\x00", b"")) is not None
    )


def item_content(entry: Any) -> str:
    """A feed item's body: its first non-empty ``content`` value, else its summary, else ""."""
    for part in entry.get("content") or ():
        value = part.get("value") if isinstance(part, dict) else None
        if isinstance(value, str) and value.strip():
            return value
    summary = entry.get("summary")
    return summary if isinstance(summary, str) else ""


def item_date(entry: Any) -> str | None:
    """A feed item's publication date (published, updated or created), as the publisher wrote it."""
    # The raw string keeps the publisher's local date; feedparser's *_parsed is shifted to UTC,
    # which moves an evening story in New York to the next day.
    for key in ("published", "updated", "created"):
        date = coerce_date(entry.get(key))
        if date:
            return date
    for key in ("published_parsed", "updated_parsed"):
        parsed = entry.get(key)
        if parsed:
            return f"{parsed.tm_year:04d}-{parsed.tm_mon:02d}-{parsed.tm_mday:02d}"
    return None


def _refusal(data: bytes, path: str) -> Reject | None:
    """The reject for a feed that must not be parsed at all (entity declarations, abusive markup)."""
    if has_entity_declarations(data):
        return reject(
            path,
            -1,
            "bad_feed",
            "The feed declares XML entities (<!ENTITY ...>), which can expand to gigabytes "
            "(billion-laughs attack); no real news feed needs them, so it was not parsed.",
        )
    problem = markup_problem(data)
    if problem:
        return reject(path, -1, "too_complex", f"The feed was refused: {problem}.")
    return None


def _no_items_reject(parsed: Any, path: str) -> Reject:
    """The reject for a feed without items: unparsable (bozo) or simply empty."""
    if parsed.get("bozo"):
        exc = parsed.get("bozo_exception")
        return reject(
            path,
            -1,
            "bad_feed",
            f"The feed could not be parsed ({exc or 'not RSS or Atom'}); check that the file is a complete RSS/Atom document.",
        )
    return reject(path, -1, "empty", "The feed parsed but has no items.")


def _item_output(
    entry: Any, index: int, path: str, opts: Options, fmt: str, encoding: str, feed_title: Any
) -> Document | Reject:
    """One feed item as a Document, or the reject for an item without content or with too much."""
    content = item_content(entry)
    if not content.strip():
        return reject(
            path,
            index,
            "bad_field",
            f"Feed item {index} has no content or description (only a title/link); "
            "use a full-text feed or ingest the linked pages.",
        )
    if len(content) > opts.max_doc_chars:
        return reject(
            path,
            index,
            "too_large",
            f"Feed item {index} holds {len(content):,} characters, more than max_doc_chars={opts.max_doc_chars:,}.",
        )
    title = entry.get("title")
    link = entry.get("link")
    return make_document(
        content.replace("\x00", ""),
        path=path,
        record=index,
        kind="html" if MARKUP.search(content) else "text",
        fmt=fmt,
        encoding=encoding,
        size=len(content.encode("utf-8", "surrogatepass")),
        url=link if isinstance(link, str) else None,
        title=title if isinstance(title, str) else None,
        published=item_date(entry),
        source=feed_title if isinstance(feed_title, str) else None,
    )


def iter_feed(data: bytes, path: str, opts: Options) -> Iterator[Document | Reject]:
    """Items of an RSS/Atom document held in ``data``; ``record`` = item index."""
    import feedparser

    refused = _refusal(data, path)
    if refused is not None:
        yield refused
        return
    # A file-like object, never bytes: given bytes that name a path (a file holding "/etc/passwd"),
    # feedparser opens and parses that path instead.
    parsed = feedparser.parse(io.BytesIO(data))
    entries = parsed.get("entries") or []
    if not entries:
        yield _no_items_reject(parsed, path)
        return
    version = parsed.get("version") or ""
    fmt = "atom" if version.startswith("atom") else "rss"
    feed_title = parsed.get("feed", {}).get("title")
    encoding = parsed.get("encoding") or "utf-8"
    for index, entry in enumerate(entries):
        yield _item_output(entry, index, path, opts, fmt, encoding, feed_title)

"""Which reader an input needs: by file name when the extension is known, else by its first bytes."""

from __future__ import annotations

import json
import re

from .decode import bom_encoding, utf16_without_bom
from .streams import GZIP_MAGIC, gunzip_head

FORMATS = ("txt", "md", "html", "jsonl", "rss", "atom", "warc")

# Bytes read from the start of an input to decide its format. 64 KB holds the XML prolog and root
# element of any feed, the first JSONL records of ordinary size, and an HTML head.
SNIFF_BYTES = 1 << 16

# Distinct HTML tag names that make plain-looking text count as an HTML fragment (a pasted
# "<p>...</p><a href>" body without <html>). One or two can be prose quoting markup.
HTML_TAGS_MIN = 3

# Share of the complete non-blank lines in the head that must parse as JSON objects for an
# unknown file to be read as JSON lines; a few broken lines become bad_json rejects.
JSONL_MIN_OBJECT_RATIO = 0.8

EXTENSIONS: dict[str, str] = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".shtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json": "json",  # JSON lines, or one JSON array/object of records: decided when read
    ".rss": "rss",
    ".atom": "atom",
    ".xml": "xml",  # a feed if its root is one, else markup: decided when read
    ".warc": "warc",
}

_HTML_TAG = re.compile(
    r"<(p|div|br|a|span|body|head|meta|script|title|h[1-6]|article|section|ul|li|table|img|link|nav)[\s/>]",
    re.I,
)
_XML_ROOT = re.compile(r"<(rss|feed|rdf:rdf|html)\b", re.I)
# Whitespace, processing instructions, comments and a DOCTYPE (with its internal subset) before the root.
_PROLOG_NOISE = re.compile(r"(\s+|<\?.*?\?>|<!--.*?-->|<!doctype[^>\[]*(\[.*?\])?\s*>)", re.I | re.S)


def format_from_name(name: str) -> tuple[str | None, bool]:
    """``(format or None, gzipped)`` from a file name: ``x.jsonl.gz`` -> ("jsonl", True)."""
    lower = name.lower()
    gz = lower.endswith(".gz")
    if gz:
        lower = lower[:-3]
    dot = lower.rfind(".")
    slash = max(lower.rfind("/"), lower.rfind("\\"))
    ext = lower[dot:] if dot > slash + 1 else ""
    return EXTENSIONS.get(ext), gz


def _head_text(data: bytes) -> str:
    enc = bom_encoding(data) or utf16_without_bom(data)
    if enc:
        even = len(data) - len(data) % 4
        return data[:even].decode(enc, errors="ignore").lstrip("\ufeff")
    # Latin-1 never fails; the markers we look for are ASCII.
    return data.decode("latin-1")


def _xml_root(text: str) -> str | None:
    pos = 0
    while True:
        m = _PROLOG_NOISE.match(text, pos)
        if not m or m.end() == pos:
            break
        pos = m.end()
    m = _XML_ROOT.match(text, pos)
    return m.group(1).lower() if m else None


def _looks_jsonl(text: str, truncated: bool) -> bool:
    lines = text.splitlines()
    if truncated and lines:
        lines = lines[:-1]  # the last line of a head may be cut off mid-record
    lines = [ln for ln in lines if ln.strip()]
    if not lines or not lines[0].lstrip().startswith("{"):
        return False
    good = 0
    for ln in lines:
        try:
            good += isinstance(json.loads(ln), dict)
        except ValueError:
            pass
    return good / len(lines) >= JSONL_MIN_OBJECT_RATIO


def sniff_format(data: bytes, name: str = "") -> str:
    """Guess the format of an input from its first bytes (gzip is undone first).

    Returns one of txt, md, html, jsonl, rss, atom, warc. ``name`` only breaks the tie between
    plain text and Markdown.
    """
    if data.startswith(GZIP_MAGIC):
        data = gunzip_head(data, SNIFF_BYTES)
    if data.startswith(b"WARC/1.") or data.startswith(b"WARC/0."):
        return "warc"
    text = _head_text(data[:SNIFF_BYTES])
    stripped = text.lstrip()
    root = _xml_root(stripped[:4096])
    if root in ("rss", "rdf:rdf"):
        return "rss"
    if root == "feed":
        return "atom"
    if root == "html" or stripped[:15].lower().startswith("<!doctype html"):
        return "html"
    if stripped.startswith("<?xml"):
        return "html"  # other XML: markup that the HTML cleaner can strip
    if stripped.startswith("{") and _looks_jsonl(text, truncated=len(data) >= SNIFF_BYTES):
        return "jsonl"
    if len({m.group(1).lower() for m in _HTML_TAG.finditer(text)}) >= HTML_TAGS_MIN:
        return "html"
    return "md" if format_from_name(name)[0] == "md" else "txt"

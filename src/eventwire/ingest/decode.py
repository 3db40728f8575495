"""Bytes -> text: binary detection, BOMs, declared charsets, UTF-8, and a guessed legacy encoding.

Order of trust: byte-order mark > BOM-less UTF-16 pattern > strict UTF-8 > charset declared by the
container (HTTP header, ``<meta charset>``) > charset-normalizer's guess. This is WHATWG's order
except that valid UTF-8 outranks a declaration (see ``_decode``). English news is the only language the coder reads, so when the guess is
one of the Western single-byte code pages that charset-normalizer confuses with each other (it calls
plain Windows-1252 text "cp1250" when a word like "naïve" tips the balance), we decode as UTF-8 with a
Windows-1252 fallback for the bytes that are not UTF-8: that reads pure Windows-1252, pure Latin-1 and
the common mixture (a UTF-8 page with one pasted Windows-1252 quote) correctly.
"""

from __future__ import annotations

import codecs
import json
import re
from functools import lru_cache
from importlib import resources

# Bytes inspected for binary signatures and the control-byte ratio. 8 KB holds every header in
# magic.json (the deepest is tar's at offset 257) and enough text for a stable ratio.
BINARY_SNIFF_BYTES = 8192

# Share of C0 control bytes (other than tab, newline, carriage return, form feed, escape) above
# which input counts as binary. Text, even damaged text, has well under 1%; random or compressed
# data has about 11% (29 of 256 byte values), images and executables 20-60%.
CONTROL_RATIO_BINARY = 0.05

# UTF-16 without a BOM: in ASCII-range text one byte of every pair is NUL. Require that nearly all
# bytes on one side of the pair are NUL and nearly none on the other before trying UTF-16.
UTF16_NUL_SIDE_MIN = 0.9
UTF16_NUL_OTHER_MAX = 0.1

# When charset-normalizer has no guess at all (it often has none for short or mixed inputs), UTF-8
# with a Windows-1252 fallback is still accepted if at least this share of the bytes is printable
# ASCII. Latin-script text is over 90% ASCII even in French or German; below 70% the bytes are
# another script in an encoding we cannot name, or noise (decode_error).
MIN_ASCII_SHARE_FOR_FALLBACK = 0.7

# charset-normalizer needs evidence: with fewer bytes outside printable ASCII than this it answered
# cp1006 for "Zürich", big5 for a few Cyrillic words and utf_16_be for "café" in our tests. With so
# few, the Windows-1252 reading (right for English news, the only language coded) is the safer bet.
MIN_NON_ASCII_FOR_GUESS = 40

# Bytes of an HTML document scanned for <meta charset>. WHATWG prescans 1024 bytes; real news pages
# often put the meta after long inline scripts, so we look further.
META_SNIFF_BYTES = 8192

BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Single-byte code pages that charset-normalizer picks among for Latin-script text. For English news
# the real encoding behind any of them is almost always Windows-1252 (WHATWG also maps the
# "latin1"/"iso-8859-1"/"ascii" labels to windows-1252 for this reason).
WESTERN_GUESSES = frozenset(
    {
        # Windows, DOS and Mac code pages for Latin-script languages (not 1251 Cyrillic, 1253 Greek,
        # 1255 Hebrew, 1256 Arabic, ...). cp852 and cp1250 are charset-normalizer's usual wrong
        # answers for English Windows-1252 text with curly quotes.
        "cp1250",
        "cp1252",
        "cp1254",
        "cp1257",
        "cp1258",
        "cp437",
        "cp775",
        "cp850",
        "cp852",
        "cp857",
        "cp858",
        "cp860",
        "cp861",
        "cp863",
        "cp865",
        "latin_1",
        "iso8859_2",
        "iso8859_3",
        "iso8859_4",
        "iso8859_9",
        "iso8859_10",
        "iso8859_13",
        "iso8859_14",
        "iso8859_15",
        "iso8859_16",
        "mac_latin2",
        "mac_roman",
        "mac_iceland",
        "mac_turkish",
        "mac_croatian",
        "mac_romanian",
        "hp_roman8",
        "ascii",
    }
)
_DECLARED_ALIASES = {"latin_1": "cp1252", "ascii": "cp1252", "iso8859_1": "cp1252"}

_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27)) + b"\x7f"
_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{2,40})""", re.I)


# Byte -> character for the fallback: Windows-1252, with its five unassigned bytes (0x81, 0x8D, 0x8F,
# 0x90, 0x9D) mapped to the same code points as Latin-1, as browsers do.
_CP1252_OR_LATIN1 = [bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in range(256)]


class DecodeFailure(Exception):
    """The bytes are not text in any encoding we can detect."""


def _fallback_cp1252(err: UnicodeError) -> tuple[str, int]:
    # Error handler for bytes.decode("utf-8"): bytes that are not UTF-8 are read as Windows-1252.
    if not isinstance(err, UnicodeDecodeError):
        raise err
    bad = err.object[err.start : err.end]
    return "".join(_CP1252_OR_LATIN1[b] for b in bad), err.end


codecs.register_error("eventwire-cp1252", _fallback_cp1252)


@lru_cache(maxsize=1)
def _signatures() -> list[tuple[str, list[tuple[int, bytes]]]]:
    raw = json.loads(resources.files("eventwire.ingest").joinpath("data/magic.json").read_text("utf-8"))
    return [(s["name"], [(int(off), bytes.fromhex(hx)) for off, hx in s["parts"]]) for s in raw["signatures"]]


def bom_encoding(data: bytes) -> str | None:
    """The encoding named by a byte-order mark at the start of ``data``, or None."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name
    return None


def utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when the bytes look like BOM-less UTF-16 text, else None."""
    sample = head[: BINARY_SNIFF_BYTES - BINARY_SNIFF_BYTES % 2]
    if len(sample) < 8:
        return None
    even, odd = sample[0::2], sample[1::2]
    even_nul = even.count(0) / len(even)
    odd_nul = odd.count(0) / len(odd)
    if odd_nul >= UTF16_NUL_SIDE_MIN and even_nul <= UTF16_NUL_OTHER_MAX:
        return "utf-16-le"
    if even_nul >= UTF16_NUL_SIDE_MIN and odd_nul <= UTF16_NUL_OTHER_MAX:
        return "utf-16-be"
    return None


def binary_kind(head: bytes) -> str | None:
    """Name of the binary format ``head`` starts with, or a generic label when it is mostly control
    bytes; None for text. Text in UTF-16/32 (with or without BOM) is text."""
    for name, parts in _signatures():
        if all(head[off : off + len(sig)] == sig for off, sig in parts):
            return name
    if bom_encoding(head) or utf16_without_bom(head):
        return None
    sample = head[:BINARY_SNIFF_BYTES]
    if not sample:
        return None
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls / len(sample) > CONTROL_RATIO_BINARY:
        return "binary data (control bytes)"
    return None


def normalise_encoding(name: str | None) -> str | None:
    """Python codec name for a declared charset label, or None if Python does not know it."""
    if not name:
        return None
    try:
        codec = codecs.lookup(name.strip().strip("\"'").lower()).name
    except (LookupError, ValueError):
        return None
    return _DECLARED_ALIASES.get(codec.replace("-", "_"), codec)


def meta_charset(data: bytes) -> str | None:
    """Charset declared by ``<meta charset>`` / ``http-equiv`` in the head of an HTML document."""
    m = _META_CHARSET.search(data[:META_SNIFF_BYTES])
    return normalise_encoding(m.group(1).decode("ascii")) if m else None


def _strict_utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A sequence cut at the very end (a payload the crawler truncated) is damage at the edge,
        # not evidence of another encoding, provided the rest is UTF-8 with non-ASCII in it ("café"
        # in Latin-1 also ends in an "incomplete" sequence).
        if exc.reason == "unexpected end of data" and len(data) - exc.start < 4:
            try:
                text = data[: exc.start].decode("utf-8")
            except UnicodeDecodeError:
                return None
            return text if not text.isascii() else None
        return None


_PRINTABLE_ASCII = bytes(range(0x20, 0x7F)) + b"\t\n\r"


def _ascii_share(data: bytes) -> float:
    return (len(data) - len(data.translate(None, _PRINTABLE_ASCII))) / max(1, len(data))


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Decode ``data`` to text; return ``(text, encoding)``. NUL characters are removed.

    ``declared`` is a charset named by the container (HTTP header, meta tag); it is used when the
    bytes actually decode with it. Raises DecodeFailure when no encoding fits.
    """
    text, encoding = _decode(data, declared)
    if "\x00" in text:
        text = text.replace("\x00", "")
    return text, encoding


def _decode(data: bytes, declared: str | None) -> tuple[str, str]:
    bom = bom_encoding(data)
    if bom:
        body = data[len(codecs.BOM_UTF8) if bom == "utf-8" else (4 if bom.startswith("utf-32") else 2) :]
        return body.decode(bom, errors="replace"), bom
    utf16 = utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16), utf16
        except UnicodeDecodeError:
            pass
    # Valid UTF-8 beats a declared charset: non-ASCII text that happens to be valid UTF-8 is almost
    # never in another encoding, while pages that declare ISO-8859-1 but serve UTF-8 are common.
    text = _strict_utf8(data)
    if text is not None:
        return text, "utf-8"
    declared = normalise_encoding(declared)
    if declared:
        try:
            return data.decode(declared), declared
        except UnicodeDecodeError:
            pass  # the declaration lies; guess instead
    return _guess(data)


def _guess(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    # NUL bytes make charset-normalizer favour UTF-16/32; they are damage here (real UTF-16 was
    # handled above), so guess on the bytes without them.
    best = from_bytes(data.replace(b"\x00", b"")).best()
    guess = best.encoding if best is not None else None
    if guess and len(data) - len(data.translate(None, _PRINTABLE_ASCII)) < MIN_NON_ASCII_FOR_GUESS:
        guess = None
    if guess is None or guess in WESTERN_GUESSES:
        if guess is None and _ascii_share(data) < MIN_ASCII_SHARE_FOR_FALLBACK:
            raise DecodeFailure("no encoding fits")
        text = data.decode("utf-8", errors="eventwire-cp1252")
        # Pure Windows-1252 when no multi-byte UTF-8 sequence decoded; a mixture otherwise.
        return text, "cp1252" if _no_utf8_sequences(data) else "utf-8+cp1252"
    try:
        return data.decode(guess), guess
    except (UnicodeDecodeError, LookupError):
        return str(best), guess


_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _no_utf8_sequences(data: bytes) -> bool:
    return _UTF8_MULTIBYTE.search(data) is None

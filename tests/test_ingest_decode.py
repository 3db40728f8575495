"""Ingest decoding (BOMs, legacy code pages, declared charsets) and date-field coercion."""

from __future__ import annotations

import pytest

from eventwire.ingest import iter_documents
from eventwire.ingest.decode import DecodeFailure, binary_kind, decode_bytes, meta_charset
from eventwire.ingest.fields import coerce_date
from eventwire.options import Options
from eventwire.records import Document

TEXT = "Pakistan’s foreign minister said the “talks” in Zürich went well — the café was naïve. " * 5
LATIN = "Le président a visité Genève; señor Muñoz paid £5 for crème brûlée. " * 5


def one_doc(path) -> Document:
    [d] = list(iter_documents([str(path)], Options()))
    assert isinstance(d, Document), d
    return d


@pytest.mark.parametrize(
    "encoding, recorded",
    [("utf-8-sig", "utf-8"), ("utf-16", "utf-16-le"), ("utf-16-be", "utf-16-be"), ("utf-32", "utf-32-le")],
)
def test_bom_encodings(tmp_path, encoding, recorded):
    data = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    (tmp_path / "a.txt").write_bytes(data)
    d = one_doc(tmp_path / "a.txt")
    assert (d.content, d.encoding) == (TEXT, recorded)


def test_utf16_without_bom(tmp_path):
    (tmp_path / "a.txt").write_bytes(TEXT.encode("utf-16-le"))
    d = one_doc(tmp_path / "a.txt")
    assert (d.content, d.encoding) == (TEXT, "utf-16-le")


def test_windows_1252_is_read_as_windows_1252(tmp_path):
    # charset-normalizer alone calls this cp1250 and turns "naïve" into "naďve"
    (tmp_path / "a.txt").write_bytes(TEXT.encode("cp1252"))
    d = one_doc(tmp_path / "a.txt")
    assert d.content == TEXT
    assert d.encoding == "cp1252"


def test_latin1_is_read_correctly(tmp_path):
    (tmp_path / "a.txt").write_bytes(LATIN.encode("latin-1"))
    d = one_doc(tmp_path / "a.txt")
    assert d.content == LATIN
    assert d.encoding == "cp1252"  # Latin-1 text is Windows-1252 text (WHATWG treats them as one)


def test_utf8_with_a_pasted_cp1252_byte_keeps_both(tmp_path):
    data = TEXT.encode("utf-8") + "Quote: “x”".encode("cp1252") + TEXT.encode("utf-8")
    text, enc = decode_bytes(data)
    assert text == TEXT + "Quote: “x”" + TEXT
    assert enc == "utf-8+cp1252"


def test_cyrillic_code_page_is_guessed(tmp_path):
    ru = "Переговоры между Пакистаном и Россией завершились в Исламабаде. " * 10
    text, enc = decode_bytes(ru.encode("cp1251"))
    assert text == ru
    assert enc == "cp1251"


def test_declared_charset_and_valid_utf8_precedence():
    page = '<html><head><meta charset="iso-8859-1"></head><body>café</body></html>'
    assert meta_charset(page.encode()) == "cp1252"
    # the declaration is used when the bytes are not UTF-8 ...
    assert decode_bytes(page.encode("cp1252"), "iso-8859-1") == (page, "cp1252")
    # ... and ignored when they are valid UTF-8 (servers mislabel UTF-8 pages as Latin-1)
    assert decode_bytes(page.encode("utf-8"), "iso-8859-1") == (page, "utf-8")
    assert (
        meta_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">')
        == "shift_jis"
    )
    assert meta_charset(b'<meta charset="no-such-charset">') is None


def test_html_file_uses_meta_charset(tmp_path):
    page = '<html><head><meta charset="windows-1251"></head><body><p>Москва и Исламабад</p></body></html>'
    (tmp_path / "p.html").write_bytes(page.encode("cp1251"))
    d = one_doc(tmp_path / "p.html")
    assert (d.content, d.encoding) == (page, "cp1251")


def test_utf8_cut_mid_character_at_the_end():
    # other UTF-8 sequences prove the encoding: the cut character is dropped
    assert decode_bytes("Pakistan’s café".encode()[:-1]) == ("Pakistan’s caf", "utf-8")
    # without that evidence a trailing high byte is a Windows-1252 letter, not a cut sequence
    assert decode_bytes("café".encode("latin-1")) == ("café", "cp1252")


@pytest.mark.parametrize("text", ["Zürich talks", "señor Muñoz paid £5", "café"])
def test_short_western_texts_are_not_misguessed(text):
    # charset-normalizer alone reads these as cp1006, utf_16_be, ... (too little evidence)
    assert decode_bytes(text.encode("cp1252")) == (text, "cp1252")


def test_decode_failure_and_binary_kinds():
    with pytest.raises(DecodeFailure):
        decode_bytes(bytes(range(0x80, 0x100)) * 20)
    assert binary_kind(b"\x89PNG\r\n\x1a\n....") == "PNG image"
    assert binary_kind(b"x" * 257 + b"ustar\x0000") == "tar archive"
    assert binary_kind(TEXT.encode("utf-16")) is None
    assert binary_kind(b"plain text\twith\ttabs\r\n") is None


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2025-11-28", "2025-11-28"),
        ("2025-11-27T23:30:00-05:00", "2025-11-27"),  # the date as written, not shifted to UTC
        ("2025-11", "2025-11"),
        ("2025", "2025"),
        (2025, "2025"),
        ("Thu, 27 Nov 2025 10:00:00 GMT", "2025-11-27"),
        ("27 November 2025", "2025-11-27"),
        ("November 2025", "2025-11"),
        ("2025/11/05", "2025-11-05"),
        (1764288000, "2025-11-28"),  # Unix seconds
        (1764288000000, "2025-11-28"),  # Unix milliseconds
        ("1764288000", "2025-11-28"),
        ("yesterday", None),
        ("3 days ago", None),
        ("Thursday", None),
        ("", None),
        (None, None),
        (True, None),
        ("2025-13-01", None),
        ("2025-02-30", None),
        ("0999", None),
    ],
)
def test_coerce_date(value, expected):
    assert coerce_date(value) == expected

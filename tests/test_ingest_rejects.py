"""Every ingest reject reason, on small hostile inputs built in tmp_path. Bad input never raises."""

from __future__ import annotations

import gzip
import os
import random
import tempfile
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventwire.errors import REJECT_REASONS
from eventwire.ingest import iter_documents
from eventwire.options import Options
from eventwire.records import Document, Reject

GOOD = "Pakistan and Afghanistan agreed on Tuesday to reopen the border crossing."


def read(*paths: Path | str, opts: Options | None = None) -> list[Document | Reject]:
    return list(iter_documents([str(p) for p in paths], opts or Options()))


def only_reject(path: Path, opts: Options | None = None) -> Reject:
    items = read(path, opts=opts)
    assert len(items) == 1, items
    [r] = items
    assert isinstance(r, Reject), r
    assert r.input == str(path)
    assert r.reason in REJECT_REASONS
    assert len(r.message) > 20 and r.message.rstrip().endswith((".", ")"))
    return r


def test_empty_and_whitespace_only(tmp_path):
    (tmp_path / "zero.txt").write_bytes(b"")
    (tmp_path / "blank.html").write_bytes(b"  \n\t\r\n  ")
    (tmp_path / "blank.txt.gz").write_bytes(gzip.compress(b"\n\n   \n"))
    for name in ("zero.txt", "blank.html", "blank.txt.gz"):
        r = only_reject(tmp_path / name)
        assert (r.part, r.reason) == (-1, "empty")


@pytest.mark.parametrize(
    "head",
    [
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 40,
        b"\xff\xd8\xff\xe0\x00\x10JFIF",
        b"GIF89a\x01\x00",
        b"%PDF-1.7\n%\xe2\xe3",
        b"PK\x03\x04\x14\x00\x06\x00",
        b"\x7fELF\x02\x01\x01\x00",
    ],
)
def test_binary_by_magic_number(tmp_path, head):
    f = tmp_path / "looks_like.txt"
    f.write_bytes(head + b"some trailing ascii to look textual " * 10)
    r = only_reject(f)
    assert r.reason == "binary"


def test_binary_by_control_bytes_and_inside_gzip(tmp_path):
    rng = random.Random(7)
    blob = bytes(rng.randrange(256) for _ in range(20_000))
    (tmp_path / "blob.dat").write_bytes(blob)
    assert only_reject(tmp_path / "blob.dat").reason == "binary"
    (tmp_path / "img.html.gz").write_bytes(gzip.compress(b"\x89PNG\r\n\x1a\n" + blob))
    assert only_reject(tmp_path / "img.html.gz").reason == "binary"
    (tmp_path / "blob.jsonl").write_bytes(blob)
    assert only_reject(tmp_path / "blob.jsonl").reason == "binary"


def test_a_few_nul_bytes_are_damage_not_binary(tmp_path):
    f = tmp_path / "damaged.txt"
    f.write_bytes((GOOD + "\x00\x00 More text follows here. ").encode() * 20)
    [d] = read(f)
    assert isinstance(d, Document)
    assert "\x00" not in d.content
    assert d.content.startswith(GOOD + " More text")


def test_decode_error_for_bytes_that_are_no_encoding(tmp_path):
    # High bytes with no structure: no control bytes (so not "binary"), not UTF-8, and no code page
    # gives charset-normalizer readable text. Real cases are rare: charset-normalizer decodes nearly
    # anything, so decode_error mostly means a mislabelled binary format without a magic number.
    rng = random.Random(3)
    data = bytes(rng.choice(list(range(0x80, 0x100)) + [0x20, 0x0A]) for _ in range(6000))
    (tmp_path / "noise.txt").write_bytes(data)
    r = only_reject(tmp_path / "noise.txt")
    assert (r.part, r.reason) == (-1, "decode_error")
    assert "UTF-8" in r.message


def test_too_large_by_stat_is_not_read(tmp_path, monkeypatch):
    f = tmp_path / "big.txt"
    with open(f, "wb") as fh:
        fh.truncate(2_000_001)  # sparse: stat says 2 MB
    opened = []
    real_open = open
    monkeypatch.setattr("builtins.open", lambda p, *a, **k: opened.append(p) or real_open(p, *a, **k))
    r = only_reject(f, Options(max_input_bytes=1_000_000))
    assert r.reason == "too_large"
    assert "max_input_bytes" in r.message
    assert str(f) not in map(str, opened)


def test_gzip_bomb_stops_at_the_decompression_cap(tmp_path):
    # 300 MB of zeros compress to ~300 KB; the cap stops decompression after 1 MB.
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    zeros = b"\x00" * (1 << 20)
    with open(tmp_path / "bomb.txt.gz", "wb") as fh:
        for _ in range(300):
            fh.write(comp.compress(zeros))
        fh.write(comp.flush())
    assert (tmp_path / "bomb.txt.gz").stat().st_size < 1_000_000
    r = only_reject(tmp_path / "bomb.txt.gz", Options(max_decompressed_bytes=1_000_000))
    assert r.reason == "too_large"
    assert "max_decompressed_bytes" in r.message


def test_gzip_bomb_in_jsonl_keeps_earlier_lines(tmp_path):
    lines = b"".join(b'{"text": "line %d of the feed"}\n' % i for i in range(3)) + b" " * 5_000_000
    (tmp_path / "bomb.jsonl.gz").write_bytes(gzip.compress(lines))
    items = read(tmp_path / "bomb.jsonl.gz", opts=Options(max_decompressed_bytes=1_000_000))
    assert [x.record for x in items if isinstance(x, Document)] == [0, 1, 2]
    assert [(x.part, x.reason) for x in items if isinstance(x, Reject)] == [(-1, "too_large")]


def test_truncated_and_corrupt_gzip(tmp_path):
    packed = gzip.compress(((GOOD + "\n") * 2000).encode())
    (tmp_path / "cut.txt.gz").write_bytes(packed[: len(packed) // 2])
    assert only_reject(tmp_path / "cut.txt.gz").reason == "bad_gzip"
    broken = bytearray(packed)
    broken[-8:-4] = b"\x00\x00\x00\x00"  # CRC32 no longer matches
    (tmp_path / "crc.txt.gz").write_bytes(bytes(broken))
    assert only_reject(tmp_path / "crc.txt.gz").reason == "bad_gzip"
    (tmp_path / "fake.html.gz").write_text("<html>not compressed</html>", "utf-8")
    assert only_reject(tmp_path / "fake.html.gz").reason == "bad_gzip"


def test_ten_megabyte_single_line_is_bounded(tmp_path):
    (tmp_path / "line.txt").write_bytes(b"a" * 10_000_000)
    r = only_reject(tmp_path / "line.txt")  # default max_doc_chars = 5,000,000
    assert r.reason == "too_large" and "max_doc_chars" in r.message
    with open(tmp_path / "line.jsonl", "wb") as fh:
        fh.write(b'{"text": "short and fine"}\n')
        fh.write(b'{"text": "' + b"b" * 10_000_000 + b'"}\n')
        fh.write(b'{"text": "after the long line"}\n')
    items = read(tmp_path / "line.jsonl")
    assert [(x.record, x.content) for x in items if isinstance(x, Document)] == [
        (0, "short and fine"),
        (2, "after the long line"),
    ]
    assert [(x.part, x.reason) for x in items if isinstance(x, Reject)] == [(1, "too_large")]


def test_overlong_jsonl_line_is_skipped_unread(tmp_path):
    opts = Options(max_doc_chars=1000)  # lines over 6,000 bytes cannot hold a kept document
    (tmp_path / "long.jsonl").write_bytes(b'{"text": "' + b"c" * 50_000 + b'"}\n{"text": "next"}\n')
    items = read(tmp_path / "long.jsonl", opts=opts)
    assert [(getattr(x, "part", None), getattr(x, "reason", None)) for x in items][0] == (0, "too_large")
    assert isinstance(items[1], Document) and items[1].content == "next"


def test_bad_json_and_bad_field_keep_good_lines(tmp_path):
    f = tmp_path / "mixed.jsonl"
    f.write_text(
        '{"text": "good one"}\n{"text": "unterminated\n"a string"\n{"text": ["a", "list"]}\n'
        '{"text": "ok", "url": 5}\n{"text": "ok", "published": {"y": 2025}}\n{"text": "ok", "source": 7}\n'
        '{"text": "   "}\n{"text": "good two"}\n',
        "utf-8",
    )
    items = read(f)
    assert [(x.record, x.content) for x in items if isinstance(x, Document)] == [
        (0, "good one"),
        (8, "good two"),
    ]
    assert [(x.part, x.reason) for x in items if isinstance(x, Reject)] == [
        (1, "bad_json"),
        (2, "bad_json"),
        (3, "bad_field"),
        (4, "bad_field"),
        (5, "bad_field"),
        (6, "bad_field"),
        (7, "empty"),
    ]


def test_bad_feed_unparsable_and_empty(tmp_path):
    # feedparser's loose parser recovers the one item of a cut-off feed; it has only a title
    (tmp_path / "cut.rss").write_text("<rss><channel><title>x</title><item><title>y", "utf-8")
    assert (only_reject(tmp_path / "cut.rss").part, only_reject(tmp_path / "cut.rss").reason) == (
        0,
        "bad_field",
    )
    (tmp_path / "nonsense.atom").write_text("this is not xml at all, just words", "utf-8")
    assert only_reject(tmp_path / "nonsense.atom").reason == "bad_feed"
    (tmp_path / "none.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>T</title></channel></rss>', "utf-8"
    )
    assert only_reject(tmp_path / "none.rss").reason == "empty"


LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<rss version="2.0"><channel><title>Laughs</title>
<item><title>t</title><description>&lol9;</description></item></channel></rss>"""

QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "' + b"A" * 50_000 + b'">]>'
    b'<rss version="2.0"><channel><title>Q</title><item><title>t</title><description>'
    + b"&a;" * 20_000
    + b"</description></item></channel></rss>"
)


@pytest.mark.parametrize("name", ["laughs.rss", "laughs.xml", "laughs_noext"])
def test_billion_laughs_is_refused(tmp_path, name):
    (tmp_path / name).write_bytes(LAUGHS)
    r = only_reject(tmp_path / name)
    assert (r.part, r.reason) == (-1, "bad_feed")
    assert "ENTITY" in r.message


def test_quadratic_blowup_and_utf16_entities_are_refused(tmp_path):
    (tmp_path / "quad.rss").write_bytes(QUADRATIC)
    assert only_reject(tmp_path / "quad.rss").reason == "bad_feed"
    (tmp_path / "laughs16.rss").write_bytes(LAUGHS.decode().encode("utf-16"))
    assert only_reject(tmp_path / "laughs16.rss").reason == "bad_feed"


def test_unreadable_missing_broken_link_fifo_and_loop(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "loop").mkdir()
    (tmp_path / "loop" / "ok.txt").write_text(GOOD, "utf-8")
    (tmp_path / "loop" / "again").symlink_to(tmp_path / "loop")
    items = read(
        tmp_path / "missing.txt", tmp_path / "dangling.txt", tmp_path / "pipe.txt", tmp_path / "loop"
    )
    assert [type(x).__name__ for x in items] == ["Reject", "Reject", "Reject", "Reject", "Document"]
    assert [x.reason for x in items if isinstance(x, Reject)] == ["unreadable"] * 4
    assert "does not exist" in items[0].message
    assert "broken symbolic link" in items[1].message
    assert "not a regular file" in items[2].message
    assert items[3].input == str(tmp_path / "loop" / "again")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files regardless of permissions")
def test_unreadable_permission_denied(tmp_path):
    f = tmp_path / "secret.txt"
    f.write_text(GOOD, "utf-8")
    f.chmod(0)
    assert only_reject(f).reason == "unreadable"


def test_doc_chars_cap_applies_to_feed_items(tmp_path):
    body = "word " * 400
    (tmp_path / "f.rss").write_text(
        f'<rss version="2.0"><channel><title>T</title><item><description>{body}</description></item>'
        "<item><description>short item</description></item></channel></rss>",
        "utf-8",
    )
    items = read(tmp_path / "f.rss", opts=Options(max_doc_chars=1000))
    assert [(getattr(x, "part", None), getattr(x, "reason", None)) for x in items][0] == (0, "too_large")
    assert isinstance(items[1], Document) and items[1].content == "short item"


def test_a_bad_file_does_not_stop_the_batch(tmp_path):
    (tmp_path / "a.txt").write_text(GOOD, "utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "c.txt.gz").write_bytes(b"\x1f\x8b\x08\x00garbage")
    (tmp_path / "d.txt").write_text("Another good story about talks in Geneva.", "utf-8")
    items = read(tmp_path)
    assert [(type(x).__name__, getattr(x, "reason", None)) for x in items] == [
        ("Document", None),
        ("Reject", "binary"),
        ("Reject", "bad_gzip"),
        ("Document", None),
    ]


_PREFIXES = [
    b"",
    b"\x1f\x8b\x08\x00",
    b"WARC/1.0\r\n",
    b'{"text": ',
    b"<?xml version='1.0'?><rss>",
    b"\xff\xfe",
    b"<html>",
]


@settings(max_examples=80, deadline=None)
@given(
    prefix=st.sampled_from(_PREFIXES),
    body=st.binary(max_size=3000),
    ext=st.sampled_from(
        [".txt", ".html", ".jsonl", ".json", ".rss", ".xml", ".warc", ".txt.gz", ".warc.gz", ""]
    ),
)
def test_arbitrary_bytes_never_raise(prefix, body, ext):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzz{ext}"
        path.write_bytes(prefix + body)
        items = read(path, opts=Options(max_doc_chars=2000, max_decompressed_bytes=100_000))
    assert items, "every input yields at least one Document or Reject"
    for x in items:
        assert isinstance(x, Document | Reject)
        if isinstance(x, Reject):
            assert x.reason in REJECT_REASONS and x.reason != "internal", x

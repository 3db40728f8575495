"""Ingest readers: every format and its .gz variant, sniffing, directories, globs, stdin, determinism."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import sys
from pathlib import Path

import pytest

from eventwire.errors import EventwireError
from eventwire.ingest import expand_inputs, iter_documents, sniff_format
from eventwire.options import Options
from eventwire.records import Document, Reject, normalise_text, stable_id

FIX = Path(__file__).parent / "fixtures" / "ingest"


def run(*paths: str | Path, opts: Options | None = None) -> list[Document | Reject]:
    return list(iter_documents(expand_inputs([str(p) for p in paths]), opts or Options()))


def docs(items: list[Document | Reject]) -> list[Document]:
    return [x for x in items if isinstance(x, Document)]


def rejects(items: list[Document | Reject]) -> list[tuple[int, str]]:
    return [(x.part, x.reason) for x in items if isinstance(x, Reject)]


def gz_copy(src: Path, dst: Path) -> Path:
    dst.write_bytes(gzip.compress(src.read_bytes()))
    return dst


# ----------------------------------------------------------------------------- plain formats


def test_txt_is_one_text_document_with_content_hash_id():
    [d] = run(FIX / "article.txt")
    assert isinstance(d, Document)
    assert (d.kind, d.fmt, d.record, d.encoding) == ("text", "txt", 0, "utf-8")
    assert d.content.startswith("Pakistan and Afghanistan agree to reopen Torkham crossing")
    assert d.size == (FIX / "article.txt").stat().st_size
    assert d.doc_id == stable_id(normalise_text(d.content), "", "")
    assert d.path == str(FIX / "article.txt")


def test_markdown_and_text_extension(tmp_path):
    [md] = run(FIX / "notes.md")
    assert (md.kind, md.fmt) == ("text", "md")
    assert "**signed**" in md.content
    other = tmp_path / "story.text"
    other.write_text("Kabul and Islamabad exchanged fire on the border on Sunday.", "utf-8")
    [d] = run(other)
    assert (d.kind, d.fmt) == ("text", "txt")


def test_html_is_decoded_not_cleaned():
    [d] = run(FIX / "page.html")
    assert (d.kind, d.fmt) == ("html", "html")
    assert "<nav>Home | World | Follow</nav>" in d.content
    assert "Pakistan’s foreign minister" in d.content


def test_jsonl_records_fields_and_line_rejects():
    items = run(FIX / "items.jsonl")
    good = docs(items)
    assert [d.record for d in good] == [0, 2, 8, 9]
    a, b, c, e = good
    assert (a.kind, a.url, a.title, a.source, a.published) == (
        "text",
        "https://example.org/a",
        "Kabul denies",
        "Example Times",
        "2025-11-27",
    )
    # html wins over text when both are present; "date" and "outlet" are aliases
    assert (b.kind, b.content, b.published, b.source) == (
        "html",
        "<p>Moscow will host the next session.</p>",
        "2025-11-27",
        "Example Daily",
    )
    assert (c.published, c.source) == ("2025-11", "Dawn")
    assert (e.published, e.source) == (None, "Relative News")  # "yesterday" is never resolved
    assert a.doc_id == stable_id(normalise_text(a.content), "https://example.org/a", "Example Times")
    assert all(d.fmt == "jsonl" for d in good)
    assert rejects(items) == [
        (3, "bad_json"),
        (4, "bad_json"),
        (5, "bad_field"),
        (6, "bad_field"),
        (7, "bad_field"),
    ]
    assert all(r.input == str(FIX / "items.jsonl") for r in items if isinstance(r, Reject))


def test_json_array_and_json_lines_under_json_extension(tmp_path):
    items = run(FIX / "records.json")
    assert [(d.record, d.kind, d.published) for d in docs(items)] == [(0, "text", None), (1, "html", "2024")]
    lines = tmp_path / "dump.json"
    lines.write_text('{"text": "one"}\n{"text": "two"}\n', "utf-8")
    assert [d.content for d in docs(run(lines))] == ["one", "two"]


def test_rss2_items_with_local_publication_date():
    items = run(FIX / "feed_rss2.rss")
    first, second = docs(items)
    assert (first.fmt, first.kind, first.record) == ("rss", "html", 0)
    assert (
        first.content == "<p>Pakistan and Russia <b>signed</b> a protocol in Islamabad.</p>"
    )  # content:encoded wins
    # 23:30 at UTC-5 is the 27th where it was published (feedparser's UTC struct says the 28th)
    assert (first.url, first.title, first.published, first.source) == (
        "https://wire.example.org/1",
        "Pakistan, Russia sign protocol",
        "2025-11-27",
        "Example Wire",
    )
    assert (second.kind, second.content, second.published) == (
        "text",
        "Kabul rejected the accusations made by Islamabad.",
        "2025-11-28",
    )
    assert rejects(items) == [(2, "bad_field")]  # headline-only item


def test_atom_and_rss1_feeds():
    [a] = run(FIX / "feed.atom")
    assert (a.fmt, a.kind, a.url, a.published, a.source, a.title) == (
        "atom",
        "html",
        "https://atom.example.org/moscow",
        "2025-11-26",
        "Atom Example News",
        "Ministers meet in Moscow",
    )
    assert a.content == "<p>The ministers met in Moscow and agreed to continue talks.</p>"
    [r] = run(FIX / "feed_rdf.xml")  # .xml whose root is rdf:RDF
    assert (r.fmt, r.kind, r.url, r.published, r.source) == (
        "rss",
        "text",
        "https://rdf.example.org/1",
        "2025-11-25",
        "RDF Example",
    )


@pytest.mark.parametrize(
    "name",
    [
        "article.txt",
        "notes.md",
        "page.html",
        "items.jsonl",
        "records.json",
        "feed_rss2.rss",
        "feed.atom",
        "feed_rdf.xml",
    ],
)
def test_gz_variant_gives_the_same_documents(tmp_path, name):
    plain = run(FIX / name)
    packed = run(gz_copy(FIX / name, tmp_path / (name + ".gz")))

    def strip(xs):
        return [
            (x.to_dict() | {"path": None, "size": None}) if isinstance(x, Document) else (x.part, x.reason)
            for x in xs
        ]

    assert strip(packed) == strip(plain)
    assert len(docs(packed)) >= 1


# ----------------------------------------------------------------------------- sniffing


@pytest.mark.parametrize(
    "name, fmt",
    [
        ("article.txt", "txt"),
        ("page.html", "html"),
        ("feed_rss2.rss", "rss"),
        ("feed.atom", "atom"),
        ("feed_rdf.xml", "rss"),
        ("records.json", "txt"),
    ],
)
def test_sniff_fixture_bytes(name, fmt):
    assert sniff_format((FIX / name).read_bytes()) == fmt


def test_sniff_other_signals():
    assert sniff_format(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n") == "warc"
    assert sniff_format(gzip.compress(b"WARC/1.1\r\nWARC-Type: response\r\n")) == "warc"
    assert sniff_format(b'{"text": "a"}\n{"text": "b"}\n\n{"html": "<p>c</p>"}\n') == "jsonl"
    assert sniff_format(b"Some prose <p>with</p> a <div>few</div> <span>tags</span> pasted.") == "html"
    assert sniff_format(b"Prose that mentions <p> once.") == "txt"
    assert sniff_format(b"# Title\n\ntext", "x.md") == "md"
    assert (
        sniff_format(b"\xef\xbb\xbf<?xml version='1.0'?><!-- c --><feed xmlns='http://www.w3.org/2005/Atom'>")
        == "atom"
    )
    assert sniff_format("<rss version='2.0'><channel/></rss>".encode("utf-16")) == "rss"
    assert sniff_format(b"<?xml version='1.0'?><urlset/>") == "html"


@pytest.mark.parametrize(
    "name, fmt, n",
    [
        ("article.txt", "txt", 1),
        ("page.html", "html", 1),
        ("items.jsonl", "jsonl", 1),
        ("feed_rss2.rss", "rss", 2),
        ("feed.atom", "atom", 1),
        ("feed_rdf.xml", "rss", 1),
    ],
)
def test_unknown_extension_is_sniffed(tmp_path, name, fmt, n):
    data = (FIX / name).read_bytes()
    if name == "items.jsonl":  # only good lines, so that the sniffer's JSON-lines vote is clear
        data = b"\n".join(
            ln for ln in data.splitlines() if ln.startswith(b'{"text": "') or ln.startswith(b'{"html"')
        )
    target = tmp_path / "download_0001"
    target.write_bytes(data)
    got = docs(run(target))
    assert {d.fmt for d in got} == {fmt}
    assert len(got) >= n
    # and gzip without a .gz name
    packed = tmp_path / "download_0002.bin"
    packed.write_bytes(gzip.compress(data))
    assert [d.content for d in docs(run(packed))] == [d.content for d in got]


# ----------------------------------------------------------------------------- paths


def _tree(tmp_path: Path) -> Path:
    root = tmp_path / "corpus"
    (root / "b" / "deep").mkdir(parents=True)
    (root / ".git").mkdir()
    (root / "a.txt").write_text("Alpha story about talks in Doha.", "utf-8")
    (root / "b" / "c.txt").write_text("Charlie story about a ceasefire.", "utf-8")
    (root / "b" / "deep" / "d.html").write_text("<html><body><p>Delta page.</p></body></html>", "utf-8")
    (root / "b" / ".hidden.txt").write_text("hidden", "utf-8")
    (root / ".git" / "config.txt").write_text("not news", "utf-8")
    return root


def test_directory_is_recursive_sorted_and_skips_hidden(tmp_path):
    root = _tree(tmp_path)
    got = expand_inputs([str(root)])
    assert got == [str(root / "a.txt"), str(root / "b" / "c.txt"), str(root / "b" / "deep" / "d.html")]
    assert [d.content[:5] for d in docs(run(root))] == ["Alpha", "Charl", "<html"]


def test_globs_dedup_and_stdin_marker(tmp_path):
    root = _tree(tmp_path)
    pattern = str(root / "**" / "*.txt")
    assert expand_inputs([pattern]) == [str(root / "a.txt"), str(root / "b" / "c.txt")]
    # the same file reached twice (glob + literal, ./ spelling) is read once; "-" passes through
    again = os.path.join(str(root), ".", "a.txt")
    assert expand_inputs([pattern, again, "-"]) == [str(root / "a.txt"), str(root / "b" / "c.txt"), "-"]


def test_nothing_matched_raises_ew102(tmp_path):
    with pytest.raises(EventwireError) as err:
        expand_inputs([str(tmp_path / "nope" / "*.txt"), str(tmp_path / "missing.txt")])
    assert err.value.code == "EW102"
    assert "nope" in err.value.message and "missing.txt" in err.value.message
    (tmp_path / "empty").mkdir()
    with pytest.raises(EventwireError):
        expand_inputs([str(tmp_path / "empty")])


def test_missing_file_among_good_ones_is_an_unreadable_reject(tmp_path):
    good = tmp_path / "ok.txt"
    good.write_text("Ceasefire holds in the north.", "utf-8")
    paths = expand_inputs([str(good), str(tmp_path / "gone.txt")])
    assert paths == [str(good), str(tmp_path / "gone.txt")]
    items = list(iter_documents(paths, Options()))
    assert isinstance(items[0], Document)
    assert (items[1].input, items[1].part, items[1].reason) == (str(tmp_path / "gone.txt"), -1, "unreadable")


class _FakeStdin:
    def __init__(self, data: bytes):
        self.buffer = io.BytesIO(data)


@pytest.mark.parametrize(
    "name, fmt, n",
    [
        ("article.txt", "txt", 1),
        ("page.html", "html", 1),
        ("feed_rss2.rss", "rss", 2),
        ("feed.atom", "atom", 1),
    ],
)
def test_stdin_is_sniffed(monkeypatch, name, fmt, n):
    monkeypatch.setattr(sys, "stdin", _FakeStdin((FIX / name).read_bytes()))
    got = docs(list(iter_documents(expand_inputs(["-"]), Options())))
    assert len(got) == n
    assert {(d.path, d.fmt) for d in got} == {("<stdin>", fmt)}


def test_stdin_gzip_jsonl(monkeypatch):
    data = b'{"text": "From a pipe.", "url": "https://example.org/p"}\n{"text": "Second."}\n'
    monkeypatch.setattr(sys, "stdin", _FakeStdin(gzip.compress(data)))
    got = list(iter_documents(["-"], Options()))
    assert [(d.path, d.record, d.content, d.fmt) for d in got] == [
        ("<stdin>", 0, "From a pipe.", "jsonl"),
        ("<stdin>", 1, "Second.", "jsonl"),
    ]


def test_stdin_too_large_is_counted_while_reading(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _FakeStdin(b"word " * 50_000))
    [r] = list(iter_documents(["-"], Options(max_input_bytes=100_000)))
    assert (r.input, r.reason) == ("<stdin>", "too_large")


# ----------------------------------------------------------------------------- determinism


def test_two_runs_give_identical_ids(tmp_path):
    shutil.copytree(FIX, tmp_path / "fx")
    first = [x.doc_id if isinstance(x, Document) else x.reject_id for x in run(tmp_path / "fx")]
    second = [x.doc_id if isinstance(x, Document) else x.reject_id for x in run(tmp_path / "fx")]
    assert first == second
    assert len(first) == 19  # 13 documents and 6 rejects


def test_same_text_other_url_is_another_document(tmp_path):
    f = tmp_path / "two.jsonl"
    f.write_text(
        '{"text": "Same words.", "url": "https://a.example/1"}\n{"text": "Same  words. ", "url": "https://b.example/1"}\n'
        '{"text": "Same words.", "url": "https://a.example/1"}\n',
        "utf-8",
    )
    a, b, c = docs(run(f))
    assert a.doc_id != b.doc_id
    assert a.doc_id == c.doc_id  # whitespace-normalised content + same provenance

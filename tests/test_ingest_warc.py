"""WARC reader: CC-NEWS-like files built with warcio's WARCWriter; FastWARC and warcio must agree."""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from eventwire.ingest import available_backends, iter_documents, iter_warc
from eventwire.options import Options
from eventwire.records import Document, Reject

BACKENDS = [
    "warcio",
    pytest.param(
        "fastwarc",
        marks=pytest.mark.skipif("fastwarc" not in available_backends(), reason="fastwarc not installed"),
    ),
]

PAGE1 = "<html><head><title>Talks</title></head><body><p>Pakistan’s minister met Russia’s envoy.</p></body></html>"
PAGE3 = "<html><body><p>Le café de Genève — “quoted”</p></body></html>"
PAGE5 = "<html><head><meta charset='windows-1251'></head><body><p>Москва</p></body></html>"
PAGE6 = "<html><body><p>Compressed on the wire, decoded by the reader.</p></body></html>"

# (url, status, content type, body bytes, extra HTTP headers)
RECORDS = [
    ("https://news.example/1", 200, "text/html; charset=utf-8", PAGE1.encode("utf-8"), []),
    ("https://news.example/2", 404, "text/html", b"<html>not found</html>", []),
    ("https://news.example/3", 200, "text/html; charset=windows-1252", PAGE3.encode("cp1252"), []),
    ("https://news.example/4.png", 200, "image/png", b"\x89PNG\r\n\x1a\n\x00\x00", []),
    ("https://news.example/5", 200, "application/xhtml+xml", PAGE5.encode("cp1251"), []),
    (
        "https://news.example/6",
        200,
        "text/html",
        gzip.compress(PAGE6.encode()),
        [("Content-Encoding", "gzip")],
    ),
]


def build_warc(records=RECORDS, *, gz: bool, request_records: bool = False) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "eventwire-tests"}))
    for i, (url, status, ctype, body, extra) in enumerate(records):
        if request_records:
            req = StatusAndHeaders("GET / HTTP/1.1", [("Host", "news.example")], is_http_request=True)
            writer.write_record(writer.create_warc_record(url, "request", http_headers=req))
        http = StatusAndHeaders(f"{status} X", [("Content-Type", ctype), *extra], protocol="HTTP/1.1")
        rec = writer.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(body),
            http_headers=http,
            warc_headers_dict={"WARC-Date": f"2025-11-28T10:00:0{i}Z"},
        )
        writer.write_record(rec)
    return buf.getvalue()


def read_warc(data: bytes, backend: str, path: str = "t.warc") -> list[Document | Reject]:
    return list(iter_warc(io.BufferedReader(io.BytesIO(data)), path, Options(), backend=backend))


def shape(items):
    return [(x.record, "doc") if isinstance(x, Document) else (x.part, x.reason) for x in items]


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("gz", [False, True])
def test_html_200_responses_become_documents(backend, gz):
    items = read_warc(build_warc(gz=gz), backend)
    assert all(isinstance(x, Document) for x in items)
    assert [d.record for d in items] == [1, 3, 5, 6]  # record 0 is warcinfo; 2 is a 404; 4 an image
    d1, d3, d5, d6 = items
    assert (d1.kind, d1.fmt, d1.url, d1.crawl_date, d1.encoding) == (
        "html",
        "warc",
        "https://news.example/1",
        "2025-11-28T10:00:00Z",
        "utf-8",
    )
    assert d1.content == PAGE1
    assert (d3.content, d3.encoding) == (PAGE3, "cp1252")  # charset from the HTTP header
    assert (d5.content, d5.encoding) == (PAGE5, "cp1251")  # from <meta charset>
    assert (d6.content, d6.size) == (PAGE6, len(PAGE6))  # Content-Encoding undone
    assert d1.size == len(PAGE1.encode())
    assert d1.published is None


def test_backends_give_identical_documents():
    if "fastwarc" not in available_backends():
        pytest.skip("fastwarc not installed")
    for gz in (False, True):
        for req in (False, True):
            data = build_warc(gz=gz, request_records=req)
            a = [x.to_dict() for x in read_warc(data, "fastwarc")]
            b = [x.to_dict() for x in read_warc(data, "warcio")]
            assert a == b
            assert len(a) == 4


def test_record_index_counts_every_record():
    items = read_warc(build_warc(gz=False, request_records=True), "warcio")
    # warcinfo=0, then request/response pairs: responses are at 2, 4, 6, 8, 10, 12
    assert [d.record for d in items] == [2, 6, 10, 12]


def _lying_length(data: bytes, bigger: bool) -> bytes:
    body_len = len(b"HTTP/1.1 200 X\r\n")  # find the first response's Content-Length header
    start = data.index(b"WARC-Type: response")
    pos = data.index(b"Content-Length: ", start)
    end = data.index(b"\r\n", pos)
    old = int(data[pos + 16 : end])
    new = old + 300 if bigger else old - 40
    assert body_len < new
    return data[:pos] + b"Content-Length: %d" % new + data[end:]


@pytest.mark.parametrize("backend", BACKENDS)
def test_lying_content_length_longer(backend):
    items = read_warc(_lying_length(build_warc(gz=False), bigger=True), backend)
    assert shape(items)[0] == (1, "bad_warc")
    assert not any(isinstance(x, Document) and x.record == 1 for x in items)


@pytest.mark.parametrize("backend", BACKENDS)
def test_lying_content_length_shorter(backend):
    items = read_warc(_lying_length(build_warc(gz=False), bigger=False), backend)
    assert shape(items)[0] == (1, "bad_warc")
    if backend == "warcio":  # warcio resynchronises on the next record header and goes on
        assert shape(items) == [(1, "bad_warc"), (3, "doc"), (5, "doc"), (6, "doc")]
    else:  # FastWARC stops at the damage: one reject for the rest of the file
        assert shape(items) == [(1, "bad_warc")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_truncated_gzip_member_keeps_earlier_records(backend):
    data = build_warc(gz=True)
    items = read_warc(data[:-30], backend)
    got = shape(items)
    assert got[:2] == [(1, "doc"), (3, "doc")]
    assert got[-1][1] == "bad_warc"
    assert "gzip" in items[-1].message


@pytest.mark.parametrize("backend", BACKENDS)
def test_file_cut_inside_a_record(backend):
    data = build_warc(gz=False)
    cut = data[: data.index(PAGE5.encode("cp1251")) + 20]
    assert shape(read_warc(cut, backend)) == [(1, "doc"), (3, "doc"), (5, "bad_warc")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_garbage_and_no_documents(backend):
    assert shape(read_warc(b"WARC/1.0\r\nthis is not a header block\r\n\r\n", backend)) == [(0, "bad_warc")]
    assert shape(read_warc(b"<html><body>not a warc</body></html>\n" * 3, backend)) == [(0, "bad_warc")]
    no_uri = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\n"
    # warcio cannot parse it (bad_warc); FastWARC reads a record without HTTP status (nothing to keep)
    assert shape(read_warc(no_uri, backend))[-1][1] in {"bad_warc", "empty"}
    only_info = build_warc(records=[], gz=False)
    assert shape(read_warc(only_info, backend)) == [(-1, "empty")]


@pytest.mark.parametrize("backend", BACKENDS)
def test_payload_caps(backend):
    big = "<html><body>" + "<p>word</p>" * 2000 + "</body></html>"
    data = build_warc([("https://news.example/big", 200, "text/html", big.encode(), [])], gz=False)
    items = list(
        iter_warc(io.BufferedReader(io.BytesIO(data)), "t.warc", Options(max_doc_chars=1000), backend=backend)
    )
    assert shape(items) == [(1, "too_large")]


def test_files_stdin_and_sniffing(tmp_path, monkeypatch):
    data = build_warc(gz=True)
    (tmp_path / "CC-NEWS-20251128.warc.gz").write_bytes(data)
    (tmp_path / "crawl.bin").write_bytes(data)  # unknown extension: sniffed after gunzip
    (tmp_path / "plain.warc").write_bytes(gzip.decompress(data))
    for name in ("CC-NEWS-20251128.warc.gz", "crawl.bin", "plain.warc"):
        items = list(iter_documents([str(tmp_path / name)], Options()))
        assert [(d.record, d.path) for d in items] == [(r, str(tmp_path / name)) for r in (1, 3, 5, 6)]

    class FakeStdin:
        buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", FakeStdin())
    items = list(iter_documents(["-"], Options()))
    assert [(d.record, d.path, d.fmt) for d in items] == [(r, "<stdin>", "warc") for r in (1, 3, 5, 6)]


def test_warc_files_are_streamed_past_max_input_bytes(tmp_path):
    data = build_warc(gz=False)
    (tmp_path / "a.warc").write_bytes(data)
    items = list(iter_documents([str(tmp_path / "a.warc")], Options(max_input_bytes=200)))
    assert len(items) == 4 and all(isinstance(x, Document) for x in items)


def test_default_backend_is_the_fastest_available():
    assert available_backends()[-1] == "warcio"
    if "fastwarc" in available_backends():
        assert available_backends()[0] == "fastwarc"


def test_fixture_dir_is_untouched():
    # WARC fixtures are built in memory; none is stored in the repo.
    assert not list((Path(__file__).parent / "fixtures" / "ingest").glob("*.warc*"))


def test_url_and_crawl_date_are_stored_as_provenance(tmp_path):
    from eventwire.pipeline import run_ingest
    from eventwire.store import Store

    body = ("<html><head><title>Border talks</title></head><body><article><p>"
            + "Pakistan and Afghanistan agreed on Monday to reopen the Torkham border crossing for trade. " * 6
            + "</p></article></body></html>")  # fmt: skip
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(
        build_warc([("https://news.example/torkham", 200, "text/html", body.encode(), [])], gz=True)
    )
    db = str(tmp_path / "w.duckdb")
    run_ingest([str(warc)], Options(db=db))
    with Store.open(db, read_only=True) as s:
        rows = s.query("SELECT path, record, url, fmt, crawl_date FROM documents")
    assert rows == [{"path": str(warc), "record": 1, "url": "https://news.example/torkham", "fmt": "warc",
                     "crawl_date": "2025-11-28T10:00:00Z"}]  # fmt: skip

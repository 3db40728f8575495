"""Hostile inputs through the whole pipeline: every input yields articles or reject rows with a
reason — never a crash, a hang, or unbounded memory.

The hostile corpus is generated here (nothing hostile is committed). Property-based tests
(hypothesis) throw random bytes and random text at the reader, the cleaner and the coder.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import resource
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.clean import clean_document
from eventwire.events import code_articles
from eventwire.ingest import iter_documents
from eventwire.options import Options
from eventwire.pipeline import run_ingest
from eventwire.records import Article, Document, Reject, stable_id
from eventwire.store import Store

PARA = (
    "Pakistan and Afghanistan agreed on Thursday to reopen the Torkham crossing after talks in Islamabad, "
    "officials said, while Kabul denied sheltering militants. "
)


def _warc_with_lying_length(path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    body = (
        "<html><body><article><h1>Border talks</h1><p>" + PARA * 4 + "</p></article></body></html>"
    ).encode()
    for i in range(2):
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        writer.write_record(
            writer.create_warc_record(
                f"https://example.org/{i}", "response", payload=io.BytesIO(body), http_headers=headers
            )
        )
    raw = buf.getvalue().replace(b"Content-Length: ", b"Content-Length: 9", 1)  # first record lies
    path.write_bytes(raw)


def hostile_corpus(root: Path) -> dict[str, Path]:
    """Write one file per hostile case; return name -> path."""
    rng = random.Random(7)
    files: dict[str, Path] = {}

    def put(name: str, data: bytes) -> None:
        p = root / name
        p.write_bytes(data)
        files[name] = p

    put("random_bytes.bin", bytes(rng.randrange(256) for _ in range(20_000)))
    put("random_bytes.txt", bytes(rng.randrange(256) for _ in range(20_000)))
    good_gz = gzip.compress((PARA * 20).encode())
    put("truncated.txt.gz", good_gz[: len(good_gz) // 2])
    put("bomb.txt.gz", gzip.compress(b"\0" * 50_000_000, compresslevel=9))  # 50 MB of zeros in ~50 KB
    put("deep.html", ("<div>" * 100_000 + "<p>" + PARA + "</p>" + "</div>" * 100_000).encode())
    put("gigantic.html", ("<html><body>" + "<p>" + PARA * 3 + "</p>\n" * 20_000 + "</body></html>").encode())
    put(
        "laughs.rss",
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>\n'
            b'<rss version="2.0"><channel><title>&d;</title><item><title>x</title><description>&d;</description>'
            b"</item></channel></rss>"
        ),
    )
    put("cp1252.txt", ("Caf\u00e9 talks \u2013 " + PARA * 5).encode("cp1252"))
    put(
        "mixed_encodings.txt",
        (PARA * 3).encode() + "na\u00efve r\u00e9sum\u00e9 ".encode("latin-1") + (PARA * 2).encode(),
    )
    put("nul_bytes.txt", (PARA * 4).encode().replace(b" ", b" \x00", 7))
    put("single_line_10mb.txt", b"A" * 10_500_000)
    put(
        "wrong_types.jsonl",
        b"\n".join(
            [
                json.dumps({"text": 42}).encode(),
                json.dumps({"text": ["a", "b"], "title": {"x": 1}}).encode(),
                json.dumps({"html": None, "url": 7}).encode(),
                b"[1, 2, 3]",
                b'{"text": "unterminated',
                json.dumps(
                    {
                        "text": "Egypt and Sudan held talks in Cairo on water sharing. " * 6,
                        "title": "Good line",
                        "published": "yesterday",
                    }
                ).encode(),
            ]
        ),
    )
    put(
        "rtl_zero_width.txt",
        ("\u202e\u200b" + PARA.replace(" ", " \u200d") * 4 + "\u2066\u05e9\u05dc\u05d5\u05dd\u2069").encode(),
    )
    _warc_with_lying_length(root / "lying.warc")
    files["lying.warc"] = root / "lying.warc"
    put("empty.txt", b"")
    put("whitespace.md", b" \n\t \n")
    return files


def _max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_hostile_corpus_end_to_end(tmp_path):
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    files = hostile_corpus(corpus)
    db = str(tmp_path / "h.duckdb")
    opts = Options(
        db=db,
        max_input_bytes=8_000_000,
        max_doc_chars=2_000_000,
        max_decompressed_bytes=20_000_000,
        doc_timeout=30,
    )
    t0 = time.monotonic()
    summary = run_ingest([str(corpus)], opts)
    elapsed = time.monotonic() - t0
    assert summary.files == len(files)
    with Store.open(db, read_only=True) as s:
        manifest = {Path(r["input"]).name: r for r in s.query("SELECT * FROM manifest")}
        rejects = s.query("SELECT input, part, reason, message FROM rejects")
        articles = s.query("SELECT path FROM articles")
    # every input is accounted for: complete in the manifest, and it gave articles or rejects
    assert set(manifest) == set(files)
    assert {m["status"] for m in manifest.values()} == {"complete"}
    produced = {Path(r["input"]).name for r in rejects} | {Path(a["path"]).name for a in articles}
    assert produced == set(files), set(files) - produced
    by_file: dict[str, set[str]] = {}
    for r in rejects:
        by_file.setdefault(Path(r["input"]).name, set()).add(r["reason"])
        assert r["message"], r
    assert "binary" in by_file["random_bytes.bin"]
    assert by_file["truncated.txt.gz"] == {"bad_gzip"}
    assert by_file["bomb.txt.gz"] == {"too_large"}
    assert by_file["laughs.rss"] == {"bad_feed"}
    assert by_file["single_line_10mb.txt"] == {"too_large"}
    assert by_file["empty.txt"] == {"empty"} and by_file["whitespace.md"] == {"empty"}
    assert {"bad_field", "bad_json"} <= by_file["wrong_types.jsonl"]
    assert "bad_warc" in by_file["lying.warc"]
    assert "internal" not in {r["reason"] for r in rejects}, [r for r in rejects if r["reason"] == "internal"]
    # the good content in damaged files survives
    kept = {Path(a["path"]).name for a in articles}
    assert {
        "cp1252.txt",
        "mixed_encodings.txt",
        "nul_bytes.txt",
        "wrong_types.jsonl",
        "rtl_zero_width.txt",
    } <= kept
    assert elapsed < 240
    assert _max_rss_mb() < 2500  # bounded: the bomb and the 10 MB line were never held whole


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.binary(max_size=3000),
    st.sampled_from(["x.txt", "x.html", "x.jsonl", "x.rss", "x", "x.warc", "x.txt.gz"]),
)
def test_random_bytes_never_raise(tmp_path_factory, data, name):
    path = tmp_path_factory.mktemp("fz") / name
    path.write_bytes(data)
    for item in iter_documents([str(path)], Options()):
        assert isinstance(item, Document | Reject)
        if isinstance(item, Reject):
            assert item.reason and item.message


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=1500)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_TEXT, st.sampled_from(["text", "html"]))
def test_random_text_through_clean_never_raises(text, kind):
    doc = Document(doc_id=stable_id(text), path="fuzz", record=0, kind=kind, content=text)
    res = clean_document(doc, Options(min_article_chars=1))
    for a in res.articles:
        assert a.text.strip()
    for r in res.rejects:
        assert r.reason and r.message


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                PARA,
                "Kabul",
                "denied",
                "\u200b",
                "\u202e",
                "!!!",
                "In 2012",
                "will",
                "could",
                "Mr.",
                "U.S.",
                "\n\n",
                "Islamabad accused",
                "the two sides",
                "\u05e9\u05dc\u05d5\u05dd",
                "\x00",
                "<script>alert(1)</script>",
                "$1bn",
            ]
        ),
        max_size=60,
    ).map("".join),
    st.one_of(st.none(), st.dates().map(str)),
)
def test_random_sentences_through_the_coder_never_raise(text, published):
    art = Article.build(
        doc_id="f" * 16,
        path="fuzz",
        part=0,
        text=text,
        title=None,
        outlet=None,
        url=None,
        published=published,
        published_precision="day" if published else None,
        published_source="field" if published else "none",
        language="en",
    )
    [events] = code_articles([art])
    for ev in events:
        for e in ev.evidence:
            assert art.text[e.char_start : e.char_end] == e.sentence


@pytest.mark.slow
def test_many_hostile_corpora(tmp_path):
    """make stress: the hostile corpus ingested five times over with workers, store checked."""
    from eventwire.validate import check_store

    corpus = tmp_path / "h"
    corpus.mkdir()
    hostile_corpus(corpus)
    db = str(tmp_path / "m.duckdb")
    for _ in range(5):
        run_ingest(
            [str(corpus)],
            Options(
                db=db,
                workers=2,
                max_input_bytes=8_000_000,
                max_doc_chars=2_000_000,
                max_decompressed_bytes=20_000_000,
            ),
        )
    assert check_store(db)["ok"]

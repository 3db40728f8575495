"""Parquet parts: DocResults, rejects and end markers survive a round trip field for field; markers
are only trusted when complete."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest

from conftest import CORPUS
from eventwire.ingest import iter_inputs
from eventwire.options import Options
from eventwire.records import Article, Document, InputDone, Reject
from eventwire.scale import parts as P
from eventwire.worker import DocResult, process_documents


@pytest.fixture(scope="module")
def demo_results() -> list:
    opts = Options()
    items = list(iter_inputs(sorted(str(p) for p in CORPUS.iterdir()), opts))
    docs = [x for x in items if isinstance(x, Document)]
    results = process_documents(docs, opts)
    assert sum(len(evs) for r in results for evs in r.events.values()) > 10  # a real workload
    # keep the reader's order: results replace their documents, rejects and end markers stay
    it = iter(results)
    return [next(it) if isinstance(x, Document) else x for x in items]


def test_round_trip_of_the_demo_corpus_is_exact(demo_results, tmp_path):
    part = tmp_path / "demo.parquet"
    P.write_part(part, demo_results, {"input": "demo", "chunk": 0})
    back = P.read_part(part)
    assert back == demo_results  # dataclass equality: every field of every nested record
    assert [type(x).__name__ for x in back].count("InputDone") == 16
    assert sum(len(x.vectors) for x in back if isinstance(x, DocResult)) == 20  # one signature per article
    assert P.part_meta(part) == {"format": P.PART_FORMAT, "input": "demo", "chunk": 0}
    # readable by any Parquet tool: one row per item, kinds spelled out
    table = pq.read_table(part)
    assert table.num_rows == len(demo_results)
    assert set(table.column("kind").to_pylist()) == {"doc", "reject", "end"}


def test_awkward_values_round_trip(tmp_path):
    doc = Document(
        "d1", "/x/a b.txt", 3, "text", "caf\u00e9 \ud800 broken surrogate \u2028", url=None, size=12
    )
    art = Article.build(doc_id="d1", path=doc.path, part=0, text="caf\u00e9 text", title=None, outlet="O\u00fc",
                        url=None, published="2025", published_precision="year", published_source="meta",
                        language="en")  # fmt: skip
    res = DocResult(
        doc,
        [art],
        [Reject(doc.path, 1, "too_short", "short", "d1")],
        {art.article_id: []},
        {art.article_id: ([2**63 - 1, 0, 17], [0.1, -2.5e-08, 1.0])},
    )
    items = [
        res,
        Reject("/x/a b.txt", -1, "bad_json", "line 2 \ud83d\ude00", None),
        InputDone("/x/a b.txt", 2, "1:2", {"etag": "W/1"}),
    ]
    part = tmp_path / "p.parquet"
    P.write_part(part, items)
    assert P.read_part(part) == items


def test_every_docresult_field_travels_in_a_part():
    from dataclasses import fields

    assert tuple(f.name for f in fields(DocResult)) == P.RESULT_FIELDS


def test_marker_is_only_trusted_with_its_part(tmp_path):
    part = P.part_path(tmp_path, "/data/in/x.jsonl", 2)
    assert part.name.endswith("-x.jsonl-c00002.parquet")
    assert P.read_marker(part) is None
    P.write_part(part, [InputDone("/data/in/x.jsonl", 0)])
    assert P.read_marker(part) is None  # written, not yet marked
    P.mark_done(part, {"input": "/data/in/x.jsonl", "chunk": 2, "last": True, "fingerprint": "9:9"})
    assert P.read_marker(part)["fingerprint"] == "9:9"
    assert P.scan_markers(tmp_path) == {"/data/in/x.jsonl": {2: P.read_marker(part)}}
    part.unlink()  # a marker whose part vanished means nothing
    assert P.read_marker(part) is None
    assert P.scan_markers(tmp_path) == {}


def test_marker_of_another_format_is_ignored(tmp_path):
    part = tmp_path / "a.parquet"
    P.write_part(part, [])
    P.marker_path(part).write_text(json.dumps({"format": P.PART_FORMAT + 1, "input": "a", "chunk": 0}))
    assert P.read_marker(part) is None
    P.marker_path(part).write_text("{truncated")
    assert P.read_marker(part) is None


def test_remove_part_and_stale_temporaries(tmp_path):
    part = tmp_path / "a.parquet"
    P.write_part(part, [])
    P.mark_done(part, {"input": "a", "chunk": 0})
    (tmp_path / "b.parquet.tmp-123").write_bytes(b"half")
    assert P.remove_stale_temporaries(tmp_path) == 1
    P.remove_part(part)
    assert sorted(p.name for p in tmp_path.iterdir()) == []

"""Store: schema version and migrations, read-only opens, coded errors, parameterised queries."""

from __future__ import annotations

import duckdb
import pytest

from eventwire.errors import EventwireError
from eventwire.records import Article, Document, Reject
from eventwire.store import SCHEMA_VERSION, BatchCounts, Store
from eventwire.store.queries import EventFilter


def _doc(text: str = "body") -> Document:
    return Document(doc_id="d" * 16, path="x.txt", record=0, kind="text", content=text)


def _art(text: str, part: int = 0) -> Article:
    return Article.build(
        doc_id="d" * 16,
        path="x.txt",
        part=part,
        text=text,
        title="T",
        outlet="O",
        url=None,
        published="2025-11-28",
        published_precision="day",
        published_source="header",
        language="en",
    )


def test_new_store_has_schema_version(db_path):
    with Store.open(db_path) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.count("articles") == 0
    with Store.open(db_path, read_only=True) as s:
        assert s.schema_version() == SCHEMA_VERSION


def test_newer_schema_is_refused(db_path):
    with Store.open(db_path) as s:
        s.con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    with pytest.raises(EventwireError) as err:
        Store.open(db_path, read_only=True)
    assert err.value.code == "EW202"


def test_read_only_missing_db_is_a_coded_error(tmp_path):
    with pytest.raises(EventwireError) as err:
        Store.open(str(tmp_path / "nope.duckdb"), read_only=True)
    assert err.value.code == "EW201"
    assert "eventwire ingest" in err.value.message


def test_non_duckdb_file_is_refused(tmp_path):
    bad = tmp_path / "notes.duckdb"
    bad.write_text("this is not a database " * 100)
    with pytest.raises(EventwireError) as err:
        Store.open(str(bad))
    assert err.value.code in ("EW204", "EW201")


def test_foreign_duckdb_is_not_an_eventwire_store(tmp_path):
    path = str(tmp_path / "other.duckdb")
    con = duckdb.connect(path)
    con.execute("CREATE TABLE t (x INTEGER)")
    con.close()
    with pytest.raises(EventwireError) as err:
        Store.open(path, read_only=True)
    assert err.value.code == "EW204"


def test_write_document_skips_exact_copies_and_counts_them(db_path):
    with Store.open(db_path) as s:
        counts = BatchCounts()
        a = _art("Pakistan and Russia signed a protocol. " * 10)
        with s.transaction() as con:
            fresh = s.write_document(con, _doc(), [a], "run1", counts)
        assert [x.article_id for x in fresh] == [a.article_id]
        other = Document(doc_id="e" * 16, path="y.txt", record=0, kind="text", content="x")
        copy = Article.build(
            doc_id=other.doc_id,
            path="y.txt",
            part=0,
            text=a.text,
            title="T",
            outlet="P",
            url="http://p",
            published=None,
            published_precision=None,
            published_source="none",
            language="en",
        )
        with s.transaction() as con:
            fresh2 = s.write_document(con, other, [copy], "run1", counts)
        assert fresh2 == []
        assert counts.articles == 1 and counts.duplicates == 1
        assert s.count("articles") == 1
        assert s.query("SELECT kind, outlet FROM article_copies") == [{"kind": "exact", "outlet": "P"}]


def test_rejects_are_idempotent(db_path):
    with Store.open(db_path) as s:
        r = Reject("bad.jsonl", 3, "bad_json", "line 4 is not JSON")
        for _ in range(2):
            counts = BatchCounts()
            with s.transaction() as con:
                s.write_reject(con, r, "run", counts)
            assert counts.rejects_by_reason == {"bad_json": 1}
        assert s.count("rejects") == 1


def test_transaction_rolls_back_on_error(db_path):
    with Store.open(db_path) as s:
        with pytest.raises(RuntimeError):
            with s.transaction() as con:
                s.write_document(con, _doc(), [_art("some text " * 30)], "run", BatchCounts())
                raise RuntimeError("crash mid-batch")
        assert s.count("articles") == 0 and s.count("documents") == 0


def test_count_refuses_unknown_table(db_path):
    with Store.open(db_path) as s, pytest.raises(EventwireError):
        s.count("articles; DROP TABLE articles")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"since": "yesterday"},
        {"since": "2025-13-01"},
        {"dyad": "PAK"},
        {"dyad": "PAK,AFG,IND"},
        {"actor": "pak'; drop table events; --"},
        {"type": "BOMB"},
        {"modality": "probably"},
        {"min_confidence": 1.5},
        {"since": "2025-12-01", "until": "2025-11-01"},
        {"story": "../etc/passwd"},
    ],
)
def test_event_filter_rejects_bad_values(kwargs):
    with pytest.raises(EventwireError) as err:
        EventFilter.build(**kwargs)
    assert err.value.code == "EW104"


def test_event_filter_text_search_is_data_not_sql(db_path):
    with Store.open(db_path) as s:
        flt = EventFilter.build(q="'; DROP TABLE events; --", include_all=True)
        where, params = flt.where()
        assert "DROP" not in where
        assert s.query(f"SELECT count(*) AS n FROM events {where}", params) == [{"n": 0}]  # noqa: S608
        assert s.count("events") == 0  # table still there


def test_event_filter_defaults_hide_historical_and_hypothetical():
    where, params = EventFilter.build().where()
    assert ["asserted", "denied", "intended"] in params
    where_all, params_all = EventFilter.build(include_all=True).where()
    assert ["asserted", "denied", "intended"] not in params_all


def _table(s: Store, sql: str) -> list[tuple]:
    return [tuple(r.values()) for r in s.query(sql)]


def test_bulk_writes_store_what_row_by_row_writes_store(tmp_path):
    """The pipeline writes a batch's mentions, signatures and manifest rows in one statement each; the rows are
    those that one statement per article (per input) wrote, repeats and already-stored rows ignored alike."""
    from eventwire.events import code_articles
    from eventwire.stories.merge import (
        article_vectors,
        write_mentions,
        write_mentions_many,
        write_signature,
        write_signatures,
    )

    texts = [
        "Police in Nairobi arrested three opposition activists on Tuesday. Kenya's government condemned the protest.",
        "Russia and China signed a trade agreement in Moscow on Monday.",
        "Nothing happened today.",
    ]
    arts = [_art(t, part=i) for i, t in enumerate(texts)]
    events = code_articles(arts)
    vectors = article_vectors(arts)
    assert sum(map(len, events)) >= 2
    manifest = [
        ("a.jsonl", "file", 3, 2, 1, 0, "complete", "10:20", {"k": 1}),
        ("b.jsonl", "file", None, 5, 0, 2, "partial", None, {}),
    ]
    tables = (
        "SELECT * EXCLUDE (run_id) FROM event_mentions ORDER BY mention_id",
        "SELECT * FROM article_signatures ORDER BY article_id",
        "SELECT * EXCLUDE (updated_at) FROM manifest ORDER BY input",
    )
    got = []
    for bulk in (False, True):
        s = Store.open(str(tmp_path / f"{bulk}.duckdb"))
        with s.transaction() as con:
            if bulk:
                items = list(zip(arts, events, strict=True))
                n = write_mentions_many(con, items + items[:1], "r")  # a repeat is ignored
                write_signatures(con, [(a, e, v) for (a, e), v in zip(items, vectors, strict=True)] * 2)
                s.write_manifests(con, manifest, run_id="r")
            else:
                n = 0
                for a, e, v in zip(arts, events, vectors, strict=True):
                    n += write_mentions(con, a, e, "r")
                    write_signature(con, a, e, v)
                n += write_mentions(con, arts[0], events[0], "r")
                for row in manifest:
                    s.write_manifest(con, *row, run_id="r")
        got.append((n, [_table(s, q) for q in tables]))
        s.close()
    assert got[0] == got[1]
    assert len(got[1][1][1]) == 3 and len(got[1][1][2]) == 2

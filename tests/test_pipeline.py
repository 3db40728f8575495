"""End to end: inputs -> store, on the seeds and on the demo corpus; re-ingest adds nothing."""

from __future__ import annotations

import shutil

import pytest

from conftest import CORPUS, SEEDS, require_shared
from eventwire.options import Options
from eventwire.pipeline import run_ingest
from eventwire.store import TABLES, Store

# Tables whose content must not change when the same input is ingested again.
DATA_TABLES = [t for t in TABLES if t not in ("runs", "manifest")]


def snapshot(db: str) -> dict[str, list[tuple]]:
    """All rows of every data table, minus run bookkeeping columns, sorted: for equality checks."""
    out = {}
    with Store.open(db, read_only=True) as s:
        for table in DATA_TABLES:
            cur = s.con.execute(f"SELECT * FROM {table}")  # noqa: S608 (allow-listed)
            cols = [d[0] for d in cur.description]
            keep = [
                i
                for i, c in enumerate(cols)
                if c not in ("run_id", "ingested_at", "created_at", "first_run", "updated_run")
            ]
            out[table] = sorted(tuple(str(r[i]) for i in keep) for r in cur.fetchall())
    return out


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory):
    require_shared(SEEDS)
    db = str(tmp_path_factory.mktemp("seeds") / "seeds.duckdb")
    summary = run_ingest([str(SEEDS)], Options(db=db))
    return db, summary


def test_seeds_give_six_articles_with_their_own_titles_and_dates(seeds_db):
    db, summary = seeds_db
    assert summary.files == 5
    assert summary.counts.rejects == 0
    with Store.open(db, read_only=True) as s:
        rows = s.query(
            "SELECT path, part, title, published, published_source, text FROM articles ORDER BY path, part"
        )
    assert len(rows) == 6
    by = {(r["path"].rsplit("/", 1)[-1][:3], r["part"]): r for r in rows}
    assert by[("000", 0)]["title"].startswith("Pakistan, Russia sign new MoUs")
    assert by[("000", 1)]["title"].startswith("From sponsor to enemy")
    assert by[("000", 0)]["published"] == "2025-11-28"
    assert by[("000", 1)]["published"] is None  # never borrowed from the neighbouring article
    assert by[("002", 0)]["published"] == "2025-11-28"
    assert by[("004", 0)]["published"] == "2025-04-18"
    for r in rows:
        for chrome in (
            "Short Url",
            "Leave a Reply",
            "Which country will be America",
            "WIDGETS ON SIDE PANEL",
            "Required fields are marked",
        ):
            assert chrome not in r["text"], (r["path"], chrome)
        assert "\nFollow\n" not in f"\n{r['text']}\n"


def test_seeds_reingest_changes_nothing(seeds_db, tmp_path):
    db, _ = seeds_db
    copy = str(tmp_path / "copy.duckdb")
    shutil.copy(db, copy)
    before = snapshot(copy)
    again = run_ingest([str(SEEDS)], Options(db=copy))
    assert again.counts.articles == 0 and again.counts.events == 0
    assert again.skipped_inputs == 5 and again.files == 5
    assert snapshot(copy) == before


def test_demo_corpus_counts_match_its_manifest(demo_db):
    db, summary = demo_db
    # examples/README.md: 16 files, 20 articles, exactly two rejects (bad_json, not_english)
    assert summary.files == 16
    # 20 articles; the syndicated copy (08) cleans to the same text as 07, so it is stored once
    # and recorded as an exact copy (a second mention by another outlet)
    assert summary.counts.articles + summary.counts.duplicates == 20
    assert summary.counts.rejects_by_reason == {"bad_json": 1, "not_english": 1}
    with Store.open(db, read_only=True) as s:
        rej = s.query("SELECT input, part, reason FROM rejects ORDER BY input")
        assert [(r["input"].rsplit("/", 1)[-1], r["part"], r["reason"]) for r in rej] == [
            ("04_wire_feed.jsonl", 2, "bad_json"),
            ("14_french_article_not_english.txt", 0, "not_english"),
        ]
        runs = s.query("SELECT status, files, articles + duplicates AS n, rejects FROM runs")
        assert runs == [{"status": "done", "files": 16, "n": 20, "rejects": 2}]
        manifest = s.query("SELECT input, expected, ingested, rejected, status FROM manifest ORDER BY input")
        assert len(manifest) == 16 and {m["status"] for m in manifest} == {"complete"}
        jsonl = next(m for m in manifest if m["input"].endswith("04_wire_feed.jsonl"))
        assert (jsonl["expected"], jsonl["ingested"], jsonl["rejected"]) == (4, 3, 1)
        assert s.count("events") > 0


def test_every_event_has_evidence_that_slices_its_article(demo_db):
    db, _ = demo_db
    with Store.open(db, read_only=True) as s:
        rows = s.query(
            "SELECT v.sentence, v.char_start, v.char_end, a.text FROM evidence v JOIN articles a USING (article_id)"
        )
        orphans = s.query(
            "SELECT count(*) AS n FROM events e WHERE merged_into IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM evidence v WHERE v.event_id = e.event_id)"
        )
    assert rows and orphans == [{"n": 0}]
    for r in rows:
        assert r["text"][r["char_start"] : r["char_end"]] == r["sentence"]


def test_workers_give_the_same_store(demo_db, tmp_path):
    db, _ = demo_db
    db2 = str(tmp_path / "w2.duckdb")
    run_ingest([str(CORPUS)], Options(db=db2, workers=2, batch_size=4))
    assert snapshot(db2) == snapshot(db)

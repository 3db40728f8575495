"""`eventwire status`: complete, partial, missing and changed inputs; totals; exit code; snapshot
fallback while an ingest holds the store."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from eventwire.errors import EventwireError
from eventwire.records import Document, Reject
from eventwire.report.status import input_status, render_status, status_exit_code, status_report
from eventwire.scale import parts as P
from eventwire.store import BatchCounts, Store


@pytest.fixture
def store_with_manifest(tmp_path):
    """A store whose manifest says: a.txt complete, b.jsonl partial (killed inside it); c.txt never
    reached the store; d.txt complete but edited since."""
    corpus = tmp_path / "in"
    corpus.mkdir()
    for name in ("a.txt", "b.jsonl", "c.txt", "d.txt"):
        (corpus / name).write_text(f"content of {name}\n", encoding="utf-8")
    a, b, d = (str(corpus / n) for n in ("a.txt", "b.jsonl", "d.txt"))
    from eventwire.ingest import input_fingerprint

    db = str(tmp_path / "s.duckdb")
    with Store.open(db) as s:
        run = s.begin_run("ingest", [str(corpus)], {})
        counts = BatchCounts()
        with s.transaction() as con:
            s.write_document(con, Document("d1", a, 0, "text", "x"), [], run, counts)
            s.write_reject(con, Reject(b, 1, "bad_json", "line 2 is not JSON"), run, counts)
            s.write_reject(con, Reject(b, 3, "bad_json", "line 4 is not JSON"), run, counts)
            s.write_reject(con, Reject(a, 0, "too_short", "short"), run, counts)
            s.write_manifest(con, a, "file", 1, 1, 1, 0, "complete", input_fingerprint(a), {}, run_id=run)
            s.write_manifest(con, b, "file", None, 40, 2, 3, "partial", None, {}, run_id=run)
            s.write_manifest(con, d, "file", 1, 1, 0, 0, "complete", "1:1", {}, run_id=run)
        s.end_run(run, counts, files=4)
    return db, corpus


def test_manifest_rows_without_paths(store_with_manifest):
    db, corpus = store_with_manifest
    rows = input_status(db)
    assert [(os.path.basename(r["input"]), r["status"], r["expected"], r["ingested"], r["rejected"], r["duplicates"])
            for r in rows] == [("a.txt", "complete", 1, 1, 1, 0), ("b.jsonl", "partial", None, 40, 2, 3),
                               ("d.txt", "complete", 1, 1, 0, 0)]  # fmt: skip


def test_paths_add_missing_and_changed_inputs(store_with_manifest):
    db, corpus = store_with_manifest
    report = status_report(db, [str(corpus)])
    by = {os.path.basename(r["input"]): r["status"] for r in report["inputs"]}
    assert by == {"a.txt": "complete", "b.jsonl": "partial", "c.txt": "missing", "d.txt": "changed"}
    t = report["totals"]
    assert (t["inputs"], t["complete"], t["partial"], t["missing"], t["changed"]) == (4, 1, 1, 1, 1)
    assert (t["documents"], t["rejects"]) == (1, 3)
    assert t["rejects_by_reason"] == {"bad_json": 2, "too_short": 1}
    assert report["ok"] is False and status_exit_code(report) == 1
    text = render_status(report)
    assert "inputs: 4 (1 complete, 1 partial, 1 missing, 1 changed, 0 failed)" in text
    assert "rejects: bad_json 2, too_short 1" in text
    assert "Re-run the same `eventwire ingest` command" in text
    missing_line = next(line for line in text.splitlines() if line.startswith("missing"))
    assert missing_line.endswith("c.txt")


def test_all_complete_exits_zero(store_with_manifest):
    db, corpus = store_with_manifest
    report = status_report(db, [str(corpus / "a.txt")])
    assert report["ok"] and status_exit_code(report) == 0
    assert "Re-run" not in render_status(report)


def test_staged_ray_parts_are_counted(store_with_manifest):
    db, corpus = store_with_manifest
    c = str(corpus / "c.txt")
    part = P.part_path(db + ".parts", c, 0)
    P.write_part(part, [])
    P.mark_done(part, {"input": c, "chunk": 0, "last": True})
    row = next(r for r in input_status(db, [str(corpus)]) if r["input"] == c)
    assert (row["status"], row["staged"]) == ("missing", 1)


def test_long_listings_show_the_problems_first(store_with_manifest):
    db, corpus = store_with_manifest
    text = render_status(status_report(db, [str(corpus)]), max_rows=2)
    body = [line.split()[0] for line in text.splitlines()[1:4]]
    assert body == ["status", "partial", "missing"]
    assert "... 2 more inputs not shown" in text


def test_no_store_is_an_error(tmp_path):
    with pytest.raises(EventwireError) as err:
        status_report(str(tmp_path / "none.duckdb"))
    assert err.value.code == "EW201"


@pytest.mark.serial  # another process holds the store's lock
def test_busy_store_falls_back_to_its_snapshot(store_with_manifest, tmp_path):
    db, corpus = store_with_manifest
    from eventwire.store.snapshot import snapshot_from_main

    snapshot_from_main(db)
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import duckdb, sys, time
            con = duckdb.connect({db!r})
            print("ready", flush=True)
            sys.stdin.read()
        """)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        report = status_report(db, [str(corpus)])
        assert report["source"] == "snapshot"
        assert report["totals"]["partial"] == 1
        assert "(read snapshot; an ingest is running)" in render_status(report)
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_feed_whose_last_fetch_failed_is_failed_not_complete(tmp_path):
    db = str(tmp_path / "f.duckdb")
    good, dead = "http://127.0.0.1:9/good.xml", "http://127.0.0.1:9/dead.xml"
    with Store.open(db) as s:
        run = s.begin_run("ingest", [good, dead], {})
        counts = BatchCounts()
        with s.transaction() as con:
            s.write_reject(con, Reject(dead, -1, "fetch_error", "connection refused"), run, counts)
            s.write_manifest(
                con, good, "url", 3, 3, 0, 0, "complete", None, {"status": 200, "etag": "x"}, run_id=run
            )
            s.write_manifest(con, dead, "url", 1, 0, 1, 0, "complete", None,
                             {"status": None, "error": "fetch_error"}, run_id=run)  # fmt: skip
        s.end_run(run, counts, files=2)
    report = status_report(db)
    assert {r["input"]: r["status"] for r in report["inputs"]} == {good: "complete", dead: "failed"}
    assert report["totals"]["failed"] == 1 and status_exit_code(report) == 1
    assert "1 failed" in render_status(report)


@pytest.mark.parametrize("command", ["status", "check"])
def test_unknown_format_is_refused(store_with_manifest, command):
    from typer.testing import CliRunner

    from eventwire.cli import app

    db, _ = store_with_manifest
    res = CliRunner().invoke(app, [command, "--db", db, "-f", "yaml"])
    assert res.exit_code == 2 and "EW103" in res.output

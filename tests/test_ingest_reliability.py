"""Ingest reliability (issue 17): hostile file names, shapes that stall the HTML parser, interrupted
runs, a full disk, bulk writes, escaped listings, symbolic links out of an input directory."""

from __future__ import annotations

import os

from _scale_helpers import article_text, manifest, snapshot
from eventwire.ingest.paths import store_name
from eventwire.options import Options
from eventwire.pipeline import run_ingest
from eventwire.status import status_report

BAD_NAME = b"\xff\xfe-report.txt"


def _bad_name_dir(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    with open(os.path.join(os.fsencode(root), BAD_NAME), "w", encoding="utf-8") as f:
        f.write(article_text(1))
    (root / "plain.txt").write_text(article_text(2), encoding="utf-8")
    return root


def test_store_name_escapes_only_undecodable_bytes():
    assert store_name("news/a.txt") == "news/a.txt"
    assert store_name(os.fsdecode(b"d/\xff\xfe-report.txt")) == "d/\\xff\\xfe-report.txt"
    assert store_name("lone-\ud800") == "lone-\\ud800"


def test_a_non_utf8_file_name_is_stored_escaped_and_a_rerun_is_idempotent(tmp_path):
    root = _bad_name_dir(tmp_path)
    db = str(tmp_path / "s.duckdb")
    first = run_ingest([str(root)], Options(db=db))
    assert first.counts.documents == 2 and first.counts.rejects == 0
    shown = f"{root}/\\xff\\xfe-report.txt"
    assert manifest(db)[shown][-1] == "complete"
    before = snapshot(db)
    again = run_ingest([str(root)], Options(db=db))
    assert again.skipped_inputs == 2 and again.counts.documents == 0
    assert snapshot(db) == before
    report = status_report(db, [str(root)])
    assert report["ok"] and shown in [r["input"] for r in report["inputs"]]


def test_ray_read_rows_open_a_non_utf8_name_passed_as_bytes(tmp_path):
    from eventwire.scale import ray_engine as R

    root = _bad_name_dir(tmp_path)
    real = os.path.join(str(root), os.fsdecode(BAD_NAME))
    key = store_name(real)
    rows = list(R.read_rows({"path": key, "fs_path": os.fsencode(real)}, Options()))
    assert {r["input"] for r in rows} == {key}
    assert [r["kind"] for r in rows] == ["doc", "end"]

"""The Ray engine: same store as the local engine on the same input; resumable after a crash in the
map or in the load; ``--address`` joins an existing cluster."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from _scale_helpers import eventwire_cmd, manifest, snapshot, start_ray
from conftest import CORPUS
from eventwire.errors import EventwireError
from eventwire.ingest import expand_inputs, input_fingerprint
from eventwire.options import Options
from eventwire.scale import parts as P
from eventwire.scale import ray_engine as R

ray = pytest.importorskip("ray")

# serial: starts a Ray cluster sized to the machine; its timings and ports are not to be shared
pytestmark = pytest.mark.serial


@pytest.fixture(scope="module")
def cluster():
    return start_ray()


@pytest.fixture(scope="module")
def demo_local(demo_db):
    """The local engine's store of the demo corpus: the session's demo store (conftest.demo_db)."""
    return demo_db


def ray_opts(db: str) -> Options:
    return Options(db=db, engine="ray", workers=2, batch_size=4)


def test_ray_store_equals_local_store_on_demo_corpus(cluster, demo_local, tmp_path):
    local_db, local_summary = demo_local
    db = str(tmp_path / "ray.duckdb")
    summary = R.run_ingest_ray([str(CORPUS)], ray_opts(db))
    assert snapshot(db) == snapshot(local_db)  # same documents, articles, events, stories, ids
    assert manifest(db) == manifest(local_db)
    a, b = summary.to_dict(), local_summary.to_dict()
    for key in (
        "files",
        "documents",
        "articles",
        "duplicates",
        "events",
        "events_total",
        "stories",
        "rejects",
        "rejects_by_reason",
    ):
        assert a[key] == b[key], key
    assert not os.path.exists(db + ".parts")  # parts are removed once their inputs are stored


def stage_in_process(paths: list[str], opts: Options, parts_dir) -> None:
    """Write the parts a Ray map would write, without Ray (same reader, processor and collector)."""
    plans = {p: R._Plan(p, input_fingerprint(p)) for p in paths}
    collector = R._Collector(parts_dir, plans)
    for p in paths:
        for row in R.process_rows(list(R.read_rows({"path": p}, opts)), opts):
            collector.add(row)


def test_crash_during_load_resumes_from_parts_without_ray(demo_local, tmp_path, monkeypatch):
    local_db, _ = demo_local
    db = str(tmp_path / "r.duckdb")
    opts = ray_opts(db)
    paths = expand_inputs([str(CORPUS)])
    stage_in_process(paths, opts, R.default_parts_dir(db))

    def no_ray(*a, **k):
        raise AssertionError("every part is on disk: the cluster must not be needed")

    monkeypatch.setattr(R, "_map", no_ray)
    monkeypatch.setattr(R, "LOAD_BATCH_DOCS", 3)  # several load transactions
    real, calls = R.write_results, []

    def crash_on_third(*a, **k):
        calls.append(1)
        if len(calls) == 3:
            raise KeyboardInterrupt("simulated kill during the load")
        return real(*a, **k)

    monkeypatch.setattr(R, "write_results", crash_on_third)
    with pytest.raises(KeyboardInterrupt):
        R.run_ingest_ray([str(CORPUS)], opts)
    from eventwire.report.status import status_report

    report = status_report(db, [str(CORPUS)])
    assert report["totals"]["complete"] >= 1 and report["totals"]["missing"] >= 1
    assert report["totals"]["complete"] < 16 and not report["ok"]
    assert all(r["staged"] for r in report["inputs"] if r["status"] != "complete")
    monkeypatch.setattr(R, "write_results", real)
    R.run_ingest_ray([str(CORPUS)], opts)
    assert snapshot(db) == snapshot(local_db)
    assert status_report(db, [str(CORPUS)])["ok"]
    assert not os.path.exists(db + ".parts")


def test_part_with_old_fingerprint_is_processed_again(demo_local, tmp_path, monkeypatch):
    """A marker written for an earlier version of a file is not trusted."""
    corpus = tmp_path / "c"
    shutil.copytree(CORPUS, corpus)
    db = str(tmp_path / "r.duckdb")
    opts = ray_opts(db)
    target = str(corpus / "10_mogadishu_checkpoint_bombing.txt")
    stage_in_process([target], opts, R.default_parts_dir(db))
    os.utime(target, ns=(1, 1))  # same bytes, new mtime: the fingerprint changes
    mapped = []
    monkeypatch.setattr(R, "_map", lambda plans, *a: mapped.extend(p.path for p in plans) or None)
    with pytest.raises(EventwireError) as err:  # the fake map produced nothing: reported, not hidden
        R.run_ingest_ray([str(corpus)], opts)
    assert err.value.code == "EW301"
    assert target in mapped and len(mapped) == 16


def test_stdin_and_memory_db_are_refused(tmp_path):
    with pytest.raises(EventwireError) as err:
        R.run_ingest_ray(["-"], ray_opts(str(tmp_path / "x.duckdb")))
    assert err.value.code == "EW101"
    with pytest.raises(EventwireError):
        R.default_parts_dir(":memory:")


def test_chunks_split_large_inputs(tmp_path, monkeypatch):
    monkeypatch.setattr(R, "PART_RECORDS", 2)
    src = tmp_path / "w.jsonl"
    lines = [json.dumps({"text": f"Story number {i} about talks in Nairobi between Kenya and Ethiopia."})
             for i in range(5)]  # fmt: skip
    src.write_text("\n".join(lines) + "\n{bad\n", encoding="utf-8")
    rows = list(R.read_rows({"path": str(src)}, Options()))
    assert [(r["chunk"], r["kind"]) for r in rows] == [(0, "doc"), (0, "doc"), (1, "doc"), (1, "doc"), (2, "doc"),
                                                        (2, "reject"), (2, "end")]  # fmt: skip
    assert [r["chunk_rows"] for r in rows] == [2, 2, 2, 2, 3, 3, 3]
    skipped = list(R.read_rows({"path": str(src), "skip_chunks": [0, 1]}, Options()))
    assert [r["seq"] for r in skipped] == [4, 5, 6]


def test_address_joins_an_existing_cluster(cluster, demo_local, tmp_path):
    """A second driver (a subprocess, like a user on the head node) connects with --address."""
    import subprocess

    local_db, _ = demo_local
    db = str(tmp_path / "addr.duckdb")
    proc = subprocess.run(
        eventwire_cmd("ingest", str(CORPUS), "--db", db, "--engine", "ray", "--address", cluster, "--workers", "2",
                      "--quiet"),
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert snapshot(db) == snapshot(local_db)
    bad = subprocess.run(
        eventwire_cmd("ingest", str(CORPUS), "--db", str(tmp_path / "b.duckdb"), "--engine", "ray", "--address",
                      "127.0.0.1:1", "--quiet"),
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert bad.returncode != 0 and "EW101" in bad.stderr, bad.stderr[-2000:]
    assert P.scan_markers(tmp_path) == {}

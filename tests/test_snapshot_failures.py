"""The read snapshot when things go wrong (issue 17): a disk that fills while it is written (item 4), a
store in a read-only directory (item 9), temporary files left by a killed process."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import warnings
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.api.fixture import build_synthetic_store
from eventwire.cli import app as cli
from eventwire.store import Store
from eventwire.store import snapshot as snap

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventwire.api import create_app


def _disk_full(*args, **kwargs):
    raise duckdb.IOException('IO Error: Could not write file "x.snapshot.tmp": No space left on device')


@pytest.fixture
def store(tmp_path) -> str:
    path = str(tmp_path / "events.duckdb")
    build_synthetic_store(path, 30)
    return path


def _client(db: str) -> TestClient:
    return TestClient(create_app(db), base_url="http://localhost", raise_server_exceptions=False)


def test_ingest_fails_with_a_code_when_the_snapshot_cannot_be_written(tmp_path, monkeypatch):
    db = tmp_path / "new.duckdb"
    text = tmp_path / "a.txt"
    text.write_text("Pakistan and Russia signed a trade agreement in Moscow on Thursday, officials said.\n")
    monkeypatch.setattr(snap, "_copy_to", _disk_full)
    res = CliRunner().invoke(cli, ["ingest", str(text), "--db", str(db), "--quiet"])
    assert res.exit_code == 2, res.output
    assert "EW206" in res.output and "No space left" in res.output and "Traceback" not in res.output
    with Store.open(str(db), read_only=True) as s:  # the data itself is committed and the run is done
        assert s.query("SELECT status FROM runs") == [{"status": "done"}]
        assert s.count("documents") == 1


def test_health_reports_a_stale_snapshot_when_its_rebuild_fails(store, monkeypatch):
    with _client(store) as client:
        fresh = client.get("/health").json()
        assert fresh["status"] == "ok" and fresh["behind_s"] is None
        # The store moves on (an ingest whose publish failed), the server's own rebuild fails too.
        now = time.time()
        os.utime(snap.snapshot_path(store), (now - 100, now - 100))
        os.utime(store, (now - 40, now - 40))
        monkeypatch.setattr(snap, "_copy_to", _disk_full)
        reader = client.app.state.reader
        reader._last_check = 0.0
        client.get("/health")  # starts the background rebuild
        assert reader._rebuilding is not None
        reader._rebuilding.join(10)
        h = client.get("/health").json()
    assert h["status"] == "stale" and h["status"] != "ok"
    assert 55 < h["behind_s"] < 65 and h["snapshot_age_s"] >= 100
    assert h["snapshot_error"].startswith("EW206") and "No space left" in h["snapshot_error"]
    assert h["events"] == fresh["events"]  # the counts are the snapshot's, labelled stale


def test_no_snapshot_can_be_written_is_503_not_500(store, monkeypatch):
    monkeypatch.setattr(snap, "_copy_to", _disk_full)
    with _client(store) as client:
        r = client.get("/health")
    assert r.status_code == 503 and r.json()["error"]["code"] == "EW206"


def test_store_in_a_read_only_directory_is_served_from_a_private_snapshot(store, monkeypatch, tmp_path):
    store_dir = Path(store).parent
    monkeypatch.setattr(snap, "_can_write_in", lambda d: Path(d) != store_dir)
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(snap.tempfile, "tempdir", None)  # gettempdir() reads TMPDIR again
    before = sorted(p.name for p in store_dir.iterdir())
    with _client(store) as client:
        h = client.get("/health")
        assert h.status_code == 200 and h.json()["status"] == "ok" and h.json()["events"] > 0
        assert client.get("/events").status_code == 200
        private = client.app.state.reader.path
    assert sorted(p.name for p in store_dir.iterdir()) == before  # nothing written next to the store
    assert private.parent.parent == tmp_path / "tmp" and private.exists()
    assert oct(private.parent.stat().st_mode & 0o777) == "0o700"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only directories")
def test_read_only_directory_is_detected(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o555)
    try:
        assert not snap._can_write_in(ro) and snap._can_write_in(tmp_path)
    finally:
        ro.chmod(0o755)


def test_stale_temporary_snapshots_are_removed_at_start(store):
    target = snap.snapshot_path(store)
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    dead_pid = int(gone.stdout)
    dead = target.with_name(f"{target.name}.tmp-{dead_pid}-1")
    live = target.with_name(f"{target.name}.tmp-{os.getppid()}-1")  # a live process that started earlier
    mine = target.with_name(f"{target.name}.tmp-{os.getpid()}-1")
    other = target.with_name("unrelated.duckdb.snapshot.tmp-1-1")
    for p in (dead, live, mine, other):
        p.write_bytes(b"x" * 1000)
    create_app(store)
    assert not dead.exists()
    assert live.exists() and mine.exists() and other.exists()


def test_a_reused_pid_does_not_protect_an_old_temporary_file(store):
    target = snap.snapshot_path(store)
    old = target.with_name(f"{target.name}.tmp-{os.getppid()}-1")
    old.write_bytes(b"x")
    started = snap._process_start(os.getppid())
    if started is None:
        pytest.skip("no /proc here")
    os.utime(old, (started - 3600, started - 3600))  # written long before that process started
    assert snap.remove_stale_tmp(target) == [old]

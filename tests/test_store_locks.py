"""An ingest and a server that is copying the store into its snapshot (issue 17, item 5): the writer
waits for the reader (bounded, saying so) instead of failing, and names the reader when it gives up."""

from __future__ import annotations

import logging
import subprocess
import sys
import time

import pytest

from eventwire.api.fixture import build_synthetic_store
from eventwire.errors import EventwireError
from eventwire.store import Store
from eventwire.store import db as store_db

# serial: lock waits measured in seconds, with bounds
pytestmark = pytest.mark.serial

# A stand-in for `eventwire serve` copying the store: a read-only open held for argv[2] seconds.
READER = (
    "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); "
    "print('reading', flush=True); time.sleep(float(sys.argv[2])); c.close()"
)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("locks") / "events.duckdb")
    build_synthetic_store(path, 20)
    return path


def _reader(db: str, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-c", READER, db, str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "reading"
    return proc


def test_writer_waits_for_a_reader_copying_the_store(store, caplog):
    proc = _reader(store, 1.5)
    try:
        t0 = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="eventwire.store.db"):
            with Store.open(store) as s:  # would be EW203 "in use" at once before
                assert s.count("events") > 0
        assert 0.5 < time.monotonic() - t0 < 30
        assert any(
            "being read by" in r.getMessage() and "waiting up to" in r.getMessage() for r in caplog.records
        )
    finally:
        proc.kill()
        proc.wait()


def test_writer_gives_up_after_the_bound_and_names_the_reader(store, monkeypatch):
    monkeypatch.setattr(store_db, "READER_WAIT_S", 0.6)
    proc = _reader(store, 30)
    try:
        t0 = time.monotonic()
        with pytest.raises(EventwireError) as exc:
            Store.open(store)
        assert 0.5 < time.monotonic() - t0 < 10
    finally:
        proc.kill()
        proc.wait()
    assert exc.value.code == "EW203"
    assert "being read by another eventwire process, a reader" in exc.value.message
    assert f"PID {proc.pid}" in exc.value.message

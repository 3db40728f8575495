"""Read snapshots and concurrency: readers keep answering while an ingest writes; two writers are
refused; the reader switches to newer snapshots and closes the old ones (issue 8.3)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
import time
import warnings

import duckdb
import httpx
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette suggests httpx2 for its test client; httpx works
    from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.api.fixture import build_synthetic_store, serve_in_thread
from eventwire.errors import EventwireError
from eventwire.store import Store
from eventwire.store import snapshot as snap

# serial: latency under a concurrent ingest, and lock refusals timed in seconds
pytestmark = pytest.mark.serial

# A writer that holds the store for its whole run (as an ingest does), commits batches of events
# and publishes a snapshot after each commit.
WRITER = textwrap.dedent(
    """
    import sys, time
    from eventwire.store import Store
    from eventwire.store.snapshot import publish_snapshot
    db, batches = sys.argv[1], int(sys.argv[2])
    store = Store.open(db)
    print("started", flush=True)
    for i in range(batches):
        with store.transaction() as con:
            con.execute(
                "INSERT INTO events SELECT * REPLACE (event_id || ? AS event_id) FROM events "
                "WHERE merged_into IS NULL AND length(event_id) = 16 ORDER BY event_id LIMIT 100", [f"b{i:03d}"])
        publish_snapshot(store)
        time.sleep(0.1)
    store.close()
    print("done", flush=True)
    """
)


@pytest.fixture
def small_store(tmp_path) -> str:
    db = str(tmp_path / "live.duckdb")
    build_synthetic_store(db, 400, seed=3)
    return db


def count_events(reader: snap.SnapshotReader) -> int:
    with reader.cursor() as cur:
        return cur.execute("SELECT count(*) FROM events WHERE merged_into IS NULL").fetchone()[0]


def add_events(store: Store, tag: str, n: int = 10) -> None:
    with store.transaction() as con:
        con.execute(
            "INSERT INTO events SELECT * REPLACE (event_id || ? AS event_id) FROM events "
            "WHERE merged_into IS NULL AND length(event_id) = 16 ORDER BY event_id LIMIT ?",
            [tag, n],
        )


def test_snapshot_path_is_a_sibling():
    assert str(snap.snapshot_path("/data/x.duckdb")) == "/data/x.duckdb.snapshot"


def test_publish_is_atomic_and_complete(small_store):
    with Store.open(small_store) as store:
        path = snap.publish_snapshot(store)
        add_events(store, "x1", 7)
        snap.publish_snapshot(store)
    assert path.exists() and not list(path.parent.glob("*.tmp-*"))  # no temporary file left behind
    con = duckdb.connect(":memory:")
    con.execute("ATTACH ? AS s (READ_ONLY)", [str(path)])
    assert con.execute("SELECT count(*) FROM s.events WHERE merged_into IS NULL").fetchone()[0] == 407
    indexes = {
        r[0]
        for r in con.execute("SELECT index_name FROM duckdb_indexes() WHERE database_name = 's'").fetchall()
    }
    assert "snap_evidence_event" in indexes
    con.close()


def test_reader_switches_to_newer_snapshot_and_closes_old(small_store, monkeypatch):
    monkeypatch.setattr(snap, "CHECK_INTERVAL_S", 0.0)
    reader = snap.SnapshotReader(small_store)  # no snapshot yet: made from the unlocked main file
    assert count_events(reader) == 400 and snap.snapshot_path(small_store).exists()
    first = reader._current
    with reader.cursor() as old_cursor:  # a request in flight on the old snapshot
        with Store.open(small_store) as store:
            add_events(store, "x2", 5)
            snap.publish_snapshot(store)
        assert count_events(reader) == 405  # new requests see the new snapshot at once
        assert (
            old_cursor.execute("SELECT count(*) FROM events WHERE merged_into IS NULL").fetchone()[0] == 400
        )
        assert first.retired and first.users == 1
    with pytest.raises(duckdb.Error):  # the old generation was closed when its last request ended
        first.con.execute("SELECT 1")
    assert reader.info()["generation"] == 2
    reader.close()


def test_reader_checks_for_new_snapshots_at_most_every_interval(small_store, monkeypatch):
    monkeypatch.setattr(snap, "CHECK_INTERVAL_S", 3600.0)
    reader = snap.SnapshotReader(small_store)
    assert count_events(reader) == 400
    with Store.open(small_store) as store:
        add_events(store, "x3", 3)
        snap.publish_snapshot(store)
    assert count_events(reader) == 400  # not checked again yet: no stat() per request
    monkeypatch.setattr(snap, "CHECK_INTERVAL_S", 0.0)
    assert count_events(reader) == 403
    reader.close()


def test_response_cache_follows_the_snapshot(small_store, monkeypatch):
    monkeypatch.setattr(snap, "CHECK_INTERVAL_S", 0.0)
    app = create_app(small_store)
    with TestClient(app, base_url="http://localhost") as client:
        first = client.get("/timeline", params={"bucket": "month"}).json()
        hits = app.state.cache.hits
        assert client.get("/timeline", params={"bucket": "month"}).json() == first
        assert app.state.cache.hits == hits + 1  # same snapshot, same request: served from the cache
        with Store.open(small_store) as store:
            add_events(store, "x4", 6)
            snap.publish_snapshot(store)
        after = client.get("/timeline", params={"bucket": "month"}).json()
        assert after["events"] == first["events"] + 6  # a new snapshot is never answered from the old cache


def test_maybe_publish_respects_the_interval(small_store):
    with Store.open(small_store) as store:
        assert snap.maybe_publish(store, min_interval_s=60) is not None  # no snapshot yet
        assert snap.maybe_publish(store, min_interval_s=60) is None  # fresh one exists
        assert snap.maybe_publish(store, min_interval_s=0) is not None


def test_two_writers_are_refused(small_store):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys,time; from eventwire.store import Store; s=Store.open(sys.argv[1]); "
         "print('ok', flush=True); time.sleep(60)", small_store], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ok"
        t0 = time.monotonic()
        with pytest.raises(EventwireError) as exc:
            Store.open(small_store)
        assert exc.value.code == "EW203" and "another eventwire process" in exc.value.message
        assert time.monotonic() - t0 < 5  # refused at once, not after waiting
    finally:
        holder.kill()
        holder.wait()
    with Store.open(small_store, read_only=True) as s:  # the store is intact
        assert s.count("events") > 400


def test_api_answers_while_an_ingest_writes(small_store, monkeypatch):
    monkeypatch.setattr(snap, "CHECK_INTERVAL_S", 0.2)
    snap.snapshot_from_main(small_store)
    batches = 12
    app = create_app(small_store)
    latencies: list[float] = []
    statuses: list[int] = []
    seen_counts: set[int] = set()
    with serve_in_thread(app) as base:
        writer = subprocess.Popen([sys.executable, "-c", WRITER, small_store, str(batches)], stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, text=True)  # fmt: skip
        assert writer.stdout.readline().strip() == "started"
        stop = threading.Event()

        def fire() -> None:
            with httpx.Client(timeout=30) as client:
                i = 0
                while not stop.is_set():
                    path = ("/events?limit=20", "/timeline?bucket=week", "/dyads?limit=20", "/health")[i % 4]
                    t0 = time.perf_counter()
                    r = client.get(base + path)
                    latencies.append(time.perf_counter() - t0)
                    statuses.append(r.status_code)
                    if path == "/health" and r.status_code == 200:
                        seen_counts.add(r.json()["events"])
                    i += 1

        threads = [threading.Thread(target=fire) for _ in range(3)]
        for t in threads:
            t.start()
        try:
            out, err = writer.communicate(timeout=240)
        finally:
            time.sleep(0.5)
            stop.set()
            for t in threads:
                t.join(30)
        assert writer.returncode == 0, err
        assert out.strip().endswith("done")
        with httpx.Client() as client:
            final = client.get(base + "/health").json()["events"]
    assert len(statuses) > 50
    assert set(statuses) == {200}, {s for s in statuses if s != 200}
    latencies.sort()
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    assert p95 < 3.0, p95  # bounded, on a shared 2-core machine with the writer copying snapshots
    assert final == 400 + 100 * batches  # the last published snapshot is served
    assert len(seen_counts) >= 3  # readers saw the store grow while it was written

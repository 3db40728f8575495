"""Resume after kill: SIGKILL a real `eventwire ingest` (local or Ray) mid-run, check that `status`
reports what is missing, re-run the same command, and compare the store with an uninterrupted run.

The default suite kills each engine once at a meaningful point (after the first commit / the first
Ray part); ``-m slow`` (``make stress``) kills both engines more than 20 times at random points,
including during model loading, the Ray map, the load, the global step and the clean-up.
"""

from __future__ import annotations

import os
import random
import subprocess
import time
from pathlib import Path

import pytest

from _scale_helpers import eventwire_cmd, make_corpus, run_and_kill, snapshot, start_ray
from eventwire.options import Options
from eventwire.pipeline import run_ingest
from eventwire.report.status import status_report

# serial: SIGKILLs real ingests and starts Ray: alone, or a loaded machine moves the kill points
pytestmark = pytest.mark.serial

# Generated inputs per corpus: enough batches that a kill lands between commits, small enough that a
# run takes seconds.
N_FILES = 24
# Kills in the slow stress test, per engine (each trial kills 1-3 times before the final run).
STRESS_KILLS = {"local": 14, "ray": 10}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("resume")
    make_corpus(root / "in", N_FILES)
    ref = str(root / "reference.duckdb")
    run_ingest([str(root / "in")], Options(db=ref))
    return root / "in", ref


def wal_grew(db: str) -> bool:
    """True once the writer committed a batch (the WAL outgrows the schema written at open)."""
    try:
        return os.path.getsize(db + ".wal") > 16_000
    except OSError:
        return False


def has_marker(parts_dir: str) -> bool:
    try:
        return any(n.endswith(".done") for n in os.listdir(parts_dir))
    except OSError:
        return False


def ingest_cmd(inputs: Path, db: str, *extra: str) -> list[str]:
    return eventwire_cmd("ingest", str(inputs), "--db", db, "--quiet", "--batch-size", "2", *extra)


def test_local_kill_then_rerun_gives_the_uninterrupted_store(corpus, tmp_path):
    inputs, ref = corpus
    db = str(tmp_path / "k.duckdb")
    outcome = run_and_kill(ingest_cmd(inputs, db), lambda: wal_grew(db), delay=0.3)
    assert outcome == "killed"
    report = status_report(db, [str(inputs)])
    assert not report["ok"]
    assert report["totals"]["missing"] + report["totals"]["partial"] > 0
    run_ingest([str(inputs)], Options(db=db, batch_size=2))
    assert snapshot(db) == snapshot(ref)
    assert status_report(db, [str(inputs)])["ok"]


def test_ray_kill_then_rerun_gives_the_uninterrupted_store(corpus, tmp_path):
    pytest.importorskip("ray")
    from eventwire.scale.ray_engine import run_ingest_ray

    address = start_ray()
    inputs, ref = corpus
    db = str(tmp_path / "r.duckdb")
    cmd = ingest_cmd(inputs, db, "--engine", "ray", "--address", address, "--workers", "2")
    outcome = run_and_kill(cmd, lambda: has_marker(db + ".parts"), delay=0.5)
    assert outcome == "killed"
    report = status_report(db, [str(inputs)])
    assert not report["ok"] and report["totals"]["complete"] < report["totals"]["inputs"]
    run_ingest_ray([str(inputs)], Options(db=db, engine="ray", workers=2, batch_size=2))
    assert snapshot(db) == snapshot(ref)
    assert status_report(db, [str(inputs)])["ok"]
    assert not os.path.exists(db + ".parts")


def _timed_run(cmd: list[str]) -> float:
    t0 = time.monotonic()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=600)
    return time.monotonic() - t0


@pytest.mark.slow
@pytest.mark.parametrize("engine", ["local", "ray"])
def test_stress_random_kills(engine, corpus, tmp_path):
    """Kill at uniformly random moments of a run (1-3 kills in a row), finish, compare; repeat."""
    inputs, ref = corpus
    rng = random.Random(7 if engine == "local" else 11)
    extra: list[str] = []
    if engine == "ray":
        pytest.importorskip("ray")
        extra = ["--engine", "ray", "--address", start_ray(), "--workers", "2"]
    # An uninterrupted subprocess run: its store must equal the reference too, and its duration
    # spans the kill points.
    full_db = str(tmp_path / "full.duckdb")
    full = _timed_run(ingest_cmd(inputs, full_db, *extra))
    assert snapshot(full_db) == snapshot(ref)
    kills = trial = 0
    while kills < STRESS_KILLS[engine]:
        trial += 1
        db = str(tmp_path / f"t{trial}.duckdb")
        workers = ["--workers", "2"] if engine == "local" and trial % 2 else []
        for _ in range(rng.randint(1, 3)):
            outcome = run_and_kill(ingest_cmd(inputs, db, *extra, *workers), lambda: True,
                                   delay=rng.uniform(0.0, full))  # fmt: skip
            kills += outcome == "killed"
            if outcome == "finished":
                break
        subprocess.run(ingest_cmd(inputs, db, *extra, *workers), check=True, timeout=600,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
        assert snapshot(db) == snapshot(ref), f"trial {trial} differs from the uninterrupted run"
        assert status_report(db, [str(inputs)])["ok"]

"""Shared fixtures. Paths to the shared gold data and seeds resolve relative to the repo root."""

from __future__ import annotations

import os
import pickle
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
# the gold data root, as `eventwire eval` finds it: $EVENTWIRE_DATASETS, else ../shared/datasets
DATASETS = Path(os.environ.get("EVENTWIRE_DATASETS") or SHARED / "datasets")
CORPUS = REPO / "examples" / "corpus"


def in_ci() -> bool:
    """True under CI (`CI=true`, as CI services and `.ci/run` set it)."""
    return os.environ.get("CI", "").strip().lower() in ("1", "true", "yes")


def require_shared(path: Path) -> Path:
    """``path`` (seeds or gold data under ../shared) if it exists. If it is missing, the test skips
    locally but fails under CI, so a CI run cannot pass with these tests silently skipped."""
    if path.exists():
        return path
    reason = f"{path} is missing (../shared/seeds and ../shared/datasets sit beside the clone)"
    if in_ci():
        pytest.fail(f"CI=true and {reason}; CI must run the tests that need it, not skip them", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def db_path(tmp_path: Path) -> str:
    return str(tmp_path / "test.duckdb")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, object]:
    """The demo corpus ingested once per session: (store path, run summary). Tests only read it (a test that
    serves or changes a store copies it first).

    Under pytest-xdist every worker is a session of its own: the first worker to ask builds the store in the
    directory the workers share (the parent of their base temp directories), under a file lock, and the
    others wait for it and read it."""
    from eventwire.options import Options
    from eventwire.pipeline import run_ingest

    if not os.environ.get("PYTEST_XDIST_WORKER"):
        db = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
        return db, run_ingest([str(CORPUS)], Options(db=db))
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp().parent / "demo"
    shared.mkdir(exist_ok=True)
    db, done = shared / "demo.duckdb", shared / "summary.pickle"
    with FileLock(str(shared / "build.lock")):
        if not done.exists():
            summary = run_ingest([str(CORPUS)], Options(db=str(db)))
            done.write_bytes(pickle.dumps(summary))
        return str(db), pickle.loads(done.read_bytes())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Under pytest-xdist, the tests marked ``serial`` share one worker (``xdist_group``), so that with
    ``--dist loadgroup`` they never run at the same time as each other. ``make test`` goes further and runs
    them in a pytest of their own after the parallel part (CONTRIBUTING.md, "Serial tests")."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        if item.get_closest_marker("serial") is not None:
            item.add_marker(pytest.mark.xdist_group("serial"))

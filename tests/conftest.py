"""Shared fixtures. Paths to the shared gold data and seeds resolve relative to the repo root."""

from __future__ import annotations

import os
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
    """The demo corpus ingested once per session: (store path, run summary). Tests only read it."""
    from eventwire.options import Options
    from eventwire.pipeline import run_ingest

    db = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    summary = run_ingest([str(CORPUS)], Options(db=db))
    return db, summary

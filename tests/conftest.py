"""Shared fixtures. Paths to the shared gold data and seeds resolve relative to the repo root."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATASETS = SHARED / "datasets"
CORPUS = REPO / "examples" / "corpus"


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

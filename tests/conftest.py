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

"""`eventwire events --sort`: the demo's "10 most-reported events" is `--sort -sources --limit 10`."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from eventwire.cli import app
from eventwire.store import Store

ROWS = [  # event_id, date, num_sources, num_mentions, confidence
    ("e1", "2025-09-01", 1, 1, 0.9),
    ("e2", "2025-09-02", 3, 4, 0.5),
    ("e3", "2025-09-03", 1, 5, 0.7),
    ("e4", "2025-09-04", 2, 2, 0.6),
    ("e5", None, None, None, None),
]


def _store(tmp_path) -> str:
    db = str(tmp_path / "s.duckdb")
    with Store.open(db) as s:
        s.con.executemany(
            "INSERT INTO events (event_id, date, num_sources, num_mentions, confidence, modality) "
            "VALUES (?, ?, ?, ?, ?, 'asserted')",
            [list(r) for r in ROWS],
        )
    return db


def _ids(db: str, *args: str) -> list[str]:
    res = CliRunner().invoke(app, ["events", "--db", db, "-f", "jsonl", *args])
    assert res.exit_code == 0, res.output
    return [json.loads(line)["event_id"] for line in res.output.splitlines() if line.strip()]


def test_most_reported_first_ties_broken_by_mentions_and_missing_counts_last(tmp_path):
    db = _store(tmp_path)
    assert _ids(db, "--sort", "-sources") == ["e2", "e4", "e3", "e1", "e5"]
    assert _ids(db, "--sort", "-sources", "--limit", "2") == ["e2", "e4"]
    assert _ids(db, "--sort", "sources") == ["e1", "e3", "e4", "e2", "e5"]


def test_default_stays_by_date_and_other_sorts_work(tmp_path):
    db = _store(tmp_path)
    assert _ids(db) == ["e1", "e2", "e3", "e4", "e5"]
    assert _ids(db, "--sort", "-date") == ["e4", "e3", "e2", "e1", "e5"]
    assert _ids(db, "--sort", "-confidence") == ["e1", "e3", "e4", "e2", "e5"]


def test_unknown_sort_is_a_usage_error(tmp_path):
    res = CliRunner().invoke(app, ["events", "--db", _store(tmp_path), "--sort", "size"])
    assert res.exit_code == 2
    assert "EW101" in res.output and "-sources" in res.output

"""`eventwire serve` announces the dashboard only when it can serve it."""

from __future__ import annotations

from typer.testing import CliRunner

from eventwire.cli import app


def test_no_dashboard_line_when_the_store_is_missing(tmp_path):
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert res.exit_code == 2 and "EW201" in res.output and "dashboard:" not in res.output


def test_no_dashboard_line_when_a_public_bind_has_no_token(tmp_path, monkeypatch):
    monkeypatch.delenv("EVENTWIRE_API_TOKEN", raising=False)
    res = CliRunner().invoke(app, ["serve", "--db", str(tmp_path / "none.duckdb"), "--host", "0.0.0.0"])
    assert res.exit_code == 2 and "EW403" in res.output and "dashboard:" not in res.output

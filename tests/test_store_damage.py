"""A damaged store file is reported as damaged (EW205) by every command, never as "in use" and never
with a traceback, and an ingest refuses it without writing a byte (issue 17, item 7)."""

from __future__ import annotations

import json
import os
import shutil
import warnings
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from eventwire.api.fixture import build_synthetic_store
from eventwire.cli import app
from eventwire.errors import EventwireError
from eventwire.store import Store
from eventwire.store.db import classify_store_error

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

HEADER_BYTES = 3 * 4096  # DuckDB: a file header and two database headers, then 256 KB blocks
BLOCK_BYTES = 262144


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("damage") / "pristine.duckdb"
    build_synthetic_store(str(path), 40)
    return path


def _copy(pristine: Path, tmp_path: Path) -> Path:
    path = tmp_path / "store.duckdb"
    shutil.copy(pristine, path)
    return path


def _zero_block_of(path: Path, table: str) -> None:
    """Overwrite one data block of ``table`` with zeros (its checksum then fails)."""
    con = duckdb.connect(str(path), read_only=True)
    block = con.execute(
        "SELECT min(block_id) FROM pragma_storage_info(?) WHERE block_id >= 0", [table]
    ).fetchone()[0]
    con.close()
    with open(path, "r+b") as fh:
        fh.seek(HEADER_BYTES + block * BLOCK_BYTES)
        fh.write(b"\0" * BLOCK_BYTES)


def _files(path: Path) -> dict[str, int]:
    return {p.name: p.stat().st_size for p in path.parent.iterdir() if p.name.startswith(path.name)}


def _run(*args: str):
    res = CliRunner().invoke(app, list(args))
    assert "Traceback" not in res.output and not isinstance(res.exception, duckdb.Error), res.output
    return res


def test_a_lock_word_inside_a_corruption_message_is_not_a_lock():
    # DuckDB's checksum error says "... in block at location 4096"; "lock" in it once meant EW203.
    exc = duckdb.Error(
        "Corrupt database file: computed checksum 1 does not match stored checksum 2 in block at location 4096"
    )
    assert classify_store_error("x.duckdb", exc).code == "EW205"
    lock = duckdb.IOException(
        'IO Error: Could not set lock on file "x.duckdb": Conflicting lock is held in /usr/bin/python3 '
        "(PID 4242). See also https://duckdb.org/docs/current/connect/concurrency"
    )
    assert classify_store_error("x.duckdb", lock).code == "EW203"
    assert (
        classify_store_error("x.duckdb", duckdb.IOException("IO Error: No space left on device")).code
        == "EW201"
    )


def test_damaged_header_is_ew205_not_in_use(pristine, tmp_path):
    path = _copy(pristine, tmp_path)
    with open(path, "r+b") as fh:  # both database headers
        for offset in (4096, 8192):
            fh.seek(offset)
            fh.write(b"\xab" * 100)
    for read_only in (True, False):
        with pytest.raises(EventwireError) as exc:
            Store.open(str(path), read_only=read_only)
        assert exc.value.code == "EW205" and "backup" in exc.value.message


@pytest.mark.parametrize("damage", ["truncated", "zeroed", "block"])
def test_every_command_reports_a_damaged_store(pristine, tmp_path, damage):
    path = _copy(pristine, tmp_path)
    size = path.stat().st_size
    if damage == "truncated":
        os.truncate(path, size // 2)
    elif damage == "zeroed":
        with open(path, "r+b") as fh:
            fh.write(b"\0" * size)
    else:
        _zero_block_of(path, "events")
    before = _files(path)

    res = _run("events", "--db", str(path), "--format", "jsonl")
    assert res.exit_code == 2 and "EW205" in res.output and "backup" in res.output

    res = _run("check", "--db", str(path), "--format", "json")
    assert res.exit_code == 1
    report = json.loads(res.stdout)
    assert not report["ok"] and report["problems"][0]["check"] == "store_damaged"
    assert "EW205" in report["problems"][0]["message"]

    corpus = tmp_path / "in.txt"
    corpus.write_text("Pakistan and Russia signed an agreement in Moscow on Thursday, officials said.\n" * 5)
    res = _run("ingest", str(corpus), "--db", str(path), "--quiet")
    assert res.exit_code == 2 and "EW205" in res.output and "in use" not in res.output
    assert _files(path) == before  # refused without writing: same size, no WAL, no snapshot


def test_serve_answers_503_for_a_damaged_store(pristine, tmp_path):
    path = _copy(pristine, tmp_path)
    _zero_block_of(path, "events")
    with TestClient(_app(path), base_url="http://localhost", raise_server_exceptions=False) as client:
        for url in ("/health", "/events"):
            r = client.get(url)
            assert r.status_code == 503, r.text
            assert r.json()["error"]["code"] == "EW205"


def test_text_file_is_still_not_a_store(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("hello, this is not a database\n" * 200)
    with pytest.raises(EventwireError) as exc:
        Store.open(str(path))
    assert exc.value.code == "EW204"


def _app(path: Path):
    from eventwire.api import create_app

    return create_app(str(path))


def test_an_empty_duckdb_file_still_becomes_a_store(tmp_path):
    path = tmp_path / "empty.duckdb"
    duckdb.connect(str(path)).close()  # a valid DuckDB file without tables
    with Store.open(str(path)) as store:
        assert store.schema_version() > 0

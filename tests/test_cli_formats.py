"""Every output format of every listing command and of `export`, end to end through the CLI and read back
with the format's own reader; one --format convention; table pages and widths; show by id prefix; brief
refusals (issues 12 and 17)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from eventwire.api.fixture import build_synthetic_store
from eventwire.cli import app
from eventwire.records import Reject
from eventwire.store import BatchCounts, Store
from eventwire.store import formats as F
from eventwire.store.export import DEFAULT_EXPORT, export_tables

FORMULA = '=HYPERLINK("http://evil.example","x")'
# Far smaller than every table, so every writer has to read batch after batch to the end.
SMALL_BATCH = 7


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("cli_formats") / "s.duckdb")
    build_synthetic_store(path, 300, seed=5)
    with Store.open(path) as s:
        run = s.begin_run("ingest", ["in"], {})
        counts = BatchCounts()
        with s.transaction() as con:
            for i in range(60):  # more rejects than a table page
                message = FORMULA if i == 0 else f"line {i} is not JSON"
                s.write_reject(con, Reject(f"in/feed{i:02d}.jsonl", i, "bad_json", message), run, counts)
        s.end_run(run, counts, files=1)
        first = s.query(
            "SELECT event_id FROM events WHERE merged_into IS NULL ORDER BY date NULLS LAST, event_id"
        )
        s.con.execute("UPDATE events SET source_name = ? WHERE event_id = ?", [FORMULA, first[0]["event_id"]])
    return path


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    monkeypatch.setattr(F, "BATCH_ROWS", SMALL_BATCH)


def cli(*args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, list(args), env=env)


def q(db: str, sql: str, params: list | None = None) -> list[dict]:
    with Store.open(db, read_only=True) as s:
        return s.query(sql, params or [])


def read_back(path_or_text: Path | str, fmt: str) -> list[dict]:
    """Rows as dicts, read with the format's own reader."""
    if fmt == "parquet":
        return pq.read_table(path_or_text).to_pylist()
    text = path_or_text.read_text(encoding="utf-8") if isinstance(path_or_text, Path) else path_or_text
    if fmt == "jsonl":
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    return list(csv.DictReader(io.StringIO(text), delimiter="," if fmt == "csv" else "\t"))


# ----------------------------------------------------------------------------- export
@pytest.mark.parametrize("fmt", ["parquet", "csv", "jsonl", "tsv"])
def test_export_writes_every_row_of_every_table(store, tmp_path, fmt):
    out = tmp_path / "out"
    res = cli("export", "--db", store, "-o", str(out), "-f", fmt)
    assert res.exit_code == 0, res.output
    tables = ["events"] if fmt == "tsv" else list(DEFAULT_EXPORT)
    for table in tables:
        if fmt == "tsv":
            expected = q(store, "SELECT count(*) AS n FROM events WHERE merged_into IS NULL")[0]["n"]
        else:
            expected = q(store, f"SELECT count(*) AS n FROM {table}")[0]["n"]  # noqa: S608 (fixed names)
        rows = read_back(out / f"{table}.{fmt}", fmt)
        assert len(rows) == expected, (table, len(rows), expected)
    events = read_back(out / f"events.{fmt}", fmt)
    assert len(events) > 10 * SMALL_BATCH
    where = "WHERE merged_into IS NULL" if fmt == "tsv" else ""
    ids = {r["event_id"] for r in q(store, f"SELECT event_id FROM events {where}")}  # noqa: S608
    assert {r["event_id"] for r in events} == ids
    if fmt == "jsonl":  # evidence nested for every batch, not just the first
        nested = sum(len(r["evidence"]) for r in events)
        assert nested == q(store, "SELECT count(*) AS n FROM evidence")[0]["n"]
        with_evidence = {r["event_id"] for r in q(store, "SELECT DISTINCT event_id FROM evidence")}
        assert {r["event_id"] for r in events if r["evidence"]} == with_evidence
    assert not list(out.glob(".*.part"))


def test_interrupted_export_keeps_the_previous_file(store, tmp_path, monkeypatch):
    out = tmp_path / "out"
    export_tables(store, out, "csv", ["events"])
    good = (out / "events.csv").read_bytes()
    calls = {"n": 0}
    real = F.csv_cell

    def dying(value):
        calls["n"] += 1
        if calls["n"] > 500:
            raise KeyboardInterrupt
        return real(value)

    monkeypatch.setattr(F, "csv_cell", dying)
    with pytest.raises(KeyboardInterrupt):
        export_tables(store, out, "csv", ["events"])
    assert (out / "events.csv").read_bytes() == good
    assert not list(out.glob(".*.part"))


# ----------------------------------------------------------------------------- listings
LISTINGS = {
    "events": ("event_id", "SELECT event_id AS id FROM events WHERE merged_into IS NULL"),
    "articles": ("article_id", "SELECT article_id AS id FROM articles"),
    "stories": ("story_id", "SELECT story_id AS id FROM stories WHERE merged_into IS NULL"),
    "rejects": ("input", "SELECT input AS id FROM rejects"),
}


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "tsv", "parquet"])
@pytest.mark.parametrize("command", list(LISTINGS))
def test_listing_writes_every_row_in_every_format(store, tmp_path, command, fmt):
    key, sql = LISTINGS[command]
    expected = sorted(r["id"] for r in q(store, sql))
    assert len(expected) > 50  # more than a table page: machine formats are not paged
    dest = tmp_path / f"{command}.{fmt}"
    res = cli(command, "--db", store, "-f", fmt, "-o", str(dest))
    assert res.exit_code == 0, res.output
    rows = read_back(dest, fmt)
    assert sorted(r[key] for r in rows) == expected
    if fmt != "parquet":  # the same rows on standard output
        res = cli(command, "--db", store, "-f", fmt)
        assert res.exit_code == 0, res.output
        assert sorted(r[key] for r in read_back(res.stdout, fmt)) == expected


def test_listing_limit_applies_to_machine_formats_when_given(store):
    res = cli("articles", "--db", store, "-f", "jsonl", "--limit", "3")
    assert res.exit_code == 0 and len(read_back(res.stdout, "jsonl")) == 3


def test_events_csv_has_the_shared_flat_columns(store):
    res = cli("events", "--db", store, "-f", "csv")
    header = next(csv.reader(io.StringIO(res.stdout)))
    assert header == F.EVENT_COLUMNS


@pytest.mark.parametrize(
    ("args", "fmt"),
    [(["events", "-f", "csv"], "csv"), (["events", "-f", "tsv"], "tsv"), (["rejects", "-f", "csv"], "csv"),
     (["rejects", "-f", "tsv"], "tsv")],
)  # fmt: skip
def test_csv_and_tsv_cells_cannot_become_formulas(store, args, fmt):
    res = cli(*args, "--db", store)
    rows = read_back(res.stdout, fmt)
    assert any("'" + FORMULA in r.values() for r in rows)
    assert not any(v.startswith("=") for r in rows for v in r.values() if v)


def test_export_csv_and_tsv_defuse_formulas(store, tmp_path):
    for fmt in ("csv", "tsv"):
        export_tables(store, tmp_path, fmt, ["events", "rejects"] if fmt == "csv" else ["events"])
        for path in tmp_path.glob(f"*.{fmt}"):
            rows = read_back(path, fmt)
            assert not any(v.startswith("=") for r in rows for v in r.values() if v), path
    assert "'" + FORMULA in [r["message"] for r in read_back(tmp_path / "rejects.csv", "csv")]


# ----------------------------------------------------------------------------- one --format convention
BAD_FORMAT = [
    ["events"], ["articles"], ["rejects"], ["stories"], ["dyads"], ["show", "abcdef0123"],
    ["brief", "--dyad", "PAK,AFG"], ["export", "-o", "OUT"], ["status"], ["check"],
]  # fmt: skip


@pytest.mark.parametrize("args", BAD_FORMAT, ids=lambda a: a[0])
def test_unknown_format_is_one_coded_error_everywhere(store, tmp_path, args):
    args = [str(tmp_path / "x") if a == "OUT" else a for a in args]
    res = cli(*args, "--db", store, "-f", "xml")
    assert res.exit_code == 2, res.output
    assert "EW103" in res.output and "got 'xml'" in res.output
    assert "Traceback" not in res.output


@pytest.mark.parametrize(
    ("command", "listed"),
    [("events", "table, jsonl, csv, tsv or parquet"), ("stories", "table, jsonl, csv, tsv or parquet"),
     ("show", "text or json"), ("dyads", "table, jsonl, csv or tsv"), ("brief", "md or html"),
     ("export", "parquet, csv, jsonl or tsv")],
)  # fmt: skip
def test_help_lists_the_accepted_formats(command, listed):
    res = cli(command, "--help", env={"COLUMNS": "200"})
    assert listed in " ".join(res.output.split())


# ----------------------------------------------------------------------------- tables
def test_table_shows_a_page_and_says_how_many_more(store):
    total = q(store, "SELECT count(*) AS n FROM rejects")[0]["n"]
    res = cli("rejects", "--db", store)
    assert res.exit_code == 0
    assert f"{total - 50} more rejects: --limit 0 for all" in res.output
    res = cli("rejects", "--db", store, "--limit", "0")
    assert "more rejects" not in res.output and f"rejects ({total} of {total})" in res.output


def test_events_table_says_what_it_hid(store, monkeypatch):
    hidden = q(
        store,
        "SELECT count(*) AS n FROM events WHERE merged_into IS NULL AND modality IN ('historical', 'hypothetical')",
    )[0]["n"]
    assert hidden
    res = cli("events", "--db", store, "--limit", "0", env={"COLUMNS": "200"})
    assert f"{hidden} historical/hypothetical events hidden: --all shows them." in res.output
    assert "hidden" not in cli("events", "--db", store, "--all", "--limit", "0").output
    low = q(store, "SELECT count(*) AS n FROM events WHERE merged_into IS NULL AND confidence < 0.7")[0]["n"]
    assert low
    res = cli("events", "--db", store, "-f", "jsonl", env={"EVENTWIRE_MIN_CONFIDENCE": "0.7"})
    assert f"{low} events below the min_confidence setting (0.7) hidden" in res.stderr
    assert len(read_back(res.stdout, "jsonl")) == len(q(store, LISTINGS["events"][1])) - low


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("command", ["events", "stories", "articles", "rejects"])
def test_tables_fit_the_terminal_and_never_cut_ids(store, command, width):
    every = ["--all"] if command == "events" else []  # the same rows as the jsonl page below
    res = cli(command, "--db", store, "--limit", "12", *every, env={"COLUMNS": str(width)})
    assert res.exit_code == 0, res.output
    lines = res.output.splitlines()
    assert max(len(line) for line in lines) <= width
    key = LISTINGS[command][0]
    page = read_back(cli(command, "--db", store, "-f", "jsonl", "--limit", "12", *every).stdout, "jsonl")
    if key.endswith("_id"):
        for row in page:
            assert row[key] in res.output  # whole, on one line
    if command == "events":  # a day date stays on one line
        assert re.search(r"\b\d{4}-\d{2}-\d{2}\b", res.output)


def test_stories_table_shows_outlet_names_not_json(store):
    res = cli("stories", "--db", store, "--limit", "5", env={"COLUMNS": "200"})
    assert res.exit_code == 0
    assert '["' not in res.output and "outlets" in res.output


# ----------------------------------------------------------------------------- show
def _event(con, eid, *, sources=1, articles=1, mentions=1):
    con.execute(
        "INSERT INTO events (event_id, event_type, modality, quad_class, goldstein, cameo_root, cameo_code, "
        "confidence, date_source, num_sources, num_articles, num_mentions) "
        "VALUES (?, 'AGREE', 'asserted', 1, 4.0, '03', '030', 0.9, 'none', ?, ?, ?)",
        [eid, sources, articles, mentions],
    )


@pytest.fixture
def prefix_db(db_path):
    with Store.open(db_path) as s:
        _event(s.con, "abcdef0000000001")
        _event(s.con, "abcdef0000000002", sources=2, articles=3, mentions=4)
        _event(s.con, "123456aaaaaaaaaa")
    return db_path


def test_show_accepts_a_unique_prefix(prefix_db):
    res = cli("show", "123456a", "--db", prefix_db, env={"COLUMNS": "200"})
    assert res.exit_code == 0, res.output
    assert "event 123456aaaaaaaaaa" in res.output and "1 outlet, 1 article, 1 mention" in res.output
    res = cli("show", "abcdef0000000002", "--db", prefix_db, env={"COLUMNS": "200"})
    assert "2 outlets, 3 articles, 4 mentions" in res.output


@pytest.mark.parametrize(
    ("given", "code", "words"),
    [("abcdef", "EW106", "ambiguous"), ("fedcba98", "EW106", "No event, story or article id starts with"),
     ("abcde", "EW104", "6 or more characters")],
)  # fmt: skip
def test_show_refuses_ambiguous_unknown_and_short_prefixes(prefix_db, given, code, words):
    res = cli("show", given, "--db", prefix_db)
    assert res.exit_code == 2 and code in res.output and words in " ".join(res.output.split())
    if words == "ambiguous":
        assert "abcdef0000000001" in res.output and "abcdef0000000002" in res.output


# ----------------------------------------------------------------------------- brief
def test_brief_refuses_unknown_codes(store):
    res = cli("brief", "--dyad", "XXX,YYY", "--db", store)
    assert res.exit_code == 2 and "EW104" in res.output and "XXX" in res.output


def test_empty_brief_says_there_are_no_events(store):
    rows = q(
        store,
        "SELECT DISTINCT source_country AS c FROM events WHERE merged_into IS NULL AND source_country IS NOT NULL",
    )
    codes = sorted(r["c"] for r in rows)
    pairs = {
        tuple(sorted((r["s"], r["t"])))
        for r in q(
            store, "SELECT source_country AS s, target_country AS t FROM events WHERE merged_into IS NULL"
        )
        if r["s"] and r["t"]
    }
    a, b = next((x, y) for x in codes for y in codes if x < y and (x, y) not in pairs)
    res = cli("brief", "--dyad", f"{a},{b}", "--db", store)
    assert res.exit_code == 0, res.output
    assert "No events between" in res.output and "0 events" not in res.output

"""Ingest reliability (issue 17): hostile file names, shapes that stall the HTML parser, interrupted
runs, a full disk, bulk writes, escaped listings, symbolic links out of an input directory."""

from __future__ import annotations

import os

import duckdb
import pytest

from _scale_helpers import article_text, manifest, snapshot
from eventwire.ingest.paths import store_name
from eventwire.options import Options
from eventwire.pipeline import run_ingest
from eventwire.report.status import status_report

BAD_NAME = b"\xff\xfe-report.txt"


def _bad_name_dir(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    with open(os.path.join(os.fsencode(root), BAD_NAME), "w", encoding="utf-8") as f:
        f.write(article_text(1))
    (root / "plain.txt").write_text(article_text(2), encoding="utf-8")
    return root


def test_store_name_escapes_only_undecodable_bytes():
    assert store_name("news/a.txt") == "news/a.txt"
    assert store_name(os.fsdecode(b"d/\xff\xfe-report.txt")) == "d/\\xff\\xfe-report.txt"
    assert store_name("lone-\ud800") == "lone-\\ud800"


def test_a_non_utf8_file_name_is_stored_escaped_and_a_rerun_is_idempotent(tmp_path):
    root = _bad_name_dir(tmp_path)
    db = str(tmp_path / "s.duckdb")
    first = run_ingest([str(root)], Options(db=db))
    assert first.counts.documents == 2 and first.counts.rejects == 0
    shown = f"{root}/\\xff\\xfe-report.txt"
    assert manifest(db)[shown][-1] == "complete"
    before = snapshot(db)
    again = run_ingest([str(root)], Options(db=db))
    assert again.skipped_inputs == 2 and again.counts.documents == 0
    assert snapshot(db) == before
    report = status_report(db, [str(root)])
    assert report["ok"] and shown in [r["input"] for r in report["inputs"]]


def test_ray_read_rows_open_a_non_utf8_name_passed_as_bytes(tmp_path):
    from eventwire.scale import ray_engine as R

    root = _bad_name_dir(tmp_path)
    real = os.path.join(str(root), os.fsdecode(BAD_NAME))
    key = store_name(real)
    rows = list(R.read_rows({"path": key, "fs_path": os.fsencode(real)}, Options()))
    assert {r["input"] for r in rows} == {key}
    assert [r["kind"] for r in rows] == ["doc", "end"]


# ----------------------------------------------------------------------------- markup shape (item 2)
def _attribute_bomb(n: int, *, sep: str = " ") -> str:
    """A page whose one <div> carries ``n`` distinct attributes (parse time grows with n squared)."""
    attrs = sep.join(f'data-a{i}="v"' for i in range(n))
    body = "<p>Kenya and Ethiopia signed a trade agreement in Nairobi on Tuesday.</p>" * 5
    return f"<html><head><title>t</title></head><body><div {attrs}>{body}</div></body></html>"


def test_markup_scan_counts_attributes_as_the_parser_does():
    from eventwire.ingest.markup import markup_problem

    assert markup_problem(_attribute_bomb(50), 40) is not None
    assert markup_problem(_attribute_bomb(50, sep=""), 40) is not None  # a0="v"a1="v": still 50
    assert markup_problem(_attribute_bomb(50).encode(), 40) is not None
    quoted = "<div " + " ".join(f"a{i}='>'" for i in range(50)) + ">"  # ">" inside quotes
    assert markup_problem(quoted, 40) is not None
    hidden = "<!--><div " + " ".join(f"a{i}" for i in range(50)) + ">"  # "<!-->" ends the comment
    assert markup_problem(hidden, 40) is not None
    # "<" inside a script is not a tag; a long unquoted value with "/" is one attribute
    js = "<script>for(i=0;i<n.length;i++){" + "x=1 " * 200 + "}</script><p>x</p>"
    assert markup_problem(js, 40) is None
    assert markup_problem("<div/" + "/".join(f"a{i}=x" for i in range(50)) + ">", 40) is None
    assert markup_problem(_attribute_bomb(40), 40) is None


def test_a_page_that_would_stall_the_parser_is_rejected_quickly(tmp_path, monkeypatch):
    import time

    from eventwire.ingest import markup

    monkeypatch.setattr(markup, "MAX_ATTRIBUTES_PER_TAG", 200)
    (tmp_path / "bomb.html").write_text(_attribute_bomb(30_000), encoding="utf-8")  # ~1 s in lxml
    (tmp_path / "ok.txt").write_text(article_text(3), encoding="utf-8")
    db = str(tmp_path / "s.duckdb")
    t0 = time.perf_counter()
    summary = run_ingest([str(tmp_path / "bomb.html"), str(tmp_path / "ok.txt")], Options(db=db))
    assert summary.counts.rejects_by_reason == {"too_complex": 1}
    assert summary.counts.articles == 1
    assert time.perf_counter() - t0 < 30


def test_a_feed_with_an_attribute_bomb_is_rejected_before_feedparser(tmp_path, monkeypatch):
    from eventwire.ingest import iter_documents, markup

    monkeypatch.setattr(markup, "MAX_ATTRIBUTES_PER_TAG", 200)
    attrs = " ".join(f'a{i}="x"' for i in range(5_000))
    feed = tmp_path / "feed.rss"
    feed.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><item {attrs}><title>x</title>'
        f"<description>{article_text(4)}</description></item></channel></rss>",
        encoding="utf-8",
    )
    [rej] = list(iter_documents([str(feed)], Options()))
    assert rej.reason == "too_complex" and "attributes" in rej.message


# ----------------------------------------------------------------------------- killed before the global step (item 3)
def test_a_run_killed_before_the_global_step_is_not_complete_until_a_rerun(tmp_path, monkeypatch):
    from eventwire import pipeline
    from eventwire.report.status import render_status
    from eventwire.store import Store
    from eventwire.stories import merge

    root = tmp_path / "in"
    root.mkdir()
    for i in range(2):
        (root / f"a{i}.txt").write_text(article_text(i), encoding="utf-8")
    db = str(tmp_path / "s.duckdb")

    def killed(store, run_id):  # SIGKILL after the last batch committed, before stories and merging
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(merge, "finalize", killed)
        m.setattr(pipeline, "mark_run_failed", lambda *a, **k: None)  # a killed process records nothing
        with pytest.raises(KeyboardInterrupt):
            run_ingest([str(root)], Options(db=db))
    report = status_report(db, [str(root)])
    assert report["totals"]["complete"] == 2  # every input's batches are in
    assert report["totals"]["events"] == 0 and report["totals"]["pending_mentions"] > 0
    assert [r["status"] for r in report["runs"]] == ["interrupted"]
    assert not report["ok"]
    text = render_status(report)
    assert "interrupted" in text and "global step pending" in text

    again = run_ingest([str(root)], Options(db=db))  # reads nothing new, finishes the global step
    assert again.skipped_inputs == 2 and again.events_total > 0
    report = status_report(db, [str(root)])
    assert report["ok"] and report["runs"] == []
    assert report["totals"]["pending_articles"] == report["totals"]["pending_mentions"] == 0
    with Store.open(db, read_only=True) as s:
        statuses = [r["status"] for r in s.query("SELECT status FROM runs ORDER BY started_at")]
    assert statuses == ["interrupted", "done"]  # the killed run is not left `running` forever


# ----------------------------------------------------------------------------- disk full (item 4)
@pytest.fixture(scope="module")
def three_files(tmp_path_factory):
    """Three one-article files and the store of an uninterrupted run over them (one per batch)."""
    root = tmp_path_factory.mktemp("three") / "in"
    root.mkdir()
    for i in range(3):
        (root / f"a{i}.txt").write_text(article_text(i), encoding="utf-8")
    ref = str(root.parent / "ref.duckdb")
    run_ingest([str(root)], Options(db=ref, batch_size=1))
    return root, ref


@pytest.mark.parametrize(
    "exc",
    [
        duckdb.IOException('IO Error: Could not write file "s.duckdb.wal": No space left on device'),
        duckdb.TransactionException("TransactionContext Error: Failed to commit: No space left on device"),
        OSError(28, "No space left on device"),
    ],
)
def test_disk_full_mid_run_is_a_coded_error_and_the_rerun_is_identical(
    three_files, tmp_path, monkeypatch, exc
):
    from typer.testing import CliRunner

    from eventwire.cli import app
    from eventwire.store import Store

    root, ref = three_files
    db = str(tmp_path / "s.duckdb")
    real = Store.write_manifest
    calls = {"n": 0}

    def fill_disk(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:  # the second batch: one is committed, this one is in flight
            raise exc
        return real(self, *args, **kwargs)

    with monkeypatch.context() as m:
        m.setattr(Store, "write_manifest", fill_disk)
        result = CliRunner().invoke(
            app, ["ingest", str(root), "--db", db, "--quiet", "--batch-size", "1"], catch_exceptions=False
        )
    assert result.exit_code == 2
    assert "EW207" in result.output and "re-run" in result.output and "Traceback" not in result.output
    assert "disk is full" in result.output
    with Store.open(db, read_only=True) as s:
        assert s.count("documents") == 1  # the committed batch is kept, the one in flight rolled back
        assert s.query("SELECT status FROM runs")[0]["status"] == "failed"
    run_ingest([str(root)], Options(db=db, batch_size=1))
    assert snapshot(db) == snapshot(ref)


# ----------------------------------------------------------------------------- escaped listings (item 6)
def test_status_and_rejects_listings_escape_terminal_control_sequences(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    from eventwire.cli import app
    from eventwire.report.shown import shown

    assert shown("a\x1b]0;pwned\x07b\x9b2J\u202ec") == "a\\x1b]0;pwned\\x07b\\x9b2J\\u202ec"
    root = tmp_path / "in"
    root.mkdir()
    evil = "x\x1b[2J\x1b]0;pwned\x07.txt"
    (root / evil).write_bytes(b"")  # an `empty` reject: listed by `rejects` and `status`
    monkeypatch.chdir(tmp_path)  # short input names: the rejects table has room for them
    db = "s.duckdb"
    run_ingest(["in"], Options(db=db))
    runner = CliRunner()
    for args in (["status", "--db", db], ["status", "in", "--db", db], ["rejects", "--db", db]):
        out = runner.invoke(app, args).output
        assert "\x1b" not in out and "\x07" not in out, args
        assert "x\\x1b" in out, (args, out)  # the table may cut the rest of the name


# ----------------------------------------------------------------------------- links out of an input directory (item 7)
def _linked_dir(tmp_path):
    secret = tmp_path / "secret"
    secret.mkdir()
    (secret / "passwords.txt").write_text(article_text(5), encoding="utf-8")
    root = tmp_path / "in"
    root.mkdir()
    (root / "own.txt").write_text(article_text(6), encoding="utf-8")
    (root / "a_link.txt").symlink_to(secret / "passwords.txt")
    (root / "b_dir").symlink_to(secret)  # a linked directory: every file under it is outside too
    (root / "c_inside.txt").symlink_to(root / "own.txt")  # a link within the directory is fine
    return root


def test_links_out_of_an_input_directory_are_rejected_unless_asked_for(tmp_path):
    from eventwire.ingest import iter_documents
    from eventwire.records import Reject

    root = _linked_dir(tmp_path)
    items = list(iter_documents([str(root)], Options()))
    rejected = {r.input: r for r in items if isinstance(r, Reject)}
    assert set(rejected) == {f"{root}/a_link.txt", f"{root}/b_dir/passwords.txt"}
    assert all(r.reason == "outside_link" and "--follow-symlinks" in r.message for r in rejected.values())
    assert [d.path for d in items if not isinstance(d, Reject)] == [f"{root}/c_inside.txt", f"{root}/own.txt"]
    followed = list(iter_documents([str(root)], Options(follow_symlinks=True)))
    assert not any(isinstance(x, Reject) for x in followed) and len(followed) == 4


def test_ingest_records_the_outside_link_reject_and_the_flag_reads_it(tmp_path):
    from typer.testing import CliRunner

    from eventwire.cli import app
    from eventwire.store import Store

    root = _linked_dir(tmp_path)
    db = str(tmp_path / "s.duckdb")
    summary = run_ingest([str(root)], Options(db=db))
    # expand_inputs keeps one path per real file: one link to the secret file is left, and refused
    assert summary.counts.rejects_by_reason == {"outside_link": 1} and summary.counts.articles == 1
    assert status_report(db, [str(root)])["ok"]  # refused on purpose, with a reason: complete
    db2 = str(tmp_path / "f.duckdb")
    res = CliRunner().invoke(app, ["ingest", str(root), "--db", db2, "--quiet", "--follow-symlinks"])
    assert res.exit_code == 0, res.output
    with Store.open(db2, read_only=True) as s:
        assert s.count("articles") == 2 and s.count("rejects") == 0


# ----------------------------------------------------------------------------- bulk writes (item 5)
class _CountingCon:
    """A DuckDB connection that counts the statements run through it."""

    def __init__(self, con):
        self.con, self.statements = con, 0

    def execute(self, *args, **kwargs):
        self.statements += 1
        return self.con.execute(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.con, name)


def test_a_batch_of_documents_and_rejects_is_written_in_a_few_statements(tmp_path):
    from eventwire.pipeline import write_results
    from eventwire.records import Article, Document, Reject
    from eventwire.store import Store
    from eventwire.worker import DocResult

    n = 200
    docs = [Document(f"{i:016x}", "tiny.jsonl", i, "text", f"note {i}", fmt="jsonl") for i in range(n)]
    results = [
        DocResult(d, [], [Reject("tiny.jsonl", d.record, "too_short", "too short.", d.doc_id)]) for d in docs
    ]
    art = Article(
        "a" * 16, docs[0].doc_id, "tiny.jsonl", 0, None, None, None, None, None, "none", "en", "x" * 300
    )
    results[0] = DocResult(docs[0], [art])
    results[1] = DocResult(docs[1], [Article(**{**art.to_dict(), "doc_id": docs[1].doc_id})])  # an exact copy
    read_rejects = [Reject("bad.jsonl", i, "bad_json", "not JSON.") for i in range(n)]
    store = Store.open(str(tmp_path / "s.duckdb"))
    counting = _CountingCon(store.con)
    store.con = counting
    counts = write_results(store, results, read_rejects, "run-1")
    assert counting.statements < 20  # was two statements per document and one per reject (> 600)
    assert (counts.documents, counts.articles, counts.duplicates, counts.rejects) == (n, 1, 1, 2 * n - 2)
    assert store.count("documents") == n and store.count("rejects") == 2 * n - 2
    assert store.count("articles") == 1 and store.count("article_copies") == 1
    store.close()


# ----------------------------------------------------------------------------- the synthetic store takes an ingest (item 8)
def test_the_synthetic_store_takes_an_ingest_without_re_embedding_its_articles(tmp_path, monkeypatch):
    from eventwire.api.fixture import build_synthetic_store
    from eventwire.store import Store
    from eventwire.stories import signatures
    from eventwire.stories.embed import EMBED_DIM

    db = str(tmp_path / "syn.duckdb")
    build_synthetic_store(db, 200, seed=2)
    with Store.open(db, read_only=True) as s:
        n_articles = s.count("articles")
        [row] = s.query(
            "SELECT count(*) AS n, min(len(embedding)) AS dim, min(len(minhash)) AS mh FROM article_signatures"
        )
    assert row["n"] == n_articles and row["dim"] == EMBED_DIM and row["mh"] > 0
    embedded = []
    real = signatures.article_vectors

    def counting(arts):
        embedded.extend(a.article_id for a in arts)
        return real(arts)

    monkeypatch.setattr(signatures, "article_vectors", counting)
    (tmp_path / "new.txt").write_text(article_text(7), encoding="utf-8")
    summary = run_ingest([str(tmp_path / "new.txt")], Options(db=db))
    assert summary.counts.articles == 1
    assert len(embedded) == 1  # only the new article; before, every synthetic article too
    assert status_report(db)["ok"]

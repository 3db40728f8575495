"""Event merging across outlets, near-duplicates, stable ids, merged_into, atomicity (issue 5)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "merge"))
import corpus  # noqa: E402

from eventwire.store import Store  # noqa: E402
from eventwire.stories import cluster as stories  # noqa: E402
from eventwire.stories import embed, merge  # noqa: E402
from eventwire.stories.merge import duplicate_rate, finalize  # noqa: E402

NAMES = sorted(corpus.META)
A = ["tza_zmb_jpc4_daily_coastline.txt", "tza_zmb_jpc4_lusaka_herald.txt", "tza_zmb_jpc4_wire.txt"]
VOLATILE = {"run_id", "first_run", "updated_run", "ingested_at", "created_at", "started_at", "ended_at"}
TABLES = (
    "documents",
    "articles",
    "article_copies",
    "event_mentions",
    "events",
    "evidence",
    "stories",
    "story_articles",
    "article_signatures",
    "article_bands",
)

_cache: dict[str, np.ndarray] = {}
_real_embed = embed.embed_texts


def _cached_embed(texts):
    missing = [t for t in dict.fromkeys(texts) if t not in _cache]
    if missing:
        _cache.update(zip(missing, _real_embed(missing), strict=True))
    return np.stack([_cache[t] for t in texts]) if texts else _real_embed([])


@pytest.fixture(scope="module", autouse=True)
def cached_embeddings():
    """The embedding engine is tested in test_stories; here each lead is embedded once per module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(embed, "embed_texts", _cached_embed)
        yield


def _store(names=NAMES, **kw) -> Store:
    store = Store.open(":memory:")
    corpus.ingest(store, names, **kw)
    return store


def snapshot(store: Store) -> dict[str, list[tuple]]:
    out = {}
    for table in TABLES:
        rows = store.query(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
        cleaned = [
            tuple(
                (k, json.dumps(v, sort_keys=True, default=str))
                for k, v in sorted(r.items())
                if k not in VOLATILE
            )
            for r in rows
        ]
        out[table] = sorted(cleaned)
    return out


def _events(store, story_id, **where):
    rows = store.query(
        "SELECT * FROM events WHERE story_id = ? AND merged_into IS NULL ORDER BY event_id", [story_id]
    )
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def _story_of(store, name, **kw):
    aid = corpus.article(name, **kw).article_id
    return store.query("SELECT story_id FROM articles WHERE article_id = ?", [aid])[0]["story_id"]


@pytest.fixture(scope="module")
def full(cached_embeddings):
    store = _store()
    n = finalize(store, "run-1")
    yield store, n
    store.close()


@pytest.mark.issue(5)
def test_three_outlets_one_meeting_give_one_story_and_one_agree_event(full):
    store, n = full
    assert n == 6
    assert store.query("SELECT count(*) AS n FROM stories WHERE merged_into IS NULL")[0]["n"] == 6
    sid = _story_of(store, A[0])
    assert {_story_of(store, x) for x in A} == {sid}
    (agree,) = _events(store, sid, event_type="AGREE", modality="asserted")
    assert (agree["num_articles"], agree["num_sources"], agree["num_mentions"]) == (3, 3, 3)
    assert agree["date"] == "2025-11-20" and agree["date_source"] == "text"
    assert agree["location_name"] == "Dar es Salaam"
    assert (
        store.query("SELECT count(*) AS n FROM evidence WHERE event_id = ?", [agree["event_id"]])[0]["n"] == 3
    )
    agreements = json.loads(agree["agreements"])
    revenue = next(a for a in agreements if "Revenue Authority" in a["text"])
    assert [p["country"] for p in revenue["parties"]] == ["TZA", "ZMB"]
    (consult,) = _events(store, sid, event_type="CONSULT")
    assert consult["num_sources"] == 3
    assert consult["date"] == "2025-11-18"  # text-derived day beats the publication-date fallback
    # the intended next session is a different event from the session that happened
    (intended,) = _events(store, sid, event_type="AGREE", modality="intended")
    assert (
        intended["num_sources"] == 3 and intended["date"] == "2026" and intended["date_precision"] == "year"
    )
    story = store.query("SELECT * FROM stories WHERE story_id = ?", [sid])[0]
    assert story["n_articles"] == 3
    assert json.loads(story["outlets"]) == ["Daily Coastline", "Eastern Africa Wire", "Lusaka Herald"]
    assert json.loads(story["dyads"]) == ["TZA-ZMB"]
    assert (story["start"], story["end"]) == ("2025-11-18", "2025-11-20")


@pytest.mark.issue(5)
def test_two_sessions_of_one_commission_stay_apart(full):
    store, _ = full
    assert _story_of(store, "tza_zmb_jpc3_2024_daily_coastline.txt") != _story_of(store, A[0])
    assert _story_of(store, "khost_strikes_round2_frontier_daily.txt") != _story_of(
        store, "khost_strikes_round1_frontier_daily.txt"
    )
    assert duplicate_rate(store)["duplicates"] == 0


@pytest.mark.issue(5)
def test_syndicated_copy_is_one_article_and_extra_mentions(full):
    store, _ = full
    orig = corpus.article("khost_strikes_round1_frontier_daily.txt").article_id
    copy = corpus.article("khost_strikes_round1_valley_times_syndicated.txt").article_id
    rows = {r["article_id"]: r for r in store.query("SELECT article_id, dup_of, story_id FROM articles")}
    kept, dup = (orig, copy) if rows[copy]["dup_of"] else (copy, orig)
    assert rows[dup]["dup_of"] == kept and rows[kept]["dup_of"] is None
    assert rows[dup]["story_id"] == rows[kept]["story_id"]
    (near,) = store.query("SELECT * FROM article_copies WHERE kind = 'near'")
    assert (near["article_id"], near["copy_id"]) == (kept, dup) and near["similarity"] >= 0.5
    (fight,) = _events(store, rows[kept]["story_id"], event_type="FIGHT")
    assert (fight["num_articles"], fight["num_sources"], fight["num_mentions"]) == (1, 1, 2)
    assert (
        store.query("SELECT count(*) AS n FROM evidence WHERE event_id = ?", [fight["event_id"]])[0]["n"] == 2
    )
    story = store.query("SELECT n_articles FROM stories WHERE story_id = ?", [rows[kept]["story_id"]])[0]
    assert story["n_articles"] == 1


def test_finalize_twice_changes_nothing(full):
    store, _ = full
    before = snapshot(store)
    assert finalize(store, "run-again") == 0
    assert snapshot(store) == before


def test_ids_do_not_depend_on_batches_or_order(full):
    store, _ = full
    other = Store.open(":memory:")
    for chunk in (NAMES[6:], NAMES[3:6][::-1], NAMES[:3]):
        corpus.ingest(other, chunk, run_id="run-x")
    finalize(other, "run-x")
    assert snapshot(other) == snapshot(store)


def test_adding_a_source_later_updates_counts_not_ids():
    store = _store(A[:2])
    finalize(store, "run-1")
    sid = _story_of(store, A[0])
    (before,) = _events(store, sid, event_type="AGREE", modality="asserted")
    assert before["num_sources"] == 2
    corpus.ingest(store, A[2:], run_id="run-2")
    assert finalize(store, "run-2") == 1
    assert _story_of(store, A[2]) == sid
    (after,) = _events(store, sid, event_type="AGREE", modality="asserted")
    assert after["event_id"] == before["event_id"]
    assert (after["num_articles"], after["num_sources"], after["num_mentions"]) == (3, 3, 3)


def test_exact_copy_in_another_document_counts_as_a_mention():
    store = _store(A)
    finalize(store, "run-1")
    sid = _story_of(store, A[0])
    (before,) = _events(store, sid, event_type="AGREE", modality="asserted")
    # the same article inside another file: stored as an exact copy by the store, no new mentions
    art = corpus.article(A[0])
    from eventwire.records import Document
    from eventwire.store import BatchCounts

    doc = Document(doc_id="copydoc", path="mirror/copy.txt", record=0, kind="text", content=art.text)
    with store.transaction() as con:
        assert store.write_document(con, doc, [art], "run-2", BatchCounts()) == []
    assert finalize(store, "run-2") == 0
    (after,) = _events(store, sid, event_type="AGREE", modality="asserted")
    assert after["event_id"] == before["event_id"]
    assert (after["num_articles"], after["num_sources"], after["num_mentions"]) == (3, 3, 4)


@pytest.mark.issue(5)
def test_bridging_article_merges_stories_and_keeps_absorbed_ids_resolvable(monkeypatch):
    store = Store.open(":memory:")
    corpus.ingest(store, [A[0], A[2]], run_id="run-1")
    with monkeypatch.context() as mp:
        mp.setattr(stories, "STORY_THRESHOLD", 5.0)  # nothing may join: two stories
        finalize(store, "run-1")
    wire_story, coast_story = _story_of(store, A[2]), _story_of(store, A[0])
    assert wire_story != coast_story
    (wire_agree,) = _events(store, wire_story, event_type="AGREE", modality="asserted")
    (coast_agree,) = _events(store, coast_story, event_type="AGREE", modality="asserted")
    corpus.ingest(store, [A[1]], run_id="run-2")
    finalize(store, "run-2")
    # the wire report is the oldest (published 2025-11-20): its story and event survive
    assert {_story_of(store, x) for x in A} == {wire_story}
    merged = store.query("SELECT merged_into FROM stories WHERE story_id = ?", [coast_story])[0]
    assert merged["merged_into"] == wire_story
    old = store.query("SELECT * FROM events WHERE event_id = ?", [coast_agree["event_id"]])[0]
    assert old["merged_into"] == wire_agree["event_id"]
    (live,) = _events(store, wire_story, event_type="AGREE", modality="asserted")
    assert live["event_id"] == wire_agree["event_id"] and live["num_sources"] == 3
    assert (
        store.query("SELECT count(*) AS n FROM evidence WHERE event_id = ?", [coast_agree["event_id"]])[0][
            "n"
        ]
        == 0
    )
    from eventwire.report.show import lookup

    kind, rec = lookup(store, coast_agree["event_id"])
    assert kind == "event" and rec["event_id"] == wire_agree["event_id"]
    assert rec["resolved_from"] == [coast_agree["event_id"]] and len(rec["evidence"]) == 3


def test_crash_inside_finalize_then_rerun_equals_uninterrupted(full, monkeypatch):
    store, _ = full
    crashed = _store()

    def boom(*a, **k):
        raise RuntimeError("killed")

    with monkeypatch.context() as mp:
        mp.setattr(merge, "refresh_stories", boom)
        with pytest.raises(RuntimeError):
            finalize(crashed, "run-1")
    assert crashed.query("SELECT count(*) AS n FROM events")[0]["n"] == 0  # rolled back
    finalize(crashed, "run-2")
    assert snapshot(crashed) == snapshot(store)


@pytest.mark.issue(5)
def test_one_sided_claims_fold_into_the_full_pair_event():
    # three outlets, one signing: two coders' claims name one side only, the third names both
    specs = {
        A[2]: [
            (
                "AGREE",
                corpus.TZA,
                None,
                False,
                "asserted",
                "signed three memoranda",
                "2025-11-20",
                "day",
                "text",
                None,
            )
        ],
        A[0]: [
            (
                "AGREE",
                corpus.ZMB,
                None,
                False,
                "asserted",
                "signed three memoranda",
                "2025-11-20",
                "day",
                "text",
                None,
            )
        ],
        A[1]: [
            (
                "AGREE",
                corpus.ZMB,
                corpus.TZA,
                True,
                "asserted",
                "The three memoranda were signed",
                "2025-11-20",
                "day",
                "text",
                "Dar es Salaam",
            )
        ],
    }
    store = _store(A, events=specs)
    finalize(store, "run-1")
    sid = _story_of(store, A[0])
    (live,) = _events(store, sid, event_type="AGREE")
    assert (live["num_articles"], live["num_sources"]) == (3, 3)
    assert {live["source_country"], live["target_country"]} == {"TZA", "ZMB"} and live["reciprocal"]
    absorbed = store.query("SELECT event_id, merged_into FROM events WHERE merged_into IS NOT NULL")
    assert [r["merged_into"] for r in absorbed] == [live["event_id"]]
    assert duplicate_rate(store)["duplicates"] == 0


# ---------------------------------------------------------------------------------------------- issue 13
# One mention = one claim, written by hand: (type, source, target, reciprocal, modality, phrase, date,
# precision, date source, place); actors are (name, country, sector) and country None is "unknown".
POLICE = ("police", None, "COP")
MILITANTS = ("militants", None, "REB")
CLOSE = "Tanzania and Zambia"


def _one_article(specs: list[tuple]) -> tuple[Store, str]:
    store = _store([A[0]], events={A[0]: specs})
    finalize(store, "run-1")
    return store, _story_of(store, A[0])


def _claim(etype, src, tgt, date, prec="day", dsrc="text", modality="asserted", recip=False, phrase=CLOSE):
    return (etype, src, tgt, recip, modality, phrase, date, prec, dsrc, None)


@pytest.mark.issue(13)
def test_countryless_actor_of_one_mention_is_kept_on_the_stored_event():
    from eventwire.store.queries import event_dict

    store, sid = _one_article([_claim("COERCE", POLICE, None, "2025-11-20")])
    (ev,) = _events(store, sid, event_type="COERCE")
    assert (ev["source_name"], ev["source_country"], ev["source_sector"], ev["source_kind"]) == (
        "police",
        None,
        "COP",
        "group",
    )
    assert ev["source_text"] == "police" and ev["source_code"] is None and ev["target_name"] is None
    # the JSON shape of exports and the API carries it too
    rec = event_dict(ev)
    assert rec["source"] == {
        "text": "police",
        "name": "police",
        "country": None,
        "sector": "COP",
        "kind": "group",
        "code": None,
    }
    assert rec["target"] is None


@pytest.mark.issue(13)
def test_countryless_actor_takes_the_country_another_claim_of_the_event_gives():
    store, sid = _one_article(
        [
            _claim("COERCE", POLICE, None, "2025-11-20"),
            _claim("COERCE", ("Tanzania police", "TZA", "COP"), None, "2025-11-20", phrase="The session"),
        ]
    )
    (ev,) = _events(store, sid, event_type="COERCE")
    assert (ev["source_name"], ev["source_country"], ev["source_sector"]) == ("Tanzania police", "TZA", "COP")


@pytest.mark.issue(13)
def test_back_reference_with_an_older_month_does_not_join_the_current_event():
    # "The commission last met in March, where the two sides signed ..." coded as an asserted AGREE
    store, sid = _one_article(
        [
            _claim("AGREE", corpus.TZA, corpus.ZMB, "2025-11-20", recip=True),
            _claim(
                "AGREE", corpus.TZA, corpus.ZMB, "2025-03", prec="month", recip=True, phrase="The session"
            ),
        ]
    )
    rows = sorted(_events(store, sid, event_type="AGREE"), key=lambda r: r["date"])
    assert [(r["date"], r["num_mentions"]) for r in rows] == [("2025-03", 1), ("2025-11-20", 1)]


@pytest.mark.issue(13)
def test_text_dated_claim_months_before_publication_does_not_join_a_publication_dated_event():
    # the founder is dated only by the article (2025-11-21); "Zambia and Qatar signed ... in July" fits
    # its actors read the other way round, but is another happening
    store, sid = _one_article(
        [
            _claim("AGREE", None, ("Zambia", "ZMB", None), "2025-11-21", dsrc="published"),
            _claim(
                "AGREE",
                ("Zambia", "ZMB", None),
                ("Qatar", "QAT", "GOV"),
                "2025-07",
                prec="month",
                recip=True,
                phrase="The session",
            ),
        ]
    )
    rows = _events(store, sid, event_type="AGREE")
    assert len(rows) == 2
    by_target = {r["target_country"]: r for r in rows}
    assert by_target["ZMB"]["source_country"] is None and by_target["ZMB"]["date"] == "2025-11-21"
    assert by_target["QAT"]["source_country"] == "ZMB" and by_target["QAT"]["date"] == "2025-07"


@pytest.mark.issue(13)
def test_publication_dated_claim_still_joins_a_text_dated_event_of_that_week():
    store, sid = _one_article(
        [
            _claim("AGREE", corpus.TZA, corpus.ZMB, "2025-11-20", recip=True),
            _claim("AGREE", corpus.ZMB, None, "2025-11-21", dsrc="published", phrase="The session"),
        ]
    )
    (ev,) = _events(store, sid, event_type="AGREE")
    assert ev["num_mentions"] == 2 and ev["date"] == "2025-11-20"


@pytest.mark.issue(13)
def test_one_sided_claim_of_another_sector_does_not_join():
    # the army exchanged fire with the army; "militants were killed" (no source) is not that exchange
    store, sid = _one_article(
        [
            _claim(
                "FIGHT",
                ("Tanzania army", "TZA", "MIL"),
                ("Zambia army", "ZMB", "MIL"),
                "2025-11-20",
                recip=True,
            ),
            _claim("FIGHT", None, MILITANTS, "2025-11-21", dsrc="published", phrase="The session"),
            _claim(
                "FIGHT",
                None,
                ("Zambia soldiers", "ZMB", "MIL"),
                "2025-11-21",
                dsrc="published",
                phrase="The 5th",
            ),
        ]
    )
    rows = _events(store, sid, event_type="FIGHT")
    assert len(rows) == 2
    army = next(r for r in rows if r["source_country"] == "TZA")
    assert army["num_mentions"] == 2 and army["target_country"] == "ZMB"
    other = next(r for r in rows if r is not army)
    assert (other["source_name"], other["target_name"], other["target_sector"]) == (None, "militants", "REB")


@pytest.mark.issue(13)
def test_background_mention_never_joins_the_current_event():
    store, sid = _one_article(
        [
            _claim("AGREE", corpus.TZA, corpus.ZMB, "2025-11-20", recip=True),
            _claim(
                "AGREE",
                corpus.TZA,
                corpus.ZMB,
                "2025-11-20",
                recip=True,
                modality="historical",
                phrase="The 5th",
            ),
        ]
    )
    rows = _events(store, sid, event_type="AGREE")
    assert sorted(r["modality"] for r in rows) == ["asserted", "historical"]
    assert all(r["num_mentions"] == 1 for r in rows)

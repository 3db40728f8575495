"""The real-news gold set (eval/news_gold) and its scorer (eventwire eval news)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from _eval_helpers import ev
from conftest import DATASETS, require_shared
from eventwire.eval import news
from eventwire.records import Evidence
from eventwire.store.queries import MODALITIES, PLOVER_TYPES

TYPES_TSV = Path(news.__file__).parents[1] / "events" / "data" / "plover_types.tsv"


def _modes() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for line in TYPES_TSV.read_text().splitlines():
        if line.startswith("#") or line.startswith("plover_type") or not line.strip():
            continue
        t, mode = line.split("\t")[:2]
        out.setdefault(t, set())
        if mode != "-":
            out[t].add(mode)
    return out


def _gold_lines() -> list[dict]:
    rows = []
    for split in news.SPLITS:
        for line in (news.GOLD_DIR / f"{split}.jsonl").read_text().splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def test_gold_is_valid_and_split_by_topic():
    rows = _gold_lines()
    assert len(rows) >= 120
    ids = [r["doc_id"] for r in rows]
    assert len(ids) == len(set(ids)), "an article is labelled twice"
    modes = _modes()
    for r in rows:
        assert r["split"] == ("dev" if r["topic"] % 2 else "test"), r["doc_id"]
        assert r["political"] == bool(r["events"]) or r["political"], r["doc_id"]
        if not r["political"]:
            assert r["events"] == [], r["doc_id"]
        for e in r["events"]:
            where = f"{r['doc_id']} s{e['sentence']}"
            assert e["type"] in PLOVER_TYPES, where
            assert e["mode"] is None or e["mode"] in modes[e["type"]], f"{where}: mode {e['mode']}"
            assert e["modality"] in MODALITIES, where
            for side in ("source", "target"):
                a = e.get(side)
                if a is not None:
                    assert a["iso3"] is None or re.fullmatch(r"[A-Z]{3}", a["iso3"]), f"{where} {side}"
            if e.get("date"):
                assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", e["date"]), where


def test_gold_sentences_exist_in_ecbplus():
    path = require_shared(DATASETS / "ecbplus" / "ecbplus_docs.jsonl")
    docs = {}
    for line in path.read_text().splitlines():
        d = json.loads(line)
        docs[d["doc_id"]] = {s["n"]: s["text"] for s in d["sentences"]}
    for r in _gold_lines():
        sents = docs[r["doc_id"]]
        for e in r["events"]:
            for n in [e["sentence"], *(e.get("also") or [])]:
                assert n in sents, f"{r['doc_id']}: no sentence {n}"


def test_detokenise_undoes_ecb_tokens():
    got = news.detokenise("Greece rocked by clashes over teenager 's shooting , police said ( AP ) .")
    assert got == "Greece rocked by clashes over teenager's shooting, police said (AP)."
    assert news.detokenise("He said `` we do n't know '' .") == 'He said "we don\'t know".'


def test_detokenise_rejoins_times_dates_and_compounds():
    # ECB+ splits "12:50", "2013-09-26", "10/25/11", "a.m.", "16-year-old": the header dates must stay readable
    assert news.detokenise("May 2 , 2013 12 : 50 PM") == "May 2, 2013 12:50 PM"
    assert news.detokenise("2013 - 09 - 26") == "2013-09-26"
    assert news.detokenise("7 : 15 a . m . Dec . 7 , 2009").startswith("7:15 a.m.")
    assert news.detokenise("a 16 - year - old boy") == "a 16-year-old boy"


def _coded(e, *sentences):
    e.evidence = [Evidence(article_id="a", sentence="s", char_start=0, char_end=1)]
    return (e, set(sentences))


def _gold(etype, src, tgt, sentence=1, recip=False, **kw):
    side = lambda c: None if c is None else {"text": c, "iso3": c, "sector": None}  # noqa: E731
    return {"sentence": sentence, "type": etype, "source": side(src), "target": side(tgt),
            "reciprocal": recip, "modality": "asserted", "mode": None, "date": None, **kw}  # fmt: skip


def test_match_requires_type_and_both_countries():
    gold = [_gold("ASSAULT", "GRC", "GRC", 3), _gold("COERCE", "USA", "USA", 5)]
    coded = [
        _coded(ev("ASSAULT", "GRC", "GRC"), 3),  # match
        _coded(ev("ASSAULT", "GRC", "TUR"), 3),  # wrong target: false positive
        _coded(ev("INVESTIGATE", "USA", "USA"), 5),  # neighbour of COERCE: false positive, neighbour
    ]
    res = news.match_article(gold, coded)
    assert res["tp"] == 1 and res["fp"] == 2 and res["neighbour_fp"] == 1 and res["gold"] == 2
    assert [g["type"] for g in res["missed"]] == ["COERCE"]


def test_reciprocal_matches_either_direction_and_duplicates_are_not_errors():
    gold = [_gold("CONSULT", "PAK", "RUS", 2, recip=True)]
    coded = [_coded(ev("CONSULT", "RUS", "PAK", recip=True), 2), _coded(ev("CONSULT", "PAK", "RUS"), 0)]
    res = news.match_article(gold, coded)
    assert res["tp"] == 1 and res["fp"] == 0 and res["duplicates"] == 1


def test_borderline_gold_is_neither_required_nor_a_false_positive():
    gold = [_gold("DISAPPROVE", "USA", "USA", 4, note="borderline: opinion")]
    assert news.match_article(gold, [])["gold"] == 0
    res = news.match_article(gold, [_coded(ev("DISAPPROVE", "USA", "USA"), 4)])
    assert res["fp"] == 0 and res["tp"] == 0


def test_score_reports_splits_nonpolitical_rate_and_field_accuracy():
    docs = [
        news.GoldDoc("1_1ecb", "dev", True, [_gold("ASSAULT", "GRC", "GRC", 1)], "x", [(1, 0, 1)]),
        news.GoldDoc("2_1ecb", "test", False, [], "y", [(1, 0, 1)]),
    ]
    wrong_target = ev("ASSAULT", "GRC", "TUR")
    coded = [[_coded(wrong_target, 1)], [_coded(ev("FIGHT", "USA", "CAN"), 1), _coded(ev("FIGHT", "USA"), 1)]]
    report = news.score(docs, coded)
    m = report.metrics
    assert m["event_precision"] == 0.0 and m["dev_event_recall"] == 0.0
    assert m["test_events_per_nonpolitical_article"] == 2.0
    # anchored on the same sentence and type: source right, target wrong
    assert m["dev_source_iso3_accuracy"] == 1.0 and m["dev_target_iso3_accuracy"] == 0.0
    assert "events_per_nonpolitical_article" in report.lower_is_better


def test_second_annotator_agrees_with_the_gold():
    # 24 articles (12 dev, 12 test) coded again, blind, by a second annotator from the manual alone
    second = [
        json.loads(line)
        for line in (news.GOLD_DIR / "second_annotator.jsonl").read_text().splitlines()
        if line
    ]
    agree = news.agreement(_gold_lines(), second)
    assert agree["articles"] == 24
    assert agree["political_agreement"] == 1.0  # measured 1.0
    assert agree["event_f1"] >= 0.85  # measured 0.871


def test_agreement_counts_type_and_countries():
    a = [
        {
            "doc_id": "d",
            "political": True,
            "events": [_gold("ASSAULT", "USA", "USA"), _gold("COERCE", "USA", "USA")],
        }
    ]
    b = [
        {
            "doc_id": "d",
            "political": True,
            "events": [_gold("ASSAULT", "USA", "USA"), _gold("COERCE", "USA", "MEX")],
        }
    ]
    assert news.agreement(a, b)["event_f1"] == 0.5


def test_news_eval_stays_above_its_floors():
    # the main evaluation runs in CI: the coder as shipped (model included) on all 126 gold articles
    from eventwire.eval import run_eval

    require_shared(DATASETS / "ecbplus" / "ecbplus_docs.jsonl")
    report, failures = run_eval("news", DATASETS)
    assert report.n == 126
    assert not failures, failures

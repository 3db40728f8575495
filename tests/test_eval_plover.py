"""PLOVER GSR scorer maths on hand-made events, and the evaluation end to end on a project-written fixture."""

from __future__ import annotations

import pytest

from _eval_helpers import FIXTURES, ev
from eventwire.eval import plover


def rec(etype, src, tgt, mode=""):
    return {
        "event": etype,
        "mode": mode,
        "source": [{"code": c} for c in src],
        "target": [{"code": c} for c in tgt] if tgt is not None else "",
    }


def test_scores_on_hand_made_events():
    gold = [
        rec("DISAPPROVE", ["PAK"], ["AFG"]),
        rec("AGREE", ["PAK", "RUS"], None),
        rec("PROTEST", ["KEN"], ["KEN"], mode="demo-spon"),
        rec("FIGHT", ["JAP"], ["USA"]),
    ]
    coded = [
        [ev("DISAPPROVE", "PAK", "AFG"), ev("REJECT", "AFG", "PAK")],  # right + one extra event
        [ev("AGREE", "RUS", "PAK", recip=True)],  # reciprocal: both actors count as sources
        [ev("PROTEST", "KENCVL", None, mode="demo")],  # GSR demo-spon is our demo; target missing
        [],  # no event
    ]
    r = plover.score(gold, coded)
    m = r.metrics
    assert m["type_accuracy"] == pytest.approx(3 / 4)
    assert m["precision"] == pytest.approx(3 / 4)  # 3 of 4 coded events have the gold type
    assert r.details["extra_events_per_sentence"] == pytest.approx(1 / 4)
    assert m["mode_accuracy"] == pytest.approx(1.0)
    assert m["source_iso3_accuracy"] == pytest.approx(3 / 4)  # JAP (alias of JPN) has no event
    assert m["target_iso3_accuracy"] == pytest.approx(1 / 3)  # AFG right, KEN missing, USA no event
    # per-type F1: DISAPPROVE, AGREE, PROTEST perfect; FIGHT recall 0; the other 14 types have no support
    assert r.details["per_type"]["DISAPPROVE"]["f1"] == 1.0
    assert r.details["per_type"]["FIGHT"]["f1"] == 0.0
    assert m["macro_f1"] == pytest.approx(3 / 18)
    assert r.details["counts"]["no_event"] == 1


def test_first_coded_type_is_the_prediction_when_the_gold_type_is_missing():
    gold = [rec("SANCTION", ["USA"], ["IRN"]), rec("THREATEN", ["USA"], ["IRN"])]
    coded = [[ev("THREATEN", "USA", "IRN")], [ev("THREATEN", "USA", "IRN")]]
    r = plover.score(gold, coded)
    assert r.details["per_type"]["THREATEN"]["precision"] == 0.5
    assert r.details["per_type"]["THREATEN"]["recall"] == 1.0
    assert r.details["per_type"]["SANCTION"]["recall"] == 0.0


def test_gold_code_aliases_and_non_state_actors():
    assert plover.gold_codes([{"code": "JAP"}, {"code": "igo"}]) == {"JPN", "IGO"}
    assert plover.gold_codes("diplomatic") == set()
    assert plover.actor_codes(ev("X", "IGOUNO").source) == {"IGO", "NGO"}
    assert plover.actor_codes(ev("X", "PAKGOV").source) == {"PAK"}


def test_evaluate_on_the_fixture():
    r = plover.evaluate(FIXTURES)
    assert r.n == 4
    assert r.metrics["type_accuracy"] == pytest.approx(3 / 4)  # the weather sentence has no FIGHT
    assert r.metrics["source_iso3_accuracy"] == pytest.approx(3 / 4)
    assert r.details["counts"]["no_event"] == 1

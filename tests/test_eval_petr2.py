"""PETR2 scorer maths on hand-made events, and the evaluation end to end on a project-written fixture."""

from __future__ import annotations

import pytest

from _eval_helpers import FIXTURES, ev
from eventwire.eval import petr2


def test_scores_on_hand_made_events():
    gold = [
        {"codings": [{"eventcode": "112", "sourcecode": "PAK", "targetcode": "AFG"}]},
        {
            "codings": [
                {"eventcode": "040", "sourcecode": "PAK", "targetcode": "RUS"},
                {"eventcode": "040", "sourcecode": "RUS", "targetcode": "PAK"},
            ]
        },
        {"noevents": True, "codings": []},
        {"noevents": True, "codings": []},
        {"codings": [{"eventcode": "190", "sourcecode": "---REB", "targetcode": "---"}]},
    ]
    coded = [
        [ev("DISAPPROVE", "PAK", "IND", code="111")],  # root 11 matches; target wrong
        [ev("CONSULT", "PAK", "RUS", recip=True, code="040")],  # one reciprocal event matches both codings
        [ev("THREATEN", "IRN", "ISR", code="138")],  # a false event
        [],
        [ev("FIGHT", None, None, code="193")],  # no actors agree with ---
    ]
    r = petr2.score(gold, coded)
    m = r.metrics
    assert m["cameo_root_agreement"] == pytest.approx(4 / 4)
    assert m["source_country_agreement"] == pytest.approx(4 / 4)
    assert m["target_country_agreement"] == pytest.approx(3 / 4)
    assert r.details["false_event_rate"] == pytest.approx(1 / 2)
    assert m["negative_accuracy"] == pytest.approx(1 / 2)


def test_record_dates():
    assert petr2.record_date("20080806") == "2008-08-06"
    assert petr2.record_date("121108") is None
    assert petr2.actor_prefix(None) == "---"
    assert petr2.actor_prefix(ev("X", "IGOUNO").source) == "IGO"


def test_evaluate_on_the_fixture():
    r = petr2.evaluate(FIXTURES)
    assert r.n == 4
    assert r.details["counts"]["codings"] == 4
    assert r.details["false_event_rate"] == 0.0 and r.metrics["negative_accuracy"] == 1.0
    assert r.metrics["cameo_root_agreement"] >= 0.75

"""ConfliBERT scorer maths (penta-class, BIO spans, token alignment) and the evaluation on a fixture."""

from __future__ import annotations

import pytest

from _eval_helpers import FIXTURES, ev
from eventwire.eval import conflibert
from eventwire.records import Actor


def test_gold_spans_from_bio_tags():
    tagged = [
        ("US", "B-R"),
        ("and", "O"),
        ("Russia", "B-R"),
        ("met", "O"),
        ("in", "O"),
        ("the", "B-T"),
        ("UN", "I-T"),
        ("hall", "O"),
        ("Iraqi", "B-S"),
        ("troops", "I-S"),
    ]
    spans = conflibert.gold_spans(tagged)
    assert spans["S"] == {(0, 1), (2, 3), (8, 10)}
    assert spans["T"] == {(0, 1), (2, 3), (5, 7)}


def test_alignment_ignores_spacing_and_token_splits():
    sentence = "Iran's foreign minister said so."
    tokens = ["Iran", "'s", "foreign", "minister", "said", "so", "."]
    mapping = conflibert.char_to_token(sentence, tokens)
    actor = Actor(text="Iran's foreign minister", name="x", country="IRN", sector="GOV", kind="official")
    assert conflibert.actor_span(actor, sentence, mapping) == (0, 4)
    missing = Actor(text="Iraq", name="x", country="IRQ", sector=None, kind="country")
    assert conflibert.actor_span(missing, sentence, mapping) is None


def test_scores_on_hand_made_events():
    sentences = [("A accused B .", 3), ("A said so .", 0), ("A shelled B .", 4)]
    ner = [
        [("A", "B-S"), ("accused", "O"), ("B", "B-T"), (".", "O")],
        [("A", "B-S"), ("said", "O"), ("so", "O"), (".", "O")],
        [("A", "B-S"), ("shelled", "O"), ("B", "B-T"), (".", "O")],
    ]
    a = ev("DISAPPROVE", "AAA", "BBB", code="112")
    a.source.text, a.target.text = "A", "B"
    f = ev("FIGHT", "AAA", None, code="194")
    f.source.text = "A"
    coded = [[a], [], [f]]
    r = conflibert.score(sentences, ner, coded)
    m = r.metrics
    assert m["penta_accuracy"] == pytest.approx(1.0)  # no event -> class 0 statement
    assert m["penta_macro_f1"] == pytest.approx(3 / 5)  # classes 1 and 2 have no support and score 0
    assert m["source_span_f1"] == pytest.approx(2 * (2 / 2) * (2 / 3) / (1 + 2 / 3))
    assert m["target_span_f1"] == pytest.approx(2 * 1 * 0.5 / 1.5)


def test_evaluate_on_the_fixture():
    r = conflibert.evaluate(FIXTURES)
    assert r.n == 3
    assert r.metrics["penta_accuracy"] >= 2 / 3
    assert 0.0 <= r.metrics["source_span_f1"] <= 1.0

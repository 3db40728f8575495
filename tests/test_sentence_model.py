"""The trained sentence model as shipped (events/model): loads without PyTorch, is deterministic, and is wired into
the coder (gate, veto, EVENTWIRE_CODER=rules baseline)."""

from __future__ import annotations

import pytest

from eventwire.errors import EventwireError
from eventwire.events import build_article, code_articles, sentence_model
from eventwire.events.sentence_model import MODEL_DIR, SentencePrediction


def test_the_model_ships_inside_the_package_and_is_small():
    assert sentence_model.available()
    size = sum(p.stat().st_size for p in MODEL_DIR.iterdir())
    assert size <= 50 * 1024 * 1024
    assert (MODEL_DIR / "MODEL_CARD.md").exists()


def test_predictions_do_not_depend_on_the_neighbouring_sentences():
    model = sentence_model.load()
    s = "Police in Nairobi arrested three opposition activists on Tuesday."
    alone = model.predict([s])[0]
    batched = model.predict(
        ["The Colts beat the Chiefs 20-13 on Sunday.", s, "Shares rose 3% in early trade."]
    )[1]
    assert alone.types == batched.types and alone.modality == batched.modality


def test_the_model_reads_events_and_non_events():
    model = sentence_model.load()
    arrest, sport, market = model.predict(
        [
            "Police in Nairobi arrested three opposition activists on Tuesday.",
            "Ottawa held on to beat Detroit 3-2 in overtime on Saturday.",
            "Norway's oil production beat forecasts in March, the statistics office said.",
        ]
    )
    assert arrest.types["COERCE"] > 0.5
    assert sport.event < sentence_model.SENTENCE_THRESHOLD
    assert market.event < sentence_model.SENTENCE_THRESHOLD


def test_the_coder_drops_a_metaphor_the_rules_alone_code(monkeypatch):
    # (the judged web pages had "Ottawa held on to beat Detroit": ASSAULT CAN -> USA; coded one-sided since, an
    # assault needs a recipient, so the baseline case is a match between two countries)
    text = "Canada beat the United States 3-2 in overtime on Saturday."
    monkeypatch.setenv("EVENTWIRE_CODER", "rules")
    rules = code_articles([build_article(text, "2025-11-29")])[0]
    monkeypatch.setenv("EVENTWIRE_CODER", "model")
    model = code_articles([build_article(text, "2025-11-29")])[0]
    assert rules, "the rule coder's known false positive (ASSAULT CAN -> USA) is the baseline this guards"
    assert model == []


def test_an_unknown_coder_choice_is_a_coded_error(monkeypatch):
    monkeypatch.setenv("EVENTWIRE_CODER", "neural")
    with pytest.raises(EventwireError) as exc:
        sentence_model.active()
    assert exc.value.code == "EW101"
    monkeypatch.setenv("EVENTWIRE_CODER", "rules")
    assert sentence_model.active() is None


def test_support_counts_plover_neighbours():
    pred = SentencePrediction(types={"COERCE": 0.8, "ASSAULT": 0.0, "AGREE": 0.0}, event=0.8, modality="asserted",
                              modality_p=0.9)  # fmt: skip
    assert sentence_model.supports(pred, "COERCE")
    assert sentence_model.supports(pred, "INVESTIGATE")  # a neighbour of COERCE
    assert not sentence_model.supports(pred, "AGREE")

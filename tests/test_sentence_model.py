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


# A sentence's reading in a batch equals its reading alone up to float rounding: the int8 model quantises its
# activations per sentence over its real tokens (training/batchable.py), so neither the neighbours nor the padding
# to the batch's longest sentence enter the quantisation; only the float kernels' summation order over a padded row
# can differ (measured: at most 8e-6 over 1,500 ECB+ sentences).
TOLERANCE = 1e-4

SENTENCES = [
    "Police in Nairobi arrested three opposition activists on Tuesday.",
    "The Colts beat the Chiefs 20-13 on Sunday.",
    "Shares rose 3% in early trade.",
    "Ghana and Togo agreed on Tuesday to set up a joint commission to patrol their shared border against arms "
    "smuggling, officials in Accra said, adding that the first patrols would begin before the rainy season.",
    "Yes.",
    "",
    "Russia's foreign minister said Moscow would not attend the talks in Geneva unless Ukraine withdrew its demand "
    "for a ceasefire monitored by the United Nations, a condition Kyiv called unacceptable on Friday evening.",
    "Troops fired on protesters in the capital, killing at least four people, witnesses told reporters.",
]


def _close(a: SentencePrediction, b: SentencePrediction) -> bool:
    return a.modality == b.modality and all(abs(a.types[t] - b.types[t]) <= TOLERANCE for t in a.types)


def test_predictions_do_not_depend_on_the_neighbouring_sentences():
    model = sentence_model.load()
    s = SENTENCES[0]
    alone = model.predict([s])[0]
    batched = model.predict(SENTENCES[1:4] + [s] + SENTENCES[4:])[3]
    assert _close(alone, batched)


def test_batched_readings_equal_one_sentence_a_run_for_any_budget():
    model = sentence_model.load()
    # the last one is longer than the model's 96 tokens: truncated
    texts = SENTENCES * 3 + [s.upper() for s in SENTENCES] + [" ".join(SENTENCES)]
    alone = model.predict(texts, token_budget=1)  # every sentence in a run of its own, unpadded
    for budget in (64, sentence_model.TOKEN_BUDGET, 100_000):
        batched = model.predict(texts, token_budget=budget)
        assert len(batched) == len(texts)
        assert all(_close(a, b) for a, b in zip(alone, batched, strict=True)), budget


def test_a_sentence_reads_the_same_padded_beside_a_long_one():
    model = sentence_model.load()
    short = "Troops fired on protesters."
    alone = model.predict([short])[0]
    padded = model.predict([short, SENTENCES[6]], token_budget=100_000)[0]  # one run, padded to the long one
    assert _close(alone, padded)


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


def _reading(event: float) -> SentencePrediction:
    return SentencePrediction(types={"AGREE": event}, event=event, modality="asserted", modality_p=0.9)


def test_a_quiet_document_asks_more_of_each_sentence():
    # three of six sentences read as events at 0.6 at most: the page reads as non-political
    quiet = [_reading(p) for p in (0.6, 0.5, 0.4, 0.01, 0.0, 0.0)]
    assert sentence_model.document_score(quiet) == pytest.approx(0.5)
    assert sentence_model.sentence_threshold(quiet) == sentence_model.QUIET_SENTENCE_THRESHOLD
    # one clear report among them is enough to read the page as political ...
    political = [_reading(p) for p in (0.99, 0.98, 0.95, 0.01, 0.0, 0.0)]
    assert sentence_model.sentence_threshold(political) == sentence_model.SENTENCE_THRESHOLD
    # ... and a short text (a headline, one report) is judged sentence by sentence
    assert sentence_model.sentence_threshold(quiet[: sentence_model.DOCUMENT_MIN_SENTENCES - 1]) == (
        sentence_model.SENTENCE_THRESHOLD
    )
    assert sentence_model.document_score([]) == 0.0


MARKETS_PAGE = """Oil prices slipped on Tuesday as worries about a supply glut outweighed hopes for stronger demand.
Brent crude futures fell 1.2 percent to $61.40 a barrel by midday in London.
Traders said Saudi Arabia was unlikely to agree to deeper output cuts at next month's meeting of exporters.
The dollar was supported by upbeat U.S. retail figures, while the euro edged lower against the yen.
Gold rose slightly as investors looked for safer assets.
Stocks in Asia drifted near record highs, led by technology shares in Tokyo and Seoul."""


def test_a_markets_page_codes_no_event_from_a_traders_remark():
    # coder 0.5.14 coded AGREE SAU -> "exporters" (hypothetical) from the traders' sentence: the page as a whole
    # reads as markets news, and that sentence alone is not read with confidence
    assert code_articles([build_article(MARKETS_PAGE, "2019-11-19")])[0] == []


def test_a_political_page_keeps_its_events():
    text = """Police in Nairobi arrested three opposition activists on Tuesday, their lawyer said.
The activists had called for protests against a new tax on fuel.
Officers fired tear gas at supporters who gathered outside the police station in the afternoon.
The interior minister accused the opposition of planning violence.
Opposition leaders denied the charge and demanded the activists' release.
The arrests drew criticism from rights groups."""
    events = code_articles([build_article(text, "2025-11-25")])[0]
    types = {e.event_type for e in events}
    assert {"COERCE", "DISAPPROVE"} <= types, types

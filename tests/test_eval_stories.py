"""ECB+ story evaluation (issue 5): the metrics on hand-checked examples, and evaluate() on a tiny corpus."""

from __future__ import annotations

import json

import pytest

from eventwire.eval.common import load_floors
from eventwire.eval.stories import adjusted_rand_index, bcubed, evaluate


def test_bcubed_on_a_hand_computed_example():
    gold = ["a", "a", "a", "b", "b"]
    pred = [1, 1, 2, 2, 2]
    # precision per item: 1, 1, 1/3, 2/3, 2/3 -> 11/15; recall: 2/3, 2/3, 1/3, 1, 1 -> 11/15
    p, r, f = bcubed(pred, gold)
    assert (p, r) == (pytest.approx(11 / 15), pytest.approx(11 / 15)) and f == pytest.approx(11 / 15)
    assert bcubed(gold, gold) == (1.0, 1.0, 1.0)
    assert bcubed([0] * 5, gold)[1] == 1.0


def test_ari_matches_known_values():
    assert adjusted_rand_index([0, 0, 1, 1], [5, 5, 7, 7]) == 1.0
    # sklearn.metrics.adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) == -0.5
    assert adjusted_rand_index([0, 0, 1, 1], [0, 1, 0, 1]) == pytest.approx(-0.5)
    # sklearn.metrics.adjusted_rand_score([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == 0.24242424...
    assert adjusted_rand_index([0, 0, 0, 1, 1, 1], [0, 0, 1, 1, 2, 2]) == pytest.approx(0.2424242, abs=1e-6)


def _doc(doc_id, topic, sub, text):
    return {"doc_id": doc_id, "topic": topic, "subtopic": f"{topic}_{sub}", "text": text, "url": None}


def test_evaluate_on_a_tiny_corpus(tmp_path):
    quake = (
        "A magnitude 6.1 earthquake struck Papua province of Indonesia on Sunday, killing five people in the "
        "town of Manokwari, officials said."
    )
    quake2 = (
        "A powerful earthquake flattened buildings in Aceh province of Indonesia on Tuesday, killing 30 people "
        "in Bener Meriah and Central Aceh districts."
    )
    heist = (
        "Four armed robbers dressed as women stole diamonds worth 80 million euros from the Harry Winston store "
        "on Avenue Montaigne in Paris."
    )
    docs = [
        _doc("1_1ecb", 1, "ecb", quake),
        _doc("1_2ecb", 1, "ecb", quake.replace("officials said", "police said")),
        _doc("1_1ecbplus", 1, "ecbplus", quake2),
        _doc("2_1ecb", 2, "ecb", heist),
    ]
    root = tmp_path / "ecbplus"
    root.mkdir()
    (root / "ecbplus_docs.jsonl").write_text("\n".join(json.dumps(d) for d in docs) + "\n", encoding="utf-8")
    report = evaluate(tmp_path)
    assert report.n == 4 and report.name == "stories"
    assert report.metrics["bcubed_f1"] == pytest.approx(1.0)
    assert report.details["n_clusters"] == 3 and report.details["n_subtopics"] == 3
    assert {"bcubed_p", "bcubed_r", "ari", "dev_bcubed_f1", "test_bcubed_f1"} <= set(report.metrics)
    assert report.details["topic_level"]["bcubed_r"] < 1.0  # the two quakes share a topic, not a story


def test_floors_are_recorded_for_the_gated_metrics():
    floors = load_floors("stories")
    assert floors["bcubed_f1"] >= 0.85 and floors["ari"] >= 0.8

"""No training sentence may come from an evaluation set (normalised 8-gram containment, eval/overlap.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import DATASETS, REPO, require_shared
from eventwire.eval import overlap

TRAINING = REPO / "training" / "data"
DEV_SET = Path(__file__).parent / "fixtures" / "events" / "dev_sentences.jsonl"


def _training_texts() -> list[str]:
    texts = []
    for path in sorted(TRAINING.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                texts.append(json.loads(line)["text"])
    return texts


def test_ngrams_are_normalised():
    a = list(overlap.ngrams("The Taliban spokesman ' s statement , issued on Tuesday in Kabul , said"))
    b = list(overlap.ngrams("the taliban spokesman's statement issued on tuesday in kabul said"))
    assert a and set(a) & set(b)


def test_overlap_finds_a_copied_sentence_and_spares_a_new_one():
    idx = overlap.index(
        {"gold": ["Pakistan accused Afghanistan on Monday of sheltering militants who attacked"]}
    )
    copied = (
        "Officials said Pakistan accused Afghanistan on Monday of sheltering militants who attacked a post."
    )
    fresh = "Pakistan on Monday accused Kabul of giving shelter to fighters behind the raid."
    found = overlap.overlaps([copied, fresh], idx)
    assert [f[0] for f in found] == [copied] and found[0][1] == "gold"


def test_no_training_sentence_overlaps_an_evaluation_set():
    texts = _training_texts()
    if not texts:
        pytest.skip("no training data under training/data")
    sets = overlap.eval_sentences(require_shared(DATASETS), DEV_SET)
    assert {"plover-gsr", "petr2-gsr", "conflibert-test", "news-test", "project-dev"} <= set(sets)
    found = overlap.overlaps(texts, overlap.index(sets))
    assert not found, f"{len(found)} training sentences overlap evaluation sets, e.g. {found[:5]}"

"""The throughput benchmark: report rendering (fast) and a real n=3 run (slow: three fresh interpreters)."""

from __future__ import annotations

import pytest

from conftest import DATASETS, require_shared
from eventwire.bench import render_bench, run_bench


def test_render_bench_table():
    report = {
        "articles": 3,
        "characters": 4000,
        "workers": 1,
        "cpus": 2,
        "stages": {
            "spacy": {
                "articles_per_s": 2.0,
                "seconds": 1.5,
                "load_s": 1.0,
                "peak_rss_mb": 300.0,
                "sentences": 40,
                "tokens": 900,
            },
            "coding": {
                "articles_per_s": 3.0,
                "seconds": 1.0,
                "load_s": 2.0,
                "peak_rss_mb": 280.0,
                "events": 4,
                "parsed_sentences": 12,
                "sentences": 40,
            },
            "ingest": {"error": "exit 1: boom"},
        },
        "ratios": {"coding_vs_spacy": 1.5},
    }
    text = render_bench(report)
    assert "coding_vs_spacy: 1.50x" in text
    assert "parsed 12 of 40 sentences" in text
    assert "FAILED: exit 1: boom" in text


@pytest.mark.slow
def test_run_bench_on_three_documents():
    require_shared(DATASETS / "ecbplus")
    report = run_bench(3)
    assert report["articles"] == 3
    for stage in ("spacy", "coding"):
        res = report["stages"][stage]
        assert "error" not in res, res
        assert res["articles_per_s"] > 0 and res["peak_rss_mb"] > 50
    assert report["ratios"]["coding_vs_spacy"] > 0


def test_cycle_texts_makes_new_documents_beyond_the_corpus():
    from eventwire.bench import cycle_texts

    texts = ["Troops crossed the border.", "Talks resumed in Doha."]
    assert cycle_texts(texts, 1) == texts[:1]
    out = cycle_texts(texts, 5)
    assert len(out) == 5 and out[:2] == texts
    assert out[2] == "Edition 2.\n\nTroops crossed the border." and out[4].startswith("Edition 3.")
    assert len(set(out)) == 5  # every copy hashes to a new document

"""The extraction evaluation reproduces the upstream benchmark maths."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from eventwire.eval.extraction import (
    evaluate,
    metrics_from,
    precision_score,
    recall_score,
    shingle_matching,
    tokenize,
)

PAGE = (Path(__file__).parent / "fixtures" / "clean" / "page.html").read_text(encoding="utf-8")
GOLD = "\n".join(
    [
        "MONTEVIDEO: Uruguay and Paraguay signed an agreement on Monday to dredge a stretch of the Paraguay river "
        "and share the cost of keeping it navigable for barges throughout the dry season.",
        "The accord was signed by the two countries' transport ministers in Montevideo after more than a year of "
        "negotiations over how to divide the expense of the works.",
        "Paraguay, which has no coastline, ships most of its soybean exports by barge down the river to ports in "
        "Uruguay and Argentina, and low water levels in recent years have forced exporters to cut loads.",
        "Officials said the dredging would begin in the coming months and that a joint commission would oversee "
        "the contractors and publish reports on the progress of the works.",
    ]
)


def test_shingles_and_scores():
    assert tokenize("Don't stop-now, 2024!") == ["Don", "t", "stop", "now", "2024"]
    assert shingle_matching("a b c d e", "a b c d") == (0.5, 0.0, 0.5)
    assert shingle_matching("a b", "a b") == (1.0, 0.0, 0.0)
    assert shingle_matching("", "") == (0.0, 0.0, 0.0)
    assert precision_score(0.0, 0.0, 0.0) == 1.0 and recall_score(0.0, 0.0, 0.0) == 1.0
    assert precision_score(0.0, 1.0, 0.0) == 0.0
    assert recall_score(0.0, 0.0, 1.0) == 0.0


def test_metrics_average_pages_then_take_f1():
    got = metrics_from([(0.5, 0.0, 0.5), (1.0, 0.0, 0.0), (0.0, 0.0, 0.0)])
    assert got["precision"] == 1.0
    assert got["recall"] == 0.75
    assert got["f1"] == pytest.approx(2 * 0.75 / 1.75)


def test_evaluate_on_a_two_page_benchmark(tmp_path):
    root = tmp_path / "article-extraction-benchmark"
    (root / "html").mkdir(parents=True)
    truth = {
        "aaa": {"articleBody": GOLD, "url": "https://www.southernpost.example/a"},
        "bbb": {"articleBody": "Entirely unrelated words that the page never contains anywhere", "url": ""},
    }
    (root / "ground-truth.json").write_text(json.dumps(truth), encoding="utf-8")
    for key in truth:
        with gzip.open(root / "html" / f"{key}.html.gz", "wt", encoding="utf-8") as fh:
            fh.write(PAGE)
    report = evaluate(tmp_path)
    assert report.name == "extraction" and report.n == 2
    assert report.metrics == {
        "precision": 0.5,
        "recall": 0.5,
        "f1": 0.5,
        "accuracy": 0.5,
        "text_rules_f1": 0.5,
    }
    # The plain-text rules cut the flattened page down to exactly the article on page "aaa".
    assert report.details["text_rules"]["precision"] == 0.5
    assert report.details["page_dump_baseline"]["precision"] < 0.5
    assert report.details["worst_pages"][0]["id"] == "bbb"
    assert report.details["languages"] == {"en": 2}
    assert report.details["articles_per_second"] > 0 and report.details["peak_rss_mb"] > 0
    assert evaluate(tmp_path, limit=1).n == 1

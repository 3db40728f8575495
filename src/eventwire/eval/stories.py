"""Story clustering against ECB+: B-cubed precision/recall/F1 and ARI at the subtopic level.

ECB+ (Cybulska & Vossen 2014; ``../shared/datasets/ecbplus``) has 982 news documents in 43 topics;
each topic pairs two different incidents of the same kind (``<topic>_ecb`` and ``<topic>_ecbplus``),
so the 86 subtopics are gold "same happening" clusters and the sibling subtopic is the hard negative.
The documents have no publication dates and no coded events: they go through the very same
``stories.cluster_articles`` as ingest, on text alone.

Thresholds were tuned on the odd topic ids (dev); the report gives dev, test (even topic ids) and all
topics, at the subtopic level and, for comparison, the topic level. The gated metrics are the
all-topics subtopic scores.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Hashable, Sequence
from pathlib import Path

from ..records import Article, stable_id
from .common import EvalReport, require


def bcubed(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering (labels aligned item by item)."""
    if len(pred) != len(gold):
        raise ValueError("pred and gold must label the same items")
    if not pred:
        return 0.0, 0.0, 0.0
    pc: dict[Hashable, set[int]] = defaultdict(set)
    gc: dict[Hashable, set[int]] = defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold, strict=True)):
        pc[p].add(i)
        gc[g].add(i)
    prec = rec = 0.0
    for p, g in zip(pred, gold, strict=True):
        inter = len(pc[p] & gc[g])
        prec += inter / len(pc[p])
        rec += inter / len(gc[g])
    prec /= len(pred)
    rec /= len(pred)
    f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return prec, rec, f1


def adjusted_rand_index(pred: Sequence[Hashable], gold: Sequence[Hashable]) -> float:
    """Adjusted Rand index (Hubert & Arabie 1985) of two labelings of the same items."""
    if len(pred) != len(gold):
        raise ValueError("pred and gold must label the same items")
    n = len(pred)
    if n < 2:
        return 1.0

    def pairs(k: int) -> float:
        return k * (k - 1) / 2

    index = sum(pairs(v) for v in Counter(zip(pred, gold, strict=True)).values())
    sum_p = sum(pairs(v) for v in Counter(pred).values())
    sum_g = sum(pairs(v) for v in Counter(gold).values())
    expected = sum_p * sum_g / pairs(n)
    maximum = (sum_p + sum_g) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


def load_documents(path: Path, limit: int | None = None) -> list[dict]:
    """ECB+ documents (doc_id, topic, subtopic, text), in file order; ``limit`` keeps the first N topics."""
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    if limit:
        topics = sorted({d["topic"] for d in docs})[:limit]
        docs = [d for d in docs if d["topic"] in topics]
    return docs


def as_article(doc: dict) -> Article:
    """An ECB+ document as an Article: no title, outlet or date (the corpus has none)."""
    return Article(
        article_id=stable_id("ecbplus", doc["doc_id"]),
        doc_id=doc["doc_id"],
        path=doc["doc_id"],
        part=0,
        title=None,
        outlet=None,
        url=doc.get("url"),
        published=None,
        published_precision=None,
        published_source="none",
        language="en",
        text=doc["text"],
    )


def evaluate(datasets: Path, *, limit: int | None = None) -> EvalReport:
    """Cluster the ECB+ documents into stories and score them against the 86 subtopics.

    ``limit`` keeps the first N topics (a smoke test; floors are only checked on full runs).
    """
    from ..stories.cluster import cluster_articles

    docs = load_documents(require(datasets / "ecbplus" / "ecbplus_docs.jsonl"), limit)
    arts = [as_article(d) for d in docs]
    clusters = cluster_articles(arts)
    label = {aid: i for i, members in enumerate(clusters) for aid in members}
    pred = [label[a.article_id] for a in arts]
    metrics: dict[str, float] = {}
    details: dict[str, object] = {
        "n_clusters": len(clusters),
        "n_subtopics": len({d["subtopic"] for d in docs}),
        "n_topics": len({d["topic"] for d in docs}),
        "split": "dev = odd topic ids (thresholds tuned there), test = even topic ids",
    }
    for split, keep in (
        ("", lambda t: True),
        ("dev_", lambda t: t % 2 == 1),
        ("test_", lambda t: t % 2 == 0),
    ):
        idx = [i for i, d in enumerate(docs) if keep(d["topic"])]
        if not idx:
            continue
        p = [pred[i] for i in idx]
        sub = [docs[i]["subtopic"] for i in idx]
        top = [docs[i]["topic"] for i in idx]
        bp, br, bf = bcubed(p, sub)
        metrics[f"{split}bcubed_p"] = bp
        metrics[f"{split}bcubed_r"] = br
        metrics[f"{split}bcubed_f1"] = bf
        metrics[f"{split}ari"] = adjusted_rand_index(p, sub)
        tp, tr, tf = bcubed(p, top)
        details[f"{split}topic_level"] = {
            "bcubed_p": round(tp, 4),
            "bcubed_r": round(tr, 4),
            "bcubed_f1": round(tf, 4),
            "ari": round(adjusted_rand_index(p, top), 4),
        }
    return EvalReport(name="stories", metrics=metrics, details=details, n=len(docs))

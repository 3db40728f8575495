"""Measure coder designs side by side on the news gold *dev* split (never the test split) and pick thresholds.

Designs:
  rules  — the rule coder alone (the baseline; ``EVENTWIRE_CODER=rules``);
  e5-lr  — rules gated by one-vs-rest logistic regressions on frozen e5-small sentence embeddings (the model the
           project already ships for stories), trained on the same training rows as the fine-tuned model;
  minilm — rules gated by the fine-tuned all-MiniLM-L6-v2 sentence model (``events/model``), at several
           sentence / type thresholds.

    python training/compare_designs.py [--json training/compare.json]

Runs in the project's runtime venv (no PyTorch needed).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventwire.eval import news  # noqa: E402
from eventwire.events import sentence_model  # noqa: E402
from eventwire.events.sentence_model import MODALITIES, TYPES, SentencePrediction  # noqa: E402

sys.path.insert(0, str(REPO / "training"))
from data_io import SEED, read_training, targets  # noqa: E402

DEV_METRICS = ("dev_event_precision", "dev_event_recall", "dev_event_f1", "dev_events_per_nonpolitical_article",
               "dev_source_iso3_accuracy", "dev_target_iso3_accuracy", "dev_modality_accuracy")  # fmt: skip


class E5Head:
    """Logistic regressions (one per type, and softmax modality) on frozen e5 embeddings."""

    def __init__(self, rows: list[dict], epochs: int = 300, lr: float = 0.5, l2: float = 1e-3):
        from eventwire.stories.embed import embed_texts

        self.embed = embed_texts
        x = embed_texts([r["text"] for r in rows])
        y = np.stack([targets(r)[0] for r in rows])
        m = np.array([targets(r)[1] for r in rows])
        rng = np.random.default_rng(SEED)
        self.w = rng.normal(0, 0.01, (x.shape[1], len(TYPES)))
        self.b = np.zeros(len(TYPES))
        self.mw = rng.normal(0, 0.01, (x.shape[1], len(MODALITIES)))
        self.mb = np.zeros(len(MODALITIES))
        has = m >= 0
        onehot = np.eye(len(MODALITIES))[np.where(has, m, 0)]
        for _ in range(epochs):  # full-batch gradient descent: a few thousand rows, 384 features
            p = 1 / (1 + np.exp(-(x @ self.w + self.b)))
            g = p - y
            self.w -= lr * (x.T @ g / len(x) + l2 * self.w)
            self.b -= lr * g.mean(0)
            z = x[has] @ self.mw + self.mb
            z = np.exp(z - z.max(1, keepdims=True))
            z /= z.sum(1, keepdims=True)
            gm = z - onehot[has]
            self.mw -= lr * (x[has].T @ gm / max(1, has.sum()) + l2 * self.mw)
            self.mb -= lr * gm.mean(0)

    def predict(self, texts: list[str]) -> list[SentencePrediction]:
        if not texts:
            return []
        x = self.embed(texts)
        p = 1 / (1 + np.exp(-(x @ self.w + self.b)))
        z = x @ self.mw + self.mb
        z = np.exp(z - z.max(1, keepdims=True))
        z /= z.sum(1, keepdims=True)
        return [
            SentencePrediction(
                {t: float(v) for t, v in zip(TYPES, pi, strict=True)},
                float(pi.max()),
                MODALITIES[int(zi.argmax())],
                float(zi.max()),
            )  # fmt: skip
            for pi, zi in zip(p, z, strict=True)
        ]


def run(docs: list[news.GoldDoc], model, sentence: float, type_: float) -> dict[str, float]:
    sentence_model.SENTENCE_THRESHOLD = sentence
    sentence_model.TYPE_THRESHOLD = type_
    sentence_model.active = lambda: model  # type: ignore[assignment]
    t0 = time.perf_counter()
    report = news.score(docs, news.code_gold(docs))
    out = {k: round(report.metrics.get(k, 0.0), 4) for k in DEV_METRICS}
    out["seconds"] = round(time.perf_counter() - t0, 1)
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    ap.add_argument("--json", type=Path, default=REPO / "training" / "compare.json")
    args = ap.parse_args()
    os.environ.setdefault("EVENTWIRE_MODEL_THREADS", "2")
    docs = news.load_gold(args.datasets, splits=("dev",))
    results = []
    results.append({"design": "rules", **run(docs, None, 0.0, 0.0)})
    print(json.dumps(results[-1]), flush=True)
    rows = read_training(
        REPO / "training" / "data"
    )  # never the dev split: it is what the designs are scored on
    head = E5Head(rows)
    for s_thr, t_thr in ((0.3, 0.1), (0.5, 0.2)):
        results.append({"design": "e5-lr", "sentence": s_thr, "type": t_thr, **run(docs, head, s_thr, t_thr)})
        print(json.dumps(results[-1]), flush=True)
    minilm = sentence_model.SentenceModel()
    for s_thr, t_thr in ((0.2, 0.05), (0.3, 0.1), (0.4, 0.15), (0.5, 0.2), (0.6, 0.3)):
        results.append(
            {"design": "minilm", "sentence": s_thr, "type": t_thr, **run(docs, minilm, s_thr, t_thr)}
        )
        print(json.dumps(results[-1]), flush=True)
    args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

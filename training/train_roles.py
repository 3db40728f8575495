"""Train the role model (``src/eventwire/events/role_model.py``) from the sentences written for eventwire.

For every event of ``training/data`` whose trigger is found in the parse, every actor mention the resolver finds in
the sentence becomes one example, labelled ``source`` or ``target`` when it overlaps the event's written source or
target text, else ``none``. A multinomial logistic regression (L2, full-batch Adam, numpy only, seeded) is fitted
on 90% of the sentences; the other 10% (by a hash of the text) pick each role's threshold and give the scores in the
report. Never reads an evaluation set (the overlap test guards ``training/data``).

    python training/train_roles.py --out src/eventwire/events/model/roles.json --report training/roles_report.json
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventwire.actors import ArticleContext, resolve_actors  # noqa: E402
from eventwire.events.role_model import ROLES, features  # noqa: E402
from eventwire.nlp import get_nlp  # noqa: E402

SEED = 13
MIN_COUNT = 2  # a feature seen fewer times is dropped
L2 = 1e-4
STEPS = 400
LR = 0.05


def held_out(text: str) -> bool:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16) % 10 == 0


def _trigger_token(doc, trigger: str):
    words = [w.lower() for w in trigger.split()]
    if not words:
        return None
    toks = [t.lower_ for t in doc]
    for i in range(len(toks) - len(words) + 1):
        if toks[i : i + len(words)] == words:
            span = doc[i : i + len(words)]
            for pos in ("VERB", "NOUN"):
                cand = [t for t in span if t.pos_ == pos]
                if cand:
                    return cand[-1]
            return span[-1]
    return None


def _char_span(text: str, part: str | None, near: int) -> tuple[int, int] | None:
    if not part:
        return None
    starts = []
    k = text.find(part)
    while k >= 0:
        starts.append(k)
        k = text.find(part, k + 1)
    if not starts:
        return None
    s = min(starts, key=lambda x: abs(x - near))
    return s, s + len(part)


def examples(rows: list[dict]) -> tuple[list[list[str]], list[int], list[int], list[tuple[int, int]]]:
    """Feature lists, labels, held-out flags and (event id, mention) groups."""
    nlp = get_nlp()
    X: list[list[str]] = []
    y: list[int] = []
    ho: list[int] = []
    group: list[tuple[int, int]] = []
    texts = [r["text"] for r in rows]
    event_id = 0
    for row, doc in zip(rows, nlp.pipe(texts, batch_size=64), strict=True):
        mentions = resolve_actors(doc[:], ArticleContext())
        if not mentions:
            continue
        flag = int(held_out(row["text"]))
        for ev in row["events"]:
            trig = _trigger_token(doc, ev.get("trigger") or "")
            if trig is None:
                continue
            event_id += 1
            spans = {
                role: _char_span(row["text"], (ev.get(role) or {}).get("text"), trig.idx)
                for role in ("source", "target")
            }
            for k, m in enumerate(mentions):
                m_start, m_end = doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])
                label = 0
                for role, span in spans.items():
                    if span and m_start < span[1] and span[0] < m_end:
                        label = ROLES.index(role)
                        break
                X.append(features(trig, m, mentions, ev["type"]))
                y.append(label)
                ho.append(flag)
                group.append((event_id, k))
    return X, y, ho, group


def fit(X: list[list[str]], y: list[int], vocab: dict[str, int]) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    n_feat, n_cls = len(vocab), len(ROLES)
    W = rng.normal(0, 0.01, size=(n_feat, n_cls))
    rows = [np.array([vocab[f] for f in fs if f in vocab], dtype=np.int64) for fs in X]
    lengths = np.array([len(r) for r in rows])
    flat = np.concatenate(rows)
    owner = np.repeat(np.arange(len(rows)), lengths)
    Y = np.zeros((len(rows), n_cls))
    Y[np.arange(len(rows)), y] = 1.0
    m = np.zeros_like(W)
    v = np.zeros_like(W)
    for step in range(1, STEPS + 1):
        Z = np.zeros((len(rows), n_cls))
        np.add.at(Z, owner, W[flat])
        Z -= Z.max(axis=1, keepdims=True)
        P = np.exp(Z)
        P /= P.sum(axis=1, keepdims=True)
        G_rows = (P - Y) / len(rows)
        G = np.zeros_like(W)
        np.add.at(G, flat, G_rows[owner])
        G += L2 * W
        m = 0.9 * m + 0.1 * G
        v = 0.999 * v + 0.001 * G * G
        W -= LR * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
    return W


def predict(W: np.ndarray, vocab: dict[str, int], feats: list[str]) -> np.ndarray:
    z = sum((W[vocab[f]] for f in feats if f in vocab), np.zeros(len(ROLES)))
    z = z - z.max()
    p = np.exp(z)
    return p / p.sum()


def evaluate(W, vocab, X, y, group, thresholds: dict[str, float]) -> dict[str, float]:
    """Per event and role with a gold mention: is the mention picked (best for the role, above its threshold) the
    gold one? Plus how often a role is filled when the gold has no mention for it."""
    by_event: dict[int, list[tuple[int, np.ndarray, int]]] = {}
    for feats, label, (ev, k) in zip(X, y, group, strict=True):
        by_event.setdefault(ev, []).append((k, predict(W, vocab, feats), label))
    out: dict[str, float] = {}
    for r, role in ((1, "source"), (2, "target")):
        right = wrong = missed = spurious = has = none = 0
        for items in by_event.values():
            gold = {k for k, _, lab in items if lab == r}
            cands = [(p[r], k) for k, p, _ in items if p[r] >= thresholds[role] and p[r] >= p.max()]
            pick = max(cands)[1] if cands else None
            if gold:
                has += 1
                if pick is None:
                    missed += 1
                elif pick in gold:
                    right += 1
                else:
                    wrong += 1
            else:
                none += 1
                spurious += pick is not None
        out[f"{role}_accuracy"] = round(right / has, 4) if has else 0.0
        out[f"{role}_wrong"] = round(wrong / has, 4) if has else 0.0
        out[f"{role}_missed"] = round(missed / has, 4) if has else 0.0
        out[f"{role}_spurious"] = round(spurious / none, 4) if none else 0.0
        out[f"{role}_events"] = has
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, default=REPO / "training" / "data")
    ap.add_argument(
        "--out", type=Path, default=REPO / "src" / "eventwire" / "events" / "model" / "roles.json"
    )
    ap.add_argument("--report", type=Path, default=REPO / "training" / "roles_report.json")
    args = ap.parse_args()
    t0 = time.time()
    rows = []
    for path in sorted(args.data.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if r.get("events"):
                    rows.append(r)
    X, y, ho, group = examples(rows)
    parse_s = time.time() - t0
    train = [i for i, h in enumerate(ho) if not h]
    test = [i for i, h in enumerate(ho) if h]
    counts = Counter(f for i in train for f in X[i])
    vocab = {f: k for k, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))}
    W = fit([X[i] for i in train], [y[i] for i in train], vocab)
    Xt, yt, gt = [X[i] for i in test], [y[i] for i in test], [group[i] for i in test]
    # each role's threshold: the lowest that keeps wrong picks at most a third of right ones on held-out events
    thresholds = {"source": 0.5, "target": 0.5}
    for role in ("source", "target"):
        for t in (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8):
            sc = evaluate(W, vocab, Xt, yt, gt, {**thresholds, role: t})
            if sc[f"{role}_wrong"] <= sc[f"{role}_accuracy"] / 3:
                thresholds[role] = t
                break
    held = evaluate(W, vocab, Xt, yt, gt, thresholds)
    fit_s = time.time() - t0 - parse_s
    weights = {f: [round(float(x), 4) for x in W[k]] for f, k in vocab.items() if np.abs(W[k]).max() >= 1e-3}
    meta = {
        "trained_on": "training/data (sentences written for eventwire)",
        "sentences": len(rows),
        "examples": len(X),
        "train_examples": len(train),
        "held_out_examples": len(test),
        "features": len(weights),
        "labels": dict(Counter(ROLES[v] for v in y)),
        "seed": SEED,
        "held_out": held,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps({"meta": meta, "threshold": thresholds, "weights": weights}, sort_keys=True) + "\n",
        encoding="utf-8",
    )
    report = {
        **meta,
        "threshold": thresholds,
        "parse_seconds": round(parse_s, 1),
        "fit_seconds": round(fit_s, 1),
    }
    args.report.write_text(json.dumps(report, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=1, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

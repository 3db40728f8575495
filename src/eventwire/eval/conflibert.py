"""ConfliBERT CAMEO test sentences (conflibert-cameo): penta-class and actor-span scores.

Gold (GPL-3.0 data, evaluation only; read SOURCE.md there):

* ``cameo_class/test.tsv``: 451 news sentences with a CAMEO *penta-class*: 0 make a statement, 1 verbal
  cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
* ``cameo_ner/test.txt``: the same sentences, tokenised, with BIO tags for the source (S), target (T) and
  reciprocal (R) actors.

Our prediction for a sentence is the penta-class of its highest-confidence coded event, from the event's CAMEO
root: 01-02 -> 0 (statements and appeals: the annotation puts "called on", "urged", "requested" in class 0),
03-05 -> 1, 06-08 -> 2, 09-13 -> 3, 14-20 -> 4 (``eventwire.events.mapping.penta_class``); a sentence with no
coded event is 0 (CAMEO 01 statements are not PLOVER events, so the coder codes none).

Metrics: ``penta_macro_f1``, ``penta_accuracy``; ``source_span_f1`` and ``target_span_f1``: exact token-span match
of the highest-confidence event's source/target actor text against the gold S/T spans (an R span is gold for both
roles; a reciprocal event's two actors are predictions for both roles). Sentences are coded with no publication
date (the file has none).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from ..errors import EventwireError
from ..records import Actor, Event
from .common import EvalReport, prf, require

NAME = "conflibert"
CLASSES = (0, 1, 2, 3, 4)
_ALNUM = re.compile(r"[A-Za-z0-9]")

Span = tuple[int, int]  # token start, end (exclusive)


def load_class(datasets: Path) -> list[tuple[str, int]]:
    """(sentence, penta label) pairs of cameo_class/test.tsv."""
    path = require(datasets / "conflibert-cameo" / "cameo_class" / "test.tsv")
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text, label = line.rsplit("\t", 1)
        out.append((text, int(label)))
    return out


def load_ner(datasets: Path) -> list[list[tuple[str, str]]]:
    """Sentences of cameo_ner/test.txt as (token, tag) lists."""
    path = require(datasets / "conflibert-cameo" / "cameo_ner" / "test.txt")
    sents: list[list[tuple[str, str]]] = []
    cur: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if cur:
                sents.append(cur)
                cur = []
            continue
        tok, tag = line.rsplit(" ", 1)
        cur.append((tok, tag))
    if cur:
        sents.append(cur)
    return sents


def gold_spans(tagged: list[tuple[str, str]]) -> dict[str, set[Span]]:
    """Gold source and target spans from BIO tags; R spans are both."""
    spans: dict[str, set[Span]] = {"S": set(), "T": set()}
    start, role = None, None
    for i, (_, tag) in enumerate([*tagged, ("", "O")]):
        if start is not None and not (tag.startswith("I-") and tag[2:] == role):
            for r in ("S", "T") if role == "R" else (role,):
                spans[r].add((start, i))
            start, role = None, None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start, role = i, tag[2:]
    return spans


def char_to_token(sentence: str, tokens: list[str]) -> dict[int, int]:
    """Map each alphanumeric character offset of ``sentence`` to the index of the gold token holding it
    (the two tokenisations agree on alphanumeric characters, not on spacing or quotes)."""
    owners: list[int] = []
    for ti, tok in enumerate(tokens):
        owners.extend(ti for ch in tok if _ALNUM.match(ch))
    out: dict[int, int] = {}
    k = 0
    for ci, ch in enumerate(sentence):
        if _ALNUM.match(ch):
            if k < len(owners):
                out[ci] = owners[k]
            k += 1
    return out


def actor_span(actor: Actor | None, sentence: str, mapping: dict[int, int]) -> Span | None:
    """Token span of an actor's surface text in the sentence (first occurrence), or None."""
    if actor is None or not actor.text:
        return None
    at = sentence.find(actor.text)
    if at < 0:
        return None
    toks = [mapping[c] for c in range(at, at + len(actor.text)) if c in mapping]
    if not toks:
        return None
    return (min(toks), max(toks) + 1)


def top_event(events: list[Event]) -> Event | None:
    """The highest-confidence event (first one on ties)."""
    best = None
    for e in events:
        if best is None or e.confidence > best.confidence:
            best = e
    return best


def _predicted_spans(ev: Event | None, text: str, mapping: dict[int, int]) -> dict[str, set[Span]]:
    """Source (S) and target (T) token spans of an event's actors; a reciprocal event's actors are both."""
    preds: dict[str, set[Span]] = {"S": set(), "T": set()}
    if ev is not None:
        src = actor_span(ev.source, text, mapping)
        tgt = actor_span(ev.target, text, mapping)
        for role, span in (("S", src), ("T", tgt)):
            if span:
                preds[role].add(span)
        if ev.reciprocal:
            for span in (src, tgt):
                if span:
                    preds["S"].add(span)
                    preds["T"].add(span)
    return preds


def _per_class(labels: list[tuple[int, int]]) -> tuple[dict[str, dict[str, float]], list[float]]:
    """Per-class P/R/F1 rows over the five penta-classes, and their F1s to average."""
    per_class = {}
    f1s = []
    for c in CLASSES:
        tp = sum(1 for g, p in labels if g == c and p == c)
        fp = sum(1 for g, p in labels if g != c and p == c)
        fn = sum(1 for g, p in labels if g == c and p != c)
        p, r, f = prf(tp, fp, fn)
        per_class[str(c)] = {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f, 4),
            "support": tp + fn,
        }
        f1s.append(f)
    return per_class, f1s


def score(
    sentences: list[tuple[str, int]], ner: list[list[tuple[str, str]]], coded: list[list[Event]]
) -> EvalReport:
    """Score coded events against both gold files (same order); the maths behind ``evaluate``."""
    from ..events.mapping import penta_class

    labels: list[tuple[int, int]] = []
    span_counts: dict[str, Counter[str]] = {r: Counter() for r in ("S", "T")}
    for (text, gold), tagged, events in zip(sentences, ner, coded, strict=True):
        ev = top_event(events)
        pred = penta_class(ev.cameo_code) if ev else 0
        labels.append((gold, pred))
        gold_sp = gold_spans(tagged)
        preds = _predicted_spans(ev, text, char_to_token(text, [t for t, _ in tagged]))
        for role in ("S", "T"):
            span_counts[role]["tp"] += len(preds[role] & gold_sp[role])
            span_counts[role]["fp"] += len(preds[role] - gold_sp[role])
            span_counts[role]["fn"] += len(gold_sp[role] - preds[role])
    per_class, f1s = _per_class(labels)
    spans = {}
    for role in ("S", "T"):
        c = span_counts[role]
        spans[role] = prf(c["tp"], c["fp"], c["fn"])
    n = len(labels)
    metrics = {
        "penta_macro_f1": sum(f1s) / len(f1s),
        "penta_accuracy": sum(1 for g, p in labels if g == p) / n if n else 0.0,
        "source_span_f1": spans["S"][2],
        "target_span_f1": spans["T"][2],
    }
    confusion = Counter(labels)
    details: dict[str, Any] = {
        "per_class": per_class,
        "confusion_gold_pred": {f"{g}->{p}": k for (g, p), k in sorted(confusion.items())},
        "spans": {
            r: {"precision": round(spans[r][0], 4), "recall": round(spans[r][1], 4)} for r in ("S", "T")
        },
        "prediction": "penta-class of the highest-confidence event; no event -> 0",
    }
    return EvalReport(NAME, metrics, details, n=n)


def evaluate(datasets: Path, *, limit: int | None = None) -> EvalReport:
    """Code the 451 test sentences and score them (see module docstring)."""
    from ..events import build_article, code_articles

    sentences = load_class(datasets)
    ner = load_ner(datasets)
    if len(ner) != len(sentences):
        raise EventwireError(
            "EW501",
            f"cameo_ner/test.txt has {len(ner)} sentences but cameo_class/test.tsv {len(sentences)}; "
            "the two files must hold the same sentences in the same order (see SOURCE.md).",
        )
    if limit is not None:
        sentences, ner = sentences[:limit], ner[:limit]
    coded = code_articles([build_article(text) for text, _ in sentences])
    return score(sentences, ner, coded)

"""The trained sentence model: does a sentence report an event a political coder records, of which PLOVER
types, with which modality.

A fine-tuned all-MiniLM-L6-v2 with two linear heads over mean-pooled tokens, exported to ONNX and quantised to
int8 (``events/model/sentence.onnx``, its ``tokenizer.json`` and ``labels.json``; model card in
``events/model/MODEL_CARD.md``; rebuilt by ``make train`` from ``training/``). It runs with onnxruntime and the
``tokenizers`` package: no PyTorch at run time.
"""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..records import MODALITIES as RECORD_MODALITIES
from ..records import PLOVER_TYPES

TYPES = list(PLOVER_TYPES)  # the label order of the model's type head (labels.json records it too)
MODALITIES = list(RECORD_MODALITIES)
MAX_TOKENS = 96
LABELS_FILE = "labels.json"
MODEL_DIR = Path(__file__).with_name("model")
# Sentences run in batches sorted by length, at most TOKEN_BUDGET tokens a run (sentences x the longest one: small
# runs keep the activations in cache; 512 measured fastest on ECB+ news, 1.15-1.2x one sentence a run). The int8
# model quantises its activations per sentence over its real tokens (``training/batchable.py``), so a sentence reads
# the same in any batch as alone: within float rounding (|dp| < 1e-4, ``tests/test_sentence_model.py``).
TOKEN_BUDGET = 512
# Decision thresholds, chosen on the news gold dev split and the held-out written sentences (MODEL_CARD.md);
# labels.json may carry its own.
SENTENCE_THRESHOLD = 0.05  # a candidate sentence below this is not parsed or coded
TYPE_THRESHOLD = 0.01  # a rule event whose type (and neighbours) the model reads below this is dropped
# a rule event whose own type the model reads below this, kept only through a neighbour type that another trigger of
# the sentence codes (read at PROPOSE_THRESHOLD), is that other trigger's event read twice and dropped
NEIGHBOUR_ONLY = 0.05
# The model's sentence modalities under which it may propose events the rules missed: reports, not hopes or plans.
PROPOSE_MODALITIES = frozenset({"asserted", "denied", "historical"})
PROPOSE_THRESHOLD = 0.9  # a type the model reads at or above this is coded even when no rule trigger has it
# Whether a document is political at all, read from its sentences: the mean of its DOCUMENT_TOP most eventful
# sentences' event probabilities. Below DOCUMENT_THRESHOLD (a sport, markets, science or entertainment page that
# mentions a state or a "beat"), a candidate sentence needs QUIET_SENTENCE_THRESHOLD instead of SENTENCE_THRESHOLD.
# A text of fewer than DOCUMENT_MIN_SENTENCES sentences (a headline, a single report) is judged sentence by sentence.
DOCUMENT_TOP = 3
DOCUMENT_MIN_SENTENCES = 5
DOCUMENT_THRESHOLD = 0.9
QUIET_SENTENCE_THRESHOLD = 0.8


@dataclass(slots=True)
class SentencePrediction:
    types: dict[str, float]  # probability of each PLOVER type being reported in the sentence
    event: float  # probability that the sentence reports any codable event (max over types)
    modality: str
    modality_p: float


class SentenceModel:
    """One onnxruntime session and tokenizer; ``predict`` is thread-safe."""

    def __init__(self, model_dir: Path = MODEL_DIR, threads: int | None = None):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        meta = json.loads((model_dir / LABELS_FILE).read_text(encoding="utf-8"))
        self.types: list[str] = meta["types"]
        self.modalities: list[str] = meta["modalities"]
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(max_length=int(meta.get("max_tokens", MAX_TOKENS)))
        self.tokenizer.no_padding()  # each run is padded to its own longest sentence in ``predict``
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads or int(os.environ.get("EVENTWIRE_MODEL_THREADS", "0")) or 1
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(model_dir / "sentence.onnx"), sess_options=opts, providers=["CPUExecutionProvider"]
        )
        self._lock = threading.Lock()

    def predict(self, texts: list[str], token_budget: int = TOKEN_BUDGET) -> list[SentencePrediction]:
        """The model's reading of each text, in order; texts run in length-sorted batches of at most
        ``token_budget`` tokens (1 runs each sentence alone)."""
        if not texts:
            return []
        with self._lock:
            enc = self.tokenizer.encode_batch([t if t.strip() else "." for t in texts])
        lens = [len(e.ids) for e in enc]
        order = sorted(range(len(texts)), key=lens.__getitem__)
        out: list[SentencePrediction | None] = [None] * len(texts)
        k = 0
        while k < len(order):
            j = k + 1  # sorted by length, so the last sentence of a run is its longest
            while j < len(order) and (j - k + 1) * lens[order[j]] <= token_budget:
                j += 1
            run = order[k:j]
            ids = np.zeros((len(run), lens[run[-1]]), dtype=np.int64)
            mask = np.zeros_like(ids)
            for r, i in enumerate(run):
                ids[r, : lens[i]] = enc[i].ids
                mask[r, : lens[i]] = 1
            t_logits, m_logits = self.session.run(None, {"input_ids": ids, "attention_mask": mask})
            t_prob = 1.0 / (1.0 + np.exp(-t_logits))
            m = np.exp(m_logits - m_logits.max(axis=1, keepdims=True))
            m /= m.sum(axis=1, keepdims=True)
            for i, tp, mp in zip(run, t_prob, m, strict=True):
                c = int(mp.argmax())
                out[i] = SentencePrediction(
                    types={t: float(p) for t, p in zip(self.types, tp, strict=True)},
                    event=float(tp.max()),
                    modality=self.modalities[c],
                    modality_p=float(mp[c]),
                )
            k = j
        return [p for p in out if p is not None]


def available(model_dir: Path = MODEL_DIR) -> bool:
    return (model_dir / "sentence.onnx").exists() and (model_dir / LABELS_FILE).exists()


@lru_cache(maxsize=1)
def load() -> SentenceModel:
    """The shipped model, loaded once per process."""
    return SentenceModel()


def active() -> SentenceModel | None:
    """The model the coder uses: the shipped one, unless ``EVENTWIRE_CODER=rules`` asks for the rule baseline."""
    choice = os.environ.get("EVENTWIRE_CODER", "model").strip().lower()
    if choice not in ("model", "rules"):
        from ..errors import EventwireError

        raise EventwireError("EW101", f"EVENTWIRE_CODER must be 'model' or 'rules', not {choice!r}.")
    if choice == "rules" or not available():
        return None
    return load()


def document_score(preds: list[SentencePrediction]) -> float:
    """How political a document reads: the mean event probability of its DOCUMENT_TOP most eventful sentences
    (0.0 for a document without sentences)."""
    top = sorted((p.event for p in preds), reverse=True)[:DOCUMENT_TOP]
    return sum(top) / len(top) if top else 0.0


def sentence_threshold(preds: list[SentencePrediction]) -> float:
    """The event probability a candidate sentence of this document needs to be parsed and coded."""
    if len(preds) >= DOCUMENT_MIN_SENTENCES and document_score(preds) < DOCUMENT_THRESHOLD:
        return QUIET_SENTENCE_THRESHOLD
    return SENTENCE_THRESHOLD


def read_types(pred: SentencePrediction) -> list[str]:
    """The types the model reads in the sentence (at or above PROPOSE_THRESHOLD), most probable first."""
    found = [(p, t) for t, p in pred.types.items() if p >= PROPOSE_THRESHOLD]
    return [t for _, t in sorted(found, reverse=True)]


def supports(pred: SentencePrediction, event_type: str) -> bool:
    """Whether the model reads ``event_type`` (or a PLOVER neighbour of it) in the sentence."""
    from .mapping import neighbours_of

    best = max(
        [pred.types.get(event_type, 0.0)] + [pred.types.get(n, 0.0) for n in neighbours_of(event_type)]
    )
    return best >= TYPE_THRESHOLD

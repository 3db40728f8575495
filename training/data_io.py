"""Training rows for the sentence model: the written sentences of ``training/data`` and the news gold dev split,
and their targets. No PyTorch here, so the runtime venv can read them too (``compare_designs.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventwire.eval import news  # noqa: E402
from eventwire.events.sentence_model import MODALITIES, TYPES  # noqa: E402

SEED = 13


def read_training(data_dir: Path) -> list[dict]:
    rows = []
    for path in sorted(data_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                rows.append({"text": r["text"], "events": r.get("events") or [], "origin": path.stem})
    return rows


def read_news_dev(datasets: Path) -> list[dict]:
    """Sentences of the dev articles of the news gold, labelled from the article's gold events."""
    rows = []
    for doc in news.load_gold(datasets, splits=("dev",)):
        by_sentence: dict[int, list[dict]] = {}
        skip: set[int] = set()
        for g in doc.events:
            for n in {g["sentence"], *(g.get("also") or [])}:
                if str(g.get("note") or "").lower().startswith("borderline"):
                    skip.add(n)
                else:
                    by_sentence.setdefault(n, []).append(g)
        for n, s, e in doc.spans:
            if n in skip and n not in by_sentence:
                continue
            rows.append({"text": doc.text[s:e], "events": by_sentence.get(n, []), "origin": "news-dev"})
    return rows


def targets(row: dict) -> tuple[np.ndarray, int]:
    y = np.zeros(len(TYPES), dtype=np.float32)
    for e in row["events"]:
        y[TYPES.index(e["type"])] = 1.0
    modality = -100  # no modality loss for sentences without events
    if row["events"]:
        modality = MODALITIES.index(row["events"][0].get("modality") or "asserted")
    return y, modality

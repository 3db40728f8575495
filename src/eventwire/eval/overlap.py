"""Training data never overlaps an evaluation set: normalised 8-gram containment.

A training sentence *overlaps* an evaluation set when any 8 consecutive normalised words of it also occur,
in that order, in any sentence of the set. Normalised: NFKC, lower case, ECB+ tokenisation undone, words are
runs of letters and digits. The evaluation sets: the PLOVER GSR, the PETR2 GSR, the ConfliBERT test split
(``cameo_class/test.tsv``), the news gold test split (its ECB+ articles, whole) and the project dev set
(``tests/fixtures/events/dev_sentences.jsonl``). ``tests/test_training_overlap.py`` applies it to every file
under ``training/data``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path

N = 8
_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower().replace(" 's", "'s").replace(" n't", "n't")
    return _WORD.findall(text)


def ngrams(text: str, n: int = N) -> Iterator[tuple[str, ...]]:
    w = words(text)
    for i in range(len(w) - n + 1):
        yield tuple(w[i : i + n])


def eval_sentences(datasets: Path, dev_set: Path | None = None) -> dict[str, list[str]]:
    """Every sentence of every evaluation set, by set name (sets whose files are missing are left out)."""
    from . import news

    out: dict[str, list[str]] = {}
    gsr = datasets / "plover-gsr" / "PLOVER_GSR_CAMEO.txt"
    if gsr.exists():
        records = json.loads(gsr.read_text(encoding="utf-8"))
        out["plover-gsr"] = [r.get("text") or "" for r in records if r.get("event") != "DOCUMENT"]
    petr2 = datasets / "petr2-gsr" / "petr2_gsr.jsonl"
    if petr2.exists():
        lines = petr2.read_text(encoding="utf-8").splitlines()
        out["petr2-gsr"] = [json.loads(line)["text"] for line in lines if line.strip()]
    conflibert = datasets / "conflibert-cameo" / "cameo_class" / "test.tsv"
    if conflibert.exists():
        lines = conflibert.read_text(encoding="utf-8").splitlines()
        out["conflibert-test"] = [line.rsplit("\t", 1)[0] for line in lines if line.strip()]
    if (datasets / "ecbplus" / "ecbplus_docs.jsonl").exists():
        out["news-test"] = [d.text for d in news.load_gold(datasets, splits=("test",))]
    if dev_set is not None and dev_set.exists():
        lines = dev_set.read_text(encoding="utf-8").splitlines()
        out["project-dev"] = [json.loads(line)["text"] for line in lines if line.strip()]
    return out


def index(sets: dict[str, list[str]]) -> dict[tuple[str, ...], str]:
    """8-gram -> the name of a set that holds it."""
    idx: dict[tuple[str, ...], str] = {}
    for name, sentences in sets.items():
        for s in sentences:
            for g in ngrams(s):
                idx.setdefault(g, name)
    return idx


def overlaps(texts: Iterable[str], idx: dict[tuple[str, ...], str]) -> list[tuple[str, str, str]]:
    """(training text, set name, shared 8 words) for every training text that overlaps a set."""
    found = []
    for t in texts:
        for g in ngrams(t):
            if g in idx:
                found.append((t, idx[g], " ".join(g)))
                break
    return found

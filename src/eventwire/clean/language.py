"""Language identification with py3langid (a pure-Python/NumPy langid.py, no model download)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

# Only the first characters are scored: 2,000 characters (about 300 words) decide the language of a
# news article with near certainty: the same decisions as the full text on all 181 benchmark pages,
# at about 2 ms per article instead of 4 ms.
LANG_SAMPLE_CHARS = 2_000


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    # norm_probs gives a confidence in [0, 1] that is reported in reject messages.
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code of the text's language and the model's confidence (0-1); (None, 0.0) when
    the text has no letters to judge by."""
    sample = text[:LANG_SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return None, 0.0
    lang, conf = _identifier().classify(sample)
    return str(lang), float(conf)

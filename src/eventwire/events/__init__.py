"""Events stage: PLOVER event coding with CAMEO codes, QuadClass and Goldstein scores.

Public API (used by the pipeline, the CLI and ``eventwire.extract``):

- ``CODER_VERSION``: stored on every event; bumped whenever rules or lexicon change.
- ``code_articles(articles, *, batch_size=32) -> list[list[Event]]``: code a batch with one spaCy stream.
- ``code_article(article) -> list[Event]``.
- ``extract(text, published=None, url=None) -> list[Event]``: the library entry (plain text or HTML).
- ``build_article(text, published=None, url=None)``: the ``Article`` ``extract`` codes (used by evaluations).

Data (lexicons, mapping, rule tables) lives in ``eventwire/events/data`` with its sources in ``SOURCES.md``.
"""

from __future__ import annotations

from .coder import CODER_VERSION, build_article, code_article, code_articles, extract
from .mapping import MODALITIES, PLOVER_TYPES

__all__ = [
    "CODER_VERSION",
    "MODALITIES",
    "PLOVER_TYPES",
    "build_article",
    "code_article",
    "code_articles",
    "extract",
]

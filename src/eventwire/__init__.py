"""eventwire: messy news in, structured political event data out.

    >>> import eventwire
    >>> events = eventwire.extract("Pakistan accused Afghanistan of harbouring militants; Kabul denied it.",
    ...                            published="2025-11-28")

The pipeline stages live in one module or subpackage each, and imports flow one way (tests/test_layout.py):
``ingest`` -> ``clean`` -> ``nlp`` -> ``actors`` (+ ``places``) -> ``events`` -> ``store`` -> ``stories``,
``merge``; ``worker`` (the per-document part), ``pipeline`` and ``scale`` run them; ``report`` and ``eval``
read stores and measure stages; ``cli`` and ``api`` are thin layers over all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .records import Event

__all__ = ["__version__", "extract"]


def extract(text: str, published: str | None = None, url: str | None = None) -> list[Event]:
    """Code the political events in one text (plain text or HTML), without a database.

    ``published`` (ISO date) anchors relative dates ("on Thursday"); without it, and without a date
    in the text, events get a null date, never today's.
    """
    from .events import extract as _extract

    return _extract(text, published=published, url=url)

"""Shared by the coder tests that read events as rows: one tuple of chosen fields per coded event."""

from __future__ import annotations

from typing import Any

from eventwire.events import build_article, code_articles


def coded_rows(text: str, published: str, fields: tuple[str, ...]) -> list[tuple]:
    """The events ``text`` codes (as an article published on ``published``), each as the tuple of its ``fields``:
    dotted paths such as ``"source.country"`` (None when a side is missing)."""
    return [tuple(_field(e, f) for f in fields) for e in code_articles([build_article(text, published)])[0]]


def _field(obj: Any, path: str) -> Any:
    for part in path.split("."):
        obj = getattr(obj, part) if obj is not None else None
    return obj

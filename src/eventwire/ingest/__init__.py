"""Ingest stage: user inputs (files, directories, globs, stdin; text, Markdown, HTML, JSON lines,
RSS/Atom, WARC, and the .gz variant of each) -> a stream of ``Document`` or ``Reject`` records."""

from __future__ import annotations

from .paths import expand_inputs
from .readers import input_fingerprint, iter_documents, iter_inputs, read_input
from .sniff import sniff_format
from .warc import available_backends, iter_warc

__all__ = [
    "available_backends",
    "expand_inputs",
    "input_fingerprint",
    "iter_documents",
    "iter_inputs",
    "iter_warc",
    "read_input",
    "sniff_format",
]

"""Text from inputs (file names, URLs, messages quoting them) made safe to print on a terminal."""

from __future__ import annotations

import re

# C0 controls (ESC starts colour, title and cursor sequences), DEL, C1 controls (8-bit CSI/OSC),
# lone surrogates, and the bidirectional overrides that can make a name read as something else.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def _escape(m: re.Match[str]) -> str:
    c = ord(m.group())
    return f"\\x{c:02x}" if c <= 0xFF else f"\\u{c:04x}"


def shown(text: object) -> str:
    """``text`` with every control, surrogate and bidi-override character written as an escape
    (``\\x1b``, ``\\u202e``), so printing it cannot move the cursor, recolour or retitle the terminal."""
    return _UNSAFE.sub(_escape, str(text))

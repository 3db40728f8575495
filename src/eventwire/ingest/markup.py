"""A cheap look at markup before any parser sees it: shapes that stall a parser in native code.

The per-document time limit (SIGALRM) cannot interrupt work inside C, and feeds are parsed in the
reader, outside any limit; so a page whose parse time explodes is refused by this linear scan first
(reject reason ``too_complex``).
"""

from __future__ import annotations

import re
from itertools import islice

# Most attributes one start tag may carry. libxml2's HTML parser (and feedparser) checks each new
# attribute against the tag's earlier ones, so parse time grows with the square of this count, in C
# code that the per-document alarm cannot stop: 20,000 attributes on one tag take ~1 s (feedparser:
# 5 s) and 800,000 (a 4.7 MB page) ~25 minutes. News markup carries a few dozen at most (an <svg> or a
# framework's data-* props); at this bound a whole 5 MB page of such tags parses in a few seconds.
MAX_ATTRIBUTES_PER_TAG = 1_000
# A start tag as the HTML5 tokenizer reads it (libxml2 2.14 follows it): the tag name, then
# attributes separated by whitespace or "/", each value double-, single- or un-quoted. Comments and
# the bodies of <script> and <style> are skipped as the parser skips them (a "<" in JavaScript is not
# a tag). No part can backtrack, so one pass over a 5 MB page takes well under a second.
_ATTR = r"""[\s/]*[^\s/>][^\s/>=]*(?:\s*=\s*(?:"[^"]*"?|'[^']*'?|[^\s>]*))?"""
_MARKUP = re.compile(
    r"<!--(?:>|->|.*?(?:--!?>|\Z))"  # a comment (HTML5 also ends one at "<!-->" and "--!>")
    r"|<((?i:script|style))(?=[\s/>])((?:" + _ATTR + r")*)>?.*?(?:</(?i:script|style)|\Z)"  # raw text
    r"|<[A-Za-z][^\s/>]*((?:" + _ATTR + r")*)",
    re.DOTALL,  # case-insensitive only where needed: a global re.IGNORECASE halves the speed
)
_ONE_ATTR = re.compile(_ATTR)


def markup_problem(markup: str | bytes, max_attributes: int | None = None) -> str | None:
    """Why ``markup`` (an HTML page, a fragment, an RSS/Atom feed) must not reach a parser (a sentence
    without a final full stop), or None when it is safe to parse.

    Counts the attributes of every start tag with a linear scan. Bytes are scanned as Latin-1 (the
    markup syntax is ASCII in every encoding a page or feed may use).
    """
    html = markup.decode("latin-1") if isinstance(markup, bytes) else markup
    limit = MAX_ATTRIBUTES_PER_TAG if max_attributes is None else max_attributes
    for m in _MARKUP.finditer(html):
        body = m.group(2) or m.group(3) or ""
        # every attribute takes at least two characters (a name and a separator): short tags pass
        if len(body) <= 2 * limit:
            continue
        n = sum(1 for _ in islice(_ONE_ATTR.finditer(body), limit + 1))
        if n > limit:
            name = re.match(r"<([^\s/>]{1,20})", html[m.start() :])
            return (
                f"a <{name.group(1) if name else '?'}> tag at character {m.start():,} has more than "
                f"{limit:,} attributes (parsing time grows with the square of that count and cannot be "
                "interrupted); no news page or feed needs that many, so it was not parsed"
            )
    return None

"""Cheap sentence splitting with character offsets, so only sentences that can hold an event get parsed.

Paragraphs (line breaks) always end a sentence; inside a paragraph spaCy's rule-based ``sentencizer`` runs on a
blank English tokenizer (the same tokenizer exceptions as the full model, so "Nov. 25", "U.S." and "Dr." do not
end sentences). No statistical component runs here: splitting a 1,000-word article takes about a millisecond.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.language import Language
    from spacy.tokens import Span

# Sentences longer than this are cut at clause punctuation before parsing: a run-on "sentence" of a few
# thousand characters is page debris (lists, tables), and the parser's cost grows with length.
MAX_SENTENCE_CHARS = 600

# Sentences shorter than this (in characters) cannot state an event between two actors ("Follow", "Short Url").
MIN_SENTENCE_CHARS = 12

# Paragraphs longer than this are fed to the splitter in pieces: spaCy refuses texts over nlp.max_length (1M
# characters), and a paragraph this long is a dump, not prose.
MAX_PARAGRAPH_CHARS = 100_000

_PARAGRAPH = re.compile(r"[^\n]+")
_BULLET = re.compile(r"[\s\u2022\u25cf\u25aa\u2023\u2043\u00b7*\-]+")
_CLAUSE_CUT = re.compile(r"[;:]\s+|,\s+(?=(?:and|but|while|as|which|after|before)\b)")
# A title or an initial whose period a tokenized text writes apart ("praised Dr . Benjamin", "Police Capt . Tom
# Tennant", "Old Tappan , N . J ."): the sentencizer ends a sentence there, so the next one is joined back on.
_SPLIT_ABBREVIATION = re.compile(
    r"(?:^|\s)(?:Dr|Mr|Mrs|Ms|Messrs|Prof|Rev|Capt|Lt|Sgt|Gen|Col|Maj|Cpl|Cmdr|Adm|Gov|Sen|Rep|Det|Insp|Supt|Jr|Sr|St|"
    r"Mt|Ft|No|Nos|Inc|Co|Corp|Ltd|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|[A-Z])\s\.$"
)
_INITIAL = re.compile(r"[A-Z]\s\.")
# Titles written with their period that spaCy's tokenizer does not keep whole ("at Sgt. Mourad Mourad", "Police
# Capt. Tom Tennant", "Lt. Col. John Smith"): always followed by a name, never the end of a sentence.
_TITLE_ABBREVIATION = re.compile(
    r"(?:^|[\s(])(?:Capt|Lt|Sgt|Col|Det|Insp|Supt|Cpl|Cmdr|Cdr|Maj|Brig|Pvt|Spc|Ofc|Atty|Amb|Dep|Gen|Adm|Gov|Sen|"
    r"Rep|Dr|Prof|Rev|Mr|Mrs|Ms)\.$"
)


@lru_cache(maxsize=1)
def _splitter() -> Language:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def _cut_long(start: int, end: int, text: str) -> list[tuple[int, int]]:
    if end - start <= MAX_SENTENCE_CHARS:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    cur = start
    for m in _CLAUSE_CUT.finditer(text, start, end):
        if m.start() - cur >= MAX_SENTENCE_CHARS // 3:
            out.append((cur, m.start()))
            cur = m.end()
    out.append((cur, end))
    # a piece still too long is cut at the last space before the limit
    final: list[tuple[int, int]] = []
    for s, e in out:
        while e - s > MAX_SENTENCE_CHARS:
            cut = text.rfind(" ", s, s + MAX_SENTENCE_CHARS)
            cut = cut if cut > s else s + MAX_SENTENCE_CHARS
            final.append((s, cut))
            s = cut + 1
        final.append((s, e))
    return final


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences of ``text`` (stripped of whitespace and bullets)."""
    nlp = _splitter()
    spans: list[tuple[int, int]] = []
    paragraphs: list[tuple[int, int]] = []
    for m in _PARAGRAPH.finditer(text):
        start, end = m.start(), m.end()
        while end - start > MAX_PARAGRAPH_CHARS:
            cut = text.rfind(" ", start, start + MAX_PARAGRAPH_CHARS)
            cut = cut if cut > start else start + MAX_PARAGRAPH_CHARS
            paragraphs.append((start, cut))
            start = cut
        paragraphs.append((start, end))
    for p_start, p_end in paragraphs:
        para = text[p_start:p_end]
        if not para.strip():
            continue
        for s, e in _join_split_abbreviations(nlp(para).sents, p_start):
            bullet = _BULLET.match(text, s, e)
            if bullet:
                s = bullet.end()
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if e - s >= MIN_SENTENCE_CHARS:
                spans.extend(_cut_long(s, e, text))
    return spans


def _join_split_abbreviations(sents: Iterable[Span], offset: int) -> list[tuple[int, int]]:
    """Sentence spans of a paragraph (offset into the text), a sentence that ends on a detached abbreviation's
    period joined with the next ("Dr . Benjamin"); one ending on a detached initial only with a next one that opens
    with another ("N . J ." of a state, not "N . J . He was acquitted")."""
    pieces = [(sent.start_char, sent.end_char, sent.text.strip()) for sent in sents]
    out: list[tuple[int, int]] = []
    joined = False
    for k, (start, end, text) in enumerate(pieces):
        if joined:
            out[-1] = (out[-1][0], offset + end)
        else:
            out.append((offset + start, offset + end))
        m = _SPLIT_ABBREVIATION.search(text)
        following = pieces[k + 1][2] if k + 1 < len(pieces) else ""
        joined = (m is not None and (len(m.group(0).strip()) > 3 or bool(_INITIAL.match(following)))) or bool(
            _TITLE_ABBREVIATION.search(text)
        )
    return out

"""Private persons named in a sentence: people the dictionaries do not know and no title introduces.

News about crime, courts, protest and disasters is mostly about private people ("Prosecutors allege that
Simpson shot Flynn"). A careful coder records them as civilians of the country where the event happens
(ICEWS "Citizen (Country)", CAMEO ``CVL``): the coder gives them that country from the event's place, the
dateline or the article's home country (``events.coder._place_country``). Without them the event loses its
target (the victim) or its source (the attacker).

A person mention comes only from a span spaCy's NER tags ``PERSON`` that no other mention overlaps, whose
words are capitalised proper nouns: "Kimani Gray", "Flynn". Titles, officials and known people are the
resolver's; this pass only adds what it left.
"""

from __future__ import annotations

from spacy.tokens import Span

from ..records import Actor
from .mention import ActorMention

# A bare name is weaker evidence of who acts than a dictionary entry or a title.
PERSON_CONFIDENCE = 0.5
# Subject dependencies (the mention's ``subject`` flag).
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


def person_mentions(span: Span, mentions: list[ActorMention]) -> list[ActorMention]:
    """``mentions`` plus one civilian ``person`` mention per PERSON entity they leave uncovered, in order."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    added: list[ActorMention] = []
    for ent in span.ents:
        if ent.label_ != "PERSON" or any(i in taken for i in range(ent.start, ent.end)):
            continue
        toks = [t for t in ent if not t.is_punct and t.dep_ != "case"]  # "Ahmed Hassan's": the 's is no name
        if not toks or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in toks):
            continue
        start, end = toks[0].i, toks[-1].i + 1
        text = span.doc[start:end].text
        head = span.doc[start:end].root
        actor = Actor(text=text, name=text, country=None, sector="CVL", kind="person", code=None)
        added.append(
            ActorMention(
                start=start,
                end=end,
                text=text,
                actor=actor,
                head=head.i,
                confidence=PERSON_CONFIDENCE,
                how="person",
                subject=head.dep_ in _SUBJECT_DEPS,
                head_lemma=head.lemma_.lower(),
            )
        )
    if not added:
        return mentions
    return sorted(mentions + added, key=lambda m: (m.start, m.end))

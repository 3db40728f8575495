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

from spacy.tokens import Span, Token

from ..records import Actor
from .mention import ActorMention

# A bare name is weaker evidence of who acts than a dictionary entry or a title.
PERSON_CONFIDENCE = 0.5
# Subject dependencies (the mention's ``subject`` flag).
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})


# Dependencies of a word that only modifies another noun.
_MODIFIER_DEPS = frozenset({"nmod", "compound"})
# Prepositions that tie a title to its employer ("a director at Amnesty International", "spokesman for the UN").
_EMPLOYER_PREPS = frozenset({"at", "of", "for", "with"})
# Title words the parser may tag as proper nouns ("Director", "Spokesman").
_TITLE_WORDS = frozenset(
    {"director", "spokesman", "spokeswoman", "spokesperson", "head", "chief", "official", "envoy"}
)
# Words for a person's relation to others, not to an employer ("the brother of", "a lawyer for").
_NOT_EMPLOYED = frozenset(
    {
        "brother", "sister", "son", "daughter", "wife", "husband", "mother", "father", "friend", "cousin",
        "uncle", "aunt", "nephew", "niece", "relative", "lawyer", "attorney", "resident", "native", "citizen",
        "member", "fan", "student", "client", "partner", "girlfriend", "boyfriend", "widow", "victim",
    }
)  # fmt: skip
# Sectors of the offices a title names on its own ("the governor", "a senator", "a judge"): "an executive director"
# is business or a charity depending on the employer, which a title alone does not tell.
PUBLIC_OFFICE_SECTORS = frozenset({"GOV", "LEG", "JUD", "MIL", "COP", "SPY"})
# Kinds of actor that employ people.
_EMPLOYERS = frozenset({"organisation", "igo", "country", "capital", "armed_group", "group"})


def _office(span: Span, end: int, text: str, mentions: list[ActorMention]) -> Actor | None:
    """A public office set off after a person's name that names no employer the dictionaries code ("Taban Deng, the
    governor of Unity state,", "Maria Lopez, a senator,"): the person holds it, with its sector, and its country when
    the title's own words give one (not one guessed from the sentence). Not a former office ("a former senator"), nor
    a title whose sector depends on the employer ("an executive director of the Society for ...")."""
    window = _title_window(span, end)
    if window is None or any(t.lemma_.lower() in _NOT_EMPLOYED | {"former", "ex"} for t in window):
        return None
    office = next(
        (
            m
            for m in mentions
            if end < m.head < window.end
            and m.actor.kind == "official"
            and m.actor.sector in PUBLIC_OFFICE_SECTORS
        ),
        None,
    )
    if office is None:
        return None
    country = office.actor.country if office.how not in ("sentence", "dateline") else None
    sector = office.actor.sector or ""
    return Actor(
        text=text,
        name=text,
        country=country,
        sector=sector,
        kind="official",
        code=country + sector if country else None,
        role=office.actor.role or office.text,
    )


def _title_window(span: Span, end: int) -> Span | None:
    """The words set off by commas after a name that ends at ``end``, when they hold a title."""
    stop = _title_end(span, end)
    if stop is None:
        return None
    window = span.doc[end + 1 : stop]
    return window if _has_title(window) else None


def _has_title(words: Span) -> bool:
    """The words hold a title noun ("a director", "Advocacy Director"), not only more names ("John Smith and ...")."""
    return any(t.pos_ == "NOUN" or (t.pos_ == "PROPN" and t.lower_ in _TITLE_WORDS) for t in words)


def _title_end(span: Span, end: int) -> int | None:
    """Where the words set off by a comma after a name end (the next comma, bracket or verb), if there are any."""
    doc = span.doc
    if end >= span.end or doc[end].text != ",":
        return None
    return next(
        (t.i for t in doc[end + 1 : span.end] if t.text in (",", ";", "(", ")") or t.pos_ == "VERB"), span.end
    )


def _employer(span: Span, start: int, end: int, text: str, mentions: list[ActorMention]) -> Actor | None:
    """The body a title set off after a person's name names ("Philip Luther, a director at Amnesty International,",
    "Omar Haddad, a spokesman for Jordan,"): the person speaks and acts for it, as its official. Read from the words
    between the commas (the parse of long titles is unreliable)."""
    doc = span.doc
    window = _title_window(span, end)
    if window is None:
        return None
    stop = window.end
    if any(t.lemma_.lower() in _NOT_EMPLOYED for t in window) or any(
        a.pos_ == "CCONJ" and b.pos_ in ("DET", "PRON") for a, b in zip(window, window[1:], strict=False)
    ):
        return None  # "the younger brother of ...", "a lawyer for ...", "her label and a couple of ...": no employer
    by_token = {i: m for m in mentions for i in range(m.start, m.end)}
    found: list[tuple[Token, ActorMention]] = []
    for prep in (t for t in window if t.lower_ in _EMPLOYER_PREPS):
        inside = {t.i for c in prep.children if c.dep_ == "pobj" for t in c.subtree}
        m = next((by_token[i] for i in sorted(inside) if i in by_token and i < stop), None)
        if m is None or m.actor.kind not in _EMPLOYERS or not m.actor.code:
            continue
        if m.actor.kind in ("country", "capital") and prep.lower_ != "for":
            continue  # "a resident of Cairo", "a native of Jordan": where a person is from, not whom they serve
        found.append((prep, m))
    if not found:
        return None
    # "executive director for China at the IMF": the organisation employs, the country is the brief
    prep, m = min(found, key=lambda f: f[1].actor.kind in ("country", "capital"))
    org = m.actor
    national = org.kind in ("country", "capital")
    sector = org.sector or ("GOV" if national else None)
    code = (org.country or "") + (sector or "") if national else org.code
    title = [t for t in doc[end + 1 : prep.i] if t.pos_ not in ("DET", "PUNCT")]
    return Actor(
        text=text,
        name=text,
        country=org.country,
        sector=sector,
        kind="official",
        code=code,
        role=" ".join(t.text for t in title) or None,
    )


def _city_in_place_slot(tok: Token) -> bool:
    from ..places import city_in_place_slot  # places reads the actor dictionary: imported when first needed

    return city_in_place_slot(tok)


def person_mentions(span: Span, mentions: list[ActorMention]) -> list[ActorMention]:
    """``mentions`` plus one civilian ``person`` mention per PERSON entity they leave uncovered, in order."""
    taken = {i for m in mentions for i in range(m.start, m.end)}
    added: list[ActorMention] = []
    titles: list[tuple[int, int]] = []  # the words set off after a person's name: a title, not more people
    for ent in span.ents:
        if ent.label_ != "PERSON" or any(i in taken for i in range(ent.start, ent.end)):
            continue
        toks = [t for t in ent if not t.is_punct and t.dep_ != "case"]  # "Ahmed Hassan's": the 's is no name
        if not toks or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in toks):
            continue
        start, end = toks[0].i, toks[-1].i + 1
        text = span.doc[start:end].text
        head = span.doc[start:end].root
        if head.dep_ in _MODIFIER_DEPS or any(lo <= start < hi for lo, hi in titles):
            continue  # "Research and Advocacy Director": a word of a title, not a person
        if end - start == 1 and _city_in_place_slot(head):
            continue  # "the M23 seized Goma", "flown to Goma": the city, not a surname
        window = _title_window(span, end)
        if window is not None:
            titles.append((end, window.end))
        actor = (
            _employer(span, start, end, text, mentions)
            or _office(span, end, text, mentions)
            or Actor(text=text, name=text, country=None, sector="CVL", kind="person", code=None)
        )
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

"""Resolve the actor mentions of one parsed sentence.

1. Dictionary hits (countries, demonyms, capitals, seats, IGOs, armed groups, people, agent words) are
   found on the raw sentence text and aligned to spaCy tokens; names remembered by the article context
   ("Dar", "PID") are added.
2. Each hit is attached to the head noun of its noun phrase through the dependency parse: "Russia's"
   -> "Ryabkov", "Pakistani" -> "forces", "of Pakistan" -> "Commission".
3. Each noun phrase whose head is an actor word (a name, an office, an institution, a group of people)
   becomes one mention; its country comes from the country words inside it, its sector from its head
   agent word. Coordinated countries ("Hungarian and Romanian officials") give one mention each.
   Phrases headed by other nouns ("Russian crude") give no mention, except that a possessor
   ("Afghanistan's cities") stays an actor on its own.
4. "The two sides"/"both countries" become the article's dyad, "he"/"they" the previous subject, a title
   without a name ("the minister") the official named earlier with that role.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records import PERSON_KINDS, Actor
from .context import ArticleContext, dateline_end, find_dateline
from .dictionary import Entry, fold, get_dictionary, governing_groups, is_actor_word
from .mention import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

# Dependencies through which a word modifies the noun to its right ("Pakistani forces", "Russia's
# minister", "Deputy Foreign Minister Sergei Ryabkov").
_LEFT_MODS = frozenset(
    {
        "compound",
        "amod",
        "nmod",
        "poss",
        "flat",
        "nummod",
        "quantmod",
        "det",
        "predet",
        "case",
        "punct",
        "advmod",
        "npadvmod",
        "prep_",
        "hmod",
        "nn",
    }
)
_CLIMB_DEPS = frozenset({"compound", "amod", "nmod", "poss", "flat", "nn"})
_NOMINAL = frozenset({"NOUN", "PROPN"})
_POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
# Words that introduce a stance rather than an identity: "anti-Pakistan militants" are not Pakistani.
_STANCE_PREFIXES = ("anti-", "anti ", "pro-", "pro ", "non-")
# Party members named by their party alone, and the party's country ("the Democrats", "Tories"); not when a word of
# another party's name comes first ("the Liberal Democrats", "the Sweden Democrats", "Irish republicans").
_PARTY_HOMES = {
    **dict.fromkeys(("democrat", "democrats", "republican", "republicans", "dems", "gop"), "USA"),
    **dict.fromkeys(("tory", "tories"), "GBR"),
}
_OTHER_PARTY_WORDS = frozenset(
    "liberal social christian sweden swedish irish free new national progressive radical united".split()
)
# Determiners/numbers that make "sides"/"countries" refer to the dyad in focus.
_DYAD_MARKERS = frozenset({"two", "both"})
_DYAD_HEADS = frozenset(
    {
        "side",
        "sides",
        "country",
        "countries",
        "nation",
        "nations",
        "delegation",
        "delegations",
        "neighbour",
        "neighbours",
        "neighbor",
        "neighbors",
        "government",
        "governments",
        "leader",
        "leaders",
        "capitals",
    }
)
# Words for soldiers that, named without a country, are the one armed force the article has named ("Marine commandos
# boarded ..." after "the Indian navy"); not "personnel" or "forces", which also name the other side.
_FORCE_HEADS = frozenset(
    {
        "commando",
        "commandos",
        "soldier",
        "troop",
        "marine",
        "sailor",
        "paratrooper",
        "navy",
        "helicopter",
        "warship",
    }
)
# Dyad words that name one side when the story is about no pair of countries: "an election hailed by the
# government" in a sentence about Turkmenistan alone is Turkmenistan's government.
_ONE_SIDE_HEADS = frozenset({"government", "leader"})
# Sectors for which an unqualified agent ("officials said", "police said") defaults to the dateline
# country: wire convention names the home authorities without their country.
_DATELINE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "MED", "CVL"})
# Participles and adjectives that tie a group to the actor it belongs to ("affiliated with", "loyal to").
# Agents who speak or act *for* an actor: "a spokesman for the Taliban government" is the Taliban
# government's, not the dateline country's. ("An envoy for Afghanistan" is usually another state's envoy
# to Afghanistan, so envoys are not here.)
_FOR_AGENTS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "spokespeople", "representative", "lawyer"}
)

_TIES = frozenset(
    {
        "affiliate",
        "affiliated",
        "link",
        "linked",
        "loyal",
        "belong",
        "ally",
        "allied",
        "tie",
        "tied",
        "connect",
        "connected",
        "close",
    }
)
# Bodies that meet wherever their members choose (joint commissions, committees, delegations): a place named with
# them says where they met, not whose they are.
_MEETING_BODIES = frozenset(
    {
        "commission",
        "committee",
        "council",
        "group",
        "forum",
        "panel",
        "delegation",
        "mission",
        "conference",
        "summit",
        "session",
        "board",
        "working group",
        "task force",
    }
)
# Prepositions after which a province or region is where something happened, not who acted.
_LOCATIVE = frozenset(
    {"in", "at", "near", "inside", "outside", "across", "along", "within", "around", "throughout"}
)
# Sectors whose unqualified members never take a country from the dateline or the sentence: "militants"
# near a country name are often foreign to it.
_NO_FALLBACK_SECTORS = frozenset({"REB", "CRM", "IGO", "NGO"})

# An apposed name further than this many tokens from its head is a separate phrase, not a label.
MAX_APPOS_GAP = 6

# Confidence levels by how a mention was resolved (see ActorMention.how).
CONF_DICTIONARY = 0.95  # a listed name or a name with its country written next to it
CONF_COMPOSED = 0.85  # an agent word with a country word in the same phrase ("Pakistani security forces")
CONF_LOCATED = 0.7  # country taken from "officials in Islamabad"
CONF_BILATERAL = 0.8  # each country of a joint body ("the Pakistan-Russia Intergovernmental Commission")
CONF_MEMORY = 0.75  # a surname or "the minister" resolved from earlier in the article
CONF_DYAD = 0.75  # "the two sides"
CONF_PRONOUN = 0.6  # "he"/"they" resolved to the previous sentence's subject
CONF_DATELINE = 0.45  # country of an unqualified agent taken from the dateline
CONF_NO_COUNTRY = 0.4  # an actor word without any country (generic "militants")
CONF_SENTENCE = 0.5  # country of an unqualified agent taken from the only country the sentence names
CONF_MODIFIER = 0.5  # a name modifying a non-actor noun ("a U.N. resolution", "US mediation")
# An adjective of nationality on a non-actor noun ("Israeli air raids", "Russian crude"): the owner of an
# action or thing, occasionally the actor of a nominal event; below the coder's default actor threshold.
CONF_ADJECTIVE = 0.35


@dataclass(slots=True)
class _Hit:
    start: int  # doc token index
    end: int  # exclusive
    entries: tuple[Entry, ...]
    memory: Actor | None = None  # resolved from the article context
    ethnic: bool = False  # "ethnic Albanians": a community, not the country of the demonym

    @property
    def best(self) -> Entry:
        return self.entries[0]

    def has(self, *kinds: str) -> Entry | None:
        for e in self.entries:
            if e.kind in kinds:
                return e
        return None


@dataclass(slots=True)
class _Phrase:
    head: int
    hits: list[_Hit] = field(default_factory=list)
    possessors: list[_Hit] = field(default_factory=list)
    floor: int = -1  # first token the phrase may cover (set when a coordination was split off)


def resolve(doc_or_span: Doc | Span, ctx: ArticleContext) -> list[ActorMention]:
    """All actor mentions of a parsed sentence, in order (see ``eventwire.actors.resolve_actors``)."""
    from spacy.tokens import Doc as _Doc

    span = doc_or_span[:] if isinstance(doc_or_span, _Doc) else doc_or_span
    doc = span.doc
    hits = _sentence_hits(span, ctx)
    taken = {i for h in hits for i in range(h.start, h.end)}
    org_of = {i: ent for ent in doc.ents if ent.label_ == "ORG" for i in range(ent.start, ent.end)}
    phrases = _group_phrases(doc, span, hits, org_of)
    free_countries = _free_countries(doc, hits, phrases)
    # Countries named only as where something happens ("in Moscow") say where a body met, not whose it is.
    placed = {h.best.country for h in hits if h.best.country and _locative(doc, h)}
    qualified = _qualifying_countries(doc, phrases)
    out: list[ActorMention] = []
    for head in sorted(phrases):
        out.extend(_phrase_mentions(doc, span, phrases[head], ctx, taken, free_countries, placed, qualified))
    out.extend(_dyad_mentions(doc, span, ctx, {i for m in out for i in range(m.start, m.end)}))
    out.extend(_pronoun_mentions(doc, span, ctx, {i for m in out for i in range(m.start, m.end)}))
    out.extend(_object_pronoun_mentions(doc, span, out, ctx))
    _inherit_coordinated_country(doc, out)
    _adopt_owner(doc, out)
    _office_in_apposition(doc, out)
    kept = _longest_matches(_merge_appositions(doc, out))
    for m in kept:
        _finish_mention(doc, span, m, ctx, kept)
    return kept


def _sentence_hits(span: Span, ctx: ArticleContext) -> list[_Hit]:
    """The sentence's dictionary hits after any opening dateline (whose place sets the article's dateline
    country), ethnic communities marked, with names remembered from earlier in the article added."""
    doc = span.doc
    if ctx.dateline_country is None:
        place = find_dateline(span.text)
        if place:
            ctx.set_dateline(place)
    filed_at = span.start_char + dateline_end(span.text)  # tokens of an opening dateline are not actors
    hits = [
        h
        for h in _dictionary_hits(span)
        if not _in_word_compound(doc, h, span)
        and not _inside_other_name(doc, h, span)
        and doc[h.start].idx >= filed_at
    ]
    for h in hits:
        h.ethnic = (
            h.best.kind in ("demonym", "ethnic")
            and h.start > span.start
            and doc[h.start - 1].lower_ == "ethnic"
        )
    return _memory_hits(span, hits, ctx)


def _group_phrases(doc: Doc, span: Span, hits: list[_Hit], org_of: dict) -> dict[int, _Phrase]:
    """Hits grouped into noun phrases by head token (possessors apart; stance words left out), with
    coordinations split."""
    phrases: dict[int, _Phrase] = {}
    for hit in hits:
        if _stance(doc, hit) or _birthplace(doc, hit):
            continue
        poss_head = _possessed_head(doc, hit, span) if hit.best.kind != "agent" else None
        if poss_head is not None:
            phrases.setdefault(poss_head, _Phrase(poss_head)).possessors.append(hit)
            continue
        head = _org_head(doc, hit, hits, org_of)
        if head is None:
            head = _np_head(doc, hit, span)
        phrases.setdefault(head, _Phrase(head)).hits.append(hit)
    return _split_coordinated(doc, span, phrases, org_of)


# Participles after a hyphen whose first part is no party to the noun: a birthplace ("Australian-born Assange", "an
# Iranian-born lawyer": neither an actor of its own nor, on its own, the person's country; an "Iranian-born British
# lawyer" is British) or a mediator ("an Egypt-brokered truce between Hamas and Israel": the coding manual's first
# hard case, mediators are not parties).
_NO_PARTY_PARTICIPLES = frozenset({"born", "brokered", "mediated", "facilitated", "sponsored"})


def _birthplace(doc: Doc, hit: _Hit) -> bool:
    """The hit is the first part of a "X-born" or "X-brokered" compound (``_NO_PARTY_PARTICIPLES``)."""
    tok = doc[hit.end - 1]
    return (
        tok.dep_ == "npadvmod"
        and tok.head.lower_ in _NO_PARTY_PARTICIPLES
        and tok.head.i > tok.i
        and tok.i + 1 < len(doc)
        and doc[tok.i + 1].text in ("-", "–")
    )


# Sectors of a force whose nationality word is not the country of the people it acts on ("Israeli forces ...
# killing three people" in Gaza).
_ARMED_SECTORS = frozenset({"MIL", "REB", "SPY", "CRM"})


def _qualifying_countries(doc: Doc, phrases: dict[int, _Phrase]) -> frozenset[str]:
    """Countries the sentence names only as the nationality of an armed force or an attack ("Israeli forces",
    "Russian shelling"): not the country of unqualified people in the same sentence ("... killing three people" in
    Gaza)."""
    from ..places import ATTACK_NOUNS

    out: set[str] = set()
    for ph in phrases.values():
        head = doc[ph.head]
        if head.pos_ != "NOUN":
            continue
        own = next((h.best for h in ph.hits if h.start <= ph.head < h.end and h.best.kind == "agent"), None)
        armed = own is not None and own.sector in _ARMED_SECTORS
        if not (armed or head.lemma_.lower() in ATTACK_NOUNS):
            continue  # "fear of Syrian retribution", "the South Sudanese area of Yida": the victims' own country
        out.update(
            h.best.country
            for h in ph.hits
            if h.best.kind in ("country", "demonym") and h.best.country and not h.start <= ph.head < h.end
        )
    return frozenset(out)


def _free_countries(doc: Doc, hits: list[_Hit], phrases: dict[int, _Phrase]) -> list[str]:
    """Countries the sentence names that no named person already claims: the candidates for an unqualified
    agent's country."""
    sentence_countries = _country_cues(
        [h for h in hits if h.best.kind in ("country", "demonym", "capital", "seat")]
    )
    # Countries that already belong to a named official ("South African leader F.W. de Klerk") are not the
    # country of another, unqualified one in the same sentence.
    claimed = {h.best.country for h in hits if h.best.kind in ("person", "person_phoenix") and h.best.country}
    # Likewise a country word that qualifies a person's name ("South African leader F.W. de Klerk").
    for ph in phrases.values():
        if any(h.start <= ph.head < h.end for h in ph.hits) or doc[ph.head].pos_ != "PROPN":
            continue
        claimed.update(
            h.best.country
            for h in ph.hits + ph.possessors
            if h.best.kind in ("country", "demonym") and h.best.country and not h.start <= ph.head < h.end
        )
    return [c for c in sentence_countries if c not in claimed]


def _longest_matches(out: list[ActorMention]) -> list[ActorMention]:
    """The mentions in order, longest-match and non-overlapping: a mention nested inside or overlapping a
    longer one is dropped (dyads share spans)."""
    out.sort(key=lambda m: (m.start, m.end))
    kept: list[ActorMention] = []
    for m in out:
        if any(k.start <= m.start and m.end <= k.end and (k.start, k.end) != (m.start, m.end) for k in kept):
            continue
        if any(m.start < k.end and k.start < m.end and (k.start, k.end) != (m.start, m.end) for k in kept):
            continue
        kept.append(m)
    return kept


def _finish_mention(
    doc: Doc, span: Span, m: ActorMention, ctx: ArticleContext, kept: list[ActorMention]
) -> None:
    """Trim a kept mention's leading blanks and surrounding spaces, set its head lemma and subject flag, and
    learn an abbreviation that follows it."""
    while m.start < m.end - 1 and doc[m.start].is_space:  # blanks of a masked dateline are not words
        m.start += 1
    if m.text != m.text.strip():
        m.text = m.text.strip()
        m.actor.text = m.actor.text.strip()
    m.head_lemma = doc[m.head].lemma_.lower()
    m.subject = doc[m.head].dep_ in ("nsubj", "nsubjpass") or (
        doc[m.head].dep_ == "conj" and doc[m.head].head.dep_ in ("nsubj", "nsubjpass")
    )
    _learn_abbreviation(doc, span, m, ctx, kept)


def _learn_abbreviation(
    doc: Doc, span: Span, m: ActorMention, ctx: ArticleContext, mentions: list[ActorMention]
) -> None:
    """ "Press Information Department (PID)": later "the PID" stands for the same actor; and when the
    abbreviation is a known name ("The International Labor Office (ILO)"), the long form takes its actor."""
    if m.end + 2 < span.end and doc[m.end].text == "(" and doc[m.end + 2].text == ")":
        abbr = doc[m.end + 1].text
        known = next((k for k in mentions if k.start == m.end + 1 and k.end == m.end + 2), None)
        if (
            known is not None
            and m.actor.country is None
            and m.actor.sector not in ("IGO",)
            and known.actor.kind != "country"
        ):
            m.actor = _copy(known.actor, m.text)
            m.confidence, m.how = known.confidence, known.how
        elif abbr.isupper() and 2 <= len(abbr) <= 8 and m.actor.kind not in ("country",):
            ctx.add_alias(abbr, m.actor)


# -- step 1: hits ---------------------------------------------------------------------------------------
def _dictionary_hits(span: Span) -> list[_Hit]:
    doc = span.doc
    base = span.start_char
    starts = [t.idx - base for t in span]
    hits = []
    for m in get_dictionary().iter_matches(span.text):
        t0 = span.start + bisect_right(starts, m.start) - 1
        t1 = span.start + bisect_right(starts, m.end - 1) - 1
        if t0 < span.start:
            continue
        # A hit must start at a token start, or right after a hyphen inside a token ("anti-Pakistan").
        tok = doc[t0]
        if tok.idx - base != m.start and not tok.text[: m.start - (tok.idx - base)].endswith(("-", "–")):
            continue
        if m.fuzzy and not _plausible_typo(doc[t0 : t1 + 1]):
            continue
        if t0 == t1 and (_someone_elses_surname(doc[t0], m.entries) or _title_as_surname(doc[t0], m.entries)):
            continue
        hits.append(_Hit(t0, t1 + 1, m.entries))
    return hits


_PERSON_ENTRY_KINDS = frozenset({"person", "person_phoenix"})
# Words a full name may open with that are a title, not a given name ("President Blair", "Sir Keir Starmer").
_NAME_TITLES = frozenset(
    "president prime minister mr mr. mrs mrs. ms ms. dr dr. sir lord lady king queen prince princess sen. sen "
    "senator rep. rep gov. gov governor gen. gen general chancellor secretary premier former ex late".split()
)


def _continues_a_name(tok: Token) -> bool:
    """The word runs on a PERSON name from a word before it that is no title ("Amy Bishop", "Jonathan P. Blair";
    not "President Blair")."""
    if tok.ent_type_ != "PERSON" or tok.ent_iob_ != "I" or tok.i == 0:
        return False
    prev = tok.doc[tok.i - 1]
    return prev.ent_type_ == "PERSON" and prev.lower_ not in _NAME_TITLES


def _title_as_surname(tok: Token, entries: tuple[Entry, ...]) -> bool:
    """A capitalised title word that ends someone's name ("Amy Bishop", "Mike Judge"): a surname, not the office."""
    if not entries or any(e.kind != "agent" or e.cls != "title" for e in entries):
        return False
    return tok.text[:1].isupper() and _continues_a_name(tok) and tok.doc[tok.i - 1].pos_ == "PROPN"


def _someone_elses_surname(tok: Token, entries: tuple[Entry, ...]) -> bool:
    """A known person's bare surname inside another person's full name: "Jonathan P. Blair" is not Tony Blair,
    "Lt. Matt Harris" not Kamala Harris: the name runs on from a given name that is not the known person's."""
    if not entries or any(e.kind not in _PERSON_ENTRY_KINDS for e in entries) or not _continues_a_name(tok):
        return False
    own = {w.casefold() for e in entries for w in e.name.split()}
    return tok.doc[tok.i - 1].text.casefold() not in own


def _plausible_typo(tokens: Span) -> bool:
    """A word read as a misspelt country is a person, organisation or real place name when the parser tags it so or
    the gazetteer knows it ("Cameron", "Indiana")."""
    from ..places import lookup_place

    if any(t.ent_type_ in ("PERSON", "FAC", "WORK_OF_ART", "PRODUCT") for t in tokens):
        return False
    return lookup_place(tokens.text) is None


def _memory_hits(span: Span, hits: list[_Hit], ctx: ArticleContext) -> list[_Hit]:
    """Add names the article taught us ("Dar", "PID"), on tokens no dictionary hit covers."""
    if not ctx.aliases:
        return hits
    # a bare surname the article has already given to someone ("Lt. Matt Harris ... Harris said") is that person,
    # not the famous holder of the name in the dictionary (Kamala Harris)
    hits = [h for h in hits if not _taught_surname(span.doc, h, ctx)]
    taken = {i for h in hits for i in range(h.start, h.end)}
    extra = []
    for tok in span:
        if tok.i in taken or tok.text not in ctx.aliases:
            continue
        actor = ctx.aliases[tok.text]
        extra.append(_Hit(tok.i, tok.i + 1, (_entry_from_actor(actor),), memory=actor))
    return sorted(hits + extra, key=lambda h: h.start)


def _taught_surname(doc: Doc, hit: _Hit, ctx: ArticleContext) -> bool:
    """A one-word dictionary person whose word the article taught as another person's surname."""
    if hit.end - hit.start != 1 or any(e.kind not in _PERSON_ENTRY_KINDS for e in hit.entries):
        return False
    taught = ctx.aliases.get(doc[hit.start].text)
    return (
        taught is not None
        and taught.kind in PERSON_KINDS
        and all(fold(taught.name) != fold(e.name) for e in hit.entries)
    )


def _entry_from_actor(a: Actor) -> Entry:
    kind = {"official": "person", "person": "person", "igo": "igo", "armed_group": "group"}.get(
        a.kind, "institution"
    )
    return Entry(kind, a.name, a.country, a.sector, a.code, role=a.role, cls=a.kind)


def _stance(doc: Doc, hit: _Hit) -> bool:
    e = hit.best
    if e.kind not in ("country", "demonym", "capital", "seat"):
        return False
    tok = doc[hit.start]
    before = doc.text[max(0, tok.idx - 5) : tok.idx].lower()
    if before.endswith(_STANCE_PREFIXES):
        return True
    return (
        hit.start >= 2
        and doc[hit.start - 1].text in ("-", "–")
        and doc[hit.start - 2].lower_ in ("anti", "pro", "non")
    )


def _in_word_compound(doc: Doc, hit: _Hit, span: Span) -> bool:
    """Agent words inside hyphenated compounds ("business-to-business", "people-to-people") are not actors."""
    if hit.best.kind != "agent":
        return False
    before = (
        hit.start - 1 >= span.start
        and doc[hit.start - 1].text in ("-", "–")
        and not doc[hit.start - 1].whitespace_
    )
    after = hit.end < span.end and doc[hit.end].text in ("-", "–") and not doc[hit.end - 1].whitespace_
    return before or after


def _inside_other_name(doc: Doc, hit: _Hit, span: Span) -> bool:
    """ "East Jerusalem", "Iran's Supreme National Security Council": a capital, seat or organisation form that
    is the tail of a longer proper name is not that actor."""
    if hit.best.kind not in ("seat", "capital", "igo", "igo_phoenix", "group", "group_phoenix", "ngo"):
        return False
    i = hit.start - 1
    if i < span.start or i == span.start and not doc[i].ent_type_:
        return False
    prev = doc[i]
    return (
        prev.pos_ == "PROPN"
        and prev.text[:1].isupper()
        and prev.head.i in range(hit.start, hit.end)
        and prev.dep_ in ("compound", "amod", "nmod")
    )


def _org_head(doc: Doc, hit: _Hit, hits: list[_Hit], org_of: dict) -> int | None:
    """Inside a named organisation ("Pakistan Standards and Quality Control Authority") the head is the
    organisation's last word when that word is an institution word, whatever the parse says."""
    ent = org_of.get(hit.start)
    if ent is None or hit.end >= ent.end:
        return None
    last = ent.end - 1
    for h in hits:
        if h.start <= last < h.end and (a := h.has("agent")) is not None and a.cls == "body":
            return last
    return None


def _split_coordinated(doc: Doc, span: Span, phrases: dict[int, _Phrase], org_of: dict) -> dict[int, _Phrase]:
    """Undo parses that hang "X and Y Z" all on Z when X is a name of its own ("the TTP and Baloch
    insurgents", "Minister Alexei Overchuk and Pakistan's Minister Ishaq Dar"). Coordinated adjectives
    ("Hungarian and Romanian officials") and titles ("Deputy Prime Minister and Foreign Minister Ishaq Dar")
    stay together."""
    out: dict[int, _Phrase] = {}
    pending = list(phrases.values())
    while pending:
        ph = pending.pop()
        hits = sorted(ph.hits, key=lambda h: h.start)
        first = min([h.start for h in hits + ph.possessors] or [ph.head])
        cut = None
        for i in range(ph.head - 1, first, -1):
            tok = doc[i]
            if (
                (tok.dep_ == "cc" or tok.lower_ in ("and", "or"))
                and not any(h.start <= i < h.end for h in hits)
                and not (i in org_of and org_of[i].start <= ph.head < org_of[i].end)
            ):
                cut = i
                break
        if cut is not None:
            left = [h for h in hits if h.end <= cut]
            named = [h for h in left if h.best.kind not in ("agent", "demonym")]
            right_mods = [
                h
                for h in hits
                if h.start > cut and h.best.kind in ("country", "demonym") and not h.start <= ph.head < h.end
            ]
            if named and all(h.best.kind == "country" for h in named) and right_mods:
                named = []  # "US and British forces": coordinated country words on one noun
            if named:
                last = max(named, key=lambda h: h.end)
                new = _Phrase(
                    _root(doc, last).i, hits=left, possessors=[p for p in ph.possessors if p.end <= cut]
                )
                rest = _Phrase(
                    ph.head,
                    hits=[h for h in hits if h.end > cut],
                    possessors=[p for p in ph.possessors if p.end > cut],
                    floor=cut + 1,
                )
                pending += [new, rest]
                continue
        if ph.head in out:
            out[ph.head].hits += ph.hits
            out[ph.head].possessors += ph.possessors
        else:
            out[ph.head] = ph
    return out


def _locative(doc: Doc, hit: _Hit) -> bool:
    """The hit is the object of a place preposition saying where something happens ("met in Moscow"), not
    which people are meant ("officials in Kabul")."""
    root = _root(doc, hit)
    if root.dep_ != "pobj" or root.head.lower_ not in _LOCATIVE:
        return False
    owner = root.head.head
    return not (owner.pos_ in _NOMINAL and is_actor_word(owner))


def _bilateral(doc: Doc, cues: list[_Hit]) -> bool:
    """ "Pakistan-Russia commission": two countries joined by a dash modify one noun (a joint body)."""
    countries = sorted(
        (h for h in cues if h.best.kind in ("country", "demonym") and h.best.country), key=lambda h: h.start
    )
    for a, b in zip(countries, countries[1:], strict=False):
        between = doc[a.end : b.start]
        if len(between) == 1 and between[0].text in ("-", "–", "—", "/") and a.best.country != b.best.country:
            return True
    return False


def _inherit_coordinated_country(doc: Doc, mentions: list[ActorMention]) -> None:
    """ "Pakistani military and police": the second agent shares the first one's country word."""
    by_head = {m.head: m for m in mentions if m.how == "composed"}
    for m in mentions:
        if m.actor.country is not None or m.how not in ("agent", "dateline"):
            continue
        tok = doc[m.head]
        if tok.dep_ == "conj" and tok.head.i in by_head:
            src = by_head[tok.head.i]
            m.actor.country = src.actor.country
            m.actor.code = _code(src.actor.country, m.actor.sector, None)
            m.actor.name = _name_for(src.actor.country, m.actor.name.split()[-1])
            m.confidence, m.how = CONF_COMPOSED, "composed"


def _merge_appositions(doc: Doc, mentions: list[ActorMention]) -> list[ActorMention]:
    """ "The Federal Minister for Interior Aftab Ahmad Khan Sherpao", "the militant group Hamas": a generic
    agent phrase with a known name in apposition is one mention, the name's actor with the agent's role."""
    by_head = {m.head: m for m in mentions}
    drop: set[int] = set()
    for m in mentions:
        if m.how not in ("agent", "dateline", "sentence") or id(m) in drop:
            continue
        for child in doc[m.head].rights:
            named = by_head.get(child.i)
            if (
                child.dep_ != "appos"
                or named is None
                or named.how not in ("dictionary", "memory", "composed")
            ):
                continue
            named.start, named.end = min(m.start, named.start), max(m.end, named.end)
            named.text = doc[named.start : named.end].text
            named.actor.text = named.text
            if m.actor.kind == "official" and m.actor.role:
                named.actor.role = named.actor.role or m.actor.role
            drop.add(id(m))
            break
    return [m for m in mentions if id(m) not in drop]


def _office_in_apposition(doc: Doc, mentions: list[ActorMention]) -> None:
    """ "John Williams, the president of the Federal Reserve Bank of New York": a person found in the name
    dictionary (a Barbadian minister of that name) whose appositive names an office of another country is someone
    else of the same name: the office says who he is."""
    by_head = {m.head: m for m in mentions}
    for m in mentions:
        if m.how != "dictionary" or m.actor.kind != "person":
            continue  # a name of the Phoenix list (the curated officials are the ones the news names)
        office = next(
            (by_head[c.i] for c in doc[m.head].rights if c.dep_ == "appos" and c.i in by_head),
            None,
        )
        if (
            office is not None
            and office.actor.kind in ("official", "organisation")
            and office.actor.country
            and office.actor.country != m.actor.country
        ):
            m.actor.country, m.actor.sector = office.actor.country, office.actor.sector
            m.actor.code = office.actor.code


def _adopt_owner(doc: Doc, mentions: list[ActorMention]) -> None:
    """ "Leaders of the Azadliq opposition coalition", "members of Romania's new government", "doctors from two
    American aid groups": a generic agent with no country of its own (or only a guessed one) takes the country
    (and, if it has none, the sector) of the actor in its "of"/"from" phrase (or, for a spokesman or
    representative, its "for" phrase: "a spokesman for the Taliban government"), or of the actor it is tied to
    ("workers affiliated with the Serbian union", "militants loyal to X", "fighters linked to Y")."""
    for m in mentions:
        if m.how not in ("agent", "dateline", "sentence") or (
            m.actor.country is not None and m.how == "agent"
        ):
            continue
        head = doc[m.head]
        preps = [p for p in head.rights if p.dep_ == "prep" and p.lower_ in ("of", "from")]
        if head.lemma_.lower() in _FOR_AGENTS or head.lower_ in _FOR_AGENTS:
            preps += [p for p in head.rights if p.dep_ == "prep" and p.lower_ == "for"]
        for tie in head.rights:
            if tie.dep_ in ("acl", "amod") and tie.lemma_.lower() in _TIES:
                preps += [p for p in tie.rights if p.dep_ == "prep" and p.lower_ in ("with", "to")]
        for prep in preps:
            inner = [
                k for k in mentions if k is not m and prep.i < k.head <= prep.right_edge.i and k.actor.country
            ]
            if inner:
                src = inner[0].actor
                old = get_dictionary().country_names.get(m.actor.country or "", "")
                if old and m.actor.name.startswith(old + " "):  # a name composed with the guessed country
                    m.actor.name = _name_for(src.country, m.actor.name[len(old) + 1 :])
                m.actor.country = src.country
                m.actor.sector = m.actor.sector or src.sector
                m.actor.code = _code(src.country, m.actor.sector, None)
                m.confidence, m.how = CONF_COMPOSED, "composed"
                break


# -- step 2: phrase heads -------------------------------------------------------------------------------
def _root(doc: Doc, hit: _Hit) -> Token:
    for i in range(hit.start, hit.end):
        t = doc[i]
        if not (hit.start <= t.head.i < hit.end) or t.head.i == t.i:
            return t
    return doc[hit.end - 1]


def _inside(span: Span, i: int) -> bool:
    return span.start <= i < span.end


def _climb(tok: Token, span: Span) -> Token:
    """From a modifier up to the noun it modifies ("Pakistani" -> "forces"), staying left-to-right."""
    seen = 0
    while seen < 12:
        seen += 1
        head = tok.head
        if head.i == tok.i or not _inside(span, head.i):
            break
        if tok.dep_ in _CLIMB_DEPS and head.i > tok.i and head.pos_ in _NOMINAL:
            tok = head
            continue
        # Coordinated modifiers: "Hungarian and Romanian officials" (Romanian -> Hungarian -> officials).
        if (
            tok.dep_ == "conj"
            and head.dep_ in _CLIMB_DEPS
            and head.head.i > head.i
            and head.head.pos_ in _NOMINAL
        ):
            tok = head
            continue
        break
    return tok


def _possessed_head(doc: Doc, hit: _Hit, span: Span) -> int | None:
    """For "Russia's X", the head of X (by adjacency: the parse often attaches the possessor wrongly)."""
    nxt = hit.end
    if nxt >= span.end or doc[nxt].text not in _POSSESSIVE:
        return None
    j = nxt + 1
    if j >= span.end or doc[j].pos_ not in (*_NOMINAL, "ADJ", "VERB", "NUM"):
        return None
    tok = _climb(doc[j], span)
    # Possessed phrase must stay to the right of the possessor.
    return tok.i if tok.i > hit.start else None


def _np_head(doc: Doc, hit: _Hit, span: Span) -> int:
    tok = _climb(_root(doc, hit), span)
    if hit.best.kind not in ("country", "demonym", "capital", "seat", "place"):
        # "leaders of Romania's new government", "the government of President X": actors of their own; a
        # country-less head adopts their country afterwards (_adopt_owner).
        return tok.i
    # "Competition Commission of Pakistan", "Minister of Energy of the Russian Federation",
    # "King Hassan of Morocco".
    for _ in range(3):
        if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.i < tok.i:
            owner = tok.head.head
            name_part = owner.pos_ == "PROPN" and (
                owner.dep_ == "pobj" and owner.head.lower_ == "of" or owner.ent_type_ == "PERSON"
            )
            if owner.pos_ in _NOMINAL and _inside(span, owner.i) and (is_actor_word(owner) or name_part):
                tok = _climb(owner, span)
                continue
        break
    return tok.i


# -- step 3: phrases to mentions ------------------------------------------------------------------------
_NAMED = (
    "country",
    "demonym",
    "capital",
    "seat",
    "igo",
    "igo_phoenix",
    "ngo",
    "group",
    "group_phoenix",
    "ethnic",
    "person",
    "person_phoenix",
    "institution",
    "place",
)
_ORG_KINDS = (
    "igo",
    "igo_phoenix",
    "ngo",
    "group",
    "group_phoenix",
    "ethnic",
    "institution",
    "person",
    "person_phoenix",
)


def _phrase_mentions(
    doc: Doc,
    span: Span,
    ph: _Phrase,
    ctx: ArticleContext,
    taken: set[int],
    sentence_countries: list[str],
    placed: set[str] | frozenset[str] = frozenset(),
    qualified: frozenset[str] = frozenset(),
) -> list[ActorMention]:
    """The mentions of one noun phrase: its head decides the case (a modifier-only phrase, a joint body, the
    dyad, an ethnic community, a named actor, or an agent word or unknown name; see the functions below)."""
    head = doc[ph.head]
    head_hit, mods, name, agent_head = _phrase_head(doc, span, ph, taken)
    cues = ph.possessors + mods
    named_cues = [h for h in cues if h.best.kind in _NAMED]
    if agent_head is not None and agent_head.cls == "nonactor":
        return []  # "the Indian cricket team" represents a country but never acts for it
    if agent_head is not None and agent_head.cls == "dyad" and _a_persons_side(head):
        return []  # "rushed to her side": beside a person, no party
    if agent_head is not None and agent_head.cls == "title" and _bare_office(head, ph, name):
        return []  # "demanding justice", "was elected president": an office or an ideal, not a person
    # Equipment and places ("French warships", "Taliban posts") are actors only when a name says whose, or a force
    # that owns them ("a police convoy", "an army base"; not "a prison camp")
    if (
        agent_head is not None
        and agent_head.cls == "asset"
        and not named_cues
        and not _owning_force(cues, head)
    ):
        return []

    if head_hit is None and name is None:
        return _modifier_mentions(doc, ph, ctx, cues, mods)
    bilateral = _bilateral(doc, cues)
    if bilateral and (agent_head is None or agent_head.cls != "body"):
        return []

    own = {i for h in ph.hits + ph.possessors for i in range(h.start, h.end)}
    start, end = _extent(doc, span, ph, name, taken - own)
    p = _PhraseParts(doc, span, ph, ctx, head, start, end, doc[start:end].text, cues)
    if bilateral:
        assert agent_head is not None  # a bilateral phrase goes on only when its head is a body
        return _joint_body_mentions(p, agent_head)

    dyad = _dyad_phrase(p, agent_head) if agent_head is not None else None
    if dyad is not None:
        return dyad
    if head_hit is not None and head_hit.ethnic:
        return [_ethnic_mention(p, head_hit, sentence_countries)]
    if head_hit is not None and head_hit.best.kind != "agent":
        return [_named_head_mention(p, head_hit, sentence_countries)]
    return _agent_mentions(p, mods, agent_head, name, taken, sentence_countries, placed, qualified)


_PERSONAL_POSSESSIVES = frozenset({"my", "his", "her", "your", "our"})


def _a_persons_side(head: Token) -> bool:
    """A side a person owns ("rushed to her side", "by his side"), not a party to a dispute."""
    return head.lemma_.lower() == "side" and any(
        c.dep_ == "poss" and c.lower_ in _PERSONAL_POSSESSIVES for c in head.children
    )


# Dependents that make a singular noun a person ("the justice", "a Supreme Court justice", "his minister").
_REFERRING_DEPS = frozenset(
    {"det", "poss", "compound", "amod", "nummod", "nmod", "appos", "prep", "relcl", "acl"}
)


def _bare_office(head: Token, ph: _Phrase, name: tuple[int, int] | None) -> bool:
    """A lowercase singular title with no determiner, modifier, name or dictionary cue ("protesters demanding
    justice", "was elected president"): the noun names an office or an ideal, not someone who acts."""
    return (
        name is None
        and not ph.possessors
        and len(ph.hits) == 1
        and head.tag_ == "NN"
        and head.text[:1].islower()
        and not any(c.dep_ in _REFERRING_DEPS for c in head.children)
    )


def _owning_force(cues: list[_Hit], head: Token) -> bool:
    """A modifier naming a police or armed force says whose the asset is ("a police convoy", "an army base"), when
    no country word before it does (the modifier reading of "an Indian Navy warship" is India's)."""
    forces = [
        h
        for h in cues
        if (e := h.best).kind == "agent" and e.sector in ("COP", "MIL") and e.cls in ("body", "member", "mod")
    ]
    own = {i for h in forces for i in range(h.start, h.end)}
    named = any(t.i not in own and t.pos_ in ("PROPN", "ADJ") and t.text[:1].isupper() for t in head.lefts)
    return bool(forces) and not named


def _phrase_head(
    doc: Doc, span: Span, ph: _Phrase, taken: set[int]
) -> tuple[_Hit | None, list[_Hit], tuple[int, int] | None, Entry | None]:
    """A phrase's head hit (None for an agent word that cannot head it), its modifier hits, the person name
    ending at the head when no hit covers it, and the agent reading of the head."""
    head = doc[ph.head]
    head_hit = next((h for h in ph.hits if h.start <= ph.head < h.end), None)
    mods = [h for h in ph.hits if h is not head_hit]
    has_title = any(
        (a := h.has("agent")) is not None
        and (a.cls in ("title", "honorific") or h.end == _name_start(doc, span, ph.head, taken))
        for h in mods
    )
    name = _name_run(doc, span, ph.head, taken, has_title) if head_hit is None else None
    agent_head = head_hit.has("agent") if head_hit is not None else None
    if agent_head is not None and (agent_head.cls in ("honorific", "mod") or head.pos_ not in _NOMINAL):
        agent_head = None
    if head_hit is not None and agent_head is None and head_hit.best.kind == "agent":
        head_hit = None
    return head_hit, mods, name, agent_head


def _dyad_phrase(p: _PhraseParts, agent_head: Entry) -> list[ActorMention] | None:
    """Dyad: "the two sides", "both countries" stand for the article's dyad (None when the phrase is not one)."""
    head = p.head
    if head.lower_ not in _DYAD_HEADS or _country_cues(p.cues):
        return None
    if not (
        any(c.lower_ in _DYAD_MARKERS for c in head.children)
        or (agent_head.cls == "dyad" and head.tag_ == "NNS" and any(c.lower_ == "the" for c in head.children))
    ):
        return None
    sector = agent_head.sector if agent_head.cls == "dyad" or head.lower_.startswith("delegation") else None
    return _dyad(p.start, p.end, p.text, p.ph.head, p.ctx, sector)


@dataclass(slots=True)
class _PhraseParts:
    """What every case of ``_phrase_mentions`` reads: the phrase's token extent and text, its head and cues."""

    doc: Doc
    span: Span
    ph: _Phrase
    ctx: ArticleContext
    head: Token
    start: int
    end: int
    text: str
    cues: list[_Hit]

    def mention(self, actor: Actor, conf: float, how: str) -> ActorMention:
        """A mention of ``actor`` on the whole phrase."""
        return ActorMention(self.start, self.end, self.text, actor, self.ph.head, conf, how=how)

    def remembered(self, actor: Actor) -> list[ActorMention]:
        """The actor named earlier in the article, on this phrase's text."""
        return [self.mention(_copy(actor, self.text), CONF_MEMORY, "memory")]


def _coded_actor(
    text: str, name: str, country: str | None, sector: str | None, kind: str, role: str | None = None
) -> Actor:
    """An actor whose code is built from its country and sector."""
    return Actor(
        text=text,
        name=name,
        country=country,
        sector=sector,
        kind=kind,
        code=_code(country, sector, None),
        role=role,
    )


def _modifier_mentions(
    doc: Doc, ph: _Phrase, ctx: ArticleContext, cues: list[_Hit], mods: list[_Hit]
) -> list[ActorMention]:
    """Not an actor phrase ("Russian crude", "Afghanistan's major cities", "a U.N. resolution"): a possessor
    or a proper-name modifier still names an actor on its own; adjectives ("Russian") do not."""
    out = []
    joint = _bilateral(doc, cues)  # "Pakistan-Russia relations": neither country acts alone
    for h in ph.possessors + mods:
        if h.best.kind in _NAMED:
            conf = (
                None
                if h in ph.possessors and not joint
                else CONF_ADJECTIVE
                if joint or h.best.kind in ("demonym", "ethnic")
                else CONF_MODIFIER
            )
            out += _standalone(doc, h, ctx, conf)
    return out


def _joint_body_mentions(p: _PhraseParts, agent_head: Entry) -> list[ActorMention]:
    """ "the Pakistan-Russia Intergovernmental Commission": a joint body is both countries at once, one mention
    per country on the same span (as for "the two sides"), so its sessions code as reciprocal events."""
    sector = agent_head.sector or "GOV"
    return [
        p.mention(
            _coded_actor(p.text, _name_for(iso3, agent_head.name), iso3, sector, "organisation"),
            CONF_BILATERAL,
            "bilateral",
        )
        for iso3 in _country_cues(p.cues)[:2]
    ]


def _ethnic_mention(p: _PhraseParts, head_hit: _Hit, sentence_countries: list[str]) -> ActorMention:
    """ "Serb forces killed three ethnic Albanians in Serbia": the community of the country they live in."""
    located = _located_countries(p.doc, p.span, p.head)
    country: str | None = located[0] if located else None
    conf, how = CONF_LOCATED, "located"
    if country is None:
        others = [c for c in sentence_countries if c != head_hit.best.country]
        country, conf, how = (
            (others[0], CONF_SENTENCE, "sentence") if len(others) == 1 else (None, CONF_NO_COUNTRY, "agent")
        )
    return p.mention(_coded_actor(p.text, p.text, country, "CVL", "group"), conf, how)


def _named_head_mention(p: _PhraseParts, head_hit: _Hit, sentence_countries: list[str]) -> ActorMention:
    """A phrase headed by a name the dictionaries know (a country, an IGO, a group, a person, a place)."""
    head = p.head
    actor, conf, how = _named_actor(head_hit, p.cues, p.text, p.ctx)
    if head_hit.best.kind == "place" and head.dep_ == "pobj" and head.head.lower_ in _LOCATIVE:
        conf = CONF_ADJECTIVE  # "attacks in Balochistan": where, not who
    if actor.country is None and head_hit.best.kind == "group_phoenix" and len(sentence_countries) == 1:
        # Phoenix codes some groups by region only (WAFREB): the sentence's one country is the best guess.
        actor.country, actor.code = (
            sentence_countries[0],
            _code(sentence_countries[0], actor.sector, None),
        )
        conf, how = CONF_SENTENCE, "sentence"
    if (
        head_hit.best.kind == "demonym"
        and head.tag_ in ("NNS", "NNPS")
        and head.lower_.endswith("s")
        and actor.country
    ):
        # "Palestinians", "Young Algerians": a plural demonym names the people of a country, not its state.
        actor = _coded_actor(p.text, _name_for(actor.country, "people"), actor.country, "CVL", "group")
    return p.mention(actor, conf, how)


def _agent_mentions(
    p: _PhraseParts,
    mods: list[_Hit],
    agent_head: Entry | None,
    name: tuple[int, int] | None,
    taken: set[int],
    sentence_countries: list[str],
    placed: set[str] | frozenset[str],
    qualified: frozenset[str] = frozenset(),
) -> list[ActorMention]:
    """Head is an agent word or an unknown name: country from the cues, sector from the head. Unqualified
    civilians do not take the country of another actor's nationality word (``_qualifying_countries``)."""
    countries = _country_cues(p.cues)
    titles = [h for h in mods if (a := h.has("agent")) is not None and a.cls in ("title", "honorific")]
    role = _role_text(p.doc, titles, agent_head)
    # a form of address is no office: "Mr. Nichols" is a person ("His Excellency", which has a sector, is one)
    titled = any((a := h.has("agent")) is not None and (a.cls == "title" or a.sector) for h in titles)
    sector, kind = _sector_and_kind(agent_head, mods, name is not None, titled)
    org_cue = next((h for h in p.cues if h.best.kind in _ORG_KINDS), None)
    label = agent_head.name if agent_head is not None else p.head.text

    if name is not None:
        return _person_mentions(p, name, countries, titled, role, sector, org_cue, sentence_countries)

    # A title without a name: "the minister" -> the official named earlier with that role.
    if agent_head is not None and agent_head.cls == "title" and not countries and org_cue is None:
        remembered = p.ctx.official_by_role(agent_head.role or p.head.text)
        if remembered is not None and any(c.lower_ in ("the", "this") for c in p.head.children):
            return p.remembered(remembered)

    if org_cue is not None and not countries:
        member = agent_head is not None and agent_head.cls == "member"
        return [_org_member_mention(p, org_cue, sector, role, label, member)]
    if not countries:
        if sector == "CVL":
            sentence_countries = [c for c in sentence_countries if c not in qualified]
        return _countryless_mentions(
            p, agent_head, sector, kind, role, label, taken, sentence_countries, placed
        )

    mentions = []
    for iso3 in countries:
        sec = sector or ("GOV" if kind in ("official", "organisation") else None)
        actor = _coded_actor(p.text, _name_for(iso3, label), iso3, sec, kind, role)
        mentions.append(p.mention(actor, CONF_COMPOSED, "composed"))
    return mentions


def _person_mentions(
    p: _PhraseParts,
    name: tuple[int, int],
    countries: list[str],
    titled: bool,
    role: str | None,
    sector: str | None,
    org_cue: _Hit | None,
    sentence_countries: list[str],
) -> list[ActorMention]:
    """A person's name, with a title, a country or an organisation that says whose person it is."""
    person_name = p.doc[name[0] : name[1]].text
    remembered = p.ctx.aliases.get(person_name)
    if remembered is not None and not countries:
        return p.remembered(remembered)
    if not titled and not countries and org_cue is None:
        return []
    if org_cue is not None and not countries:
        org = _named_actor(org_cue, [], p.text, p.ctx)[0]
        actor = Actor(
            text=p.text,
            name=person_name,
            country=org.country,
            sector=org.sector if org.kind != "country" else (sector or "GOV"),
            kind="official" if titled else "person",
            code=org.code,
            role=role,
        )
        return [p.mention(actor, CONF_COMPOSED, "composed")]
    placed = _titled_place(p, name) if titled and not countries else None
    country, conf, how = (
        (countries[0], CONF_DICTIONARY, "title")
        if countries
        else placed
        if placed is not None
        else _fallback_country(p.ctx, sentence_countries, "GOV")
    )
    sector = sector or "GOV"
    actor = _coded_actor(p.text, person_name, country, sector, "official" if titled else "person", role)
    return [p.mention(actor, conf, how)]


def _titled_place(p: _PhraseParts, name: tuple[int, int]) -> tuple[str, float, str] | None:
    """The country of a state or city named in the title before a person's name: "California Highway Patrol
    Officer Brian Pennings", "Texas Governor Rick Perry" (a US state is no country cue of the dictionaries)."""
    country = _local_country(list(p.doc[p.start : name[0]]))
    return (country, CONF_LOCATED, "located") if country else None


def _local_country(tokens: list[Token]) -> str | None:
    """The country of a city or first-level region (a US state, a province) some of the words name."""
    from ..places import place_in_tokens

    loc = place_in_tokens(tokens)
    return loc.country if loc is not None and loc.country and loc.precision in ("city", "admin1") else None


def _org_member_mention(
    p: _PhraseParts, org_cue: _Hit, sector: str | None, role: str | None, label: str, member: bool = False
) -> ActorMention:
    """An agent of a named organisation with no country of its own ("Taliban fighters", "UN officials"). The
    members of a named person are a group of that person's country with their own sector: "Trump's supporters"
    are American civilians, not Donald Trump."""
    org = _named_actor(org_cue, [], p.text, p.ctx)[0]
    if member and sector and org.kind in ("official", "person") and org.country:
        actor = _coded_actor(p.text, _name_for(org.country, label), org.country, sector, "group", role)
        return p.mention(actor, CONF_COMPOSED, "composed")
    actor = Actor(
        text=p.text,
        name=org.name,
        country=org.country,
        sector=org.sector,
        kind=org.kind,
        code=org.code,
        role=role,
    )
    if org.kind in ("country", "organisation") and org.sector in (None, "CVL") and sector:
        actor.sector, actor.code = sector, _code(org.country, sector, None)
    government = governing_groups().get(org_cue.best.code or "")
    if (
        government is not None and sector == "GOV"
    ):  # "Taliban ministers": the group governs (governing_groups.tsv)
        actor.sector, actor.code, actor.kind = "GOV", government, "organisation"
    if org.kind == "igo" and sector not in (None, "IGO"):
        actor.role = role or label
    return p.mention(actor, CONF_COMPOSED, "composed")


def _countryless_mentions(
    p: _PhraseParts,
    agent_head: Entry | None,
    sector: str | None,
    kind: str,
    role: str | None,
    label: str,
    taken: set[int],
    sentence_countries: list[str],
    placed: set[str] | frozenset[str],
) -> list[ActorMention]:
    """An agent no word of its phrase gives a country: where it is, who it was earlier, or the fallback."""
    doc, head = p.doc, p.head
    body = agent_head is not None and agent_head.cls == "body" and head.lemma_.lower() in _MEETING_BODIES
    # "officials in Islamabad" are Pakistani; "the commission in Moscow" only met there.
    located = _located_countries(doc, p.span, head) if sector not in ("REB", "CRM") and not body else []
    if located:
        return [
            p.mention(
                _coded_actor(p.text, _name_for(iso3, label), iso3, sector, kind, role),
                CONF_LOCATED,
                "located",
            )
            for iso3 in located
        ]
    remembered = (
        p.ctx.same_head(head.lemma_.lower())
        if any(c.lower_ in ("the", "these", "those") for c in head.children)
        # "Somali pirates hijacked ... Pirates on a dhow attacked": armed groups and criminals take no country from
        # the article, but the same word named with one just before is the same people
        or (sector in ("REB", "CRM") and head.tag_ in ("NNS", "NNPS"))
        else None
    )
    if remembered is not None:
        # "the sources", "the officials": the ones named earlier in the article.
        return p.remembered(remembered)
    country, conf, how = None, CONF_NO_COUNTRY, "agent"
    place = _place_cue(doc, p.span, head, p.ph.floor)
    if place is not None and (sector not in ("REB", "CRM") or place[1] == "modifier"):
        country, conf, how = place[0], CONF_LOCATED, "located"
    elif sector == "PTY" and (home := _party_home(head)):
        country, conf, how = home, CONF_LOCATED, "located"
    elif sector == "MIL" and head.lemma_.lower() in _FORCE_HEADS and (force := p.ctx.only_force()):
        # "The Indian navy captured 23 pirates ... Marine commandos boarded two of the pirate vessels": the one
        # armed force the article has named, not a country of its own
        country, conf, how = force, CONF_LOCATED, "memory"
    elif (
        (head.lower_ not in _DYAD_HEADS or (head.lower_ in _ONE_SIDE_HEADS and not p.ctx.dyad))
        and head.pos_ == "NOUN"
        and (sector in ("PTY", "OPP") or not _unknown_name(doc, p.start, p.end, taken))
    ):
        country, conf, how = _fallback_country(
            p.ctx, [c for c in sentence_countries if not (body and c in placed)], sector
        )
    if sector is None and country is None:
        return []
    return [
        p.mention(_coded_actor(p.text, _name_for(country, label), country, sector, kind, role), conf, how)
    ]


def _party_home(head: Token) -> str | None:
    """The country of a big party's members named by the party ("the Democrats", "GOP leaders"), if any."""
    if any(c.lower_ in _OTHER_PARTY_WORDS for c in head.lefts):
        return None
    return next((_PARTY_HOMES[w.lower_] for w in (head, *head.lefts) if w.lower_ in _PARTY_HOMES), None)


def _fallback_country(
    ctx: ArticleContext, sentence_countries: list[str], sector: str | None
) -> tuple[str | None, float, str]:
    """Country of an agent that names none: for state and civilian sectors the dateline's (wire convention:
    unqualified authorities are the home country's), else the only country the sentence names; else none.
    Armed groups, criminals and international bodies never take a country this way."""
    if sector is None or sector in _NO_FALLBACK_SECTORS:
        return None, CONF_NO_COUNTRY, "agent"
    if ctx.dateline_country and sector in _DATELINE_SECTORS:
        return ctx.dateline_country, CONF_DATELINE, "dateline"
    if len(sentence_countries) == 1:
        return sentence_countries[0], CONF_SENTENCE, "sentence"
    return None, CONF_NO_COUNTRY, "agent"


def _unknown_name(doc: Doc, start: int, end: int, taken: set[int]) -> bool:
    """The phrase holds a capitalised name no dictionary knows ("AKP offices", "Cumhuriyet University"):
    a named organisation whose country we cannot guess from the sentence."""
    return any(
        t.pos_ == "PROPN"
        and t.i not in taken
        and t.text[:1].isupper()
        and t.ent_type_ not in ("PERSON", "NORP")
        for t in doc[start:end]
    )


def _place_cue(doc: Doc, span: Span, head: Token, floor: int) -> tuple[str, str] | None:
    """Country of a place that identifies an agent: a place-name modifier ("Darfur rebels", "Sindh police")
    or an "of" phrase ("the government of Sindh province", "the town of Cizre")."""
    from ..places import place_in_tokens

    mods = [c for c in head.lefts if c.i >= floor and c.dep_ in ("compound", "nmod") and c.pos_ == "PROPN"]
    if mods:
        # from the modifier's own left edge: "California Highway Patrol officers" (California -> Patrol -> officers)
        country = _local_country(list(doc[max(floor, mods[0].left_edge.i) : head.i]))
        if country:
            return country, "modifier"
    for prep in head.rights:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            loc = place_in_tokens(list(doc[prep.i + 1 : prep.right_edge.i + 1]))
            if loc is not None and loc.country:
                return loc.country, "of"
    return None


def _named_actor(hit: _Hit, cues: list[_Hit], text: str, ctx: ArticleContext) -> tuple[Actor, float, str]:
    """The actor of a phrase headed by a dictionary name (country, capital, IGO, group, person)."""
    e = hit.best
    if hit.memory is not None:
        return _copy(hit.memory, text), CONF_MEMORY, "memory"
    countries = _country_cues(cues)
    conf = CONF_DICTIONARY * e.confidence
    if e.kind == "person_phoenix":
        # An explicit country or organisation next to a dated Phoenix name wins: "U.N. mediator Diego Cordovez".
        igo = next((h.best for h in cues if h.best.kind in ("igo", "igo_phoenix")), None)
        if igo is not None:
            return (
                Actor(
                    text=text,
                    name=e.name,
                    country=None,
                    sector="IGO",
                    kind="official",
                    code=igo.code,
                    role=None,
                ),
                CONF_COMPOSED,
                "composed",
            )
        if countries and countries[0] != e.country:
            return (
                Actor(
                    text=text,
                    name=e.name,
                    country=countries[0],
                    sector=e.sector,
                    kind="person",
                    code=_code(countries[0], e.sector, None),
                    role=e.role,
                ),
                CONF_COMPOSED,
                "composed",
            )
    actor = _named_actor_from_entry(e, text)
    titles = [h for h in cues if (a := h.has("agent")) is not None and a.cls in ("title", "honorific")]
    if e.kind in ("person", "person_phoenix") and titles and titles[0].best.cls == "title":
        # "President Abdelaziz Bouteflika": a title written next to a known name makes an official; the
        # written title is the role when the dictionary has none.
        actor.kind = "official"
        actor.role = actor.role or _hit_text(titles)
    if e.kind in ("group", "group_phoenix", "ethnic") and actor.country is None and countries:
        actor.country = countries[0]
        if not (actor.code or "").startswith("IMG"):
            actor.code = _code(actor.country, actor.sector, None)
    return actor, conf, "dictionary"


def _hit_text(hits: list[_Hit]) -> str:
    """Words covered by the given hits, in order ("Deputy Foreign Minister")."""
    return " ".join(
        h.best.name if h.best.kind != "agent" else h.best.name.title()
        for h in sorted(hits, key=lambda h: h.start)
    )


def _named_actor_from_entry(e: Entry, text: str) -> Actor:
    """The actor a dictionary entry stands for, as written ``text``."""
    if e.kind in ("person", "person_phoenix"):
        kind = "official" if e.cls in ("official", "igo") else "person"
        return Actor(
            text=text, name=e.name, country=e.country, sector=e.sector, kind=kind, code=e.code, role=e.role
        )
    if e.kind in ("igo", "igo_phoenix"):
        return Actor(text=text, name=e.name, country=None, sector="IGO", kind="igo", code=e.code)
    if e.kind == "ngo":
        return Actor(text=text, name=e.name, country=None, sector="NGO", kind="organisation", code=e.code)
    if e.kind in ("group", "group_phoenix"):
        kind = "armed_group" if e.sector == "REB" else "organisation"
        return Actor(text=text, name=e.name, country=e.country, sector=e.sector, kind=kind, code=e.code)
    if e.kind == "ethnic":
        return Actor(text=text, name=e.name, country=e.country, sector=e.sector, kind="group", code=e.code)
    if e.kind == "institution":
        return Actor(
            text=text, name=e.name, country=e.country, sector=e.sector, kind="organisation", code=e.code
        )
    if e.kind in ("capital", "seat"):
        return Actor(text=text, name=e.name, country=e.country, sector=e.sector, kind="capital", code=e.code)
    if e.kind == "place":
        # A province or region standing for its people or authorities ("Darfur", "the West Bank").
        return Actor(text=text, name=e.name, country=e.country, sector=None, kind="country", code=e.country)
    if e.kind == "agent":
        kind = {"title": "official", "member": "group"}.get(e.cls or "", "organisation")
        return Actor(text=text, name=e.name, country=None, sector=e.sector, kind=kind, code=None, role=e.role)
    return _country_actor(text, e.country, None)


def _country_actor(text: str, iso3: str | None, sector: str | None) -> Actor:
    d = get_dictionary()
    return Actor(
        text=text,
        name=d.country_names.get(iso3 or "", iso3 or ""),
        country=iso3,
        sector=sector,
        kind="country",
        code=_code(iso3, sector, None),
    )


def _standalone(doc: Doc, hit: _Hit, ctx: ArticleContext, conf: float | None = None) -> list[ActorMention]:
    text = doc[hit.start : hit.end].text
    actor, dict_conf, how = _named_actor(hit, [], text, ctx)
    root = _root(doc, hit)
    return [
        ActorMention(
            hit.start,
            hit.end,
            text,
            actor,
            root.i,
            dict_conf if conf is None else conf,
            how=how if conf is None else "modifier",
        )
    ]


def _country_cues(cues: list[_Hit]) -> list[str]:
    found: list[str] = []
    for h in cues:
        e = h.best
        if (
            e.kind in ("country", "demonym", "capital", "seat", "place")
            and e.country
            and e.country not in found
            and not h.ethnic
        ):
            found.append(e.country)
    return found


# Titles of people who speak for whatever body their modifier names (government unless one is named).
SPEAKER_TITLES = frozenset({"spokesman", "spokeswoman", "spokesperson", "press secretary"})


def _sector_and_kind(
    agent: Entry | None, mods: list[_Hit], has_name: bool, has_title: bool
) -> tuple[str | None, str]:
    sector = agent.sector if agent is not None else None
    if sector is None or (agent is not None and agent.name in SPEAKER_TITLES):
        # Generic heads ("sources", "chairman") take their sector from an agent modifier ("security sources"); so do
        # the people who speak for a body ("a police spokesman", "an army spokesman", "a court spokeswoman").
        for h in reversed(mods):
            a = h.has("agent")
            if a is not None and a.sector:
                sector = a.sector
                break
    if has_name:
        return sector, "official" if has_title else "person"
    if agent is None:
        return sector, "organisation"
    if agent.cls == "title":
        return sector, "official"
    if agent.cls == "member":
        return sector, "armed_group" if sector == "REB" else "group"
    if agent.cls == "dyad":
        return sector, "group"
    return sector, "organisation"


def _kind_of(e: Entry) -> str:
    return {
        "igo": "igo",
        "group": "armed_group" if e.sector == "REB" else "organisation",
        "person": "official",
        "person_phoenix": "person",
    }.get(e.kind, "organisation")


def _role_text(doc: Doc, titles: list[_Hit], agent_head: Entry | None) -> str | None:
    if titles:
        first, last = titles[0].start, titles[-1].end
        return doc[first:last].text
    if agent_head is not None and agent_head.cls == "title":
        return agent_head.role or agent_head.name
    return None


def _code(country: str | None, sector: str | None, org: Entry | None) -> str | None:
    if org is not None and org.kind in ("igo", "group") and not country:
        return org.code
    if country is None:
        return None
    return country + (sector or "")


def _name_for(iso3: str | None, label: str) -> str:
    """Canonical name of a composed actor: "Pakistan security forces", "militant"."""
    country = get_dictionary().country_names.get(iso3 or "", "")
    return f"{country} {label}".strip()


def _name_start(doc: Doc, span: Span, head: int, taken: set[int]) -> int:
    """First token of the capitalised proper-noun run ending at ``head`` ("suspected British militant |Haroon
    Rashid Aswad")."""
    start = head
    while (
        start - 1 >= span.start
        and start - 1 not in taken
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].text[:1].isupper()
    ):
        start -= 1
    return start


def _name_run(doc: Doc, span: Span, head: int, taken: set[int], has_title: bool) -> tuple[int, int] | None:
    """A person name ending at ``head``: consecutive capitalised proper nouns not covered by hits. Without
    a title before it, only a span the NER tags as a person counts ("Pakistan Standards" is no one)."""
    tok = doc[head]
    allowed = ("PERSON", "") if has_title else ("PERSON",)
    if tok.pos_ != "PROPN" or head in taken or not tok.text[:1].isupper() or tok.ent_type_ not in allowed:
        return None
    start = head
    while (
        start - 1 >= span.start
        and start - 1 not in taken
        and doc[start - 1].pos_ == "PROPN"
        and doc[start - 1].text[:1].isupper()
        and doc[start - 1].head.i in range(start - 1, head + 1)
    ):
        start -= 1
    end = head + 1
    return start, end


def _name_end(name: Token) -> int:
    """The last token of a name in apposition, without a clause on it ("the Pakistani man Wali Afridi, who is
    accused of ...": Afridi)."""
    last = name.i
    for t in name.subtree:
        cur = t
        while cur.i != name.i and cur.dep_ not in ("relcl", "acl", "punct"):
            cur = cur.head
        if cur.i == name.i:
            last = max(last, t.i)
    return last


def _extent(
    doc: Doc, span: Span, ph: _Phrase, name: tuple[int, int] | None, foreign: set[int] | None = None
) -> tuple[int, int]:
    idx = [ph.head]
    for h in ph.hits + ph.possessors:
        idx += [h.start, h.end - 1]
    if name:
        idx += [name[0], name[1] - 1]
    head = doc[ph.head]
    for child in head.lefts:
        if child.dep_ in _LEFT_MODS and _inside(span, child.left_edge.i):
            idx.append(child.left_edge.i)
    for child in head.rights:
        # "the opposition newspaper La Prensa", "Algeria's leading activist, Salaheddine Sidhoum": a name in
        # apposition is part of the mention.
        if (
            child.dep_ == "appos"
            and child.pos_ == "PROPN"
            and _inside(span, child.right_edge.i)
            and child.i - head.i <= MAX_APPOS_GAP
        ):
            idx.append(_name_end(child))
    if head.pos_ == "PROPN":
        # The rest of a proper name: "Ministry of Emergency Situations", "Agency for Technical Regulation".
        for child in head.rights:
            if child.dep_ == "prep" and child.lower_ in ("of", "for") and _inside(span, child.right_edge.i):
                name_end = child.i
                for t in doc[child.i + 1 : child.right_edge.i + 1]:
                    if t.pos_ not in ("PROPN", "ADP", "DET", "CCONJ"):
                        break
                    name_end = t.i
                if name_end > child.i:
                    idx.append(name_end)
    start, end = max(min(idx), ph.floor), max(idx) + 1
    if foreign:
        # Never swallow a name that follows the head ("the government of President X", "Office (ILO)");
        # names before the head are modifiers or parenthetical abbreviations and stay inside.
        for i in range(ph.head + 1, end):
            if i in foreign:
                end = i
                break
    while start < end - 1 and doc[start].is_punct:
        start += 1
    while end - 1 > start and (
        doc[end - 1].is_punct or doc[end - 1].text in _POSSESSIVE or doc[end - 1].dep_ == "cc"
    ):
        end -= 1
    return start, end


def _located_countries(doc: Doc, span: Span, head: Token) -> list[str]:
    """Countries of "officials in Islamabad and Kabul": a place phrase ("in"/"from") attached to the agent word,
    one country per coordinated place."""
    from ..places import place_in_tokens

    found: list[str] = []
    # "11 security personnel and two civilians in Bajaur district": the place phrase of the last of coordinated
    # nouns places them all
    later = [c for c in head.conjuncts if c.i > head.i and c.pos_ in ("NOUN", "PROPN")]
    for prep in [*head.rights, *(later[-1].rights if later else ())]:
        if prep.dep_ != "prep" or prep.lower_ not in ("in", "from"):
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            for obj in [pobj, *(c for c in pobj.conjuncts if c.i > pobj.i)]:
                lo = min(t.i for t in obj.lefts) if list(obj.lefts) else obj.i
                # "in Yida, South Sudan": the place's country in apposition decides between same-named places
                hi = max(
                    [obj.i] + [c.right_edge.i for c in obj.children if c.dep_ == "appos" and c.i > obj.i]
                )
                loc = place_in_tokens(list(doc[max(lo, span.start) : hi + 1]))
                if loc is not None and loc.country and loc.country not in found:
                    found.append(loc.country)
    return found


# -- step 4: dyads and pronouns
def _dyad(
    start: int, end: int, text: str, head: int, ctx: ArticleContext, sector: str | None
) -> list[ActorMention]:
    if not ctx.dyad:
        return []
    return [
        ActorMention(start, end, text, _country_actor(text, iso3, sector), head, CONF_DYAD, how="dyad")
        for iso3 in ctx.dyad
    ]


def dyad_at(tok: Token, ctx: ArticleContext) -> list[ActorMention]:
    """The article's dyad as mentions on the phrase of ``tok`` (``eventwire.actors.dyad_mentions``)."""
    start, end = tok.left_edge.i, tok.right_edge.i + 1
    return _dyad(start, end, tok.doc[start:end].text, tok.i, ctx, None)


def _dyad_mentions(doc: Doc, span: Span, ctx: ArticleContext, covered: set[int]) -> list[ActorMention]:
    """ "Both countries", "the two nations": nouns without a dictionary reading that stand for the dyad."""
    out: list[ActorMention] = []
    for tok in span:
        if tok.i in covered or tok.lower_ not in _DYAD_HEADS or tok.pos_ != "NOUN":
            continue
        lefts = list(tok.lefts)
        if not any(c.lower_ in _DYAD_MARKERS for c in lefts):
            continue
        if any(c.pos_ in ("PROPN",) or c.ent_type_ in ("NORP", "GPE") for c in lefts):
            continue
        start = min([c.i for c in lefts] + [tok.i])
        out += _dyad(start, tok.i + 1, doc[start : tok.i + 1].text, tok.i, ctx, None)
    return out


def _pronoun_mentions(doc: Doc, span: Span, ctx: ArticleContext, covered: set[int]) -> list[ActorMention]:
    out: list[ActorMention] = []
    for tok in span:
        if tok.i in covered or tok.dep_ not in ("nsubj", "nsubjpass"):
            continue
        low = tok.lower_
        if low in ("he", "she"):
            person = ctx.previous_subject_person()
            if person is not None:
                out.append(_pronoun_for(tok, person, CONF_PRONOUN))
        elif low == "they":
            pair = ctx.previous_subject_dyad()
            if pair is not None:
                for iso3 in pair:
                    out.append(
                        ActorMention(
                            tok.i,
                            tok.i + 1,
                            tok.text,
                            _country_actor(tok.text, iso3, None),
                            tok.i,
                            CONF_PRONOUN,
                            how="dyad",
                        )
                    )
    return out


# Object pronouns and the actor kinds each can stand for ("accuses them of", "met him"); not "it", which mostly
# stands for a thing or a claim ("Kabul denied it", "Hungary signed it").
_OBJECT_PRONOUNS = {
    "them": frozenset({"country", "capital", "organisation", "armed_group", "group", "igo"}),
    "him": frozenset({"person", "official"}),
    "her": frozenset({"person", "official"}),
}
CONF_OBJECT_PRONOUN = 0.5


def _can_be_called(m: ActorMention, doc: Doc, kinds: frozenset[str]) -> bool:
    """Whether an object pronoun of these ``kinds`` can stand for the mention: "him" for a person or official, and for
    one person named by a common noun ("chased down the driver and arrested him", "the suspect")."""
    if m.actor.kind in kinds:
        return True
    return "person" in kinds and m.actor.kind == "group" and doc[m.head].tag_ == "NN"


def _object_pronoun_mentions(
    doc: Doc, span: Span, found: list[ActorMention], ctx: ArticleContext
) -> list[ActorMention]:
    """An object pronoun ("Once close to the Afghan Taliban, Islamabad now accuses them of ...") stands for the
    nearest actor named before it in the sentence that can be referred to that way and is not its own clause's
    subject; "him" or "her" with none stands for the one person the previous sentence was about, as "he" does
    ("Mark Felt died on Thursday. Critics called him a traitor")."""
    out: list[ActorMention] = []
    for tok in span:
        kinds = _OBJECT_PRONOUNS.get(tok.lower_)
        if kinds is None or tok.dep_ not in ("dobj", "pobj", "dative"):
            continue
        verb = tok.head.head if tok.dep_ == "pobj" else tok.head
        subjects = {c.i for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")}
        subjects |= {t.i for i in subjects for t in doc[i].subtree}
        before = [
            m
            for m in found
            if m.end <= tok.i
            and _can_be_called(m, doc, kinds)
            and m.how not in ("dyad", "pronoun")
            and not any(i in subjects for i in range(m.start, m.end))
            and not (  # right before the verb: its subject whatever the parse says ("and Hungary signed them")
                m.end <= verb.i and all(t.pos_ in ("ADV", "AUX", "PART") for t in doc[m.end : verb.i])
            )
        ]
        if not before and tok.lower_ in ("him", "her"):
            person = ctx.previous_subject_person()
            named = {m.actor.name for m in found if any(i in subjects for i in range(m.start, m.end))}
            if person is not None and person.name not in named:
                out.append(_pronoun_for(tok, person, CONF_PRONOUN))
            continue
        if before:
            ref = max(before, key=lambda m: m.end)
            mentioned = {i for m in found for i in range(m.start, m.end)}
            if tok.lower_ == "them" and any(
                t.pos_ == "NOUN" and t.i not in mentioned and t.tag_ in ("NNS", "NNPS")
                for t in doc[ref.end : tok.i]
            ):
                continue  # "Poland drafted the rules and Hungary signed them": things in between may be meant
            out.append(_pronoun_for(tok, ref.actor, CONF_OBJECT_PRONOUN))
    return out


def _pronoun_for(tok: Token, actor: Actor, confidence: float) -> ActorMention:
    """A pronoun standing for an actor named before: the actor under the pronoun's own words."""
    return ActorMention(tok.i, tok.i + 1, tok.text, _copy(actor, tok.text), tok.i, confidence, how="pronoun")


def _copy(a: Actor, text: str) -> Actor:
    return Actor(
        text=text, name=a.name, country=a.country, sector=a.sector, kind=a.kind, code=a.code, role=a.role
    )

"""The event coder: articles in, PLOVER events (with CAMEO codes, actors, dates, places, evidence) out.

Stages per article (``code_articles`` runs them for a batch with one spaCy stream):

1. **split** the text into sentences with character offsets (``segment.split_sentences``; no model).
2. **filter**: keep sentences that can hold an actor (``eventwire.actors.candidate_text``) *and* a trigger
   (``lexicon.may_hold_event``). Only these are parsed, so the full pipeline can be faster than a bare parse.
3. **parse** the kept sentences with ``nlp.pipe`` (the model is loaded once per process).
4. **actors**: ``resolve_actors`` on each parsed sentence, with one ``ArticleContext`` per article.
5. **triggers**: every verb or event noun the lexicon knows; the most specific pattern decides the CAMEO code.
   Nominal events need a light verb ("carried out strikes"), an occurrence verb ("clashes erupted") or an actor
   in their phrase ("Pakistan's strikes").
6. **absorb**: the complement of an agreement, demand, threat, rejection or accusation is part of that event
   ("threatened to impose a curfew" is one THREATEN/curfew event), not a second one.
7. **arguments, modality, date, place**; modality may change the type (intended aid is AGREE, intended force
   is THREATEN, refused cooperation is REJECT), weapons and targets decide FIGHT vs ASSAULT.
8. **events**: one per source/target pair; "Pakistan and Russia agreed" is one *reciprocal* event (source the
   first, target the second actor). A sentence without an actor yields no event.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..records import Actor, Article, Confidence, Event, Evidence, Location, stable_id
from . import arguments as args_
from . import role_model, sentence_model
from .confidence import combine, date_confidence, place_confidence, type_confidence
from .lexicon import (
    Context,
    Lexicon,
    Match,
    Sense,
    load_lexicon,
    match_trigger,
    may_hold_event,
    synthetic_match,
)
from .mapping import PLOVER_TYPES, cameo_for, describe, neighbours_of, plover_for
from .modality import (
    HISTORICAL_YEARS,
    ModalityReading,
    cues,
    pluperfect,
    read_modality,
    verb_chain,
    years_back,
)
from .refine import (
    PERSON_KINDS,
    Coding,
    by_source,
    implied_source,
    implied_target,
    light_verbs,
    natural_cause,
    shift,
    threat_mode,
    violence,
    weapon_in,
)
from .segment import split_sentences
from .sentence_model import SentencePrediction

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

    from ..actors import ActorMention, ArticleContext

log = logging.getLogger(__name__)

CODER_VERSION = "eventwire-coder/0.5.49"

# Tokens of context on each side of a trigger that its patterns may reach: PETRARCH patterns are short phrases,
# and a bounded window keeps matching cost flat on long sentences.
MAX_CONTEXT = 30
# Mentions below this confidence cannot carry an event on their own: a generic "militants" with no country
# (0.4) is kept as a role filler next to a real actor, but "militants attacked" alone is too vague to code.
MIN_ACTOR_CONFIDENCE = 0.4
# Coordinated actors beyond this many are not expanded into pairs (a list of 20 countries would make 190
# pairs): PLOVER keeps such lists as one compound actor, our records hold one source and one target.
MAX_ACTORS_PER_ROLE = 4
# Event types whose coordinated subjects with no object act on each other ("X and Y met / agreed / clashed").
# Sectors of actors that belong to no country: never given the country of the place where they act.
STATELESS_SECTORS = frozenset({"IGO", "NGO"})
RECIPROCAL_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE", "FIGHT", "SUPPORT", "RETREAT"})
# A "with" object makes these reciprocal as well ("X held talks with Y", "X clashed with Y").
WITH_RECIPROCAL = frozenset({"CONSULT", "AGREE", "COOPERATE", "FIGHT"})
# Subject nouns that count people rather than name a thing ("thousands marched").
QUANTITY_NOUNS = frozenset(
    {
        "thousand",
        "thousands",
        "hundred",
        "hundreds",
        "dozen",
        "dozens",
        "million",
        "millions",
        "crowd",
        "crowds",
        "score",
        "scores",
        "group",
        "handful",
    }
)
# Verbs of wanting: with an actor object and a complement ("wants Russia to withdraw") they appeal to that actor.
APPEAL_VERBS = frozenset({"want", "wish", "need"})
# Reporting verbs that make an accusation of a hostile act they report ("claimed that Y attacked Z").
CLAIM_REPORT_VERBS = frozenset({"claim", "charge", "allege"})
# Verbs that occupy a place when their object is a named place ("captured Mosul"); with a person they abduct or
# arrest, which the lexicon decides.
OCCUPY_VERBS = frozenset({"capture", "seize", "take", "overrun", "retake", "recapture", "occupy"})
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# Verbs that report the outcome or course of the event named by their subject ("the strikes killed four", "talks
# resumed"): the subject noun, with its participants, is the event.
OUTCOME_VERBS = frozenset(
    {
        "kill",
        "wound",
        "injure",
        "hit",
        "destroy",
        "damage",
        "leave",
        "claim",
        "resume",
        "continue",
        "begin",
        "start",
        "end",
        "break",
        "erupt",
        "escalate",
        "intensify",
        "spread",
        "target",
    }
)
# CAMEO 043 "host a visit": coded with the visitor as source (PLOVER manual, CONSULT).
HOST_CODE = "043"
# PLOVER MOBILIZE mode by who is mobilised when the words do not say (troops, police).
MOBILIZE_MODES = {"MIL": "troops", "COP": "police"}
# CAMEO codes of military exercises and shows of force: held by two countries together they are cooperation.
EXERCISE_CODES = frozenset({"150", "152"})
# Nouns that measure or group events ("a series of attacks", "ten days of war games").
MEASURE_NOUNS = frozenset(
    {"series", "wave", "spate", "string", "round", "day", "week", "month", "number", "campaign"}
)
# "claimed/took/admitted responsibility for X": X is an event of the claimer's.
RESPONSIBILITY_NOUNS = frozenset({"responsibility", "credit"})
CLAIM_VERBS = frozenset({"claim", "take", "accept", "admit", "assume"})
# Absorbing events whose target, when nothing else names one, is the place of the action they are about.
COMPLEMENT_PLACE_TYPES = frozenset({"AGREE", "THREATEN"})
# Phrase levels searched for that place: the action's own place phrase or its object's ("a curfew in Algiers"),
# not places deeper in a long complement ("... to help identify victims of the crash in east Ukraine").
COMPLEMENT_PLACE_DEPTH = 2
# Events whose complement is part of them ("agreed to hold", "threatened to attack", "accused X of harbouring").
ABSORBING = frozenset({"AGREE", "DEMAND", "THREATEN", "REJECT", "DISAPPROVE", "INVESTIGATE"})
# Dependency steps from an embedded trigger up to the event that absorbs it.
MAX_ABSORB_STEPS = 4
ABSORB_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "dobj", "advcl", "conj"})
CONFLICTUAL_MATERIAL = frozenset({"ASSAULT", "FIGHT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"})
# Mode of a demand or rejection from the type of the action demanded or rejected (CAMEO 10x/12x subcodes).
DEMAND_MODE = {
    "AID": "assist",
    "COOPERATE": "assist",
    "SUPPORT": "assist",
    "CONCEDE": "yield",
    "RETREAT": "yield",
    "CONSULT": "meet",
    "AGREE": "meet",
}
_HTML = re.compile(r"<(?:html|body|head|div|p|article|span|!doctype)\b", re.I)


# ----------------------------------------------------------------------------- model
def _nlp() -> Language:
    from ..nlp import get_nlp

    return get_nlp()


# ----------------------------------------------------------------------------- per-sentence work
@dataclass(slots=True)
class _Trigger:
    token: Token
    match: Match
    coding: Coding
    nominal: str | None = None  # None (verb) | light | occur | agentive
    carrier: Token | None = None  # the light/occurrence verb of a nominal event
    absorbed_by: _Trigger | None = None
    absorbed: list[_Trigger] = field(default_factory=list)
    # character spans of crimes inside this charge or conviction ("accused of shooting ... last May"): their dates
    # are the crimes', not the charge's
    inner: list[tuple[int, int]] = field(default_factory=list)
    # a statement alleging support for armed groups ("say Pakistan harbors militants"): an accusation the rules
    # are sure of, which the sentence model (not trained on the phrasing) does not veto
    alleged: bool = False
    # the words naming the one accused when it is not the reported clause's subject ("say insurgents use
    # Afghanistan as a safe haven": Afghanistan)
    accused: Token | None = None


# Dependencies of a word that modifies a following noun ("border" in "border forces").
_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod", "poss", "nummod"})


def _context(tokens: Sequence[Token], heads_only: bool = False) -> list[tuple[int, str, str, bool]]:
    """Context tuples for pattern matching; with ``heads_only`` a modifier cannot end a pattern phrase (the
    object side of a verb), elsewhere (a noun's own modifiers, a subject) it can."""
    return [
        (t.i, t.lower_, t.lemma_.lower(), heads_only and t.dep_ in _MODIFIER_DEPS and t.head.i > t.i)
        for t in tokens
        if not t.is_punct
    ][:MAX_CONTEXT]


# Tokens before a trigger that its "pre" slots may use: the words right before the verb (subject head,
# auxiliaries), not the start of a long subject.
MAX_LEFT = 8


_SKIP_RIGHT = frozenset({"conj", "cc", "parataxis", "advcl", "punct", "appos", "relcl"})
_SKIP_LEFT = frozenset({"punct", "cc", "mark", "conj", "advcl", "prep"})
# Named-entity types of a temporal adjunct ("on Tuesday", "in August"): never part of an event phrase.
_TIME_ENTS = frozenset({"DATE", "TIME"})


def _temporal(child: Token) -> bool:
    if child.ent_type_ in _TIME_ENTS:
        return True
    return child.dep_ == "prep" and any(g.ent_type_ in _TIME_ENTS for g in child.children if g.dep_ == "pobj")


def _attached(tok: Token) -> frozenset[int]:
    """Prepositions and particles attached to the trigger (what preposition-only patterns may match)."""
    return frozenset(
        c.i
        for c in tok.children
        if c.dep_ in ("prep", "prt", "agent", "dative") and c.pos_ == "ADP" or c.dep_ == "prt"
    )


def _lemmas(tok: Token) -> list[str]:
    """The parser's lemma and, for inflected forms it got wrong ("staged" -> "stag"), stripped surface forms."""
    out = [tok.lemma_.lower()]
    low = tok.lower_
    if low.endswith("ed"):
        out += [low[:-1], low[:-2]]
    elif low.endswith("ing"):
        out += [low[:-3] + "e", low[:-3]]
    elif low.endswith("s"):
        out += [low[:-1]]
    return out


def _verb_context(verb: Token) -> tuple[list[tuple[int, str, str, bool]], list[tuple[int, str, str, bool]]]:
    left: list[Token] = []
    for child in verb.lefts:
        if child.dep_ not in _SKIP_LEFT and not _temporal(child):
            left.extend(child.subtree)
    if (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and verb.head.i < verb.i
        and any(c.dep_ == "agent" for c in verb.children)
    ):
        # "negotiations facilitated by Qatar": the noun a participle with an agent describes is its object
        left.append(verb.head)
    right: list[Token] = []
    for child in verb.rights:
        if child.dep_ not in _SKIP_RIGHT and not _temporal(child):
            right.extend(child.subtree)
        elif child.dep_ == "advcl":
            # "called for Kelly to resign": the parse makes "for" the mark of the infinitive clause; it is still the
            # word after the verb that says what kind of call it is; "asked by the BBC if the US intended ...": a
            # question, whatever the parse attaches the "if" clause to
            # (not a condition on what is asked for: "asked Somalia to hand them over if they are caught", "asked
            # Somalia for help if the militants attack")
            asks_for_an_act = any(
                c.dep_ == "xcomp" or (c.dep_ == "prep" and c.lower_ == "for") for c in verb.children
            )
            right.extend(
                c
                for c in child.children
                if c.dep_ == "mark"
                and (
                    (c.lower_ == "for" and c.i == verb.i + 1)
                    or (c.lower_ in ("if", "whether") and not asks_for_an_act)
                )
            )
    left.sort(key=lambda t: t.i)
    right.sort(key=lambda t: t.i)
    return _context(left)[-MAX_LEFT:], _context(right)


def _patient_blocks(verb: Token, senses: Sequence[Sense], left: Context, right: Context) -> bool:
    """A passive verb whose patient makes a curated phrase that is no event: "the video was released Monday",
    "the footage, released by police" ("released a video" is no release of persons). The patient only ever
    blocks a reading here; the verb's own context still chooses it."""
    patient = _passive_patient(verb)
    if patient is None:
        return False
    match = match_trigger(senses, left, [*_context([patient]), *right], _attached(verb))
    return _blocking(match)


def _blocking(match: Match | None) -> bool:
    """A curated phrase of the lexicon that is known to be no event."""
    return (
        match is not None
        and match.pattern.curated
        and bool(match.pattern.words)
        and _coding_of(match) is None
    )


def _passive_patient(verb: Token) -> Token | None:
    """The head noun a passive verb's act is done to: its passive subject, or the noun a past participle
    describes ("the footage released by police"); None for an active verb."""
    if verb.tag_ != "VBN":
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if subj is not None:
        return subj
    if verb.dep_ == "acl" and verb.head.i < verb.i and verb.head.pos_ in ("NOUN", "PROPN"):
        return verb.head
    return None


def _carrier(noun: Token) -> tuple[Token | None, str | None]:
    """The verb carrying a nominal event and its role: ("carried", "light") for "carried out strikes"."""
    tok = noun
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    # "launched a series of attacks", "began ten days of war games": the measure noun stands in for the event
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lemma_.lower() in MEASURE_NOUNS:
        tok = tok.head.head
    head = tok.head
    if head is tok:
        return None, None
    if (
        tok.dep_ == "pobj"
        and head.lower_ == "for"
        and head.head.lemma_.lower() in RESPONSIBILITY_NOUNS
        and head.head.head.lemma_.lower() in CLAIM_VERBS
    ):
        # "X claimed responsibility for the bombing": the claimer carried out the event
        return head.head.head, "light"
    if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent") and head.head.pos_ in ("VERB", "AUX"):
        head = head.head
        dep = "pobj"
    else:
        dep = tok.dep_
    if head.pos_ not in ("VERB", "AUX"):
        return None, None
    prt = next((c.lower_ for c in head.children if c.dep_ == "prt"), "")
    roles: set[str] = set()
    for lemma in _lemmas(head):  # the parser's lemma can be wrong ("staged" -> "stag")
        roles |= light_verbs().get((lemma, prt), set()) | light_verbs().get((lemma, ""), set())
    if dep in ("dobj", "nsubjpass", "attr", "oprd", "pobj") and "light" in roles:
        return head, "light"
    if dep in ("nsubj",) and "occur" in roles:
        return head, "occur"
    return head, None


def _noun_context(
    noun: Token, carrier: Token | None
) -> tuple[list[tuple[int, str, str, bool]], list[tuple[int, str, str, bool]]]:
    left: list[Token] = []
    if carrier is not None:
        left.append(carrier)
        left.extend(c for c in carrier.children if c.dep_ == "prt")
    left.extend(t for t in noun.subtree if t.i < noun.i)
    right = [t for t in noun.subtree if t.i > noun.i]
    return _context(left), _context(sorted(right, key=lambda t: t.i))


def _coding_of(match: Match) -> Coding | None:
    ev = match.pattern.event()
    if ev is None:
        return None
    ptype, mode = ev
    code = match.pattern.code
    try:
        describe(code)
    except KeyError:
        code = cameo_for(ptype, mode) if ptype in PLOVER_TYPES else ""
    if not code or ptype not in PLOVER_TYPES:
        log.warning(
            "lexicon entry for %r codes %r/%r, which the mapping does not know",
            match.sense.lemma,
            match.pattern.code,
            ptype,
        )
        return None
    return Coding(ptype, mode, code)


# Nouns of a use of force a reply can be made with ("responded with artillery fire on ...").
FORCE_REPLY_NOUNS = frozenset({"fire", "shelling", "strike", "airstrike", "rocket", "mortar", "gunfire"})


def _answers_with_force(verb: Token) -> bool:
    """ "responded with artillery fire on Pakistani posts": a reply made with force, not a statement."""
    return verb.lemma_.lower() == "respond" and any(
        prep.dep_ == "prep"
        and prep.lower_ == "with"
        and any(o.dep_ == "pobj" and o.lemma_.lower() in FORCE_REPLY_NOUNS for o in prep.children)
        for prep in verb.children
    )


# Acts of support for armed groups that a statement alleges ("say Pakistan harbors militants"): an accusation of
# the one said to do it (GUIDELINES.md hard case 2; lexicon_curated.tsv v5 rows on "say", "claim", "insist").
ALLEGED_SUPPORT = frozenset(
    {"harbor", "harbour", "shelter", "sponsor", "arm", "fund", "finance", "back", "train", "support"}
)
ARMED_GROUP_NOUNS = frozenset(
    {
        "militant",
        "fighter",
        "terrorist",
        "insurgent",
        "rebel",
        "extremist",
        "jihadist",
        "militia",
        "proxy",
        "gunman",
    }
)


def _alleges_support(verb: Token) -> bool:
    """ "The Taliban say Pakistan harbors fighters": a statement that someone supports armed groups (not "says it
    does not harbor militants")."""
    for comp in (c for c in verb.children if c.dep_ == "ccomp"):
        acts = [comp, *(c for c in comp.children if c.dep_ == "conj")]
        if any(c.dep_ == "neg" for c in comp.children):
            continue
        for act in acts:
            objs = [o for o in act.children if o.dep_ in ("dobj", "appos")]  # the small parser's "appos"
            objs += [c for o in objs for c in o.children if c.dep_ == "conj"]
            if act.lemma_.lower() in ALLEGED_SUPPORT and any(
                o.lemma_.lower() in ARMED_GROUP_NOUNS for o in objs
            ):
                return True
    return False


# Verbs besides the statement cues that state who did something ("alleged the militia was behind the attack").
BLAME_STATEMENTS = frozenset({"allege", "insist", "maintain"})
# Nouns that say something named was done ("were behind a recent wave of attacks"), and that prove it ("had
# irrefutable evidence that militants ... were behind").
SERIES_NOUNS = frozenset({"wave", "series", "spate", "string", "spree", "campaign"})
EVIDENCE_NOUNS = frozenset({"evidence", "proof", "information", "intelligence", "indication", "indications"})
# Named-entity labels of a subject that can bear blame.
BLAMED_ENTS = frozenset({"ORG", "GPE", "NORP", "PERSON"})


def _alleges_blame(verb: Token) -> bool:
    """ "Officials said the Islamic State was behind the bombing", "says Hezbollah is responsible for the attack",
    "said they had evidence that militants in Afghanistan were behind a wave of attacks" (not "was behind the door",
    not "said it was not behind the attack")."""
    for clause in _reported_clauses(verb):
        if clause.lemma_.lower() != "be" or any(c.dep_ == "neg" for c in clause.children):
            continue
        subjects = [c for c in clause.children if c.dep_ == "nsubj"]
        if not any(
            s.ent_type_ in BLAMED_ENTS or s.pos_ == "PROPN" or s.lemma_.lower() in ARMED_GROUP_NOUNS
            for s in subjects
        ):
            continue
        preps = [c for c in clause.children if c.dep_ == "prep" and c.lower_ == "behind"]
        preps += [
            p
            for a in clause.children
            if a.dep_ == "acomp" and a.lemma_.lower() == "responsible"
            for p in a.children
            if p.dep_ == "prep" and p.lower_ == "for"
        ]
        if any(_harm_named(o) for p in preps for o in p.children if o.dep_ == "pobj"):
            return True
    return False


# Nouns of a place armed groups are said to use ("use Afghanistan as a safe haven", "use Afghan soil as a launchpad").
HAVEN_NOUNS = frozenset({"haven", "sanctuary", "base", "launchpad", "launchpads", "hideout", "springboard"})


def _haven_alleged(verb: Token) -> Token | None:
    """The place a statement says armed groups use as a haven or are based in: "Islamabad says the leadership of the
    TTP ... are based in Afghanistan, and that armed insurgents ... use Afghanistan as a safe haven" accuses
    Afghanistan (the manual's hard case 2, as "harbours militants"). Not when the clause is negated."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    clauses += [c for cl in clauses for c in cl.children if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX")]
    for clause in clauses:
        if any(c.dep_ == "neg" for c in clause.children) or any(
            d.lower_ == "no" for s in clause.children if s.dep_ in ("nsubj", "nsubjpass") for d in s.children
        ):
            continue  # "Kabul says no militants use Afghanistan as a base"
        lemma = clause.lemma_.lower()
        if lemma == "use":
            used = [c for c in clause.children if c.dep_ == "dobj"]
            as_haven = any(
                p.lower_ == "as"
                and any(o.lemma_.lower() in HAVEN_NOUNS for o in p.children if o.dep_ == "pobj")
                for p in clause.children
                if p.dep_ == "prep"
            )
            if used and as_haven:
                return used[0]
        if lemma == "base" and _armed_subject(clause):
            for prep in (c for c in clause.children if c.dep_ == "prep" and c.lower_ == "in"):
                return next((o for o in prep.children if o.dep_ == "pobj"), None)
    return None


def _armed_subject(clause: Token) -> bool:
    """The clause's subject phrase names an armed group ("the leadership of militant group TTP", "the militants")."""
    return any(
        t.lemma_.lower() in ARMED_GROUP_NOUNS or t.lemma_.lower() in ("militant", "group")
        for s in clause.children
        if s.dep_ in ("nsubj", "nsubjpass")
        for t in s.subtree
    )


def _reported_clauses(verb: Token) -> list[Token]:
    """The clauses a statement verb reports: its complements, and what the evidence it cites shows ("said they had
    evidence that militants were behind ...")."""
    clauses = [c for c in verb.children if c.dep_ == "ccomp"]
    return clauses + [
        cl
        for comp in clauses
        for obj in comp.children
        if obj.dep_ == "dobj" and obj.lemma_.lower() in EVIDENCE_NOUNS
        for cl in obj.children
        if cl.dep_
        in ("acl", "ccomp", "relcl")  # the parser may read "evidence that X was" as a relative clause
    ]


def _harm_named(noun: Token) -> bool:
    """An attack noun, or a series of them ("a recent wave of attacks")."""
    lemma = noun.lemma_.lower()
    if lemma in args_.HARM_NOUNS or lemma in ("cyberattack", "violence"):
        return True
    return lemma in SERIES_NOUNS and any(
        o.lemma_.lower() in args_.HARM_NOUNS
        for p in noun.children
        if p.dep_ == "prep" and p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
    )


@dataclass
class _Taken:
    """What the verb patterns of a sentence took: the nouns they named and the verbs that fired."""

    consumed: set[int] = field(default_factory=set)
    consumed_by: dict[int, _Trigger] = field(
        default_factory=dict
    )  # noun -> the PETRARCH verb pattern that took it
    weak: set[int] = field(default_factory=set)  # nouns a PETRARCH pattern took: a curated noun phrase wins
    fired_verbs: set[int] = field(default_factory=set)


def _find_triggers(doc: Doc, lex: Lexicon, index: args_.MentionIndex) -> list[_Trigger]:
    """The rule triggers of a parsed sentence: verbs first (their patterns consume the nouns they name: "signed an
    agreement"), then obligations, event nouns, claims and appeals."""
    taken = _Taken()
    triggers = _verb_triggers(doc, lex, taken)
    triggers.extend(_obligations(doc, taken.fired_verbs))
    _add_noun_triggers(doc, lex, index, triggers, taken)
    triggers.extend(_claims(doc, triggers))
    triggers.extend(_appeals(doc, index, {t.token.i for t in triggers}))
    triggers.extend(_persona_non_grata(doc, {t.token.i for t in triggers}))
    return triggers


def _persona_non_grata(doc: Doc, fired: set[int]) -> list[_Trigger]:
    """ "declared a second secretary at the Russian embassy, Artyom Belov, persona non grata": an expulsion (CAMEO 166),
    on the verb "declare" before the phrase, which the parser often splits from it (lexicon v16 codes the parse that
    keeps them together)."""
    low = doc.text.lower()
    at = low.find("persona non grata")
    if at < 0:
        return []
    verbs = [t for t in doc if t.lemma_.lower() == "declare" and t.idx < at and t.i not in fired]
    if not verbs:
        return []
    verb = verbs[-1]
    return [_Trigger(verb, synthetic_match("166", lemma="declare"), Coding("SANCTION", "expel", "166"))]


def _verb_triggers(doc: Doc, lex: Lexicon, taken: _Taken) -> list[_Trigger]:
    """Triggers on verbs (and a root auxiliary), by the lexicon's patterns; statement verbs hold no event."""
    triggers: list[_Trigger] = []
    statements = cues()["statement"]
    for tok in doc:
        if tok.pos_ not in ("VERB",) and not (tok.pos_ == "AUX" and tok.dep_ == "ROOT"):
            continue
        haven = _haven_alleged(tok) if tok.lemma_.lower() in statements else None
        if haven is not None or (tok.lemma_.lower() in statements | BLAME_STATEMENTS and _alleges_blame(tok)):
            # "Islamabad says insurgents use Afghanistan as a safe haven" (an accusation of the haven), "officials
            # said the Islamic State was behind the bombing" (of the one named)
            said = synthetic_match("112", lemma=tok.lemma_.lower())
            accusation = Coding("DISAPPROVE", "accuse", "112")
            triggers.append(_Trigger(tok, said, accusation, alleged=True, accused=haven))
            taken.fired_verbs.add(tok.i)
            continue
        if tok.lemma_.lower() in statements and not (_answers_with_force(tok) or _alleges_support(tok)):
            continue  # "said", "announced": the complement holds the event
        if _hedging_modifier(tok) or _suicide(tok):
            continue  # "Lo Presti, alleged boss of a Mafia clan": how the noun is known, no act
        senses = next((s for s in (lex.senses(lem, "VERB") for lem in _lemmas(tok)) if s), None)
        if not senses:
            continue
        left, right = _verb_context(tok)
        match = match_trigger(senses, left, right, _attached(tok))
        if match is None or _patient_blocks(tok, senses, left, right):
            continue
        coding = _coding_of(match)
        taken.consumed.update(i for i in match.matched)
        if not match.pattern.curated:
            taken.weak.update(i for i in match.matched if i != tok.i)
        if (
            (coding is None or coding.mode == "confiscate")
            and tok.lemma_.lower() in OCCUPY_VERBS
            and any(c.dep_ == "dobj" and _names_place(c) for c in tok.children)
        ):
            # "captured Mosul", "seized Goma": taking a named place is occupation by force (CAMEO 192), not a
            # confiscation
            match, coding = synthetic_match("192", lemma=tok.lemma_.lower()), Coding("FIGHT", None, "192")
        if coding is None or (coding.plover_type == "DEMAND" and _insists_on_a_fact(tok)):
            continue
        taken.fired_verbs.add(tok.i)
        trig = _Trigger(
            tok, match, coding, alleged=tok.lemma_.lower() in statements and _alleges_support(tok)
        )
        triggers.append(trig)
        if not match.pattern.curated:
            taken.consumed_by.update((i, trig) for i in match.matched if i != tok.i)
    return triggers


# Participles that, before a noun, tell how it is known: "the alleged boss", "a suspected militant".
HEDGING_MODIFIERS = frozenset({"allege", "suspect", "purport", "presume"})


def _hedging_modifier(tok: Token) -> bool:
    """A hedging participle used as an adjective on a noun ("alleged boss of a Mafia clan", "the alleged
    attack"), or "alleged" opening an apposition with no clause of its own."""
    if tok.lemma_.lower() not in HEDGING_MODIFIERS or tok.tag_ != "VBN":
        return False  # not "plaintiffs alleging civil rights violations": an accusation
    if tok.dep_ == "amod":
        return True
    # "Lo Presti, alleged boss of a Sicilian Mafia clan": parsed as a participle whose object is the noun
    return tok.dep_ in ("acl", "appos") and not any(
        c.dep_ in ("nsubj", "nsubjpass", "aux") for c in tok.children
    )


# Verbs of killing that, done to oneself alone, are a suicide ("hanged himself in his cell"), no act on another.
SUICIDE_VERBS = frozenset({"kill", "shoot", "hang", "stab", "burn", "immolate", "poison"})
REFLEXIVES = frozenset({"himself", "herself", "themselves", "myself", "yourself", "ourselves", "oneself"})


def _suicide(tok: Token) -> bool:
    """The verb's only object is a reflexive pronoun with nothing coordinated to it (not "killed 23 people as well
    as themselves")."""
    if tok.lemma_.lower() not in SUICIDE_VERBS:
        return False
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    return (
        len(objects) == 1
        and objects[0].lower_ in REFLEXIVES
        and not any(c.dep_ == "conj" for c in objects[0].children)
    )


# Verbs that demand with a subjunctive or modal complement ("insisted that Israel withdraw", "... must go") and only
# claim with an indicative one ("Israel continues to insist that the bulk of those killed are fighters").
INSIST_VERBS = frozenset({"insist", "maintain"})
_INDICATIVE_TAGS = frozenset({"VBZ", "VBD", "VBP"})


def _insists_on_a_fact(verb: Token) -> bool:
    """An insisting or suggesting verb whose reported clause states a fact: a claim, not a demand ("maintained that
    he is innocent"). After "suggest" a possibility is a claim too ("suggested the financier may have been
    murdered"); "suggested the sides meet" and "insisted that Iran must stop" stay demands."""
    lemma = verb.lemma_.lower()
    if lemma not in INSIST_VERBS and lemma != "suggest":
        return False
    for comp in (c for c in verb.children if c.dep_ == "ccomp"):
        modals = {c.lower_ for c in comp.children if c.dep_ == "aux" and c.tag_ == "MD"}
        finite = comp.tag_ in _INDICATIVE_TAGS or any(
            c.dep_ in ("aux", "auxpass") and c.tag_ in _INDICATIVE_TAGS for c in comp.children
        )
        if (finite and not modals) or (lemma == "suggest" and modals and modals <= POSSIBLE_MODALS):
            return True
    return False


def _add_noun_triggers(
    doc: Doc, lex: Lexicon, index: args_.MentionIndex, triggers: list[_Trigger], taken: _Taken
) -> None:
    """Event nouns ("the clashes", "carried out strikes", "Israel's strikes"), unless the verb that carries them
    coded the event itself; a curated noun phrase replaces a weaker verb pattern."""
    by_verb = {t.token.i: t for t in triggers}
    for tok in doc:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in ("DATE", "TIME"):
            continue  # "signed by Obama on March 11": a month, not a march
        lemma = tok.lemma_.lower()
        senses = lex.senses(lemma, "NOUN") or lex.senses(tok.lower_, "NOUN")
        if not senses:
            continue
        reading = _noun_reading(tok, senses, by_verb, taken)
        if reading is None:
            continue
        carrier, role, replaces = reading.carrier, reading.role, reading.replaces
        if role is None:
            src, _ = args_.noun_source(tok, index)
            if not src and not args_.between_pair(tok, index):
                continue
            role = "agentive"
        left, right = _noun_context(tok, carrier if role in ("light", "occur") else None)
        match = match_trigger(senses, left, right, _attached(tok))
        if match is None:
            continue
        coding = _coding_of(match)
        if coding is None:
            continue
        if (
            tok.i in taken.consumed
            and not reading.subject_event
            and not (match.pattern.curated and match.pattern.words)
        ):
            continue  # only a curated phrase ("joint patrols") outranks the PETRARCH pattern that took the noun
        if replaces is not None:
            if replaces in triggers:
                triggers.remove(replaces)
            if carrier is None or carrier.i != replaces.token.i:
                carrier, role = replaces.token, "light"
        triggers.append(
            _Trigger(tok, match, coding, nominal=role, carrier=carrier if role != "agentive" else None)
        )


@dataclass
class _NounReading:
    """How an event noun stands to the verb that carries it: the carrier, its role ("light", "occur", ...; None
    when no verb carries it) and the verb trigger the noun's reading replaces."""

    carrier: Token | None
    role: str | None
    replaces: _Trigger | None = None
    subject_event: bool = False  # the noun is the subject of a verb that reports its outcome or course


def _noun_reading(
    tok: Token, senses: list[Sense], by_verb: dict[int, _Trigger], taken: _Taken
) -> _NounReading | None:
    """The reading of an event noun beside the verb triggers, or None when the verb's own reading stands."""
    carrier, role = _carrier(tok)
    subject_event = (
        tok.dep_ == "nsubj"
        and carrier is not None
        and carrier.i in taken.fired_verbs
        and carrier.i in by_verb
        and carrier.lemma_.lower() in OUTCOME_VERBS
    )
    if subject_event:
        # "clashes between X and Y killed three", "talks with the IMF resumed": the subject noun is the
        # event and its phrase names the participants; the verb only reports its outcome or course
        return _NounReading(carrier, "occur", by_verb[carrier.i], subject_event=True)
    if tok.i in taken.consumed:
        # a curated phrase for the noun ("joint patrols") is more specific than the PETRARCH verb pattern that
        # named it ("carry out ... patrols"); otherwise the verb's reading stands
        if tok.i not in taken.weak or not any(sn.curated for sn in senses):
            return None
        return _NounReading(carrier, role, taken.consumed_by.get(tok.i))
    if carrier is not None and carrier.i in taken.fired_verbs:
        verb_trig = by_verb.get(carrier.i)
        if verb_trig is None:
            return None
        if role == "light" and not verb_trig.match.pattern.curated and any(sn.curated for sn in senses):
            # "carried out joint patrols": a curated reading of the object beats a PETRARCH verb pattern
            if not match_is_curated(senses, tok, carrier):
                return None
            return _NounReading(carrier, role, verb_trig)
        return None  # the carrying verb coded the event itself ("imposed sanctions", "condemned the attack")
    return _NounReading(carrier, role)


def _appeals(doc: Doc, index: args_.MentionIndex, taken: set[int]) -> list[_Trigger]:
    """ "X wants Y to withdraw": wanting another actor to act is an appeal to that actor (CAMEO 02, PLOVER DEMAND);
    the wanted action becomes its complement. "X wants to help Y" (no object) is X's own intention instead."""
    out = []
    for tok in doc:
        if tok.i in taken or tok.pos_ != "VERB" or tok.lemma_.lower() not in APPEAL_VERBS:
            continue
        if read_modality(tok).modality != "asserted":
            continue  # "might want X to ...", "does not want X to ...": no appeal is made
        objects = [c for c in tok.children if c.dep_ == "dobj" and args_.phrase_actors(c, index)]
        comps = [c for c in tok.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")]
        # the wanted actor is the object, or the subject the parser gave the complement ("wants Putin to attack")
        objects += [
            s for c in comps for s in c.children if s.dep_ == "nsubj" and args_.phrase_actors(s, index)
        ]
        if objects and comps:
            out.append(
                _Trigger(tok, synthetic_match("020", lemma=tok.lemma_.lower()), Coding("DEMAND", None, "020"))
            )
    return out


def _claims(doc: Doc, triggers: list[_Trigger]) -> list[_Trigger]:
    """ "X claimed that Y attacked Z": a claim that another actor did something hostile accuses that actor (CAMEO
    112); the hostile act becomes its complement. A neutral claim ("claimed that talks went well") is no event."""
    out = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in CLAIM_REPORT_VERBS:
            continue
        for comp in (c for c in tok.children if c.dep_ == "ccomp"):
            hostile = [
                t
                for t in triggers
                if comp.left_edge.i <= t.token.i <= comp.right_edge.i
                and describe(t.coding.cameo).quad_class >= 3
            ]
            if hostile:
                out.append(
                    _Trigger(
                        tok,
                        synthetic_match("112", lemma=tok.lemma_.lower()),
                        Coding("DISAPPROVE", "accuse", "112"),
                    )
                )
                break
    return out


def _names_place(tok: Token) -> bool:
    """A proper name the parser or the gazetteer knows as a place ("Mosul", "Goma")."""
    if tok.ent_type_ in PLACE_ENTS:
        return True
    if tok.pos_ != "PROPN" or tok.ent_type_ not in ("", "PERSON", "ORG"):
        return False
    from ..places import lookup_place

    loc = lookup_place(tok.text)
    return loc is not None and loc.precision in ("city", "admin1")


def match_is_curated(senses: list, noun: Token, carrier: Token) -> bool:
    """Whether the noun's best reading with this light verb comes from a curated phrase."""
    left, right = _noun_context(noun, carrier)
    match = match_trigger(senses, left, right, _attached(noun))
    return (
        match is not None
        and match.pattern.curated
        and match.pattern.words > 0
        and match.pattern.event() is not None
    )


def _obligations(doc: Doc, fired: set[int]) -> list[_Trigger]:
    """ "X said Y must withdraw": a reported obligation on another actor is a demand by X on Y (CAMEO 100)."""
    c = cues()
    out = []
    for tok in doc:
        if tok.i in fired or tok.pos_ not in ("VERB", "AUX"):
            continue
        # "X said that Y must ...", or "X issued a reminder to Y that it must ..." (the clause on the object)
        holders = [tok] if tok.lemma_.lower() in c["report"] else []
        holders += [o for o in tok.children if o.dep_ == "dobj" and o.pos_ == "NOUN"]
        for holder in holders:
            comps = [ch for ch in holder.children if ch.dep_ in ("ccomp", "acl")]
            if any(
                any(a.dep_ == "aux" and a.lower_ in c["obligation"] for a in comp.children) for comp in comps
            ):
                match = synthetic_match("100", lemma=tok.lemma_.lower())
                out.append(_Trigger(tok, match, Coding("DEMAND", None, "100")))
                fired.add(tok.i)
                break
    return out


def _absorb(triggers: list[_Trigger]) -> None:
    """Attach each trigger governed by an absorbing event to that event (see ABSORBING)."""
    by_token = {t.token.i: t for t in triggers}
    for trig in triggers:
        tok = trig.token
        if trig.carrier is not None:
            tok = trig.carrier
        cur = tok
        for _ in range(MAX_ABSORB_STEPS):
            if cur.dep_ not in ABSORB_DEPS or cur.head is cur:
                break
            if (
                cur.dep_ == "conj"
                and cur.head.pos_ in ("VERB", "AUX")
                and cur.head.dep_ not in ("xcomp", "ccomp", "pcomp")
            ):
                # coordinated clauses are separate events, unless both are the complement ("to unite and X",
                # "accused U.S. forces of controlling bandits and disrupting a UN plan")
                break
            cur = cur.head
            gov = by_token.get(cur.i)
            # an embedded complement follows its governor; a clause before it is a separate statement
            # ("X accused Y; Kabul denied it" parsed with "accused" under "denied")
            if (
                gov is not None
                and gov is not trig
                and gov.coding.plover_type in ABSORBING
                and gov.token.i < tok.i
            ):
                trig.absorbed_by = gov
                gov.absorbed.append(trig)
                break


def _promises_not_to_cooperate(trig: _Trigger) -> bool:
    """A vow not to make a concession: "vowed not to return the Golan Heights to Syria" refuses (REJECT); "pledged not
    to attack Afghan territory" and "agreed not to enrich uranium" stay promises."""
    if (
        trig.coding.plover_type != "AGREE"
        or trig.nominal is not None
        or trig.token.lemma_.lower() not in VOW_VERBS
    ):
        return False
    return any(
        comp.dep_ == "xcomp"
        and comp.lemma_.lower() in YIELD_VERBS
        and any(ch.dep_ == "neg" for ch in comp.children)
        for comp in trig.token.children
    )


# Verbs of a solemn intent, and the concessions whose refusal they can announce ("vowed never to hand over").
VOW_VERBS = frozenset({"vow", "swear", "pledge", "promise"})
YIELD_VERBS = frozenset(
    {
        "return", "release", "withdraw", "hand", "give", "cede", "surrender", "negotiate", "recognize", "recognise",
        "accept", "extradite", "resign", "lift", "free", "allow", "yield", "compromise",
    }
)  # fmt: skip


def _refine_absorbing(gov: _Trigger) -> None:
    """An absorbing event takes its mode (and sometimes its type) from what it absorbed."""
    inner = gov.absorbed[0].coding
    c = gov.coding
    refrains = any(ch.dep_ == "neg" for ch in (gov.absorbed[0].carrier or gov.absorbed[0].token).children)
    if c.plover_type == "AGREE" and not refrains:  # "pledged not to attack" is a promise, no threat
        if inner.plover_type in CONFLICTUAL_MATERIAL or inner.plover_type == "THREATEN":
            threat = shift(inner, "intended") if inner.plover_type != "THREATEN" else inner
            if threat is not None and gov.token.lemma_.lower() in (
                "vow",
                "pledge",
                "promise",
                "swear",
                "warn",
            ):
                gov.coding = threat
        elif c.cameo == "030":
            shifted = shift(inner, "intended")
            if shifted is not None and shifted.plover_type == "AGREE":
                gov.coding = Coding("AGREE", None, shifted.cameo)
    elif c.plover_type in ("DEMAND", "REJECT") and c.mode is None:
        mode = DEMAND_MODE.get(inner.plover_type)
        if mode:
            if c.plover_type == "DEMAND" and c.cameo.startswith("02"):
                code = {"assist": "021", "change": "024", "yield": "025", "meet": "026"}[mode]
            else:
                code = cameo_for(c.plover_type, mode)
            gov.coding = Coding(c.plover_type, mode, code)
    elif c.plover_type == "THREATEN" and c.mode is None:
        threat = shift(inner, "intended")
        if threat is not None and threat.plover_type == "THREATEN":
            gov.coding = threat


def _protest_topics(triggers: list[_Trigger]) -> None:
    """PLOVER PROTEST: "the topic of the protest - which will typically be a REQUEST - is not coded as a separate
    event" ("demonstrated in Kirkuk calling for independence"): a demand inside a protest's clause joins it."""
    protests = [t for t in triggers if t.coding.plover_type == "PROTEST" and t.absorbed_by is None]
    for trig in triggers:
        if trig.absorbed_by is not None or not (
            trig.coding.plover_type == "DEMAND" or _purpose_protest(trig)
        ):
            continue
        for protest in (p for p in protests if p is not trig):
            head = protest.carrier or protest.token
            if (
                head.left_edge.i <= trig.token.i <= head.right_edge.i
                and trig.token.i != head.i
                and _descends(trig.token, head)
            ):
                trig.absorbed_by = protest
                protest.absorbed.append(trig)
                break


def _purpose_protest(trig: _Trigger) -> bool:
    """ "marched in Santiago to protest the pension reform": a protest named as another protest's purpose."""
    tok = trig.token
    return (
        trig.coding.plover_type == "PROTEST"
        and tok.dep_ in ("advcl", "xcomp")
        and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    )


def _descends(tok: Token, ancestor: Token) -> bool:
    """Whether ``ancestor`` is on the dependency path from ``tok`` to the root."""
    return any(a.i == ancestor.i for a in tok.ancestors)


def _threat_content(trig: _Trigger) -> None:
    """The mode of a threat from what it threatens ("threatened to institute a curfew" -> curfew), when its
    complement holds no coded event (PLOVER: a THREATEN mode is the content of the threat)."""
    head = trig.carrier or trig.token
    lemmas = [
        t.lemma_.lower()
        for c in head.children
        if c.dep_ in ("xcomp", "ccomp", "dobj", "prep", "advcl") and c.i > head.i
        for t in c.subtree
    ]
    mode = threat_mode(lemmas)
    if mode:
        trig.coding = Coding("THREATEN", mode, cameo_for("THREATEN", mode))


# ----------------------------------------------------------------------------- article coding
@dataclass(slots=True)
class _Plan:
    article: Article
    sentences: list[tuple[int, int]]  # every sentence
    candidates: list[int]  # indices into sentences that get parsed
    # sentences parsed only for the actors they name (see _antecedents)
    context: list[int] = field(default_factory=list)


def _plan(article: Article, lex: Lexicon) -> _Plan:
    from ..actors import candidate_text

    text = article.text or ""
    spans = split_sentences(text) if text.strip() else []
    keep = [
        i for i, (s, e) in enumerate(spans) if may_hold_event(text[s:e], lex) and candidate_text(text[s:e])
    ]
    return _Plan(article, spans, keep)


def code_articles(articles: Sequence[Article], *, batch_size: int = 32) -> list[list[Event]]:
    """Code many articles with one ``nlp.pipe`` stream; one list of events per article, in order.

    Never raises on odd text: an empty article gives [], an article whose sentences break the coder loses only
    those sentences (logged).
    """
    lex = load_lexicon()
    plans = []
    for a in articles:
        try:
            plans.append(_plan(a, lex))
        except Exception:  # a splitting/filter bug loses this article's events, not the batch
            log.exception("sentence planning failed for article %s", a.article_id)
            plans.append(_Plan(a, [], []))
    from ..actors.context import dateline_end

    verdicts = _model_verdicts(plans)
    texts: list[str] = []
    for p in plans:
        p.context = _antecedents(p)
    order = [sorted({*p.candidates, *p.context}) for p in plans]
    for p, indices in zip(plans, order, strict=True):
        for i in indices:
            s, e = p.sentences[i]
            sentence = p.article.text[s:e]
            # a wire dateline ("NAIROBI, Oct 22 (PNW) -") is blanked before parsing: as words it would become the
            # sentence's subject; blanks keep every character offset
            cut = dateline_end(sentence)
            texts.append(" " * cut + sentence[cut:] if cut else sentence)
    docs = iter(_nlp().pipe(texts, batch_size=batch_size)) if texts else iter(())
    out: list[list[Event]] = []
    for p, indices in zip(plans, order, strict=True):
        parsed = [(p.sentences[i], next(docs)) for i in indices]
        context = {p.sentences[i][0] for i in p.context}
        try:
            out.append(_code_parsed(p.article, parsed, lex, verdicts.get(id(p), {}), context))
        except Exception:  # a coder bug must not lose the batch: this article gets no events, the rest go on
            log.exception("event coding failed for article %s", p.article.article_id)
            out.append([])
    return out


# Sentence openings that refer back to the previous sentence's subject ("He chased down the driver").
_BACK_PRONOUNS = frozenset({"he", "she", "they"})


def _antecedents(plan: _Plan) -> list[int]:
    """Sentences parsed only for the actors they name: the one before a coded sentence that opens with a subject
    pronoun, when it is not coded itself ("Thankfully, a police officer was nearby and saw the collision. He chased
    down the driver and arrested him."), so that the pronoun resolves to its subject rather than to an older one."""
    coded = set(plan.candidates)
    out: list[int] = []
    for i in plan.candidates:
        s, e = plan.sentences[i]
        first = plan.article.text[s:e].split(maxsplit=1)[0].lower() if e > s else ""
        if first in _BACK_PRONOUNS and i > 0 and (i - 1) not in coded:
            out.append(i - 1)
    return out


def _model_verdicts(plans: list[_Plan]) -> dict[int, dict[int, SentencePrediction]]:
    """The trained sentence model's reading of every sentence (by plan, by sentence start), and the sentences
    that get parsed: the rule candidates the model reads as holding an event (not sport, markets, metaphor, page
    furniture), plus the sentences where the model reads an event the rules' lexicon did not flag.

    Without the shipped model, or with ``EVENTWIRE_CODER=rules``, nothing changes: the rule coder alone (the
    baseline)."""

    model = sentence_model.active()
    if model is None:
        return {}
    keys = [(p, i) for p in plans for i in range(len(p.sentences))]
    preds = model.predict([p.article.text[slice(*p.sentences[i])] for p, i in keys]) if keys else []
    out: dict[int, dict[int, SentencePrediction]] = {}
    for (p, i), pred in zip(keys, preds, strict=True):
        out.setdefault(id(p), {})[p.sentences[i][0]] = pred
    for p in plans:
        mine = out.get(id(p), {})
        rules = set(p.candidates)
        needed = sentence_model.sentence_threshold(list(mine.values()))
        p.candidates = [
            i
            for i, (s, e) in enumerate(p.sentences)
            if (i in rules and mine[s].event >= needed) or mine[s].event >= sentence_model.PROPOSE_THRESHOLD
        ]
    return out


def _model_triggers(doc: Doc, triggers: list[_Trigger], pred: SentencePrediction) -> list[_Trigger]:
    """The sentence model decides which events a sentence holds; the rules' triggers and the parse say where and
    who. Rule triggers whose type (or a neighbour) the model reads are kept as the rules coded them, the others
    dropped. When none is kept, each type the model reads with confidence takes a dropped trigger's word (its
    roles), else the sentence's main verb."""
    kept = _neighbour_readings(
        [t for t in triggers if t.alleged or sentence_model.supports(pred, t.coding.plover_type)], pred
    )
    if kept:
        # the rules found an event the model reads: the rules' reading stands (its mode, its CAMEO code). A type the
        # model also reads with confidence takes a word of the sentence the lexicon gives that type ("convicted ...
        # in the shooting death of his girlfriend": DISAPPROVE and ASSAULT); with no such word, it is background
        # ("withdrew the bill after protests") and left out
        return kept + _lexicon_triggers(doc, kept, pred)
    if pred.modality not in sentence_model.PROPOSE_MODALITIES:
        return []  # a hope, plan or possibility the rules did not code is left uncoded: its actor is unclear
    spare = list(triggers)
    for ptype in sentence_model.read_types(pred):
        covered = any(
            t.coding.plover_type == ptype or ptype in neighbours_of(t.coding.plover_type) for t in kept
        )
        if covered:
            continue
        code = cameo_for(ptype)
        if spare:
            host = spare.pop(0)
            kept.append(
                _Trigger(host.token, host.match, Coding(ptype, None, code), host.nominal, host.carrier)
            )
            continue
        verb = _main_verb(doc)
        # only a verb the lexicon knows in some sense: "people sympathize with ...", "officers boarded the train"
        # take no type the model read elsewhere in the sentence
        if verb is not None and _known_sense(verb) and not _suicide(verb):
            match = synthetic_match(code, plover=ptype, lemma=verb.lemma_.lower())
            kept.append(_Trigger(verb, match, Coding(ptype, None, code)))
    return _crime_in_charge(doc, kept, pred)


def _crime_in_charge(doc: Doc, kept: list[_Trigger], pred: SentencePrediction) -> list[_Trigger]:
    """Model types that fell on one verb: when it carries a charge and a crime ("was charged with sexual assault of
    a child": DISAPPROVE and ASSAULT), the crime is the word of the charge the lexicon gives that type, not the
    verb (whose patient is the one charged); with no such word, it is left out."""
    on_charge = {t.token.i for t in kept if t.coding.plover_type in JUSTICE_TYPES}
    crimes = [t for t in kept if t.coding.plover_type in CRIME_TYPES and t.token.i in on_charge]
    if not crimes:
        return kept
    rest = [t for t in kept if all(t is not c for c in crimes)]
    return rest + _lexicon_triggers(doc, rest, pred)


def _neighbour_readings(kept: list[_Trigger], pred: SentencePrediction) -> list[_Trigger]:
    """Drop a trigger kept only because the model reads a PLOVER neighbour of its type, when another kept word of
    the sentence already carries that neighbour ("Ryabkov is visiting Islamabad to lead Russia's delegation":
    "lead" read AGREE by the rules, the model reads CONSULT, which "visiting" codes)."""
    out = []
    for t in kept:
        ptype = t.coding.plover_type
        covered = pred.types.get(ptype, 0.0) < sentence_model.NEIGHBOUR_ONLY and any(
            o.coding.plover_type in neighbours_of(ptype)
            and pred.types.get(o.coding.plover_type, 0.0) >= sentence_model.PROPOSE_THRESHOLD
            for o in kept
        )
        if not covered:
            out.append(t)
    return out


def _known_sense(verb: Token) -> bool:
    """The lexicon knows the verb in some sense, and no curated phrase of it here is known to be no event
    ("released the body camera footage", "executed a search warrant": whatever type the model reads)."""
    senses = list(load_lexicon().senses(verb.lemma_.lower(), "VERB"))
    if not senses or _insists_on_a_fact(verb):
        return False  # "insist that the dead are fighters" is a claim: no type the model reads lands on it
    left, right = _verb_context(verb)
    match = match_trigger(senses, left, right, _attached(verb))
    return not (_blocking(match) or _patient_blocks(verb, senses, left, right))


def _lexicon_triggers(doc: Doc, kept: list[_Trigger], pred: SentencePrediction) -> list[_Trigger]:
    """For each type the model reads with confidence that no kept trigger covers, the first verb or noun of the
    sentence whose lexicon senses code that type (not already a trigger)."""
    lex = load_lexicon()
    used = {t.token.i for t in kept} | {t.carrier.i for t in kept if t.carrier is not None}
    out: list[_Trigger] = []
    for ptype in sentence_model.read_types(pred):
        if any(
            t.coding.plover_type == ptype or ptype in neighbours_of(t.coding.plover_type) for t in kept + out
        ):
            continue
        for tok in doc:
            pos = "VERB" if tok.pos_ == "VERB" else "NOUN" if tok.pos_ == "NOUN" else None
            if pos is None or tok.i in used or (pos == "VERB" and not _known_sense(tok)):
                continue  # a phrase the lexicon knows is no event ("released video footage") takes no type
            lemma = tok.lemma_.lower()
            senses = list(lex.senses(lemma, pos))
            if pos == "NOUN":  # "murder", "shooting", "killing": the verb's senses
                senses += lex.senses(lemma, "VERB") + lex.senses(lemma.removesuffix("ing"), "VERB")
            readings = [
                pm
                for sense in senses
                if sense.default is not None and (pm := plover_for(sense.default.code)) is not None
            ]
            if not any(t == ptype or ptype in neighbours_of(t) for t, _ in readings):
                continue
            mode = next((m for t, m in readings if t == ptype), None)
            code = cameo_for(ptype, mode) if mode else cameo_for(ptype)
            match = synthetic_match(code, plover=ptype, mode=mode, lemma=lemma)
            out.append(_Trigger(tok, match, Coding(ptype, mode, code), "agentive" if pos == "NOUN" else None))
            used.add(tok.i)
            break
    return out


# Verbs saying that their object or complement was not done ("avoided criticism", "refrained from strikes"): as the
# main verb they host no type the model reads in the sentence.
NOT_DONE_VERBS = frozenset(
    {"avoid", "refrain", "fail", "neglect", "omit", "eschew", "forgo", "forego", "dodge", "sidestep", "shun"}
)

# Verbs of showing and seeing: what the model reads is what was shown or seen, not an act of the one who shows it.
SHOWING_VERBS = frozenset({"show", "display", "depict", "witness", "watch", "view", "describe", "recount"})


def _main_verb(doc: Doc) -> Token | None:
    """The sentence's main predicate: its root verb, or the verb a reporting root ("police said ...") introduces."""
    statements = cues()["statement"]
    for root in (t for t in doc if t.dep_ == "ROOT"):
        if any(c.dep_ == "xcomp" and c.lemma_.lower() in statements for c in root.children):
            return None  # "declined to comment", "refused to say": about a statement, not an act
        if root.lemma_.lower() in NOT_DONE_VERBS:
            return None  # "have avoided direct criticism of teachers": what the model reads was not done
        if root.lemma_.lower() in SHOWING_VERBS:
            return None  # "the prosecutor showed a photograph of her body with bullet wounds": what was shown or seen
        if root.pos_ in ("VERB", "AUX") and root.lemma_.lower() not in statements:
            return root
        for child in root.children:
            if child.dep_ in ("ccomp", "xcomp", "conj") and child.pos_ == "VERB":
                return child
    return None


def code_article(article: Article) -> list[Event]:
    """Code one article (convenience wrapper over ``code_articles``)."""
    return code_articles([article])[0]


def _code_parsed(
    article: Article,
    parsed: list[tuple[tuple[int, int], Doc]],
    lex: Lexicon,
    verdicts: dict[int, SentencePrediction] | None = None,
    context: frozenset[int] | set[int] = frozenset(),
) -> list[Event]:
    """Events of an article's parsed sentences, in order; the sentences starting at a ``context`` offset only
    tell the article's memory who they name."""
    from ..actors import ArticleContext, find_dateline, resolve_actors

    ctx = ArticleContext(
        published=article.published, title=article.title, dateline=find_dateline(article.text)
    )
    ctx.home_country = _home_country([doc for (s, _), doc in parsed if s not in context], article.text)
    ctx.hazard = _lead_hazard(article)
    ctx.court = _lead_court(article)
    ctx.obituary = _lead_obituary(article)
    memory: list[Event] = []
    events: list[Event] = []
    for (start, end), doc in parsed:
        try:
            mentions = resolve_actors(doc[:], ctx)
        except Exception:
            log.exception("actor resolution failed in article %s at %d", article.article_id, start)
            continue
        # every side an event takes is read here: "Georgia lawmakers" in a story from Atlanta are American, in the
        # article's memory too
        for m in mentions:
            m.actor = _home_reading(m.actor, ctx) or m.actor
        if start in context:
            ctx.observe(mentions)
            continue
        try:
            pred = (verdicts or {}).get(start)
            sentence_events = _code_sentence(article, doc, mentions, ctx, start, end, lex, memory, pred)
        except Exception:
            log.exception("event coding failed in article %s at %d", article.article_id, start)
            sentence_events = []
        ctx.observe(mentions)
        events.extend(sentence_events)
        memory.extend(sentence_events)
    return events


def _code_sentence(
    article: Article,
    doc: Doc,
    mentions: list[ActorMention],
    ctx: ArticleContext,
    start: int,
    end: int,
    lex: Lexicon,
    memory: list[Event],
    pred: SentencePrediction | None = None,
) -> list[Event]:
    index = args_.MentionIndex([m for m in mentions if not _landmark(doc, m)])
    triggers = _find_triggers(doc, lex, index)
    if pred is not None:
        triggers = _model_triggers(doc, triggers, pred)
    if not triggers:
        return []
    _absorb(triggers)
    for trig in triggers:
        if _promises_not_to_cooperate(trig):
            trig.coding = Coding("REJECT", None, "120")  # "vowed not to return the Golan Heights to Syria"
        elif trig.absorbed and trig.absorbed_by is None:
            _refine_absorbing(trig)
        if trig.coding.plover_type == "THREATEN" and trig.coding.mode is None:
            _threat_content(trig)
    _protest_topics(triggers)
    out: list[Event] = []
    seen: dict[str, Event] = {}
    lemmas = [t.lemma_.lower() for t in doc]
    justices = {id(trig): _justice_act(trig, triggers, pred) for trig in triggers}
    for trig in triggers:
        if (justice := justices[id(trig)]) is not None:
            head = trig.carrier or trig.token
            justice.inner.append((head.left_edge.idx, head.right_edge.idx + len(head.right_edge)))
    for trig in triggers:
        justice = justices[id(trig)]
        if justice is None and trig.absorbed_by is not None:
            continue
        for ev in _events_for(
            article, doc, trig, index, ctx, start, end, lemmas, memory + out, justice=justice
        ):
            prev = seen.get(ev.event_id)
            if prev is None or ev.confidence > prev.confidence:
                seen[ev.event_id] = ev
                if prev is not None:
                    out.remove(prev)
                out.append(ev)
    return out


# A charge, conviction or investigation names the act it is about ("convicted of stabbing his wife in 1999",
# "accused of fatally shooting Flynn"): a careful coder records that act too, as historical (GUIDELINES.md).
JUSTICE_TYPES = frozenset({"DISAPPROVE", "INVESTIGATE"})
CRIME_TYPES = frozenset({"ASSAULT", "FIGHT", "COERCE"})


def _justice_act(
    trig: _Trigger, triggers: list[_Trigger], pred: SentencePrediction | None
) -> _Trigger | None:
    """The charge, conviction or investigation a crime trigger is inside (an ancestor in the parse), when the
    sentence model also reads the crime's type or the crime is a noun the charge names; else None."""
    if pred is None or trig.coding.plover_type not in CRIME_TYPES:
        return None
    # the rules' FIGHT for "accused of shooting and killing" is the model's ASSAULT: any crime type the model reads;
    # a crime noun a charge names ("charged with sexual assault of a child") is the charge's content whatever the
    # model reads: never an attack on the one charged
    if max(pred.types.get(t, 0.0) for t in CRIME_TYPES) < sentence_model.PROPOSE_THRESHOLD and not (
        trig.nominal is not None and trig.carrier is None
    ):
        return None
    by_token = {t.token.i: t for t in triggers if t.coding.plover_type in JUSTICE_TYPES}
    head = trig.carrier or trig.token
    return next((by_token[a.i] for a in head.ancestors if a.i in by_token), None)


def _inside_justice(
    trig: _Trigger,
    justice: _Trigger,
    index: args_.MentionIndex,
    sources: list[args_.Role],
    targets: list[args_.Role],
) -> tuple[list[args_.Role], list[args_.Role]] | None:
    """The roles of a crime inside a charge or conviction, by the one charged when the act names no source; None
    when the act is not coded."""
    if _accuses_a_state(justice, index):
        # "Kiir accused the Sudanese government of bombing Guffa": a state's alleged act is the content of the
        # accusation (the accusation is the event), not an act the story reports; a crime inside a charge against a
        # person is the charge's background and stays
        return None
    if sources:
        return sources, targets
    sources, targets = _crime_roles(trig, justice, index, targets)
    if not sources and trig.nominal is not None and trig.carrier is None:
        # "found a former employee guilty of murder in the shooting deaths of two women": the one convicted did it,
        # though no actor was resolved from the words; not an unidentified attacker
        return None
    return sources, targets


def _accuses_a_state(justice: _Trigger, index: args_.MentionIndex) -> bool:
    """An accusation (not a conviction) whose accused is a state or one of its bodies."""
    if justice.coding.plover_type != "DISAPPROVE" or justice.coding.mode == "convict":
        return False
    accused = _roles(justice, index)[1]
    return any(
        r.mention.actor.kind in ("country", "capital") or r.mention.actor.sector in STATE_SECTORS
        for r in accused
    )


def _crime_roles(
    trig: _Trigger, justice: _Trigger, index: args_.MentionIndex, targets: list[args_.Role]
) -> tuple[list[args_.Role], list[args_.Role]]:
    """Source and target of a crime inside a charge or conviction ("a jury convicted a Spiro man of murder in the
    shooting death of his girlfriend"): the one charged did it; the victim is another person in the charge's
    clause (not its accuser)."""
    accuser, accused = _roles(justice, index)[:2]
    mine = {args_.actor_key(r.mention) for r in accused}
    targets = [t for t in targets if args_.actor_key(t.mention) not in mine]
    if not targets:
        taken = mine | {args_.actor_key(r.mention) for r in accuser}
        head = justice.carrier or justice.token
        inside = {t.i for t in head.subtree if t.i > trig.token.i}
        targets = [
            args_.Role(m, args_.ROLE_PHRASE)
            for m in index.mentions
            if m.head in inside and args_.actor_key(m) not in taken
        ][:1]
    return accused, targets


def _roles(trig: _Trigger, index: args_.MentionIndex) -> tuple[list[args_.Role], list[args_.Role], bool]:
    """Source and target roles of a trigger, and whether the target came through "with"/"between"."""
    tok = trig.token
    ptype = trig.coding.plover_type
    if trig.nominal is None:
        if pair := _subjectless_between(trig, index):
            return [args_.Role(m, args_.ROLE_DIRECT) for m in pair], [], True
        src, sc = args_.verb_subject(tok, index)
        if not src:
            src, sc = _speaker_of_a_norm(trig, index)
        mine = frozenset(args_.actor_key(m) for m in src)
        tgt, tc = args_.verb_targets(tok, index, ptype, exclude=mine)
        if trig.accused is not None:
            tgt, tc = _accused_place(trig.accused, index, mine), args_.ROLE_PHRASE
        elif ptype in ("DEMAND", "DISAPPROVE") and (doers := _doers_of_harm_demanded(tok, index, mine)):
            # "demanded an end to the killing of Bangladeshi nationals by Indian border personnel": the killers
            tgt, tc = doers, args_.ROLE_PHRASE
        if _received(trig):
            # "drew sharp criticism from the United States": the critic is in the "from" phrase, if anywhere
            src, sc, tgt, tc = _critics(tok, index), args_.ROLE_PHRASE, src, sc
        elif trig.match.pattern.swap:
            src, sc, tgt, tc = tgt, tc, src, sc
        recip = any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children) and bool(tgt)
        head = tok
        if not tgt:
            tgt, tc = _targets_beyond_the_verb(trig, index, mine)
    else:
        pair = args_.between_pair(tok, index)
        if pair and trig.coding.mode != "mediate":
            return [args_.Role(m, args_.ROLE_DIRECT) for m in pair], [], True
        src, sc = _noun_source(trig, index)
        if not src and trig.nominal == "light" and trig.carrier is not None:
            src, sc = args_.verb_subject(trig.carrier, index)
        mine = frozenset(args_.actor_key(m) for m in src)
        tgt, tc = args_.noun_targets(tok, index, ptype, exclude=mine)
        if not tgt and pair:  # a mediator between two parties: the parties are the targets
            tgt, tc = [m for m in pair if args_.actor_key(m) not in mine], args_.ROLE_DIRECT
        if not tgt and trig.carrier is not None and trig.nominal in ("light", "occur"):
            # "carried out strikes on X" (light), "the clashes killed three soldiers" (occur)
            tgt, tc = args_.verb_targets(trig.carrier, index, ptype, exclude=mine)
            tgt = [m for m in tgt if not (m.start <= tok.i < m.end)]
        recip = any(c.dep_ == "prep" and c.lower_ == "with" for c in tok.children) and bool(tgt)
        head = trig.carrier or tok
    if not tgt:
        tgt, tc = _complement_targets(trig, head, index, mine, src, tc)
    pair_of_sources = len(src) >= 2 and ptype in RECIPROCAL_TYPES  # "X and Y held talks in Ankara": a venue
    if pair_of_sources:
        tgt = _third_parties(src, tgt, tok.doc)
    tgt, tc = _place_targets(trig, head, index, mine, src, tgt, tc, pair_of_sources)
    if not tgt and not pair_of_sources:
        tgt = args_.modifier_target(head, index, exclude=mine | _countries(src))
        tc = args_.ROLE_MODIFIER
    sources, targets = [args_.Role(m, sc) for m in src], [args_.Role(m, tc) for m in tgt]
    if bool(sources) != bool(targets) and len(sources) < 2:
        # one side found by the rules: the model names the other (never an event the rules found nobody for)
        sources, targets = _learned_roles(trig, index, sources, targets)
    return sources, targets, recip


def _targets_beyond_the_verb(
    trig: _Trigger, index: args_.MentionIndex, mine: frozenset[str]
) -> tuple[list[ActorMention], float]:
    """Targets a verb does not govern: an object it shares with a coordinated verb, the two sides "between" which it
    acts, the parties of the act a mediation participle describes."""
    tgt, tc = _shared_object(trig.token, index, mine)
    if not tgt:
        tgt, tc = _between_targets(trig, index, mine)
    if not tgt and trig.coding.mode == "mediate":
        tgt, tc = _parties_of_the_mediated(trig.token, index, mine), args_.ROLE_PHRASE
    return tgt, tc


def _parties_of_the_mediated(
    verb: Token, index: args_.MentionIndex, mine: frozenset[str]
) -> list[ActorMention]:
    """The parties of an act a mediation participle describes: "Russia and Ukraine each handed over 146 prisoners
    ... in an exchange mediated by the United Arab Emirates" (the UAE mediated between Russia and Ukraine)."""
    noun = verb.head
    if verb.dep_ != "acl" or noun.dep_ != "pobj" or noun.head.head.pos_ not in ("VERB", "AUX"):
        return []
    parties, _ = args_.verb_subject(noun.head.head, index)
    return [m for m in parties if args_.actor_key(m) not in mine]


def _third_parties(src: list[ActorMention], tgt: list[ActorMention], doc: Doc) -> list[ActorMention]:
    """The targets of two sources acting together that are a third party: not one side's own people ("the two sides
    agreed to speed up projects financed by Turkish firms"), not a place they act about ("both sides expressed their
    commitment to peace and stability in Afghanistan"), not people whose country only the dateline gave."""
    tgt = [
        m for m in tgt if m.how != "dateline"
    ]  # "ABU DHABI: Russia and Ukraine each handed over 146 prisoners"
    if not tgt or {m.actor.country for m in tgt} <= _countries(src):
        return []
    return [] if all(_venue(doc[m.head]) for m in tgt) else tgt


# Prepositions of where something is, not of whom it is done to.
VENUE_PREPS = frozenset({"in", "at", "inside", "throughout", "across", "near", "around"})


def _venue(head: Token) -> bool:
    """A mention written as the place of something ("stability in Afghanistan", "talks in Ankara")."""
    return head.dep_ == "pobj" and head.head.lower_ in VENUE_PREPS


def _accused_place(place: Token, index: args_.MentionIndex, mine: frozenset[str]) -> list[ActorMention]:
    """The country of the place said to be a haven ("Afghanistan", "Afghan soil"), as the accused."""
    found = [m for m in index.in_phrase(place, depth=1) if args_.actor_key(m) not in mine]
    return found or args_.modifier_target(place, index, exclude=mine)


def _doers_of_harm_demanded(
    verb: Token, index: args_.MentionIndex, mine: frozenset[str]
) -> list[ActorMention]:
    """Those whose attack the object of a demand or a criticism names with "by" ("an end to the killing of
    Bangladeshi nationals by Indian border personnel", "condemned the shelling of houses by the army"): the ones
    asked to stop or blamed, not the victims."""
    for obj in (c for c in verb.children if c.dep_ == "dobj"):
        for tok in obj.subtree:
            if tok.lemma_.lower() not in args_.HARM_NOUNS or tok.i - obj.i > 8:
                continue
            if not any(c.dep_ in ("prep", "agent") and c.lower_ == "by" for c in tok.children):
                continue
            doers = [m for m in args_.noun_source(tok, index)[0] if args_.actor_key(m) not in mine]
            if doers:
                return doers
    return []


# Modal auxiliaries that make a reported passive the speaker's own claim ("Bashir should be held responsible"), and
# the types such a claim is an act of (not "Somalia should be invited to the talks": a proposal, no invitation).
NORM_MODALS = frozenset({"should", "must", "ought"})
NORM_TYPES = frozenset({"DISAPPROVE", "REJECT"})


def _speaker_of_a_norm(trig: _Trigger, index: args_.MentionIndex) -> tuple[list[ActorMention], float]:
    """The speaker of a verbal act told as what ought to be done, in an agentless passive clause the speaker reports
    ("The governor said Mr Bashir should be held responsible": the governor accuses Bashir; "X said the killers must
    be condemned"). A passive told as a fact ("police said the man was charged") names no agent: who charged him is
    not the speaker."""
    if not _reported_norm(trig):
        return [], 0.0
    found, clarity = args_.verb_subject(trig.token.head, index)
    return found, clarity * args_.ROLE_PHRASE


def _reported_norm(trig: _Trigger) -> bool:
    """The trigger is a criticism or a rejection in an agentless passive clause with "should", "must" or "ought" that
    a statement verb reports (see ``_speaker_of_a_norm``): the speaker's claim, made when spoken (asserted, not hypothetical)."""
    tok = trig.token
    return (
        trig.nominal is None
        and trig.coding.plover_type in NORM_TYPES
        and args_.is_passive(tok)
        and tok.dep_ == "ccomp"
        and tok.head.lemma_.lower() in cues()["statement"]
        and any(c.dep_ == "aux" and c.lower_ in NORM_MODALS for c in tok.children)
    )


def _subjectless_between(trig: _Trigger, index: args_.MentionIndex) -> list[ActorMention]:
    """ "since fighting between the SAF and the SPLA-N began, civilians fled": a verb with no subject of its own is
    the act of the two it is between, not of the main clause's subject (not a mediation)."""
    tok = trig.token
    if trig.coding.mode == "mediate" or any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children):
        return []
    return args_.between_pair(tok, index)


def _between_targets(
    trig: _Trigger, index: args_.MentionIndex, mine: frozenset[str]
) -> tuple[list[ActorMention], float]:
    """ "mediated between Hamas and Israel", "brokered a truce between X and Y": the two parties are the targets."""
    tok = trig.token
    pair = args_.between_pair(tok, index) or next(
        (p for o in tok.children if o.dep_ == "dobj" and (p := args_.between_pair(o, index))), []
    )
    if not pair and trig.coding.mode == "mediate":
        # "negotiations facilitated by Qatar ended the clashes between the two countries": the parties
        pair = next((p for t in tok.doc if (p := args_.between_pair(t, index))), [])
    return [m for m in pair if args_.actor_key(m) not in mine], args_.ROLE_DIRECT


def _noun_source(trig: _Trigger, index: args_.MentionIndex) -> tuple[list[ActorMention], float]:
    """The source an event noun's own phrase names; not a capital before a protest noun ("the Athens riots", "the
    Cairo protests": where they happened, not who protested)."""
    tok = trig.token
    src, sc = args_.noun_source(tok, index)
    if trig.coding.plover_type == "PROTEST":
        src = [m for m in src if not (m.actor.kind == "capital" and tok.doc[m.end - 1].dep_ == "compound")]
    return src, sc


def _shared_object(
    verb: Token, index: args_.MentionIndex, exclude: frozenset[str]
) -> tuple[list[ActorMention], float]:
    """ "he shot and killed federal agent David Wilhelm": a verb with no object of its own shares the object of the
    verb coordinated after it with the same subject (the parser hangs it on the last one), before any place of the
    sentence is read as its target. Not a verb with an object or a clause of its own ("raided the ranch and removed
    439 children", "arrested Webb and carried the girl to safety", "refused to deploy peacekeepers and urged its
    citizens ...")."""
    if any(c.dep_ in ("dobj", "xcomp", "ccomp") for c in verb.children):
        return [], 0.0
    for conj in verb.children:
        if conj.dep_ != "conj" or conj.i < verb.i or conj.pos_ != "VERB":
            continue
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children):
            continue
        for obj in conj.children:
            if obj.dep_ == "dobj":
                found = [m for m in args_.phrase_actors(obj, index) if args_.actor_key(m) not in exclude]
                if found:
                    return found, args_.ROLE_DIRECT
    return [], 0.0


def _complement_targets(
    trig: _Trigger,
    head: Token,
    index: args_.MentionIndex,
    mine: frozenset[str],
    src: list[ActorMention],
    tc: float,
) -> tuple[list[ActorMention], float]:
    """The target of an act named through what it is about, when the trigger's own phrase names none."""
    ptype = trig.coding.plover_type
    tgt: list[ActorMention] = []
    # "offered to hand over X to Britain", "promised to continue aid to Mozambique": the target of an
    # agreement, demand or threat is the target of the action it is about, coded or not
    inner_heads = [inner.carrier or inner.token for inner in trig.absorbed]
    if ptype in ABSORBING:
        inner_heads += [
            c
            for c in head.children
            if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX") and c.i > head.i
        ]
    if ptype == "DISAPPROVE" and trig.coding.mode == "accuse":
        # "alleged that France armed the militias", "claimed that Israel attacked its embassy": the accused is
        # the subject of the reported act
        reported = _reported_subjects(head, index, mine, informative_only=False)
        if reported is not None:
            tgt, tc = reported, args_.ROLE_PHRASE
    if ptype == "THREATEN":
        # "threatened to halt the talks if the United States deploys missiles": the one the condition is on
        tgt = args_.condition_subject([head, *inner_heads], index, exclude=mine)
        tc = args_.ROLE_PHRASE
        if not tgt:
            # "warned that Pakistan would bear the consequences": the one the warning is about
            tgt = _reported_subjects(head, index, mine, informative_only=True) or []
    if ptype == "DEMAND" and not tgt:
        # "called for Kelly and Bloomberg to visit the community": the ones called on to act, not the community
        for clause in (c for c in head.children if c.dep_ == "advcl" and c.i > head.i):
            if any(m.dep_ == "mark" and m.lower_ == "for" for m in clause.children):
                found_subjects, _ = args_.verb_subject(clause, index)
                tgt = [m for m in found_subjects if args_.actor_key(m) not in mine]
                tc = args_.ROLE_PHRASE
                if tgt:
                    break
    if not tgt:
        found = _inner_action_targets(inner_heads, index, ptype, mine)
        if found is not None:
            tgt, tc = found
    if not tgt and ptype in COMPLEMENT_PLACE_TYPES and not (len(src) >= 2 and ptype in RECIPROCAL_TYPES):
        # "threatened to impose a curfew in Algiers", "agreed to open a trade office in Tokyo"; not when two
        # sources act together ("X and Y signed ... as the session ended in Nairobi": a venue, not a party)
        tgt, tc = _complement_place(inner_heads, index, mine, tc)
    return tgt, tc


def _reported_subjects(
    head: Token, index: args_.MentionIndex, mine: frozenset[str], *, informative_only: bool
) -> list[ActorMention] | None:
    """The new actors named as subject of the first reported clause (ccomp) of ``head`` that names any (the
    last clause's, possibly none, when none does); None when ``head`` reports no clause."""
    reported: list[ActorMention] | None = None
    for comp in _reported_clauses(head):
        found, _ = args_.verb_subject(comp, index)
        if not found:
            found = _the_one_person(comp, index, mine)
        reported = [
            m
            for m in found
            if args_.actor_key(m) not in mine and (not informative_only or args_.informative(m))
        ]
        if reported:
            break
    return reported


def _the_one_person(clause: Token, index: args_.MentionIndex, mine: frozenset[str]) -> list[ActorMention]:
    """The person a reported clause's "he" or "she" stands for when the pronoun resolved to no one: the one person the
    sentence names before the clause, not its speaker ("Gray was killed by police who claim he pointed a gun at
    ...": Gray)."""
    subj = next((c for c in clause.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lower_ not in ("he", "she"):
        return []
    people = [
        m
        for m in index.mentions
        if m.actor.kind in args_.PERSON_KINDS
        and args_.actor_key(m) not in mine
        and m.head < clause.left_edge.i
    ]
    return people if len(people) == 1 else []


def _inner_action_targets(
    inner_heads: list[Token], index: args_.MentionIndex, ptype: str, mine: frozenset[str]
) -> tuple[list[ActorMention], float] | None:
    """The target of the first action an act is about that names one, with its clarity; None when none does."""
    for inner in inner_heads:
        # the action's own prepositions decide ("provide aid for Romania"), whatever the absorbing type
        found, clarity = args_.verb_targets(inner, index, "COMPLEMENT", exclude=mine)
        if not found:
            found, clarity = (
                [m for m in args_.between_pair(inner, index) if args_.actor_key(m) not in mine],
                1.0,
            )
        if not found and inner.dep_ == "xcomp":
            for obj in (c for c in inner.children if c.dep_ == "dobj"):
                found, clarity = args_.noun_targets(obj, index, ptype, exclude=mine)
                if found:
                    break
        if found:
            return found, clarity * args_.ROLE_PHRASE
    return None


def _complement_place(
    inner_heads: list[Token], index: args_.MentionIndex, mine: frozenset[str], tc: float
) -> tuple[list[ActorMention], float]:
    """The place the first action an act is about (not an adverbial clause) happens in, as its target."""
    tgt: list[ActorMention] = []
    for inner in (h for h in inner_heads if h.dep_ != "advcl"):
        tgt = args_.place_target(inner, index, exclude=mine, depth=COMPLEMENT_PLACE_DEPTH)
        tc = args_.ROLE_PLACE * args_.ROLE_PHRASE
        if tgt:
            break
    return tgt, tc


def _place_targets(
    trig: _Trigger,
    head: Token,
    index: args_.MentionIndex,
    mine: frozenset[str],
    src: list[ActorMention],
    tgt: list[ActorMention],
    tc: float,
    pair_of_sources: bool,
) -> tuple[list[ActorMention], float]:
    """A target read from the place of the act, when the written one names nobody in particular or was guessed."""
    ptype, tok = trig.coding.plover_type, trig.token
    src_countries = _countries(src)
    guessed = bool(tgt) and all(
        m.how in ("sentence", "dateline") and m.actor.country in src_countries for m in tgt
    )
    if (
        ptype in args_.PLACE_TARGET_TYPES
        and not pair_of_sources
        and (guessed or not any(args_.informative(m) for m in tgt))
    ):
        # no target, one that names nobody in particular ("guerrillas", "people"), or one whose country was only
        # guessed from the attacker's own country word ("Russian strikes killed four people"): the place decides
        preps = args_.PLACE_PREPS if ptype == "RETREAT" else args_.PLACE_PREPS - {"from"}
        placed = args_.place_target(head, index, exclude=mine, preps=preps)
        if not placed and trig.nominal is not None and head is not tok:
            # "air strikes on the city of Kharkiv killed ...": the event noun's own phrase
            placed = args_.place_target(tok, index, exclude=mine, preps=args_.NOUN_PLACE_PREPS - {"from"})
        if placed and _held_there(trig, placed[0]):
            placed = []  # "he is being held at Belmarsh prison in London": where he is held, not whom
        if ptype == "PROTEST" and placed and placed[0].actor.country in src_countries:
            # "unions rallied in central Athens": a town of the protesters' own country is the venue; the
            # protest addresses their government (the implied target), not the town
            placed = []
        people = [m for m in tgt if m.actor.sector or m.actor.kind in ("official", "person", "group")]
        if placed and people and placed[0].actor.country:
            # "killed a journalist in Beirut": the victims are the place's people; keep who they are
            tgt = [args_.with_country(m, placed[0].actor.country) for m in people]
        elif placed:
            if ptype in args_.PLACE_ONLY_TYPES:
                placed = [args_.as_place(m) for m in placed]
            tgt, tc = placed, args_.ROLE_PLACE
    return tgt, tc


# Places of detention: a town named as where one of them is ("Belmarsh prison in London") is no detainee.
DETENTION_PLACES = frozenset(
    {"prison", "jail", "gaol", "custody", "cell", "facility", "penitentiary", "centre", "center"}
)


def _held_there(trig: _Trigger, place: ActorMention) -> bool:
    """An arrest or detention whose place is the town of the prison that holds the person."""
    if trig.coding.plover_type != "COERCE" or trig.coding.mode not in ("arrest", "detain", None):
        return False
    verb = trig.carrier or trig.token
    for a in verb.doc[place.head].ancestors:  # the phrases between the place and the act
        if a.i == verb.i:
            return False
        if a.lemma_.lower() in DETENTION_PLACES:
            return True
    return False


def _learned_roles(
    trig: _Trigger, index: args_.MentionIndex, sources: list[args_.Role], targets: list[args_.Role]
) -> tuple[list[args_.Role], list[args_.Role]]:
    """A side the rules left empty, from the trained role model (``events.role_model``): the mention it scores
    highest for that side, above the side's threshold. Only with the trained coder (not ``EVENTWIRE_CODER=rules``)."""
    model = role_model.load() if sentence_model.active() is not None else None
    if model is None or not index.mentions:
        return sources, targets
    head = trig.carrier or trig.token
    ptype = trig.coding.plover_type
    taken = frozenset(r.mention.head for r in sources + targets)
    if not targets:
        # "condemned the attack on a synagogue": the attack's victim is not the one a verbal act is aimed at
        victims = (
            _victims_of(head, index.mentions, ("dobj", "nsubjpass"))
            if ptype not in FORCE_TYPES
            else frozenset()
        )
        found = model.best(
            head, index.mentions, ptype, "target", exclude=taken | _origins(head, index, ptype) | victims
        )
        if found is not None:
            targets = [args_.Role(found[0], round(found[1] * args_.ROLE_PHRASE, 3))]
            taken |= {found[0].head}
    if not sources and (describe(trig.coding.cameo).quad_class == 4 or args_.is_passive(head)):
        # a verbal or cooperative act keeps needing an actor the rules can see ("a partnership that supports
        # Pakistan" is no event); violence and passives may take the model's reading of who did it
        found = model.best(
            head,
            index.mentions,
            ptype,
            "source",
            exclude=taken | _victims_of(head, index.mentions, ("nsubj", "nsubjpass")),
        )
        if found is not None:
            sources = [args_.Role(found[0], round(found[1] * args_.ROLE_PHRASE, 3))]
    return sources, targets


def _victims_of(
    head: Token,
    mentions: Sequence[ActorMention],
    deps: tuple[str, ...],
    nouns: frozenset[str] = args_.HARM_NOUNS,
) -> frozenset[int]:
    """Heads of the mentions an attack noun on the trigger (as one of ``deps``) was done to: "the bombing of a school
    in Kano killed 12" (not the school's act), "condemned the attack on a synagogue" (not the one condemned)."""
    attacks = [n for n in head.children if n.dep_ in deps and n.lemma_.lower() in nouns]
    return frozenset(m.head for m in mentions if any(args_.done_to(n, m) for n in attacks))


def _origins(head: Token, index: args_.MentionIndex, ptype: str) -> frozenset[int]:
    """Mentions the act comes from, not at: "Hamas fired rockets from Gaza", "speaking by phone from Gaza" (unless
    the type takes its target through "from": "withdrew from Lebanon", "demanded from Iran", "seized from X"), and
    the coast it happened off."""
    preps = {"off"} if "from" in args_.TARGET_PREPS.get(ptype, args_.TARGET_PREPS["*"]) else {"from", "off"}
    out = set()
    for m in index.mentions:
        tok = head.doc[m.head]
        while tok.head.i != tok.i and tok.i != head.i:
            if tok.dep_ == "prep" and tok.lower_ in preps:
                # "off": "attacked nearly 100 vessels off Somalia's coast": the waters off a country, not its people
                out.add(m.head)
                break
            tok = tok.head
    return frozenset(out)


def _non_actor_subject(verb: Token, index: args_.MentionIndex) -> bool:
    """The active verb has a written subject that is neither an actor, a pronoun, a number of people ("thousands")
    nor an event ("the explosion killed ..."): a natural force or a thing did it, so there is no political event."""
    if args_.is_passive(verb):
        return False
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subj is not None and _a_thing(subj, index)


def _a_thing(noun: Token, index: args_.MentionIndex) -> bool:
    """A noun phrase that names neither an actor, a pronoun, a number of people ("thousands") nor an event or a weapon
    ("a minefield explosion killed ...": what happened)."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.lower() in QUANTITY_NOUNS:
        return False
    if args_.phrase_actors(noun, index):
        return False
    lex = load_lexicon()
    lemmas = [t.lemma_.lower() for t in noun.subtree]
    return not any(lex.senses(lm, "NOUN") for lm in lemmas) and weapon_in(lemmas) is None


# Compass directions and units of a distance phrase ("150 nautical miles west of Aden").
DISTANCE_UNITS = frozenset({"mile", "km", "kilometre", "kilometer", "metre", "meter", "yard"})
DIRECTIONS = frozenset(
    "north south east west northeast northwest southeast southwest north-east north-west south-east south-west".split()
)


def _landmark(doc: Doc, m: ActorMention) -> bool:
    """A place named only to measure a distance from it ("attacked the ship 150 nautical miles west of Aden"): a
    landmark, no actor of the sentence's events."""
    head = doc[m.head]
    prep = head.head
    direction = prep.head
    return (
        head.dep_ == "pobj"
        and prep.lower_ == "of"
        and direction.lower_ in DIRECTIONS
        and direction.i > 0
        and (
            any(c.dep_ == "npadvmod" for c in direction.children)
            or doc[direction.i - 1].lemma_.lower() in DISTANCE_UNITS
        )
    )


def _asks_a_question(trig: _Trigger) -> bool:
    """ "Asked" with a question as its clause (a wh-word, or a question mark after the verb: "Rossi asked Coleman,
    'Are you gonna switch it ...?'"): a question, not a request ("asked Pakistan to hand over the suspects" stays)."""
    tok = trig.token
    if trig.nominal is not None or tok.lemma_.lower() not in QUESTION_VERBS:
        return False
    if tok.lemma_.lower() == "ask" and _asked_about_a_matter(tok):
        return True  # not "questioned the suspect about the killing": an interrogation
    clauses = [c for c in tok.children if c.dep_ == "ccomp"]
    return any(
        t.tag_ in ("WRB", "WP", "WDT") or (t.lower_ == "?" and t.i > tok.i)
        for c in clauses
        for t in [*c.subtree, *tok.doc[c.right_edge.i + 1 : c.right_edge.i + 3]]
    )


def _asked_about_a_matter(tok: Token) -> bool:
    """ "Asked Morrison about concerns within the NSC", "asked them about the effect of multiple launches": a question
    about something, with nothing asked for ("asked Kabul for help", "asked them to leave" stay requests)."""
    children = list(tok.children)
    about = any(c.dep_ == "prep" and c.lower_ == "about" for c in children)
    asked_for = any(
        (c.dep_ == "prep" and c.lower_ == "for") or c.dep_ in ("xcomp", "ccomp", "oprd") for c in children
    )
    return about and not asked_for


def _no_matter(trig: _Trigger) -> bool:
    """ "No matter how many people he killed": a concession, no act told."""
    tok = trig.carrier or trig.token
    return any(
        a.lower_ == "matter" and any(c.dep_ == "neg" and c.lower_ == "no" for c in a.children)
        for a in list(tok.ancestors)[:3]
    )


def _unreal_condition(trig: _Trigger) -> bool:
    """The trigger is an "if" or "unless" clause with no subject ("if convicted", "unless released") or in the past
    perfect ("if the president had approved the plan"): a possibility or a counterfactual, not an act."""
    tok = trig.carrier or trig.token
    if tok.dep_ != "advcl" or not any(
        c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children
    ):
        return False
    subject = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children)
    return not subject or (
        tok.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ == "had" for c in tok.children)
    )


def _called_for_a_day(trig: _Trigger) -> bool:
    """ "Called for" a date ("the strike called for the 5th of May"): the day something is set for."""
    tok = trig.token
    if trig.nominal is not None or tok.lemma_.lower() != "call":
        return False
    days = [
        o
        for c in tok.children
        if c.dep_ == "prep" and c.lower_ == "for"
        for o in c.children
        if o.dep_ == "pobj"
    ]
    # "the 5th of May": the day's name hangs on the ordinal
    return any(
        o.ent_type_ == "DATE"
        or any(p.lower_ == "of" and p.i == o.i + 1 and p.right_edge.ent_type_ == "DATE" for p in o.children)
        for o in days
    )


def _hedge(trig: _Trigger) -> bool:
    """A bare participle after "as", with no subject or object of its own, set before or after the clause it
    qualifies ("As alleged, ...", "as charged", "as reported"): it tells where a claim comes from."""
    tok = trig.token
    return (
        trig.nominal is None
        and tok.tag_ == "VBN"
        and tok.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "as" for c in tok.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "agent") for c in tok.children)
    )


def _endangers(trig: _Trigger, index: args_.MentionIndex) -> bool:
    """ "Settlements threaten the physical viability of a two-state solution": a threat to a thing (not to an actor,
    with no act named as its means: "threatened sanctions", "threatened the town") is a danger, no threat made."""
    verb = trig.token
    if (
        trig.nominal is not None
        or trig.coding.plover_type != "THREATEN"
        or any(c.dep_ in ("xcomp", "ccomp") for c in verb.children)
    ):
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return bool(objects) and all(
        _a_thing(o, index)
        and not any(t.lemma_.lower() in QUANTITY_NOUNS or t.lemma_.lower() in THREAT_MEANS for t in o.subtree)
        for o in objects
    )


# Objects of "threaten" that name what the threatener will do ("threatened legal action", "threatened consequences").
THREAT_MEANS = frozenset(
    "action measure step consequence retaliation reprisal response force lawsuit suit violence punishment".split()
)


def _countries(mentions: list[ActorMention]) -> frozenset[str]:
    """Country codes of mentions (a demonym target of the source's own country adds nothing)."""
    return frozenset(m.actor.country for m in mentions if m.actor.country)


def _pairs(
    sources: list[args_.Role], targets: list[args_.Role], ptype: str, with_recip: bool
) -> list[tuple[args_.Role | None, args_.Role | None, bool]]:
    sources = sources[:MAX_ACTORS_PER_ROLE]
    # a target that is one of the sources ("the two sides ... of the commission" read as one side) is no target
    targets = [t for t in targets if not any(_same_actor(t.mention.actor, s.mention.actor) for s in sources)]
    if len(sources) >= 2:
        # "Pakistan and Russia concluded the session of their commission": a target that names nobody in
        # particular does not break the reciprocal reading
        targets = [t for t in targets if args_.informative(t.mention)]
    targets = targets[:MAX_ACTORS_PER_ROLE]
    if len(sources) >= 2 and not targets and ptype in RECIPROCAL_TYPES:
        pairs = [
            (a, b, True)
            for i, a in enumerate(sources)
            for b in sources[i + 1 :]
            if not _same_actor(a.mention.actor, b.mention.actor)
        ]
        if pairs:
            return pairs
        return [(sources[0], None, False)]
    recip = with_recip and ptype in WITH_RECIPROCAL
    if not sources:
        return [(None, t, False) for t in targets] or []
    if not targets:
        return [(s, None, False) for s in sources]
    return [(s, t, recip) for s in sources for t in targets]


def _source_kind(doc: Doc, role: args_.Role | None) -> str | None:
    """The source's kind for actor-dependent rules; a country named by a plural demonym ("Palestinians")
    is a population ("group"), not the state."""
    if role is None:
        return None
    kind = role.mention.actor.kind
    if kind == "country" and doc[role.mention.head].tag_ in ("NNS", "NNPS"):
        return "group"
    return kind


def _same_actor(a: Actor, b: Actor) -> bool:
    """One party under two mentions: the same code, and not a person beside a body ("Utah Assistant Attorney
    General Craig Barlow ... urging the court": both USA JUD, two parties)."""
    if (a.code or a.name) != (b.code or b.name):
        return False
    return (a.kind in PERSON_KINDS) == (b.kind in PERSON_KINDS)


def _in_denied_act(trig: _Trigger, role: args_.Role) -> bool:
    """Whether a mention sits inside the act a denial denies ("denied allowing militants to ..."): a verb stands
    between it and the trigger in the parse."""
    for anc in trig.token.doc[role.mention.head].ancestors:
        if anc.i == trig.token.i:
            return False
        if anc.pos_ in ("VERB", "AUX"):
            return True
    return False


def _deny_target(source: Actor | None, memory: list[Event]) -> Actor | None:
    """The accuser a denial answers: the source of the latest accusation/criticism aimed at the denier."""
    if source is None or not source.country:
        return None
    for ev in reversed(memory):
        if (
            ev.event_type in ("DISAPPROVE", "THREATEN", "DEMAND")
            and ev.target is not None
            and ev.source is not None
        ):
            if ev.target.country == source.country and ev.source.country != source.country:
                return ev.source
    return None


# Nouns for an attack or a use of force: "condemned the strikes" criticises whoever carried them out.
ATTACK_NOUNS = frozenset(
    {
        "attack", "strike", "airstrike", "bombing", "bombardment", "raid", "shelling", "killing", "assault",
        "offensive", "incursion", "invasion", "operation", "violation", "crackdown", "massacre", "shooting",
    }
)  # fmt: skip


ARMED_NON_STATE = frozenset({"REB", "INS", "UAF", "CRM", "SEP"})


def _prosecution(defendant: Actor | None) -> Actor:
    """The prosecution a defendant's plea answers: the courts of the defendant's country (placed later when
    unknown)."""
    country = defendant.country if defendant is not None else None
    return Actor(
        text="prosecution", name="prosecution", country=country, sector="JUD", kind="organisation",
        code=(country + "JUD") if country else None,
    )  # fmt: skip


def _condemns_an_attack(trig: _Trigger) -> bool:
    """The criticism's object is an attack with no written attacker ("condemned the strikes as a violation")."""
    head = trig.carrier or trig.token
    for obj in (c for c in head.children if c.dep_ in ("dobj", "nsubjpass")):
        if obj.lemma_.lower() in ATTACK_NOUNS and not _names_its_attacker(obj):
            return True
    return False


def _attacked_by_object(trig: _Trigger, mention: ActorMention) -> bool:
    """The mention is what the trigger's object attack was done to ("condemned the attack on a synagogue")."""
    head = trig.carrier or trig.token
    return bool(_victims_of(head, [mention], ("dobj", "nsubjpass"), ATTACK_NOUNS))


def _names_its_attacker(noun: Token) -> bool:
    """An attack noun with its attacker written on it ("Belarus's strikes", "Russian shelling")."""
    return any(
        c.dep_ in ("poss", "compound", "amod") and c.ent_type_ in ("GPE", "NORP", "ORG")
        for c in noun.children
    )


def _attacker(source: Actor | None, memory: list[Event]) -> Actor | None:
    """Who carried out the attack a criticism names: the source of the article's latest asserted use of force by
    another country than the critic's, or by an armed group of any country."""
    if source is None:
        return None
    for ev in reversed(memory):
        if ev.event_type not in ("ASSAULT", "FIGHT") or ev.source is None or ev.modality != "asserted":
            continue
        if _same_actor(ev.source, source):
            continue
        if ev.source.country != source.country or ev.source.sector in ARMED_NON_STATE:
            # another country's forces, or the critic's own country's rebels and militants
            return ev.source
    return None


# Verbs of information ("declined to say", "refused to confirm", "would not disclose") besides the statement cues.
INFORMATION_VERBS = frozenset(
    {
        "confirm",
        "disclose",
        "discuss",
        "elaborate",
        "identify",
        "reveal",
        "specify",
        "answer",
        "name",
        "detail",
    }
)


# Objects that say nothing of what was asked ("declined to discuss anything specific", "refused to give details").
VAGUE_OBJECTS = frozenset(
    {"anything", "it", "that", "this", "detail", "details", "specifics", "matter", "case"}
)


# People one employs: "fired seven lawyers", "sacked the coach" is a dismissal.
_EMPLOYED = frozenset(
    {
        "lawyer", "attorney", "employee", "worker", "staff", "staffer", "coach", "manager", "aide", "adviser",
        "advisor", "director", "chief", "secretary", "minister", "official", "executive", "ceo", "teacher",
        "assistant", "spokesman", "spokeswoman", "spokesperson", "editor", "prosecutor", "commissioner",
    }
)  # fmt: skip


# What one is fired as or from: a job, not a position one shoots from ("fired from a helicopter").
_JOBS = frozenset(
    {"accountant", "clerk", "analyst", "engineer", "guard", "nurse", "reporter", "journalist", "officer"}
)
_POSTS = frozenset(
    {"job", "post", "position", "role", "company", "firm", "team", "show", "newspaper", "cabinet"}
)
_FIRED_AS = _EMPLOYED | _JOBS


def _dismissal(trig: _Trigger) -> bool:
    """ "fire"/"sack" whose direct object is a named person, a personal pronoun or someone one employs ("fired
    seven lawyers") with no "at"/"on": a dismissal."""
    verb = trig.token
    if verb.lemma_.lower() not in ("fire", "sack", "axe") or trig.nominal is not None:
        return False
    if any(c.dep_ == "prep" and c.lower_ in ("at", "on", "upon", "into") for c in verb.children):
        return False
    if any(  # "had been fired last Thursday as a general accountant", "was fired from his job at the firm"
        c.dep_ == "prep"
        and any(
            (c.lower_ == "as" and o.lemma_.lower() in _FIRED_AS)
            or (c.lower_ == "from" and o.lemma_.lower() in _POSTS)
            for o in c.children
            if o.dep_ == "pobj"
        )
        for c in verb.children
    ):
        return True
    return any(
        c.dep_ == "dobj"
        and (
            c.ent_type_ == "PERSON"
            or (c.pos_ == "PRON" and c.lower_ in ("him", "her", "them"))
            or c.lemma_.lower() in _EMPLOYED
        )
        for c in verb.children
    )


def _declines_to_speak(trig: _Trigger) -> bool:
    """A refusal whose object is saying something ("declined to say where", "refused to comment on"): a
    newsroom formula, not a rejection of anyone's demand."""
    if trig.coding.plover_type != "REJECT" or trig.nominal is not None:
        return False
    speech = cues()["statement"] | INFORMATION_VERBS
    return any(
        c.dep_ == "xcomp"
        and c.lemma_.lower() in speech
        and not any(g.dep_ == "dobj" and g.lemma_.lower() not in VAGUE_OBJECTS for g in c.children)
        for c in trig.token.children
    ) or (
        trig.token.lemma_.lower() == "decline"
        and any(c.dep_ == "dobj" and c.lemma_.lower() == "comment" for c in trig.token.children)
    )


FORCE_TYPES = frozenset({"ASSAULT", "FIGHT", "COERCE"})
# The attacker of an assault the report names no one for; the place (or the article's country) gives its country.
UNIDENTIFIED_ATTACKER = Actor(
    text="unidentified attacker",
    name="unidentified attacker",
    country=None,
    sector="CVL",
    kind="group",
    code=None,
)
ANAPHORIC_DETS = frozenset({"the", "these", "those", "this", "that", "its", "their"})


def _earlier_attack(trig: _Trigger, memory: list[Event]) -> Event | None:
    """The article's earlier use of force that a verb's subject refers back to ("the strikes hit three villages,
    killing ...", "the raid killed ..."): the subject is an attack noun with a definite determiner and no
    attacker of its own. The latest such event of the article with a source."""
    if trig.nominal is not None:
        return None
    verb: Token | None = trig.token
    subject = None
    for _ in range(3):
        if verb is None:
            break
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None or verb.dep_ not in ("advcl", "xcomp", "conj") or verb.head.i == verb.i:
            break
        verb = verb.head
    if subject is None or subject.lemma_.lower() not in ATTACK_NOUNS:
        return None
    if not any(c.dep_ in ("det", "poss") and c.lower_ in ANAPHORIC_DETS for c in subject.children):
        return None
    if _names_its_attacker(subject):
        return None
    told = [
        ev
        for ev in memory
        if ev.event_type in FORCE_TYPES and not ev.reciprocal and ev.source is not None and ev.source.country
    ]
    stem = subject.lemma_.lower()[:3]
    same = [ev for ev in told if any(e.trigger and e.trigger.lower()[:3] == stem for e in ev.evidence)]
    if not (same or told):
        return None
    prior = (same or told)[-1]
    # the most precise place any telling of that attack gave ("in Afghanistan's Paktika province")
    placed = [ev.location for ev in same if ev.location is not None and ev.location.precision != "country"]
    if placed and (prior.location is None or prior.location.precision == "country"):
        prior = replace(prior, location=placed[-1])
    return prior


def _not_an_act(trig: _Trigger, index: args_.MentionIndex) -> bool:
    """Whether the trigger, read in its phrase, names no act at all."""
    if _declines_to_speak(trig):
        return True  # "declined to say where she is", "refused to comment": no answer is no act
    if _dismissal(trig):
        return True  # "decided to fire O'Brien": a dismissal, not a shooting
    if _forecast(trig, index):
        return True  # "warned that the crisis could spread to other countries": a forecast, not a threat
    if _after_a_report(trig):
        return True  # "a camp was bombed, officials said, threatening to raise tensions": the news threatens
    if _asks_a_question(trig) or _no_matter(trig):
        return True  # "asked the holdouts how many people would Nichols have to kill"; "no matter how many he killed"
    if _unreal_condition(trig):
        return True  # "faces life in prison if convicted", "if the president had approved the plan": never happened
    if _called_for_a_day(trig):
        return True  # "the general strike called for the 5th of May": set for a day, no demand
    if _hedge(trig):
        return True  # "As alleged, the defendants had a duty ...": how the claim is known, no new accusation
    if _endangers(trig, index):
        return True  # "threaten the viability of a two-state solution": a danger to a thing, no threat
    if _describes_its_actor(trig, index):
        return (
            True  # "armed insurgents seeking independence for Balochistan": what a group is, not what it did
        )
    if _asked_about(trig):
        return True  # "asked by the BBC if the US intended to attack ...": the content of a question
    if trig.token.dep_ == "amod" and trig.token.head.lower_ in LIVING_KINDS:
        return True  # "Bush endangered species rule", "a threatened species": a kind of animal, no threat
    # "has not been officially sanctioned by the court": approved, not penalised
    return trig.token.lemma_.lower() == "sanction" and any(
        c.dep_ == "advmod" and c.lower_ in ("officially", "formally", "legally", "duly")
        for c in trig.token.children
    )


# Nouns after "endangered" or "threatened" that name a kind of living thing, not anyone threatened.
LIVING_KINDS = frozenset(
    {"species", "animals", "animal", "wildlife", "plants", "plant", "birds", "bird", "habitat"}
)

# Verbs whose "if" or "whether" clause is a question: what it asks about did not happen by being asked.
QUESTION_VERBS = frozenset({"ask", "question", "wonder", "inquire", "enquire"})


def _asked_about(trig: _Trigger) -> bool:
    """The trigger lies in a "whether" clause ("asked whether Russia would retaliate", "could make a difference on
    whether authorities indict him") or an "if" clause of a verb of asking ("when asked if the US intended to attack
    the pirates' bases")."""
    tok = trig.carrier or trig.token
    for _ in range(4):  # from the trigger up to the head of its clause
        mark = next((c for c in tok.children if c.dep_ == "mark" and c.lower_ in ("if", "whether")), None)
        if mark is not None and mark.lower_ == "whether":
            return True  # "never mentioned whether the teen was carrying a gun": open, whatever asks it
        if mark is not None:
            return tok.head is not tok and (
                tok.head.lemma_.lower() in QUESTION_VERBS or _after_a_question(mark, tok.head)
            )
        if tok.head is tok or tok.dep_ not in ("xcomp", "conj", "aux"):
            return False
        tok = tok.head
    return False


def _after_a_question(mark: Token, head: Token) -> bool:
    """ "When asked by the admiral if the US intended ..., he declined to comment": the parse hangs the "if"
    clause on the main verb beside the clause of asking that it ends; the question is the one asked just before."""
    return any(
        c.dep_ == "advcl"
        and c.lemma_.lower() in QUESTION_VERBS
        and c.i < mark.i
        and c.right_edge.i == mark.i - 1
        for c in head.children
    )


def _forecast(trig: _Trigger, index: args_.MentionIndex) -> bool:
    """A warning of what may happen, addressed to nobody named: its content is a possibility ("could", "might",
    "may") whose subject is a thing, not an actor ("warned that the crisis could spread"). Not "warned Iran that
    it could face sanctions", "warned that police will no longer tolerate rallies" or "warned that any attack
    could be met with force" (a passive: the warner answers it)."""
    verb = trig.token
    if (
        trig.nominal is not None
        or trig.coding.plover_type != "THREATEN"
        or verb.lemma_.lower() not in ("warn", "caution")
    ):
        return False
    if any(c.dep_ in ("dobj", "dative") and args_.phrase_actors(c, index) for c in verb.children):
        return False
    warners = frozenset(args_.actor_key(m) for m in args_.verb_subject(verb, index)[0])
    return any(
        c.dep_ == "ccomp" and (_warned_of_a_state(c, index) or _others_violence(c, index, warners))
        for c in verb.children
    )


def _others_violence(clause: Token, index: args_.MentionIndex, warners: frozenset[str]) -> bool:
    """A warning that someone else's attacks may come ("warned that attacks by jihadist groups in Burkina Faso could
    spill into Ghana"): a danger told, no threat by the one who warns."""
    if not {a.lower_ for a in clause.children if a.dep_ == "aux"} & POSSIBLE_MODALS:
        return False
    for subj in (c for c in clause.children if c.dep_ == "nsubj" and c.lemma_.lower() in args_.HARM_NOUNS):
        doers = args_.noun_source(subj, index)[0]
        if doers and not any(args_.actor_key(m) in warners for m in doers):
            return True
    return False


# Modals of a warned possibility; and the future ones, which leave the warning a threat when a thing is its subject
# ("warned that the consequences will be severe").
POSSIBLE_MODALS = frozenset({"could", "might", "may"})
FUTURE_MODALS = frozenset({"will", "would", "shall", "'ll"})


def _warned_of_a_state(clause: Token, index: args_.MentionIndex) -> bool:
    """The clause a warning reports tells what may happen or how things are, not what anyone will do: a thing as
    its subject, with "could", "might" or "may" or no future modal ("the crisis could spread", "staff shortages
    have taken their toll"); a present passive with no agent ("voters are entitled to transparency"); or a plain
    copula ("the situation is dire", not "the army is ready to strike")."""
    modals = {a.lower_ for a in clause.children if a.dep_ == "aux"}
    if modals & FUTURE_MODALS:
        return False
    if _non_actor_subject(clause, index):
        return True
    if clause.tag_ == "VBN" and not modals and not any(c.dep_ == "agent" for c in clause.children):
        # a present passive with no agent: "voters are entitled to transparency"
        return any(c.dep_ == "auxpass" and c.tag_ in ("VBP", "VBZ") for c in clause.children)
    return (
        clause.lemma_.lower() == "be"
        and not modals
        and any(c.dep_ in ("acomp", "attr") for c in clause.children)
        and not any(g.dep_ in ("xcomp", "ccomp") for c in clause.children for g in c.children)
    )


def _after_a_report(trig: _Trigger) -> bool:
    """ "Threatening" with no subject of its own, hanging on a reporting verb set after the news it reports ("a camp
    was bombed Thursday, officials said, threatening to raise tensions with Sudan"): the news threatens, not the one
    who reports it (unlike "the army said on Monday, accusing Hamas of ...", or "..., the army said, killing three
    fighters", where the killing is the strike's)."""
    tok = trig.token
    report = tok.head
    return (
        trig.nominal is None
        and tok.lemma_.lower() == "threaten"
        and tok.tag_ == "VBG"
        and tok.dep_ == "advcl"
        and report.lemma_.lower() in cues()["statement"]
        and any(c.dep_ == "ccomp" and c.i < report.i for c in report.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
    )


def _describes_its_actor(trig: _Trigger, index: args_.MentionIndex) -> bool:
    """A present participle describing the actor it follows ("insurgents seeking independence", "a group fighting
    for autonomy"): the group's standing aim, no act with a time of its own (not "a declaration demanding that
    ...": a statement's content)."""
    tok = trig.token
    return (
        trig.nominal is None
        and tok.dep_ == "acl"
        and tok.tag_ == "VBG"
        and tok.head.i < tok.i
        and bool(index.at(tok.head))
        and not any(_temporal(c) for c in tok.children)
    )


def _needs_a_source(trig: _Trigger, index: args_.MentionIndex) -> bool:
    """Whether the trigger's act, found with no source, is no event without one."""
    if trig.nominal is None and _non_actor_subject(trig.token, index):
        return True  # "heavy snow disrupted flights", "an earthquake struck Turkey": something, not someone, did it
    # an active verbal or cooperative act needs its actor ("a partnership that supports Pakistan" is no
    # event); a passive one may name only its patient ("X has been accused of ...")
    return (
        describe(trig.coding.cameo).quad_class != 4
        and trig.coding.mode != "deny"
        and not args_.is_passive(trig.carrier or trig.token)
        and not _private_patient(trig, index)
        and not _received(trig)
    )


def _critics(verb: Token, index: args_.MentionIndex) -> list[ActorMention]:
    """The actors of a "from" phrase on a verb of receiving or on its object ("faced criticism from lawmakers")."""
    found: list[ActorMention] = []
    for holder in (verb, *(c for c in verb.children if c.dep_ == "dobj")):
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "from":
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        found.extend(args_.phrase_actors(pobj, index))
    return found


def _received(trig: _Trigger) -> bool:
    """A curated act the subject receives ("India's navy drew criticism", "faced condemnation"): told, like a
    passive, of the one it fell on, the actor unnamed or in a "from" phrase."""
    return trig.match.pattern.swap and trig.match.pattern.curated


def _private_patient(trig: _Trigger, index: args_.MentionIndex) -> bool:
    """A participle modifying a private person it acts on ("the teen accused of shooting ..."): a justice act whose
    agent goes unnamed. Officials or states so described ("French officials accused of playing a role in the
    genocide") are accused by another party the sentence does not name here."""
    head = trig.carrier or trig.token
    if not args_.reduced_relative(head):
        return False
    patients = index.at(head.head)
    return bool(patients) and all(m.actor.kind == "person" or m.actor.sector == "CVL" for m in patients)


def _pair_type(coding: Coding, sources: list[args_.Role]) -> str:
    """The event type the trigger's sources and targets are paired by."""
    if coding.plover_type == "MOBILIZE" and coding.cameo in EXERCISE_CODES and len(sources) >= 2:
        return "COOPERATE"  # "French and Egyptian warships began war games": exercises held together
    return coding.plover_type


# Nouns of a meeting whose parties the story has already named ("the next conference will be held in New Delhi").
MEETING_NOUNS = frozenset(
    {
        "session",
        "conference",
        "meeting",
        "round",
        "talks",
        "summit",
        "consultations",
        "dialogue",
        "commission",
    }
)


def _roles_in_story(
    trig: _Trigger, index: args_.MentionIndex, ctx: ArticleContext
) -> tuple[list[args_.Role], list[args_.Role], bool]:
    """The trigger's roles (``_roles``); a meeting with no party in its sentence is between the story's two
    countries."""
    sources, targets, with_recip = _roles(trig, index)
    if not sources and _agentless_meeting(trig):
        sources, targets = _meeting_parties(trig, targets, ctx)
    return sources, targets, with_recip


def _agentless_meeting(trig: _Trigger) -> bool:
    """ "The 7th session of the JMC will be held in Nairobi later this year": a meeting told in the passive, with no
    party in its sentence."""
    tok = trig.token
    return (
        trig.coding.plover_type == "CONSULT"
        and trig.nominal is None
        and tok.lemma_.lower() in ("hold", "convene")
        and args_.is_passive(tok)
        and any(c.dep_ == "nsubjpass" and c.lemma_.lower() in MEETING_NOUNS for c in tok.children)
    )


def _meeting_parties(
    trig: _Trigger, targets: list[args_.Role], ctx: ArticleContext
) -> tuple[list[args_.Role], list[args_.Role]]:
    """The story's two countries as the meeting's parties; its venue in either is no target."""
    from ..actors import dyad_mentions

    meeting = next(c for c in trig.token.children if c.dep_ == "nsubjpass")
    parties = dyad_mentions(meeting, ctx)
    if len(parties) < 2:
        return [], targets
    countries = {m.actor.country for m in parties}
    return (
        [args_.Role(m, args_.ROLE_CONTEXT) for m in parties],
        [t for t in targets if t.mention.actor.country not in countries],
    )


def _events_for(
    article: Article,
    doc: Doc,
    trig: _Trigger,
    index: args_.MentionIndex,
    ctx: ArticleContext,
    start: int,
    end: int,
    lemmas: list[str],
    memory: list[Event],
    *,
    justice: _Trigger | None = None,
) -> list[Event]:
    """The events of one trigger. ``justice``: the charge or conviction the trigger's act (a crime) is inside: the
    act is coded as historical (it came before the charge), by the one charged when the act names no source."""
    if _not_an_act(trig, index):
        return []
    sources, targets, with_recip = _roles_in_story(trig, index, ctx)
    if not targets and (trig.carrier or trig.token).lemma_.lower() in args_.MEDIATOR_VERBS:
        return []  # "talks facilitated by Turkey, Qatar and Saudi Arabia": mediators with no party named
    past = justice is not None
    if justice is not None:
        roles = _inside_justice(trig, justice, index, sources, targets)
        if roles is None:
            return []
        sources, targets = roles
    actors_ok = [r for r in sources + targets if r.mention.confidence >= MIN_ACTOR_CONFIDENCE]
    if not actors_ok:
        return []
    if not sources and _needs_a_source(trig, index):
        return []
    read = _reading(trig, article, bool(sources), past, ctx.court, ctx.obituary)
    if read is None:
        return []
    coding, modality, date = read
    out: list[Event] = []
    pair_type = _pair_type(coding, sources)
    location = _safe_location(doc, trig, ctx, modality, article)  # the same for every pair of the trigger
    for src, tgt, recip in _pairs(sources, targets, pair_type, with_recip):
        sides = _Sides(
            src.mention.actor if src else None,
            tgt.mention.actor if tgt else None,
            src.confidence if src else 0.0,
            tgt.confidence if tgt else 0.0,
            coding,
        )
        if sides.source is not None and sides.target is not None and _same_actor(sides.source, sides.target):
            sides.target, sides.t_conf = None, 0.0
        _sides_from_memory(trig, sides, tgt, memory)
        if not _type_for_sides(trig, sides, recip, lemmas, _source_kind(doc, src), ctx.hazard):
            continue
        _implied_sides(trig, sides, recip, location, ctx)
        event = _build_event(article, doc, trig, sides, modality, recip, date, ctx, (start, end), location)
        if not _dyadic(event, index.mentions):
            continue  # "she spoke with pride"; "Obama criticised the decision of the court": a side missed
        if _private_words(event, article.text or ""):
            continue
        out.append(event)
    return out


# Verbs of deliberate violence: a death told with one of them in a disaster story still has a killer.
VIOLENT_LEMMAS = frozenset(
    "shoot stab behead bomb strangle torture rape kidnap abduct execute assassinate murder lynch ambush torch "
    "loot attack massacre".split()
)


def _hazard_death(lemmas: list[str], hazard: str | None) -> bool:
    """A death or injury with no perpetrator that a natural hazard or accident caused: one the sentence names, or
    the one the article's lead reports when the sentence names no weapon and no violent act ("In neighbouring
    Central Aceh district, 10 people were killed" in an earthquake story)."""
    if natural_cause(lemmas):
        return True
    return hazard is not None and _no_violence_named(lemmas)


def _no_violence_named(lemmas: list[str]) -> bool:
    """The sentence names no weapon and no violent act."""
    return weapon_in(lemmas) is None and VIOLENT_LEMMAS.isdisjoint(lemmas)


# A road vehicle or its driver in a sentence whose harm is a strike or a death: a crash, not an attack.
_ROAD_WORDS = frozenset({"driver", "motorist", "car", "vehicle", "truck", "suv", "van", "bus", "motorcycle"})
_CRASH_VERBS = frozenset({"strike", "hit", "kill", "die", "injure", "run"})
# A vehicle used as a weapon ("drove a truck into a crowd", "rammed the checkpoint") stays an attack.
_RAMMING = frozenset({"ram", "plough", "plow", "crowd", "mow", "deliberately", "intentionally"})


def _traffic_crash(lemma: str, lemmas: list[str], source: Actor | None) -> bool:
    """ "a drunken driver struck her with his car and drove off": a civilian's vehicle hurt someone, with no weapon
    and no violent act named (the charge that follows is coded on its own)."""
    if lemma not in _CRASH_VERBS or _ROAD_WORDS.isdisjoint(lemmas) or not _RAMMING.isdisjoint(lemmas):
        return False
    if source is not None and (source.sector or "CVL") != "CVL":
        return False
    return _no_violence_named(lemmas)


def _lead_hazard(article: Article) -> str | None:
    """The natural hazard or accident the headline or first paragraph reports, if any."""
    lead = " ".join([article.title or "", (article.text or "").split("\n\n", 1)[0][:600]])
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", lead)]
    return natural_cause(words + [w.removesuffix("s") for w in words])


# Words of a headline or lead that report a court's step: the story is the sentencing, verdict, plea or jury,
# and the crime it judges is background (not "testimony": "eyewitness testimony" of a massacre is news; not the
# noun "convict": "Texas convict ... escapes") (the news manual: "happened well before the article's news").
_COURT_LEAD = re.compile(
    r"\b(sentenced|sentencing|sentences?|convicts|convicting|acquit(?:s|ted)|verdict|guilty|jur(?:y|ors?))\b"
    r"|(?<!\ba )(?<!\ban )(?<!\bthe )\bconvicted\b",
    re.IGNORECASE,
)
# Lemmas of an arrest, which a court story tells as what led to the trial.
_ARREST_LEMMAS = frozenset({"arrest", "capture", "apprehend", "nab", "handcuff", "detain"})
# Days before publication within which a written date keeps a court story's act current ("the shooting on Saturday"
# in a story of Monday's arraignment).
COURT_RECENT_DAYS = 30


def _lead_court(article: Article) -> bool:
    """The headline or the first sentence of the text reports a court's step: a sentencing, verdict, plea or a
    jury's work ("Jury finds Andrew Lopez guilty", "A Georgia judge handed Brian Nichols four life sentences"); not a
    past conviction named as a description ("A convicted sex offender ... was captured")."""
    first = next((ln for ln in (article.text or "").splitlines() if len(ln.split()) >= 8), "")
    first = re.split(r"(?<=[.!?])\s+(?=[A-Z\"])", first, maxsplit=1)[0]
    return bool(_COURT_LEAD.search(" ".join([article.title or "", first])))


def _court_background(trig: _Trigger, date: Any, published: str | None) -> bool:
    """In a court story, a violent act or an arrest is the crime being judged, background to the news, unless a
    written date puts it within COURT_RECENT_DAYS of publication."""
    coding = trig.coding
    if coding.plover_type not in ("ASSAULT", "FIGHT") and not (
        coding.plover_type == "COERCE"
        and (coding.mode == "arrest" or (trig.carrier or trig.token).lemma_.lower() in _ARREST_LEMMAS)
    ):
        return False
    return not _recent(date, published)


def _recent(date: Any, published: str | None) -> bool:
    """A date written in the event's sentence within COURT_RECENT_DAYS of publication."""
    if getattr(date, "source", None) != "text" or not getattr(date, "date", None) or not published:
        return False
    from ..dates import days_between

    days = days_between(date.date, published)
    return days is not None and days < COURT_RECENT_DAYS


# An obituary's lead: "X, the 1950s pinup girl ..., has died.", "... died Saturday at a hotel in Biloxi" followed by
# "He was 75.", "Mob boss 'Oddfather' dies in prison at 77".
_OBITUARY_AGE = re.compile(r"^(?:He|She) was (?:\d{2,3}|aged \d{2,3})\s*\.?$")
_OBITUARY_LEAD = re.compile(
    r"\b(?:has died|passed away|dies\b.{0,40}\bat \d{2,3}|died\b.{0,60}\b(?:at|aged) \d{2,3})\b"
)


_DEATH_WORDS = re.compile(r"\b(?:died|dies|has died|passed away)\b")
# A death that is the news itself (a shooting, a crash), not the end of a life an obituary tells.
_VIOLENT_DEATH = re.compile(
    r"\b(?:shot|shooting|killed|killing|murder\w*|stabb\w*|slain|attack\w*|bomb\w*|crash\w*|accident|collision|"
    r"fire|blaze|explosion|blast|struck|drown\w*|overdose)\b",
    re.IGNORECASE,
)


def _lead_obituary(article: Article) -> bool:
    """The headline or the first lines report a person's death, at a stated age or as "has died", from no violence
    or accident: an obituary."""
    lines = [ln.strip() for ln in (article.text or "").splitlines() if ln.strip()][:4]
    lead = " ".join([article.title or "", *lines[:2]])
    if not _DEATH_WORDS.search(lead) or _VIOLENT_DEATH.search(lead):
        return False
    return any(_OBITUARY_AGE.match(ln) for ln in lines) or bool(_OBITUARY_LEAD.search(lead))


# Clauses that describe another noun ("an offensive that ended in 2016", "cables released in 2010") or concede
# something beside the event ("although ..."): their dates are their own (GUIDELINES.md, hard case 7).
_OWN_DATE_CLAUSES = frozenset({"relcl", "acl"})
# Subordinators of a clause that tells an earlier event ("troops remain in Afghanistan, 18 years after Washington
# invaded the country in the wake of the September 11, 2001 attacks": 2001 is the invasion's).
_EARLIER_MARKS = frozenset({"after", "since"})


def _present(trig: _Trigger) -> bool:
    """The trigger's verb is in the present tense: a current act or state."""
    verb = trig.carrier or trig.token
    return verb.tag_ in ("VBP", "VBZ")


def _told_as_before(clause: Token) -> bool:
    """A past clause introduced by "after" or "since"."""
    return any(c.dep_ == "mark" and c.lower_ in _EARLIER_MARKS for c in clause.children)


_CONCESSIVE_MARKS = frozenset({"although", "though", "whereas"})


def _dating_text(trig: _Trigger) -> str:
    """The text an event is dated from: the parsed sentence (any dateline already blanked: its date is the filing's),
    with the crimes inside a charge blanked too ("accused of shooting ... last May": that date is the crime's), and
    the clauses about something else that do not hold the trigger ("Pakistan has launched operations against the
    TTP, although an offensive that ended in 2016 ...": 2016 is the offensive's)."""
    sentence = trig.token.doc.text
    for a, b in trig.inner + _other_clauses(trig) + _nested_phrases(trig):
        sentence = sentence[:a] + " " * (b - a) + sentence[b:]
    return sentence


_NOMINAL_POS = frozenset({"NOUN", "PROPN"})


def _nested_phrases(trig: _Trigger) -> list[tuple[int, int]]:
    """Character spans of prepositional phrases that modify a noun nested inside another noun's phrase, away from
    the trigger: "seeking Assange's extradition over his role in the release of classified material in 2010" (2010
    dates the release, not the seeking). A phrase on the trigger's own noun, or on its verb's object, stays."""
    own = {trig.token.i} | ({trig.carrier.i} if trig.carrier is not None else set())
    spans = []
    for tok in trig.token.doc:
        head = tok.head
        if (
            tok.dep_ == "prep"
            and head.pos_ in _NOMINAL_POS
            and head.i not in own
            and head.dep_ == "pobj"
            and head.head.head.pos_ in _NOMINAL_POS
            and head.head.head.i not in own
            and not own & {t.i for t in tok.subtree}
        ):
            spans.append((tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)))
    return spans


def _other_clauses(trig: _Trigger) -> list[tuple[int, int]]:
    """Character spans of the relative and concessive clauses of a sentence that neither hold the trigger nor
    describe it ("the attack carried out on Monday" is the attack's date)."""
    own = {trig.token.i} | ({trig.carrier.i} if trig.carrier is not None else set())
    spans = []
    for tok in trig.token.doc:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        other = (
            (tok.dep_ in _OWN_DATE_CLAUSES and tok.head.i not in own)
            or (
                tok.dep_ == "advcl"
                and any(c.dep_ == "mark" and c.lower_ in _CONCESSIVE_MARKS for c in tok.children)
            )
            or (
                _present(trig) and tok.dep_ == "advcl" and tok.tag_ in ("VBD", "VBN") and _told_as_before(tok)
            )
        )
        if other and not own & {t.i for t in tok.subtree}:
            spans.append((tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)))
    return spans


def _reading(
    trig: _Trigger,
    article: Article,
    has_source: bool,
    past: bool,
    court: bool = False,
    obituary: bool = False,
) -> tuple[Coding, str, Any] | None:
    """The trigger's modality, date and the coding they shift to ("pledged to expand": intended; "will not accept":
    REJECT; "does not support X": DISAPPROVE); None for a possible act with no actor. ``past``: the act is a crime
    inside a charge; ``court``: the article's lead reports a court's step (``_lead_court``)."""
    from ..dates import resolve_event_date

    verb = trig.carrier if trig.nominal in ("light", "occur") else None
    reading = _trigger_reading(trig, verb)
    tense = "future" if reading.modality == "intended" and not _intent_told_past(trig, reading) else None
    if tense is None and trig.nominal is None and trig.token.tag_ == "VBD":
        tense = "past"  # "ordered him held pending his next hearing April 19": not dated after the story
    date = resolve_event_date(
        _dating_text(trig),
        article.published,
        article.published_precision,
        tense=tense,
        trigger=trig.token.idx,
    )
    if reading.modality == "asserted" and (
        getattr(date, "historical", False) or getattr(date, "future", False)
    ):
        reading = read_modality(trig.token, verb, date=date, published=article.published)
    coding = trig.coding
    modality = reading.modality
    if modality == "hypothetical" and has_source and _reported_norm(trig):
        # "said Bashir should be held responsible": the speaker accused him, in saying it
        modality = "asserted"
    modality = _as_background(
        trig,
        modality,
        reading,
        date,
        article,
        past
        or (court and _court_background(trig, date, article.published))
        or (obituary and not _recent(date, article.published)),
    )
    if not has_source and modality in ("intended", "hypothetical"):
        # "hoped officials would be indicted": a possible act with no actor says nothing about anyone's conduct
        return None
    if modality == "hypothetical" and reading.cue in LIKELY_CUES and coding.plover_type == "CONSULT":
        modality = "intended"  # "the two leaders were likely to meet on the sidelines": a meeting in view
    coding, modality = _shifted(trig, coding, modality, reading, has_source)
    if modality == "hypothetical" and reading.cue in SPECULATION_CUES:
        return None  # "could finalize an agreement ... if negotiators decide": a forecast, no event
    return coding, modality, date


def _trigger_reading(trig: _Trigger, verb: Token | None) -> ModalityReading:
    """The parse's modality reading of the trigger; an expression of intent with its act ahead ("pledged to expand",
    "agreed to meet again") is intended."""
    reading = read_modality(trig.token, verb)
    if (
        trig.coding.cameo.startswith("03")
        and reading.modality == "asserted"
        and not _agreement_made(trig)
        and (trig.absorbed or any(c.dep_ == "xcomp" and c.pos_ == "VERB" for c in trig.token.children))
    ):
        return ModalityReading("intended", cue=trig.token.lower_)
    return reading


# Verbs of intent whose act is complete when told: "the sides agreed to expand cooperation" is an agreement made
# (DESIGN.md: AGREE; the demo answer key), unlike a promise or an offer, whose act lies ahead.
CONCLUDED_INTENT = frozenset({"agree", "consent"})


def _agreement_made(trig: _Trigger) -> bool:
    """ "Agreed to carry out coordinated patrols": the agreement is made, asserted; "agreed to meet again in Ankara in
    September" is a scheduled meeting, intended (GUIDELINES.md)."""
    if trig.token.lemma_.lower() not in CONCLUDED_INTENT:
        return False
    return not any(inner.coding.plover_type == "CONSULT" for inner in trig.absorbed)


def _intent_told_past(trig: _Trigger, reading: ModalityReading) -> bool:
    """An intention stated in the past tense by the word that states it ("on Thursday pledged to expand the
    partnership", "vowed on Monday to retaliate"): the event is the statement, dated as a past act, unless the date
    is written inside what was intended ("agreed to meet again in Ankara in September")."""
    head = trig.carrier if trig.nominal in ("light", "occur") and trig.carrier is not None else trig.token
    chain = verb_chain(head) if head.pos_ in ("VERB", "AUX") else [head]
    for v in chain:
        if v.tag_ == "VBD" and reading.cue in (v.lower_, v.lemma_.lower()):
            # "agreed to meet again in Ankara in September": a date inside what was agreed is the plan's
            planned = [t for c in v.children if c.dep_ in ("xcomp", "ccomp") for t in c.subtree]
            return not any(t.ent_type_ in ("DATE", "TIME") for t in planned)
    return False


def _as_background(
    trig: _Trigger, modality: str, reading: ModalityReading, date: Any, article: Article, told_before: bool
) -> str:
    """The modality, historical when the act came before the story's events: a crime inside a charge, the crime a
    court story judges, an obituary's account of the life ("served 4 1/2 months in federal prison for conspiracy")
    (``told_before``), a date two years before an undated article's frame, a past perfect of the main clause."""
    if modality == "asserted" and told_before:
        return "historical"
    if modality == "asserted" and not article.published and _before_the_frame(date, article.text):
        return "historical"
    if (
        modality == "asserted" or (modality == "intended" and reading.cue == trig.token.lower_)
    ) and pluperfect(trig.carrier or trig.token, date):
        # "had offered to plead guilty" (an offer, read intended by its own word): made before the story's events
        return "historical"
    return modality


# Cues of a possibility or a condition: what they qualify is a forecast or a supposition, which no careful coder
# records (GUIDELINES.md: speculation; every judged sample). An act told as the purpose of another ("telephoned ... to
# discuss", "a hunger strike to protest") stays, hypothetical: the act it qualifies took place.
# Cues of probability: a meeting said to be likely is one planned ("likely to meet on the sidelines"), other acts are
# forecasts ("is likely to intensify its campaign, analysts say").
LIKELY_CUES = frozenset({"likely"})
SPECULATION_CUES = frozenset(
    {"could", "might", "may", "would", "should", "can", "if", "unless", "whether", "lest"}
    | {"likely", "unlikely", "possible"}  # "is likely to intensify its campaign, analysts say"
)


# Years written in a text: an article with no publication date is told from about its latest one.
_YEAR = re.compile(r"\b(19[4-9]\d|20\d\d)\b")


@lru_cache(maxsize=64)
def _frame_year(text: str) -> int | None:
    """The latest year an undated article names, up to the present: about when it was written."""
    from datetime import date as _date

    years = [int(y) for y in _YEAR.findall(text) if int(y) <= _date.today().year]
    return max(years) if years else None


def _before_the_frame(date: Any, text: str) -> bool:
    """An event the text dates two or more years before the latest year an undated article names ("a 1999 incident
    where he stabbed his wife" in a story that also tells of 2009): background, as with a publication date
    (``modality.HISTORICAL_YEARS``)."""
    if getattr(date, "source", None) != "text" or not getattr(date, "date", None):
        return False
    frame = _frame_year(text)
    return frame is not None and years_back(date, str(frame)) >= HISTORICAL_YEARS


def _shifted(
    trig: _Trigger, coding: Coding, modality: str, reading: ModalityReading, has_source: bool
) -> tuple[Coding, str]:
    """The coding and modality a refusal, a denied support, an intention or a condition shift the trigger's
    reading to ("will not accept": REJECT; "does not support X": DISAPPROVE; "plans attacks": THREATEN)."""
    if reading.refused:
        refused = shift(coding, "refused")
        if refused is not None:
            coding, modality = refused, "asserted"
        elif coding.plover_type == "REJECT":
            # "will not accept attempts to ...": the model already read the refusal as REJECT; it is asserted
            modality = "asserted"
    elif modality == "denied" and coding.plover_type == "SUPPORT" and coding.mode is None:
        # "Egypt does not support forced relocations": a stated position against something, a criticism
        coding, modality = Coding("DISAPPROVE", None, "110"), "asserted"
    elif modality == "intended" and not reading.from_date and trig.coding.plover_type != "AGREE":
        intended = shift(coding, "intended")
        # a threat needs a threatener: "planned attacks" or "officials would be indicted" threaten nobody
        # in particular; a future meeting is still AGREE
        if intended is not None and not (
            intended.plover_type == "THREATEN" and (trig.nominal or not has_source)
        ):
            coding = intended
    elif reading.conditional and coding.plover_type in CONFLICTUAL_MATERIAL:
        # "will boycott the elections unless ...", "may halt mediation if ...": a conditional threat
        threat = shift(coding, "intended")
        if threat is not None:
            coding, modality = threat, "asserted"
    return coding, modality


@dataclass
class _Sides:
    """One (source, target) pair of a trigger while the rules below refine it into an event."""

    source: Actor | None
    target: Actor | None
    s_conf: float
    t_conf: float
    coding: Coding
    place: Location | None = None  # the place of an attack told before, when the event is that attack
    implied: bool = False  # the target is the type's implied one, not written


def _aim_at_attacker(trig: _Trigger, sides: _Sides, tgt: args_.Role | None, memory: list[Event]) -> None:
    """ "condemned the attack (on X)": the criticism is aimed at whoever carried it out, the one told before; the
    place or people attacked are not the ones criticised ("condemned the attack on a synagogue")."""
    attacker = _attacker(sides.source, memory)
    victim = tgt is not None and _attacked_by_object(trig, tgt.mention)
    if attacker is not None or sides.target is None or victim:
        sides.target = attacker
        sides.t_conf = round(args_.ROLE_CONTEXT * 0.9, 3) if attacker is not None else 0.0


def _plea_or_charge(sides: _Sides, lemma: str) -> None:
    """ "pleaded guilty to murder": a conviction on the defendant's own plea (court -> defendant); "faces two murder
    charges": the prosecution's accusation (prosecution -> the one charged)."""
    if sides.source is None:
        return
    sides.source, sides.target, sides.s_conf, sides.t_conf = (
        _prosecution(sides.source),
        sides.source,
        round(sides.s_conf * args_.ROLE_IMPLIED, 3),
        sides.s_conf,
    )
    if lemma == "plead":
        sides.coding = Coding("DISAPPROVE", "convict", "116")


# Types whose act a state or an armed group does to people in its own hands: detention, release, expulsion.
CUSTODY_TYPES = frozenset({"COERCE", "RETREAT"})
# Sectors of a side that holds people.
HOLDING_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "REB"})


def _own_peoples(sides: _Sides, tgt: args_.Role | None) -> None:
    """People whose country only the dateline gave, held or freed by a side of another country, are that side's
    ("DOHA: the government of Congo and the M23 released dozens of detainees": Congolese, not Qatari: Doha is
    where the mediator's story is filed)."""
    source, target = sides.source, sides.target
    if (
        tgt is None
        or tgt.mention.how != "dateline"
        or source is None
        or target is None
        or sides.coding.plover_type not in CUSTODY_TYPES
        or source.sector not in HOLDING_SECTORS
        or not source.country
        or source.country == target.country
        or not target.sector
    ):
        return
    sides.target = replace(target, country=source.country, code=source.country + target.sector)


def _sides_from_memory(trig: _Trigger, sides: _Sides, tgt: args_.Role | None, memory: list[Event]) -> None:
    """Sides the article told before: the accuser a denial answers, the prosecution a plea answers, the attacker a
    condemnation is aimed at, the attacker and place of "the strikes" told before."""
    coding, lemma = sides.coding, trig.token.lemma_.lower()
    if coding.plover_type == "REJECT" and coding.mode == "deny":
        accuser = _deny_target(sides.source, memory)
        # "Kabul denied allowing militants to use Afghan territory": the militants are in what is denied; the
        # denial answers Islamabad's accusation told before
        inside = tgt is not None and _in_denied_act(trig, tgt)
        if sides.target is None or (inside and (accuser is not None or not _a_state(sides.target))):
            # with no accuser told, a state in the denied act is the likely accuser ("Russia denied attacking
            # Ukraine"); anyone else there is what is denied ("denied having sex with underage girls")
            sides.target = accuser
            sides.t_conf = round(args_.ROLE_CONTEXT * 0.9, 3) if accuser is not None else 0.0
    if coding.plover_type == "DISAPPROVE" and lemma in ("plead", "face") and not _received(trig):
        _plea_or_charge(sides, lemma)
    if coding.plover_type == "REJECT" and sides.target is None and lemma == "plead":
        # "pleaded not guilty to murder charges": the plea rejects the prosecution's charges
        sides.target = _prosecution(sides.source)
        sides.t_conf = round(sides.s_conf * args_.ROLE_IMPLIED, 3)
    if coding.plover_type == "DISAPPROVE" and _condemns_an_attack(trig):
        _aim_at_attacker(trig, sides, tgt, memory)
    _own_peoples(sides, tgt)
    if (
        sides.source is None
        and coding.plover_type in FORCE_TYPES
        and (prior := _earlier_attack(trig, memory))
    ):
        # "the strikes hit three villages, killing nine civilians": the strikes told before, by their
        # attacker, where they hit
        sides.source, sides.place = prior.source, prior.location
        sides.s_conf = round(args_.ROLE_CONTEXT * 0.9, 3)
        target = sides.target
        if target is not None and tgt is not None and tgt.mention.how in ("dateline", "sentence"):
            # the victims' country was only guessed from the dateline: they are the attacked place's people
            country = sides.place.country if sides.place is not None else None
            if country and target.sector:
                sides.target = replace(target, country=country, code=country + target.sector)

    if (
        sides.source is None
        and coding.plover_type in FORCE_TYPES
        and sides.target is not None
        and sides.target.country
        and _agentless(trig)
        and (attacker := _foreign_attacker(sides.target.country, memory)) is not None
    ):
        # "42 people were killed in the Jabaliya school" in a story of Israel's strikes on Gaza: the one foreign
        # force the article told attacking that country's side, not an unidentified attacker
        sides.source = attacker
        sides.s_conf = round(args_.ROLE_CONTEXT * 0.9, 3)


def _foreign_attacker(country: str, memory: list[Event]) -> Actor | None:
    """The attacker of the article's earlier uses of force against ``country``'s side by another country, when all
    of them were by one country (the latest telling); None when none or several."""
    attackers = [
        ev.source
        for ev in memory
        if ev.event_type in FORCE_TYPES
        and not ev.reciprocal
        and ev.source is not None
        and ev.source.country
        and ev.source.country != country
        and ev.target is not None
        and ev.target.country == country
    ]
    if len({a.country for a in attackers}) != 1:
        return None
    return attackers[-1]


def _sheltered(target: Actor | None, ptype: str, location: Location | None) -> Actor | None:
    """The people of an international body's civilian place that is attacked are the civilians of the place where
    it stands ("Israeli forces attacked another UN school in Gaza City": PSE CVL, as the gold codes the Gazans killed
    there), not the stateless body."""
    if (
        ptype != "ASSAULT"
        or target is None
        or target.country
        or target.sector not in STATELESS_SECTORS
        or location is None
        or not location.country
        or _victim_sector(target) != "CVL"
    ):
        return target
    return replace(
        target, country=location.country, sector="CVL", code=location.country + "CVL", kind="group"
    )


def _victim_sector(target: Actor | None) -> str | None:
    """The sector that tells whether force against the target is one-sided: a target whose last words name a civilian
    place ("another UN school", "a hospital", "the refugee camps") is its civilians, whatever body runs it."""
    if target is None:
        return None
    words = (target.text or "").lower().replace("’s", "").split()
    if words and (words[-1] in CIVIL_PLACES or " ".join(words[-2:]) in CIVIL_PLACES):
        return "CVL"
    return target.sector


# Places of civilian life: force against them is one-sided (ASSAULT), whoever runs them ("a UN school").
CIVIL_PLACES = frozenset(
    {
        "school",
        "schools",
        "hospital",
        "hospitals",
        "clinic",
        "clinics",
        "house",
        "houses",
        "home",
        "homes",
        "mosque",
        "mosques",
        "church",
        "churches",
        "market",
        "markets",
        "refugee camp",
        "refugee camps",
        "shelter",
        "shelters",
    }
)


def _type_for_sides(
    trig: _Trigger,
    sides: _Sides,
    recip: bool,
    lemmas: list[str],
    source_kind: str | None,
    hazard: str | None = None,
) -> bool:
    """The coding as the sides make it (violence by weapons and victims, by the source's sector, one-sided force,
    exercises, visits, mobilisation modes, leaving an IGO); False when the pair is no event."""
    lemma = trig.token.lemma_.lower()
    source, target = sides.source, sides.target
    ev_coding = sides.coding
    if recip and ev_coding.cameo in EXERCISE_CODES:
        ev_coding = Coding("COOPERATE", None, "062")  # exercises held together are military cooperation
    ev_coding = violence(ev_coding, lemmas, _victim_sector(target), target.kind if target else None, lemma)
    by_src = by_source(ev_coding, lemma, source_kind, source.sector if source else None)
    if by_src is None:
        return False
    ev_coding = _one_sided(by_src, source, target, recip)
    if ev_coding.plover_type == "CONSULT" and _private(source) and _private(target):
        return False  # "Alice met her at the station", "spoke with Felt": people meeting, no political consultation
    if (
        ev_coding.plover_type in ("CONSULT", "RETREAT")
        and _private(source)
        and not _public_side(target)
        and (target is not None or ev_coding.plover_type == "CONSULT")
    ):
        # "he had come to the school with his family", "made it to the clinic in Newport Beach ... and left": a
        # consultation needs a public counterpart; a suspect who "surrendered after two hours of negotiations" (no
        # target named) still retreats
        return False
    if _attacked_unarmed(trig, ev_coding, source, target, recip):
        ev_coding = Coding("ASSAULT", None, "180")
    if source is None and ev_coding.plover_type in ("ASSAULT", "FIGHT") and _hazard_death(lemmas, hazard):
        return False  # "killed when a landslide engulfed ...", "a hit-and-run accident that killed ...": no actor
    if ev_coding.plover_type in ("ASSAULT", "FIGHT") and _traffic_crash(lemma, lemmas, source):
        return False
    if ev_coding.cameo == HOST_CODE and target is not None and not recip:
        # PLOVER CONSULT: "the visitor will always be coded as the actor and the host will be the recipient"
        sides.source, sides.target, sides.s_conf, sides.t_conf = target, source, sides.t_conf, sides.s_conf
    source = sides.source
    if (
        ev_coding.plover_type == "MOBILIZE"
        and ev_coding.mode is None
        and source is not None
        and source.sector in MOBILIZE_MODES
    ):
        ev_coding = Coding("MOBILIZE", MOBILIZE_MODES[source.sector], ev_coding.cameo)
    target = sides.target
    if (
        ev_coding.plover_type == "RETREAT"
        and ev_coding.mode in (None, "withdraw")
        and target is not None
        and (target.kind == "igo" or target.sector == "IGO")
    ):
        # leaving an international organisation ("withdrew from ECOWAS") reduces relations: SANCTION
        ev_coding = Coding("SANCTION", "withdraw", "161")
    sides.coding = ev_coding
    return True


def _implied_sides(
    trig: _Trigger, sides: _Sides, recip: bool, location: Location | None, ctx: ArticleContext
) -> None:
    """Sides no word names: the state body of an agentless justice act, the unidentified attacker of an assault,
    the type's implied target."""
    if sides.source is None and sides.target is not None and not recip and _agentless(trig):
        # "Jeffs was arraigned", "two men were arrested", "three teens arrested on Tuesday", "his conviction":
        # the state body whose act it is, where it happened
        found = implied_source(sides.coding, trig.token.lemma_.lower())
        if found is not None and found.sector == "JUD" and _state_side(sides.target):
            # "Sudan's army has often been accused of bombing South Kordofan": no court charges an army or a
            # government; whoever accuses it is not named
            found = None
        if found is not None:
            source = _place_country(found, location, ctx)
            # no place, dateline or earlier country: the patient's country, else the article's home country (the
            # implied body is the one where the act happened: "he was booked into county jail and later released")
            country = sides.target.country or ctx.home_country
            if source is not None and not source.country and country:
                source = replace(source, country=country, code=country + (source.sector or ""))
            sides.source = source
            sides.s_conf = round(sides.t_conf * args_.ROLE_IMPLIED, 3)
    target = sides.target
    if (
        sides.source is None
        and sides.coding.plover_type == "ASSAULT"
        and target is not None
        and not recip
        and not _crowd_toll(trig)
        and (
            target.sector is not None
            or target.kind in ("person", "official", "group", "armed_group", "capital")
        )
    ):
        # the coding manual (news gold GUIDELINES.md): an attack by someone the report does not name has an
        # unidentified attacker of the place where it happened (CVL), as ACLED's "unidentified armed group";
        # only against people or a capital that stands for them (GSR; not "riots erupted in Brooklyn": a town is
        # no victim)
        sides.source = UNIDENTIFIED_ATTACKER
        sides.s_conf = round(sides.t_conf * args_.ROLE_IMPLIED, 3)
    if (
        (target is None or not target.country and target.kind not in ("igo", "person", "group"))
        and not recip
        and not (target is None and _unresolved_patient(trig))
    ):
        # no target, or one that names no country ("against the government"): the type's implied target
        found = implied_target(sides.coding.plover_type, sides.source)
        if found is not None:
            sides.target, sides.implied = found, True
            sides.t_conf = round(sides.s_conf * args_.ROLE_IMPLIED, 3)


# Crowd events whose toll ("70 people have been hurt in the protests") names no one's attack.
_CROWD_NOUNS = frozenset(
    {"protest", "riot", "demonstration", "rally", "march", "unrest", "clash", "stampede", "scuffle", "melee"}
)


def _crowd_toll(trig: _Trigger) -> bool:
    """The harm is told as the toll of protests, riots, clashes or a stampede ("hurt in the protests over the past
    eight days", "injured during the riots"): a count of the hurt with no attacker, not an attack by an
    unidentified one."""
    head = trig.carrier or trig.token
    return any(
        prep.dep_ == "prep"
        and prep.lower_ in ("in", "during", "amid")
        and any(o.dep_ == "pobj" and o.lemma_.lower() in _CROWD_NOUNS for o in prep.children)
        for prep in head.children
    )


def _a_state(actor: Actor | None) -> bool:
    """A country, its capital, its government or its army."""
    return actor is not None and (actor.kind in ("country", "capital") or actor.sector in ("GOV", "MIL"))


def _state_side(actor: Actor) -> bool:
    """A state, its government or army as a body, an armed group, a party or an international body: no court's
    defendant in a news report (its officials and officers can be: "the former minister was indicted", "three
    officers were charged"); "Britain's Conservative Party was accused of trying to deceive voters" is its critics'
    charge, not a prosecutor's."""
    if actor.kind in ("person", "official"):
        return False
    return actor.kind in ("country", "capital", "armed_group", "igo") or actor.sector in (
        "GOV",
        "MIL",
        "REB",
        "PTY",
        "OPP",
        "IGO",
    )


def _unresolved_patient(trig: _Trigger) -> bool:
    """The act's patient is written, as a pronoun or a person's name the dictionaries do not know, though no actor was
    resolved from it ("a New York jury ... sentenced him", "Yvonne Hiller ... was taken into custody"): it is that
    person, not the population the type implies."""
    head = trig.carrier or trig.token
    return any(
        c.dep_ in ("dobj", "nsubjpass") and (c.ent_type_ == "PERSON" or c.lower_ in PATIENT_PRONOUNS)
        for c in head.children
    )


# Personal pronouns that, as an act's object or passive subject, name its patient.
PATIENT_PRONOUNS = frozenset({"him", "her", "them", "he", "she", "they", "me", "us", "we", "i"})


# Sides that are no organised armed force: private people, police, courts and civil bodies. FIGHT is armed
# conflict between forces (states, militaries, rebels, armed groups); violence where every named side is one of
# these ("police shot a teenager", "a gunman opened fire", "youths hurled petrol bombs") is ASSAULT
# (GUIDELINES.md of the news gold).
UNARMED_SECTORS = frozenset(
    {"CVL", "COP", "JUD", "EDU", "MED", "BUS", "REF", "LAB", "HLH", "NGO", "REL", "CRM"}
)


def _coded(actor: Actor | None) -> bool:
    """The actor has a code (a country, an organisation, a known group): an event can be counted for it."""
    return actor is not None and bool(actor.code)


# A material act is done to someone: PLOVER asks for a recipient of SANCTION, AID and COOPERATE, and on the news
# gold's dev split no one-sided ASSAULT, COERCE or FIGHT the coder found matched a gold event (the recipient was
# written but missed, or the clause was a score, a market or a metaphor). Every event also needs a source that is
# someone (PLOVER's actor: a code or a sector). Measured on the dev split (docs/quality.md): event precision
# 0.443 -> 0.609 at equal recall 0.354; a verbal act keeps its lone actor ("Germany condemned the attack").
# A consultation is with someone too (0.5.16): of the 8 judged events (all samples in docs/samples) coded CONSULT
# with no one met, 7 were no event ("police arrived", "Ortiz's visit", "Flynn's phone called ...").
TWO_SIDED_TYPES = frozenset({"ASSAULT", "COERCE", "FIGHT", "SANCTION", "AID", "COOPERATE", "CONSULT"})


# A source that is only a pronoun, with no target: who acted is not resolved in the sentence ("she conceded").
BARE_PRONOUNS = frozenset({"he", "she", "they", "them", "it", "we", "i", "you", "him", "her", "us"})


def _dyadic(event: Event, mentions: Sequence[ActorMention] = ()) -> bool:
    """Someone the event can be counted for (a side with a code), an actor that is someone (a code or a sector:
    "Congress", "the government" in a sentence with no country), and for a material act done to someone also a
    recipient who is someone; a consultation is one when the sentence's ``mentions`` and its sides name two
    countries or more."""
    if not (_coded(event.source) or _coded(event.target)) or not _known(event.source):
        return False
    assert event.source is not None  # _known
    if event.target is None and _bare_pronoun(event.source):
        return False
    if event.event_type == "CONSULT" and (" and " in f" {event.source.text} " or _bilateral(event, mentions)):
        # "talks led by Kazakhstan's deputy foreign minister and Uzbekistan's", "a session co-chaired by Kenya's
        # Mudavadi and Ethiopia's Gedion" (the second side missed by the parse): the parties named met
        return True
    if event.event_type == "CONSULT" and _premises(event.target):
        return False  # "the Ohio governor visited the church": a place visited, nobody met
    return event.event_type not in TWO_SIDED_TYPES or _known(event.target)


# Verbal and cooperative acts that are no political event when a private person does them to nobody or to another
# private person (GUIDELINES.md: celebrity, sport and private life); a denial of charges (REJECT) still answers the
# prosecution, an inquiry (INVESTIGATE) is an official's even when the resolver misses the office.
PRIVATE_WORD_TYPES = frozenset(
    {"DISAPPROVE", "AGREE", "SUPPORT", "DEMAND", "THREATEN", "CONCEDE", "CONSULT", "COOPERATE"}
)


def _private_words(event: Event, text: str) -> bool:
    """A verbal or cooperative act of a private person to nobody or to another private person ("Hiller had long
    complained of abuse", "Steward urged Wladimir to throw more jabs"): no political event. A person the article
    names with an office elsewhere ("Prime Minister George Papandreou's plans" before "Papandreou vowed ...") is no
    private person."""
    if event.event_type not in PRIVATE_WORD_TYPES:
        return False
    sides = [a for a in (event.source, event.target) if a is not None]
    return _private_person(event.source, text) and all(_private_person(a, text) for a in sides)


def _private_person(actor: Actor | None, text: str) -> bool:
    """A named or described person with no office and no sector beyond civilian life, in this sentence and in the
    article."""
    if actor is None or actor.kind != "person" or actor.sector not in ("CVL", None) or actor.role:
        return False
    surname = actor.name.split()[-1] if actor.name.split() else ""
    return not (surname[:1].isupper() and _titled(surname, text))


# A role in a public body set off after a name ("Audrey Vance, co-chair of Altering Destiny Through Education",
# "Alan Thornhill, an ecologist and executive director of the Society for Conservation Biology").
_ROLE_AFTER = re.compile(
    r"\s*,\s*(?:[\w'-]+\s+){0,5}?(?:co-?chair(?:man|woman)?|chair(?:man|woman|person)?|president|director|founder|"
    r"co-?founder|head|leader|spokes(?:man|woman|person)|secretary|coordinator|organi[sz]er|official|executive|"
    r"activist|advocate|minister|senator|governor|mayor|lawmaker|judge|prosecutor|commissioner)\b",
    re.IGNORECASE,
)


def _titled(surname: str, text: str) -> bool:
    """The article names the surname after a title of public office ("Prime Minister George Papandreou") or with a
    role in a public body set off after it ("Vance, co-chair of ...")."""
    from ..actors.dictionary import office_titles

    for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
        if _ROLE_AFTER.match(text, m.end()):
            return True  # "Audrey Vance, co-chair of Altering Destiny Through Education"
        window = re.split(r"[,;:()\"“”]", text[max(0, m.start() - 60) : m.start()])[-1]
        words = re.findall(r"[A-Za-z][A-Za-z.'-]*", window)
        # the title may be followed by up to two given names: "Prime Minister George Papandreou"
        for skip in range(0, 3):
            if skip and not words[len(words) - skip][:1].isupper():
                break
            upto = [w.lower() for w in words[: len(words) - skip]]
            if any(len(upto) >= n and " ".join(upto[-n:]) in office_titles() for n in (3, 2, 1)):
                return True
            if skip == len(words):
                break
    return False


# Bodies named by their building (agents 2026.12): the target of an attack on them, but visiting one meets nobody.
PREMISES = frozenset(
    {"church", "churches", "mosque", "mosques", "synagogue", "synagogues", "cathedral", "supermarket"}
)


def _premises(actor: Actor | None) -> bool:
    words = actor.text.lower().split() if actor is not None else []
    return bool(words) and words[-1] in PREMISES


def _bilateral(event: Event, mentions: Sequence[ActorMention]) -> bool:
    """The sentence names actors of two countries or more (its mentions, and the event's sides as placed)."""
    named = {m.actor.country for m in mentions} | {a.country for a in (event.source, event.target) if a}
    return len(named - {None}) >= 2


def _bare_pronoun(actor: Actor | None) -> bool:
    return actor is not None and actor.text.strip().lower() in BARE_PRONOUNS


def _known(actor: Actor | None) -> bool:
    return actor is not None and bool(actor.code or actor.sector)


def _unarmed(actor: Actor | None) -> bool:
    return actor is None or actor.kind == "person" or actor.sector in UNARMED_SECTORS


def _one_sided(coding: Coding, source: Actor | None, target: Actor | None, recip: bool) -> Coding:
    """FIGHT whose named sides are all private people, police or civil bodies is one-sided violence: ASSAULT."""
    if coding.plover_type != "FIGHT" or recip or (source is None and target is None):
        return coding
    if not (_unarmed(source) and _unarmed(target)):
        return coding
    return Coding("ASSAULT", "firearms" if coding.cameo == "193" else None, "180")


def _public_side(actor: Actor | None) -> bool:
    """An actor a private person's visit or withdrawal concerns politically: an official, a state body, a court,
    the police or an international body (not a town, a school or a clinic)."""
    return actor is not None and (actor.kind in ("official", "igo") or actor.sector in PUBLIC_SECTORS)


def _private(actor: Actor | None) -> bool:
    """A private person: named as a person (not an official) with no sector beyond civilian."""
    return actor is not None and actor.kind == "person" and actor.sector in (None, "CVL")


def _attacked_unarmed(
    trig: _Trigger, coding: Coding, source: Actor | None, target: Actor | None, recip: bool
) -> bool:
    """An attack told in the passive with no attacker on people or a place that do not fight ("several shops and an
    office of the environment ministry were also attacked"): one-sided force, ASSAULT, whose attacker the report does
    not name (``UNIDENTIFIED_ATTACKER``); not on soldiers or rebels ("troops were attacked": fighting)."""
    return (
        coding.plover_type == "FIGHT"
        and source is None
        and target is not None
        and not recip
        and target.sector not in ARMED_TARGET_SECTORS
        and _agentless(trig)
    )


# Sectors of those who fight back: an attack on them with no named attacker stays FIGHT.
ARMED_TARGET_SECTORS = frozenset({"MIL", "REB", "SPY", "UAF", "INS", "SEP"})


def _agentless(trig: _Trigger) -> bool:
    """The trigger names no agent by its form: a passive verb, a participle modifying its patient ("three teens
    arrested on Tuesday"), or an event noun ("his arrest", "the conviction")."""
    head = trig.carrier or trig.token
    return (
        args_.is_passive(head)
        or args_.reduced_relative(head)
        or args_.passive_adjunct(head)  # "Arrested by the CHP, he was booked"
        or (trig.nominal is not None and trig.carrier is None)
    )


def _event_date(date: Any, modality: str) -> tuple[str | None, str | None, str]:
    """(date, precision, source) of an event: a date written in the text; for a current asserted event the
    publication date; otherwise none."""
    if date.source == "text":
        return date.date, date.precision, "text"
    if modality == "asserted" and date.date:
        return date.date, date.precision, "published"
    return None, None, "none"


def _build_event(
    article: Article,
    doc: Doc,
    trig: _Trigger,
    sides: _Sides,
    modality: str,
    reciprocal: bool,
    date: Any,
    ctx: ArticleContext,
    span: tuple[int, int],
    location: Location | None,
) -> Event:
    """The event record of one pair of sides: date and place resolved, actors placed, confidences combined."""
    coding, source, target = sides.coding, sides.source, sides.target
    start, end = span
    row = describe(coding.cameo)
    ptype = coding.plover_type
    date_value, precision, date_source = _event_date(date, modality)
    location = sides.place or location
    source, target = _place_country(source, location, ctx), _place_country(target, location, ctx)
    target = _sheltered(target, ptype, location)
    source = _state_sector(source, ptype, True)
    target = _state_sector(target, ptype, reciprocal)  # the two sides of a clash are alike
    conf = _event_confidence(trig, sides, date_source, precision, location)
    codes = ((source.code or "") if source else "", (target.code or "") if target else "")
    event_id = stable_id("mention", article.article_id, str(start), str(end), ptype, *codes, modality)
    contexts = list(row.contexts) if plover_for(coding.cameo) else []
    return Event(
        event_id=event_id,
        event_type=ptype,
        mode=coding.mode,
        context=contexts,
        modality=modality,
        source=source,
        target=target,
        reciprocal=reciprocal,
        date=date_value,
        date_precision=precision,
        date_source=date_source,
        location=location,
        cameo_root=row.root,
        cameo_code=coding.cameo,
        quad_class=row.quad_class,
        goldstein=row.goldstein,
        confidence=conf.overall,
        confidences=conf,
        coder_version=CODER_VERSION,
        evidence=[_evidence(article, trig, span)],
    )


def _state_sector(actor: Actor | None, ptype: str, is_source: bool) -> Actor | None:
    """A country named as a party acts through its state (the news manual's sectors; "Kabul" is already AFG GOV):
    its military when it attacks or fights ("Israel shelled the camp": ISR MIL; both sides of a clash), its
    government otherwise ("Sudan denied the claims", "the IMF agreed to lend Greece billions": GRC GOV). The one
    attacked keeps no sector ("shelled a refugee camp in Gaza": who was hit is not the state). ``is_source``: the
    acting side (or a side of a reciprocal event)."""
    if actor is None or actor.kind != "country" or actor.sector or not actor.country:
        return actor
    force = ptype in ("ASSAULT", "FIGHT")
    if force and is_source and _lone_demonym(actor.text or ""):
        # "the Israeli attack on the Fakhora school", "Russian strikes": a nationality word on the act is its army
        return replace(actor, sector="MIL", code=actor.country + "MIL")
    if not _names_a_country(actor.text or ""):
        return actor  # a demonym ("12 Somali", "the British royal") or a town ("Mount Pleasant") is no state
    if force and not is_source:
        return actor
    sector = "MIL" if force else "GOV"
    return replace(actor, sector=sector, code=actor.country + sector)


def _lone_demonym(text: str) -> bool:
    """The text is one nationality word alone ("Israeli", "Russian"), the way it modifies an act."""
    word = _without_the(text)
    return " " not in word and word[:1].isupper() and _whole_reading(word) == "demonym"


def _names_a_country(text: str) -> bool:
    """The text is, as a whole, the name of a country in the actor dictionaries ("Greece", "the UK", "U.S.")."""
    return _whole_reading(_without_the(text)) == "country"


def _without_the(text: str) -> str:
    return text.strip().removeprefix("the ").removeprefix("The ")


@lru_cache(maxsize=4096)
def _whole_reading(text: str) -> str | None:
    """The kind of the first dictionary reading of the text as a whole, None if it is no whole entry."""
    from ..actors import get_dictionary

    whole = get_dictionary().whole_match(text)
    return whole.entries[0].kind if whole is not None else None


def _event_confidence(
    trig: _Trigger, sides: _Sides, date_source: str, precision: str | None, location: Location | None
) -> Confidence:
    """The field confidences of an event and the overall score, from the trigger's match, the sides, the date and
    the place."""
    type_c = type_confidence(
        trig.match.pattern.curated, trig.match.pattern.words, trig.nominal, absorbed=bool(trig.absorbed)
    )
    # an implied target (not written) neither supports nor weakens the event: overall as if there were none
    conf = combine(
        sides.coding.plover_type,
        type_c,
        sides.s_conf,
        0.0 if sides.implied else sides.t_conf,
        date_confidence(date_source, precision),
        place_confidence(location),
    )
    if sides.implied:
        conf.target = round(sides.t_conf, 3)
    return conf


def _evidence(article: Article, trig: _Trigger, span: tuple[int, int]) -> Evidence:
    """The evidence of an event: the sentence at ``span`` of the article and the trigger's words."""
    start, end = span
    trigger_text = trig.token.text if trig.carrier is None else f"{trig.carrier.text} {trig.token.text}"
    return Evidence(
        article_id=article.article_id,
        sentence=article.text[start:end],
        char_start=start,
        char_end=end,
        source_name=article.outlet,
        url=article.url,
        published=article.published,
        trigger=trigger_text,
    )


# The article's home country: the country of at least this share of its resolved place names, and of two or more.
HOME_SHARE = 0.6
# Capitalised runs of words on one line ("Fort Smith", "East Flatbush", "New York City"): the place names of a
# whole article, found without parsing it (the coder parses only the sentences that can hold an event).
_NAME_RUN = re.compile(r"(?<![\w'.-])[A-Z][\w'-]*[\w](?:[ \t]+[A-Z][\w'-]*[\w])*")
# Capitalised words that are also gazetteer towns (March in England, Of in Turkey): never a place alone.
_NOT_PLACES = frozenset(
    "january february march april may june july august september october november december monday tuesday "
    "wednesday thursday friday saturday sunday police officer man of the since president".split()
)
_COMMON_OF = re.compile(r" of (?:a |an |the )?[a-z]")
# A country or state name says more about where the story is than a town name (which may be a surname).
_PLACE_WEIGHT = {"country": 2, "admin1": 2}


def _place_names(text: str, people: frozenset[str] = frozenset()) -> list[tuple[str, int, frozenset[str]]]:
    """(country, weight, other readings) of each capitalised run of a text that is, as a whole, a gazetteer place
    name ("Fort Smith", "Oklahoma"; not "Warren" in "Warren Gotcher"); the other readings are the countries where
    the name is also a country or a state ("Georgia": GEO and USA), or has a town of that name."""
    from spacy.lang.en.stop_words import STOP_WORDS

    from ..places import abbreviated_place, lookup_place

    runs = [
        m.group(0).removeprefix("The ")
        for m in _NAME_RUN.finditer(text)
        # "Possession of methamphetamine" opening a charge list is no La Possession (Reunion): a lone capitalised
        # word governing a lower-case "of" phrase is a common noun written at the start of a line or sentence
        if " " in m.group(0) or not _COMMON_OF.match(text, m.end())
    ]
    found: list[tuple[str, int, frozenset[str]]] = []
    for name in runs:
        if name.casefold() in _NOT_PLACES or name in people or name.casefold() in STOP_WORDS:
            continue  # "LaSalle" the suspect, not LaSalle in Quebec; "To" (a town in Burkina Faso)
        loc = lookup_place(name)
        if loc is None:
            reading = _leading_region(name, people)
            if reading is not None:
                found.append(reading)
            continue
        if not loc.country or abbreviated_place(name, loc):
            continue  # "a SWAT team" is no team from Swat (Pakistan); "UAE", "DRC" still name their countries
        reading = _place_reading(name, loc)
        if reading is not None:
            found.append(reading)
    return found


def _leading_region(run: str, people: frozenset[str]) -> tuple[str, int, frozenset[str]] | None:
    """(country, 1, readings) of a state or province that opens a longer capitalised name ("California Highway
    Patrol", "Texas Department of Public Safety"): a body of that state, a weaker sign of where the story is than
    the place itself. A town does not count ("Warren Gotcher", "Victoria Beckham"), nor a word of a person's name,
    nor a name whose readings lie in two countries ("Punjab Police")."""
    from ..places import lookup_place, wide_readings

    words = run.split()
    if words[0] in people:
        return None
    for n in (2, 1):
        if len(words) <= n:
            continue
        head = " ".join(words[:n])
        loc = lookup_place(head)
        if loc is not None and loc.country and loc.precision == "admin1":
            readings = wide_readings(head)
            return (loc.country, 1, readings) if len(readings) < 2 else None
    return None


def _place_reading(name: str, loc: Location) -> tuple[str, int, frozenset[str]] | None:
    """(country, weight, readings) of one place name, None when the name is a known person's."""
    from ..actors import lookup_actor
    from ..places import town_readings, wide_readings

    readings = wide_readings(name)
    country = loc.country or ""
    if loc.precision == "city":
        known = lookup_actor(name)
        if known is not None and known.kind in ("official", "person") and (known.country or known.code):
            return None  # "Obama" is a person here, not the town in Japan; "Queens" is no queen
        if known is not None and known.kind == "capital" and known.country:
            country = known.country  # "White House" is Washington's, not Casablanca's (an alternate name)
        else:  # "Richmond Hill" beside Schenectady and Queens: the Richmond Hill in New York
            readings |= town_readings(name)
    return country, _PLACE_WEIGHT.get(loc.precision, 1), readings


def _home_country(docs: list[Doc], text: str = "") -> str | None:
    """The country the article's place names mostly lie in: GPE/LOC entities of the parsed sentences found in the
    gazetteer, and the gazetteer names in the capitalised words of the whole text (sentences that hold no event
    still say where the story is: "Flynn's body was found in a car near Spiro")."""
    from collections import Counter

    from ..places import lookup_place, wide_readings

    # words of a full name ("Anthony Phillip LaSalle"); a lone word tagged PERSON may well be a town
    people = frozenset(
        t.text
        for doc in docs
        for ent in doc.ents
        if ent.label_ == "PERSON" and len(ent) >= 2
        for t in ent
        if t.pos_ == "PROPN"
    )
    names = list(_place_names(text, people))
    for doc in docs:  # a name the parser also tags as a place counts twice: it is surely one
        for ent in doc.ents:
            if ent.label_ in ("GPE", "LOC"):
                loc = lookup_place(ent.text)
                if loc is not None and loc.country:
                    names.append((loc.country, 1, wide_readings(ent.text)))
    # names with one reading first; an ambiguous one ("Georgia" beside Atlanta and Fulton County) then goes to the
    # reading the others support most
    sure: Counter[str] = Counter()
    for country, weight, readings in names:
        if len(readings) < 2:
            sure[country] += weight
    if any(len(readings) >= 2 for _, _, readings in names):
        from ..actors import lookup_actor

        # country words support a reading too ("U.S. Customs agent" beside "a Georgia judge"), not the name itself
        for doc in docs:
            for tok in doc:
                if (
                    tok.ent_type_ in ("GPE", "NORP", "ORG")
                    and tok.text[:1].isupper()
                    and len(wide_readings(tok.text)) < 2
                ):
                    actor = lookup_actor(tok.text)
                    if actor is not None and actor.kind == "country" and actor.country:
                        sure[actor.country] += 1
    counts: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for country, weight, readings in names:
        if len(readings) >= 2:
            country = max(readings, key=lambda c: (sure[c], c == country))
        counts[country] += weight
        mentions[country] += 1
    if not counts:
        return None
    country, n = counts.most_common(1)[0]
    # named at least twice and most of the places, or the only country any place name lies in, by the name of a
    # region or a country ("the National Union for the Total Independence of Angola"; not a lone town name:
    # "Morningside", a rehab clinic)
    alone = len(counts) == 1 and all(len(readings) < 2 and weight > 1 for _, weight, readings in names)
    return country if (mentions[country] >= 2 or alone) and n >= HOME_SHARE * sum(counts.values()) else None


def _safe_location(
    doc: Doc, trig: _Trigger, ctx: ArticleContext, modality: str, article: Article
) -> Location | None:
    from ..places import event_location

    try:
        return event_location(doc[:], trig.token.i, ctx, modality=modality)
    except Exception:
        log.exception("place resolution failed in article %s", article.article_id)
        return None


# Sectors of the state's own bodies, which the article's home country does not place (see ``_place_country``).
STATE_SECTORS = frozenset({"GOV", "LEG", "MIL", "SPY", "ELI", "PTY", "OPP"})
# Sectors a private person's visit or withdrawal concerns politically (see ``_public_side``).
PUBLIC_SECTORS = STATE_SECTORS | {"COP", "JUD", "IGO"}


def _home_reading(actor: Actor | None, ctx: ArticleContext) -> Actor | None:
    """An actor named by a place that is also a state of the article's home country ("a Georgia judge" in a story
    from Atlanta) belongs to the home country."""
    from ..places import wide_readings

    home = ctx.home_country
    if actor is None or not home or not actor.country or actor.country == home:
        return actor
    names: set[str] = set()
    for written in (actor.text or "", actor.name or ""):  # "he" recalled as "Georgia judge": the name tells
        words = written.split()
        names |= {
            " ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(len(words), i + 3) + 1)
        }
    if not any(len(r) >= 2 and home in r and actor.country in r for r in map(wide_readings, names)):
        return actor
    code = actor.code
    if code and code.startswith(actor.country):
        code = home + code[len(actor.country) :]
    return replace(actor, country=home, code=code)


def _place_country(actor: Actor | None, location: Location | None, ctx: ArticleContext) -> Actor | None:
    """A domestic actor named without a country ("police", "prosecutors", "a gunman", "protesters") belongs to the
    country where the event happens: the event's place, else the dateline's country, else the article's home
    country (most of its places), else the one country the article has named so far. International bodies keep
    no country: IGOs and the named international NGOs (coded NGO...: Amnesty International, Oxfam). A group named
    by its kind ("environmental groups", "rights groups", "aid workers") is domestic like police: the coding
    manual gives it the country it acts in."""
    if actor is None or actor.country or actor.kind == "igo" or actor.sector == "IGO":
        return actor
    if actor.code and actor.code[:3] in STATELESS_SECTORS:
        return actor
    country = (location.country if location is not None else None) or ctx.dateline_country
    if not country and actor.sector not in STATE_SECTORS:
        # the article's home country is where its private people, police and courts are; a country-less state
        # body ("Congress" in a story about Iran) is not placed by it
        country = ctx.home_country
    if not country and len(ctx.recent_countries) == 1:
        country = ctx.recent_countries[0]
    if not country:
        return actor
    return replace(actor, country=country, code=country + (actor.sector or ""))


# ----------------------------------------------------------------------------- library entry
def _precision_of(iso: str | None) -> str | None:
    if not iso:
        return None
    return {4: "year", 7: "month"}.get(len(iso), "day")


def build_article(
    text: str,
    published: str | None = None,
    url: str | None = None,
    *,
    title: str | None = None,
    published_source: str | None = None,
) -> Article:
    """An ``Article`` for a bare text (library calls and evaluations): doc_id = stable id of the text."""
    return Article.build(
        doc_id=stable_id(text),
        path="<extract>",
        part=0,
        text=text,
        title=title,
        outlet=None,
        url=url,
        published=published,
        published_precision=_precision_of(published),
        published_source=published_source or ("field" if published else "none"),
        language="en",
    )


def extract(text: str, published: str | None = None, url: str | None = None) -> list[Event]:
    """Code the political events in one text (plain text or HTML), without a database.

    HTML goes through the cleaning stage first (boilerplate removal); its page date is used when ``published``
    is not given. ``published`` (ISO date) anchors relative dates; without it events get no date unless the
    sentence names one.
    """
    text = text or ""
    title = None
    published_source = "field" if published else "none"
    if _HTML.search(text[:2000]):
        from ..clean.html import extract_html

        page = extract_html(text, url=url)
        text = page.text
        title = page.title
        if not published and page.date:
            published, published_source = page.date, "meta"
    if not text.strip():
        return []
    article = build_article(text, published, url, title=title, published_source=published_source)
    return code_article(article)

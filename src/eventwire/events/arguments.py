"""Who did it, to whom: source and target actors of a trigger, read from the dependency parse.

The actors themselves come from ``eventwire.actors.resolve_actors`` (one list of ``ActorMention`` per sentence);
this module only decides which mention fills which role:

* **source**: the subject of the trigger verb (``nsubj``), the agent of a passive ("was attacked *by* X"), the
  controller of an infinitive ("X agreed to meet", "X said it would"), the shared subject of coordinated verbs,
  or for a nominal event the subject of its light verb ("X *carried out* strikes"), its possessor ("X's
  strikes"), a demonym ("Pakistani strikes") or its "by" phrase.
* **target**: the direct object, the passive subject, the indirect object, or the object of a preposition the
  event governs ("met *with* X", "strikes *on* X", "sanctions *against* X", "called *on* X"); when that
  phrase is not itself an actor, the actor inside it ("rejected *X's* proposal", "the proposal *from* X").

Coordinated actors ("Pakistan and Russia") come back as several mentions; the coder turns them into a reciprocal
pair or one event per actor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..actors import ActorMention

# Prepositions that introduce the target of an event, by PLOVER type; "*" applies to all types. "in", "at" and
# "near" introduce places, never targets, except for CONSULT-style "met in X"? no: places are eventwire.places'.
TARGET_PREPS: dict[str, frozenset[str]] = {
    "*": frozenset({"against", "on", "upon", "at", "with", "to", "toward", "towards", "into", "over"}),
    # the complement of an agreement/demand/threat: its own prepositions, "for" included ("aid for Romania")
    "COMPLEMENT": frozenset(
        {"against", "on", "upon", "at", "with", "to", "toward", "towards", "into", "over", "for"}
    ),
    "CONSULT": frozenset({"with", "to", "by"}),
    "AGREE": frozenset({"with", "to"}),
    "AID": frozenset({"to", "for"}),
    "DEMAND": frozenset({"on", "upon", "from", "to"}),
    "DISAPPROVE": frozenset({"against", "at", "on", "to"}),
    "INVESTIGATE": frozenset({"into", "against", "on"}),
    "COOPERATE": frozenset({"with", "to", "alongside"}),  # "fought alongside the Afghan Taliban"
    "SUPPORT": frozenset({"to", "for", "with"}),
    "RETREAT": frozenset({"to", "from"}),
    "SANCTION": frozenset({"on", "against", "with", "from", "to"}),
    # "seized weapons from smugglers", "confiscated land from farmers"
    "COERCE": frozenset({"against", "on", "upon", "at", "to", "toward", "towards", "into", "from"}),
}
# Prepositions that still introduce the event's target one phrase below the verb or its object ("a memorandum of
# understanding *with* X", "by telephone *with* X"); others there describe that phrase ("talks on trade *with*").
NESTED_TARGET_PREPS = frozenset({"with", "against", "toward", "towards"})
# Inside a target phrase that is not an actor, these lead to the actor it belongs to ("the proposal *from* X",
# "the release *of* X", "claims *by* X").
OWNER_PREPS = frozenset({"of", "from", "by"})
# Dependencies that start a separate clause or aside: never searched for a trigger's arguments.
CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "parataxis", "appos", "conj", "cc", "punct"})
# Pronouns that are resolved through the governing verb when the actor resolver left them unresolved.
PRONOUNS = frozenset({"it", "they", "he", "she", "we", "its", "their", "his", "her", "our"})
# How far down a noun phrase to look for the actor it contains (head -> prep -> pobj -> possessor is 3).
MAX_PHRASE_DEPTH = 3

# Role clarity: how directly the parse ties a mention to the role (multiplies the mention's confidence).
ROLE_DIRECT = 1.0  # subject, object, agent
ROLE_PHRASE = 0.85  # inside the argument phrase (possessor, "of"-phrase), a controller, a shared subject
ROLE_CONTEXT = 0.6  # from article memory (the accuser a denial answers)
ROLE_IMPLIED = 0.5  # not written: implied by the event type (a protest addresses its own government)


@dataclass(slots=True)
class Role:
    """One actor filling a role, with how clearly the parse says so."""

    mention: ActorMention
    clarity: float

    @property
    def confidence(self) -> float:
        """The mention's confidence scaled by how clearly the parse gives it this role."""
        return round(self.mention.confidence * self.clarity, 3)


class MentionIndex:
    """Actor mentions of one sentence, looked up by token."""

    def __init__(self, mentions: Sequence[ActorMention]):
        self.mentions = list(mentions)
        self.by_token: dict[int, list[ActorMention]] = {}
        for m in self.mentions:
            for i in range(m.start, m.end):
                self.by_token.setdefault(i, []).append(m)

    def at(self, tok: Token) -> list[ActorMention]:
        """Mentions covering this token."""
        return self.by_token.get(tok.i, [])

    def in_phrase(self, tok: Token, depth: int = MAX_PHRASE_DEPTH) -> list[ActorMention]:
        """The actor a noun phrase is or belongs to: mentions at its head, else the nearest inside it."""
        found = self.at(tok)
        if found:
            return found
        frontier = [tok]
        for _ in range(depth):
            nxt: list[Token] = []
            for t in frontier:
                for child in t.children:
                    if child.dep_ == "acl" and child.lemma_.lower() not in MEDIATOR_VERBS:
                        # "the proposal put forward by Egypt", "a plan drafted by the EU": the proposer owns it;
                        # "negotiations facilitated by Turkey and Qatar" belong to the parties, not the mediators
                        for agent in child.children:
                            if agent.dep_ == "agent" or (agent.dep_ == "prep" and agent.lower_ == "by"):
                                hits = [m for p in agent.children if p.dep_ == "pobj" for m in self.at(p)]
                                if hits:
                                    return hits
                    if child.dep_ in CLAUSE_DEPS:
                        continue
                    if child.dep_ == "prep" and child.lower_ not in OWNER_PREPS:
                        continue
                    hits = self.at(child)
                    if hits:
                        return hits
                    nxt.append(child)
            frontier = nxt
        return []


# Verbs of a third party's help to others' talks or deals: its agent is a mediator, not a party (not "host" or
# "chair": the host of talks takes part in them).
MEDIATOR_VERBS = frozenset({"facilitate", "mediate", "broker", "sponsor", "moderate", "arrange"})


def _conjuncts(tok: Token) -> list[Token]:
    out = [tok]
    for child in tok.children:
        if child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN", "PRON", "ADJ"):
            out.extend(_conjuncts(child))
        elif (
            child.dep_ == "appos" and child.pos_ == "PROPN" and any(g.dep_ == "conj" for g in child.children)
        ):
            # "The US, Russia, and Switzerland": a list the parser read as an apposition with a conjunction
            out.extend(_conjuncts(child))
    return out


def _unique(mentions: Iterable[ActorMention]) -> list[ActorMention]:
    out: list[ActorMention] = []
    seen: set[tuple[int, int, str | None, str]] = set()
    for m in mentions:
        key = (m.start, m.end, m.actor.code, m.actor.name)
        if key not in seen:
            seen.add(key)
            out.append(m)
    return out


def informative(m: ActorMention) -> bool:
    """Whether a mention says who acts: a country, a coded organisation or an IGO ("its troops" does not)."""
    a = m.actor
    return bool(a.country or a.code or a.sector == "IGO" or a.kind == "igo")


def _own(tok: Token) -> bool:
    """ "its troops", "their own forces": a phrase owned by a pronoun refers back to the subject."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in tok.children)


def phrase_actors(tok: Token, index: MentionIndex) -> list[ActorMention]:
    """Actors of a noun phrase and its coordinated phrases ("Pakistan and Russia"); mentions that name nobody
    in particular ("its troops", "parties") only when the phrase has nothing better."""
    found: list[ActorMention] = []
    for conj in _conjuncts(tok):
        found.extend(index.in_phrase(conj))
    # the mention's own head may carry the coordination when the parse hangs the name elsewhere ("Barack Obama and
    # Vladimir Putin" with "Barack" as the subject)
    inside = {i for m in found for i in range(m.start, m.end)} - {tok.i}
    for i in sorted(inside):
        for conj in _conjuncts(tok.doc[i])[1:]:
            if conj.i not in inside:
                found.extend(m for m in index.in_phrase(conj) if m not in found)
    good = [m for m in found if informative(m)]
    return _unique(good or found)


def _children(tok: Token, *deps: str) -> list[Token]:
    return [c for c in tok.children if c.dep_ in deps]


def is_passive(verb: Token) -> bool:
    """Whether the verb is in the passive voice: it has a passive auxiliary or subject, or it is a bare participle
    coordinated with a passive verb, whose auxiliary and subject it shares ("was shot and killed by police")."""
    if any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children) or passive_small_clause(verb):
        return True
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and not any(c.dep_ in ("aux", "nsubj", "csubj") for c in verb.children)
        and any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.head.children)
    )


# Verbs whose object can be followed by a past participle telling what is to be done to it ("want to see the
# policemen punished", "had him arrested", "wants them released").
SMALL_CLAUSE_HEADS = frozenset({"see", "want", "have", "get", "need", "like", "watch", "order", "find"})


def passive_small_clause(verb: Token) -> bool:
    """A bare past participle whose parsed subject is its patient: "see the policemen punished" (the policemen
    are punished), "wanted him arrested"; or a headline's passive ("Brother charged after Aberdare woman found
    dead")."""
    return (
        (
            verb.tag_ == "VBN"
            and verb.dep_ in ("ccomp", "xcomp", "oprd")
            and verb.head.lemma_.lower() in SMALL_CLAUSE_HEADS
            and any(c.dep_ == "nsubj" for c in verb.children)
            and not any(c.dep_ in ("aux", "auxpass") for c in verb.children)
        )
        or headline_passive(verb)
        or _aircraft_shot_down(verb)
    )


# Aircraft that a report says were "shot down" in headline style ("US Chinook helicopter shot down ... last night").
AIRCRAFT_NOUNS = frozenset(
    {"helicopter", "chopper", "jet", "plane", "aircraft", "drone", "airliner", "bomber", "fighter"}
)


def _aircraft_shot_down(verb: Token) -> bool:
    """ "US Chinook helicopter shot down and completely destroyed last night": with no object, the aircraft was shot
    down (an aircraft that shoots something down names it: "the jet shot down two drones")."""
    return (
        verb.lemma_.lower() == "shoot"
        and any(c.lower_ == "down" and c.dep_ in ("prt", "advmod") for c in verb.children)
        and not any(c.dep_ in ("dobj", "aux", "auxpass") for c in verb.children)
        and any(c.dep_ == "nsubj" and c.lemma_.lower() in AIRCRAFT_NOUNS for c in verb.children)
    )


# Verbs of holding to account that take an object when active: in a headline without one, the subject is the patient.
HEADLINE_PASSIVE_VERBS = frozenset(
    {
        "charge",
        "arrest",
        "jail",
        "convict",
        "sentence",
        "indict",
        "detain",
        "accuse",
        "acquit",
        "deport",
        "expel",
    }
)


def headline_passive(verb: Token) -> bool:
    """ "Brother charged after Aberdare woman found dead": a headline (no closing stop) whose root is a bare
    participle of a verb of holding to account with no object: the subject was charged."""
    doc = verb.doc
    return (
        verb.dep_ == "ROOT"
        and verb.tag_ in ("VBD", "VBN")
        and verb.lemma_.lower() in HEADLINE_PASSIVE_VERBS
        and not doc[-1].is_punct
        and any(c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in verb.children)
        and not any(c.dep_ in ("dobj", "aux", "auxpass", "ccomp", "xcomp", "dative") for c in verb.children)
    )


def _shared_agents(verb: Token) -> list[Token]:
    """The "by" phrase of a passive verb, or the one its coordinated participle carries for both ("The teenager was
    shot and killed by police": police shot him too)."""
    own = _children(verb, "agent")
    if own:
        return own
    return [a for conj in _children(verb, "conj") if is_passive(conj) for a in _children(conj, "agent")]


def reduced_relative(verb: Token) -> bool:
    """A past participle modifying its patient, with no clause of its own ("three teens arrested on Tuesday", "the
    teen accused of ..."; not "the announcement that X and Y had reached a deal")."""
    if verb.tag_ == "VBN" and verb.dep_ == "conj" and verb.head.tag_ == "VBN":
        # "an election hailed by the government but dismissed by critics": the second participle of the noun
        return reduced_relative(verb.head) and not any(
            c.dep_ in ("nsubj", "aux", "mark") for c in verb.children
        )
    if verb.dep_ != "acl" or verb.tag_ != "VBN":
        return False
    return not any(c.dep_ in ("nsubj", "aux", "mark") for c in verb.children)


def passive_adjunct(verb: Token) -> bool:
    """A passive clause with no subject of its own that hangs on another clause: "(he was serving a sentence) after
    being convicted in 1998", "Arrested by the CHP, (he was booked)". Its patient is the other clause's subject."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "csubj") for c in verb.children):
        return False
    if is_passive(verb):
        return verb.dep_ in ("advcl", "pcomp", "conj", "xcomp")
    return verb.tag_ == "VBN" and verb.dep_ == "advcl"


def controller(verb: Token, index: MentionIndex) -> list[ActorMention]:
    """The subject mentions of the clause a subjectless clause hangs on (through prepositions: "after being ...")."""
    head = verb.head
    for _ in range(3):
        if head.pos_ == "ADP" and head.head is not head:
            head = head.head
            continue
        break
    if head is verb or head.pos_ not in ("VERB", "AUX"):
        return []
    for subj in _children(head, "nsubj", "nsubjpass"):
        found = phrase_actors(subj, index)
        if found:
            return found
    return []


# Verbs whose object is the subject of their infinitive ("urged Russia to", "asked X to"): the embedded
# action's source is the object.
OBJECT_CONTROL = frozenset(
    {
        "urge",
        "ask",
        "call",
        "press",
        "order",
        "force",
        "tell",
        "invite",
        "persuade",
        "encourage",
        "allow",
        "help",
        "want",
        "pressure",
        "push",
        "request",
        "instruct",
        "train",
        "recruit",
        "get",
        "pay",
    }
)
# Verbs of making and moving whose object does the infinitive the parser hangs on that object ("prompted a cruise
# ship to evacuate its passengers"), besides the verbs above.
ACL_CONTROL = OBJECT_CONTROL | {"prompt", "convince", "compel", "cause", "enable", "inspire", "drive"}


# Nouns of an attack or a killing: as a clause's subject, the actors of their "of" phrase are the victims.
HARM_NOUNS = frozenset(
    {
        "attack", "strike", "airstrike", "bombing", "bombardment", "raid", "shelling", "killing", "assault",
        "massacre", "shooting", "murder", "assassination", "stabbing", "kidnapping", "abduction", "arson",
        "explosion", "blast", "ambush", "beating",
    }
)  # fmt: skip


def done_to(noun: Token, m: ActorMention) -> bool:
    """Whether the mention is inside the "of"/"on"/"against" phrase of an attack noun (its victim)."""
    return any(
        prep.left_edge.i <= m.head <= prep.right_edge.i
        for prep in _children(noun, "prep")
        if prep.lower_ in ("of", "on", "against")
    )


# Passive forms whose subject is the actor, not the target: stances ("X is committed to", "X is prepared to")
# and raising verbs ("X is expected/scheduled/set to attend").
STATIVE_PASSIVES = frozenset(
    {
        "commit",
        "prepare",
        "determine",
        "dedicate",
        "resolve",
        "poise",
        "set",
        "expect",
        "engage",
        "involve",
        "schedule",
        "slate",
        "due",
        "plan",
        "suppose",
        "oblige",
        "force",
        "authorize",
        "authorise",
        "mandate",
        "empower",
        "oppose",
    }
)


# Verb tags of a clause attached to a noun whose noun is the agent ("protesters demanding ..."); a past participle
# ("soldiers killed in ...") makes the noun the patient instead.
ACTIVE_ACL_TAGS = frozenset({"VBG", "VBD", "VBZ", "VBP"})


# Verbs of taking part in an act, whose subject is one of its doers.
TAKING_PART = frozenset({"involve", "implicate", "participate"})


def _stance_participle(verb: Token) -> bool:
    """A participle of a stative passive modifying its holder: "the policemen involved in the shooting" took part
    in it; they did not suffer it."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and verb.lemma_.lower() in STATIVE_PASSIVES


def _written_subject(
    verb: Token, subjects: list[Token], index: MentionIndex
) -> tuple[list[ActorMention], float] | None:
    """The actors of the verb's written subject; ([], 0.0) for a subject that names none and is no pronoun, None
    when the subjects leave the question open (none written, or only unresolved pronouns)."""
    for subj in subjects:
        if (
            subj.lower_ in RELATIVE_PRONOUNS
            and verb.dep_ == "relcl"
            and (subj.lower_ == "who" or index.at(verb.head) or verb.head.lemma_.lower() in HARM_NOUNS)
        ):
            subj = (
                verb.head
            )  # "police who claim he pointed a gun": the police (not "a policy change that barred")
        found = phrase_actors(subj, index)
        if subj.lemma_.lower() in HARM_NOUNS:
            # "the bombing of a school killed 12", "the murder of Deputy Ortiz prompted ...": the one its own phrase
            # names as the doer ("Israel's strikes", "the attack by Hamas"), never the one it was done to
            own = noun_source(subj, index)
            if own[0]:
                return own
            found = [m for m in found if not done_to(subj, m)]
        if found:
            return found, ROLE_DIRECT
        if subj.lower_ not in PRONOUNS:
            return [], 0.0
    return None


def verb_subject(verb: Token, index: MentionIndex, depth: int = 0) -> tuple[list[ActorMention], float]:
    """Source mentions of a verb and the clarity of that reading (0 when there is none)."""
    if _stance_participle(verb) and verb.head.pos_ in ("NOUN", "PROPN"):
        found = phrase_actors(verb.head, index)
        if found:
            return found, ROLE_PHRASE
    if is_passive(verb) or (
        # "balloting heralded by authorities ... but dismissed by critics": a participle with its own agent
        verb.tag_ == "VBN" and (verb.dep_ == "acl" or (verb.dep_ == "conj" and _children(verb, "agent")))
    ):
        # "X was hit by Y", "the bullets fired by the officers": the agent acts
        for agent in _shared_agents(verb):
            for pobj in _children(agent, "pobj"):
                found = phrase_actors(pobj, index)
                if found:
                    return found, ROLE_DIRECT
        if is_passive(verb) and verb.lemma_.lower() not in STATIVE_PASSIVES:
            return [], 0.0
        if reduced_relative(verb) and verb.head.pos_ in ("NOUN", "PROPN"):
            # "38 soldiers captured in North Kivu": the noun is who was captured, not who captured
            return [], 0.0
    subjects = _children(verb, "nsubj", "csubj", "expl", *(("nsubjpass",) if is_passive(verb) else ()))
    written = _written_subject(verb, subjects, index)
    if written is not None:
        return written
    if not subjects:
        # "Islamabad says Kabul shelters TTP fighters": the parser takes the subject for a compound of the verb
        for comp in _children(verb, "compound"):
            found = index.at(comp) if comp.i < verb.i and comp.pos_ == "PROPN" else []
            if found:
                return found, ROLE_PHRASE
    if depth >= 3:
        return [], 0.0
    # inherited subjects: infinitive controllers, coordinated verbs, participial adjuncts, reported speech
    head = verb.head
    if head is verb:
        return [], 0.0
    charged = _charged_one(verb)
    if charged is not None:
        # "charged with the Kraft shooting of her co-workers" (a gerund the parser left a verb)
        found = phrase_actors(charged, index)
        return (found, ROLE_PHRASE) if found else ([], 0.0)
    found, clarity = _inherited_subject(verb, head, index, depth)
    if found and _person_pronoun_subject(verb) and not any(m.actor.kind in PERSON_KINDS for m in found):
        # "he asked about ... and called Omar a terrorist, the prosecutor's office said": "he" is no office
        return [], 0.0
    if not found and depth == 0:
        return _verbless_root_subject(verb, index)
    return found, clarity


# Actor kinds "he" and "she" can stand for.
PERSON_KINDS = frozenset({"person", "official"})


def _person_pronoun_subject(verb: Token) -> bool:
    """The verb's own subject, or its coordinated head's, is "he" or "she"."""
    for v in (verb, verb.head if verb.dep_ == "conj" else verb):
        if any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("he", "she") for c in v.children):
            return True
    return False


def _verbless_root_subject(verb: Token, index: MentionIndex) -> tuple[list[ActorMention], float]:
    """ "A police officer that was parked nearby and witnessed the incident chased the car and arrested X": the
    small parser, lost in the relative clause, leaves the sentence without a main verb (the noun is its root) and
    hangs the real verbs inside the clause. A finite past verb after it, with no subject found, is the noun's act."""
    root = verb.sent.root
    if (
        verb.tag_ != "VBD"
        or root.pos_ not in ("NOUN", "PROPN")
        or root.i > verb.i
        or not any(c.dep_ == "relcl" and c.i < verb.i for c in root.children)
    ):
        return [], 0.0
    found = phrase_actors(root, index)
    return (found, ROLE_PHRASE) if found else ([], 0.0)


def _outer_subject(verb: Token, index: MentionIndex, depth: int) -> tuple[list[ActorMention], float]:
    """The subject of an enclosing verb, one phrase less clear than its own."""
    found, clarity = verb_subject(verb, index, depth + 1)
    return found, clarity * ROLE_PHRASE if found else 0.0


def _inherited_subject(
    verb: Token, head: Token, index: MentionIndex, depth: int
) -> tuple[list[ActorMention], float]:
    """Source mentions a verb with no subject of its own takes from the phrase it depends on (``head``)."""
    if _lost_subject(verb):
        return [], 0.0
    obj = _controlling_object(verb)
    if obj is not None and (found := phrase_actors(obj, index)):
        return found, ROLE_PHRASE  # "urged Iran to release ...", "persuaded a suspect to surrender"
    if verb.dep_ in ("xcomp", "conj", "advcl", "acl", "ccomp", "pcomp") and head.pos_ in (
        "VERB",
        "AUX",
        "ADJ",
    ):
        return _outer_subject(head, index, depth)
    if verb.dep_ == "xcomp" and head.pos_ == "NOUN" and head.dep_ == "ROOT":
        # "Poland and Lithuania plan to hold ...": a verb the parser took for a noun keeps its subject
        for subj in _children(head, "nsubj"):
            found = phrase_actors(subj, index)
            if found:
                return found, ROLE_PHRASE
    if verb.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and verb.tag_ in ACTIVE_ACL_TAGS:
        # "demonstrators protesting election results", "a newspaper called on Arabs to ...": the noun acts
        found = phrase_actors(head, index)
        if found:
            return found, ROLE_PHRASE
    if (
        verb.dep_ == "acl"
        and verb.tag_ != "VBN"
        and head.pos_ in ("NOUN", "PROPN")
        and head.head.pos_ in ("VERB", "AUX")
    ):
        # "issued a declaration demanding ...": the subject of the verb that made the declaration; not a passive
        # participle, whose noun is its patient ("a convicted sex offender sentenced to life pulled a gun": no court
        # named, not the offender)
        return _outer_subject(head.head, index, depth)
    if verb.pos_ == "ADJ" and verb.dep_ == "acomp":  # "X is ready to ...": the copula's subject
        return _outer_subject(head, index, depth)
    if (
        verb.dep_ == "pcomp"
        and head.dep_ == "prep"
        and head.lower_ in ("for", "of")
        and head.head.pos_ == "VERB"
    ):
        # "thanked Russia for supporting ...", "accused X of harbouring ...": the object did it
        for obj in _children(head.head, "dobj"):
            found = phrase_actors(obj, index)
            if found:
                return found, ROLE_PHRASE
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX", "ADJ"):
        return _outer_subject(head.head, index, depth)
    return [], 0.0


def _to_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _controlling_object(verb: Token) -> Token | None:
    """The object of a verb of asking or making that does the verb's infinitive: "urged Iran to release ...",
    "training the opposition forces ... to fight" (which the parser may hang as an adverbial clause), "persuaded a
    suspect to surrender" (hung on the object itself); not in a purpose ("a drive to convince the parliament to amend
    ...": who was to be moved did nothing yet)."""
    head = verb.head
    if verb.dep_ == "xcomp" or (verb.dep_ == "advcl" and _to_infinitive(verb)):
        objects = _children(head, "dobj")
        controls = head.pos_ in ("VERB", "AUX", "ADJ") and head.lemma_.lower() in OBJECT_CONTROL
        return objects[0] if objects and controls else None
    if (
        verb.dep_ == "acl"
        and _to_infinitive(verb)
        and head.dep_ == "dobj"
        and head.head.lemma_.lower() in ACL_CONTROL
        and not _to_infinitive(head.head)
    ):
        return head
    return None


def _lost_subject(verb: Token) -> bool:
    """A reported clause with a finite auxiliary of its own whose subject the parser hung elsewhere ("... in every
    corner of the world geopolitical tensions are threatening to ...": "tensions" taken for the object of "of"). A
    finite clause names its own subject: the speaker's is not inherited (unlike the headline's "Iran says will
    retaliate", where a verb comes before the auxiliary)."""
    if verb.dep_ != "ccomp" or _children(verb, "nsubj", "nsubjpass", "csubj", "expl"):
        return False
    aux = next((c for c in verb.children if c.dep_ in ("aux", "auxpass") and c.i < verb.i), None)
    if aux is None or aux.tag_ not in ("VBP", "VBZ", "VBD", "MD") or aux.i == 0:
        return False
    before = aux.doc[aux.i - 1]
    return before.pos_ in ("NOUN", "PROPN") and before.head is not verb


def _best(
    candidates: Iterable[tuple[list[ActorMention], float]], exclude: frozenset[str] = frozenset()
) -> tuple[list[ActorMention], float]:
    """The first candidate that names someone (other than the excluded source actors); else the first candidate
    at all; else nothing."""
    fallback: tuple[list[ActorMention], float] | None = None
    for found, clarity in candidates:
        found = [m for m in found if actor_key(m) not in exclude]
        if not found:
            continue
        if any(informative(m) for m in found):
            return found, clarity
        if fallback is None:
            fallback = (found, clarity)
    return fallback or ([], 0.0)


def actor_key(m: ActorMention) -> str:
    """Identity of a mention's actor for "is the target the source itself?" tests."""
    return actor_key_of(m.actor)


def verb_targets(
    verb: Token,
    index: MentionIndex,
    plover_type: str,
    extra: Sequence[Token] = (),
    exclude: frozenset[str] = frozenset(),
) -> tuple[list[ActorMention], float]:
    """Target mentions of a verb (object, passive subject, dative, prepositional object), skipping the
    ``exclude``d actors (the source: "its nationals" is not the target of "Libya offered to hand over")."""
    return _best(_target_candidates(verb, index, plover_type, extra), exclude)


# Prepositions of place whose object country receives an action that has no other target: "arrived in Amman"
# (a visit to Jordan), "lifted the curfew in Montenegro", "withdrew from Lebanon" (CAMEO/PLOVER GSR usage). Not "off":
# the waters off a country are no one's people ("attacked nearly 100 vessels off Somalia's coast").
PLACE_PREPS = frozenset(
    {
        "in",
        "into",
        "to",
        "at",
        "inside",
        "from",
        "across",
        "throughout",
        "near",
        "outside",
        "around",
        "along",
    }
)
# Types whose action falls on the people of a place when no target actor is named.
PLACE_TARGET_TYPES = frozenset(
    {
        "CONSULT",
        "CONCEDE",
        "COERCE",
        "RETREAT",
        "AID",
        "MOBILIZE",
        "FIGHT",
        "ASSAULT",
        "PROTEST",
        "SANCTION",
        "INVESTIGATE",
    }
)
ROLE_PLACE = 0.7
# Types whose place target is the place, not its government: a capital where force or an inquiry falls ("shot dead
# by police in Athens", "struck targets in Damascus", "investigating a robbery in Paris") names no sector of it.
PLACE_ONLY_TYPES = frozenset({"ASSAULT", "FIGHT", "COERCE", "INVESTIGATE"})
# Confidence of a country read from a place name through the gazetteer ("in the town of Jenin" -> Palestine).
PLACE_MENTION_CONFIDENCE = 0.6
# A country named only by a demonym modifying the object ("a blockade on Palestinian lorries"): weaker evidence
# than an actor mention, so it is a last resort and lowers the target confidence.
ROLE_MODIFIER = 0.6
# Confidence given to such a demonym-derived target (as an actor mention would carry).
MODIFIER_MENTION_CONFIDENCE = 0.6
# Named-entity labels of demonyms and country names.
COUNTRY_ENTS = frozenset({"NORP", "GPE"})


def modifier_target(
    verb: Token, index: MentionIndex, exclude: frozenset[str] = frozenset()
) -> list[ActorMention]:
    """Last resort: a demonym or country name modifying the object or its prepositional phrase, when the actor
    resolver made no mention of it ("lifted a blockade on Palestinian lorries" -> Palestine)."""
    from ..actors import ActorMention, lookup_actor

    objects = _children(verb, "dobj", "dative")
    phrases = list(objects)
    for obj in objects:
        for prep in _children(obj, "prep"):
            phrases.extend(_children(prep, "pobj"))
    for head in phrases:
        for tok in head.subtree:
            if tok.ent_type_ not in COUNTRY_ENTS or tok.i >= head.i + 1 and tok is not head:
                continue
            actor = lookup_actor(tok.text)
            if (
                actor is None
                or not actor.country
                or actor.kind != "country"
                or actor_key_of(actor) in exclude
            ):
                continue
            return [
                ActorMention(
                    start=tok.i,
                    end=tok.i + 1,
                    text=tok.text,
                    actor=actor,
                    head=tok.i,
                    confidence=MODIFIER_MENTION_CONFIDENCE,
                    how="modifier",
                )
            ]
    return []


def with_country(m: ActorMention, iso3: str) -> ActorMention:
    """A copy of a country-less mention placed in a country ("a journalist" killed in Beirut -> Lebanon)."""
    actor = replace(m.actor, country=iso3, code=iso3 + (m.actor.sector or ""))
    return replace(m, actor=actor, confidence=min(m.confidence, PLACE_MENTION_CONFIDENCE), how="place")


def as_place(m: ActorMention) -> ActorMention:
    """A capital read as the city, not its government ("killed in Athens": Greece, who there is not named)."""
    if m.actor.kind != "capital" or not m.actor.country:
        return m
    return replace(m, actor=replace(m.actor, sector=None, code=m.actor.country))


def actor_key_of(actor) -> str:  # noqa: ANN001 - an Actor record
    """Identity of an actor for "is the target the source itself?" tests."""
    return actor.code or actor.name


def place_target(
    verb: Token,
    index: MentionIndex,
    exclude: frozenset[str] = frozenset(),
    depth: int = 3,
    preps: frozenset[str] | None = None,
) -> list[ActorMention]:
    """Country of a place phrase on the verb or inside its object ("arrived in Amman" -> Jordan, "lifted the state
    of emergency in Colombo" -> Sri Lanka, "withdrew from the town of Jenin" -> Palestine): the people of the place
    where an action falls are its target when no actor is named (the GSR convention: a capital that is not the
    subject or object stands for its population). A country or capital mention wins; otherwise the gazetteer names
    the country of the place."""
    for pobj in _place_objects(verb, depth, preps or PLACE_PREPS):
        found = [
            m
            for m in index.in_phrase(pobj, depth=2)
            if m.actor.kind in ("country", "capital") and actor_key(m) not in exclude
        ]
        if found:
            return found[:1]
        mention = _gazetteer_mention(pobj, exclude)
        if mention is not None:
            return [mention]
    return []


# Prepositions after an event noun that put the act on a place ("strikes on the city of Kharkiv").
NOUN_PLACE_PREPS = PLACE_PREPS | {"on", "against"}
# Nouns whose "of" phrase is a place name ("the city of Kharkiv", "the province of Khost").
PLACE_NOUNS = frozenset(
    {
        "city",
        "town",
        "village",
        "province",
        "region",
        "district",
        "state",
        "port",
        "capital",
        "area",
        "county",
        "governorate",
        "enclave",
        "island",
    }
)
# Nouns after which a "with" phrase names a neighbouring country ("the border with Finland").
BORDER_NOUNS = frozenset({"border", "frontier", "boundary", "borders"})


def _place_objects(verb: Token, levels: int = 3, preps: frozenset[str] = frozenset()) -> list[Token]:
    """Objects of place prepositions on the verb, its direct object, and one level inside those phrases ("the
    state of emergency in Colombo", "the border with Finland"); not inside a "from" phrase when "from" is no place
    preposition here ("speaking by phone from the UN agency in Gaza": where the speaker is, not where the act
    falls)."""
    # the object itself may be the place ("captured Mosul", "shelled Juba", "visited Lahore")
    out: list[Token] = [o for o in _children(verb, "dobj") if o.pos_ == "PROPN"]
    heads = [verb, *_children(verb, "dobj")]
    seen: set[int] = set()
    for depth in range(levels):
        nxt: list[Token] = []
        for tok in heads:
            for prep in _children(tok, "prep"):
                for pobj in _children(prep, "pobj"):
                    if pobj.i in seen:
                        continue
                    seen.add(pobj.i)
                    if prep.lower_ in (preps or PLACE_PREPS) or (
                        prep.lower_ == "with" and tok.lemma_.lower() in BORDER_NOUNS
                    ):
                        out.append(pobj)
                    if depth < levels - 1 and (prep.lower_ != "from" or "from" in (preps or PLACE_PREPS)):
                        nxt.append(pobj)
        heads = nxt
    return out


def _gazetteer_mention(pobj: Token, exclude: frozenset[str]) -> ActorMention | None:
    """A country mention for the place named by a prepositional object, from the gazetteer."""
    from ..actors import ActorMention, lookup_actor
    from ..actors.dictionary import names_no_actor
    from ..places import place_in_tokens

    toks = [t for t in pobj.subtree if t.i <= pobj.i or t.dep_ in ("compound", "flat", "appos")]
    for prep in _children(pobj, "prep"):
        if prep.lower_ == "of":  # "the town of Jenin", "the province of Khost"
            toks += [t for t in prep.subtree if t.dep_ not in ("relcl", "acl")]
    toks.sort(key=lambda t: t.i)
    if names_no_actor(pobj.doc[toks[0].i : toks[-1].i + 1].text):
        return None  # "migrants in the Gulf of Mexico" are not Mexico's people
    loc = place_in_tokens(toks)
    if loc is None and pobj.lemma_.lower() in PLACE_NOUNS:
        # "the city of Kharkiv": the name after a place noun is a place whatever tag the parser gave it
        from ..places import lookup_place

        names = [
            t
            for p in _children(pobj, "prep")
            if p.lower_ == "of"
            for t in _children(p, "pobj")
            if t.pos_ == "PROPN"
        ]
        for name in names:
            span = pobj.doc[min(t.i for t in name.subtree) : name.i + 1]
            loc = lookup_place(span.text)
            if loc is not None:
                break
    if loc is None or not loc.country or loc.country in exclude:
        return None
    actor = lookup_actor(loc.country)
    if actor is None:
        return None
    named = [t for t in toks if loc.name.lower().startswith(t.lower_) or t.lower_ in loc.name.lower()]
    first, last = (named[0], named[-1]) if named else (toks[0], toks[-1])
    actor.text = pobj.doc[first.i : last.i + 1].text
    return ActorMention(
        start=first.i,
        end=last.i + 1,
        text=actor.text,
        actor=actor,
        head=pobj.i,
        confidence=PLACE_MENTION_CONFIDENCE,
        how="place",
    )


def _prep_candidates(
    verb: Token, index: MentionIndex, plover_type: str, extra: Sequence[Token]
) -> Iterable[tuple[list[ActorMention], float]]:
    """Targets in the phrases of the type's target prepositions on the verb (or its object), and one further."""
    preps = TARGET_PREPS.get(plover_type, TARGET_PREPS["*"])
    # the object may be the event itself with the target in its own phrase ("carried out strikes on X")
    objects = _children(verb, "dobj")
    for tok in (verb, *extra, *objects):
        for prep in _children(tok, "prep", "prt"):
            if prep.lower_ not in preps:
                continue
            for pobj in _children(prep, "pobj"):
                yield phrase_actors(pobj, index), ROLE_DIRECT if index.at(pobj) else ROLE_PHRASE
    # one phrase further: "signed a memorandum of understanding with X", "spoke by telephone with X"
    for tok in (verb, *objects):
        for prep in _children(tok, "prep"):
            if prep.lower_ in PLACE_PREPS:
                continue
            for pobj in _children(prep, "pobj"):
                for inner in _children(pobj, "prep"):
                    if inner.lower_ in preps and (
                        inner.lower_ in NESTED_TARGET_PREPS
                        or (plover_type in ("FIGHT", "ASSAULT") and inner.lower_ in ("on", "at"))
                    ):  # "responded with artillery fire on Pakistani posts"
                        for obj in _children(inner, "pobj"):
                            yield phrase_actors(obj, index), ROLE_PHRASE


def _inquiry_candidates(verb: Token, index: MentionIndex) -> Iterable[tuple[list[ActorMention], float]]:
    """Targets of an inquiry or a case the verb's object names: the one it is into, against or of."""
    # "dropped its investigation into a rape allegation against Julian Assange", "opened a case against X": the one
    # an inquiry or a case is about
    for obj in _children(verb, "dobj"):
        if obj.lemma_.lower() not in INQUIRY_NOUNS:
            continue
        # the parser may hang "into ..." on the verb ("dropped its investigation | into ...")
        about = [
            c for h in (obj, verb) for c in h.children if c.dep_ == "prep" and c.lower_ in ("into", "against")
        ]
        about += [c for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"]
        for prep in about:
            for pobj in _children(prep, "pobj"):
                yield phrase_actors(pobj, index), ROLE_PHRASE
                for inner in (c for c in pobj.children if c.dep_ == "prep" and c.lower_ in ("against", "of")):
                    for obj2 in _children(inner, "pobj"):
                        yield phrase_actors(obj2, index), ROLE_PHRASE * ROLE_PHRASE


def _target_candidates(
    verb: Token, index: MentionIndex, plover_type: str, extra: Sequence[Token]
) -> Iterable[tuple[list[ActorMention], float]]:
    noun = verb.head.head if verb.dep_ == "conj" else verb.head
    if reduced_relative(verb) and noun.pos_ in ("NOUN", "PROPN") and not _stance_participle(verb):
        # "ten Russian soldiers killed in Ukraine": the noun a past participle describes suffered the act (not
        # "the announcement that X and Y had reached a deal": a clause of its own)
        yield phrase_actors(noun, index), ROLE_PHRASE
    if is_passive(verb) and verb.lemma_.lower() not in STATIVE_PASSIVES:
        for subj in _children(verb, "nsubjpass", *(("nsubj",) if passive_small_clause(verb) else ())):
            if subj.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                if _counted(verb.head):
                    continue  # "bringing to 10 the number of Israelis who have been killed": a tally, no act
                subj = verb.head  # "Simpson, who is accused of fatally shooting Flynn": Simpson
            yield phrase_actors(subj, index), ROLE_DIRECT
    if passive_adjunct(verb):
        yield controller(verb, index), ROLE_PHRASE
    for obj in _children(verb, "dobj", "dative", "iobj", "attr", "oprd"):
        stance = _stance_complement(obj)
        if stance is not None:
            yield _nearest_actors(stance, index), ROLE_PHRASE
            continue
        # "its troops" is the subject's own; "his Iranian counterpart" names someone else
        if not _own(obj) or any(c.ent_type_ in COUNTRY_ENTS for c in obj.children):
            yield phrase_actors(obj, index), ROLE_DIRECT if index.at(obj) else ROLE_PHRASE
    for small in _children(verb, "ccomp"):
        if small.pos_ == "ADJ":
            # "to find him guilty" parsed with "him" as the subject of "guilty": the one found guilty
            for subj in _children(small, "nsubj"):
                yield phrase_actors(subj, index), ROLE_PHRASE
    if (named := _what_named(verb)) is not None:
        # "struck what security officials described as hideouts of the TTP": the thing named (or whose it is) is
        # what was struck
        yield phrase_actors(named, index), ROLE_PHRASE
        for of in _children(named, "prep"):
            if of.lower_ == "of":
                for pobj in _children(of, "pobj"):
                    yield phrase_actors(pobj, index), ROLE_PHRASE
    yield from _prep_candidates(verb, index, plover_type, extra)
    yield from _inquiry_candidates(verb, index)
    if verb.lemma_.lower() in TAKING_PART:
        # "policemen involved in the shooting of a teenager": the victims of the attack they took part in
        for prep in _children(verb, "prep"):
            for noun in _children(prep, "pobj"):
                if noun.lemma_.lower() in HARM_NOUNS:
                    yield [m for m in index.mentions if done_to(noun, m)], ROLE_PHRASE
    # "demanded that X ...", "urged that X ...", "a reminder to X that it must ...": the demanded action's subject;
    # "examining whether X breached ...": the one investigated
    if plover_type in ("DEMAND", "INVESTIGATE"):
        for holder in (verb, *_children(verb, "dobj")):
            for comp in _children(holder, "xcomp", "ccomp", "acl"):
                for subj in _children(comp, "nsubj"):
                    yield phrase_actors(subj, index), ROLE_PHRASE


# Nouns that count people rather than name them: "the number of Israelis who have been killed".
TALLY_NOUNS = frozenset({"number", "total", "tally", "toll", "count"})


def _counted(noun: Token) -> bool:
    """The noun is what a tally counts ("the number of Israelis", "the toll of civilians")."""
    if noun.lemma_.lower() in TALLY_NOUNS:
        return True
    prep = noun.head
    return noun.dep_ == "pobj" and prep.lower_ == "of" and prep.head.lemma_.lower() in TALLY_NOUNS


def _what_named(verb: Token) -> Token | None:
    """The noun a free relative object names: "struck what officials described as hideouts of the TTP" (hideouts),
    "hit what Israel called Hezbollah sites" (sites), "shelled what it said were militant positions" (positions)."""
    following = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if following is None or following.lower_ != "what":
        return None
    clauses = list(_children(verb, "ccomp"))
    clauses += [inner for c in clauses for inner in _children(c, "ccomp")]
    for clause in clauses:
        for c in clause.children:
            if c.dep_ in ("oprd", "attr"):
                return c
            if c.dep_ == "prep" and c.lower_ == "as":
                return next(iter(_children(c, "pobj")), None)
    return None


# A restated stance ("reaffirmed Pakistan's commitment to deepen ties with Russia", "expressed China's readiness to
# help Afghanistan", "reiterated its support for Kyiv"): the possessor holds the stance, the speaker's own side; the
# one it is for is named in the noun's complement.
STANCE_NOUNS = frozenset(
    {
        "commitment",
        "support",
        "readiness",
        "willingness",
        "determination",
        "resolve",
        "desire",
        "intention",
        "interest",
        "solidarity",
        "pledge",
        "position",
        "stance",
        "opposition",
        "eagerness",
        "keenness",
        "wish",
    }
)
STATING_VERBS = frozenset(
    {
        "reaffirm",
        "reiterate",
        "express",
        "confirm",
        "affirm",
        "underline",
        "underscore",
        "stress",
        "emphasise",
        "emphasize",
        "voice",
        "restate",
        "convey",
        "renew",
    }
)


def _stance_complement(obj: Token) -> list[Token] | None:
    """The complement of a stance noun that a stating verb restates with its holder named ("Pakistan's
    commitment [to deepen ties with Russia]"); None when ``obj`` is no such stance."""
    if obj.head.lemma_.lower() not in STATING_VERBS or obj.lemma_.lower() not in STANCE_NOUNS:
        return None
    if not any(c.dep_ == "poss" for c in obj.children):
        return None
    return [c for c in obj.children if c.dep_ in ("prep", "acl")]


def _nearest_actors(roots: list[Token], index: MentionIndex, depth: int = 4) -> list[ActorMention]:
    """The informative actors nearest below ``roots`` in the parse, clauses included."""
    frontier = roots
    for _ in range(depth):
        hits = [m for t in frontier for m in index.at(t) if informative(m)]
        if hits:
            return _unique(hits)
        frontier = [c for t in frontier for c in t.children]
    return []


# Nouns of an inquiry or a case: what they are into or against names the one they are about.
INQUIRY_NOUNS = frozenset(
    {
        "investigation",
        "inquiry",
        "probe",
        "case",
        "charge",
        "charges",
        "prosecution",
        "lawsuit",
        "suit",
        "complaint",
    }
)

# Event nouns whose possessor is the one the act is done to ("Assange's arrest", "Navalny's detention", "his
# release", "Khashoggi's killing"), not the one who does it ("Israel's strikes").
PATIENT_NOUNS = frozenset(
    {
        "arrest",
        "detention",
        "release",
        "killing",
        "murder",
        "assassination",
        "kidnapping",
        "abduction",
        "execution",
        "trial",
        "conviction",
        "sentencing",
        "deportation",
        "extradition",
        "expulsion",
        "capture",
        "torture",
        "imprisonment",
        "jailing",
        "indictment",
        "prosecution",
        "rescue",
    }
)


def _patient_possessor(noun: Token) -> Token | None:
    if noun.lemma_.lower() not in PATIENT_NOUNS:
        return None
    return next((c for c in noun.children if c.dep_ == "poss" and c.i < noun.i), None)


# Verbs whose passive agent is the doer of the act that is their subject ("the attack was carried out by X").
PERPETRATION_VERBS = frozenset(
    {
        "carry",
        "conduct",
        "launch",
        "stage",
        "mount",
        "perpetrate",
        "commit",
        "undertake",
        "claim",
        "orchestrate",
    }
)


def noun_source(noun: Token, index: MentionIndex) -> tuple[list[ActorMention], float]:
    """Source of a nominal event from inside its phrase: possessor, demonym/compound, or "by X"."""
    patient = _patient_possessor(noun)
    for child in noun.children:
        if patient is not None and child.i == patient.i:
            continue
        if child.dep_ in ("poss", "compound", "amod", "nmod") and child.i < noun.i:
            found = index.in_phrase(child, depth=1)
            if found:
                return _unique(found), ROLE_PHRASE
    carrier = (
        noun.head if noun.dep_ == "nsubjpass" and noun.head.lemma_.lower() in PERPETRATION_VERBS else None
    )
    # "the attack ... was undertaken by an Afghan national": the agent of the verb that carried it out
    for prep in (
        *_children(noun, "prep", "agent"),
        *(_children(carrier, "agent") if carrier is not None else ()),
    ):
        if prep.lower_ == "by":
            for pobj in _children(prep, "pobj"):
                found = phrase_actors(pobj, index)
                if found:
                    return found, ROLE_DIRECT
    charged = _charged_one(noun)
    found = phrase_actors(charged, index) if charged is not None else []
    return (found, ROLE_PHRASE) if found else ([], 0.0)


# Verbs and adjectives whose "with"/"of"/"in"/"for" phrase names the act of the one they hold to account ("charged
# with the shooting of her co-workers", "accused of the murder", "arrested in the killing", "guilty of the attack").
CHARGE_HEADS = frozenset(
    {
        "charge",
        "accuse",
        "convict",
        "suspect",
        "indict",
        "arrest",
        "sentence",
        "jail",
        "imprison",
        "try",
        "guilty",
        "acquit",
        "arraign",
        "prosecute",
        "detain",
        "blame",
        "question",
        "hold",
    }
)
CHARGE_PREPS = frozenset({"with", "of", "in", "for", "on", "over"})
RELATIVE_PRONOUNS = frozenset({"who", "that", "which", "whom"})


def _charged_one(noun: Token) -> Token | None:
    """The one held to account for a nominal act named as the charge: "Hiller, who has been arrested and charged
    with the Kraft shooting of her co-workers" (Hiller), "police charged him with the murder" (him), "the man
    accused of the killing" (the man), "was found guilty of the attack" (the subject)."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in CHARGE_PREPS or prep.head is prep:
        return None
    head = prep.head
    if head.lemma_.lower() not in CHARGE_HEADS:
        return None
    if head.pos_ == "ADJ":  # "guilty of": the subject of the clause it completes
        head = head.head
    if not is_passive(head) and head.dep_ != "acl":
        # "police charged him with the murder": the object; "he is guilty of the attack": the copula's subject
        deps = ("nsubj",) if head.lemma_.lower() == "be" else ("dobj",)
        return next(iter(_children(head, *deps)), None)
    holder = head
    while holder.dep_ == "conj" and not _children(holder, "nsubjpass"):
        holder = holder.head
    if holder.dep_ == "acl" and holder.head.pos_ in ("NOUN", "PROPN"):
        return holder.head  # "the man accused of the killing"
    subj = next(iter(_children(holder, "nsubjpass", "nsubj")), None)
    if subj is not None and subj.lower_ in RELATIVE_PRONOUNS and holder.dep_ == "relcl":
        return holder.head  # "Hiller, who has been charged with ..."
    return subj


def between_pair(tok: Token, index: MentionIndex) -> list[ActorMention]:
    """Actors of a "between X and Y" / "among X, Y" phrase on this token (reciprocal events)."""
    for prep in _children(tok, "prep"):
        if prep.lower_ in ("between", "among"):
            for pobj in _children(prep, "pobj"):
                found = phrase_actors(pobj, index)
                if len(found) >= 2:
                    return found
    return []


def condition_subject(
    heads: Sequence[Token], index: MentionIndex, exclude: frozenset[str] = frozenset()
) -> list[ActorMention]:
    """The subject of an "if"/"unless" clause on any of the given verbs ("... unless Baghdad accepts")."""
    from .modality import cues

    marks = cues()["condition"]
    for head in heads:
        for clause in _children(head, "advcl"):
            if not any(m.dep_ == "mark" and m.lower_ in marks for m in clause.children):
                continue
            for subj in _children(clause, "nsubj", "nsubjpass"):
                found = [
                    m for m in phrase_actors(subj, index) if actor_key(m) not in exclude and informative(m)
                ]
                if found:
                    return found
    return []


def noun_targets(
    noun: Token, index: MentionIndex, plover_type: str, exclude: frozenset[str] = frozenset()
) -> tuple[list[ActorMention], float]:
    """Target of a nominal event: the object of a preposition it governs ("strikes on X", "talks with X")."""
    preps = TARGET_PREPS.get(plover_type, TARGET_PREPS["*"]) | {"against", "on"}

    def candidates() -> Iterable[tuple[list[ActorMention], float]]:
        patient = _patient_possessor(noun)
        if patient is not None:
            yield index.in_phrase(patient, depth=1), ROLE_PHRASE
        for prep in _children(noun, "prep"):
            if prep.lower_ in preps:
                for pobj in _children(prep, "pobj"):
                    yield phrase_actors(pobj, index), ROLE_DIRECT if index.at(pobj) else ROLE_PHRASE
        yield from _patient_of(noun, index)
        if noun.lemma_.lower() in HARM_NOUNS:
            # "the murder of his mother and sister": the victims of an attack noun (``done_to``)
            for prep in _children(noun, "prep"):
                if prep.lower_ == "of":
                    for pobj in _children(prep, "pobj"):
                        yield phrase_actors(pobj, index), ROLE_PHRASE

    return _best(candidates(), exclude)


def _patient_of(noun: Token, index: MentionIndex) -> Iterable[tuple[list[ActorMention], float]]:
    """With its agent named by "by", an event noun's "of" phrase is its patient: "the killing of a boy by police",
    and "the killing by police of a boy" (the parser hangs the "of" phrase on the agent)."""
    agents = [
        pobj
        for prep in _children(noun, "prep", "agent")
        if prep.lower_ == "by"
        for pobj in _children(prep, "pobj")
    ]
    if not agents:
        return
    for holder in (noun, *agents):
        for prep in _children(holder, "prep"):
            if prep.lower_ == "of":
                for pobj in _children(prep, "pobj"):
                    yield phrase_actors(pobj, index), ROLE_PHRASE

"""Modality of a coded event: asserted | denied | intended | historical | hypothetical.

PLOVER's auxiliary modes (manual 2.0, "Auxiliary modes": historical, future, hypothetical, negation) read from the
dependency parse around the trigger, with the cue words of ``data/modality_cues.tsv``:

* **denied**: the trigger or the verb that carries it is negated ("did not attack", "no talks were held",
  "failed to reach").
* **intended**: a future or an intention ("will hold", "is to visit", "plans to", "agreed to expand", "is expected
  to sign", "the next session", a date after publication).
* **hypothetical**: a possibility or a condition ("could retaliate", "may impose", "if X attacks", "considering
  sanctions"). "would" under a past reporting verb ("said it would provide aid") is a reported future: intended.
* **historical**: a date well before the article's time frame (``DateResolution.historical``: "in 2012 the
  Taliban shot Malala", "the TTP was formed in 2007").
* **asserted** otherwise. "Threatened to attack" is THREATEN *asserted*: the complement of a threat, demand, or
  agreement is absorbed into that event, so its own markers never reach here.

``read_modality`` also reports a *refusal*: a negated future/modal action ("said it would not provide support",
"will not attend") or a failed one ("failed to reach agreement"); the coder turns refused cooperative actions into
REJECT (see ``data/intent_map.tsv``) and leaves the others denied.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA = Path(__file__).with_name("data")

# How many governing verbs up the xcomp/ccomp chain a cue may sit ("is expected to begin talks" is two levels).
MAX_CHAIN = 3

# Years before the publication year from which a dated event is background history, not news: "last year" or
# "in 2024" in a 2025 article is recent and keeps its own date; "in 2012" or "in 2023" is history.
HISTORICAL_YEARS = 2

# Nouns whose infinitive is an act that was carried out, even if it failed ("an attempt to kill").
ATTEMPT_NOUNS = frozenset({"attempt", "bid", "effort"})

# Verbal tags of the past tense: a past reporting verb turns "would" into a reported future.
PAST_TAGS = frozenset({"VBD", "VBN"})


@dataclass(frozen=True, slots=True)
class ModalityReading:
    """What the parse says about the trigger's reality."""

    modality: str  # asserted | denied | intended | historical | hypothetical
    refused: bool = False  # a negated intention/modal or a failed action: cooperative ones become REJECT
    conditional: bool = False  # carries an "if"/"unless" clause: a conditional conflictual action is a threat
    from_date: bool = False  # decided by the date alone (no word in the sentence): never changes the type
    cue: str | None = None  # the word that decided it


@lru_cache(maxsize=1)
def cues() -> dict[str, frozenset[str]]:
    """Cue kind -> words, from modality_cues.tsv."""
    with (DATA / "modality_cues.tsv").open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    out: dict[str, set[str]] = {}
    for r in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE):
        out.setdefault(r["kind"], set()).add(r["cue"])
    return {k: frozenset(v) for k, v in out.items()}


def _lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def verb_chain(verb: Token) -> list[Token]:
    """The verb and the verbs governing it through open/clausal complements, nearest first."""
    chain = [verb]
    cur = verb
    for _ in range(MAX_CHAIN):
        if cur.dep_ in ("xcomp", "ccomp", "acomp") or (
            cur.dep_ == "conj" and cur.head.pos_ in ("VERB", "AUX") and not _own_clause(cur)
        ):
            cur = cur.head
            chain.append(cur)
        elif cur.dep_ == "pcomp" and cur.head.lower_ == "by" and cur.head.head.pos_ in ("VERB", "AUX"):
            # the means of an action shares its modality: "could retaliate by expelling a diplomat"
            cur = cur.head.head
            chain.append(cur)
        else:
            break
    return chain


def _own_clause(verb: Token) -> bool:
    """A coordinated verb with its own subject and an auxiliary or a tense of its own is a clause of its own, out of
    the first one's negation or modal ("the world will not sit by ... where close to a million people were
    massacred", misparsed as "sit ... and were massacred"; "the military did not comment, but an official said
    ...")."""
    deps = {c.dep_ for c in verb.children}
    return bool(deps & {"nsubj", "nsubjpass"}) and (
        bool(deps & {"aux", "auxpass"}) or verb.tag_ in FINITE_TAGS
    )


# Tags of a verb with a tense of its own.
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP"})


def _not_until(verb: Token) -> bool:
    """The cleft "it was not until X that ...": a time, not a negation of what follows."""
    return verb.lemma_.lower() == "be" and any(
        c.dep_ == "prep" and c.lower_ == "until" for c in verb.children
    )


def _negated(tok: Token) -> str | None:
    c = cues()
    if tok.pos_ in ("VERB", "AUX"):
        for obj in tok.children:
            if obj.dep_ == "dobj" and any(d.dep_ == "det" and d.lower_ == "no" for d in obj.children):
                return "no"  # "reached no formal agreement", "made no arrests": the act did not happen
    for child in tok.children:
        if child.dep_ == "neg" or (child.dep_ in ("det", "advmod") and child.lower_ in ("no", "never")):
            return child.lower_
        if child.dep_ == "neg" or (child.lower_ in c["negation"] and child.dep_ in ("neg", "advmod", "det")):
            return child.lower_
    return None


def _has_aux(tok: Token, words: frozenset[str]) -> str | None:
    for child in tok.children:
        if child.dep_ in ("aux", "auxpass") and (child.lower_ in words or _lemma(child) in words):
            return child.lower_
    return None


def _is_to_be(verb: Token) -> bool:
    """ "is to visit", "are to meet": a scheduled future (be + to-infinitive)."""
    head = verb.head
    return (
        verb.dep_ == "xcomp"
        and _lemma(head) == "be"
        and any(c.lower_ == "to" and c.dep_ == "aux" for c in verb.children)
    )


def _under_past_report(verb: Token) -> bool:
    c = cues()
    cur = verb
    for _ in range(MAX_CHAIN):
        if cur.dep_ not in ("ccomp", "xcomp", "conj") or cur.head is cur:
            return False
        cur = cur.head
        if _lemma(cur) in c["report"] and cur.tag_ in PAST_TAGS:
            return True
    return False


def _purpose(verb: Token) -> str | None:
    """ "... expanded outreach to rebuild trade routes": an infinitive of purpose is an aim, not an event."""
    if verb.dep_ == "acl" and verb.head.lemma_.lower() in ATTEMPT_NOUNS:
        return None  # "an attempt to assassinate X was thwarted": the attempt took place
    if verb.head.lemma_.lower() == "take" and any(
        c.dep_ in ("dobj", "npadvmod") and c.lemma_.lower() in TIME_NOUNS for c in verb.head.children
    ):
        return None  # "the jury took just 15 minutes to find him guilty": it took that long, and it was done
    if _made_to(verb):
        return None  # "persuaded a suspect to surrender", "forced the gunman to drop his weapon": it was done
    if verb.dep_ in ("advcl", "acl", "relcl") and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children
    ):
        return "to"
    return None


# Verbs of making someone act that report the act as done when they are in the past ("persuaded him to
# surrender": he surrendered), unlike asking or urging.
IMPLICATIVE_VERBS = frozenset({"persuade", "convince", "force", "compel", "coerce", "pressure", "get"})


def _supposed_purpose(verb: Token, c: dict[str, frozenset[str]]) -> str | None:
    """The modal of the act a purpose serves, when that act is itself only possible ("retaliation could come in the
    way of attacks to target security forces"): the purpose is as speculative as its act. A reported future ("said
    it would send troops to help") is a plan, not a modal."""
    governor = verb.head.head if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") else verb.head
    if governor is verb:
        return None
    for v in verb_chain(governor) if governor.pos_ in ("VERB", "AUX") else [governor]:
        modal = _has_aux(v, c["modal"])
        if modal and not (modal == "would" and _under_past_report(v)):
            return modal
    return None


def _made_to(verb: Token) -> bool:
    """An infinitive the parser hangs on the object ("acl") or on the verb ("advcl") of a past verb of making
    someone act."""
    maker = verb.head.head if verb.dep_ == "acl" and verb.head.dep_ == "dobj" else verb.head
    if verb.dep_ not in ("acl", "advcl") or maker is verb:
        return False
    return _lemma(maker) in IMPLICATIVE_VERBS and maker.tag_ in PAST_TAGS


# Lengths of time a verb "takes" ("took 15 minutes to ...").
TIME_NOUNS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "while", "time"})


def _conditions_main(verb: Token) -> str | None:
    """ "X will strike if Y attacks": the clause carries a condition (the threat form of CAMEO 13)."""
    c = cues()
    for child in verb.children:
        if child.dep_ == "advcl" and any(
            m.dep_ == "mark" and m.lower_ in c["condition"] for m in child.children
        ):
            return next(m.lower_ for m in child.children if m.dep_ == "mark" and m.lower_ in c["condition"])
    return None


# Subordinators of a time clause: what it tells happened, whatever the clause it depends on supposes ("whether he
# knew ... before he killed him could make a difference": the killing is a fact).
TEMPORAL_MARKS = frozenset({"before", "after", "when", "since", "while", "as"})


def _conditional(verb: Token) -> str | None:
    c = cues()
    cur = verb
    for _ in range(MAX_CHAIN + 1):
        for child in cur.children:
            if child.dep_ == "mark" and child.lower_ in c["condition"]:
                return child.lower_
        if cur.dep_ == "advcl" and any(
            ch.dep_ == "mark" and ch.lower_ in TEMPORAL_MARKS for ch in cur.children
        ):
            break
        if cur.dep_ in ("advcl", "ccomp", "xcomp", "conj") and cur.head is not cur:
            cur = cur.head
        else:
            break
    return None


def years_back(date: Any, published: str | None) -> int:
    """Whole years between the event date and the publication date (a decade expression counts as far)."""
    value = getattr(date, "date", None)
    if not value or not published:
        return HISTORICAL_YEARS
    try:
        return int(published[:4]) - int(str(value)[:4])
    except ValueError:
        return HISTORICAL_YEARS


def read_modality(
    trigger: Token, verb: Token | None = None, *, date: Any = None, published: str | None = None
) -> ModalityReading:
    """Modality of the event triggered by ``trigger`` (a verb, or a noun carried by ``verb``).

    ``date`` is the event's ``eventwire.dates.DateResolution`` (or None); its ``historical``/``future`` flags count
    when the text itself holds no stronger cue. ``published`` (ISO) sets the article's time frame: a date
    HISTORICAL_YEARS or more before it is background history.
    """
    c = cues()
    head = verb if verb is not None else trigger
    chain = verb_chain(head) if head.pos_ in ("VERB", "AUX") else [head]

    negation, fail = _negation_and_failure(trigger, head, chain, c)
    future, modal = _future_and_modal(trigger, chain, c)
    if modal == "would" and _under_past_report(head):
        future, modal = future or "would", None
    condition = _conditional(head)
    threat_form = bool(_conditions_main(head))
    purpose = _purpose(head)

    if negation or fail:
        # a refusal when the negated action lies ahead or was failed; the coder turns refused cooperative
        # actions into REJECT and keeps "denied" for the rest
        return ModalityReading("denied", refused=bool(future or modal or fail), cue=negation or fail)
    if condition:
        return ModalityReading("hypothetical", cue=condition)
    if purpose and not future:
        return ModalityReading("hypothetical", cue=_supposed_purpose(head, c) or purpose)
    if modal:
        return ModalityReading("hypothetical", cue=modal, conditional=threat_form)
    if future:
        return ModalityReading("intended", cue=future, conditional=threat_form)
    return _date_reading(head, date, published) or ModalityReading("asserted")


def pluperfect(verb: Token, date: Any = None) -> bool:
    """ "Nichols had offered to plead guilty ... but prosecutors had refused": the past perfect of a sentence's own
    main clause tells what came before the story's events, background. Not under a reporting verb ("police said
    the man had fired": the news backshifted), nor in a time clause ("after police had arrested him"), nor with a
    written date (which decides), a time counted from the story's own ("had met on Saturday") or a "by" time ("by
    Sunday, Russian forces had captured the town", "by the end, 46 people had been arrested": done by the story's
    own time)."""
    if verb.tag_ != "VBN" or not any(c.dep_ == "aux" and c.lower_ == "had" for c in verb.children):
        return False
    from ..dates import names_recent_time

    if getattr(date, "source", None) == "text" or names_recent_time(verb.doc.text):
        return False
    if verb.doc[0].lower_ == "by" or any(c.dep_ == "prep" and c.lower_ == "by" for c in verb.children):
        return False
    cur = verb
    while cur.dep_ == "conj" and cur.head is not cur:
        cur = cur.head
    if cur.dep_ != "ROOT" or _lemma(cur) in cues()["report"]:
        return False
    if any(c.dep_ == "ccomp" and _lemma(c) in cues()["report"] for c in cur.children):
        return False
    return True


def _negation_and_failure(
    trigger: Token, head: Token, chain: list[Token], c: dict[str, frozenset[str]]
) -> tuple[str | None, str | None]:
    """The negation cue of the trigger or its verb chain, and the failure verb ("failed to") above the head."""
    negation = _negated(trigger) if trigger is not head else None
    fail = None
    for v in chain:
        if v is not head and _not_until(v):
            continue  # "it wasn't until 1997 that a jury agreed": the jury did agree, in 1997
        negation = negation or _negated(v)
        if v is not head and _lemma(v) in c["fail"]:
            fail = _lemma(v)
    return negation, fail


def _future_and_modal(
    trigger: Token, chain: list[Token], c: dict[str, frozenset[str]]
) -> tuple[str | None, str | None]:
    """The future cue (auxiliary, "is to", intention verb, future adjective of a noun) and the modal cue
    (modal auxiliary, hypothetical verb) of the verb chain."""
    future = None
    modal = None
    for depth, v in enumerate(chain):
        future = future or _has_aux(v, c["future_aux"])
        if _is_to_be(v):
            future = future or "is to"
        m = _has_aux(v, c["modal"])
        if m and modal is None:
            modal = m
        # a verb of intending or supposing governs what it complements, not a verb coordinated with it ("set up
        # burning barricades and attacked police": the attack is no plan)
        governs = depth > 0 and chain[depth - 1].dep_ != "conj"
        if governs and (_lemma(v) in c["intend"] or v.lower_ in c["intend"]):
            future = future or _lemma(v)
        if governs and (_lemma(v) in c["hypo"] or v.lower_ in c["hypo"]) and not _achieved(v):
            modal = modal or _lemma(v)
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ in ("amod", "compound", "det") and (child.lower_ in c["future_adj"]):
                future = future or child.lower_
    return future, modal


def _achieved(v: Token) -> bool:
    """ "were able to apprehend", "was able to escape": an ability in the past tense reports the act as done."""
    if _lemma(v) != "able":
        return False
    be = [ch for ch in v.children if ch.dep_ in ("cop", "aux", "auxpass")]
    if v.dep_ == "acomp":  # "were" is the head of "able" in spaCy's parse
        be.append(v.head)
    negated = any(t.dep_ == "neg" for b in [v, *be] for t in b.children)
    return not negated and any(b.tag_ == "VBD" for b in be)


def _date_reading(head: Token, date: Any, published: str | None) -> ModalityReading | None:
    """The reading the event's date gives when the text holds no cue: historical or intended, else None."""
    if (
        date is not None
        and getattr(date, "historical", False)
        # a day or month far enough back is background in any year; a bare year only two or more years back
        and (
            getattr(date, "precision", None) in ("day", "month")
            or years_back(date, published) >= HISTORICAL_YEARS
        )
    ):
        return ModalityReading("historical", cue=getattr(date, "expression", None), from_date=True)
    if date is not None and getattr(date, "future", False) and head.tag_ not in PAST_TAGS:
        # a past-tense verb with a date after publication means the publication date is wrong ("dates lie"):
        # the grammar wins
        return ModalityReading("intended", cue=getattr(date, "expression", None), from_date=True)
    return None

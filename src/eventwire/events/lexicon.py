"""The trigger lexicon: which words (and phrases around them) make an event, and which CAMEO code they carry.

Two data files feed it (see ``data/SOURCES.md``):

* ``lexicon_cameo.tsv``: the PETRARCH-2 CAMEO verb dictionary, flattened by ``build_data.py``: verb blocks, each
  with its verbs (lemma, particle, default code) and phrase patterns ("- * SANCTIONS [163]").
* ``lexicon_curated.tsv``: our entries for modern news phrasing: nominal events ("air strikes", "talks",
  "ceasefire"), light-verb constructions, and corrected defaults for frequent verbs whose PETRARCH default does not
  fit PLOVER. Curated senses win over PETRARCH senses of the same specificity.

A pattern is a list of *slots* that must be found, in order, before (``pre``) or after (``post``) the trigger in
its clause; a slot lists alternative word sequences. ``match_trigger`` picks the most specific matching pattern,
falling back to the trigger's default code. The lexicon also gives the cheap pre-parse check ``may_hold_event``:
does a sentence contain any word form that can trigger an event at all.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

from .mapping import plover_for

DATA = Path(__file__).with_name("data")

Slot = tuple[tuple[str, ...], ...]  # alternatives; each alternative is a sequence of words

# Most tokens a pattern may skip before its first slot and between consecutive slots. PETRARCH patterns are
# phrases with optional words (determiners, adjectives, the target actor) in between; allowing any distance
# over a 30-token window let "praised ... partner" or "said ... agreement" match far-away words.
MAX_GAP = 5

# Specificity bonus of curated patterns over PETRARCH patterns: larger than any PETRARCH pattern length, so a
# matching curated phrase always wins. Curated entries were written for PLOVER categories; PETRARCH patterns for
# CAMEO codes, and shared by every verb of a synonym block ("blow up powers" was coded as criticism).
CURATED_BONUS = 10.0

_WORD = re.compile(r"[a-z][a-z'\-]*")

# Verbs that code an event through a construction of the coder rather than a lexicon pattern ("captured Mosul":
# a named place as object), so the pre-parse filter must keep their sentences.
CONSTRUCTION_LEMMAS = frozenset({"capture", "seize", "overrun", "retake", "recapture", "occupy"})

# Words that make a pattern "preposition-only" ("- * (ON)" in the CALL block means "call on"): such a pattern
# is weak evidence and may only match a preposition or particle attached to the trigger itself.
PREPOSITIONS = frozenset({
    "to", "on", "upon", "for", "with", "against", "at", "from", "into", "onto", "over", "of", "in", "by", "about",
    "toward", "towards", "off", "out", "up", "down", "back", "away", "through", "under", "after", "before",
    "between", "among", "across", "around", "behind", "within", "without", "near", "along", "as",
})  # fmt: skip


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("ses") or word.endswith("xes") or word.endswith("ches") or word.endswith("shes"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@dataclass(frozen=True, slots=True)
class Pattern:
    """One way a trigger codes an event: words that must surround it, and what they code."""

    pre: tuple[Slot, ...]
    post: tuple[Slot, ...]
    code: str  # CAMEO code, or "---" for a blocking pattern that codes nothing
    reverse: str | None = None  # CAMEO code of the reverse direction ("042:043")
    swap: bool = False  # the grammatical object is the source (":054")
    target: str | None = None  # where the dictionary marks the target: "obj" or a preposition
    plover: str | None = None  # explicit PLOVER type (curated rows); None = from the CAMEO mapping
    mode: str | None = None
    curated: bool = False
    note: str = ""
    # compiled at construction: each word as the set of forms it matches (word, singular), and per slot the
    # forms of the alternatives' first words (a cheap "can this slot match at all" test)
    pre_forms: tuple[tuple[tuple[frozenset[str], ...], ...], ...] = field(
        default=(), compare=False, repr=False
    )
    post_forms: tuple[tuple[tuple[frozenset[str], ...], ...], ...] = field(
        default=(), compare=False, repr=False
    )
    firsts: tuple[frozenset[str], ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        pre = _compile(self.pre)
        post = _compile(self.post)
        object.__setattr__(self, "pre_forms", pre)
        object.__setattr__(self, "post_forms", post)
        object.__setattr__(
            self, "firsts", tuple(frozenset().union(*(alt[0] for alt in slot)) for slot in pre + post)
        )

    @property
    def words(self) -> int:
        """How many words the pattern requires besides the trigger (its specificity)."""
        return sum(min(len(a) for a in slot) for slot in self.pre + self.post)

    @property
    def score(self) -> float:
        """Specificity used to pick the best matching pattern (curated phrases first, then longer ones)."""
        return self.words + (CURATED_BONUS if self.curated else 0.0)

    @property
    def prepositional(self) -> bool:
        """Whether every word of the pattern is a preposition ("call on", "sue for")."""
        slots = self.pre + self.post
        return bool(slots) and all(len(alt) == 1 and alt[0] in PREPOSITIONS for slot in slots for alt in slot)

    @property
    def weak(self) -> bool:
        """Preposition-only or subject-only ("- &MILITARY *"): such a PETRARCH pattern, shared by every verb of
        its block, loses to a curated default of the verb itself."""
        return not self.curated and (self.prepositional or (bool(self.pre) and not self.post))

    def event(self) -> tuple[str, str | None] | None:
        """PLOVER (type, mode) this pattern codes, or None when it codes no PLOVER event."""
        if self.code == "---":
            return None
        if self.plover:
            return self.plover, self.mode
        mapped = plover_for(self.code)
        if mapped is None:
            return None
        return mapped[0], self.mode or mapped[1]


@cache
def _forms(word: str) -> frozenset[str]:
    return frozenset({word, _singular(word)})


def _compile(slots: tuple[Slot, ...]) -> tuple[tuple[tuple[frozenset[str], ...], ...], ...]:
    return tuple(tuple(tuple(_forms(w) for w in alt) for alt in slot if alt) for slot in slots)


@dataclass(slots=True)
class Sense:
    """A trigger word (verb or noun lemma, with a particle for phrasal verbs) and its patterns."""

    lemma: str
    pos: str  # VERB | NOUN
    particle: tuple[str, ...] = ()
    default: Pattern | None = None
    patterns: list[Pattern] = field(default_factory=list)
    curated: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    """The lexicon's verdict for one trigger token."""

    sense: Sense
    pattern: Pattern
    matched: tuple[int, ...]  # token indices the pattern's words matched (particle included)


@dataclass(slots=True)
class Lexicon:
    """All senses, indexed by lemma and part of speech, plus the surface forms for the pre-parse filter."""

    verbs: dict[str, list[Sense]]
    nouns: dict[str, list[Sense]]
    forms: frozenset[str]  # surface forms (lower case) of every word that can trigger an event on its own
    anchored: dict[str, frozenset[str]]  # form -> words one of which must also occur for the form to trigger

    def senses(self, lemma: str, pos: str) -> list[Sense]:
        """Senses of a lemma for a coarse part of speech (VERB or NOUN)."""
        table = self.verbs if pos == "VERB" else self.nouns
        return table.get(lemma, [])


def _slot(text: str) -> Slot:
    return tuple(tuple(alt.split("_")) for alt in text.split("|") if alt)


def _slots(text: str) -> tuple[Slot, ...]:
    if text in ("", "-"):
        return ()
    return tuple(_slot(s) for s in text.split() if s)


def _code(raw: str) -> tuple[str, str | None, bool]:
    """'042:043' -> ('042', '043', False); ':054' -> ('054', None, True); '---' stays."""
    raw = raw.strip()
    if raw.startswith(":"):
        return raw[1:] or "---", None, True
    if ":" in raw:
        a, b = raw.split(":", 1)
        return a or "---", b or None, False
    return raw or "---", None, False


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


def _inflections(lemma: str) -> set[str]:
    """Regular English inflections of a verb or noun lemma (over-generation is harmless: it only widens the
    pre-parse filter)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _note_forms(form_lemmas: dict[str, set[str]], lemma: str, extra: Sequence[str] = ()) -> None:
    """Record a lemma's surface forms (inflections and listed irregular forms) for the pre-parse filter."""
    for f in _inflections(lemma) | set(extra):
        form_lemmas.setdefault(f, set()).add(lemma)


def _load_petrarch_senses(verbs: dict[str, list[Sense]], form_lemmas: dict[str, set[str]]) -> None:
    """Add the PETRARCH verb senses of lexicon_cameo.tsv: a block's verbs share the block's patterns."""
    block_verbs: dict[str, list[Sense]] = {}
    for r in _rows("lexicon_cameo.tsv"):
        code, rev, swap = _code(r["cameo"])
        if r["kind"] == "verb":
            particle = tuple(r["particle"].split()) if r["particle"] != "-" else ()
            sense = Sense(
                lemma=r["lemma"], pos="VERB", particle=particle, default=Pattern((), (), code, rev, swap)
            )
            verbs.setdefault(r["lemma"], []).append(sense)
            block_verbs.setdefault(r["block"], []).append(sense)
            _note_forms(form_lemmas, r["lemma"], r["forms"].split() if r["forms"] != "-" else ())
        else:
            pat = Pattern(
                _slots(r["pre"]),
                _slots(r["post"]),
                code,
                rev,
                swap,
                None if r["target"] == "-" else r["target"],
            )
            if not pat.pre and not pat.post:
                continue  # only actor markers ("- * + [0331]"): no words to match, it would fire on every use
            for block_sense in block_verbs.get(r["block"], []):
                block_sense.patterns.append(pat)


def _curated_pattern(r: dict[str, str]) -> Pattern:
    """The pattern of one lexicon_curated.tsv row; a row with the wrong number of columns raises ValueError."""
    if None in r.values() or None in r:
        raise ValueError(
            f"lexicon_curated.tsv: malformed row for {r.get('lemma')!r} (wrong number of columns)"
        )
    code, rev, swap = _code(r["cameo"])
    return Pattern(
        _slots(r["pre"]),
        _slots(r["post"]),
        code,
        rev,
        swap,
        None,
        None if r["plover_type"] == "-" else r["plover_type"],
        None if r["mode"] == "-" else r["mode"],
        curated=True,
        note=r["note"],
    )


def _load_curated_senses(
    verbs: dict[str, list[Sense]], nouns: dict[str, list[Sense]], form_lemmas: dict[str, set[str]]
) -> None:
    """Add the curated senses of lexicon_curated.tsv ahead of the PETRARCH ones (or instead of them)."""
    exclusive: set[tuple[str, str]] = set()  # curated lemmas whose PETRARCH senses are dropped
    for r in _rows("lexicon_curated.tsv"):
        pat = _curated_pattern(r)
        pos = r["pos"]
        table = verbs if pos == "VERB" else nouns
        particle = tuple(r["particle"].split()) if r["particle"] != "-" else ()
        senses = table.setdefault(r["lemma"], [])
        sense = next((s for s in senses if s.curated and s.particle == particle), None)
        if sense is None:
            sense = Sense(lemma=r["lemma"], pos=pos, particle=particle, curated=True)
            senses.insert(0, sense)
        if not pat.pre and not pat.post:
            sense.default = pat
        else:
            sense.patterns.append(pat)
        if r.get("petrarch") == "ignore":
            exclusive.add((pos, r["lemma"]))
        _note_forms(
            form_lemmas, r["lemma"], r["forms"].split() if r.get("forms", "-") not in ("-", "", None) else ()
        )
    for pos, lemma in exclusive:
        table = verbs if pos == "VERB" else nouns
        table[lemma] = [sn for sn in table[lemma] if sn.curated]


def _phrase_anchors(senses: list[Sense]) -> set[str]:
    """The first words of a lemma's event-coding phrases (patterns, phrasal defaults): one must occur."""
    anchors: set[str] = set()
    for sense in senses:
        particle = tuple((w,) for w in sense.particle)
        for pat in sense.patterns + ([sense.default] if sense.default and sense.particle else []):
            if pat.event() is None:
                continue
            slots = ((particle,) if particle else ()) + pat.post + pat.pre
            # the first slot that is not a preposition: "(TO) {PEACE TALKS}" anchors on "peace"
            anchor = next((sl for sl in slots if any(alt[0] not in PREPOSITIONS for alt in sl)), None)
            anchor = anchor or (slots[0] if slots else None)
            if anchor:
                anchors.update(alt[0] for alt in anchor)
    return anchors


def _prefilter(
    form_lemmas: dict[str, set[str]], verbs: dict[str, list[Sense]], nouns: dict[str, list[Sense]]
) -> tuple[frozenset[str], dict[str, frozenset[str]]]:
    """The pre-parse filter: the forms that trigger on their own, and the anchor words the other forms need.

    A form triggers on its own when the default its lemma falls back to (see match_trigger: curated senses
    first) codes an event; otherwise it needs one of the first words of its event-coding patterns somewhere in
    the sentence. Statement verbs ("said") only code "X said Y must ..." and their curated phrases of accusation.
    """
    from .modality import cues

    lemma_free: set[str] = set()
    lemma_anchors: dict[str, set[str]] = {}
    statements = cues()["statement"]
    for lemma in {lm for lms in form_lemmas.values() for lm in lms}:
        if lemma in statements:
            # "X said Y must ...", and the curated phrases of accusation ("says insurgents use Afghanistan as a
            # safe haven", "say Pakistan harbors militants")
            curated = [sn for sn in verbs.get(lemma, []) if sn.curated]
            lemma_anchors[lemma] = set(cues()["obligation"]) | _phrase_anchors(curated)
            continue
        senses = verbs.get(lemma, []) + nouns.get(lemma, [])
        plain = [sn for sn in senses if not sn.particle and sn.default is not None]
        plain.sort(key=lambda sn: not sn.curated)
        if plain and plain[0].default is not None and plain[0].default.event():
            lemma_free.add(lemma)
            continue
        anchors = _phrase_anchors(senses)
        if anchors:
            lemma_anchors[lemma] = anchors
    lemma_free |= CONSTRUCTION_LEMMAS
    free = {f for f, lms in form_lemmas.items() if not lms.isdisjoint(lemma_free)}
    anchored_final = {
        f: frozenset(set().union(*(lemma_anchors.get(lm, set()) for lm in lms)))
        for f, lms in form_lemmas.items()
        if f not in free and any(lm in lemma_anchors for lm in lms)
    }
    return frozenset(free), anchored_final


@lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """Load and index both lexicon files (once per process)."""
    verbs: dict[str, list[Sense]] = {}
    nouns: dict[str, list[Sense]] = {}
    form_lemmas: dict[str, set[str]] = {}
    _load_petrarch_senses(verbs, form_lemmas)
    _load_curated_senses(verbs, nouns, form_lemmas)
    free, anchored = _prefilter(form_lemmas, verbs, nouns)
    return Lexicon(verbs, nouns, free, anchored)


def may_hold_event(text: str, lexicon: Lexicon | None = None) -> bool:
    """Cheap pre-parse check: does the sentence contain a word form that can trigger an event?

    No parsing: a set lookup per word. A form whose lemma only codes events in phrases ("deny" codes only with
    an object such as "charges") also needs one of its phrase words somewhere in the sentence.
    """
    lex = lexicon or load_lexicon()
    words = _WORD.findall(text.lower())
    wordset = set(words)
    for w in words:
        if w in lex.forms:
            return True
        anchors = lex.anchored.get(w)
        if anchors and not anchors.isdisjoint(wordset):
            return True
    return False


# ----------------------------------------------------------------------------- pattern matching
# (token index, lower-case form, lemma, is_modifier); with is_modifier set the token cannot end a pattern
# phrase (callers decide where that applies).
Context = Sequence[tuple[int, str, str, bool]]


def _find_seq(alt: tuple[frozenset[str], ...], toks: Context, start: int) -> tuple[int, list[int]] | None:
    """Find the word sequence ``alt`` in ``toks`` within MAX_GAP tokens of ``start``."""
    n = len(alt)
    for i in range(start, min(len(toks) - n + 1, start + MAX_GAP + 1)):
        ok = not toks[i + n - 1][3]
        for k in range(n):
            if not ok:
                break
            _, low, lem, _mod = toks[i + k]
            if low not in alt[k] and lem not in alt[k]:
                ok = False
        if ok:
            return i + n, [toks[i + k][0] for k in range(n)]
    return None


def _match_compiled(
    slots: tuple[tuple[tuple[frozenset[str], ...], ...], ...], toks: Context
) -> list[int] | None:
    pos = 0
    hits: list[int] = []
    for slot in slots:
        best: tuple[int, list[int]] | None = None
        for alt in slot:
            found = _find_seq(alt, toks, pos)
            if found and (best is None or found[0] < best[0]):
                best = found
        if best is None:
            return None
        pos = best[0]
        hits.extend(best[1])
    return hits


def match_slots(slots: Sequence[Slot], toks: Context) -> list[int] | None:
    """Match slots in order within ``toks``, each within MAX_GAP tokens of the previous one; return the
    matched token indices, or None."""
    return _match_compiled(_compile(tuple(slots)), toks)


def match_trigger(
    senses: Sequence[Sense],
    left: Context,
    right: Context,
    attached: frozenset[int] = frozenset(),
) -> Match | None:
    """The best pattern of any sense given the trigger's left and right context (index, lower, lemma).

    The most specific matching pattern wins (curated ahead of PETRARCH at equal length); a sense whose particle
    is missing from the right context does not apply; with no pattern matching, the default of the first
    applicable sense (curated senses and phrasal senses come first) is used. A blocking pattern ("---") also
    wins: it means the dictionary knows this phrase and that it is not an event. ``attached`` lists the tokens
    that are prepositions/particles of the trigger itself: preposition-only patterns must match one of them,
    and a curated default beats a PETRARCH preposition-only pattern.
    """
    best: Match | None = None
    fallback: Match | None = None
    fallback_rank: tuple[int, int] = (-1, -1)
    best_post: list[int] = []
    words = {w for _, low, lem, _m in left for w in (low, lem)} | {
        w for _, low, lem, _m in right for w in (low, lem)
    }
    for sense in senses:
        matched_particle: list[int] = []
        if sense.particle:
            hit = match_slots([((w,),) for w in sense.particle], right[:3])
            if hit is None:
                continue
            matched_particle = hit
        for pat in sense.patterns:
            if best is not None and pat.score < best.pattern.score:
                continue
            found = _pattern_hits(pat, left, right, words, attached)
            if found is None:
                continue
            hits, post_hits = found
            if _beats(pat, post_hits, best, best_post):
                best = Match(sense, pat, tuple(matched_particle + hits))
                best_post = post_hits
        if sense.default is not None:
            rank = (1 if sense.particle else 0, 1 if sense.curated else 0)
            if rank > fallback_rank:
                fallback, fallback_rank = Match(sense, sense.default, tuple(matched_particle)), rank
    if best is not None and fallback is not None and _curated_default_wins(best, fallback):
        return fallback
    return best or fallback


def _pattern_hits(
    pat: Pattern, left: Context, right: Context, words: set[str], attached: frozenset[int]
) -> tuple[list[int], list[int]] | None:
    """The tokens a pattern matches around the trigger (all hits, the right-side hits), or None."""
    if any(words.isdisjoint(first) for first in pat.firsts):
        return None  # some slot's first word is nowhere in the context
    pre_hits = _match_compiled(pat.pre_forms, left) if pat.pre else []
    if pre_hits is None:
        return None
    post_hits = _match_compiled(pat.post_forms, right) if pat.post else []
    if post_hits is None:
        return None
    hits = pre_hits + post_hits
    if pat.prepositional and not set(hits) <= attached:
        return None
    return hits, post_hits


def _beats(pat: Pattern, post_hits: list[int], best: Match | None, best_post: list[int]) -> bool:
    """Whether a matching pattern beats the best match so far: a higher score, or an equal score with its
    phrase nearer the trigger ("launched an attack on ... border forces")."""
    return (
        best is None
        or pat.score > best.pattern.score
        or (pat.score == best.pattern.score and bool(post_hits) and _nearest(post_hits) < _nearest(best_post))
    )


def _curated_default_wins(best: Match, fallback: Match) -> bool:
    """Whether a curated default beats the best (PETRARCH) pattern match."""
    if best.pattern.curated or not fallback.pattern.curated:
        return False
    # a curated default beats a weak PETRARCH pattern; a curated phrasal verb ("blow up") beats any
    return bool(
        (best.pattern.weak and not best.sense.particle) or (fallback.sense.particle and fallback.matched)
    )


def _nearest(hits: list[int]) -> int:
    return min(hits) if hits else 1 << 30


def synthetic_match(code: str, plover: str | None = None, mode: str | None = None, lemma: str = "") -> Match:
    """A match for a trigger found by a construction rather than a lexicon entry ("X said Y must ...")."""
    pattern = Pattern((), (), code, plover=plover, mode=mode, curated=True, note="construction")
    return Match(Sense(lemma=lemma, pos="VERB", default=pattern, curated=True), pattern, ())

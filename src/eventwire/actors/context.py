"""Per-article memory for actor resolution: officials seen, the dyad in focus, the dateline country.

One ``ArticleContext`` per article. After resolving each sentence, call ``observe(mentions)`` so later
sentences can use what was learnt: "Dar", "the minister", "the DPM" and "he" resolve to an official named
before; "the two sides" and "both countries" resolve to the pair of countries the story is about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records import Actor
from .dictionary import get_dictionary, words

if TYPE_CHECKING:
    from .mention import ActorMention

# A dateline opens a paragraph: "ISLAMABAD:", "KABUL, Nov 28 (Reuters) -", "MOSCOW —".
_DATELINE = re.compile(
    r"(?m)^\s*([A-Z][A-Z .'\-]{2,40}?)(?:,\s*[A-Za-z][\w .]{0,30})?\s*(?:\([^)]{1,30}\)\s*)?[:\u2014\u2013-](?:\s|$)"
)

# A dateline with a date in any case: "Addis Ababa, October 22, 2025 –", "Nairobi, 22 Oct (AFP) -".
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATED_DATELINE = re.compile(
    r"^\s*([A-Z][A-Za-z .'\-]{2,40}?)\s*,\s*(?:" + _MONTH + r"\s+\d{1,2}|\d{1,2}\s+" + _MONTH + r")"
    r"(?:\s*,?\s*\d{4})?\s*(?:\([^)]{1,30}\)\s*)?[:\u2014\u2013-](?:\s|$)"
)


def dateline_end(text: str) -> int:
    """Where the dateline that opens ``text`` ends ("NAIROBI, Oct 22 (PNW) - Kenya ..." -> the offset of
    "Kenya"), or 0. A dateline names where the story was filed, not an actor: nothing in it is coded."""
    for pattern in (_DATED_DATELINE, _DATELINE):
        m = pattern.match(text)
        if m and _dateline_country(m.group(1).strip(" -")):
            return m.end()
    return 0


# A headline pair counts as this many sentences naming the pair: the headline states what the story is about.
TITLE_PAIR_WEIGHT = 3
# Sentences naming more countries than this are lists ("Belarus, Russia, Kazakhstan, ...") and say nothing
# about which pair the story is about.
MAX_PAIR_COUNTRIES = 3

# How many sentences a pronoun or "the minister" may reach back: beyond that the referent is stale.
MEMORY_SENTENCES = 8


# Head words by which an international body is named again ("the council", "the agency"; not "the school": a UN
# school named before is a place of the people it shelters).
BODY_HEADS = frozenset(
    {
        "council", "agency", "organisation", "organization", "commission", "committee", "court", "tribunal",
        "bank", "fund", "union", "alliance", "bloc", "assembly", "programme", "program", "mission", "body",
    }
)  # fmt: skip


@dataclass(slots=True)
class _Official:
    actor: Actor
    sentence: int  # index of the sentence where it was last mentioned


def find_dateline(text: str) -> str | None:
    """The dateline place of an article ("ISLAMABAD: Pakistan and ..." -> "ISLAMABAD"), or None."""
    for m in _DATELINE.finditer(text[:2000]):
        place = m.group(1).strip(" -")
        if _dateline_country(place):
            return place
    return None


def _dateline_country(place: str) -> str | None:
    d = get_dictionary()
    for m in d.iter_matches(place.title()):
        for e in m.entries:
            if e.kind in ("capital", "seat", "country") and e.country:
                return e.country
    from ..places import lookup_place

    loc = lookup_place(place.title())
    return loc.country if loc is not None else None


# How a mention's country was only guessed (resolver): no evidence of whose forces the article tells of.
GUESSED = frozenset({"sentence", "dateline", "memory", "agent", "place"})


@dataclass(slots=True)
class ArticleContext:
    """What one article has told us so far about its actors."""

    published: str | None = None
    title: str | None = None
    dateline: str | None = None
    dateline_country: str | None = field(default=None, init=False)
    dyad: tuple[str, str] | None = field(default=None, init=False)
    sentence: int = field(default=0, init=False)
    officials: list[_Official] = field(default_factory=list, init=False)
    aliases: dict[str, Actor] = field(default_factory=dict, init=False)  # "Dar", "PID" -> actor
    # Head word of a composed agent mention -> (actor, sentence): "Pakistani security sources" -> "the sources".
    heads: dict[str, tuple[Actor, int]] = field(default_factory=dict, init=False)
    last_subject: list[Actor] = field(default_factory=list, init=False)  # subjects of the previous sentence
    recent_countries: list[str] = field(default_factory=list, init=False)
    # The country most of the article's places lie in, when one clearly dominates (see events.coder._home_country):
    # where "police", "a gunman" or "protesters" named without a country act.
    home_country: str | None = field(default=None, init=False)
    # A natural hazard or accident the headline or lead reports ("quake", "landslide"; events.coder): an unnamed
    # killer of people later in the article is that hazard, not an attacker.
    hazard: str | None = field(default=None, init=False)
    # The headline or lead reports a court's step (a sentencing, verdict, plea or jury; events.coder): the
    # crime and the arrest it tells of came before the news, background unless a recent date says otherwise.
    court: bool = field(default=False, init=False)
    # The lead reports a person's death (an obituary, events.coder): what the article tells of the person's life is
    # background, unless a date written in its sentence is recent.
    obituary: bool = field(default=False, init=False)
    # (A, B) sorted -> [times seen together, last sentence]; the dyad is the most frequent pair.
    pairs: dict[tuple[str, str], list[int]] = field(default_factory=dict, init=False)
    # Countries whose armed forces the article has named ("The Indian navy ... Marine commandos boarded").
    forces: list[str] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        if self.dateline:
            self.dateline_country = _dateline_country(self.dateline)
        if self.title:
            found = _countries_in(self.title)
            if len(found) >= 2:
                self._count_pair(found[0], found[1], TITLE_PAIR_WEIGHT)

    # -- updates ----------------------------------------------------------------------------------
    def set_dateline(self, place: str) -> None:
        """Record the article's dateline place (first one wins)."""
        if self.dateline_country is None:
            country = _dateline_country(place)
            if country:
                self.dateline, self.dateline_country = place, country

    def add_alias(self, alias: str, actor: Actor) -> None:
        """Let a later bare mention (a surname, an abbreviation) stand for ``actor``."""
        if alias and alias[0].isupper():
            self.aliases[alias] = actor

    def observe(self, mentions: list[ActorMention], subjects: list[int] | None = None) -> None:
        """Update the memory with the mentions of one sentence (call once per sentence, in order).

        ``subjects`` optionally lists the indices (into ``mentions``) of the sentence's grammatical
        subjects; without it, mentions whose head is a nominal subject in the parse are used.
        """
        self.sentence += 1
        countries: list[str] = []
        for m in mentions:
            a = m.actor
            if a.country and a.country not in countries and not m.dyad and m.how != "dateline":
                countries.append(a.country)
            if a.kind in ("official", "person") and a.name and " " in a.name:
                self._remember_official(a)
            # named with their country ("Indian commandos"), not given one by a guess ("a Navy spokesman" in a
            # sentence that names one country)
            if (
                a.sector == "MIL"
                and a.country
                and not m.dyad
                and m.how not in GUESSED
                and a.country not in self.forces
            ):
                self.forces.append(a.country)
            if m.head_lemma and (
                (m.how in ("composed", "located") and a.country)
                or ((a.kind == "igo" or a.sector == "IGO") and m.head_lemma in BODY_HEADS)
            ):
                # "the UN Security Council" ... "the council"; "the International Atomic Energy Agency" ... "the
                # agency": an international body is later named by its head word
                self.heads[m.head_lemma] = (a, self.sentence)
        if 2 <= len(countries) <= MAX_PAIR_COUNTRIES:
            for i, a in enumerate(countries):
                for b in countries[i + 1 :]:
                    self._count_pair(a, b, 1)
        for c in countries:
            if c in self.recent_countries:
                self.recent_countries.remove(c)
            self.recent_countries.insert(0, c)
        picked = (
            [mentions[i] for i in subjects] if subjects is not None else [m for m in mentions if m.subject]
        )
        self.last_subject = [m.actor for m in picked]

    def _count_pair(self, a: str, b: str, weight: int) -> None:
        key = (a, b) if a < b else (b, a)
        seen = self.pairs.setdefault(key, [0, 0, 0])
        seen[0] += weight
        seen[1] = self.sentence
        if seen[2] == 0:
            seen[2] = 1 if (a, b) == key else 2  # remember the order first written
        best = max(self.pairs.items(), key=lambda kv: (kv[1][0], kv[1][1]))
        (x, y), (_, _, order) = best
        self.dyad = (x, y) if order == 1 else (y, x)

    def _remember_official(self, actor: Actor) -> None:
        self.officials = [o for o in self.officials if o.actor.name != actor.name]
        self.officials.append(_Official(actor, self.sentence))
        surname = actor.name.split()[-1]
        self.add_alias(surname, actor)
        self.add_alias(actor.name, actor)

    # -- queries ----------------------------------------------------------------------------------
    def official_by_role(self, role: str) -> Actor | None:
        """The most recent official whose role contains all words of ``role`` ("minister", "DPM")."""
        want = {w[0] for w in words(role)}
        if not want:
            return None
        for o in reversed(self.officials):
            if self.sentence - o.sentence > MEMORY_SENTENCES:
                break
            have = {w[0] for w in words(o.actor.role or "")}
            if want <= have:
                return o.actor
        return None

    def only_force(self) -> str | None:
        """The one country whose armed forces the article has named so far, if only one's have been."""
        return self.forces[0] if len(self.forces) == 1 else None

    def same_head(self, lemma: str) -> Actor | None:
        """The actor last named with this head word and a country ("security sources"), if recent."""
        found = self.heads.get(lemma)
        if found is None or self.sentence - found[1] > MEMORY_SENTENCES:
            return None
        return found[0]

    def previous_subject_person(self) -> Actor | None:
        """The official/person who was the subject of the previous sentence, if exactly one was."""
        people = [a for a in self.last_subject if a.kind in ("official", "person")]
        # not a group of officials named by a plural noun: "the Swedish judicial officials were not able to proceed.
        # ... after he was hauled out"
        if len(people) != 1 or _plural_role(people[0]):
            return None
        return people[0]

    def previous_subject_dyad(self) -> tuple[str, str] | None:
        """The two countries that were the subject of the previous sentence, if they were a pair."""
        countries = []
        for a in self.last_subject:
            if a.country and a.country not in countries:
                countries.append(a.country)
        return (countries[0], countries[1]) if len(countries) == 2 else None


def _plural_role(actor: Actor) -> bool:
    """An official named by a plural common noun ("the Swedish judicial officials", "prosecutors"): many people,
    never "he" or "she"."""
    last = (actor.text or "").split()[-1:]
    return bool(last) and last[0][:1].islower() and last[0].casefold().endswith("s")


def _countries_in(text: str) -> list[str]:
    found: list[str] = []
    for m in get_dictionary().iter_matches(text):
        e = m.best
        if e.kind in ("country", "demonym", "capital", "seat") and e.country and e.country not in found:
            found.append(e.country)
    return found

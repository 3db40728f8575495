"""Actor dictionaries: load the versioned data files once and match them over raw text.

The matcher works on words found by one regular expression, folded (accents stripped, case-folded), so the
dictionary keys and the text are tokenised the same way and a form matches wherever its words occur,
whatever tokeniser the caller used. Punctuation is ignored, so "U.S."/"U S", "al-Qaeda"/"al Qaeda" and
"Pakistan–Russia"/"Pakistan-Russia" behave alike. Case rules keep proper names from matching common words:
names need a capital ("Turkey" but not "turkey"), acronyms must be written as listed ("US" but not "us").
"""

from __future__ import annotations

import re
import time
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

DATA = Path(__file__).with_name("data")

_WORD = re.compile(r"[^\W_]+")

# Words skipped when checking that a proper-name form is capitalised in the text ("the Kremlin",
# "al-Qaeda", "Tehreek-e-Taliban"): articles and name particles are lower-case in running text.
_PARTICLES = frozenset(
    {"the", "of", "al", "el", "e", "i", "ul", "and", "de", "da", "bin", "d", "s", "for", "in"}
)

# Capitalised words that start sentences without being part of a name ("The Phillippines said").
_FUNCTION_WORDS = _PARTICLES | {
    "a",
    "an",
    "on",
    "at",
    "to",
    "with",
    "from",
    "by",
    "as",
    "after",
    "but",
    "while",
}

# Acronyms that are also English words: ignored when the text is mostly capitals (headlines such as
# "WHO ARE THE PAKISTANI TALIBAN?"), where case no longer tells the acronym from the word.
_WORD_ACRONYMS = frozenset(
    {
        "WHO",
        "ECO",
        "NAM",
        "IS",
        "AU",
        "EC",
        "CIS",
        "OAS",
        "DG",
        "FO",
        "PM",
        "FM",
        "MP",
        "TV",
        "HTS",
        "PDF",
        "NSA",
        "AIIB",
        "ADB",
    }
)
# Words that follow a clock time ("11:06 PM", "9 AM") and are then no acronym of an agent.
_CLOCK_WORDS = frozenset({"am", "pm"})
# Longest written form that can be an acronym ("U.N.S.C.", "ISIS-K", "AfDB"): longer forms skip the check.
MAX_ACRONYM_FORM = 12
# Share of upper-case letters above which a text is treated as all-capitals (see _WORD_ACRONYMS).
CAPS_TEXT_SHARE = 0.6

# Priority of entry kinds when one form has several readings (lower wins): a curated person or
# organisation is more specific than a country, a country more than a generic agent word.
KIND_PRIORITY = {
    "person": 0,
    "igo": 1,
    "group": 2,
    "seat": 3,
    "institution": 4,
    "country": 5,
    "demonym": 5,
    "capital": 6,
    "ethnic": 6,
    "group_phoenix": 7,
    "igo_phoenix": 7,
    "ngo": 7,
    "place": 8,
    "person_phoenix": 8,
    "agent": 9,
}

# Confidence of a match from the large, partly dated Phoenix person list: the names are real but
# the same two-word name is often someone else 15 years later.
PHOENIX_PERSON_CONFIDENCE = 0.6
# Confidence of Phoenix organisation entries: names are distinctive, but many codes are regional
# (WAFREB) or dated.
PHOENIX_ORG_CONFIDENCE = 0.8
# Misspelt country names: the written word needs this many letters (shorter words are too often another word one
# letter away: "Oman"/"Roman", "Iran"/"Iron"), the name at least MIN_FUZZY_NAME ("Quatar" for Qatar).
MIN_FUZZY_WORD = 6
MIN_FUZZY_NAME = 5
# Confidence factor of a country read from a misspelling.
FUZZY_CONFIDENCE = 0.85
# Confidence of a province or region read as an actor: more often it is only where something happened.
PLACE_CONFIDENCE = 0.5


@dataclass(frozen=True, slots=True)
class Entry:
    """One reading of a dictionary form."""

    # country | demonym | capital | seat | igo | igo_phoenix | ngo | group | group_phoenix | ethnic | person |
    # person_phoenix | institution | place | agent
    kind: str
    name: str  # canonical name
    country: str | None  # ISO3
    sector: str | None
    code: str | None  # CAMEO-style code
    role: str | None = None  # persons: office; agents: class expansion (abbreviations)
    cls: str | None = (
        None  # agents: title | honorific | body | member | dyad | mod; persons: official | person | igo
    )
    confidence: float = 1.0


@dataclass(slots=True)
class Match:
    """A dictionary hit in a text: character offsets and the readings of the form."""

    start: int
    end: int
    text: str
    entries: tuple[Entry, ...]
    fuzzy: bool = False  # read from a misspelling (see Dictionary._misspelt)

    @property
    def best(self) -> Entry:
        return self.entries[0]


@dataclass(slots=True)
class _Form:
    # Readings of one folded key: (entry, case rule, the form's words as written). Each reading keeps its
    # own case rule: "General Assembly" (a name) must not match "general assembly" via an agent reading.
    readings: list[tuple[Entry, str, tuple[str, ...]]] = field(default_factory=list)


def fold(word: str) -> str:
    """Accent-stripped, case-folded form of a word ("Türkiye" -> "turkiye")."""
    if word.isascii():
        return word.lower()
    return "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c)).casefold()


def words(text: str) -> list[tuple[str, int, int, str]]:
    """The words of a text as (folded, start, end, original)."""
    return [(fold(m.group()), m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _case_of(form: str, kind: str) -> str:
    if kind == "agent" and not _is_acronym(form):
        return "any"
    if _is_acronym(form):
        return "exact"
    return "proper"


def _is_acronym(form: str) -> bool:
    if len(form) > MAX_ACRONYM_FORM:
        return False
    letters = [c for c in form if c.isalpha()]
    if not letters:
        return False
    upper = sum(c.isupper() for c in letters)
    # "US", "U.S.", "TTP", "ISIS-K" are all capitals; "LeT", "JuD", "AfDB" mix cases with several capitals
    # inside one short word and must be written exactly so as well.
    return (
        upper == len(letters)
        and len(letters) <= 6
        or (" " not in form.strip() and upper >= 2 and len(letters) <= 5)
    )


def _plural(phrase: str) -> str | None:
    head, _, last = phrase.rpartition(" ")
    low = last.lower()
    if not last.isalpha() or low.endswith("s") or last.isupper():
        return None
    if low.endswith("man"):
        plural = last[:-3] + "men"
    elif low == "person":
        plural = "people"
    elif low.endswith("y") and low[-2:-1] not in "aeiou":
        plural = last[:-1] + "ies"
    elif low.endswith(("sh", "ch", "x")):
        plural = last + "es"
    else:
        plural = last + "s"
    return f"{head} {plural}".strip()


class Dictionary:
    """All actor forms, indexed for greedy longest-match over folded words."""

    def __init__(self) -> None:
        self.forms: dict[tuple[str, ...], _Form] = {}
        self.max_len: dict[str, int] = {}
        self.by_name: dict[str, Entry] = {}  # folded canonical name / code -> entry (lookup_actor)
        self.country_names: dict[str, str] = {}  # ISO3 -> preferred English name
        self.fuzzy: dict[str, set[str]] = {}  # a country name or one of its one-letter deletions -> names
        self.fuzzy_entries: dict[str, tuple[Entry, ...]] = {}
        self.load_seconds = 0.0

    # -- building -------------------------------------------------------------------------------------
    def add(self, form: str, entry: Entry) -> None:
        """Register one form of an entry."""
        originals = _WORD.findall(form)
        if len(originals) > 1 and originals[0].lower() == "the":
            # "the Kremlin" is matched as "Kremlin": a leading article would block longer names starting at the
            # next word ("the UN Security Council", "the Taliban government"); mentions include it anyway.
            originals = originals[1:]
        if not originals:
            return
        key = tuple(w.lower() if w.isascii() else fold(w) for w in originals)
        item = self.forms.get(key)
        if item is None:
            item = self.forms[key] = _Form()
            if self.max_len.get(key[0], 0) < len(key):
                self.max_len[key[0]] = len(key)
        if all(r[0] is not entry for r in item.readings):
            case = _case_of(form, entry.kind)
            item.readings.append((entry, case, tuple(originals)))
            if len(item.readings) > 1:
                item.readings.sort(key=lambda r: KIND_PRIORITY.get(r[0].kind, 9))
        self.by_name.setdefault(" ".join(key), entry)

    # -- matching -------------------------------------------------------------------------------------
    def whole_match(self, name: str) -> Match | None:
        """The one dictionary match that covers all of ``name`` (a trailing full stop aside), else None."""
        matches = list(self.iter_matches(name))
        if len(matches) == 1 and matches[0].start == 0 and matches[0].end == len(name.rstrip(". ")):
            return matches[0]
        return None

    def iter_matches(self, text: str) -> Iterator[Match]:
        """Greedy longest, non-overlapping dictionary matches in ``text``, left to right."""
        ws = words(text)
        folded = [w[0] for w in ws]
        letters = [c for c in text if c.isalpha()]
        caps_text = bool(letters) and sum(c.isupper() for c in letters) / len(letters) > CAPS_TEXT_SHARE
        i, n = 0, len(ws)
        while i < n:
            if folded[i] in _CLOCK_WORDS and i > 0 and ws[i - 1][3].isdigit():
                i += 1  # "11:06 PM": a time of day, not a prime minister
                continue
            longest = self.max_len.get(folded[i], 0)
            hit = None
            for length in range(min(longest, n - i), 0, -1):
                item = self.forms.get(tuple(folded[i : i + length]))
                if item is None:
                    continue
                originals = [w[3] for w in ws[i : i + length]]
                entries = tuple(
                    e
                    for e, case, form in item.readings
                    if _case_ok(case, form, originals, caps_text)
                    and not (e.kind == "place" and _abbreviation(originals, caps_text))
                )
                if entries:
                    hit = Match(
                        ws[i][1], ws[i + length - 1][2], text[ws[i][1] : ws[i + length - 1][2]], entries
                    )
                    i += length
                    break
            if hit is None and self.fuzzy and _lone_name(ws, i, text):
                hit = self._misspelt(ws[i], text)
                i += 1
                if hit is not None:
                    yield hit
            elif hit is None:
                i += 1
            else:
                yield hit

    def _misspelt(self, word: tuple[str, int, int, str], text: str) -> Match | None:
        """A capitalised word one edit away from exactly one country name or demonym ("Ethopia", "Quatar",
        "Phillippines"): typos are common in pasted news and a missed country loses the whole event."""
        folded, start, end, original = word
        if (
            len(original) < MIN_FUZZY_WORD
            or not original[0].isupper()
            or original.isupper()
            or not folded.isalpha()
        ):
            return None
        found: set[Entry] = set()
        # "Americas", "Israels": the plural or possessive of a known form, not a misspelling of a similar one
        plural = folded.endswith("s") and (folded[:-1],) in self.forms
        for key in (folded, *_deletes(folded)):
            for name in self.fuzzy.get(key, ()):
                # typos keep the first letter; "Americas" is not a misspelt "America"
                if name != folded and name[0] == folded[0] and _one_edit(folded, name) and not plural:
                    found.update(self.fuzzy_entries[name])
        if len({e.country for e in found}) != 1:
            return None
        entry = min(found, key=lambda e: e.kind != "country")
        return Match(
            start,
            end,
            text[start:end],
            (replace(entry, confidence=entry.confidence * FUZZY_CONFIDENCE),),
            fuzzy=True,
        )

    def build_fuzzy(self) -> None:
        """Index one-word country names and demonyms by their one-letter deletions (see ``_misspelt``)."""
        for key, item in self.forms.items():
            if len(key) != 1 or len(key[0]) < MIN_FUZZY_NAME:
                continue
            # canonical names and demonyms only: rare alternative spellings ("Mannin") sit one letter from words
            entries = [
                e
                for e, case, _ in item.readings
                if case == "proper"
                and (e.kind == "demonym" or e.kind == "country" and fold(e.name) == key[0])
            ]
            if not entries:
                continue
            name = key[0]
            self.fuzzy_entries[name] = tuple(entries)
            for k in (name, *_deletes(name)):
                self.fuzzy.setdefault(k, set()).add(name)

    def any_match(self, text: str) -> bool:
        """True if at least one form occurs in ``text`` (cheap: stops at the first hit)."""
        return next(self.iter_matches(text), None) is not None


def _lone_name(ws: list[tuple[str, int, int, str]], i: int, text: str) -> bool:
    """The word is not part of a longer capitalised name ("Angela Merkel", "British Columbia", "Chelsea
    Manning"): such names are people and places, not misspelt countries."""
    nxt = ws[i + 1][3] if i + 1 < len(ws) else ""
    if nxt[:1].isupper():
        return False
    if i == 0:
        return True
    prev = ws[i - 1]
    sentence_start = text[prev[2] : ws[i][1]].strip()[-1:] in (".", "!", "?", ":", "\n")
    return not prev[3][:1].isupper() or sentence_start or prev[0] in _FUNCTION_WORDS


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def _one_edit(a: str, b: str) -> bool:
    """Whether ``a`` and ``b`` differ by one insertion, deletion, substitution or swap of neighbours."""
    if abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def is_abbreviation(word: str) -> bool:
    """One all-capitals word of three or more letters ("SWAT", "NATO"): an abbreviation, not the town or region of
    the same name (Swat, Pakistan). Used by the dictionary, ``places`` and the coder's home-country reading."""
    return len(word) >= 3 and word.isupper() and " " not in word


def _abbreviation(originals: list[str], caps_text: bool) -> bool:
    """An abbreviation in ordinary text (in a text written all in capitals every word looks like one)."""
    return not caps_text and len(originals) == 1 and is_abbreviation(originals[0])


def _case_ok(case: str, form: tuple[str, ...], originals: list[str], caps_text: bool) -> bool:
    if case == "any":
        return True
    if case == "exact":
        if originals != list(form):
            return False
        return not (caps_text and "".join(originals) in _WORD_ACRONYMS)
    for word in originals:
        if word.lower() in _PARTICLES and len(originals) > 1:
            continue
        return word[0].isupper() or word[0].isdigit()
    return False


# -- loading ----------------------------------------------------------------------------------------------
def _rows(name: str) -> Iterator[list[str]]:
    return _rows_at(DATA / name)


def _rows_at(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


def _none(val: str) -> str | None:
    val = val.strip()
    return None if val in ("", "-") else val


@lru_cache(maxsize=1)
def get_dictionary() -> Dictionary:
    """The process-wide dictionary (loaded on first use; see ``load_seconds``)."""
    t0 = time.perf_counter()
    d = Dictionary()
    _load_countries(d)
    _load_seats(d)
    _load_igos(d)
    _load_armed_groups(d)
    _load_media(d)
    _load_agents(d)
    _load_people(d)
    _load_institutions(d)
    _load_ethnic_groups(d)
    _load_places(d)
    _load_phoenix_organisations(d)
    _load_phoenix_people(d)
    d.build_fuzzy()
    d.load_seconds = time.perf_counter() - t0
    return d


def _add_forms(d: Dictionary, entry: Entry, name: str, forms: str, *, dash_is_empty: bool = False) -> None:
    """Add ``entry`` under its name and each "|"-separated form, skipping empty ones (and "-" with
    ``dash_is_empty``)."""
    for form in [name, *forms.split("|")]:
        if _none(form) if dash_is_empty else form:
            d.add(form, entry)


def _load_igos(d: Dictionary) -> None:
    """International organisations (``igos.tsv``), also looked up by their code."""
    for code, name, forms, *_ in _rows("igos.tsv"):
        entry = Entry("igo", name, None, "IGO", code)
        _add_forms(d, entry, name, forms)
        d.by_name.setdefault(code.lower(), entry)


def _load_armed_groups(d: Dictionary) -> None:
    """Curated armed groups (``armed_groups.tsv``)."""
    for code, iso3, sector, name, forms, *_ in _rows("armed_groups.tsv"):
        entry = Entry("group", name, _none(iso3), sector, code)
        _add_forms(d, entry, name, forms)


def _load_media(d: Dictionary) -> None:
    """Curated news outlets (``media.tsv``): MED institutions of their home country ("Israel banned Al Jazeera"
    targets Qatari media); an outlet with no country takes the story's, as "the press" does."""
    for name, forms, iso3, *_ in _rows("media.tsv"):
        country = _none(iso3)
        entry = Entry("institution", name, country, "MED", (country or "") + "MED")
        _add_forms(d, entry, name, forms, dash_is_empty=True)


def _load_agents(d: Dictionary) -> None:
    """Agent words (``agents.tsv``): titles, bodies, members; plurals for all but honorifics and modifiers."""
    for row in _rows("agents.tsv"):
        phrase, sector, cls = row[0], _none(row[1]), row[2]
        expansion = _none(row[3]) if len(row) > 3 else None
        entry = Entry(
            "agent",
            phrase.lower() if not _is_acronym(phrase) else phrase,
            None,
            sector,
            None,
            role=expansion,
            cls=cls,
        )
        d.add(phrase, entry)
        if cls not in ("honorific", "mod"):
            plural = _plural(phrase)
            if plural:
                d.add(plural, entry)


@lru_cache(maxsize=1)
def office_titles() -> frozenset[str]:
    """Lower-case titles of public office in ``agents.tsv`` (titles and honorifics of a sector other than civilian):
    "prime minister", "senator", "judge"."""
    return frozenset(
        row[0].lower()
        for row in _rows("agents.tsv")
        if len(row) > 2 and row[2] in ("title", "honorific") and _none(row[1]) not in (None, "CVL")
    )


def _load_people(d: Dictionary) -> None:
    """Curated people (``people.tsv``); those without a country take the code of the body in their role."""
    for name, forms, iso3, sector, role, kind in _rows("people.tsv"):
        country = _none(iso3)
        code = (country or "") + (sector or "") if country else _igo_code_for_role(d, role)
        entry = Entry("person", name, country, sector, code, role=role, cls=kind)
        _add_forms(d, entry, name, forms, dash_is_empty=True)


def _load_institutions(d: Dictionary) -> None:
    """Named national institutions from the Phoenix country blocks (``institutions_phoenix.tsv``)."""
    for name, forms, code, iso3, sector in _rows("institutions_phoenix.tsv"):
        entry = Entry("institution", name, iso3, _sector(code, sector), code)
        _add_forms(d, entry, name, forms)


def _load_ethnic_groups(d: Dictionary) -> None:
    """Ethnic and religious groups (``ethnic_groups.tsv``), coded with their country when they have one."""
    for name, forms, iso3, sector in _rows("ethnic_groups.tsv"):
        entry = Entry(
            "ethnic", name, _none(iso3), sector, (_none(iso3) or "") + sector if _none(iso3) else None
        )
        _add_forms(d, entry, name, forms, dash_is_empty=True)


def _load_places(d: Dictionary) -> None:
    """Provinces and regions (eventwire/data/places_extra.tsv) stand for their people or authorities when
    they are the actor ("Darfur", "the West Bank") and name the home of groups ("Darfur rebels")."""
    for row in _rows_at(DATA.parent.parent / "data" / "places_extra.tsv"):
        name, forms, iso3 = row[0], row[1], row[2]
        if _none(iso3):
            entry = Entry("place", name, iso3, None, iso3, confidence=PLACE_CONFIDENCE)
            _add_forms(d, entry, name, forms, dash_is_empty=True)


def _load_phoenix_organisations(d: Dictionary) -> None:
    """Phoenix non-state groups and international organisations (IGOs, NGOs)."""
    for fname in ("groups_phoenix.tsv", "international_phoenix.tsv"):
        for name, forms, code, iso3, sector in _rows(fname):
            kind = {"IGO": "igo_phoenix", "NGO": "ngo"}.get(code[:3], "group_phoenix")
            # MilNonState groups ("IMGMUSISI") without a role code are armed groups
            sec = _sector(code, sector) or (
                "REB" if code.startswith("IMG") and fname == "groups_phoenix.tsv" else None
            )
            entry = Entry(kind, name, _none(iso3), sec, code, confidence=PHOENIX_ORG_CONFIDENCE)
            _add_forms(d, entry, name, forms)


def _load_phoenix_people(d: Dictionary) -> None:
    """Phoenix persons (``people_phoenix.tsv``); a person also in people.tsv keeps the curated reading."""
    curated = {
        fold(e.name): e for item in d.forms.values() for e, _, _ in item.readings if e.kind == "person"
    }
    for name, forms, code, iso3, sector in _rows("people_phoenix.tsv"):
        # A person also in people.tsv keeps the curated (current) reading for all Phoenix forms.
        entry = curated.get(fold(name)) or Entry(
            "person_phoenix",
            name,
            iso3,
            _sector(code, sector),
            code,
            cls="person",
            confidence=PHOENIX_PERSON_CONFIDENCE,
        )
        _add_forms(d, entry, name, forms)


# CAMEO/Phoenix role (sector) codes. A Phoenix code is country + optional region + roles ("GBRFLKGOV": the
# Falklands' government): the sector is its first role code, never a region code such as FLK or SEA.
SECTOR_CODES = frozenset(
    "GOV MIL COP JUD LEG SPY REB OPP PTY BUS MED CVL EDU LAB HLH REF REL NGO IGO CRM AGR ELI INS SEP UAF MOD RAD "
    "DEV ENV HRI AMN MNC IMG UNO NGM SET ACT".split()
)


def _sector(code: str, listed: str) -> str | None:
    """The sector of a Phoenix entry: the listed one if it is a role code, else the first role code in ``code``."""
    value = _none(listed)
    if value in SECTOR_CODES:
        return value
    for i in range(3, len(code) - 2, 3):
        if code[i : i + 3] in SECTOR_CODES:
            return code[i : i + 3]
    return None


def _igo_code_for_role(d: Dictionary, role: str) -> str | None:
    """People without a country (IGO officials, leaders of transnational groups) take the code of the
    organisation named in their role ("UN Secretary-General" -> IGOUNO, "al-Qaeda leader" -> IMGMUSALQ)."""
    for m in d.iter_matches(role):
        for e in m.entries:
            if e.kind in ("igo", "group"):
                return e.code
    return None


def _load_countries(d: Dictionary) -> None:
    import pycountry

    for c in pycountry.countries:
        d.country_names[c.alpha_3] = getattr(c, "common_name", None) or c.name
    extras = [(r[0], r[1], r[2]) for r in _rows("countries_extra.tsv")]
    # The first curated name of a country is the short English name the news uses ("Russia", "Turkey").
    preferred: set[str] = set()
    for iso3, form, kind in extras:
        if kind == "name" and iso3 not in preferred:
            preferred.add(iso3)
            d.country_names[iso3] = form
    for iso3, form, kind in [*extras, *((r[0], r[1], r[2]) for r in _rows("countries.tsv"))]:
        kind_ = "demonym" if kind == "demonym" else "country"
        entry = Entry(kind_, d.country_names.get(iso3, form), iso3, None, iso3)
        d.add(form, entry)
        # Plural demonyms ("Liberians", "Pakistanis"); forms ending in -ese/-ch/-sh/-s have none.
        if kind == "demonym" and form[-1:] in ("n", "i") and " " not in form:
            d.add(form + "s", entry)
    for iso3, form in d.country_names.items():
        d.by_name.setdefault(iso3.lower(), Entry("country", form, iso3, None, iso3))
    for iso3, capital in _rows("capitals.tsv"):
        d.add(capital, Entry("capital", capital, iso3, "GOV", iso3 + "GOV", confidence=0.85))


def _load_seats(d: Dictionary) -> None:
    for form, iso3, sector, conf, *_ in _rows("seats.tsv"):
        name = form[4:] if form.lower().startswith("the ") else form
        d.add(form, Entry("seat", name, iso3, sector, iso3 + sector, confidence=float(conf)))


@lru_cache(maxsize=1)
def governing_groups() -> dict[str, str]:
    """Armed groups that govern a country (``data/governing_groups.tsv``): group code -> government code. A GOV
    agent of such a group ("Taliban ministers") is that government."""
    return {row[0]: row[1] for row in _rows("governing_groups.tsv")}


def _names_agent_of_class(text: str, classes: frozenset[str]) -> bool:
    """True when ``text`` holds an agent word (agents.tsv) of one of ``classes``."""
    return any(
        e.kind == "agent" and e.cls in classes for m in get_dictionary().iter_matches(text) for e in m.entries
    )


_NONACTOR = frozenset({"nonactor"})
_ACTING_CLASSES = frozenset({"title", "body", "member", "dyad"})


def names_no_actor(text: str) -> bool:
    """True when ``text`` holds a name the dictionaries list as never an actor (agents.tsv class ``nonactor``):
    a sea or gulf named after a country ("the Gulf of Mexico"), a sports team. Such a name is no place of that
    country either."""
    return _names_agent_of_class(text, _NONACTOR)


def is_actor_word(tok: Token) -> bool:
    """True when the dictionaries list the token's word as an agent that names who acts: a title, a body, a
    member or a dyad word ("minister", "police", "troops"). Used by the resolver and by ``places`` (a
    participant noun is not a place)."""
    return _names_agent_of_class(tok.text, _ACTING_CLASSES)

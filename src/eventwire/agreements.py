"""Agreements and commitments: named instruments with their parties, and stated figures with units.

For AGREE / COOPERATE / AID events the evidence sentence, and the sentences right after it that go on
enumerating instruments ("Three important MoUs were also signed:" followed by bullet lines), are read
for

- instruments (protocol, MoU, treaty, agreement, accord, contract, deal, letter of intent,
  declaration, agreed minutes; ``data/instruments.tsv``) with their parties where the text names them
  ("an MoU between A and B", "signed by A and B", "the agreements cover X, Y and Z"), each party
  resolved to a country and sector through the actor dictionary where it can be;
- figures: money ("$1 billion", "Rs 5bn", "€20 million") and quantities ("500 tonnes", "three MoUs")
  with ISO 4217 currency codes or a unit (``data/figure_units.tsv``).

Plain functions over strings; no model. Where the wording is unusual the instrument is kept without
parties rather than guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

# Event types whose evidence is read for instruments and figures.
COMMITMENT_TYPES = frozenset({"AGREE", "COOPERATE", "AID"})

# Sentences after the evidence sentence that may still enumerate its instruments. Seed 001 lists three
# MoUs on the three lines after "Three important MoUs were also signed:"; five covers such lists while
# stopping well before unrelated paragraphs.
LOOKAHEAD_SENTENCES = 5

# Longest stretch of text (characters) read as one party name; longer captures are run-on clauses.
MAX_PARTY_CHARS = 120

# Two instrument mentions whose distinctive capitalised names (no instrument words, no country names)
# overlap at least this much (share of the shorter list) are one instrument reported twice ("the Federal
# Antimonopoly Service of Russia" / "Russia's Federal Antimonopoly Service"); the different MoUs of one
# session share only country names, which are left out.
SAME_AGREEMENT_OVERLAP = 0.5

# "between"/"by" must start within this many characters of the instrument's name to give its parties
# ("an MoU between A and B", "the MoU was signed by A and B"); further away it belongs to something else.
PARTY_REACH_CHARS = 40

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20,
    "dozen": 12, "a dozen": 12,
}  # fmt: skip
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "mln": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "trillion": 1e12, "tn": 1e12, "crore": 1e7, "lakh": 1e5,
}  # fmt: skip
_SCALE_RE = r"(?:\s?(?P<scale>thousand|million|billion|trillion|crore|lakh|mln|mn|bn|tn|k|m|b)\b)?"
_NUM_RE = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUMWORD_RE = r"(?P<word>" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r")"

# Stop a party name at a lower-case function word followed by a lower-case word ("... Service to
# support", "... Institute on mutual recognition"); "Agency for Technical Regulation" goes on.
_PARTY_END = re.compile(
    r"\s+(?:to|on|for|in|at|with|that|which|covering|aimed|signed|was|were|will|would|as|under|regarding)\s+"
    r"(?=[a-z])|[;:.()\n•]|,\s|\s[—–-]\s"
)
_PARTIES = re.compile(r"\b(?:between|by)\s+(?P<span>[^;\n•]+)", re.IGNORECASE)
_LIST_VERB = re.compile(
    r"\b(?:cover|covers|covering|deal with|deals with|concern|concerns|concerning|include|includes|including"
    r"|are on|relate to)\s+(?P<items>[^;\n]+?)(?:[.;\n]|$)",
    re.IGNORECASE,
)
_SENTENCE = re.compile(r"[^.!?\n]*(?:[.!?]+|\n|$)")
_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z]{1,9}\)")
_POSSESSIVE = re.compile(r"^[A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*)?['’]s\b")


@lru_cache(maxsize=1)
def instrument_patterns() -> list[tuple[re.Pattern[str], str]]:
    """(pattern, label) rows of ``data/instruments.tsv``, in file order."""
    rows = []
    for line in _data("instruments.tsv"):
        pat, label = line.split("\t")
        rows.append((re.compile(r"\b(?:" + pat + r")\b", re.IGNORECASE), label))
    return rows


@lru_cache(maxsize=1)
def unit_patterns() -> dict[str, list[tuple[str, str]]]:
    """kind -> [(regex, unit)] from ``data/figure_units.tsv``."""
    out: dict[str, list[tuple[str, str]]] = {}
    for line in _data("figure_units.tsv"):
        kind, pat, unit = line.split("\t")
        out.setdefault(kind, []).append((pat, unit))
    return out


def _data(name: str) -> list[str]:
    text = resources.files("eventwire").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [ln.rstrip("\n") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def commitment_passage(text: str, char_start: int, char_end: int) -> str:
    """The evidence sentence plus the following sentences that go on naming instruments.

    Reading stops after LOOKAHEAD_SENTENCES sentences, or at the second sentence in a row that names no
    instrument (one such sentence, e.g. who co-chaired, often sits between a signing and its list).
    """
    passage = text[char_start:char_end]
    rest = text[char_end:]
    taken = idle = 0
    pending = ""
    for m in _SENTENCE.finditer(rest):
        sent = m.group(0)
        if not sent.strip():
            if m.end() >= len(rest):
                break
            continue
        if taken >= LOOKAHEAD_SENTENCES:
            break
        taken += 1
        if _instrument_at(sent) or sent.lstrip().startswith(("•", "-", "*")):
            passage += pending + (sent if sent.startswith(("\n", " ")) else " " + sent)
            pending, idle = "", 0
        else:
            idle += 1
            if idle >= 2:
                break
            pending += sent if sent.startswith(("\n", " ")) else " " + sent
    return passage


def _instrument_at(text: str) -> bool:
    return any(p.search(text) for p, _ in instrument_patterns())


def extract_agreements(passage: str) -> list[dict[str, Any]]:
    """Named instruments in a passage: ``[{"instrument", "text", "parties": [...]}]``, de-duplicated."""
    # "(CCP)", "(TAZARA)": acronyms in brackets repeat the name before them and would cut it in two
    passage = _ACRONYM.sub("", passage)
    found: list[dict[str, Any]] = []
    taken: list[tuple[int, int]] = []
    for pat, label in instrument_patterns():
        for m in pat.finditer(passage):
            if any(s <= m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found += _instrument(passage, m, label)
    return _dedupe(found)


def _instrument(passage: str, m: re.Match[str], label: str) -> list[dict[str, Any]]:
    clause_end = len(passage)
    for stop in (";", "\n", "•", ". ", ":"):
        pos = passage.find(stop, m.end())
        if pos != -1:
            clause_end = min(clause_end, pos)
    clause = passage[m.start() : clause_end]
    word = m.group(0)
    # "agreed minutes" is one document despite its final s
    plural = word.lower().endswith(("s", "memoranda", "treaties")) and not word.lower().endswith("minutes")
    before = passage[max(0, m.start() - 40) : m.start()].lower()
    counted = re.search(_NUMWORD_RE + r"(?:\s+\w+)?\s*$", before) or re.search(r"\d\s+(?:\w+\s+)?$", before)
    if plural or counted:
        # "The agreements cover X, Y and Z": one instrument per listed item.
        listed = _LIST_VERB.match(passage, m.end() + 1) if passage[m.end() : m.end() + 1] == " " else None
        if listed:
            return [_item(label, item) for item in _split_items(listed.group("items"))]
        # "The three MoUs signed ... included one between A and B"
        one = re.search(r"\b(?:one|another)\s+(?=between\b|by\b)", clause)
        if one:
            parties = _parties(clause[one.end() :].split(" ", 1)[1])
            if parties:
                return [
                    {
                        "instrument": label,
                        "text": f"{label} {_through(clause[one.end() :], parties)}",
                        "parties": parties,
                    }
                ]
        return []  # "three MoUs", "these agreements": a count (see figures), not a named instrument
    pm = _PARTIES.search(clause)
    # the parties must belong to this instrument: close to its name, no other instrument in between
    if pm and pm.start() <= PARTY_REACH_CHARS and not _instrument_at(clause[len(word) : pm.start()]):
        parties = _parties(pm.group("span"))
        if parties:
            return [{"instrument": label, "text": _through(clause, parties), "parties": parties}]
    named = re.match(r"[^,;()]*?\b(?:of|on)\s+(?:the\s+)?[\w\-–’']+(?:\s+[\w\-–’']+){0,6}", clause)
    if named:
        return [{"instrument": label, "text": named.group(0).strip(), "parties": []}]
    return []


def _through(clause: str, parties: list[dict[str, Any]]) -> str:
    """The clause up to the end of the last party's name."""
    last = parties[-1]["name"]
    end = clause.rfind(last)
    return clause[: end + len(last)].strip() if end != -1 else clause.strip()


def _item(label: str, item: str) -> dict[str, Any]:
    pm = _PARTIES.search(item)
    parties = _parties(pm.group("span")) if pm else []
    return {"instrument": label, "text": f"{label} on {item.strip()}", "parties": parties}


def _split_items(items: str) -> list[str]:
    parts = [p.strip() for p in re.split(r",\s+", items)]
    out = []
    for i, p in enumerate(parts):
        p = re.sub(r"^(?:and|or)\s+", "", p).strip()
        if not p:
            continue
        if i == len(parts) - 1 and " and " in p:
            # "X and Y between A and B": split before the between-phrase; "X and Y": split at the last "and"
            inner = re.match(r"(?P<a>.+?)\s+and\s+(?P<b>.*\b(?:between|by)\b.*)$", p)
            if inner and not re.search(r"\b(?:between|by)\b", inner.group("a")):
                out += [inner.group("a"), inner.group("b")]
                continue
            if not re.search(r"\b(?:between|by)\b", p):
                a, b = p.rsplit(" and ", 1)
                out += [a, b]
                continue
        out.append(p)
    return out


def _parties(span: str) -> list[dict[str, Any]]:
    if "—" in span or ":" in span:
        span = re.split(r"[—:]", span, maxsplit=1)[1]
    end = _PARTY_END.search(span)
    span = span[: end.start()] if end else span
    span = span.strip(" ,")
    if len(span) > 2 * MAX_PARTY_CHARS or " and " not in span:
        return []
    best: tuple[int, int] | None = None
    for am in re.finditer(r"\s+and\s+", span):
        left, right = span[: am.start()].strip(), span[am.end() :].strip()
        if not left or not right:
            continue
        score = 0
        if right.lower().startswith("the ") or _POSSESSIVE.match(right) or _country_of(right.split()[0]):
            score += 2
        score += right[:1].isupper() or right.lower().startswith("the ")
        score += left.split()[-1][:1].isupper()
        if best is None or score > best[0]:
            best = (score, am.start())
    if best is None:
        return []
    cut = best[1]
    m = re.match(r"\s+and\s+", span[cut:])
    assert m is not None
    names = [span[:cut].strip(), span[cut + m.end() :].strip()]
    if any(not n or len(n) > MAX_PARTY_CHARS or not re.search(r"[A-Z]", n) for n in names):
        return []
    return [resolve_party(n) for n in names]


def resolve_party(name: str) -> dict[str, Any]:
    """A party name with its country and sector where the actor dictionary resolves them."""
    name = re.sub(r"^(?:the|an?)\s+", "", name.strip(), flags=re.IGNORECASE)
    party: dict[str, Any] = {"name": name, "country": None, "sector": None}
    try:
        from .actors import lookup_actor
        from .actors.dictionary import get_dictionary

        actor = lookup_actor(name)
        if actor is not None:
            party.update(country=actor.country, sector=actor.sector)
            if actor.code:
                party["code"] = actor.code
            return party
        for match in get_dictionary().iter_matches(name):
            entry = match.best
            if party["country"] is None and entry.country:
                party["country"] = entry.country
            if party["sector"] is None and entry.sector:
                party["sector"] = entry.sector
    except Exception:  # the dictionary is an enrichment: a failure leaves the raw name
        pass
    return party


def _country_of(word: str) -> str | None:
    return resolve_party(word.strip(",.'’s")).get("country") if word[:1].isupper() else None


def _dedupe(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for it in items:
        key = _agreement_key(it)
        dup = next((o for o in out if _same_agreement(o, it, key)), None)
        if dup is None:
            out.append(it)
        elif len(it["parties"]) > len(dup["parties"]) or (
            len(it["parties"]) == len(dup["parties"]) and len(it["text"]) > len(dup["text"])
        ):
            out[out.index(dup)] = it
    return out


def _agreement_key(it: dict[str, Any]) -> frozenset[str]:
    """Distinctive capitalised words of an instrument's text: no instrument words, no country names."""
    words = re.findall(r"\b[A-Z][\w]+", re.sub(r"[-–—/]", " ", it["text"]))
    labels = {
        "mou",
        "mous",
        "protocol",
        "agreement",
        "agreements",
        "memorandum",
        "memoranda",
        "understanding",
        "accord",
        "treaty",
        "contract",
        "deal",
        "the",
        "an",
    }
    out = set()
    for w in words:
        low = w.lower().removesuffix("’s").removesuffix("'s")
        if len(low) > 2 and low not in labels and not _is_country_word(w):
            out.add(low)
    return frozenset(out)


@lru_cache(maxsize=4096)
def _is_country_word(word: str) -> bool:
    return (
        resolve_party(word.removesuffix("’s").removesuffix("'s")).get("country") is not None
        and resolve_party(word.removesuffix("’s").removesuffix("'s")).get("sector") is None
    )


def _same_agreement(a: dict[str, Any], b: dict[str, Any], key_b: frozenset[str]) -> bool:
    """Two mentions of one instrument: compatible labels and mostly the same distinctive names."""
    if (
        a["instrument"] != b["instrument"]
        and "agreement" not in (a["instrument"], b["instrument"])
        and "accord" not in (a["instrument"], b["instrument"])
    ):
        return False
    key_a = _agreement_key(a)
    if not key_a or not key_b:
        return a["text"].casefold() == b["text"].casefold()
    return len(key_a & key_b) / min(len(key_a), len(key_b)) >= SAME_AGREEMENT_OVERLAP


def merge_agreements(lists: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Union of several mentions' agreements with near-identical ones folded (more parties win)."""
    return _dedupe([it for lst in lists for it in lst])


def extract_figures(passage: str) -> list[dict[str, Any]]:
    """Money and quantities with units: ``[{"value": 1e9, "unit": "USD", "text": "$1 billion"}]``."""
    units = unit_patterns()
    found: list[tuple[int, dict[str, Any]]] = []
    spans: list[tuple[int, int]] = []

    def add(m: re.Match[str], value: float, unit: str) -> None:
        if any(s < m.end() and m.start() < e for s, e in spans):
            return
        spans.append((m.start(), m.end()))
        found.append((m.start(), {"value": value, "unit": unit, "text": m.group(0).strip()}))

    for pat, unit in units.get("currency_prefix", []):
        for m in re.finditer(
            r"(?<![\w$€£¥₹₽])(?:" + pat + r")\s?" + _NUM_RE + _SCALE_RE, passage, re.IGNORECASE
        ):
            add(m, _value(m), unit)
    for pat, unit in units.get("currency_suffix", []):
        rx = r"\b" + _NUM_RE + _SCALE_RE + r"\s+(?:" + pat + r")\b"
        for m in re.finditer(rx, passage, re.IGNORECASE):
            add(m, _value(m), unit)
    for pat, unit in units.get("quantity", []):
        rx = r"\b(?:" + _NUM_RE + _SCALE_RE + "|" + _NUMWORD_RE + r")\s+(?:[a-z]+\s+)?(?:" + pat + r")\b"
        for m in re.finditer(rx, passage, re.IGNORECASE):
            if m.group("num") and re.fullmatch(r"(?:19|20)\d\d", m.group("num")):
                continue  # "2026 agreements" is a year, not a count
            add(m, _value(m), unit)
    return [f for _, f in sorted(found, key=lambda x: x[0])]


def _value(m: re.Match[str]) -> float:
    groups = m.groupdict()
    if groups.get("word"):
        return float(_NUMBER_WORDS[groups["word"].lower()])
    value = float(groups["num"].replace(",", ""))
    scale = (groups.get("scale") or "").lower()
    return value * _SCALES.get(scale, 1.0)


def commitments(event_type: str, text: str, char_start: int, char_end: int) -> tuple[list[dict], list[dict]]:
    """Agreements and figures for one event mention (empty unless AGREE / COOPERATE / AID)."""
    if event_type not in COMMITMENT_TYPES or not text:
        return [], []
    char_start = max(0, min(char_start, len(text)))
    char_end = max(char_start, min(char_end, len(text)))
    passage = commitment_passage(text, char_start, char_end)
    return extract_agreements(passage), extract_figures(passage)

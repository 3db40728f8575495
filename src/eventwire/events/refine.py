"""Second-pass rules on a coded trigger: modality-driven type changes, violence types, actor-dependent readings.

All rules are tables in ``data/`` (see SOURCES.md there):

* ``intent_map.tsv``: an intended cooperative action is AGREE, an intended conflictual one THREATEN; a refused
  cooperative action is REJECT (PLOVER AGREE definition; CAMEO 03/12/13).
* ``weapons.tsv``: weapon words decide FIGHT (conventional force) versus ASSAULT (one-sided, unconventional)
  and set the PLOVER mode ("air strikes" -> FIGHT heavy-weapons, "suicide bomber" -> ASSAULT suicide-attack).
* ``sector_rules.tsv``: readings that depend on who acts (a government "protesting" is DISAPPROVE).
* ``light_verbs.tsv``: verbs that carry a nominal event ("carried out strikes", "clashes erupted").
* ``implied_targets.tsv``: the target of a protest, concession or repression that names none (its own country).
* ``threat_modes.tsv``: the content of a threat whose complement holds no coded event ("to institute a curfew").
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..records import PERSON_KINDS, Actor
from .mapping import cameo_for, describe

DATA = Path(__file__).with_name("data")

# Target sectors that make violence one-sided (ASSAULT) rather than combat between armed forces (FIGHT):
# civilians, refugees, students, media, aid workers, medical staff.
CIVILIAN_SECTORS = frozenset({"CVL", "REF", "EDU", "MED", "NGO", "HLH", "LAB", "BUS", "ELI"})


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8") as fh:
        lines = [ln for ln in fh if ln.strip() and not ln.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@lru_cache(maxsize=1)
def light_verbs() -> dict[tuple[str, str], set[str]]:
    """(lemma, particle or "") -> roles ("light", "occur")."""
    out: dict[tuple[str, str], set[str]] = {}
    for r in _rows("light_verbs.tsv"):
        out.setdefault((r["lemma"], "" if r["particle"] == "-" else r["particle"]), set()).add(r["role"])
    return out


@lru_cache(maxsize=1)
def _intent_rows() -> list[dict[str, str]]:
    return _rows("intent_map.tsv")


@dataclass(frozen=True, slots=True)
class Coding:
    """A PLOVER type/mode with its CAMEO code."""

    plover_type: str
    mode: str | None
    cameo: str


def shift(coding: Coding, when: str) -> Coding | None:
    """The coding an event takes when it is ``when`` ("intended" or "refused"); None if it does not change."""
    for r in _intent_rows():
        if r["when"] != when or r["from_type"] != coding.plover_type:
            continue
        if r["from_mode"] not in ("*", coding.mode or "-"):
            continue
        mode = coding.mode if r["to_mode"] == "=" else (None if r["to_mode"] == "-" else r["to_mode"])
        cameo = r["cameo"] if r["cameo"] != "-" else cameo_for(r["to_type"], mode)
        return Coding(r["to_type"], mode, cameo)
    return None


@lru_cache(maxsize=1)
def weapons() -> dict[tuple[str, ...], tuple[str | None, str | None, str]]:
    """Weapon word (as a lemma sequence) -> (type or None, mode or None, CAMEO code)."""
    return {
        tuple(r["word"].split("_")): (
            None if r["type"] == "-" else r["type"],
            None if r["mode"] == "-" else r["mode"],
            r["cameo"],
        )
        for r in _rows("weapons.tsv")
    }


def weapon_in(lemmas: list[str]) -> tuple[str | None, str | None, str] | None:
    """The most specific weapon entry found in a lemma sequence (longer entries first, then text order)."""
    table = weapons()
    best: tuple[int, int, tuple[str | None, str | None, str]] | None = None
    for i in range(len(lemmas)):
        for n in (3, 2, 1):
            key = tuple(lemmas[i : i + n])
            if len(key) == n and key in table:
                cand = (-n, i, table[key])
                if best is None or cand[:2] < best[:2]:
                    best = cand
                break
    return best[2] if best else None


# Generic violence codes that weapons and actors may refine; specific ones (torture, abduct, 186
# assassinate, 202 massacre, 1831 suicide bombing...) are kept as the lexicon gave them.
GENERIC_VIOLENCE = frozenset({"180", "183", "190", "193", "194", "195"})


def violence(
    coding: Coding, lemmas: list[str], target_sector: str | None, target_kind: str | None, trigger_lemma: str
) -> Coding:
    """FIGHT or ASSAULT, and the mode, for a violent event from weapon words and the target."""
    if coding.plover_type not in ("FIGHT", "ASSAULT") or coding.cameo not in GENERIC_VIOLENCE:
        return coding
    ptype, mode, cameo = coding.plover_type, coding.mode, coding.cameo
    weapon = weapon_in(lemmas)
    if weapon is not None:
        wtype, mode, wcode = weapon
        if wtype:
            ptype = wtype
            cameo = wcode
        elif mode == "firearms":
            cameo = "193" if ptype == "FIGHT" else cameo
    if target_sector in CIVILIAN_SECTORS and ptype == "FIGHT" and (weapon is None or weapon[0] is None):
        ptype, cameo = "ASSAULT", "180"
    if trigger_lemma in ("kill", "shoot", "assassinate") and target_kind in PERSON_KINDS:
        ptype, mode, cameo = "ASSAULT", "assassinate", "186"
    if ptype == "ASSAULT" and describe(cameo).root == "19":
        cameo = "180"
    if ptype == "FIGHT" and describe(cameo).root == "18":
        cameo = "190"
    return Coding(ptype, mode, cameo)


@lru_cache(maxsize=1)
def _threat_words() -> dict[tuple[str, ...], str]:
    return {tuple(r["word"].split("_")): r["mode"] for r in _rows("threat_modes.tsv")}


def threat_mode(lemmas: list[str]) -> str | None:
    """The THREATEN mode named by the content words of a threat (``data/threat_modes.tsv``): the longest entry
    first, then the first in text order."""
    table = _threat_words()
    for n in (3, 2, 1):
        for i in range(len(lemmas) - n + 1):
            mode = table.get(tuple(lemmas[i : i + n]))
            if mode:
                return mode
    return None


@lru_cache(maxsize=1)
def _implied_rows() -> dict[str, tuple[frozenset[str], str]]:
    return {
        r["type"]: (frozenset(r["source_sectors"].split(",")), r["target_sector"])
        for r in _rows("implied_targets.tsv")
    }


def implied_target(plover_type: str, source: Actor | None) -> Actor | None:
    """The target an event implies when it names none (``data/implied_targets.tsv``): the source's own country."""
    rule = _implied_rows().get(plover_type)
    if rule is None or source is None or not source.country or source.sector == "IGO" or source.kind == "igo":
        return None
    sectors, target_sector = rule
    if "*" not in sectors and (source.sector or "-") not in sectors:
        return None
    from ..actors import country_name

    name = country_name(source.country) or source.country
    label = {"GOV": "government", "CVL": "population"}.get(target_sector, target_sector.lower())
    return Actor(
        text=f"{name} {label}",
        name=f"{name} {label}",
        country=source.country,
        sector=target_sector,
        kind="country" if target_sector == "GOV" else "group",
        code=source.country + target_sector,
    )


@lru_cache(maxsize=1)
def _implied_source_rows() -> list[dict[str, str]]:
    return _rows("implied_sources.tsv")


def _listed(value: str | None, cell: str) -> bool:
    return cell == "*" or (value or "-") in cell.split(",")


def implied_source(coding: Coding, lemma: str) -> Actor | None:
    """The state body that does an agentless passive event (``data/implied_sources.tsv``), without a country: the
    caller places it."""
    for r in _implied_source_rows():
        if r["type"] != coding.plover_type:
            continue
        by_mode = r["modes"] != "*" and _listed(coding.mode, r["modes"])
        by_lemma = r["lemmas"] != "*" and _listed(lemma, r["lemmas"])
        if by_mode or by_lemma or (r["modes"] == "*" and r["lemmas"] == "*"):
            return Actor(text=r["text"], name=r["text"], country=None, sector=r["sector"], kind="group",
                         code=None)  # fmt: skip
    return None


@lru_cache(maxsize=1)
def _sector_rules() -> list[dict[str, str]]:
    return _rows("sector_rules.tsv")


def by_source(
    coding: Coding, trigger_lemma: str, source_kind: str | None, source_sector: str | None
) -> Coding | None:
    """The coding after actor-dependent readings; None when the rule says it is no event at all."""
    for r in _sector_rules():
        if r["lemma"] != trigger_lemma or r["from_type"] != coding.plover_type:
            continue
        kinds = set(r["source_kinds"].split(","))
        sectors = set(r["source_sectors"].split(","))
        if (source_kind and source_kind in kinds) or (source_sector and source_sector in sectors):
            if r["to_type"] == "-":
                return None
            mode = None if r["to_mode"] == "-" else r["to_mode"]
            return Coding(r["to_type"], mode, r["cameo"])
    return coding


@lru_cache(maxsize=1)
def _natural_causes() -> frozenset[str]:
    return frozenset(r["lemma"] for r in _rows("natural_causes.tsv"))


def natural_cause(lemmas: list[str]) -> str | None:
    """The first natural hazard or accident word among a sentence's lemmas (``data/natural_causes.tsv``)."""
    table = _natural_causes()
    return next((lm for lm in lemmas if lm in table), None)

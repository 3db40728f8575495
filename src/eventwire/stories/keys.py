"""Merge stage, keys: outlet, actor, merge and founder keys (pure functions)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from ..records import PERSON_KINDS, Actor, Event


def outlet_key(outlet: str | None, url: str | None, doc_id: str) -> str:
    """Who published an article, for counting sources: outlet name, else URL domain, else its document."""
    if outlet and outlet.strip():
        return "outlet:" + " ".join(outlet.casefold().split())
    if url:
        host = urlparse(url if "://" in url else "http://" + url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return "domain:" + host
    return "doc:" + doc_id


# A state named as itself ("Pakistan", "Islamabad" with no sector) merges as STATE: it may stand for any of the
# state's bodies or its people, never for the groups that fight or oppose it. "Pakistan has launched operations
# against the TTP" is not the event of "the TTP has attacked markets", though both sources are PAK.
STATE = "STATE"
NOT_THE_STATE = frozenset({"REB", "OPP", "CRM"})
STATE_KINDS = ("country", "capital")
# Sectors the coder gives a country named as itself ("Sudan denied", "Israel shelled"): still the state as a whole.
STATE_READINGS = frozenset({"GOV", "MIL"})


def merge_sector(sector: str | None, country: str | None, kind: str | None) -> str | None:
    """The sector an actor merges under: its own; STATE for a country or capital named with no sector, and for a
    country named as itself whose sector the coder read from the event (GOV, or MIL for an attacker: coder 0.5.27)."""
    if country and (
        (sector is None and kind in STATE_KINDS) or (kind == "country" and sector in STATE_READINGS)
    ):
        return STATE
    return sector


def sectors_compatible(a: str | None, b: str | None) -> bool:
    """Whether two merge sectors can be one actor's: equal, one unknown, or a state and anything but the groups
    that fight or oppose it."""
    if a is None or b is None or a == b:
        return True
    if STATE in (a, b):
        return (b if a == STATE else a) not in NOT_THE_STATE
    return False


def actor_key(a: Actor | dict[str, Any] | None) -> tuple[str, str | None]:
    """(who, sector) of an actor for merging: ISO3 country, else IGO/group code, else "-" (unknown); the sector
    as ``merge_sector`` reads it.

    An actor with neither ("the two sides", "officials") does not say who acted, so it matches any
    actor rather than founding an event of its own."""
    if a is None:
        return "-", None
    get = a.get if isinstance(a, dict) else lambda k: getattr(a, k)
    return get("country") or get("code") or "-", merge_sector(get("sector"), get("country"), get("kind"))


# Lower-case words a person's name may hold ("Ursula von der Leyen", "Abu Bakr al-Baghdadi").
NAME_PARTICLES = frozenset(
    "al bin ibn abu de da del della der den di dos das du el la le van von y zu ul ud".split()
)


def person_key(a: Actor | dict[str, Any] | None) -> str | None:
    """The casefolded name of a named person ("Gordon Sondland", "Grisham"), else None: an official or person
    whose resolved name is a proper name. A role standing for its holder ("United States prosecutor", "China
    ambassador") names no one."""
    if a is None:
        return None
    get = a.get if isinstance(a, dict) else lambda k: getattr(a, k)
    name, kind = get("name"), get("kind")
    if kind not in PERSON_KINDS or not name:
        return None
    words = name.replace("-", " ").split()
    if not words or any(not w[0].isupper() and w.casefold() not in NAME_PARTICLES for w in words):
        return None
    return " ".join(w.casefold() for w in name.split())


def persons_differ(a: str | None, b: str | None) -> bool:
    """Whether two named persons are two people: both named and neither name's words inside the other's
    ("Trump" is "Donald Trump"; "Donald Trump" is not "Stephanie Grisham")."""
    if not a or not b:
        return False
    wa, wb = set(a.split()), set(b.split())
    return not (wa <= wb or wb <= wa)


def sides_compatible(
    sector_a: str | None, person_a: str | None, sector_b: str | None, person_b: str | None
) -> bool:
    """Whether two readings of one side can be one actor: compatible sectors and never two different named
    people."""
    return sectors_compatible(sector_a, sector_b) and not persons_differ(person_a, person_b)


def merge_keys(story_id: str, ev: Event) -> list[str]:
    """Keys under which a mention may find its event, the preferred one first.

    Directed events look for their direction, then for the reciprocal form of the pair; reciprocal
    events look for the reciprocal form, then for either direction.
    """
    (src, _), (tgt, _) = actor_key(ev.source), actor_key(ev.target)
    head = f"{story_id}|{ev.event_type}|{ev.modality}|"
    pair = "<>".join(sorted((src, tgt)))
    if ev.reciprocal:
        return [head + pair, head + f"{src}>{tgt}", head + f"{tgt}>{src}"]
    return [head + f"{src}>{tgt}", head + pair]


def primary_key(story_id: str, ev: Event) -> str:
    """The key an event founded by this mention is stored under."""
    return merge_keys(story_id, ev)[0]


def founder_key(published: str | None, article_id: str, char_start: int | None, mid: str) -> str:
    """Sortable canonical position of a mention (undated articles sort last)."""
    return f"{published or '~'}|{article_id}|{max(char_start or 0, 0):09d}|{mid}"

"""Merge stage, step 2c: pending mentions join the event of their merge key or found one; twins fold.

The merge decisions are pure functions over typed records, testable without a database
(tests/test_event_merge.py): ``LiveEvent`` is a live event as this step indexes it (its key, founder,
date and sides), ``PendingMention`` a claim waiting for its event, and the claim itself an ``Event``.
``find_event`` picks the event a claim joins, ``partial_twins`` the one-sided events a full pair shows
to be the same, ``grow`` fills the sides a joining claim names, ``adds_evidence`` and ``evidence_values``
decide the evidence row, ``fold_plan`` the twins ``consolidate`` folds, ``periods_apart`` whether two
dates can be one happening. The SQL reads and writes are the small ``_read_*`` / ``_write_*`` /
``_move_event`` / ``_absorb_event`` functions; ``merge_events`` and ``consolidate`` run the two together.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import duckdb

from ..records import Actor, Confidence, Event, Evidence, stable_id
from ..store import Store
from .keys import (
    STATE,
    actor_key,
    founder_key,
    merge_keys,
    merge_sector,
    person_key,
    primary_key,
    sides_compatible,
)
from .signatures import safe_event
from .write import ALL_EVENT_COLUMNS, EVIDENCE_COLUMNS, bulk_insert, event_row

# Two mentions with text-derived day dates further apart than this are different events even with the
# same actors and type in the same story (the opening and the closing of a week-long round of talks
# are one story but may be two meetings). Three days spans a multi-day session ("Nov 25-27").
EVENT_DATE_GAP_DAYS = 3

# A claim dated only by its article's publication day happened on that day or in the week before
# ("on Tuesday" in Friday's paper); a text-dated claim that ends earlier than this is another event.
REPORT_LAG_DAYS = 7

# (event_id, article_id, char_start) -> the mention ids evidencing that sentence for that event
Evidenced = dict[tuple[str, str, int | None], set[str]]


@dataclass
class LiveEvent:
    """A live (not merged) event as the merge step indexes it: its merge key, founder, date and sides.
    ``source_who`` / ``target_who`` are actor keys (country, else code, else "-" for unknown); ``grow``
    fills the unknown ones as claims join."""

    event_id: str
    merge_key: str
    founder_key: str
    date: str | None = None
    date_source: str | None = None
    date_precision: str | None = None
    source_sector: str | None = None
    target_sector: str | None = None
    source_who: str = "-"
    target_who: str = "-"
    # the named person on each side (``person_key``), None for a body, a group or an unnamed official: claims by
    # two different people ("Trump slammed", "Grisham accused") are two events even with the same country codes
    source_person: str | None = None
    target_person: str | None = None

    @property
    def order(self) -> tuple[str, str]:
        """Canonical age: the older event (founded first) sorts first."""
        return self.founder_key, self.event_id


@dataclass
class PendingMention:
    """A stored claim with no event yet, with its article's story and provenance."""

    mention_id: str
    article_id: str
    payload: Any  # the coded Event as JSON (``safe_event`` reads it)
    char_start: int | None
    published: str | None
    story_id: str | None
    outlet: str | None
    url: str | None

    @property
    def founder_key(self) -> str:
        return founder_key(self.published, self.article_id, self.char_start, self.mention_id)


# ----------------------------------------------------------------------------- orchestration
def merge_events(
    store: Store, con: duckdb.DuckDBPyConnection, absorbed: dict[str, str], run_id: str
) -> set[str]:
    """Attach pending mentions to events; fold events of absorbed stories. Returns events touched."""
    index = _StoryIndex(store)
    touched = _fold_absorbed_stories(store, con, index, absorbed, run_id)
    return touched | _attach_mentions(store, con, index, run_id)


class _StoryIndex:
    """Live events by merge key, per story, read from the store when a story is first asked for."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.stories: dict[str, dict[str, list[LiveEvent]]] = {}

    def of(self, story_id: str) -> dict[str, list[LiveEvent]]:
        if story_id not in self.stories:
            self.stories[story_id] = _read_live_events(self.store, story_id)
        return self.stories[story_id]

    def preload(self, story_ids: set[str]) -> None:
        """Read the stories not read yet, in bulk (what ``of`` would read for each)."""
        self.stories.update(_read_live_events_by_story(self.store, sorted(story_ids - self.stories.keys())))

    def forget(self, story_id: str) -> None:
        self.stories.pop(story_id, None)


def _fold_absorbed_stories(
    store: Store, con: duckdb.DuckDBPyConnection, index: _StoryIndex, absorbed: dict[str, str], run_id: str
) -> set[str]:
    """1. Events of absorbed stories fold into the survivor's event they fit, or move to the survivor;
    oldest first."""
    touched: set[str] = set()
    # absorbed stories are never survivors (chains are resolved), so nothing below changes what is read here
    old_events = _read_stories_events(store, sorted(absorbed))
    index.preload(set(absorbed.values()))
    for old_story, survivor in sorted(absorbed.items()):
        for r in old_events.get(old_story, []):
            ev = _event_from_row(r)
            target = find_event(index.of(survivor), survivor, ev, None)
            if target is None:
                key = primary_key(survivor, ev)
                _move_event(con, r["event_id"], survivor, key, run_id)
                index.of(survivor)[key].append(_moved_live_event(r, ev, key))
                touched.add(r["event_id"])
                continue
            _absorb_event(con, r["event_id"], target.event_id, run_id)
            touched.add(target.event_id)
        index.forget(old_story)
    return touched


@dataclass
class _Unwritten:
    """New events, mention links and evidence rows not written yet. They are written in bulk (one statement
    each; DuckDB runs a statement per row at ~2 ms), and flushed before anything that reads them back."""

    events: list[list[Any]] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)  # mention_id -> event_id
    evidence: list[list[Any]] = field(default_factory=list)


def _attach_mentions(
    store: Store, con: duckdb.DuckDBPyConnection, index: _StoryIndex, run_id: str
) -> set[str]:
    """2. Pending mentions, in canonical order, join the event they fit or found one; a claim naming both
    actors folds the one-sided events it shows to be its own. Which sentences already evidence an event is
    tracked here (``adds_evidence``)."""
    mentions = _read_pending_mentions(store)
    article_ids = sorted({m.article_id for m in mentions})
    evidenced = _read_evidenced(store, article_ids) if mentions else defaultdict(set)
    unwritten = _Unwritten()
    touched: set[str] = set()
    # a pending mention's story is never an absorbed one, and its stored events change only once it is read
    index.preload({m.story_id for m in mentions if m.story_id is not None})
    for m in mentions:
        ev = safe_event(m.payload)
        if ev is None or m.story_id is None:
            continue
        by_key = index.of(m.story_id)
        found = find_event(by_key, m.story_id, ev, None)
        if found is None:
            event_id = stable_id("event", m.mention_id)
            key = primary_key(m.story_id, ev)
            seed = Event(**{**event_fields(ev), "event_id": event_id, "story_id": m.story_id})
            unwritten.events.append([*event_row(seed, run_id), key, m.founder_key])
            by_key[key].append(new_live_event(ev, event_id, key, m.founder_key))
        else:
            event_id = found.event_id
            grow(found, ev)
            # a claim naming both actors shows that events founded by one-sided claims ("Kenya signed",
            # "Ethiopia signed") are this one: the younger ones are absorbed, their ids stay resolvable
            twins = partial_twins(by_key, m.story_id, ev, found)
            if twins:
                _write_unwritten(con, unwritten)
                for other in twins:
                    _absorb_event(con, other.event_id, event_id, run_id)
                    drop_event(by_key, other)
                    touched.add(event_id)
                evidenced = _read_evidenced(store, article_ids)  # absorbing moved evidence rows
        unwritten.links[m.mention_id] = event_id
        evid = ev.evidence[0] if ev.evidence else None
        if adds_evidence(evidenced, event_id, m, evid):
            unwritten.evidence.append(evidence_values(event_id, m, evid))
        touched.add(event_id)
    _write_unwritten(con, unwritten)
    return touched


def consolidate(store: Store, con: duckdb.DuckDBPyConnection, story_ids: set[str], run_id: str) -> set[str]:
    """Fold live events of the given stories that share a merge key (compatible sectors, dates not apart)
    into the oldest; return the survivors that grew."""
    if not story_ids:
        return set()
    grown: set[str] = set()
    for old, survivor in fold_plan(_read_live_events_of(store, story_ids)):
        _absorb_event(con, old, survivor, run_id)
        grown.add(survivor)
    return grown


# ----------------------------------------------------------------------------- SQL: reads
def _read_live_events(store: Store, story_id: str) -> dict[str, list[LiveEvent]]:
    """The live events of a story by merge key, oldest first; an actor's key is its country, else code."""
    return _read_live_events_by_story(store, [story_id])[story_id]


# Stories whose events are read in one query (the events table is scanned once per chunk, not per story).
STORY_READ_CHUNK = 512


def _read_live_events_by_story(store: Store, story_ids: list[str]) -> dict[str, dict[str, list[LiveEvent]]]:
    """``_read_live_events`` for several stories (every one of them a key, with no events or some)."""
    out: dict[str, dict[str, list[LiveEvent]]] = {sid: defaultdict(list) for sid in story_ids}
    for i in range(0, len(story_ids), STORY_READ_CHUNK):
        for r in store.query(
            "SELECT e.story_id, event_id, merge_key, founder_key, date, date_source, date_precision, source_sector, "
            "target_sector, source_country, source_kind, target_country, target_kind, source_name, target_name, "
            "coalesce(source_country, source_code, '-') AS source_who, "
            "coalesce(target_country, target_code, '-') AS target_who "
            "FROM (SELECT unnest(?::VARCHAR[]) AS story_id) ids JOIN events e USING (story_id) "
            "WHERE e.merged_into IS NULL ORDER BY e.story_id, founder_key, event_id",
            [story_ids[i : i + STORY_READ_CHUNK]],
        ):
            sid = r.pop("story_id")
            out[sid][r["merge_key"]].append(_live_event(r))
    return out


def _read_live_events_of(store: Store, story_ids: set[str]) -> list[LiveEvent]:
    """The live events of several stories, by merge key, then oldest first (actor keys not read)."""
    rows = store.query(
        "SELECT event_id, merge_key, founder_key, date, date_source, date_precision, source_sector, target_sector, "
        "source_country, source_kind, target_country, target_kind, source_name, target_name FROM events "
        "WHERE list_contains(?, story_id) "
        "AND merged_into IS NULL ORDER BY merge_key, founder_key, event_id",
        [sorted(story_ids)],
    )
    return [_live_event(r) for r in rows]


def _live_event(r: dict[str, Any]) -> LiveEvent:
    """The index entry of a stored event row, its sides' sectors as ``merge_sector`` reads them."""
    for side in ("source", "target"):
        kind, name = r.pop(f"{side}_kind"), r.pop(f"{side}_name")
        r[f"{side}_person"] = person_key({"name": name, "kind": kind})
        r[f"{side}_sector"] = merge_sector(r[f"{side}_sector"], r.pop(f"{side}_country"), kind)
    return LiveEvent(**r)


def _read_stories_events(store: Store, story_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every column of the live events of each story, oldest first."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for i in range(0, len(story_ids), STORY_READ_CHUNK):
        for r in store.query(
            "SELECT e.* FROM (SELECT unnest(?::VARCHAR[]) AS story_id) ids JOIN events e USING (story_id) "
            "WHERE e.merged_into IS NULL ORDER BY e.story_id, e.founder_key, e.event_id",
            [story_ids[i : i + STORY_READ_CHUNK]],
        ):
            out[r["story_id"]].append(r)
    return out


def _read_pending_mentions(store: Store) -> list[PendingMention]:
    """The mentions with no event yet, with their article's story, outlet and URL, in canonical order."""
    rows = store.query(
        "SELECT m.mention_id, m.article_id, m.payload, m.char_start, a.published, a.story_id, a.outlet, a.url "
        "FROM event_mentions m JOIN articles a USING (article_id) WHERE m.event_id IS NULL"
    )
    mentions = [PendingMention(**r) for r in rows]
    mentions.sort(key=lambda m: m.founder_key)
    return mentions


def _read_evidenced(store: Store, article_ids: list[str]) -> Evidenced:
    """Which mentions evidence which sentence of these articles for which event."""
    evidenced: Evidenced = defaultdict(set)
    for e in store.query(
        "SELECT event_id, article_id, char_start, mention_id FROM evidence WHERE list_contains(?, article_id)",
        [article_ids],
    ):
        evidenced[(e["event_id"], e["article_id"], e["char_start"])].add(e["mention_id"])
    return evidenced


# ----------------------------------------------------------------------------- SQL: writes
def _write_unwritten(con: duckdb.DuckDBPyConnection, unwritten: _Unwritten) -> None:
    """Write the new events, the mentions' links to their events and the evidence rows; empty the lists."""
    bulk_insert(con, "events", ALL_EVENT_COLUMNS, unwritten.events)
    if unwritten.links:
        con.execute(
            "UPDATE event_mentions AS m SET event_id = v.event_id FROM (SELECT unnest(?::VARCHAR[]) AS "
            "mention_id, unnest(?::VARCHAR[]) AS event_id) AS v WHERE m.mention_id = v.mention_id",
            [list(unwritten.links), list(unwritten.links.values())],
        )
    bulk_insert(con, "evidence", EVIDENCE_COLUMNS, unwritten.evidence)
    unwritten.events.clear()
    unwritten.links.clear()
    unwritten.evidence.clear()


def _move_event(con: duckdb.DuckDBPyConnection, event_id: str, story_id: str, key: str, run_id: str) -> None:
    """An event of an absorbed story that fits none of the survivor's moves to the survivor under ``key``."""
    con.execute(
        "UPDATE events SET story_id = ?, merge_key = ?, updated_run = ? WHERE event_id = ?",
        [story_id, key, run_id, event_id],
    )


def _absorb_event(con: duckdb.DuckDBPyConnection, old: str, survivor: str, run_id: str) -> None:
    """``old`` turned out to be ``survivor``: link it, move its evidence and mentions."""
    con.execute(
        "UPDATE events SET merged_into = ?, updated_run = ? WHERE event_id = ?", [survivor, run_id, old]
    )
    # evidence rows move; a mention (or a sentence) already evidenced under the survivor keeps that row
    con.execute(
        "INSERT OR IGNORE INTO evidence SELECT ?, o.mention_id, o.article_id, o.sentence, o.char_start, o.char_end, "
        "o.source_name, o.url, o.published, o.trigger FROM evidence o WHERE o.event_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM evidence s WHERE s.event_id = ? AND s.article_id = o.article_id AND s.char_start = o.char_start)",
        [survivor, old, survivor],
    )
    con.execute("DELETE FROM evidence WHERE event_id = ?", [old])
    con.execute("UPDATE event_mentions SET event_id = ? WHERE event_id = ?", [survivor, old])
    # anything that pointed at the absorbed event now points at the survivor (no chains)
    con.execute("UPDATE events SET merged_into = ? WHERE merged_into = ?", [survivor, old])


# ----------------------------------------------------------------------------- records
def new_live_event(ev: Event, event_id: str, key: str, fkey: str) -> LiveEvent:
    """The index entry of an event a claim founds."""
    return LiveEvent(
        event_id=event_id,
        merge_key=key,
        founder_key=fkey,
        date=ev.date,
        date_source=ev.date_source,
        date_precision=ev.date_precision,
        source_sector=actor_key(ev.source)[1],
        target_sector=actor_key(ev.target)[1],
        source_who=actor_key(ev.source)[0],
        target_who=actor_key(ev.target)[0],
        source_person=person_key(ev.source),
        target_person=person_key(ev.target),
    )


def _moved_live_event(r: dict[str, Any], ev: Event, key: str) -> LiveEvent:
    """The index entry of a stored event (row ``r``, read as ``ev``) that moves to another story under ``key``."""
    return LiveEvent(
        event_id=r["event_id"],
        merge_key=key,
        founder_key=r["founder_key"],
        date=r["date"],
        date_source=r["date_source"],
        date_precision=r["date_precision"],
        source_sector=merge_sector(r["source_sector"], r["source_country"], r["source_kind"]),
        target_sector=merge_sector(r["target_sector"], r["target_country"], r["target_kind"]),
        source_who=actor_key(ev.source)[0],
        target_who=actor_key(ev.target)[0],
        source_person=person_key(ev.source),
        target_person=person_key(ev.target),
    )


def event_fields(ev: Event) -> dict[str, Any]:
    return {f: getattr(ev, f) for f in Event.__dataclass_fields__}


def _event_from_row(r: dict[str, Any]) -> Event:
    def actor(prefix: str) -> Actor | None:
        if r.get(f"{prefix}_name") is None and r.get(f"{prefix}_country") is None:
            return None
        return Actor(
            text=r[f"{prefix}_text"] or "",
            name=r[f"{prefix}_name"] or "",
            country=r[f"{prefix}_country"],
            sector=r[f"{prefix}_sector"],
            kind=r[f"{prefix}_kind"] or "",
            code=r[f"{prefix}_code"],
        )

    return Event(
        event_id=r["event_id"], event_type=r["event_type"], mode=r["mode"], context=list(r["context"] or []),
        modality=r["modality"], source=actor("source"), target=actor("target"), reciprocal=bool(r["reciprocal"]),
        date=r["date"], date_precision=r["date_precision"], date_source=r["date_source"] or "none",
        location=None, cameo_root=r["cameo_root"] or "", cameo_code=r["cameo_code"] or "",
        quad_class=r["quad_class"] or 0, goldstein=r["goldstein"] or 0.0, confidence=r["confidence"] or 0.0,
        confidences=Confidence(0, 0, 0, 0, 0, 0), coder_version=r["coder_version"] or "", story_id=r["story_id"],
    )  # fmt: skip


# ----------------------------------------------------------------------------- pure: which event a claim joins
def find_event(
    by_key: dict[str, list[LiveEvent]], story_id: str, ev: Event, exclude: LiveEvent | None
) -> LiveEvent | None:
    """The live event a claim belongs to: same key, compatible sectors and dates; oldest first. A full pair
    may complete an event founded by a one-sided claim; a one-sided claim joins the oldest event its
    actors do not contradict."""
    src, tgt = actor_key(ev.source)[0], actor_key(ev.target)[0]
    same_key = _same_key_event(by_key, story_id, ev, exclude)
    if same_key is not None:
        return same_key
    if "-" not in (src, tgt):
        return _completed_event(by_key, story_id, ev)
    return _fitting_event(by_key, story_id, ev, exclude)


def _same_key_event(
    by_key: dict[str, list[LiveEvent]], story_id: str, ev: Event, exclude: LiveEvent | None
) -> LiveEvent | None:
    """The oldest event under one of the claim's merge keys (preferred key first) whose sectors fit the
    pair's orientation and whose date is not apart."""
    (src, src_sector), (tgt, tgt_sector) = actor_key(ev.source), actor_key(ev.target)
    src_person, tgt_person = person_key(ev.source), person_key(ev.target)
    for key in merge_keys(story_id, ev):
        pair = key.rsplit("|", 1)[1]
        for cand in by_key.get(key, ()):
            if exclude is not None and cand.event_id == exclude.event_id:
                continue
            cs, ct = cand.source_sector, cand.target_sector
            cp, tp = cand.source_person, cand.target_person
            straight = sides_compatible(src_sector, src_person, cs, cp) and sides_compatible(
                tgt_sector, tgt_person, ct, tp
            )
            flipped = sides_compatible(tgt_sector, tgt_person, cs, cp) and sides_compatible(
                src_sector, src_person, ct, tp
            )
            if "<>" in pair:
                ok = straight or flipped  # a reciprocal pair has no orientation to respect
            elif pair == f"{tgt}>{src}" and src != tgt:
                ok = flipped
            else:
                ok = straight
            if ok and not _dates_apart(ev, cand):
                return cand
    return None


def _completed_event(by_key: dict[str, list[LiveEvent]], story_id: str, ev: Event) -> LiveEvent | None:
    """A full pair may still complete an event founded by a claim that missed one actor (the oldest)."""
    src, tgt = actor_key(ev.source)[0], actor_key(ev.target)[0]
    head = f"{story_id}|{ev.event_type}|{ev.modality}|"
    fits = [
        cand
        for key in by_key
        if key.startswith(head)
        and "-" in key.rsplit("|", 1)[1]
        and pair_fits(key.rsplit("|", 1)[1], src, tgt, ev.reciprocal)
        for cand in by_key[key]
        if not _dates_apart(ev, cand) and sides_fit(ev, cand, key)
    ]
    return min(fits, key=lambda c: c.order) if fits else None


def _fitting_event(
    by_key: dict[str, list[LiveEvent]], story_id: str, ev: Event, exclude: LiveEvent | None
) -> LiveEvent | None:
    """A claim that names only one actor (or none) joins the oldest event of its type and modality in the
    story whose actors it does not contradict."""
    src, tgt = actor_key(ev.source)[0], actor_key(ev.target)[0]
    head = f"{story_id}|{ev.event_type}|{ev.modality}|"
    best: LiveEvent | None = None
    for key, cands in by_key.items():
        if not key.startswith(head) or not pair_fits(key.rsplit("|", 1)[1], src, tgt, ev.reciprocal):
            continue
        for cand in cands:
            if exclude is not None and cand.event_id == exclude.event_id:
                continue
            if (
                not _dates_apart(ev, cand)
                and sides_fit(ev, cand, key)
                and (best is None or cand.order < best.order)
            ):
                best = cand
    return best


def partial_twins(
    by_key: dict[str, list[LiveEvent]], story_id: str, ev: Event, found: LiveEvent
) -> list[LiveEvent]:
    """Younger events founded by one-sided claims that a full-pair claim joining ``found`` also fits."""
    src, tgt = actor_key(ev.source)[0], actor_key(ev.target)[0]
    if "-" in (src, tgt):
        return []
    head = f"{story_id}|{ev.event_type}|{ev.modality}|"
    out = []
    for key in sorted(by_key):
        pair = key.rsplit("|", 1)[1]
        if not key.startswith(head) or "-" not in pair or not pair_fits(pair, src, tgt, ev.reciprocal):
            continue
        for cand in by_key[key]:
            if (
                cand.event_id != found.event_id
                and not _dates_apart(ev, cand)
                and sides_fit(ev, cand, key)
                and cand.order > found.order
            ):
                out.append(cand)
    return out


def drop_event(by_key: dict[str, list[LiveEvent]], gone: LiveEvent) -> None:
    """Take an absorbed event out of the index."""
    for cands in by_key.values():
        if gone in cands:
            cands.remove(gone)


def pair_fits(pair: str, src: str, tgt: str, reciprocal: bool) -> bool:
    """Whether a stored pair ("A>B" or "A<>B", "-" = unknown actor) can be the claim's (src, tgt)."""

    def same(x: str, y: str) -> bool:
        return x == y or "-" in (x, y)

    if "<>" in pair:
        a, b = pair.split("<>")
        return (same(a, src) and same(b, tgt)) or (same(a, tgt) and same(b, src))
    a, b = pair.split(">", 1)
    return (same(a, src) and same(b, tgt)) or (reciprocal and same(a, tgt) and same(b, src))


def sides_fit(ev: Event, cand: LiveEvent, key: str) -> bool:
    """Whether a claim's actors can be a stored event's, side by side: each side the same country or
    code and the same sector, or unknown on one side ("police" fits "Moldova police", never "Moldova
    army"), and never two different named people. Reciprocal claims and reciprocal events may match the other
    way round."""
    src, tgt = _claim_sides(ev)
    c_src, c_tgt = _known_sides(cand)

    if _side_fits(src, c_src) and _side_fits(tgt, c_tgt):
        return True
    return (
        (ev.reciprocal or "<>" in key.rsplit("|", 1)[1]) and _side_fits(src, c_tgt) and _side_fits(tgt, c_src)
    )


def grow(cand: LiveEvent, ev: Event) -> None:
    """Fill the sides a joining claim names and the indexed event did not know yet, so that later claims
    are matched against the event as it stands ("struck" with no target, then "exchanged fire with
    Pakistani forces": a later "militants were killed" no longer fits it)."""
    src, tgt = _claim_sides(ev)
    c_src, c_tgt = _known_sides(cand)
    if not (_side_fits(src, c_src) and _side_fits(tgt, c_tgt)):
        src, tgt = tgt, src  # the claim matched the other way round (reciprocal)
    if c_src[0] == "-":
        cand.source_who = src[0]
    if c_src[1] in (None, STATE) and src[1] is not None:
        cand.source_sector = src[1]  # a state named as itself is then the body or people a claim names
    if c_tgt[0] == "-":
        cand.target_who = tgt[0]
    if c_tgt[1] in (None, STATE) and tgt[1] is not None:
        cand.target_sector = tgt[1]
    cand.source_person = cand.source_person or src[2]
    cand.target_person = cand.target_person or tgt[2]


Side = tuple[str, str | None, str | None]  # (who, merge sector, named person)


def _claim_sides(ev: Event) -> tuple[Side, Side]:
    return (*actor_key(ev.source), person_key(ev.source)), (*actor_key(ev.target), person_key(ev.target))


def _known_sides(cand: LiveEvent) -> tuple[Side, Side]:
    """(who, sector, person) of the source and the target of an indexed event ("-": not known)."""
    return (
        (cand.source_who or "-", cand.source_sector, cand.source_person),
        (cand.target_who or "-", cand.target_sector, cand.target_person),
    )


def _side_fits(a: Side, b: Side) -> bool:
    return (a[0] == b[0] or "-" in (a[0], b[0])) and sides_compatible(a[1], a[2], b[1], b[2])


def _dates_apart(ev: Event, cand: LiveEvent) -> bool:
    return periods_apart(
        (ev.date, ev.date_precision, ev.date_source), (cand.date, cand.date_precision, cand.date_source)
    )


# ----------------------------------------------------------------------------- pure: evidence
def adds_evidence(evidenced: Evidenced, event_id: str, m: PendingMention, evid: Evidence | None) -> bool:
    """Whether a mention adds an evidence row to its event, recorded in ``evidenced`` when it does. One
    sentence is one mention of an event, however many claims it makes of it ("Kenya and Ethiopia signed
    ..." -> Kenya signed, Ethiopia signed): a second claim from the same sentence adds no evidence."""
    if evid is None or evid.char_start is None:
        return True
    seen = evidenced[(event_id, m.article_id, evid.char_start)]
    if seen - {m.mention_id}:
        return False
    seen.add(m.mention_id)
    return True


def evidence_values(event_id: str, m: PendingMention, evid: Evidence | None) -> list[Any]:
    """The evidence row of a mention (``EVIDENCE_COLUMNS``); the article fills what the claim lacks."""
    return [
        event_id, m.mention_id, m.article_id, evid.sentence if evid else None,
        evid.char_start if evid else None, evid.char_end if evid else None,
        (evid.source_name if evid and evid.source_name else m.outlet),
        (evid.url if evid and evid.url else m.url),
        (evid.published if evid and evid.published else m.published),
        evid.trigger if evid else None,
    ]  # fmt: skip


# ----------------------------------------------------------------------------- pure: folding twins, dates
def fold_plan(events: list[LiveEvent]) -> list[tuple[str, str]]:
    """(absorbed, survivor) event ids that fold twins: within a merge key (events given oldest first), an
    event folds into the oldest survivor whose sectors are compatible, whose named people are the same and whose
    date is not apart."""
    groups: dict[str, list[LiveEvent]] = defaultdict(list)
    for e in events:
        groups[e.merge_key].append(e)
    plan: list[tuple[str, str]] = []
    for members in groups.values():
        survivors: list[LiveEvent] = []
        for e in members:
            into = next(
                (
                    s
                    for s in survivors
                    if sides_compatible(e.source_sector, e.source_person, s.source_sector, s.source_person)
                    and sides_compatible(e.target_sector, e.target_person, s.target_sector, s.target_person)
                    and not _live_apart(e, s)
                ),
                None,
            )
            if into is None:
                survivors.append(e)
            else:
                plan.append((e.event_id, into.event_id))
    return plan


def _live_apart(a: LiveEvent, b: LiveEvent) -> bool:
    return periods_apart((a.date, a.date_precision, a.date_source), (b.date, b.date_precision, b.date_source))


def _period(date: str | None, precision: str | None) -> tuple[int, int] | None:
    """First and last ordinal day of an ISO date of day, month or year precision; None if unreadable."""
    from datetime import date as _date

    if not date:
        return None
    prec = precision or {10: "day", 7: "month", 4: "year"}.get(len(date))
    try:
        if prec == "day":
            d = _date.fromisoformat(date[:10]).toordinal()
            return d, d
        year = int(date[:4])
        if prec == "month":
            month = int(date[5:7])
            nxt = _date(year + month // 12, month % 12 + 1, 1)
            return _date(year, month, 1).toordinal(), nxt.toordinal() - 1
        if prec == "year":
            return _date(year, 1, 1).toordinal(), _date(year, 12, 31).toordinal()
    except ValueError:
        return None
    return None


def periods_apart(
    a: tuple[str | None, str | None, str | None], b: tuple[str | None, str | None, str | None]
) -> bool:
    """Whether two claims' dates (date, precision, date source) cannot be one happening.

    Text-derived dates are periods (a day, a month, a year): two are apart when the periods are more
    than ``EVENT_DATE_GAP_DAYS`` apart, so "in March" never joins "on 22 October" and a back-reference
    never joins the current event. A publication-date fallback says "reported that day, happened on it
    or in the days before": a text period ending more than ``REPORT_LAG_DAYS`` before it, or starting
    after it, is apart. Two fallbacks, or an undated claim, never split."""
    sources = {a[2], b[2]}
    if "text" not in sources or not sources <= {"text", "published"}:
        return False
    pa, pb = _period(a[0], a[1]), _period(b[0], b[1])
    if pa is None or pb is None:
        return False
    if sources == {"text"}:
        return pa[0] - pb[1] > EVENT_DATE_GAP_DAYS or pb[0] - pa[1] > EVENT_DATE_GAP_DAYS
    text, pub = (pa, pb) if a[2] == "text" else (pb, pa)
    return pub[0] - text[1] > REPORT_LAG_DAYS or text[0] - pub[1] > EVENT_DATE_GAP_DAYS

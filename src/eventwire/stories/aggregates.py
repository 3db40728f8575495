"""Merge stage, step 2d: best date and place, counts, agreements, figures and story summaries."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlparse

import duckdb
import numpy as np

from ..records import Actor, Event, Location
from ..store import Store
from .event_merge import event_fields, pair_fits
from .keys import actor_key, founder_key, primary_key
from .signatures import safe_event
from .write import ALL_EVENT_COLUMNS, EVENT_COLUMNS, bulk_insert, event_row

# Dyads and event types listed per story (the most frequent).
STORY_TOP = 5

_DATE_SOURCE_RANK = {"text": 2, "published": 1}

_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}

_PLACE_PRECISION_RANK = {"city": 4, "admin1": 3, "region": 3, "country": 2}


@dataclass
class StoredEvent:
    """What the store keeps of an event besides its merged record: story, merge state, keys, first run and
    counts (the merged record is recomputed; these are carried over)."""

    event_id: str
    story_id: str  # every merged event belongs to a story
    merged_into: str | None
    merge_key: str | None
    founder_key: str | None
    first_run: str | None
    num_articles: int | None
    num_sources: int | None
    num_mentions: int | None


@dataclass
class EventClaim:
    """One mention of an event, with its article's publication date and text (agreements, figures)."""

    mention_id: str
    article_id: str
    payload: Any  # the coded Event as JSON (``safe_event`` reads it)
    char_start: int | None
    char_end: int | None
    published: str | None
    text: str | None


def refresh_events(store: Store, con: duckdb.DuckDBPyConnection, event_ids: set[str], run_id: str) -> None:
    """Recompute the merged record of each touched event from all its mentions."""
    if not event_ids:
        return
    ids = sorted(event_ids)
    stored = _read_stored_events(store, ids)
    claims = _read_event_claims(store, ids)
    out: list[list[Any]] = []
    for event_id in ids:
        evs = _claimed_events(claims.get(event_id, []))
        row = stored.get(event_id)
        if row is None or not evs:
            continue
        out.append(merged_values(row, merged_event(row, evs), run_id))
    bulk_insert(con, "events", ALL_EVENT_COLUMNS, out)


def _read_stored_events(store: Store, ids: list[str]) -> dict[str, StoredEvent]:
    names = list(StoredEvent.__dataclass_fields__)
    return {
        r["event_id"]: StoredEvent(**{n: r[n] for n in names})
        for r in store.query("SELECT * FROM events WHERE list_contains(?, event_id)", [ids])
    }


def _read_event_claims(store: Store, ids: list[str]) -> dict[str, list[EventClaim]]:
    """The mentions of each event (in no particular order), with their articles' dates and texts."""
    claims: dict[str, list[EventClaim]] = defaultdict(list)
    for r in store.query(
        "SELECT m.event_id, m.mention_id, m.article_id, m.payload, m.char_start, m.char_end, a.published, a.text "
        "FROM event_mentions m JOIN articles a USING (article_id) WHERE list_contains(?, m.event_id)",
        [ids],
    ):
        event_id = r.pop("event_id")
        claims[event_id].append(EventClaim(**r))
    return claims


def _claimed_events(claims: list[EventClaim]) -> list[tuple[EventClaim, Event]]:
    """The claims of an event in canonical order (the first is the founder), each with its coded record;
    a claim whose payload is not an Event is left out."""
    ordered = sorted(claims, key=lambda c: founder_key(c.published, c.article_id, c.char_start, c.mention_id))
    return [(c, e) for c in ordered if (e := safe_event(c.payload)) is not None]


def merged_event(row: StoredEvent, evs: list[tuple[EventClaim, Event]]) -> Event:
    """The merged record of an event from its claims (canonical order): best-supported fields, and for a
    commitment the agreements and figures its sentences state."""
    from ..agreements import COMMITMENT_TYPES, commitments, merge_agreements

    merged = _combine([e for _, e in evs])
    merged.event_id = row.event_id
    merged.story_id = row.story_id
    merged.merged_into = row.merged_into
    if merged.event_type in COMMITMENT_TYPES:
        agr, figs = [], []
        for c, e in evs:
            a, f = commitments(e.event_type, c.text or "", c.char_start or 0, c.char_end or 0)
            agr.append([_as_agreement(x) for x in e.agreements] + a)
            figs += e.figures + f
        merged.agreements = merge_agreements(agr)
        merged.figures = _unique_figures(figs)
    return merged


def merged_values(row: StoredEvent, merged: Event, run_id: str) -> list[Any]:
    """The events-table row (``ALL_EVENT_COLUMNS``) of a merged record; first run, counts and founder are
    carried over from the stored row."""
    values = event_row(merged, run_id)
    values[EVENT_COLUMNS.index("first_run")] = row.first_run or run_id
    # counts are filled by recount_events (they also change when only copies arrive)
    for col in ("num_articles", "num_sources", "num_mentions"):
        count = getattr(row, col)
        values[EVENT_COLUMNS.index(col)] = count if count is not None else 1
    # the key follows the merged record: a claim that completed a missing actor makes the full pair findable
    key = primary_key(row.story_id, merged) if row.merged_into is None else row.merge_key
    return [*values, key, row.founder_key]


def _as_agreement(item: Any) -> dict[str, Any]:
    """Coder-supplied agreements may be plain strings (DESIGN §4); give them the structured shape."""
    if isinstance(item, dict) and "text" in item:
        return {
            "instrument": item.get("instrument") or "agreement",
            "parties": item.get("parties") or [],
            **item,
        }
    return {"instrument": "agreement", "text": str(item), "parties": []}


def _combine(evs: list[Event]) -> Event:
    """One record from the mentions of an event (given in canonical order; the first is the founder)."""
    first = evs[0]
    out = Event(**event_fields(first))
    out.evidence = []
    date, prec, src = best_date(evs)
    out.date, out.date_precision, out.date_source = date, prec, src
    out.location = best_place(evs)
    out.mode = _most_common([e.mode for e in evs if e.mode]) or first.mode
    out.context = sorted({c for e in evs for c in e.context})
    cameo = _most_common([e.cameo_code for e in evs if e.cameo_code]) or first.cameo_code
    rep = next((e for e in evs if e.cameo_code == cameo), first)
    out.cameo_code, out.cameo_root, out.quad_class, out.goldstein = (
        cameo,
        rep.cameo_root,
        rep.quad_class,
        rep.goldstein,
    )
    top = max(evs, key=lambda e: e.confidence)
    out.confidence, out.confidences = top.confidence, top.confidences
    out.source, out.target = _best_pair(evs)
    # reciprocity is a property of the pair: ask the claims that name both actors
    full = [e.reciprocal for e in evs if "-" not in (actor_key(e.source)[0], actor_key(e.target)[0])]
    out.reciprocal = bool(_most_common(full or [e.reciprocal for e in evs]))
    out.agreements = merge_agreements_plain([e.agreements for e in evs])
    out.figures = _unique_figures([f for e in evs for f in e.figures])
    return out


def merge_agreements_plain(lists: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Union of coder-supplied agreement lists (dicts or plain strings), first occurrence kept."""
    seen: set[str] = set()
    out: list[Any] = []
    for lst in lists:
        for it in lst:
            key = json.dumps(it, sort_keys=True, ensure_ascii=False).casefold()
            if key not in seen:
                seen.add(key)
                out.append(it)
    return out


def _best_pair(evs: list[Event]) -> tuple[Actor | None, Actor | None]:
    """Source and target of a merged event: the pair most claims agree on, most complete first; each side
    then takes its most frequent, most specific reading. Claims that name the pair the other way round
    (reciprocal events) count for it too. A side without a country or code in any fitting claim takes
    the most frequent country-less actor named there (None only when no claim names one)."""
    pairs = [(actor_key(e.source)[0], actor_key(e.target)[0]) for e in evs]

    def score(p: tuple[str, str]) -> tuple[int, int, int]:
        known = sum(x != "-" for x in p)
        support = sum(1 for i, q in enumerate(pairs) if q == p or (q == p[::-1] and evs[i].reciprocal))
        return known, support, -pairs.index(p)

    src_key, tgt_key = max(pairs, key=score)
    sources: list[Actor] = []
    targets: list[Actor] = []
    for e, (a, b) in zip(evs, pairs, strict=True):
        fits = pair_fits(f"{src_key}>{tgt_key}", a, b, False)
        flipped = e.reciprocal and pair_fits(f"{src_key}>{tgt_key}", b, a, False)
        if fits:
            sources += [e.source] if e.source is not None and a == src_key else []
            targets += [e.target] if e.target is not None and b == tgt_key else []
        elif flipped:
            sources += [e.target] if e.target is not None and b == src_key else []
            targets += [e.source] if e.source is not None and a == tgt_key else []
    # a side no claim gives a country or code for keeps the coder's country-less reading ("police",
    # "union representatives"): unknown for merging, but the event still says who acted
    source = _best_actor(sources)
    # one actor on both sides only when no claim names another target ("the TTP -> the TTP" from "the TTP
    # attacked" and "operations against the TTP" is no event of anyone's)
    others = [
        t for t in targets if t is not None and source is not None and _identity(t) != _identity(source)
    ]
    return source, _best_actor(others or targets)


def _identity(a: Actor) -> tuple[str, str | None, str | None, str | None]:
    return a.name, a.country, a.sector, a.code


def _best_actor(actors: Sequence[Actor | None]) -> Actor | None:
    """The most frequent reading of an actor; the most specific (with sector/code) among equals."""
    real = [a for a in actors if a is not None]
    if not real:
        return None
    counts = Counter(_identity(a) for a in real)
    best = max(
        real,
        key=lambda a: (
            counts[_identity(a)],
            a.sector is not None,
            a.code is not None,
            -real.index(a),
        ),
    )
    return best


def _most_common(values: list[Any]) -> Any:
    if not values:
        return None
    counts = Counter(values)
    return max(values, key=lambda v: (counts[v], -values.index(v)))


def best_date(evs: Sequence[Event]) -> tuple[str | None, str | None, str]:
    """The best-supported date of a merged event: text-derived dates outrank publication-date fallbacks,
    day precision outranks month and year, then the date most mentions agree on (a coarser date that
    contains it counts as agreeing), then the earliest."""
    cands = [(e.date, e.date_precision, e.date_source) for e in evs if e.date]
    if not cands:
        return None, None, "none"

    def support(d: str, source: str) -> int:
        return sum(1 for d2, _, s2 in cands if s2 == source and (d2 == d or d.startswith(d2)))

    best = min(
        cands,
        key=lambda c: (
            -_DATE_SOURCE_RANK.get(c[2], 0),
            -_PRECISION_RANK.get(c[1] or "", 0),
            -support(c[0], c[2]),
            c[0],
        ),
    )
    return best


def best_place(evs: Sequence[Event]) -> Location | None:
    """The best-supported place: most precise, then most mentions agreeing (same country counts), then name."""
    locs = [e.location for e in evs if e.location is not None and e.location.name]
    if not locs:
        return None

    def support(loc: Location) -> int:
        return sum(
            1
            for x in locs
            if x.name.casefold() == loc.name.casefold()
            or (x.precision == "country" and x.country and x.country == loc.country)
        )

    return min(
        locs, key=lambda x: (-_PLACE_PRECISION_RANK.get(x.precision, 0), -support(x), x.name.casefold())
    )


def _unique_figures(figs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, Any]] = set()
    out = []
    for f in figs:
        key = (f.get("value"), f.get("unit"))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def recount_events(store: Store, con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Set num_articles / num_sources / num_mentions of every live event from the store; return rows changed.

    num_articles counts distinct articles with near-duplicates folded into the article they copy;
    num_sources counts their distinct outlets (outlet name, else URL domain, else document); num_mentions
    counts every evidenced sentence (one per sentence, however many claims it makes), each multiplied by the exact copies of its article (re-posts, the same file
    ingested under another name), so copies weigh as mentions, never as independent sources.
    """
    rows = con.execute(
        """
        WITH m AS (
            SELECT v.event_id, v.article_id, coalesce(a.dup_of, a.article_id) AS kept
            FROM evidence v JOIN articles a USING (article_id)
        ),
        c AS (SELECT article_id, count(*) AS n FROM article_copies WHERE kind = 'exact' GROUP BY article_id),
        agg AS (
            SELECT m.event_id, count(DISTINCT m.kept) AS na, count(DISTINCT s.outlet_key) AS ns,
                   sum(1 + coalesce(c.n, 0)) AS nm
            FROM m LEFT JOIN c ON c.article_id = m.article_id
            LEFT JOIN article_signatures s ON s.article_id = m.kept
            GROUP BY m.event_id
        )
        SELECT e.event_id, agg.na, agg.ns, agg.nm FROM events e JOIN agg USING (event_id)
        WHERE e.merged_into IS NULL AND (e.num_articles IS DISTINCT FROM agg.na
            OR e.num_sources IS DISTINCT FROM agg.ns OR e.num_mentions IS DISTINCT FROM agg.nm)
        ORDER BY e.event_id
        """
    ).fetchall()
    if not rows:
        return 0
    con.executemany(
        "UPDATE events SET num_articles = ?, num_sources = ?, num_mentions = ?, updated_run = ? WHERE event_id = ?",
        [[int(na), max(int(ns), 1), int(nm), run_id, eid] for eid, na, ns, nm in rows],
    )
    return len(rows)


@dataclass
class StoryArticle:
    """An article of a story as its summary needs it."""

    article_id: str
    title: str | None
    text: str | None
    outlet: str | None
    url: str | None
    doc_id: str | None
    published: str | None
    dup_of: str | None
    ref_date: str | None
    embedding: list[float] | None


@dataclass
class StoryEvent:
    """A live event of a story: its type and the actor key (country, else code) of each side."""

    event_type: str
    source: str | None
    target: str | None


@dataclass
class StorySummary:
    """What the stories table says of a story."""

    title: str
    start: str | None
    end: str | None
    n_articles: int
    outlets: list[str]
    dyads: list[str]  # the STORY_TOP most frequent, most frequent first
    event_types: list[str]  # most frequent first
    centroid: list[float] | None


# Stories summarised per read: their articles (text included) are read in one query per chunk, so the
# global step scans the article table once per chunk, not once per story (that made it quadratic).
STORY_READ_CHUNK = 512


def refresh_stories(store: Store, con: duckdb.DuckDBPyConnection, story_ids: set[str], run_id: str) -> None:
    """Recompute title, span, outlets, dyads, event types and centroid of the touched stories."""
    ordered = sorted(story_ids)
    for i in range(0, len(ordered), STORY_READ_CHUNK):
        chunk = ordered[i : i + STORY_READ_CHUNK]
        articles = _read_stories_articles(con, chunk)
        events = _read_stories_events(con, chunk)
        for sid in chunk:
            members = articles.get(sid)
            if members:
                _write_story(con, sid, story_summary(members, events.get(sid, [])), run_id)


def _read_stories_articles(
    con: duckdb.DuckDBPyConnection, story_ids: list[str]
) -> dict[str, list[StoryArticle]]:
    """The articles of each story, in canonical order."""
    from .cluster import canonical_key

    rows = con.execute(
        "SELECT sa.story_id, a.article_id, a.title, a.text, a.outlet, a.url, a.doc_id, a.published, a.dup_of, "
        "s.ref_date, s.embedding FROM (SELECT unnest(?::VARCHAR[]) AS story_id) ids "
        "JOIN story_articles sa USING (story_id) JOIN articles a USING (article_id) "
        "LEFT JOIN article_signatures s USING (article_id)",
        [story_ids],
    ).fetchall()
    by_story: dict[str, list[StoryArticle]] = defaultdict(list)
    for r in rows:
        by_story[r[0]].append(StoryArticle(*r[1:]))
    return {
        sid: sorted(ms, key=lambda m: canonical_key({"published": m.published, "article_id": m.article_id}))
        for sid, ms in by_story.items()
    }


def _read_stories_events(con: duckdb.DuckDBPyConnection, story_ids: list[str]) -> dict[str, list[StoryEvent]]:
    """The live events of each story (source and target: country, else code)."""
    rows = con.execute(
        "SELECT e.story_id, e.event_type, e.source_country, e.target_country, e.source_code, e.target_code "
        "FROM (SELECT unnest(?::VARCHAR[]) AS story_id) ids JOIN events e USING (story_id) "
        "WHERE e.merged_into IS NULL",
        [story_ids],
    ).fetchall()
    by_story: dict[str, list[StoryEvent]] = defaultdict(list)
    for e in rows:
        by_story[e[0]].append(StoryEvent(e[1], e[2] or e[4], e[3] or e[5]))
    return by_story


def _write_story(con: duckdb.DuckDBPyConnection, story_id: str, s: StorySummary, run_id: str) -> None:
    con.execute(
        'UPDATE stories SET title = ?, start = ?, "end" = ?, n_articles = ?, outlets = ?, dyads = ?, '
        "event_types = ?, centroid = ?, updated_run = ? WHERE story_id = ?",
        [
            s.title, s.start, s.end, s.n_articles, json.dumps(s.outlets, ensure_ascii=False),
            json.dumps(s.dyads), json.dumps(s.event_types), s.centroid, run_id, story_id,
        ],
    )  # fmt: skip


def story_summary(members: list[StoryArticle], events: list[StoryEvent]) -> StorySummary:
    """A story's summary from its articles (canonical order; near-duplicates count for outlets only) and
    its live events: the first title, the span of the articles' days, the outlets, the most frequent
    dyads and event types, and the centroid of the article vectors."""
    originals = [m for m in members if m.dup_of is None] or members
    titled = next((m for m in originals if m.title), None)
    title = titled.title if titled and titled.title else _title_from_text(originals[0].text or "")
    days = sorted(d for m in originals for d in (m.ref_date or m.published,) if d)
    outlets = sorted({m.outlet or _domain(m.url) or "unknown outlet" for m in members})
    embs = [m.embedding for m in originals if m.embedding is not None]
    centroid = None
    if embs:
        c = np.mean(np.asarray(embs, dtype=np.float64), axis=0)
        centroid = [float(x) for x in c / (np.linalg.norm(c) or 1.0)]
    types = Counter(e.event_type for e in events)
    dyads = Counter("-".join(sorted((e.source, e.target))) for e in events if e.source and e.target)
    return StorySummary(
        title=title,
        start=days[0] if days else None,
        end=days[-1] if days else None,
        n_articles=len(originals),
        outlets=outlets,
        dyads=[d for d, _ in sorted(dyads.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_TOP]],
        event_types=[t for t, _ in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))],
        centroid=centroid,
    )


def _title_from_text(text: str) -> str:
    words = text.split()
    return " ".join(words[:12]) + (" …" if len(words) > 12 else "")


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url if "://" in url else "http://" + url).hostname or ""
    return host.removeprefix("www.") or None

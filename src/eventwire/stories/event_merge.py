"""Merge stage, step 2c: pending mentions join the event of their merge key or found one; twins fold."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import duckdb

from ..records import Actor, Confidence, Event, stable_id
from ..store import Store
from .keys import actor_key, founder_key, merge_keys, primary_key
from .signatures import safe_event
from .write import ALL_EVENT_COLUMNS, EVIDENCE_COLUMNS, bulk_insert, event_row

# Two mentions with text-derived day dates further apart than this are different events even with the
# same actors and type in the same story (the opening and the closing of a week-long round of talks
# are one story but may be two meetings). Three days spans a multi-day session ("Nov 25-27").
EVENT_DATE_GAP_DAYS = 3

# A claim dated only by its article's publication day happened on that day or in the week before
# ("on Tuesday" in Friday's paper); a text-dated claim that ends earlier than this is another event.
REPORT_LAG_DAYS = 7


def merge_events(
    store: Store, con: duckdb.DuckDBPyConnection, absorbed: dict[str, str], run_id: str
) -> set[str]:
    """Attach pending mentions to events; fold events of absorbed stories. Returns events touched."""
    touched: set[str] = set()
    # index of live events by key, loaded per story on demand
    index: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def events_of(story_id: str) -> dict[str, list[dict[str, Any]]]:
        if story_id not in index:
            by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for r in store.query(
                "SELECT event_id, merge_key, founder_key, date, date_source, date_precision, source_sector, "
                "target_sector, coalesce(source_country, source_code, '-') AS source_who, "
                "coalesce(target_country, target_code, '-') AS target_who FROM events "
                "WHERE story_id = ? AND merged_into IS NULL ORDER BY founder_key, event_id",
                [story_id],
            ):
                by_key[r["merge_key"]].append(r)
            index[story_id] = by_key
        return index[story_id]

    # 1. events of absorbed stories fold into the survivor, oldest first
    for old_story, survivor in sorted(absorbed.items()):
        olds = store.query(
            "SELECT * FROM events WHERE story_id = ? AND merged_into IS NULL ORDER BY founder_key, event_id",
            [old_story],
        )
        for r in olds:
            ev = _event_from_row(r)
            target = _find_event(events_of(survivor), survivor, ev, r)
            if target is None:
                key = primary_key(survivor, ev)
                con.execute(
                    "UPDATE events SET story_id = ?, merge_key = ?, updated_run = ? WHERE event_id = ?",
                    [survivor, key, run_id, r["event_id"]],
                )
                events_of(survivor)[key].append(
                    {
                        **r,
                        "merge_key": key,
                        "source_who": actor_key(ev.source)[0],
                        "target_who": actor_key(ev.target)[0],
                    }
                )
                touched.add(r["event_id"])
                continue
            _absorb_event(con, r["event_id"], target["event_id"], run_id)
            touched.add(target["event_id"])
        index.pop(old_story, None)

    # 2. pending mentions, in canonical order. New events, mention links and evidence are written in
    # bulk (one statement each; DuckDB runs a statement per row at ~2 ms), flushed before anything that
    # reads them back (absorbing a twin); which sentences already evidence an event is tracked here.
    rows = store.query(
        "SELECT m.mention_id, m.article_id, m.payload, m.char_start, a.published, a.story_id, a.outlet, a.url "
        "FROM event_mentions m JOIN articles a USING (article_id) WHERE m.event_id IS NULL"
    )
    rows.sort(key=lambda r: founder_key(r["published"], r["article_id"], r["char_start"], r["mention_id"]))
    new_events: list[list[Any]] = []
    links: dict[str, str] = {}  # mention_id -> event_id
    new_evidence: list[list[Any]] = []
    # (event_id, article_id, char_start) -> mention ids evidencing it
    evidenced: dict[tuple[str, str, int | None], set[str]] = defaultdict(set)

    def load_evidenced() -> None:
        evidenced.clear()
        for e in store.query(
            "SELECT event_id, article_id, char_start, mention_id FROM evidence WHERE list_contains(?, article_id)",
            [sorted({r["article_id"] for r in rows})],
        ):
            evidenced[(e["event_id"], e["article_id"], e["char_start"])].add(e["mention_id"])

    def flush() -> None:
        bulk_insert(con, "events", ALL_EVENT_COLUMNS, new_events)
        if links:
            con.execute(
                "UPDATE event_mentions AS m SET event_id = v.event_id FROM (SELECT unnest(?::VARCHAR[]) AS "
                "mention_id, unnest(?::VARCHAR[]) AS event_id) AS v WHERE m.mention_id = v.mention_id",
                [list(links), list(links.values())],
            )
        bulk_insert(con, "evidence", EVIDENCE_COLUMNS, new_evidence)
        new_events.clear()
        links.clear()
        new_evidence.clear()

    if rows:
        load_evidenced()
    for r in rows:
        ev = safe_event(r["payload"])
        story_id = r["story_id"]
        if ev is None or story_id is None:
            continue
        fkey = founder_key(r["published"], r["article_id"], r["char_start"], r["mention_id"])
        found = _find_event(events_of(story_id), story_id, ev, None)
        if found is None:
            event_id = stable_id("event", r["mention_id"])
            key = primary_key(story_id, ev)
            seed = Event(**{**event_fields(ev), "event_id": event_id, "story_id": story_id})
            new_events.append([*event_row(seed, run_id), key, fkey])
            events_of(story_id)[key].append(
                {
                    "event_id": event_id,
                    "merge_key": key,
                    "founder_key": fkey,
                    "date": ev.date,
                    "date_source": ev.date_source,
                    "date_precision": ev.date_precision,
                    "source_sector": ev.source.sector if ev.source else None,
                    "target_sector": ev.target.sector if ev.target else None,
                    "source_who": actor_key(ev.source)[0],
                    "target_who": actor_key(ev.target)[0],
                }
            )
        else:
            event_id = found["event_id"]
            _grow(found, ev)
            # a claim naming both actors shows that events founded by one-sided claims ("Kenya signed",
            # "Ethiopia signed") are this one: the younger ones are absorbed, their ids stay resolvable
            twins = _partial_twins(events_of(story_id), story_id, ev, found)
            if twins:
                flush()
            for other in twins:
                _absorb_event(con, other["event_id"], event_id, run_id)
                for cands in events_of(story_id).values():
                    if other in cands:
                        cands.remove(other)
                touched.add(event_id)
            if twins:
                load_evidenced()  # absorbing moved evidence rows to the survivor
        links[r["mention_id"]] = event_id
        evid = ev.evidence[0] if ev.evidence else None
        # one sentence is one mention of an event, however many claims it makes of it ("Kenya and Ethiopia
        # signed ..." -> Kenya signed, Ethiopia signed): a second claim from the same sentence adds no evidence
        if evid is not None and evid.char_start is not None:
            seen = evidenced[(event_id, r["article_id"], evid.char_start)]
            if seen - {r["mention_id"]}:
                touched.add(event_id)
                continue
            seen.add(r["mention_id"])
        new_evidence.append(
            [event_id, r["mention_id"], r["article_id"], evid.sentence if evid else None,
             evid.char_start if evid else None, evid.char_end if evid else None,
             (evid.source_name if evid and evid.source_name else r["outlet"]),
             (evid.url if evid and evid.url else r["url"]),
             (evid.published if evid and evid.published else r["published"]),
             evid.trigger if evid else None]
        )  # fmt: skip
        touched.add(event_id)
    flush()
    return touched


def consolidate(store: Store, con: duckdb.DuckDBPyConnection, story_ids: set[str], run_id: str) -> set[str]:
    """Fold live events of the given stories that share a merge key (compatible sectors, dates not apart)
    into the oldest; return the survivors that grew."""
    if not story_ids:
        return set()
    rows = store.query(
        "SELECT event_id, merge_key, founder_key, date, date_source, date_precision, source_sector, target_sector "
        "FROM events WHERE list_contains(?, story_id) AND merged_into IS NULL ORDER BY merge_key, founder_key, event_id",
        [sorted(story_ids)],
    )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r["merge_key"]].append(r)
    grown: set[str] = set()
    for members in groups.values():
        survivors: list[dict[str, Any]] = []
        for r in members:
            into = next(
                (
                    s
                    for s in survivors
                    if _compatible(r["source_sector"], s["source_sector"])
                    and _compatible(r["target_sector"], s["target_sector"])
                    and not _rows_apart(r, s)
                ),
                None,
            )
            if into is None:
                survivors.append(r)
            else:
                _absorb_event(con, r["event_id"], into["event_id"], run_id)
                grown.add(into["event_id"])
    return grown


def _rows_apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return periods_apart(
        (a.get("date"), a.get("date_precision"), a.get("date_source")),
        (b.get("date"), b.get("date_precision"), b.get("date_source")),
    )


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


def periods_apart(a: tuple[str | None, str | None, str], b: tuple[str | None, str | None, str]) -> bool:
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


def event_fields(ev: Event) -> dict[str, Any]:
    return {f: getattr(ev, f) for f in Event.__dataclass_fields__}


def _find_event(
    by_key: dict[str, list[dict[str, Any]]], story_id: str, ev: Event, exclude: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The live event a claim belongs to: same key, compatible sectors and dates; oldest first."""
    src, tgt = actor_key(ev.source)[0], actor_key(ev.target)[0]
    src_sector = ev.source.sector if ev.source else None
    tgt_sector = ev.target.sector if ev.target else None
    for key in merge_keys(story_id, ev):
        pair = key.rsplit("|", 1)[1]
        for cand in by_key.get(key, ()):
            if exclude is not None and cand["event_id"] == exclude["event_id"]:
                continue
            cs, ct = cand.get("source_sector"), cand.get("target_sector")
            straight = _compatible(src_sector, cs) and _compatible(tgt_sector, ct)
            flipped = _compatible(tgt_sector, cs) and _compatible(src_sector, ct)
            if "<>" in pair:
                ok = straight or flipped  # a reciprocal pair has no orientation to respect
            elif pair == f"{tgt}>{src}" and src != tgt:
                ok = flipped
            else:
                ok = straight
            if ok and not _dates_apart(ev, cand):
                return cand
    if "-" not in (src, tgt):
        # a full pair may still complete an event founded by a claim that missed one actor (the oldest)
        head = f"{story_id}|{ev.event_type}|{ev.modality}|"
        fits = [
            cand
            for key in by_key
            if key.startswith(head)
            and "-" in key.rsplit("|", 1)[1]
            and pair_fits(key.rsplit("|", 1)[1], src, tgt, ev.reciprocal)
            for cand in by_key[key]
            if not _dates_apart(ev, cand) and _sides_fit(ev, cand, key)
        ]
        return min(fits, key=lambda c: (c["founder_key"], c["event_id"])) if fits else None
    # a claim that names only one actor (or none) joins the oldest event of its type and modality in the
    # story whose actors it does not contradict
    head = f"{story_id}|{ev.event_type}|{ev.modality}|"
    best: dict[str, Any] | None = None
    for key, cands in by_key.items():
        if not key.startswith(head) or not pair_fits(key.rsplit("|", 1)[1], src, tgt, ev.reciprocal):
            continue
        for cand in cands:
            if exclude is not None and cand["event_id"] == exclude["event_id"]:
                continue
            if (
                not _dates_apart(ev, cand)
                and _sides_fit(ev, cand, key)
                and (
                    best is None
                    or (cand["founder_key"], cand["event_id"]) < (best["founder_key"], best["event_id"])
                )
            ):
                best = cand
    return best


def _partial_twins(
    by_key: dict[str, list[dict[str, Any]]], story_id: str, ev: Event, found: dict[str, Any]
) -> list[dict[str, Any]]:
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
                cand["event_id"] != found["event_id"]
                and not _dates_apart(ev, cand)
                and _sides_fit(ev, cand, key)
                and ((cand["founder_key"], cand["event_id"]) > (found["founder_key"], found["event_id"]))
            ):
                out.append(cand)
    return out


def pair_fits(pair: str, src: str, tgt: str, reciprocal: bool) -> bool:
    """Whether a stored pair ("A>B" or "A<>B", "-" = unknown actor) can be the claim's (src, tgt)."""

    def same(x: str, y: str) -> bool:
        return x == y or "-" in (x, y)

    if "<>" in pair:
        a, b = pair.split("<>")
        return (same(a, src) and same(b, tgt)) or (same(a, tgt) and same(b, src))
    a, b = pair.split(">", 1)
    return (same(a, src) and same(b, tgt)) or (reciprocal and same(a, tgt) and same(b, src))


def _sides_fit(ev: Event, cand: dict[str, Any], key: str) -> bool:
    """Whether a claim's actors can be a stored event's, side by side: each side the same country or
    code and the same sector, or unknown on one side ("police" fits "Moldova police", never "Moldova
    army"). Reciprocal claims and reciprocal events may match the other way round."""
    src, tgt = actor_key(ev.source), actor_key(ev.target)
    c_src = (cand.get("source_who") or "-", cand.get("source_sector"))
    c_tgt = (cand.get("target_who") or "-", cand.get("target_sector"))

    if _side_fits(src, c_src) and _side_fits(tgt, c_tgt):
        return True
    return (
        (ev.reciprocal or "<>" in key.rsplit("|", 1)[1]) and _side_fits(src, c_tgt) and _side_fits(tgt, c_src)
    )


def _grow(cand: dict[str, Any], ev: Event) -> None:
    """Fill the sides a joining claim names and the indexed event did not know yet, so that later claims
    are matched against the event as it stands ("struck" with no target, then "exchanged fire with
    Pakistani forces": a later "militants were killed" no longer fits it)."""
    src, tgt = actor_key(ev.source), actor_key(ev.target)
    c_src = (cand.get("source_who") or "-", cand.get("source_sector"))
    c_tgt = (cand.get("target_who") or "-", cand.get("target_sector"))
    if not (_side_fits(src, c_src) and _side_fits(tgt, c_tgt)):
        src, tgt = tgt, src  # the claim matched the other way round (reciprocal)
    for side, claim, known in (("source", src, c_src), ("target", tgt, c_tgt)):
        if known[0] == "-":
            cand[f"{side}_who"] = claim[0]
        if known[1] is None:
            cand[f"{side}_sector"] = claim[1]


def _side_fits(a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    return (a[0] == b[0] or "-" in (a[0], b[0])) and _compatible(a[1], b[1])


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _dates_apart(ev: Event, cand: dict[str, Any]) -> bool:
    return periods_apart(
        (ev.date, ev.date_precision, ev.date_source),
        (cand.get("date"), cand.get("date_precision"), cand.get("date_source")),
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

"""Merge stage: per-sentence event mentions -> stored events with their evidence.

Coded events arrive as *mentions* (one claim in one sentence of one article, stored in
``event_mentions`` with the whole record as JSON). ``finalize`` turns the mentions that have no
event yet into rows of ``events`` and ``evidence``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import duckdb

from .records import Actor, Article, Confidence, Event, Evidence, Location
from .store import Store


def write_mentions(con: duckdb.DuckDBPyConnection, article: Article, events: Sequence[Event], run_id: str) -> int:
    """Store the coded events of one new article as mentions (inside the caller's transaction)."""
    n = 0
    for ev in events:
        ev_evidence = ev.evidence[0] if ev.evidence else None
        con.execute(
            "INSERT OR IGNORE INTO event_mentions VALUES (?, ?, NULL, ?, ?, ?, ?, ?)",
            [
                ev.event_id,
                article.article_id,
                json.dumps(ev.to_dict(), ensure_ascii=False),
                ev_evidence.sentence if ev_evidence else None,
                ev_evidence.char_start if ev_evidence else None,
                ev_evidence.char_end if ev_evidence else None,
                run_id,
            ],
        )
        n += 1
    return n


def event_from_dict(d: dict[str, Any]) -> Event:
    """Rebuild an Event from its JSON form (as stored in event_mentions.payload)."""
    d = dict(d)
    for side in ("source", "target"):
        if d.get(side):
            d[side] = Actor(**d[side])
    if d.get("location"):
        d["location"] = Location(**d["location"])
    d["confidences"] = Confidence(**d["confidences"])
    d["evidence"] = [Evidence(**e) for e in d.get("evidence", [])]
    return Event(**d)


EVENT_COLUMNS = (
    "event_id", "story_id", "event_type", "mode", "context", "modality",
    "source_text", "source_name", "source_country", "source_sector", "source_kind", "source_code",
    "target_text", "target_name", "target_country", "target_sector", "target_kind", "target_code",
    "reciprocal", "date", "date_precision", "date_source",
    "location_name", "location_country", "lat", "lon", "location_precision",
    "cameo_root", "cameo_code", "quad_class", "goldstein", "confidence", "confidences", "coder_version",
    "num_articles", "num_sources", "num_mentions", "agreements", "figures", "merged_into",
    "first_run", "updated_run",
)  # fmt: skip


def event_row(ev: Event, run_id: str) -> list[Any]:
    """Flatten an Event into the ``events`` table's column order."""

    def actor(a: Actor | None) -> list[Any]:
        if a is None:
            return [None] * 6
        return [a.text, a.name, a.country, a.sector, a.kind, a.code]

    loc = ev.location
    return [
        ev.event_id, ev.story_id, ev.event_type, ev.mode, list(ev.context), ev.modality,
        *actor(ev.source), *actor(ev.target),
        ev.reciprocal, ev.date, ev.date_precision, ev.date_source,
        loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None,
        loc.lon if loc else None, loc.precision if loc else None,
        ev.cameo_root, ev.cameo_code, ev.quad_class, ev.goldstein, ev.confidence,
        json.dumps(ev.confidences.to_dict()), ev.coder_version,
        ev.num_articles, ev.num_sources, ev.num_mentions,
        json.dumps(ev.agreements, ensure_ascii=False), json.dumps(ev.figures, ensure_ascii=False),
        ev.merged_into, run_id, run_id,
    ]  # fmt: skip


_INSERT_EVENT = (
    f"INSERT OR REPLACE INTO events ({', '.join(EVENT_COLUMNS)}) "  # noqa: S608 (fixed column list)
    f"VALUES ({', '.join('?' for _ in EVENT_COLUMNS)})"
)


def finalize(store: Store, run_id: str) -> int:
    """Turn pending mentions into events with evidence; return the number of stories touched."""
    rows = store.query(
        "SELECT m.mention_id, m.payload FROM event_mentions m WHERE m.event_id IS NULL ORDER BY m.mention_id"
    )
    if not rows:
        return 0
    with store.transaction() as con:
        for row in rows:
            ev = event_from_dict(json.loads(row["payload"]))
            con.execute(_INSERT_EVENT, event_row(ev, run_id))
            for e in ev.evidence:
                con.execute(
                    "INSERT OR IGNORE INTO evidence VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [ev.event_id, row["mention_id"], e.article_id, e.sentence, e.char_start, e.char_end,
                     e.source_name, e.url, e.published, e.trigger],
                )
            con.execute("UPDATE event_mentions SET event_id = ? WHERE mention_id = ?", [ev.event_id, row["mention_id"]])
    return 0

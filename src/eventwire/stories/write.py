"""Merge stage, writing: event mentions in, the event and evidence rows and their bulk insert."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import duckdb

from ..records import Actor, Article, Confidence, Event, Evidence, Location, stable_id


def mention_id(article_id: str, ev: Event) -> str:
    """Stable id of one coded claim: the article, the coder's event id and the sentence offset."""
    ev_start = ev.evidence[0].char_start if ev.evidence else -1
    return stable_id("mention", article_id, ev.event_id, str(ev_start))


def write_mentions(
    con: duckdb.DuckDBPyConnection, article: Article, events: Sequence[Event], run_id: str
) -> int:
    """Store the coded events of one new article as mentions (inside the caller's transaction)."""
    return write_mentions_many(con, [(article, events)], run_id)


def write_mentions_many(
    con: duckdb.DuckDBPyConnection, items: Sequence[tuple[Article, Sequence[Event]]], run_id: str
) -> int:
    """Store the coded events of many new articles as mentions, in one statement (DuckDB runs ``executemany``
    row by row); returns how many events were given."""
    rows = []
    seen: set[str] = set()
    given = 0
    for article, events in items:
        given += len(events)
        for ev in events:
            evid = ev.evidence[0] if ev.evidence else None
            mid = mention_id(article.article_id, ev)
            if mid in seen:  # what INSERT OR IGNORE did with a repeated claim, row by row
                continue
            seen.add(mid)
            rows.append(
                [
                    mid,
                    article.article_id,
                    json.dumps(ev.to_dict(), ensure_ascii=False),
                    evid.sentence if evid else None,
                    evid.char_start if evid else None,
                    evid.char_end if evid else None,
                    run_id,
                ]
            )
    if len(rows) == 1:
        con.execute("INSERT OR IGNORE INTO event_mentions VALUES (?, ?, NULL, ?, ?, ?, ?, ?)", rows[0])
    elif rows:
        cols = list(zip(*rows, strict=True))
        con.execute(
            "INSERT OR IGNORE INTO event_mentions SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), NULL, "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::INTEGER[]), "
            "unnest(?::VARCHAR[])",
            [list(c) for c in cols],
        )
    return given


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


ALL_EVENT_COLUMNS = (*EVENT_COLUMNS, "merge_key", "founder_key")
_INSERT_EVENT = (
    f"INSERT OR REPLACE INTO events ({', '.join(ALL_EVENT_COLUMNS)}) "  # noqa: S608 (fixed column list)
    f"VALUES ({', '.join('?' for _ in ALL_EVENT_COLUMNS)})"
)
EVIDENCE_COLUMNS = (
    "event_id", "mention_id", "article_id", "sentence", "char_start", "char_end", "source_name", "url",
    "published", "trigger",
)  # fmt: skip


def bulk_insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """``INSERT OR REPLACE`` of many rows in one statement (DuckDB runs ``executemany`` row by row, ~2 ms a
    row). ``table`` and ``columns`` are fixed names from this module, never user input."""
    if not rows:
        return
    import pyarrow as pa

    cols = ", ".join(columns)
    data = pa.table({c: pa.array([r[i] for r in rows]) for i, c in enumerate(columns)})
    view = f"eventwire_bulk_{table}"
    con.register(view, data)
    try:
        con.execute(f"INSERT OR REPLACE INTO {table} ({cols}) SELECT {cols} FROM {view}")  # noqa: S608
    finally:
        con.unregister(view)

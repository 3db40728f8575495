"""Read-side aggregates and keyset pages for the API, the dashboard and plots.

Every function takes a DuckDB connection or cursor and an ``EventFilter`` (the CLI's filter
vocabulary, from ``queries``) and returns plain dicts. SQL is built from fixed fragments chosen
from allow-lists (sort keys, buckets) plus ``?`` parameters; no user text reaches the SQL.
Aggregation happens here, in DuckDB, so a client never receives more rows than it shows.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import duckdb

from ..errors import EventwireError
from .queries import EventFilter, event_dict

# Keyset sort orders: name -> (key expression, direction). NULL keys are replaced by a value that
# sorts last in that direction, so the key is always comparable and every row is reachable.
EVENT_SORTS: dict[str, tuple[str, str]] = {
    "date": ("coalesce(date, '~')", "ASC"),
    "-date": ("coalesce(date, '')", "DESC"),
    "confidence": ("coalesce(confidence, 'Infinity'::DOUBLE)", "ASC"),
    "-confidence": ("coalesce(confidence, '-Infinity'::DOUBLE)", "DESC"),
    "goldstein": ("coalesce(goldstein, 'Infinity'::DOUBLE)", "ASC"),
    "-goldstein": ("coalesce(goldstein, '-Infinity'::DOUBLE)", "DESC"),
    "sources": ("coalesce(num_sources, 2147483647)", "ASC"),
    "-sources": ("coalesce(num_sources, -1)", "DESC"),
}
STORY_SORTS: dict[str, tuple[str, str]] = {
    "-start": ("coalesce(s.start, '')", "DESC"),
    "start": ("coalesce(s.start, '~')", "ASC"),
    "-events": ("m.n_events", "DESC"),
}
BUCKETS = ("day", "week", "month")
# Most points a timeline may return. 5,000 days is ~14 years: any longer span needs a coarser
# bucket. It bounds the response (~0.5 MB) and the zero-filling loop.
MAX_TIMELINE_POINTS = 5000
# Most evidence rows returned with one event; a much-reported event can have hundreds of mentions,
# and a page of 500 events must stay small.
MAX_EVIDENCE_PER_EVENT = 50
# Most events and articles listed inside one story record.
MAX_STORY_ITEMS = 500
# The stored date is a string: full days (YYYY-MM-DD) can go into day/week buckets, months
# (YYYY-MM) into month buckets; coarser dates are counted as excluded, never guessed.
_DAY_LEN, _MONTH_LEN = 10, 7


@dataclass(slots=True)
class Page:
    """One keyset page: rows, and the sort key of the last row when more rows follow."""

    rows: list[dict[str, Any]]
    last_key: list[Any] | None  # [sort value, id] of the last row, or None on the last page


def _rows(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    res = cur.execute(sql, list(params))
    cols = [d[0] for d in res.description] if res.description else []
    return [dict(zip(cols, r, strict=True)) for r in res.fetchall()]


def _has_column(cur: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    """Whether the store has this column (older schema versions lack some)."""
    row = cur.execute(
        "SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database() AND table_name = ? "
        "AND column_name = ?", [table, column]).fetchone()  # fmt: skip
    return bool(row and row[0])


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f"WHERE {clause}"


def _keyset(expr: str, direction: str, id_col: str) -> str:
    op = ">" if direction == "ASC" else "<"
    return f"({expr} {op} ? OR ({expr} = ? AND {id_col} {op} ?))"


# ----------------------------------------------------------------------------- events
def page_events(cur: duckdb.DuckDBPyConnection, flt: EventFilter, *, sort: str = "date", limit: int = 50,
                after: Sequence[Any] | None = None) -> Page:  # fmt: skip
    """One page of events (flat ``events`` rows) in ``sort`` order, starting after key ``after``."""
    expr, direction = EVENT_SORTS[sort]
    where, params = flt.where()
    if after is not None:
        where = _and(where, _keyset(expr, direction, "event_id"))
        params += [after[0], after[0], after[1]]
    # Two steps: order only (key, id) over the matching rows, then fetch the page's full rows by
    # primary key. Sorting narrow rows is ~2x faster than carrying all 40 columns through the top-N.
    sql = (f"SELECT event_id, {expr} AS _sort_key FROM events {where} "  # noqa: S608 (allow-listed fragments)
           f"ORDER BY _sort_key {direction}, event_id {direction} LIMIT ?")  # fmt: skip
    keys = cur.execute(sql, params + [limit + 1]).fetchall()
    more = len(keys) > limit
    keys = keys[:limit]
    last = [keys[-1][1], keys[-1][0]] if more and keys else None
    if not keys:
        return Page([], None)
    # One ? marker per id (at most the maximum page size): values stay parameters, and DuckDB answers an
    # IN list of parameters from the primary-key index.
    marks = ", ".join("?" for _ in keys)
    rows = _rows(cur, f"SELECT * FROM events WHERE event_id IN ({marks})", [k[0] for k in keys])  # noqa: S608
    order = {k[0]: i for i, k in enumerate(keys)}
    rows.sort(key=lambda r: order[r["event_id"]])
    return Page(rows, last)


def evidence_for(cur: duckdb.DuckDBPyConnection, event_ids: Sequence[str],
                 per_event: int = MAX_EVIDENCE_PER_EVENT) -> dict[str, list[dict[str, Any]]]:  # fmt: skip
    """Evidence rows of each event (at most ``per_event``), oldest publication first."""
    if not event_ids:
        return {}
    rows = _rows(
        cur,
        "SELECT * FROM (SELECT v.*, row_number() OVER (PARTITION BY v.event_id "
        "ORDER BY v.published NULLS LAST, v.article_id, v.char_start) AS _n "
        "FROM evidence v WHERE v.event_id IN (SELECT unnest(?))) WHERE _n <= ? "
        "ORDER BY event_id, _n",
        [list(event_ids), per_event],
    )
    out: dict[str, list[dict[str, Any]]] = {}
    for r in rows:
        r.pop("_n", None)
        out.setdefault(r["event_id"], []).append(r)
    return out


def events_with_evidence(cur: duckdb.DuckDBPyConnection, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event records (docs/outputs.md) for flat event rows, with their evidence nested."""
    evid = evidence_for(cur, [r["event_id"] for r in rows])
    return [event_dict(r, evid.get(r["event_id"], [])) for r in rows]


def get_event(cur: duckdb.DuckDBPyConnection, event_id: str) -> dict[str, Any] | None:
    """One event record with all its evidence (up to the cap) and the number of evidence rows."""
    rows = _rows(cur, "SELECT * FROM events WHERE event_id = ?", [event_id])
    if not rows:
        return None
    rec = events_with_evidence(cur, rows)[0]
    rec["num_evidence"] = cur.execute(
        "SELECT count(*) FROM evidence WHERE event_id = ?", [event_id]
    ).fetchone()[0]
    return rec


def get_article(cur: duckdb.DuckDBPyConnection, article_id: str) -> dict[str, Any] | None:
    """One stored article: metadata, full text, story, and its copies elsewhere."""
    rows = _rows(
        cur,
        "SELECT article_id, title, outlet, url, published, published_precision, published_source, page_date, "
        "language, story_id, path, text FROM articles WHERE article_id = ?",
        [article_id],
    )
    if not rows:
        return None
    art = rows[0]
    art["copies"] = _rows(
        cur,
        "SELECT outlet, url, published, kind FROM article_copies WHERE article_id = ? ORDER BY published, url LIMIT ?",
        [article_id, MAX_STORY_ITEMS],
    )
    return art


# ----------------------------------------------------------------------------- stories
def page_stories(cur: duckdb.DuckDBPyConnection, flt: EventFilter, *, sort: str = "-start", limit: int = 20,
                 after: Sequence[Any] | None = None) -> Page:  # fmt: skip
    """Stories that have at least one event matching ``flt``, with the number of such events."""
    expr, direction = STORY_SORTS[sort]
    where, params = flt.where()
    outer = []
    if _has_column(cur, "stories", "merged_into"):  # schema v2: a story absorbed by another is hidden
        outer.append("s.merged_into IS NULL")
    if after is not None:
        outer.append(_keyset(expr, direction, "s.story_id"))
        params += [after[0], after[0], after[1]]
    sql = (
        'SELECT s.story_id, s.title, s.start, s."end", s.n_articles, s.outlets, s.dyads, s.event_types, '  # noqa: S608 (allow-listed fragments, values are ? params)
        f"m.n_events, m.first_date, m.last_date, p.published_first, p.published_last, {expr} AS _sort_key "
        "FROM stories s JOIN (SELECT story_id, count(*) AS n_events, min(date) AS first_date, max(date) AS last_date "
        f"FROM events {where} GROUP BY story_id) m ON m.story_id = s.story_id "
        # the story's span as its articles' publication dates (events may be dated long before)
        "LEFT JOIN (SELECT sa.story_id, min(a.published) AS published_first, max(a.published) AS published_last "
        "FROM story_articles sa JOIN articles a ON a.article_id = sa.article_id GROUP BY sa.story_id) p "
        "ON p.story_id = s.story_id "
        f"{'WHERE ' + ' AND '.join(outer) if outer else ''} "
        f"ORDER BY _sort_key {direction}, s.story_id {direction} LIMIT ?"
    )
    rows = _rows(cur, sql, params + [limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    last = [rows[-1]["_sort_key"], rows[-1]["story_id"]] if more and rows else None
    return Page([_story_dict(r) for r in rows], last)


def _story_dict(r: dict[str, Any]) -> dict[str, Any]:
    r.pop("_sort_key", None)
    for k in ("outlets", "dyads", "event_types"):
        value = r.get(k)
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError:
                value = None
        r[k] = value if isinstance(value, list) else []
    return r


def get_story(
    cur: duckdb.DuckDBPyConnection, story_id: str, *, include_all: bool = True
) -> dict[str, Any] | None:
    """One story: its fields, its articles and its events (each list capped at ``MAX_STORY_ITEMS``)."""
    rows = _rows(
        cur,
        'SELECT story_id, title, start, "end", n_articles, outlets, dyads, event_types FROM stories '
        "WHERE story_id = ?",
        [story_id],
    )
    if not rows:
        return None
    story = _story_dict(rows[0])
    story["articles"] = _rows(
        cur,
        "SELECT a.article_id, a.title, a.outlet, a.url, a.published FROM story_articles sa "
        "JOIN articles a ON a.article_id = sa.article_id WHERE sa.story_id = ? "
        "ORDER BY a.published NULLS LAST, a.article_id LIMIT ?",
        [story_id, MAX_STORY_ITEMS],
    )
    flt = EventFilter(story=story_id, include_all=include_all)
    where, params = flt.where()
    story["n_events"] = cur.execute(f"SELECT count(*) FROM events {where}", params).fetchone()[0]  # noqa: S608
    page = page_events(cur, flt, sort="date", limit=MAX_STORY_ITEMS)
    story["events"] = [event_dict(r) for r in page.rows]
    return story


# ----------------------------------------------------------------------------- network
def _actor_key(side: str) -> str:
    # A node is a country when the actor has one, else its actor code (IGOs, armed groups).
    return f"coalesce({side}_country, {side}_code)"


def dyads(
    cur: duckdb.DuckDBPyConnection, flt: EventFilter, *, limit: int = 100, min_count: int = 1
) -> dict[str, Any]:
    """Directed actor→actor edges with event counts per QuadClass and mean Goldstein, busiest first."""
    where, params = flt.where()
    src, tgt = _actor_key("source"), _actor_key("target")
    where = _and(where, f"{src} IS NOT NULL AND {tgt} IS NOT NULL AND {src} <> {tgt}")
    sql = (
        f"SELECT {src} AS source, {tgt} AS target, count(*) AS events, "  # noqa: S608 (allow-listed fragments, values are ? params)
        "count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2, "
        "count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4, "
        "round(avg(goldstein), 3) AS goldstein_mean, min(date) AS first_date, max(date) AS last_date "
        f"FROM events {where} GROUP BY 1, 2 HAVING count(*) >= ? ORDER BY events DESC, source, target LIMIT ?"
    )
    edges = _rows(cur, sql, params + [min_count, limit + 1])
    truncated = len(edges) > limit
    edges = edges[:limit]
    nodes: dict[str, dict[str, Any]] = {}
    for e in edges:
        for role, key in (("out", e["source"]), ("in", e["target"])):
            n = nodes.setdefault(key, {"id": key, "events_out": 0, "events_in": 0})
            n["events_" + role] += e["events"]
    return {"nodes": sorted(nodes.values(), key=lambda n: (-(n["events_out"] + n["events_in"]), n["id"])),
            "edges": edges, "truncated": truncated}  # fmt: skip


def actors(cur: duckdb.DuckDBPyConnection, flt: EventFilter, *, limit: int = 100) -> list[dict[str, Any]]:
    """Actors (country or actor code) with events as source, as target, and their most used name."""
    where, params = flt.where()
    sql = (
        "WITH sides AS ("  # noqa: S608 (allow-listed fragments, values are ? params)
        f"SELECT {_actor_key('source')} AS actor, source_name AS name, source_sector AS sector, 1 AS as_source, "
        f"0 AS as_target FROM events {where} "
        "UNION ALL "
        f"SELECT {_actor_key('target')}, target_name, target_sector, 0, 1 FROM events {where}) "
        "SELECT actor, mode(name) AS name, sum(as_source) AS as_source, sum(as_target) AS as_target, "
        "count(*) AS events, list_distinct(list(sector) FILTER (WHERE sector IS NOT NULL)) AS sectors "
        "FROM sides WHERE actor IS NOT NULL GROUP BY actor ORDER BY events DESC, actor LIMIT ?"
    )
    rows = _rows(cur, sql, params + params + [limit])
    for r in rows:
        r["sectors"] = sorted(r["sectors"] or [])
    return rows


# ----------------------------------------------------------------------------- timeline
def _bucket_start(d: date, bucket: str) -> date:
    if bucket == "week":
        return d - timedelta(days=d.weekday())  # ISO weeks start on Monday (DuckDB date_trunc agrees)
    if bucket == "month":
        return d.replace(day=1)
    return d


def _next_bucket(d: date, bucket: str) -> date:
    if bucket == "day":
        return d + timedelta(days=1)
    if bucket == "week":
        return d + timedelta(days=7)
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def _bucket_count(first: date, last: date, bucket: str) -> int:
    if bucket == "day":
        return (last - first).days + 1
    if bucket == "week":
        return (last - first).days // 7 + 1
    return (last.year - first.year) * 12 + last.month - first.month + 1


def _as_day(value: str | None, *, end: bool) -> date | None:
    """A filter bound (YYYY, YYYY-MM or YYYY-MM-DD) as the first or last day it covers."""
    if not value:
        return None
    if value[:4] == "0000":  # no year 0 in the calendar: the first day there is
        value = "0001" + value[4:]
    if len(value) == 4:
        return date(int(value), 12, 31) if end else date(int(value), 1, 1)
    if len(value) == _MONTH_LEN:
        first = date.fromisoformat(value + "-01")
        return _next_bucket(first, "month") - timedelta(days=1) if end else first
    return date.fromisoformat(value)


def timeline(cur: duckdb.DuckDBPyConnection, flt: EventFilter, *, bucket: str = "week") -> dict[str, Any]:
    """Event counts per time bucket and QuadClass, with mean Goldstein; empty buckets are zeros.

    Raises EventwireError EW401 when the span needs more than ``MAX_TIMELINE_POINTS`` buckets.
    """
    if bucket not in BUCKETS:
        raise EventwireError(
            "EW401", f"bucket must be one of {', '.join(BUCKETS)}; got {bucket!r}.", status=400
        )
    where, params = flt.where()
    need = _MONTH_LEN if bucket == "month" else _DAY_LEN
    key = (
        "strptime(substr(date, 1, 7) || '-01', '%Y-%m-%d')::DATE"
        if bucket == "month"
        else "try_cast(date AS DATE)"
    )
    if bucket == "week":
        key = f"date_trunc('week', {key})::DATE"
    precise = _and(where, "length(date) >= ?")
    sql = (
        f"SELECT {key} AS bucket, count(*) AS total, "  # noqa: S608 (allow-listed fragments, values are ? params)
        "count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2, "
        "count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4, "
        "avg(goldstein) AS goldstein_mean "
        f"FROM events {precise} GROUP BY 1 HAVING bucket IS NOT NULL ORDER BY 1"
    )
    rows = _rows(cur, sql, params + [need])
    total_sql = f"SELECT count(*) FROM events {where}"  # noqa: S608 (fixed fragments)
    total = cur.execute(total_sql, params).fetchone()[0]
    counted = sum(r["total"] for r in rows)
    lo = _as_day(flt.since, end=False) or (rows[0]["bucket"] if rows else None)
    hi = _as_day(flt.until, end=True) or (rows[-1]["bucket"] if rows else None)
    points: list[dict[str, Any]] = []
    if lo is not None and hi is not None and lo <= hi:
        first, last = _bucket_start(lo, bucket), _bucket_start(hi, bucket)
        n = _bucket_count(first, last, bucket)
        if n > MAX_TIMELINE_POINTS:
            raise EventwireError(
                "EW401",
                f"A {bucket} timeline from {first} to {last} has {n} points (limit {MAX_TIMELINE_POINTS}); "
                "use a coarser bucket or narrow since/until.",
                status=400,
            )
        by_bucket = {r["bucket"]: r for r in rows}
        d = first
        while d <= last:
            r = by_bucket.get(d)
            points.append({
                "bucket": d.isoformat(),
                "total": r["total"] if r else 0,
                "q1": r["q1"] if r else 0, "q2": r["q2"] if r else 0,
                "q3": r["q3"] if r else 0, "q4": r["q4"] if r else 0,
                "goldstein_mean": round(r["goldstein_mean"], 3) if r and r["goldstein_mean"] is not None else None,
            })  # fmt: skip
            d = _next_bucket(d, bucket)
    return {"bucket": bucket, "points": points, "events": total, "counted": counted,
            "excluded_imprecise": total - counted}  # fmt: skip


# ----------------------------------------------------------------------------- meta
def overview(cur: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """Counts and the date range of the store (for /health and the dashboard's defaults)."""
    row = cur.execute(
        "SELECT count(*) FILTER (WHERE merged_into IS NULL), min(date) FILTER (WHERE length(date) = 10), "
        "max(date) FILTER (WHERE length(date) = 10) FROM events"
    ).fetchone()
    n_stories = cur.execute("SELECT count(*) FROM stories").fetchone()[0]
    n_articles = cur.execute("SELECT count(*) FROM articles").fetchone()[0]
    return {"events": row[0], "first_date": row[1], "last_date": row[2], "stories": n_stories,
            "articles": n_articles}  # fmt: skip

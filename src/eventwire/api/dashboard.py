"""Endpoints behind the dashboard's map, date bands, downloads and dyad brief.

``register(app, ...)`` adds them to the app built by ``api.app.create_app``; they take the same filter
parameters (``EventQuery``) and answer from the same snapshot and response cache:

- ``/map``: located events aggregated on the server into grid cells (coarser cells when there are
  more than ``MAX_MAP_CELLS``), with counts per QuadClass, so the browser draws a few hundred points
  whatever the size of the store;
- ``/timeline/coarse``: the events whose date is coarser than the timeline bucket (month-only,
  year-only) and the undated ones, which ``/timeline`` cannot place in a bucket;
- ``/export``: every event of the filtered view as CSV or Parquet (``store.formats.write_events``);
- ``/brief``: the dyad brief (``report/brief.py``) as a printable HTML page or Markdown;
- ``/static/world-110m.json`` is a static file: country outlines for the map, shipped in the package.

SQL is fixed fragments plus ``?`` parameters, as in ``store.aggregates``.
"""

from __future__ import annotations

import html
import json
import os
import re
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

import duckdb
from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, Response
from pydantic import BaseModel, Field
from starlette.background import BackgroundTask

from ..errors import EventwireError
from ..report.brief import (
    build_brief,
    check_known,
    dyad_events,
    evidence_by_event,
    render_html,
    render_markdown,
)
from ..store.formats import write_events
from ..store.queries import parse_day, parse_dyad

# Most points /map returns: more cells are merged into coarser ones (a map shows a few hundred well).
MAX_MAP_CELLS = 800
# Grid sizes (degrees) tried in turn, finest first, until the cells fit MAX_MAP_CELLS. The last one makes
# at most 3 x 5 cells, so every located event is always in some returned cell.
CELL_LADDER = (0.01, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 45.0, 90.0)
# Coarse-date rows returned at most by /timeline/coarse (distinct month/year values; a store has few).
MAX_COARSE_PERIODS = 2000
_QUADS = (
    "count(*) FILTER (WHERE quad_class = 1) AS q1, count(*) FILTER (WHERE quad_class = 2) AS q2, "
    "count(*) FILTER (WHERE quad_class = 3) AS q3, count(*) FILTER (WHERE quad_class = 4) AS q4"
)
_PRINT_CSS = """
<style>
.ew-nav{font:14px sans-serif;margin:0 0 1.5em;display:flex;gap:1em;align-items:center}
.ew-nav a,.ew-nav button{color:#1f5fa8}
.ew-nav button{font:inherit;background:#fff;border:1px solid #1f5fa8;border-radius:4px;padding:.2em .6em;cursor:pointer}
li{margin:.25em 0}
@media print{.ew-nav{display:none}body{max-width:none;margin:0;font-size:11pt}a{color:#000}
.cite a{word-break:break-all}h2{break-after:avoid}li,tr{break-inside:avoid}}
</style>"""


_HEAD_LINKS = '<link rel="icon" href="static/favicon.svg" type="image/svg+xml"><script src="static/brief.js" defer></script>'


class MapCell(BaseModel):
    """Located events of one grid cell."""

    events: int
    lat: float = Field(description="Mean latitude of the cell's events.")
    lon: float = Field(description="Mean longitude of the cell's events.")
    south: float
    north: float
    west: float
    east: float
    q1: int
    q2: int
    q3: int
    q4: int
    place: str | None = Field(None, description="The most frequent location name.")
    places: int = Field(description="Distinct location names in the cell.")
    country_level: int = Field(description="Events placed only to a country (at its centre).")
    goldstein_mean: float | None = None


class MapCells(BaseModel):
    """Located events aggregated into grid cells."""

    cells: list[MapCell]
    cell: float = Field(description="Grid cell size used, in degrees.")
    clustered: bool = Field(description="Whether a coarser grid than asked was used (too many cells).")
    events: int
    located: int
    unlocated: int


class CoarsePeriod(BaseModel):
    """Events dated to one month or one year only."""

    period: str
    precision: Literal["month", "year"]
    events: int
    q1: int
    q2: int
    q3: int
    q4: int


class CoarseDates(BaseModel):
    """Events a timeline of this bucket cannot place, by period, and the undated."""

    bucket: Literal["day", "week", "month"]
    periods: list[CoarsePeriod]
    undated: int
    events: int


def _rows(cur: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any]) -> list[dict[str, Any]]:
    res = cur.execute(sql, list(params))
    cols = [d[0] for d in res.description] if res.description else []
    return [dict(zip(cols, r, strict=True)) for r in res.fetchall()]


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f"WHERE {clause}"


def map_cells(
    cur: duckdb.DuckDBPyConnection, where: str, params: list[Any], *, cell: float = 0.0
) -> dict[str, Any]:
    """Located events in grid cells of ``cell`` degrees (or coarser, to stay under MAX_MAP_CELLS).

    Each cell has the mean position of its events, its bounding box, counts per QuadClass and
    location precision, and its most frequent place name.
    """
    located = _and(where, "lat IS NOT NULL AND lon IS NOT NULL")
    total, n_located = cur.execute(
        f"SELECT count(*), count(*) FILTER (WHERE lat IS NOT NULL AND lon IS NOT NULL) FROM events {where}",  # noqa: S608
        params,
    ).fetchone()
    ladder = [c for c in CELL_LADDER if c >= cell] or [CELL_LADDER[-1]]
    size = ladder[0]
    for size in ladder:
        n = cur.execute(
            f"SELECT count(*) FROM (SELECT DISTINCT round(lat / ?), round(lon / ?) FROM events {located})",  # noqa: S608
            [size, size, *params],
        ).fetchone()[0]
        if n <= MAX_MAP_CELLS:
            break
    sql = (
        "SELECT count(*) AS events, round(avg(lat), 4) AS lat, round(avg(lon), 4) AS lon, "  # noqa: S608 (fixed fragments)
        "min(lat) AS south, max(lat) AS north, min(lon) AS west, max(lon) AS east, "
        f"{_QUADS}, mode(location_name) AS place, count(DISTINCT location_name) AS places, "
        "count(*) FILTER (WHERE location_precision = 'country') AS country_level, "
        "round(avg(goldstein), 2) AS goldstein_mean "
        f"FROM events {located} GROUP BY round(lat / ?), round(lon / ?) ORDER BY events DESC, lat, lon LIMIT ?"
    )
    cells = _rows(cur, sql, [*params, size, size, MAX_MAP_CELLS])
    return {"cells": cells, "cell": size, "clustered": size > max(cell, CELL_LADDER[0]), "events": total,
            "located": n_located, "unlocated": total - n_located}  # fmt: skip


def coarse_dates(
    cur: duckdb.DuckDBPyConnection, where: str, params: list[Any], *, bucket: str
) -> dict[str, Any]:
    """Events whose date is coarser than ``bucket`` (month-only or year-only), by period, and the undated."""
    need = 7 if bucket == "month" else 10
    sql = (
        "SELECT date AS period, CASE length(date) WHEN 4 THEN 'year' ELSE 'month' END AS precision, "  # noqa: S608
        f"count(*) AS events, {_QUADS} FROM events {_and(where, 'date IS NOT NULL AND length(date) < ?')} "
        "GROUP BY date ORDER BY date LIMIT ?"
    )
    periods = _rows(cur, sql, [*params, need, MAX_COARSE_PERIODS])
    undated = cur.execute(
        f"SELECT count(*) FROM events {_and(where, 'date IS NULL')}",  # noqa: S608 (fixed fragments)
        params,
    ).fetchone()[0]
    return {"bucket": bucket, "periods": periods, "undated": undated,
            "events": sum(p["events"] for p in periods)}  # fmt: skip


class _SameCatalog:
    """A snapshot cursor for ``store.formats`` writers: each side cursor they open reads the same catalog."""

    def __init__(self, cur: duckdb.DuckDBPyConnection):
        self.cur = cur
        self.catalog = cur.execute("SELECT current_database()").fetchone()[0]

    def cursor(self) -> duckdb.DuckDBPyConnection:
        side = self.cur.cursor()
        side.execute(f'USE "{self.catalog}"')  # the catalog name comes from DuckDB itself, not a request
        return side

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.cur.execute(sql, list(params))


class _CursorStore:
    """The one method ``report/brief.py`` needs from a store (``query``), over a snapshot cursor."""

    def __init__(self, cur: duckdb.DuckDBPyConnection):
        self.cur = cur

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return _rows(self.cur, sql, params)


def brief_text(cur: duckdb.DuckDBPyConnection, dyad: tuple[str, str], since: str | None, fmt: str) -> str:
    """The dyad brief from a snapshot cursor, as HTML (with a back link and print CSS) or Markdown."""
    store = _CursorStore(cur)
    a, b = dyad
    for code in (a, b):
        check_known(store, code)
    events = dyad_events(store, a, b, since)
    evidence = evidence_by_event(store, [e["event_id"] for e in events])
    for rows in evidence.values():
        for r in rows:
            # a citation links the article's URL; the server's file path of a local article is not published
            r["path"] = None
    brief = build_brief(a, b, events, evidence, since=since)
    if fmt == "md":
        return render_markdown(brief)
    page = render_html(brief)
    nav = (
        '<nav class="ew-nav"><a href="./?dyad=' + f"{a},{b}" + '">← Dashboard for this dyad</a>'
        f'<a href="brief?dyad={a},{b}&amp;format=md{"&amp;since=" + since if since else ""}">Markdown</a>'
        '<a href="#" id="ew-print">Print this brief</a></nav>'
    )
    # The print link is wired by a static script (the CSP allows no inline script).
    return page.replace("</head>", _PRINT_CSS + _HEAD_LINKS + "</head>", 1).replace(
        "<body>", "<body>" + nav, 1
    )


def _error_page(exc: EventwireError) -> HTMLResponse:
    status = 404 if exc.code in ("EW402", "EW106") else 400
    body = (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>No brief</title></head>'
        '<body style="font-family:sans-serif;max-width:50em;margin:2em auto"><h1>No brief</h1>'
        f'<p>{html.escape(exc.message)}</p><p><a href="./">Back to the dashboard</a></p></body></html>'
    )
    return HTMLResponse(body, status_code=status, headers={"cache-control": "no-store"})


def _filename(raw: dict[str, Any], ext: str) -> str:
    parts = ["eventwire-events"]
    for key in ("dyad", "actor", "type", "since", "until", "story"):
        value = raw.get(key)
        if isinstance(value, list):
            value = "-".join(value)
        if value:
            parts.append(re.sub(r"[^A-Za-z0-9-]+", "-", str(value))[:40].strip("-"))
    return "_".join(parts) + "." + ext


def _json(data: Any) -> Response:
    """Compact UTF-8 JSON of ``data`` (values JSON has no type for are written as text)."""
    body = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    return Response(body.encode("utf-8"), media_type="application/json")


def _download_responses() -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of /export's answer: a CSV or Parquet file."""
    return {
        200: {
            "content": {
                "text/csv": {"schema": {"type": "string"}},
                "application/vnd.apache.parquet": {"schema": {"type": "string", "format": "binary"}},
            },
            "description": "The events as a file (Content-Disposition: attachment).",
        }
    }


def _brief_responses() -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of /brief's answers: an HTML page or Markdown, and its error page."""
    error_ref = {"$ref": "#/components/schemas/ErrorResponse"}
    return {200: {"content": {"text/html": {"schema": {"type": "string"}},
                              "text/markdown": {"schema": {"type": "string"}}},
                  "description": "The brief as a printable HTML page or as Markdown."},
            400: {"content": {"application/json": {"schema": error_ref}, "text/html": {"schema": {"type": "string"}}},
                  "description": "Bad parameter or unknown actor (an HTML page when format=html)."},
            # refused before the route runs: always the JSON error shape (schemathesis: a 414 documented as HTML)
            **{code: {"content": {"application/json": {"schema": error_ref}}, "description": text}
               for code, text in ((401, "Token required"), (413, "Request body too large (the API takes no body)"),
                                  (414, "Query string too long"), (503, "No snapshot of the store yet"))}}  # fmt: skip


def _export_file(reader: Any, fq: Any, fmt: str) -> FileResponse:
    """The filtered events written to a temporary CSV/Parquet file, served as a download, deleted after."""
    where, params = fq.filter.where()
    fd, tmp = tempfile.mkstemp(prefix="eventwire-export-", suffix="." + fmt)
    os.close(fd)
    path = Path(tmp)
    try:
        with reader.cursor() as cur:
            write_events(_SameCatalog(cur), fmt, path, where, params)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/vnd.apache.parquet"
    return FileResponse(path, media_type=media, filename=_filename(fq.raw, fmt),
                        headers={"cache-control": "no-store"},
                        background=BackgroundTask(path.unlink, missing_ok=True))  # fmt: skip


def _brief_response(
    request: Request,
    reader: Any,
    cached: Callable[[Request, Callable[[], Response]], Response],
    dyad: str,
    since: str | None,
    fmt: str,
) -> Response:
    """The /brief answer: the brief (through the cache), or an HTML error page unless ``fmt`` is md."""
    try:
        pair = parse_dyad(dyad)
        day = parse_day(since, "since")
        if pair is None:  # "?dyad=" (empty): the brief is about one relationship
            raise EventwireError(
                "EW104", "dyad takes two actor codes separated by a comma, e.g. PAK,AFG; got ''."
            )

        def make() -> Response:
            with reader.cursor() as cur:
                text = brief_text(cur, pair, day, fmt)
            if fmt == "md":
                return Response(text, media_type="text/markdown; charset=utf-8")
            return HTMLResponse(text)

        return cached(request, make)
    except EventwireError as exc:
        if fmt == "md":
            raise
        return _error_page(exc)


def register(
    app: FastAPI,
    *,
    reader: Any,
    cached: Callable[[Request, Callable[[], Response]], Response],
    query: type,
    responses: dict[int | str, dict[str, Any]],
) -> None:
    """Add /map, /timeline/coarse, /export and /brief to ``app`` (``query`` is the shared filter dependency)."""
    _register_aggregates(app, reader=reader, cached=cached, query=query, responses=responses)
    _register_downloads(app, reader=reader, cached=cached, query=query, responses=responses)


def _register_aggregates(
    app: FastAPI,
    *,
    reader: Any,
    cached: Callable[[Request, Callable[[], Response]], Response],
    query: type,
    responses: dict[int | str, dict[str, Any]],
) -> None:
    """Add /map and /timeline/coarse (cached JSON aggregates of the filtered events)."""

    @app.get("/map", response_model=MapCells, responses=responses, tags=["aggregates"])
    def event_map(
        request: Request,
        fq: Any = Depends(query),
        cell: float = Query(0.0, ge=0.0, le=90.0, description="Grid cell in degrees (0: finest); coarser "
                            f"cells are used when more than {MAX_MAP_CELLS} would be returned."),
    ) -> Response:  # fmt: skip
        """Located events aggregated into grid cells: position, bounding box, counts per QuadClass."""

        def make() -> Response:
            where, params = fq.filter.where()
            with reader.cursor() as cur:
                return _json(map_cells(cur, where, params, cell=cell))

        return cached(request, make)

    @app.get("/timeline/coarse", response_model=CoarseDates, responses=responses, tags=["aggregates"])
    def timeline_coarse(
        request: Request,
        fq: Any = Depends(query),
        bucket: Literal["day", "week", "month"] = Query("week", description="The timeline's bucket."),
    ) -> Response:
        """Events dated more coarsely than ``bucket`` (by month or year only), per period, and the undated count."""

        def make() -> Response:
            where, params = fq.filter.where()
            with reader.cursor() as cur:
                return _json(coarse_dates(cur, where, params, bucket=bucket))

        return cached(request, make)


def _register_downloads(
    app: FastAPI,
    *,
    reader: Any,
    cached: Callable[[Request, Callable[[], Response]], Response],
    query: type,
    responses: dict[int | str, dict[str, Any]],
) -> None:
    """Add /export (the filtered events as a file) and /brief (the dyad brief as a page)."""

    @app.get(
        "/export",
        responses={**responses, **_download_responses()},
        tags=["events"],
        response_class=FileResponse,
    )
    def export(
        fq: Any = Depends(query),
        format: Literal["csv", "parquet"] = Query("csv", description="csv or parquet."),  # noqa: A002
    ) -> FileResponse:
        """Every event matching the filters, as a CSV or Parquet download (oldest first, flat event columns)."""
        return _export_file(reader, fq, format)

    @app.get(
        "/brief",
        responses={**responses, **_brief_responses()},
        tags=["aggregates"],
        response_class=HTMLResponse,
    )
    def brief(
        request: Request,
        dyad: str = Query(..., max_length=40, description="Two actor codes, either order: PAK,AFG."),
        since: str | None = Query(None, max_length=10, description="From date: YYYY-MM-DD, YYYY-MM or YYYY."),
        format: Literal["html", "md"] = Query("html", description="html (printable page) or md."),  # noqa: A002
    ) -> Response:  # fmt: skip
        """The dyad brief (``eventwire brief --dyad``): every line cites its evidence (outlet, date, link)."""
        return _brief_response(request, reader, cached, dyad, since, format)

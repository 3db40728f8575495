"""/events (keyset pages as JSON, NDJSON or CSV), /events/{event_id} and /articles/{article_id}."""

from __future__ import annotations

from typing import Any, Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from ...store import aggregates as agg
from .. import models as m
from ..common import (
    DEFAULT_LIMIT,
    ID_PATTERN,
    MAX_LIMIT,
    Api,
    EventQuery,
    events_csv,
    json_bytes,
    json_response,
    query_url,
)
from ..params import check_sort, decode_cursor, encode_cursor


def _event_formats() -> dict[int | str, dict[str, Any]]:
    """The OpenAPI description of /events' answer: JSON, NDJSON or CSV, the cursor in headers for the latter."""
    return {200: {"content": {"application/x-ndjson": {"schema": {"type": "string"}},
                              "text/csv": {"schema": {"type": "string"}}},
                  "description": "A page of events (JSON), or the same events as NDJSON or CSV; "
                                 "the next cursor is then in the Link and X-Next-Cursor headers."}}  # fmt: skip


def _events_page(
    request: Request,
    api: Api,
    fq: EventQuery,
    *,
    sort: str,
    limit: int,
    fmt: str,
    evidence: bool,
    after: Any,
    fhash: str,
) -> Response:
    """One keyset page of /events in ``fmt`` (json, ndjson or csv), with its next cursor."""
    key = api.key
    with api.reader.cursor() as cur:
        page = agg.page_events(cur, fq.filter, sort=sort, limit=limit, after=after)
        records = (agg.events_with_evidence(cur, page.rows) if evidence and fmt != "csv"
                   else [agg.event_dict(r) for r in page.rows] if fmt != "csv" else [])  # fmt: skip
    token_next = encode_cursor(key, sort, page.last_key, fhash) if page.last_key else None
    next_url = query_url(request, next=token_next) if token_next else None
    if fmt == "json":
        return json_response(
            {
                "events": records,
                "count": len(records),
                "limit": limit,
                "sort": sort,
                "next": token_next,
                "next_url": next_url,
            }
        )
    headers = {"x-next-cursor": token_next} if token_next else {}
    if next_url:
        headers["link"] = f'<{next_url}>; rel="next"'
    if fmt == "ndjson":
        body = b"".join(json_bytes(r) + b"\n" for r in records)
        return Response(body, media_type="application/x-ndjson", headers=headers)
    return Response(events_csv(page.rows), media_type="text/csv; charset=utf-8", headers=headers)


def register(app: FastAPI, api: Api) -> None:
    """Add /events, /events/{event_id} and /articles/{article_id}."""
    key, cached, errors = api.key, api.cached, api.errors
    not_found = api.not_found

    @app.get("/events", response_model=m.EventPage, responses={**errors, **_event_formats()}, tags=["events"])
    def events(
        request: Request,
        fq: EventQuery = Depends(),
        sort: Literal["date", "-date", "confidence", "-confidence", "goldstein", "-goldstein", "sources",
                      "-sources"] = Query("date", description="Sort order; '-' for descending."),
        limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description="Page size."),
        next: str | None = Query(None, max_length=1024, description="Cursor from the previous page."),  # noqa: A002
        format: Literal["json", "ndjson", "csv"] = Query("json", description="json, ndjson or csv."),  # noqa: A002
        evidence: bool = Query(True, description="Nest the evidence (json/ndjson)."),
    ) -> Response:  # fmt: skip
        """Events matching the filters, one keyset page at a time (follow ``next``)."""
        check_sort(sort, agg.EVENT_SORTS)
        fhash = fq.hash_params(sort=sort)
        after = decode_cursor(key, next, sort, fhash) if next else None

        def make() -> Response:
            return _events_page(request, api, fq, sort=sort, limit=limit, fmt=format, evidence=evidence,
                                after=after, fhash=fhash)  # fmt: skip

        return cached(request, make)

    @app.get("/events/{event_id}", response_model=m.EventRecord, responses=not_found, tags=["events"])
    def event(request: Request,
              event_id: str = PathParam(..., max_length=64, pattern=ID_PATTERN, description="Event id.")) -> Response:  # fmt: skip
        """One event with all its evidence (an absorbed event shows ``merged_into``)."""
        return api.one(request, "event", lambda cur: agg.get_event(cur, event_id), event_id)

    @app.get("/articles/{article_id}", response_model=m.ArticleRecord, responses=not_found, tags=["events"])
    def article(
        request: Request, article_id: str = PathParam(..., max_length=64, pattern=ID_PATTERN)
    ) -> Response:
        """One stored article with its full text (evidence offsets index into ``text``)."""
        return api.one(request, "article", lambda cur: agg.get_article(cur, article_id), article_id)

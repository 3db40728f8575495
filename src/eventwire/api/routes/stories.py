"""/stories (keyset pages of stories with matching events) and /stories/{story_id}."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response

from ...errors import EventwireError
from ...store import aggregates as agg
from .. import models as m
from ..common import ID_PATTERN, MAX_LIMIT, Api, EventQuery, json_response, query_url
from ..params import check_sort, decode_cursor, encode_cursor


def register(app: FastAPI, api: Api) -> None:
    """Add /stories and /stories/{story_id}."""
    reader, key, cached, errors = api.reader, api.key, api.cached, api.errors
    not_found = api.not_found

    @app.get("/stories", response_model=m.StoryPage, responses=errors, tags=["stories"])
    def stories(
        request: Request,
        fq: EventQuery = Depends(),
        sort: Literal["-start", "start", "-events"] = Query("-start", description="Sort order."),
        limit: int = Query(20, ge=1, le=MAX_LIMIT),
        next: str | None = Query(None, max_length=1024),  # noqa: A002
    ) -> Response:  # fmt: skip
        """Stories with at least one event matching the filters, with the number of such events."""
        check_sort(sort, agg.STORY_SORTS)
        fhash = fq.hash_params(sort=sort, what="stories")
        after = decode_cursor(key, next, sort, fhash) if next else None
        if after is not None and sort == "-events" and not isinstance(after[0], int):
            raise EventwireError("EW401", "The next cursor is malformed.", status=400)

        def make() -> Response:
            with reader.cursor() as cur:
                page = agg.page_stories(cur, fq.filter, sort=sort, limit=limit, after=after)
            token_next = encode_cursor(key, sort, page.last_key, fhash) if page.last_key else None
            return json_response(
                {
                    "stories": page.rows,
                    "count": len(page.rows),
                    "limit": limit,
                    "sort": sort,
                    "next": token_next,
                    "next_url": query_url(request, next=token_next) if token_next else None,
                }
            )

        return cached(request, make)

    @app.get("/stories/{story_id}", response_model=m.StoryDetail, responses=not_found, tags=["stories"])
    def story(
        request: Request, story_id: str = PathParam(..., max_length=64, pattern=ID_PATTERN)
    ) -> Response:
        """One story: articles, events (all modalities) and counts."""
        return api.one(request, "story", lambda cur: agg.get_story(cur, story_id), story_id)

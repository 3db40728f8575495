"""/timeline: events per day, week or month and QuadClass, with mean Goldstein."""

from __future__ import annotations

from typing import Literal

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response

from ...store import aggregates as agg
from .. import models as m
from ..common import Api, EventQuery, json_response


def register(app: FastAPI, api: Api) -> None:
    """Add /timeline."""
    reader, cached, errors = api.reader, api.cached, api.errors

    @app.get("/timeline", response_model=m.Timeline, responses=errors, tags=["aggregates"])
    def timeline(
        request: Request,
        fq: EventQuery = Depends(),
        bucket: Literal["day", "week", "month"] = Query("week", description="Bucket size."),
    ) -> Response:
        """Events per bucket and QuadClass with mean Goldstein (give ``dyad=A,B`` for one dyad)."""

        def make() -> Response:
            with reader.cursor() as cur:
                tl = agg.timeline(cur, fq.filter, bucket=bucket)
            tl["dyad"] = list(fq.filter.dyad) if fq.filter.dyad else None
            return json_response(tl)

        return cached(request, make)

"""/dyads (who acts on whom) and /actors (event counts per actor): the actor networks."""

from __future__ import annotations

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import Response

from ...store import aggregates as agg
from .. import models as m
from ..common import MAX_GRAPH_ITEMS, Api, EventQuery, actor_label, json_response


def register(app: FastAPI, api: Api) -> None:
    """Add /dyads and /actors."""
    reader, cached, errors = api.reader, api.cached, api.errors

    @app.get("/dyads", response_model=m.Network, responses=errors, tags=["aggregates"])
    def dyads(
        request: Request,
        fq: EventQuery = Depends(),
        limit: int = Query(100, ge=1, le=MAX_GRAPH_ITEMS, description="Most edges, busiest first."),
        min_count: int = Query(1, ge=1, le=1_000_000_000, description="Smallest edge count."),
    ) -> Response:  # fmt: skip
        """Who acts on whom: directed edges with counts per QuadClass and mean Goldstein."""

        def make() -> Response:
            with reader.cursor() as cur:
                net = agg.dyads(cur, fq.filter, limit=limit, min_count=min_count)
            for n in net["nodes"]:
                n["label"] = actor_label(n["id"])
            return json_response(net)

        return cached(request, make)

    @app.get("/actors", response_model=m.ActorList, responses=errors, tags=["aggregates"])
    def actors(request: Request, fq: EventQuery = Depends(),
               limit: int = Query(100, ge=1, le=MAX_GRAPH_ITEMS)) -> Response:  # fmt: skip
        """Actors with their event counts as source and target."""

        def make() -> Response:
            with reader.cursor() as cur:
                rows = agg.actors(cur, fq.filter, limit=limit)
            for r in rows:
                r["label"] = actor_label(r["actor"])
            return json_response({"actors": rows})

        return cached(request, make)

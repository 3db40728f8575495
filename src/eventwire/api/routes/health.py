"""/health (liveness and what is served) and /meta (the filter vocabulary)."""

from __future__ import annotations

import os

from fastapi import FastAPI, Request
from fastapi.responses import Response

from ... import __version__
from ...store import SCHEMA_VERSION
from ...store import aggregates as agg
from ...store.queries import MODALITIES, PLOVER_TYPES
from .. import models as m
from ..common import MAX_LIMIT, Api, json_response
from ..params import EVENT_SORT_NAMES, STORY_SORT_NAMES


def register(app: FastAPI, api: Api) -> None:
    """Add /health and /meta."""
    reader, cached, errors = api.reader, api.cached, api.errors

    @app.get("/health", response_model=m.Health, responses=errors, tags=["meta"])
    def health() -> Response:
        """Liveness and what is served: snapshot age, counts, versions."""
        info = reader.info()  # status "stale" (with behind_s, snapshot_error) when the store moved on
        info["snapshot"] = os.path.basename(str(info["snapshot"]))  # public path: no server directories
        with reader.cursor() as cur:
            counts = agg.overview(cur)
        return json_response(
            {"version": __version__, "schema_version": SCHEMA_VERSION, **info, **counts},
            {"cache-control": "no-store"},
        )

    @app.get("/meta", response_model=m.Meta, responses=errors, tags=["meta"])
    def meta(request: Request) -> Response:
        """The filter vocabulary (event types, modalities, sorts, buckets, limits) and the store's date range."""

        def make() -> Response:
            with reader.cursor() as cur:
                counts = agg.overview(cur)
            return json_response(
                {
                    "event_types": list(PLOVER_TYPES),
                    "modalities": list(MODALITIES),
                    "event_sorts": list(EVENT_SORT_NAMES),
                    "story_sorts": list(STORY_SORT_NAMES),
                    "buckets": list(agg.BUCKETS),
                    "max_limit": MAX_LIMIT,
                    "max_timeline_points": agg.MAX_TIMELINE_POINTS,
                    **counts,
                }
            )

        return cached(request, make)

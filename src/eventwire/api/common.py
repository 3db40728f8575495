"""What the API's route modules share: the JSON response, the error shape, the event filter dependency
(``EventQuery``), page sizes and the per-app context (``Api``: the snapshot reader, the cursor key and
the response cache) that ``create_app`` hands to each route module's ``register``."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import Query, Request
from fastapi.responses import Response
from pydantic import StringConstraints

from ..errors import EventwireError
from ..store.formats import EVENT_COLUMNS, write_delimited
from ..store.queries import MODALITIES, PLOVER_TYPES
from ..store.snapshot import SnapshotReader
from . import models as m
from .params import build_filter, check_id, filter_hash

# Page sizes: a default a person reads, and a maximum that keeps one response under ~2 MB.
DEFAULT_LIMIT, MAX_LIMIT = 50, 500
# Edges and actors returned by the network endpoints at most (a readable graph has far fewer).
MAX_GRAPH_ITEMS = 500


def error_body(code: str, message: str) -> dict[str, dict[str, str]]:
    """The one error shape of the API."""
    return {"error": {"code": code, "message": message}}


def json_bytes(obj: Any) -> bytes:
    """Compact UTF-8 JSON (dates and other non-JSON values as strings)."""
    return json.dumps(obj, ensure_ascii=False, default=str, separators=(",", ":")).encode("utf-8")


def json_response(data: Any, headers: dict[str, str] | None = None) -> Response:
    """``data`` as an application/json response."""
    return Response(json_bytes(data), media_type="application/json", headers=headers)


def events_csv(rows: list[dict[str, Any]]) -> bytes:
    """A page of events as CSV: the shared flat event columns, formula-like cells defused."""
    buf = io.StringIO()
    write_delimited(buf, EVENT_COLUMNS, rows, ",")
    return buf.getvalue().encode("utf-8")


@lru_cache(maxsize=512)
def actor_label(code: str) -> str:
    """A display name for a node: the country name for an ISO3 code, else the code itself."""
    try:
        import pycountry

        country = pycountry.countries.get(alpha_3=code) if len(code) == 3 else None
    except (ImportError, LookupError, KeyError):
        country = None
    return getattr(country, "common_name", None) or getattr(country, "name", None) or code


# ----------------------------------------------------------------------------- filters
# Patterns published in the OpenAPI schema. Each admits every value the validators accept (a
# superset), so a request outside the pattern is always refused; values inside it may still be
# refused by the semantic checks (unknown type, month 13, since after until).
ID_PATTERN = r"^[0-9a-f]{6,64}$"
_CODE = r"[A-Za-z]{3}(?:[A-Za-z]{3}){0,4}"
ACTOR_PATTERN = rf"^(?:\s*{_CODE}\s*)?$"
DYAD_PATTERN = rf"^(?:\s*{_CODE}\s*,\s*{_CODE}\s*)?$"
DAY_PATTERN = r"^(?:\d{4}(?:-\d{2}(?:-\d{2})?)?)?$"
WORDS_PATTERN = r"^[A-Za-z,\s]*$"
BBOX_PATTERN = r"^(?:-?[0-9.]{1,12},){3}-?[0-9.]{1,12}$"
# An empty value ("modality=") is refused: the schema and the validator agree that a filter word is not empty.
Words = Annotated[str, StringConstraints(pattern=WORDS_PATTERN, min_length=1, max_length=200)]


class EventQuery:
    """The event filter parameters shared by /events, /stories, /dyads, /actors and /timeline."""

    def __init__(
        self,
        actor: str | None = Query(None, max_length=15, pattern=ACTOR_PATTERN, description="ISO3 country or actor code on either side, e.g. PAK or IGOUNO."),
        dyad: str | None = Query(None, max_length=40, pattern=DYAD_PATTERN, description="Two codes, either direction: PAK,AFG."),
        type: list[Words] | None = Query(None, max_length=20, description="PLOVER event type(s); repeat or comma-separate."),  # noqa: A002
        modality: list[Words] | None = Query(None, max_length=20, description="asserted, denied, intended, historical, hypothetical."),
        since: str | None = Query(None, max_length=10, pattern=DAY_PATTERN, description="From date: YYYY-MM-DD, YYYY-MM or YYYY."),
        until: str | None = Query(None, max_length=10, pattern=DAY_PATTERN, description="To date (inclusive): YYYY-MM-DD, YYYY-MM or YYYY."),
        min_confidence: float | None = Query(None, ge=0.0, le=1.0, description="Lowest coder confidence, 0..1."),
        story: str | None = Query(None, max_length=64, pattern=ID_PATTERN, description="Story id (hex)."),
        q: str | None = Query(None, max_length=200, description="Text search in the evidence sentences."),
        all: bool = Query(False, description="Include historical and hypothetical events (hidden by default)."),  # noqa: A002
        bbox: str | None = Query(None, max_length=80, pattern=BBOX_PATTERN, description="Events located in this box: west,south,east,north (degrees)."),
    ):  # fmt: skip
        if type is not None and len(type) > len(PLOVER_TYPES):
            raise EventwireError("EW401", f"At most {len(PLOVER_TYPES)} type values.", status=400)
        if modality is not None and len(modality) > len(MODALITIES):
            raise EventwireError("EW401", f"At most {len(MODALITIES)} modality values.", status=400)
        self.raw = {"actor": actor, "dyad": dyad, "type": type, "modality": modality, "since": since,
                    "until": until, "min_confidence": min_confidence, "story": story, "q": q, "bbox": bbox}  # fmt: skip
        self.include_all = all
        self.filter = build_filter(**self.raw, include_all=all)

    def hash_params(self, **extra: Any) -> str:
        """Hash of the filters (and sort), bound into cursors."""
        return filter_hash({**self.raw, "all": self.include_all, **extra})


def query_url(request: Request, **override: Any) -> str:
    """This request's URL with some query parameters replaced (``None`` drops one): the next page's link."""
    items = [(k, v) for k, v in request.query_params.multi_items() if k not in override]
    items += [(k, v) for k, v in override.items() if v is not None]
    return f"{request.url.path}?{urlencode(items)}"


def error_responses() -> dict[int | str, dict[str, Any]]:
    """The OpenAPI error responses every data endpoint documents."""
    return {400: {"model": m.ErrorResponse, "description": "Bad parameter"},
              401: {"model": m.ErrorResponse, "description": "Token required"},
              413: {"model": m.ErrorResponse, "description": "Request body too large (the API takes no body)"},
              414: {"model": m.ErrorResponse, "description": "Query string too long"},
              503: {"model": m.ErrorResponse, "description": "No snapshot of the store yet"}}  # fmt: skip


@dataclass
class Api:
    """What the routes of one app share: its snapshot reader, cursor key and cached-response helper."""

    reader: SnapshotReader
    key: bytes
    cached: Callable[[Request, Callable[[], Response]], Response]
    errors: dict[int | str, dict[str, Any]] = field(default_factory=error_responses)

    @property
    def not_found(self) -> dict[int | str, dict[str, Any]]:
        """The error responses of an endpoint for one item, 404 included."""
        return {**self.errors, 404: {"model": m.ErrorResponse, "description": "Not found"}}

    def one(
        self, request: Request, what: str, fetch: Callable[[Any], dict[str, Any] | None], item_id: str
    ) -> Response:
        """Answer a /{what}s/{id} request: validate the id, fetch (cached), 404 when unknown."""
        check_id(item_id, f"{what}_id")

        def make() -> Response:
            with self.reader.cursor() as cur:
                rec = fetch(cur)
            if rec is None:
                raise EventwireError("EW402", f"No {what} {item_id}.", status=404)
            return json_response(rec)

        return self.cached(request, make)

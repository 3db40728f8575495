"""The read-only JSON API and the dashboard (FastAPI).

``create_app(db)`` serves every request from the latest read snapshot of the store
(``store.snapshot.SnapshotReader``), so an ingest can write the main file meanwhile. All filters
are the CLI's (``store.queries.EventFilter``); aggregates come from ``store.aggregates``.

Hardening, in one place (``_Guard``, an ASGI middleware around everything):
- only GET/HEAD/OPTIONS; request bodies over ``MAX_BODY_BYTES`` and query strings over
  ``MAX_QUERY_CHARS`` are refused;
- an optional token (``Authorization: Bearer`` or ``X-API-Token``) guards the data endpoints;
- security headers on every response (CSP without inline scripts, nosniff, no framing, no referrer);
- any unexpected exception becomes a 500 in the error shape, without a stack trace.
Every error, FastAPI's own 404/405/422 included, is ``{"error": {"code", "message"}}``.
"""

from __future__ import annotations

import hmac
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping, Sequence
from contextlib import asynccontextmanager
from typing import Any

import duckdb
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from .. import __version__
from ..errors import EventwireError
from ..store.db import classify_store_error
from ..store.snapshot import SnapshotReader
from . import dashboard as dashboard_routes
from .common import Api, EventQuery, error_body, json_bytes
from .params import cursor_key
from .routes import actors, events, health, pages, stories, timeline

log = logging.getLogger(__name__)

# The API is read-only: a GET needs no body. 1 KB tolerates clients that send an empty JSON object.
MAX_BODY_BYTES = 1024
# Longest accepted query string. The longest honest query (every filter at its maximum length) is
# well under 1 KB; 4 KB leaves room and stops multi-megabyte URLs before any parsing.
MAX_QUERY_CHARS = 4096
# Response cache: a snapshot never changes, so a response computed from it can be served again until
# a newer snapshot is opened (the generation is part of the key). Entries and bytes are bounded;
# one response is cached only if it is at most CACHE_MAX_ITEM_BYTES (a page of 500 events with
# evidence is ~1 MB: not worth keeping). EVENTWIRE_API_CACHE=0 turns it off (latency measurements).
CACHE_ENTRIES = 512
CACHE_MAX_BYTES = 64 * 1024 * 1024
CACHE_MAX_ITEM_BYTES = 256 * 1024
# Error code of an unexpected server error (API class; see the report to the lead for the catalogue).
INTERNAL_CODE = "EW405"
ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
# Host names always answered (any port); more with EVENTWIRE_ALLOWED_HOSTS or the bound address.
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
ALLOWED_HOSTS_ENV = "EVENTWIRE_ALLOWED_HOSTS"
# Paths served without the API token: the dashboard shell and the API description hold no data.
PUBLIC_PREFIXES = ("/static/", "/docs", "/openapi.json", "/health", "/favicon.ico")
PUBLIC_PATHS = ("/",)

SECURITY_HEADERS = [
    (b"content-security-policy",
     b"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
     b"font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
     b"form-action 'self'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]  # fmt: skip
_STATUS_CODES = {400: "EW401", 401: "EW403", 403: "EW403", 404: "EW402", 405: "EW401", 413: "EW404", 414: "EW404",
                 422: "EW401"}  # fmt: skip

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def allowed_hosts(extra: Sequence[str] | None = None) -> frozenset[str]:
    """Host names the API answers to: the loopback names, ``extra`` (the bound address) and the
    comma-separated EVENTWIRE_ALLOWED_HOSTS; ``*`` among them allows any host."""
    names = [*LOOPBACK_HOSTS, *(extra or ()), *os.environ.get(ALLOWED_HOSTS_ENV, "").split(",")]
    return frozenset(n for n in (_host_name(x) for x in names) if n)


def _host_name(value: str) -> str:
    """A Host header or bind address without port or IPv6 brackets, lower case ("[::1]:8000" -> "::1")."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1 : value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        name, _, port = value.partition(":")
        return name if port.isdigit() or not port else value
    return value


class _Guard:
    """Host/method/size/token checks, security headers and the last-resort 500, for every request."""

    def __init__(self, app: ASGIApp, token: str | None, hosts: frozenset[str]):
        self.app = app
        self.token = token.encode() if token else None
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False
        head = scope["method"] == "HEAD"

        async def send_secure(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() not in dict(SECURITY_HEADERS)
                ]
                message["headers"] = headers + SECURITY_HEADERS
            elif message["type"] == "http.response.body" and head:
                message = {
                    "type": "http.response.body",
                    "body": b"",
                    "more_body": message.get("more_body", False),
                }
            await send(message)

        problem = self._refuse(scope)
        if problem is not None:
            status, code, message, extra = problem
            await _send_error(send_secure, status, code, message, extra)
            return
        if head:  # answer HEAD like GET, without the body
            scope = dict(scope, method="GET")
        if b"transfer-encoding" in dict(scope.get("headers", [])):
            # A chunked body has no Content-Length: read it here (bounded) since no endpoint will.
            try:
                receive = await _drain(receive)
            except _BodyTooLarge:
                await _send_error(send_secure, 413, "EW404", f"Request bodies are limited to {MAX_BODY_BYTES} bytes; "
                                  "the API is read-only and takes its parameters in the query string.")  # fmt: skip
                return
        try:
            await self.app(scope, receive, send_secure)
        except Exception:
            log.exception("unexpected error answering %s %s", scope.get("method"), scope.get("path"))
            if not started:
                await _send_error(send_secure, 500, INTERNAL_CODE,
                                  "The server failed to answer this request; the error was logged. "
                                  "Try again, and report it if it persists.")  # fmt: skip

    def _refuse(self, scope: Scope) -> tuple[int, str, str, list[tuple[bytes, bytes]]] | None:
        method = scope["method"]
        if "*" not in self.hosts:
            # DNS rebinding: a web page on evil.example whose name now resolves to 127.0.0.1 reaches this
            # server with "Host: evil.example". Answer only to the names the server is known by.
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            if _host_name(host) not in self.hosts:
                return (400, "EW406", f"This server does not answer to the host {host[:100]!r}: it serves "
                        f"{', '.join(sorted(self.hosts))}. To reach it under another name, add that name to "
                        f"{ALLOWED_HOSTS_ENV} (comma-separated) on the server.", [])  # fmt: skip
        if method not in ALLOWED_METHODS:
            return (405, "EW401", f"Method {method[:20]} is not allowed: the API is read-only; use GET.",
                    [(b"allow", b"GET, HEAD, OPTIONS")])  # fmt: skip
        if len(scope.get("query_string", b"")) > MAX_QUERY_CHARS:
            return 414, "EW404", f"The query string is longer than {MAX_QUERY_CHARS} characters.", []
        headers = dict(scope.get("headers", []))
        length = headers.get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > MAX_BODY_BYTES):
            return (413, "EW404", f"Request bodies are limited to {MAX_BODY_BYTES} bytes; the API is read-only and "
                    "takes its parameters in the query string.", [])  # fmt: skip
        if (
            self.token
            and method != "OPTIONS"
            and not _is_public(scope["path"])
            and not self._authorised(headers)
        ):
            return (401, "EW403", "This API needs a token: send 'Authorization: Bearer <token>' (the value of "
                    "EVENTWIRE_API_TOKEN on the server).", [(b"www-authenticate", b"Bearer")])  # fmt: skip
        return None

    def _authorised(self, headers: dict[bytes, bytes]) -> bool:
        assert self.token is not None
        auth = headers.get(b"authorization", b"")
        given = auth[7:].strip() if auth[:7].lower() == b"bearer " else headers.get(b"x-api-token", b"")
        return hmac.compare_digest(given, self.token)


class _BodyTooLarge(Exception):
    pass


class ResponseCache:
    """A small thread-safe LRU of finished responses, bounded in entries and bytes."""

    def __init__(self, entries: int = CACHE_ENTRIES, max_bytes: int = CACHE_MAX_BYTES):
        self.entries = entries
        self.max_bytes = max_bytes
        self._items: OrderedDict[tuple[Any, ...], tuple[bytes, str, dict[str, str]]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> Response | None:
        """The cached response for ``key``, or None."""
        with self._lock:
            item = self._items.get(key)
            if item is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
        body, media_type, headers = item
        return Response(body, media_type=media_type, headers=headers)

    def put(self, key: tuple[Any, ...], response: Response) -> None:
        """Keep a finished response (small, successful ones only)."""
        body = bytes(response.body)
        if response.status_code != 200 or len(body) > CACHE_MAX_ITEM_BYTES or self.entries <= 0:
            return
        headers = {
            k: v for k, v in response.headers.items() if k in ("link", "x-next-cursor", "cache-control")
        }
        with self._lock:
            if key in self._items:
                return
            self._items[key] = (body, response.media_type or "application/json", headers)
            self._bytes += len(body)
            while self._items and (len(self._items) > self.entries or self._bytes > self.max_bytes):
                _, (old, _, _) = self._items.popitem(last=False)
                self._bytes -= len(old)


async def _drain(receive: Receive) -> Receive:
    """Read a request body to its end, refusing more than MAX_BODY_BYTES; return a receive that replays it."""
    seen = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        seen += len(message.get("body", b""))
        if seen > MAX_BODY_BYTES:
            raise _BodyTooLarge
        if not message.get("more_body", False):
            break
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": b"", "more_body": False}
        return await receive()

    return replay


async def _send_error(send: Send, status: int, code: str, message: str,
                      extra: list[tuple[bytes, bytes]] | None = None) -> None:  # fmt: skip
    body = json_bytes(error_body(code, message))
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
               (b"cache-control", b"no-store"), *(extra or [])]  # fmt: skip
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _is_public(path: str) -> bool:
    return path in PUBLIC_PATHS or path.startswith(PUBLIC_PREFIXES)


def _err(exc: EventwireError) -> JSONResponse:
    status = exc.status
    if exc.code in ("EW402", "EW106"):
        status = 404
    elif exc.code.startswith("EW1"):
        status = 400
    return JSONResponse(error_body(exc.code if exc.code.startswith("EW4") or status >= 500 else "EW401", exc.message),
                        status_code=status, headers={"cache-control": "no-store"})  # fmt: skip


# What a well-formed value looks like, per parameter, for refusals (never the pattern itself).
_EXPECTED = {
    "since": "a date like 2025-09-01, 2025-09 or 2025",
    "until": "a date like 2025-09-01, 2025-09 or 2025",
    "actor": "an ISO3 country or actor code such as PAK or IGOUNO",
    "dyad": "two actor codes separated by a comma, such as PAK,AFG",
    "story": "a hexadecimal story id such as 55336f7046c09bf3",
    "event_id": "a hexadecimal event id such as 55336f7046c09bf3",
    "story_id": "a hexadecimal story id such as 55336f7046c09bf3",
    "article_id": "a hexadecimal article id such as 55336f7046c09bf3",
    "type": "PLOVER event types (letters), comma-separated or repeated",
    "modality": "modalities (letters), comma-separated or repeated",
    "bbox": "west,south,east,north in degrees, such as 60.5,29.3,75.4,37.1",
}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:3]:
        names = [str(x) for x in e.get("loc", ()) if x not in ("query", "path", "header")]
        name = next((n for n in names if not n.isdigit()), "")
        expected = _EXPECTED.get(name)
        if expected and e.get("type") in ("string_pattern_mismatch", "string_too_long"):
            value = str(e.get("input", ""))[:40]
            parts.append(f"{name} must be {expected}; got {value!r}")
        else:
            parts.append(f"{name or 'request'}: {e.get('msg', 'invalid value')}")
    return "Bad request parameter. " + "; ".join(parts) + "."


def _query_names(dependant: Any) -> set[str]:
    """The query parameter names a route (and its dependencies) accepts."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def _known_params(request: Request) -> None:
    """Refuse a query parameter the endpoint does not know (a typo such as dayd would otherwise be
    ignored and answer with unfiltered rows)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None or not getattr(route, "include_in_schema", True):
        return
    accepted = _query_names(dependant)
    unknown = sorted({k for k in request.query_params if k not in accepted})
    if unknown:
        listed = ", ".join(sorted(accepted)) or "none"
        raise EventwireError(
            "EW401",
            f"Unknown query parameter{'s' if len(unknown) > 1 else ''} {', '.join(repr(u[:40]) for u in unknown[:5])} "
            f"for {request.url.path[:100]}; accepted: {listed}.",
            status=400,
        )


# ----------------------------------------------------------------------------- app factory
def create_app(
    db: str,
    *,
    token: str | None = None,
    cors_origins: list[str] | None = None,
    hosts: Sequence[str] | None = None,
) -> FastAPI:
    """The API and dashboard over store ``db`` (read from its snapshot; see ``store.snapshot``).

    ``token`` (if set) must accompany every data request; ``cors_origins`` enables CORS for those
    origins only (it is off by default). Requests must name a known host (``allowed_hosts``): the
    loopback names, ``hosts`` and EVENTWIRE_ALLOWED_HOSTS; others are 400 EW406. Raises
    EventwireError EW201 if there is no store at ``db``.
    """
    reader = SnapshotReader(db)
    key = cursor_key(token)
    entries = int(os.environ.get("EVENTWIRE_API_CACHE", CACHE_ENTRIES))
    cache = ResponseCache(entries) if entries > 0 else None
    cached = _cached_by(reader, cache)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        reader.close()  # release the snapshot file when the server stops

    app = FastAPI(
        lifespan=lifespan,
        title="eventwire API",
        version=__version__,
        description="Read-only access to coded political events, their stories and evidence. "
        'Errors are always {"error": {"code", "message"}}.',
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
        dependencies=[Depends(_known_params)],
    )
    app.state.reader = reader
    app.state.cache = cache

    _install_error_handlers(app)

    # ------------------------------------------------------------------ pages and API (api/routes/)
    pages.register(app)
    api = Api(reader=reader, key=key, cached=cached)
    for resource in (health, events, stories, actors, timeline):
        resource.register(app, api)
    dashboard_routes.register(app, reader=reader, cached=cached, query=EventQuery, responses=api.errors)
    _install_openapi(app)
    _install_middleware(app, token=token, hosts=hosts, cors_origins=cors_origins)
    return app


def _cached_by(
    reader: SnapshotReader, cache: ResponseCache | None
) -> Callable[[Request, Callable[[], Response]], Response]:
    """The routes' cache wrapper: a response is keyed by the snapshot generation, the path and the query."""

    def cached(request: Request, make: Callable[[], Response]) -> Response:
        """Serve from the cache when this snapshot already answered this exact request."""
        if cache is None:
            return make()
        ck = (reader.generation(), request.url.path, tuple(sorted(request.query_params.multi_items())))
        hit = cache.get(ck)
        if hit is not None:
            return hit
        response = make()
        cache.put(ck, response)
        return response

    return cached


def _install_middleware(
    app: FastAPI, *, token: str | None, hosts: Sequence[str] | None, cors_origins: list[str] | None
) -> None:
    """Add gzip, the guard (``_Guard``) and, when ``cors_origins`` are given, CORS around ``app``."""
    # Order matters: the last added is the outermost. CORS (when on) answers preflights first, the
    # guard then checks every request, and gzip compresses what the app returns.
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(_Guard, token=token, hosts=allowed_hosts(hosts))
    if cors_origins:
        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins), allow_methods=list(ALLOWED_METHODS),
                           allow_headers=["Authorization", "X-API-Token"], expose_headers=["Link", "X-Next-Cursor"])  # fmt: skip


def _install_error_handlers(app: FastAPI) -> None:
    """Every error in the one shape ``{"error": {"code", "message"}}``: coded errors, store errors (503 for the
    store's EW2xx), refused parameters (400, never FastAPI's 422) and FastAPI's own 404/405."""

    @app.exception_handler(EventwireError)
    async def _on_eventwire(request: Request, exc: EventwireError) -> JSONResponse:
        return _err(exc)

    @app.exception_handler(duckdb.Error)
    async def _on_duckdb(request: Request, exc: duckdb.Error) -> JSONResponse:
        # A damaged snapshot block and the like: coded (503 for the store's EW2xx), never a bare 500.
        err = classify_store_error(None, exc)
        log.warning("store error answering %s: %s", request.url.path, exc)
        return _err(EventwireError(err.code, err.message))

    @app.exception_handler(RequestValidationError)
    async def _on_validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        return JSONResponse(error_body("EW401", _validation_message(exc)), status_code=400)

    @app.exception_handler(StarletteHTTPException)
    async def _on_http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, INTERNAL_CODE if exc.status_code >= 500 else "EW401")
        message = {404: f"No such resource: {request.url.path[:200]}. See /docs for the endpoints.",
                   405: "Method not allowed: the API is read-only; use GET."}.get(exc.status_code, str(exc.detail))  # fmt: skip
        return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)


def _install_openapi(app: FastAPI) -> None:
    """Document the real error responses (400 with the error shape, never FastAPI's 422)."""

    def openapi() -> dict[str, Any]:
        """The OpenAPI document, built once."""
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        for path in schema.get("paths", {}).values():
            for op in path.values():
                responses = op.get("responses", {})
                responses.pop("422", None)
                responses.setdefault("400", {"description": "Bad parameter",
                                             "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}})  # fmt: skip
        comps = schema.get("components", {}).get("schemas", {})
        comps.pop("HTTPValidationError", None)
        comps.pop("ValidationError", None)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]

"""The JSON API and the dashboard: ``create_app`` builds the app, ``serve`` runs it with uvicorn."""

from __future__ import annotations

import ipaddress
import os
from collections.abc import Callable
from typing import TYPE_CHECKING

from ..errors import EventwireError

if TYPE_CHECKING:
    from fastapi import FastAPI

TOKEN_ENV = "EVENTWIRE_API_TOKEN"
# A token guarding a network-reachable API must not be guessable; 16 characters of a random string
# is the shortest we accept (e.g. `python -c "import secrets; print(secrets.token_urlsafe(24))"`).
MIN_TOKEN_CHARS = 16

__all__ = ["create_app", "serve", "is_loopback", "TOKEN_ENV"]


def create_app(
    db: str,
    *,
    token: str | None = None,
    cors_origins: list[str] | None = None,
    hosts: list[str] | None = None,
) -> FastAPI:
    """The FastAPI app over store ``db`` (see ``eventwire.api.app.create_app``)."""
    from .app import create_app as _create

    return _create(db, token=token, cors_origins=cors_origins, hosts=hosts)


def is_loopback(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and 'localhost': addresses no other machine can reach."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def resolve_token(host: str, token: str | None = None) -> str | None:
    """The token to require: the argument, else EVENTWIRE_API_TOKEN; refuse a non-loopback bind without one.

    Raises EventwireError EW403 (binding beyond this machine without a token, or with a short one).
    """
    token = token or os.environ.get(TOKEN_ENV) or None
    if is_loopback(host):
        return token
    if not token:
        raise EventwireError(
            "EW403",
            f"Refusing to serve on {host} without an API token: anyone who can reach this address could read the "
            f'store. Set {TOKEN_ENV} to a long random string (python -c "import secrets; '
            "print(secrets.token_urlsafe(24))\") and send it as 'Authorization: Bearer <token>', or bind to "
            "127.0.0.1.",
        )
    if len(token) < MIN_TOKEN_CHARS:
        raise EventwireError(
            "EW403", f"The API token must have at least {MIN_TOKEN_CHARS} characters when serving on {host}."
        )
    return token


def serve(
    db: str,
    host: str = "127.0.0.1",
    port: int = 8000,
    *,
    token: str | None = None,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve the API and dashboard with uvicorn until interrupted.

    Binds to loopback by default; any other host needs a token (argument or EVENTWIRE_API_TOKEN),
    else EventwireError EW403. The dashboard is at http://HOST:PORT/ and the API docs at /docs.
    """
    import uvicorn

    token = resolve_token(host, token)
    if not 0 < port < 65536:
        raise EventwireError("EW101", f"--port must be between 1 and 65535; got {port}.")
    # The Host header must name this server: the bound address or a loopback name (DNS-rebinding
    # protection). A wildcard bind is reached under names it cannot know; the token guards it.
    wildcard = host.strip("[]") in ("0.0.0.0", "::", "")
    app = create_app(db, token=token, hosts=["*"] if wildcard and not os.environ.get("EVENTWIRE_ALLOWED_HOSTS")
                     else [host])  # fmt: skip
    if announce is not None:  # only once the store opened and the bind is allowed
        where = f"[{host}]" if ":" in host else host
        announce(f"dashboard: http://{where}:{port}/   API docs: http://{where}:{port}/docs")
    uvicorn.run(app, host=host, port=port, log_level="info", server_header=False, date_header=True,
                timeout_keep_alive=5)  # fmt: skip

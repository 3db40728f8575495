"""Shared by the API test modules: a synthetic store, a test client on a loopback Host, direct SQL on the store."""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette suggests httpx2 for its test client; httpx works
    from fastapi.testclient import TestClient

from eventwire.api import create_app
from eventwire.api.fixture import build_synthetic_store


def synthetic_store(tmp_path_factory: Any, name: str, n_events: int, seed: int) -> str:
    path = str(tmp_path_factory.mktemp(name) / "events.duckdb")
    build_synthetic_store(path, n_events, seed=seed)
    return path


@contextmanager
def api_client(store: str) -> Iterator[TestClient]:
    """A client of the app on ``store``; the Host is a loopback name (the app refuses others, EW406)."""
    with TestClient(create_app(store), base_url="http://localhost", raise_server_exceptions=False) as c:
        yield c


@contextmanager
def sql_reader(store: str) -> Iterator[Callable[..., list[tuple]]]:
    """Direct read-only SQL on the store, to check the API against."""
    con = duckdb.connect(store, read_only=True)
    try:
        yield lambda q, p=(): con.execute(q, list(p)).fetchall()
    finally:
        con.close()

"""Latency and load measurements of the API on loopback (bounded in request count and time).

``measure_latency(db)`` times each scenario (first and deep ``/events`` pages with and without
filters, ``/timeline`` by day/week/month) one request at a time and reports p50/p95/p99.
``run_load(db, n_requests, concurrency)`` fires a fixed mix of requests from a thread pool and
reports requests/s, latency percentiles and errors (anything but 2xx, or a transport error).

The server runs in a subprocess (``eventwire.api.serve`` on 127.0.0.1 and a free port), so the
client's threads do not share a GIL with it; both still share this machine's cores, so the
numbers are a conservative floor. Only loopback addresses are ever contacted.
"""

from __future__ import annotations

import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..errors import EventwireError

LOOPBACK = "127.0.0.1"
# Waiting for the server: the first start may build the read snapshot (a few seconds at 100k events).
STARTUP_TIMEOUT_S = 180.0
# Per-request timeout: a request slower than this counts as an error.
REQUEST_TIMEOUT_S = 30.0
# Hard stop for one load run, whatever n_requests is: the test must end by itself.
MAX_RUN_SECONDS = 900.0
# Pages walked to get a "deep" cursor (x 500 events per page).
DEEP_PAGES = 40
# Dyads used in filtered scenarios (present in the synthetic store; any store answers them).
DYADS = ("PAK,AFG", "RUS,UKR", "IND,PAK", "USA,CHN")


def free_port() -> int:
    """A free TCP port on the loopback interface."""
    with socket.socket() as s:
        s.bind((LOOPBACK, 0))
        return int(s.getsockname()[1])


@contextmanager
def server(db: str, *, port: int | None = None, cache: bool = True) -> Iterator[str]:
    """Run ``eventwire.api.serve(db)`` in a subprocess on loopback; yield its base URL; stop it after.

    ``cache=False`` turns the response cache off (EVENTWIRE_API_CACHE=0), so every request queries.
    """
    port = port or free_port()
    code = "import sys; from eventwire.api import serve; serve(sys.argv[1], '127.0.0.1', int(sys.argv[2]))"
    env = dict(os.environ, EVENTWIRE_API_CACHE=os.environ.get("EVENTWIRE_API_CACHE", "512") if cache else "0")
    proc = subprocess.Popen([sys.executable, "-c", code, db, str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, env=env)  # fmt: skip
    base = f"http://{LOOPBACK}:{port}"
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace")[-2000:] if proc.stderr else ""
                raise EventwireError("EW201", f"The API server exited at start: {err}")
            try:
                if httpx.get(base + "/health", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise EventwireError(
                    "EW201", f"The API server did not answer within {STARTUP_TIMEOUT_S:.0f}s."
                )
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1))))
    return ordered[k]


def _summary(ms: list[float]) -> dict[str, float]:
    return {"n": len(ms), "p50_ms": round(_pct(ms, 50), 2), "p95_ms": round(_pct(ms, 95), 2),
            "p99_ms": round(_pct(ms, 99), 2), "mean_ms": round(statistics.fmean(ms), 2) if ms else float("nan"),
            "max_ms": round(max(ms), 2) if ms else float("nan")}  # fmt: skip


def _deep_cursor(client: httpx.Client, base: str, params: dict[str, Any]) -> str | None:
    """The cursor after DEEP_PAGES pages of 500 (or the last one there is)."""
    cursor, last = None, None
    for _ in range(DEEP_PAGES):
        r = client.get(base + "/events", params={**params, "limit": 500, "evidence": "false",
                                                 **({"next": cursor} if cursor else {})})  # fmt: skip
        r.raise_for_status()
        cursor = r.json()["next"]
        if not cursor:
            break
        last = cursor
    return last


def scenarios(client: httpx.Client, base: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """Named requests: /events first and deep pages with and without filters, /timeline per bucket."""
    deep = _deep_cursor(client, base, {})
    deep_dyad = _deep_cursor(client, base, {"dyad": DYADS[0]})
    out: dict[str, tuple[str, dict[str, Any]]] = {
        "events first page": ("/events", {}),
        "events first page, dyad": ("/events", {"dyad": DYADS[0]}),
        "events first page, type+since": ("/events", {"type": "ASSAULT", "since": "2025-01-01"}),
        "events first page, q text search": ("/events", {"q": "border"}),
        "timeline day": ("/timeline", {"bucket": "day"}),
        "timeline week": ("/timeline", {"bucket": "week"}),
        "timeline month": ("/timeline", {"bucket": "month"}),
        "timeline week, dyad": ("/timeline", {"bucket": "week", "dyad": DYADS[0]}),
    }
    if deep:
        out["events deep page (20,000+ in)"] = ("/events", {"next": deep})
    if deep_dyad:
        out["events deep page, dyad"] = ("/events", {"dyad": DYADS[0], "next": deep_dyad})
    return out


def measure_latency(db: str, *, n: int = 100, base_url: str | None = None) -> dict[str, Any]:
    """p50/p95/p99 of each scenario, ``n`` sequential requests each (after 3 warm-up requests).

    Without ``base_url`` it starts a server with the response cache off: the numbers are query
    latencies, not cache hits (pass a cache-less server's URL for the same).
    """
    if base_url is None:
        with server(db, cache=False) as base:
            return measure_latency(db, n=n, base_url=base)
    results: dict[str, Any] = {}
    with httpx.Client(timeout=REQUEST_TIMEOUT_S) as client:
        for name, (path, params) in scenarios(client, base_url).items():
            ms: list[float] = []
            for i in range(n + 3):
                t0 = time.perf_counter()
                r = client.get(base_url + path, params=params)
                dt = (time.perf_counter() - t0) * 1000
                if r.status_code != 200:
                    raise EventwireError("EW401", f"{name}: HTTP {r.status_code}: {r.text[:200]}")
                if i >= 3:
                    ms.append(dt)
            results[name] = _summary(ms)
    return results


def _request_mix(client: httpx.Client, base: str, n: int, seed: int) -> list[tuple[str, str, dict[str, Any]]]:
    """A fixed, seeded list of n requests over every endpoint, weighted like dashboard use."""
    rng = random.Random(seed)
    first = client.get(base + "/events", params={"limit": 200, "evidence": "false"}).json()["events"]
    event_ids = [e["event_id"] for e in first] or ["0000000000000000"]
    story_rows = client.get(base + "/stories", params={"limit": 50}).json()["stories"]
    story_ids = [s["story_id"] for s in story_rows] or ["0000000000000000"]
    article_ids = [ev["article_id"] for e in event_ids[:30]
                   for ev in client.get(f"{base}/events/{e}").json().get("evidence", [])] or ["0000000000000000"]  # fmt: skip
    deep = _deep_cursor(client, base, {})
    mix: list[tuple[str, str, dict[str, Any]]] = []
    for _ in range(n):
        r = rng.random()
        dyad = rng.choice(DYADS)
        if r < 0.25:
            mix.append(
                ("events", "/events", rng.choice([{}, {"dyad": dyad}, {"type": "FIGHT"}, {"sort": "-date"}]))
            )
        elif r < 0.30 and deep:
            mix.append(("events deep", "/events", {"next": deep}))
        elif r < 0.45:
            mix.append(("timeline", "/timeline", {"bucket": rng.choice(["day", "week", "month"]),
                                                  **({"dyad": dyad} if rng.random() < 0.5 else {})}))  # fmt: skip
        elif r < 0.55:
            mix.append(("dyads", "/dyads", {"limit": 60}))
        elif r < 0.62:
            mix.append(("actors", "/actors", {"limit": 100}))
        elif r < 0.72:
            mix.append(
                ("stories", "/stories", {"limit": 15, **({"dyad": dyad} if rng.random() < 0.5 else {})})
            )
        elif r < 0.85:
            mix.append(("event", f"/events/{rng.choice(event_ids)}", {}))
        elif r < 0.93:
            mix.append(("article", f"/articles/{rng.choice(article_ids)}", {}))
        elif r < 0.96:
            mix.append(("story", f"/stories/{rng.choice(story_ids)}", {}))
        else:
            mix.append(("health", "/health", {}))
    return mix


@dataclass
class _LoadRun:
    """One load run's shared state: per-endpoint latencies, status counts and the first error samples."""

    base_url: str
    stop_at: float  # time.monotonic() after which no more requests are sent
    lock: threading.Lock = field(default_factory=threading.Lock)
    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    local: threading.local = field(default_factory=threading.local)  # one httpx.Client per thread

    def one(self, item: tuple[str, str, dict[str, Any]]) -> None:
        """Send one request of the mix and record its latency and status."""
        if time.monotonic() > self.stop_at:
            return
        name, path, params = item
        client = getattr(self.local, "client", None)
        if client is None:
            client = self.local.client = httpx.Client(timeout=REQUEST_TIMEOUT_S)
        t0 = time.perf_counter()
        try:
            r = client.get(self.base_url + path, params=params)
            status = str(r.status_code)
            ok = 200 <= r.status_code < 300
            detail = r.text[:200]
        except httpx.HTTPError as exc:
            status, ok, detail = type(exc).__name__, False, str(exc)
        dt = (time.perf_counter() - t0) * 1000
        with self.lock:
            self.latencies.setdefault(name, []).append(dt)
            self.statuses[status] += 1
            if not ok and len(self.errors) < 20:
                self.errors.append(f"{path} {params}: {status} {detail}")

    def report(self, n_requests: int, concurrency: int, seconds: float) -> dict[str, Any]:
        """The run's numbers: throughput, latency percentiles, errors and per-endpoint latency."""
        all_ms = [x for v in self.latencies.values() for x in v]
        done = len(all_ms)
        n_errors = sum(v for k, v in self.statuses.items() if not k.startswith("2"))
        return {
            "requests": done,
            "planned": n_requests,
            "concurrency": concurrency,
            "seconds": round(seconds, 2),
            "rps": round(done / seconds, 1) if seconds else None,
            **{k: v for k, v in _summary(all_ms).items() if k != "n"},
            "errors": n_errors,
            "error_samples": self.errors,
            "status_counts": dict(self.statuses),
            "stopped_early": done < n_requests,
            "per_endpoint": {k: _summary(v) for k, v in sorted(self.latencies.items())},
        }


def run_load(db: str, n_requests: int = 5000, concurrency: int = 8, *, base_url: str | None = None,
             seed: int = 0, cache: bool = True) -> dict[str, Any]:  # fmt: skip
    """Fire ``n_requests`` (a fixed mix over every endpoint) with ``concurrency`` client threads.

    Returns requests, seconds, requests/s, p50/p95/p99 in ms, errors (must be 0), status counts
    and per-endpoint latency. Stops early (and says so) after ``MAX_RUN_SECONDS``. Without
    ``base_url`` it starts its own server, with the response cache on or off (``cache``).
    """
    if n_requests < 1 or concurrency < 1:
        raise EventwireError("EW101", "n_requests and concurrency must be at least 1.")
    if base_url is None:
        with server(db, cache=cache) as base:
            return run_load(db, n_requests, concurrency, base_url=base, seed=seed)
    with httpx.Client(timeout=REQUEST_TIMEOUT_S) as setup:
        mix = _request_mix(setup, base_url, n_requests, seed)
    run = _LoadRun(base_url, stop_at=time.monotonic() + MAX_RUN_SECONDS)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(run.one, mix))
    return run.report(n_requests, concurrency, time.perf_counter() - t0)


def main(argv: list[str] | None = None) -> None:
    """``python tools/loadtest.py DB [N_REQUESTS] [CONCURRENCY]``: print latency and load as JSON."""
    import json

    args = list(sys.argv[1:] if argv is None else argv)
    if not args:
        raise SystemExit("usage: python tools/loadtest.py DB [N_REQUESTS] [CONCURRENCY]")
    db = args[0]
    n = int(args[1]) if len(args) > 1 else 5000
    conc = int(args[2]) if len(args) > 2 else 8
    report = {"latency (cache off)": measure_latency(db),
              "load (cache on)": run_load(db, n, conc, cache=True),
              "load (cache off)": run_load(db, n, conc, cache=False)}  # fmt: skip
    print(json.dumps(report, indent=2))

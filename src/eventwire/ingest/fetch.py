"""HTTP GET for feeds and the pages their items link to, hardened against slow and broken hosts.

One ``Fetcher`` per feed: an httpx client with explicit connect/read/write/pool timeouts, a User-Agent,
a hard time budget per response (headers and body, across redirects), bounded retries with
exponential back-off and jitter on connection errors, timeouts, 408/429 and 5xx (honouring
Retry-After up to a cap), a size cap enforced while streaming (also on the decompressed size, so a
gzip bomb stops at the cap), manual redirects restricted to http/https with a hop limit and loop
detection, and a politeness delay between requests to the same host (one request at a time).

The time budget is enforced below httpx, on every socket read and write: a host that trickles one
byte per second never trips the per-read timeout, and without the budget it could hold a run for
hours, in the headers as well as in the body.

``Fetcher.get`` never raises for network or HTTP trouble: it returns a ``Fetched`` whose ``error``
is a reject reason (``fetch_error`` or ``too_large``) and whose ``message`` says what happened.
"""

from __future__ import annotations

import logging
import random
import re
import ssl
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import httpcore
import httpx

from ..options import Options

log = logging.getLogger(__name__)

ALLOWED_SCHEMES = frozenset({"http", "https"})
_TLS_FAILURE = re.compile(r"CERTIFICATE_VERIFY_FAILED|WRONG_VERSION_NUMBER|certificate verify failed", re.I)

# Seconds to open a TCP (and TLS) connection. A reachable news site answers in well under a
# second; 10 s tolerates a slow DNS or a congested link without waiting on a dead host for long.
CONNECT_TIMEOUT = 10.0
# Seconds of silence allowed between two reads of one response. Busy CMSs take several seconds to
# render a page; 20 s is past that and still short enough that a stalled server is noticed.
READ_TIMEOUT = 20.0
# Seconds to send the request and to wait for a pooled connection (one connection at a time here).
WRITE_TIMEOUT = 10.0
POOL_TIMEOUT = 10.0
# Total seconds for one attempt at one URL: headers, body and all redirect hops. A 5 MB page at a
# modest 1 Mbit/s takes 40 s; 60 s caps a trickling host at a bounded cost per attempt.
RESPONSE_DEADLINE = 60.0
# Attempts per URL (first try plus two retries): enough to ride out a restart or a dropped
# connection; a host still failing after three tries is down for this run and is reported.
MAX_ATTEMPTS = 3
# Back-off before retry n is BACKOFF_BASE * 2**(n-1) seconds, scaled by a random factor in
# [0.5, 1) ("equal jitter") so that many feeds on one host do not retry in lock-step.
BACKOFF_BASE = 1.0
# A Retry-After longer than this many seconds is not waited for: the URL is reported as failed
# and the run moves on (a server asking for an hour's pause will not be ready in a minute).
RETRY_AFTER_CAP = 30.0
# Redirect hops followed per request. Real article links redirect once or twice (http -> https,
# a tracking hop, a canonical slug); browsers stop at 20, ten is plenty for news.
MAX_REDIRECTS = 10
# Seconds between the end of one request and the start of the next to the same host. One second
# is the common crawl-delay convention for polite crawlers of news sites.
HOST_DELAY = 1.0

# Statuses worth retrying: request timeout, rate limiting, and transient server trouble. 501 and
# other 5xx codes describe permanent conditions.
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
# A timeout this close to the end of the response budget is the budget running out (the last read
# was given only the time left), not the server falling silent for the whole read timeout.
BUDGET_SLACK = 0.05


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Timeouts, retries and politeness for one fetcher (the defaults are the constants above)."""

    connect_timeout: float = CONNECT_TIMEOUT
    read_timeout: float = READ_TIMEOUT
    deadline: float = RESPONSE_DEADLINE
    attempts: int = MAX_ATTEMPTS
    backoff: float = BACKOFF_BASE
    retry_after_cap: float = RETRY_AFTER_CAP
    max_redirects: int = MAX_REDIRECTS
    host_delay: float = HOST_DELAY


DEFAULT_POLICY = FetchPolicy()


@dataclass(slots=True)
class Fetched:
    """Outcome of one GET (after retries and redirects)."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int | None  # HTTP status of the last response; None when no response arrived
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    attempts: int = 0
    seconds: float = 0.0
    error: str | None = None  # None on 2xx or 304; else a reject reason: fetch_error | too_large
    message: str = ""  # what went wrong, naming the URL
    retryable: bool = False  # the failure was transient (a later run may succeed)

    @property
    def ok(self) -> bool:
        """True when a complete 2xx (or 304) response arrived."""
        return self.error is None


def utc_now_iso() -> str:
    """The current UTC time as ``YYYY-MM-DDTHH:MM:SSZ`` (crawl dates, fetch times)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def url_scheme(url: str) -> str:
    """Lower-case scheme of ``url`` ("" when it has none or is not a valid URL)."""
    head, sep, _ = url.partition(":")
    return head.strip().lower() if sep and head.strip().isascii() else ""


def is_http_url(url: str) -> bool:
    """True for an absolute http(s) URL: the only kind eventwire ever fetches."""
    return url_scheme(url) in ALLOWED_SCHEMES and "//" in url[:10]


# ----------------------------------------------------------------------------- the time budget
_budget = threading.local()


def _bounded(timeout: float | None, exc: type[Exception]) -> float | None:
    """``timeout`` shortened to what is left of the current response budget."""
    end = getattr(_budget, "end", None)
    if end is None:
        return timeout
    left = end - time.monotonic()
    if left <= 0:
        raise exc("the response time budget was used up")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the response deadline."""

    def __init__(self, inner: httpcore.NetworkStream):
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> Any:
        return _DeadlineStream(
            self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout))
        )

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host, port, _bounded(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _DeadlineStream(stream)

    def connect_unix_socket(self, path: str, timeout: float | None = None, socket_options: Any = None) -> Any:
        return _DeadlineStream(
            self._inner.connect_unix_socket(path, _bounded(timeout, httpcore.ConnectTimeout), socket_options)
        )

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


class _DeadlineTransport(httpx.HTTPTransport):
    """httpx's transport over a connection pool that uses the deadline-aware network backend.

    httpx offers no parameter for a network backend, so the pool it builds is replaced by an
    equivalent one (HTTP/1.1, default TLS context, no proxy) that has it. Should a future httpx
    rename the attribute, requests still work and the streaming loop in ``_read_body`` still
    enforces the budget on the body.
    """

    def __init__(self, ssl_context: ssl.SSLContext | None = None) -> None:
        super().__init__(trust_env=False)
        if hasattr(self, "_pool"):
            self._pool = httpcore.ConnectionPool(
                ssl_context=ssl_context or httpx.create_ssl_context(),
                max_connections=1,  # one request at a time: politeness, and one feed per fetcher
                max_keepalive_connections=1,
                keepalive_expiry=5.0,
                network_backend=_DeadlineBackend(),
            )


@contextmanager
def _response_budget(seconds: float) -> Iterator[None]:
    _budget.end = time.monotonic() + seconds
    try:
        yield
    finally:
        _budget.end = None


def make_client(
    opts: Options, policy: FetchPolicy = DEFAULT_POLICY, *, ssl_context: ssl.SSLContext | None = None
) -> httpx.Client:
    """An httpx client with eventwire's User-Agent, explicit timeouts and the deadline transport.

    Redirects are not followed by httpx: ``Fetcher`` follows them itself so that every hop is
    checked (scheme, loop, hop count) before it is requested. ``ssl_context`` replaces the default
    certificate store (certifi), e.g. for a proxy with an in-house CA.
    """
    timeout = httpx.Timeout(
        connect=policy.connect_timeout, read=policy.read_timeout, write=WRITE_TIMEOUT, pool=POOL_TIMEOUT
    )
    return httpx.Client(
        headers={"User-Agent": opts.user_agent, "Accept-Encoding": "gzip, deflate"},
        timeout=timeout,
        follow_redirects=False,
        transport=_DeadlineTransport(ssl_context),
        trust_env=False,
    )


# ----------------------------------------------------------------------------- fetching
# "host:port" -> monotonic time its last request ended. Process-wide, not per Fetcher: an outlet's
# twenty section feeds are read one after another, and the pause is owed to the host, not a feed.
_LAST_REQUEST: dict[str, float] = {}
_LAST_REQUEST_LOCK = threading.Lock()


class _Failure(Exception):
    def __init__(
        self,
        reason: str,
        message: str,
        *,
        retryable: bool,
        status: int | None = None,
        retry_after: float | None = None,
        final_url: str | None = None,
    ):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.retryable = retryable
        self.status = status
        self.retry_after = retry_after
        self.final_url = final_url


def retry_after_seconds(value: str | None) -> float | None:
    """Seconds asked for by a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


class Fetcher:
    """GETs URLs one at a time with the policy's timeouts, retries, caps and per-host delay.

    Give it an ``httpx.Client`` to share one (tests use this with a transport of their own); else
    it makes one with ``make_client`` and closes it in ``close``.
    """

    def __init__(self, opts: Options, policy: FetchPolicy | None = None, client: httpx.Client | None = None):
        self.policy = policy or DEFAULT_POLICY
        self._own_client = client is None
        self.client = client if client is not None else make_client(opts, self.policy)
        self._rng = random.Random()

    def close(self) -> None:
        """Close the client if this fetcher made it."""
        if self._own_client:
            self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(
        self, url: str, *, max_bytes: int, limit_name: str, headers: Mapping[str, str] | None = None
    ) -> Fetched:
        """GET ``url`` with retries; the body is refused beyond ``max_bytes`` (named ``limit_name``)."""
        t0 = time.monotonic()
        if not is_http_url(url):
            return Fetched(
                url,
                url,
                None,
                error="fetch_error",
                message=f"{url!r} was not fetched: only http:// and https:// URLs are followed.",
            )
        attempt = 0
        while True:
            attempt += 1
            try:
                status, final_url, resp_headers, body = self._once(url, max_bytes, limit_name, headers or {})
            except _Failure as fail:
                wait = self._retry_wait(fail, attempt)
                if wait is None:
                    return Fetched(
                        url,
                        fail.final_url or url,
                        fail.status,
                        attempts=attempt,
                        seconds=time.monotonic() - t0,
                        error=fail.reason,
                        retryable=fail.retryable,
                        message=f"{fail.message} (after {attempt} attempt{'s' if attempt > 1 else ''})",
                    )
                log.info("retrying %s in %.2f s: %s", url, wait, fail.message)
                time.sleep(wait)
                continue
            return Fetched(url, final_url, status, body, resp_headers, attempt, time.monotonic() - t0)

    def _retry_wait(self, fail: _Failure, attempt: int) -> float | None:
        """Seconds to wait before the next attempt, or None to give up."""
        if not fail.retryable or attempt >= self.policy.attempts:
            return None
        wait = self.policy.backoff * 2 ** (attempt - 1) * self._rng.uniform(0.5, 1.0)
        if fail.retry_after is not None:
            if fail.retry_after > self.policy.retry_after_cap:
                fail.message += (
                    f"; the server asked to retry after {fail.retry_after:.0f} s, longer than we wait"
                )
                return None
            wait = max(wait, fail.retry_after)
        return wait

    def _polite_wait(self, host: str) -> None:
        with _LAST_REQUEST_LOCK:
            last = _LAST_REQUEST.get(host)
        if last is not None and self.policy.host_delay > 0:
            pause = last + self.policy.host_delay - time.monotonic()
            if pause > 0:
                time.sleep(pause)
                if getattr(_budget, "end", None) is not None:
                    _budget.end += pause  # our own pause is not the server's slowness

    def _once(
        self, url: str, max_bytes: int, limit_name: str, headers: Mapping[str, str]
    ) -> tuple[int, str, dict[str, str], bytes]:
        """One attempt: follow redirects by hand and read the final body under the time budget."""
        current = url
        visited = {url}
        with _response_budget(self.policy.deadline):
            for _hop in range(self.policy.max_redirects + 1):
                try:
                    parsed = httpx.URL(current)
                    host = f"{parsed.host}:{parsed.port or ''}"  # one server: host and port
                except httpx.InvalidURL as exc:
                    raise _Failure(
                        "fetch_error", f"{current!r} is not a valid URL ({exc}).", retryable=False
                    ) from None
                self._polite_wait(host)
                try:
                    outcome = self._request(current, max_bytes, limit_name, headers)
                finally:
                    with _LAST_REQUEST_LOCK:
                        _LAST_REQUEST[host] = time.monotonic()
                if isinstance(outcome, str):  # a redirect to follow
                    if not is_http_url(outcome):
                        raise _Failure(
                            "fetch_error",
                            f"{current} redirects to {outcome!r}, which is not an http(s) URL; not followed.",
                            retryable=False,
                            final_url=current,
                        )
                    if outcome in visited:
                        raise _Failure(
                            "fetch_error",
                            f"{url} is caught in a redirect loop ({current} -> {outcome}).",
                            retryable=False,
                            final_url=current,
                        )
                    visited.add(outcome)
                    current = outcome
                    continue
                status, resp_headers, body = outcome
                return status, current, resp_headers, body
        raise _Failure(
            "fetch_error",
            f"{url} redirects more than {self.policy.max_redirects} times; not followed further.",
            retryable=False,
            final_url=current,
        )

    def _request(
        self, url: str, max_bytes: int, limit_name: str, headers: Mapping[str, str]
    ) -> str | tuple[int, dict[str, str], bytes]:
        """One HTTP exchange: the redirect target, or (status, headers, body) of a usable response."""
        try:
            with self.client.stream("GET", url, headers=dict(headers)) as resp:
                status = resp.status_code
                resp_headers = {k.lower(): v for k, v in resp.headers.items()}
                if status in REDIRECT_STATUSES and "location" in resp.headers:
                    return str(resp.url.join(resp.headers["location"]))
                if status == 304:
                    return status, resp_headers, b""
                if not 200 <= status < 300:
                    raise _Failure(
                        "fetch_error",
                        f"{url} answered HTTP {status} {resp.reason_phrase}".rstrip() + ".",
                        retryable=status in RETRY_STATUSES,
                        status=status,
                        retry_after=retry_after_seconds(resp.headers.get("retry-after")),
                        final_url=url,
                    )
                return status, resp_headers, self._read_body(resp, url, max_bytes, limit_name)
        except _Failure:
            raise
        except httpx.TimeoutException as exc:
            end = getattr(_budget, "end", None)
            budget_spent = end is not None and time.monotonic() >= end - BUDGET_SLACK
            raise _Failure(
                "fetch_error",
                f"{url} timed out ({_timeout_kind(exc, budget_spent)}; limits: connect "
                f"{self.policy.connect_timeout:g} s, read {self.policy.read_timeout:g} s, whole response "
                f"{self.policy.deadline:g} s).",
                retryable=True,
                final_url=url,
            ) from None
        except (
            httpx.ConnectError,
            httpx.ReadError,
            httpx.WriteError,
            httpx.RemoteProtocolError,
            httpx.CloseError,
        ) as exc:
            # A refused or dropped connection may pass; a certificate the host presents will not.
            raise _Failure(
                "fetch_error",
                f"{url} failed: {type(exc).__name__}: {exc or 'connection failed'}.",
                retryable=not _TLS_FAILURE.search(str(exc)),
                final_url=url,
            ) from None
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, OSError, ValueError) as exc:
            # Bad URLs, undecodable gzip, TLS failures: retrying would give the same answer.
            raise _Failure(
                "fetch_error", f"{url} failed: {type(exc).__name__}: {exc}.", retryable=False, final_url=url
            ) from None

    def _read_body(self, resp: httpx.Response, url: str, max_bytes: int, limit_name: str) -> bytes:
        declared = resp.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > max_bytes:
            raise _Failure(
                "too_large",
                f"{url} announces {int(declared):,} bytes, more than {limit_name}={max_bytes:,}; "
                "not downloaded.",
                retryable=False,
                status=resp.status_code,
                final_url=url,
            )
        chunks: list[bytes] = []
        size = 0
        # iter_bytes yields decompressed data, so the cap also stops gzip/deflate bombs. No chunk
        # size: data is handed over as it arrives, so the deadline check below sees a trickle.
        for chunk in resp.iter_bytes():
            size += len(chunk)
            if size > max_bytes:
                raise _Failure(
                    "too_large",
                    f"{url} sent more than {limit_name}={max_bytes:,} bytes; download stopped.",
                    retryable=False,
                    status=resp.status_code,
                    final_url=url,
                )
            chunks.append(chunk)
            end = getattr(_budget, "end", None)
            if end is not None and time.monotonic() > end:
                raise httpx.ReadTimeout("the response time budget was used up")
        return b"".join(chunks)


def _timeout_kind(exc: httpx.TimeoutException, budget_spent: bool) -> str:
    if budget_spent:
        return "the whole response took too long"
    if isinstance(exc, httpx.ConnectTimeout):
        return "connecting"
    if isinstance(exc, httpx.ReadTimeout):
        return "waiting for data"
    if isinstance(exc, httpx.WriteTimeout):
        return "sending the request"
    return "waiting for a connection"

"""Feeds over HTTP against a hostile local server on 127.0.0.1 (no other network).

The server serves canned feeds and article pages (tests/fixtures/feeds/) plus endpoints that
misbehave: slow, trickling, failing once, looping, oversized, refusing. Every request is logged so
tests can count them (one conditional GET on a re-run, pages never fetched twice).
"""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventwire.ingest import expand_inputs, fetch, iter_inputs
from eventwire.ingest.feeds_http import iter_feed_url, read_feed_list
from eventwire.ingest.fetch import Fetcher, FetchPolicy, retry_after_seconds
from eventwire.options import Options
from eventwire.records import Document, InputDone, Reject

# serial: connect, read and response deadlines of a fraction of a second, with bounds
pytestmark = pytest.mark.serial

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
ETAG = '"rss-v1"'
LAST_MODIFIED = "Sat, 29 Nov 2025 12:00:00 GMT"
# Tight limits so the slow-host tests finish in seconds: a read may wait 0.4 s, one whole response
# 1.0 s, three attempts with near-zero back-off, no politeness pause between requests.
FAST = FetchPolicy(
    connect_timeout=0.5,
    read_timeout=0.4,
    deadline=1.0,
    attempts=3,
    backoff=0.01,
    retry_after_cap=2.0,
    max_redirects=5,
    host_delay=0.0,
)

PAGES = {
    "/news/2025/11/27/pakistan-russia-protocol.html": "pakistan-russia-protocol.html",
    "/news/2025/11/28/kabul-rejects-claims.html": "kabul-rejects-claims.html",
    "/news/2025/11/29/flood-aid.html": "flood-aid.html",
    "/world/africa/border-crossing.html": "border-crossing.html",
    "/world/europe/aid-convoy.html": "aid-convoy.html",
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


Route = Callable[[BaseHTTPRequestHandler, int], None]  # (handler, n-th request to this path, 1-based)


class FeedServer:
    """ThreadingHTTPServer on a free port with per-path canned behaviour and a request log."""

    def __init__(self) -> None:
        self.log: list[tuple[str, dict[str, str]]] = []
        self.routes: dict[str, Route] = {}
        self.dead = f"http://127.0.0.1:{_free_port()}"  # nothing listens there: connection refused
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server naming)
                path = self.path.split("?", 1)[0]
                with lock:
                    server.log.append((path, {k.lower(): v for k, v in self.headers.items()}))
                    n = sum(1 for p, _ in server.log if p == path)
                route = server.routes.get(path)
                try:
                    if route is None:
                        send(self, 404, b"<html><body>Not found</body></html>")
                    else:
                        route(self, n)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should with a slow host

            def log_message(self, *args: Any) -> None:
                pass

        lock = threading.Lock()
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    def requests(self, path: str) -> list[dict[str, str]]:
        return [h for p, h in self.log if p == path]

    def fixture(self, name: str) -> bytes:
        text = (FIXTURES / name).read_text(encoding="utf-8")
        return text.replace("{base}", self.base).replace("{dead}", self.dead).encode("utf-8")


def send(
    h: BaseHTTPRequestHandler,
    status: int,
    body: bytes,
    ctype: str = "text/html; charset=utf-8",
    headers: dict[str, str] | None = None,
) -> None:
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(body)))
    for k, v in (headers or {}).items():
        h.send_header(k, v)
    h.end_headers()
    h.wfile.write(body)


def static(body: bytes, ctype: str, *, etag: str | None = None, last_modified: str | None = None) -> Route:
    """A resource with validators that answers 304 to a matching conditional GET."""

    def route(h: BaseHTTPRequestHandler, n: int) -> None:
        validators = {k: v for k, v in (("ETag", etag), ("Last-Modified", last_modified)) if v}
        inm, ims = h.headers.get("If-None-Match"), h.headers.get("If-Modified-Since")
        if (etag and inm == etag) or (not inm and last_modified and ims == last_modified):
            h.send_response(304)
            for k, v in validators.items():
                h.send_header(k, v)
            h.end_headers()
            return
        send(h, 200, body, ctype, validators)

    return route


def redirect(location: str, status: int = 302) -> Route:
    def route(h: BaseHTTPRequestHandler, n: int) -> None:
        send(h, status, b"", headers={"Location": location})

    return route


def fail_first(times: int, then: Route, status: int = 500, headers: dict[str, str] | None = None) -> Route:
    def route(h: BaseHTTPRequestHandler, n: int) -> None:
        if n <= times:
            send(h, status, b"<html><body>Internal Server Error</body></html>", headers=headers)
        else:
            then(h, n)

    return route


def sleeping(seconds: float, then: Route) -> Route:
    def route(h: BaseHTTPRequestHandler, n: int) -> None:
        time.sleep(seconds)
        then(h, n)

    return route


def trickle_body(interval: float, total: int = 10_000) -> Route:
    """Headers at once, then one byte every ``interval`` seconds (never a read timeout)."""

    def route(h: BaseHTTPRequestHandler, n: int) -> None:
        h.send_response(200)
        h.send_header("Content-Type", "application/rss+xml")
        h.send_header("Content-Length", str(total))
        h.end_headers()
        for _ in range(total):
            h.wfile.write(b" ")
            h.wfile.flush()
            time.sleep(interval)

    return route


def trickle_headers(interval: float) -> Route:
    """The status line, then header bytes one at a time: the body never starts."""

    def route(h: BaseHTTPRequestHandler, n: int) -> None:
        h.wfile.write(b"HTTP/1.0 200 OK\r\n")
        for byte in b"X-Padding: " + b"a" * 10_000:
            h.wfile.write(bytes([byte]))
            h.wfile.flush()
            time.sleep(interval)

    return route


@pytest.fixture
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    for path, name in PAGES.items():
        srv.routes[path] = static(srv.fixture(name), "text/html; charset=utf-8")
    srv.routes["/go/flood-aid"] = redirect("/news/2025/11/29/flood-aid.html", 301)
    srv.routes["/rss.xml"] = static(
        srv.fixture("rss2.xml"), "application/rss+xml; charset=utf-8", etag=ETAG, last_modified=LAST_MODIFIED
    )
    srv.routes["/atom.xml"] = static(
        srv.fixture("atom.xml"), "application/atom+xml", last_modified=LAST_MODIFIED
    )
    srv.thread.start()
    try:
        yield srv
    finally:
        srv.httpd.shutdown()
        srv.httpd.server_close()


@pytest.fixture
def fast(monkeypatch: pytest.MonkeyPatch) -> FetchPolicy:
    """Make the fast policy the default (for runs through iter_inputs / run_ingest)."""
    monkeypatch.setattr(fetch, "DEFAULT_POLICY", FAST)
    return FAST


def read(
    url: str, opts: Options | None = None, state: dict[str, Any] | None = None, known: set[str] | None = None
) -> tuple[list[Document], list[Reject], InputDone]:
    items = list(
        iter_feed_url(
            url,
            opts or Options(),
            state=state,
            policy=FAST,
            known_urls=(lambda urls: set(urls) & known) if known is not None else None,
        )
    )
    done = items[-1]
    assert isinstance(done, InputDone) and all(not isinstance(x, InputDone) for x in items[:-1])
    assert done.input == url and done.records == len(items) - 1
    return ([x for x in items if isinstance(x, Document)], [x for x in items if isinstance(x, Reject)], done)


# ----------------------------------------------------------------------------- healthy feeds
def test_rss_items_become_page_documents(server: FeedServer) -> None:
    url = f"{server.base}/rss.xml"
    docs, rejects, done = read(url)
    assert rejects == []
    assert [d.url for d in docs] == [
        f"{server.base}/news/2025/11/27/pakistan-russia-protocol.html",
        f"{server.base}/news/2025/11/28/kabul-rejects-claims.html",  # relative link resolved
        f"{server.base}/news/2025/11/29/flood-aid.html",  # final URL after the 301
    ]
    first = docs[0]
    assert (first.path, first.record, first.kind, first.fmt) == (url, 0, "html", "feed")
    assert first.title == "Pakistan and Russia sign trade protocol in Islamabad"
    assert first.published == "2025-11-27"  # the publisher's local date, not shifted to UTC
    assert first.source == "Harbour Gazette"
    assert first.crawl_date and first.crawl_date.endswith("Z")
    assert "<nav" in first.content and "Ishaq Dar" in first.content  # the page, for trafilatura
    assert [d.record for d in docs] == [0, 1, 2]
    assert done.meta["status"] == 200
    assert done.meta["etag"] == ETAG and done.meta["last_modified"] == LAST_MODIFIED
    assert (done.meta["items"], done.meta["new"], done.meta["known"], done.meta["failed"]) == (3, 3, 0, 0)
    # The item links as listed (the redirecting one, not its target), so a re-run can skip them.
    assert done.meta["seen"] == [docs[0].url, docs[1].url, f"{server.base}/go/flood-aid"]
    ua = server.requests("/rss.xml")[0]["user-agent"]
    assert ua == Options().user_agent
    assert "if-none-match" not in server.requests("/rss.xml")[0]


def test_atom_feed(server: FeedServer) -> None:
    docs, rejects, done = read(f"{server.base}/atom.xml")
    assert rejects == []
    assert [(d.title, d.published, d.source) for d in docs] == [
        ("Ethiopia and Eritrea agree to reopen border crossing", "2025-12-01", "Frontier Dispatch"),
        ("EU foreign ministers condemn attack on aid convoy", "2025-11-30", "Frontier Dispatch"),
    ]
    assert done.meta["etag"] is None and done.meta["last_modified"] == LAST_MODIFIED


def test_conditional_get_304_yields_only_input_done(server: FeedServer) -> None:
    url = f"{server.base}/rss.xml"
    _, _, first = read(url)
    server.log.clear()
    docs, rejects, done = read(
        url,
        state={
            "etag": first.meta["etag"],
            "last_modified": first.meta["last_modified"],
            "items": 3,
            "seen": first.meta["seen"],
        },
    )
    assert (docs, rejects, done.records) == ([], [], 0)
    assert done.meta["status"] == 304 and done.meta["etag"] == ETAG and done.meta["items"] == 3
    assert done.meta["seen"] == first.meta["seen"]  # carried forward for the next full fetch
    assert [p for p, _ in server.log] == ["/rss.xml"]  # one request, no page fetched
    sent = server.requests("/rss.xml")[0]
    assert sent["if-none-match"] == ETAG and sent["if-modified-since"] == LAST_MODIFIED


def test_if_modified_since_alone_gives_304(server: FeedServer) -> None:
    docs, rejects, done = read(f"{server.base}/atom.xml", state={"last_modified": LAST_MODIFIED})
    assert (len(docs), len(rejects), done.meta["status"]) == (0, 0, 304)


def test_known_and_remembered_links_are_not_fetched(server: FeedServer) -> None:
    url = f"{server.base}/rss.xml"
    known = {f"{server.base}/news/2025/11/27/pakistan-russia-protocol.html"}
    # The redirecting link is remembered from an earlier run; the store has its final URL only.
    docs, rejects, done = read(url, state={"seen": [f"{server.base}/go/flood-aid"]}, known=known)
    assert [d.record for d in docs] == [1] and rejects == []
    assert done.meta["known"] == 2 and done.meta["new"] == 1
    fetched = [p for p, _ in server.log if p != "/rss.xml"]
    assert fetched == ["/news/2025/11/28/kabul-rejects-claims.html"]


# ----------------------------------------------------------------------------- slow hosts
def test_slow_feed_times_out_after_bounded_retries(server: FeedServer) -> None:
    server.routes["/slow.xml"] = sleeping(3.0, static(server.fixture("rss2.xml"), "application/rss+xml"))
    t0 = time.monotonic()
    docs, rejects, done = read(f"{server.base}/slow.xml")
    elapsed = time.monotonic() - t0
    assert docs == [] and [r.reason for r in rejects] == ["fetch_error"]
    assert "timed out" in rejects[0].message and "after 3 attempts" in rejects[0].message
    assert len(server.requests("/slow.xml")) == 3
    assert elapsed < 3 * FAST.deadline + 1.0  # three read timeouts (0.4 s each), not three 3 s sleeps
    assert done.meta["status"] is None and done.meta["error"] == "fetch_error"


# Each read returns within 0.05 s, far inside the 0.3 s read timeout: only the 0.5 s budget per
# response can stop these hosts.
TRICKLE = dataclasses.replace(FAST, read_timeout=0.3, deadline=0.5)


def test_trickling_body_hits_the_response_deadline(server: FeedServer) -> None:
    server.routes["/trickle.xml"] = trickle_body(0.05)
    t0 = time.monotonic()
    rejects = [
        x
        for x in iter_feed_url(f"{server.base}/trickle.xml", Options(), state=None, policy=TRICKLE)
        if isinstance(x, Reject)
    ]
    elapsed = time.monotonic() - t0
    assert [r.reason for r in rejects] == ["fetch_error"]
    assert "whole response took too long" in rejects[0].message
    assert len(server.requests("/trickle.xml")) == 3
    assert 3 * TRICKLE.deadline - 0.1 < elapsed < 3 * TRICKLE.deadline + 1.0


def test_trickling_headers_hit_the_response_deadline(server: FeedServer) -> None:
    server.routes["/slowheaders.xml"] = trickle_headers(0.05)
    t0 = time.monotonic()
    rejects = [
        x
        for x in iter_feed_url(f"{server.base}/slowheaders.xml", Options(), state=None, policy=TRICKLE)
        if isinstance(x, Reject)
    ]
    assert [r.reason for r in rejects] == ["fetch_error"]
    assert "whole response took too long" in rejects[0].message
    assert time.monotonic() - t0 < 3 * TRICKLE.deadline + 1.0


# ----------------------------------------------------------------------------- broken hosts
def test_connection_refused(server: FeedServer) -> None:
    t0 = time.monotonic()
    _, rejects, done = read(f"{server.dead}/rss.xml")
    assert [r.reason for r in rejects] == ["fetch_error"] and rejects[0].part == -1
    assert "ConnectError" in rejects[0].message and "after 3 attempts" in rejects[0].message
    assert time.monotonic() - t0 < 2.0
    assert done.records == 1


def test_500_then_200_succeeds_on_retry(server: FeedServer) -> None:
    server.routes["/flaky.xml"] = fail_first(1, static(server.fixture("rss2.xml"), "application/rss+xml"))
    docs, rejects, _ = read(f"{server.base}/flaky.xml")
    assert len(docs) == 3 and rejects == []
    assert len(server.requests("/flaky.xml")) == 2


def test_retry_after_is_honoured_within_the_cap(server: FeedServer) -> None:
    server.routes["/busy.xml"] = fail_first(
        1,
        static(server.fixture("atom.xml"), "application/atom+xml"),
        status=429,
        headers={"Retry-After": "1"},
    )
    t0 = time.monotonic()
    docs, _, _ = read(f"{server.base}/busy.xml")
    assert len(docs) == 2 and time.monotonic() - t0 >= 1.0
    server.routes["/closed.xml"] = fail_first(
        5, static(b"", "text/plain"), status=503, headers={"Retry-After": "3600"}
    )
    _, rejects, _ = read(f"{server.base}/closed.xml")
    assert "retry after 3600 s" in rejects[0].message
    assert len(server.requests("/closed.xml")) == 1  # not retried: the wait is beyond the cap


def test_404_feed(server: FeedServer) -> None:
    _, rejects, done = read(f"{server.base}/nothing-here.xml")
    assert [r.reason for r in rejects] == ["fetch_error"] and "HTTP 404" in rejects[0].message
    assert len(server.requests("/nothing-here.xml")) == 1  # a 404 is not retried
    assert done.meta["status"] == 404


def test_failed_fetch_keeps_previous_validators(server: FeedServer) -> None:
    state = {"etag": '"old"', "last_modified": LAST_MODIFIED, "items": 7, "seen": ["http://x.example/1"]}
    _, _, done = read(f"{server.base}/nothing-here.xml", state=state)
    assert (done.meta["etag"], done.meta["items"], done.meta["seen"]) == ('"old"', 7, ["http://x.example/1"])


def test_garbage_and_html_bodies_are_bad_feeds(server: FeedServer) -> None:
    server.routes["/garbage.xml"] = static(
        b"\x1f\x8b\x08\x00 not a feed \x00\x01\x02" * 50, "application/rss+xml"
    )
    server.routes["/page.xml"] = static(
        b'<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head>'
        b"<body><p>Welcome</p></body></html>",
        "text/html",
    )
    _, rejects, done = read(f"{server.base}/garbage.xml")
    assert [r.reason for r in rejects] == ["bad_feed"] and done.meta["etag"] is None
    _, rejects, _ = read(f"{server.base}/page.xml")
    assert [r.reason for r in rejects] == ["bad_feed"]
    assert f"its feed links are: {server.base}/rss.xml" in rejects[0].message


def test_truncated_feed_keeps_recovered_items_and_says_so(server: FeedServer) -> None:
    body = server.fixture("rss2.xml")
    cut = body.index(b"<item>", body.index(b"<item>") + 1) + 40  # inside the second item
    server.routes["/truncated.xml"] = static(body[:cut], "application/rss+xml", etag='"t"')
    docs, rejects, done = read(f"{server.base}/truncated.xml")
    assert [d.record for d in docs] == [0]
    assert [r.reason for r in rejects][-1] == "bad_feed" and "damaged" in rejects[-1].message
    # Validators are not kept: the next run downloads the whole feed again.
    assert done.meta["etag"] is None and done.meta["revalidate"] == "damaged feed"


def test_billion_laughs_is_refused(server: FeedServer) -> None:
    server.routes["/laughs.xml"] = static(server.fixture("laughs.xml"), "application/rss+xml")
    t0 = time.monotonic()
    docs, rejects, _ = read(f"{server.base}/laughs.xml")
    assert docs == [] and [r.reason for r in rejects] == ["bad_feed"] and "ENTITY" in rejects[0].message
    assert time.monotonic() - t0 < 2.0
    assert [p for p, _ in server.log] == ["/laughs.xml"]  # the item's page was never requested


def test_oversized_feed_is_too_large(server: FeedServer) -> None:
    server.routes["/big.xml"] = static(b"<rss>" + b" " * 20_000 + b"</rss>", "application/rss+xml")
    _, rejects, _ = read(f"{server.base}/big.xml", opts=Options(max_input_bytes=10_000))
    assert [r.reason for r in rejects] == ["too_large"] and "max_input_bytes=10,000" in rejects[0].message


def test_hostile_item_links(server: FeedServer) -> None:
    """file://, 404, oversized page, redirect loop, closed port, PDF, fallback text, 500-then-200."""
    server.routes["/hostile.xml"] = static(server.fixture("hostile.xml"), "application/rss+xml", etag='"h1"')
    server.routes["/gone.html"] = lambda h, n: send(h, 404, b"<html><body>Gone</body></html>")

    def huge(h: BaseHTTPRequestHandler, n: int) -> None:  # no Content-Length: capped while streaming
        h.send_response(200)
        h.send_header("Content-Type", "text/html")
        h.end_headers()
        h.wfile.write(b"<html><body>" + b"<p>filler text</p>" * 10_000 + b"</body></html>")

    server.routes["/huge.html"] = huge
    server.routes["/loop/a"] = redirect("/loop/b")
    server.routes["/loop/b"] = redirect("/loop/a")
    server.routes["/report.pdf"] = static(b"%PDF-1.7\n%binary", "application/pdf")
    server.routes["/flaky-page.html"] = fail_first(1, static(server.fixture("flaky.html"), "text/html"))
    url = f"{server.base}/hostile.xml"
    docs, rejects, done = read(url, opts=Options(max_doc_chars=50_000))
    by_part = {r.part: r for r in rejects}
    assert sorted(by_part) == [0, 1, 2, 3, 4, 5]
    assert by_part[0].reason == "fetch_error" and "'file://" in by_part[0].message  # feedparser drops a /
    assert "etc/passwd" in by_part[0].message and "not an http(s) URL" in by_part[0].message
    assert by_part[1].reason == "fetch_error" and "HTTP 404" in by_part[1].message
    assert by_part[2].reason == "too_large" and "max_doc_chars=50,000" in by_part[2].message
    assert by_part[3].reason == "fetch_error" and "redirect loop" in by_part[3].message
    assert by_part[4].reason == "fetch_error" and server.dead in by_part[4].message
    assert by_part[5].reason == "fetch_error" and "application/pdf" in by_part[5].message
    assert all(r.input == url for r in rejects)
    # Item 6's page is on the dead host, but the item carries its full text: kept from the feed.
    assert [d.record for d in docs] == [6, 7]
    fallback, flaky = docs
    assert fallback.url == f"{server.dead}/full-text.html" and "Haiti" in fallback.content
    assert fallback.kind == "html" and fallback.published == "2025-12-01"
    assert flaky.url == f"{server.base}/flaky-page.html" and "water-sharing" in flaky.content
    assert len(server.requests("/flaky-page.html")) == 2 and len(server.requests("/gone.html")) == 1
    assert len(server.requests("/loop/a")) == 1 and len(server.requests("/loop/b")) == 1
    assert not any("passwd" in p for p, _ in server.log)
    assert all("root:" not in d.content for d in docs)
    assert (done.meta["fallbacks"], done.meta["failed"], done.meta["new"]) == (1, 6, 2)
    # The dead host may come back: the validators are dropped so the next run retries that item.
    assert done.meta["etag"] is None and done.meta["revalidate"] == "1 item(s) to retry"


def test_redirect_to_file_scheme_is_not_followed(server: FeedServer) -> None:
    server.routes["/sneaky.html"] = redirect("file:///etc/passwd")
    with Fetcher(Options(), FAST) as f:
        got = f.get(f"{server.base}/sneaky.html", max_bytes=10_000, limit_name="max_doc_chars")
    assert got.error == "fetch_error" and "not an http(s) URL" in got.message


def test_too_many_redirects(server: FeedServer) -> None:
    for i in range(8):
        server.routes[f"/hop/{i}"] = redirect(f"/hop/{i + 1}")
    with Fetcher(Options(), FAST) as f:
        got = f.get(f"{server.base}/hop/0", max_bytes=10_000, limit_name="max_doc_chars")
    assert got.error == "fetch_error" and "more than 5 times" in got.message
    assert len(server.log) == 6


def test_gzip_bomb_is_capped_on_decompressed_size(server: FeedServer) -> None:
    import gzip

    bomb = gzip.compress(b"<p>" + b"a" * 2_000_000 + b"</p>")
    server.routes["/bomb.html"] = lambda h, n: send(h, 200, bomb, headers={"Content-Encoding": "gzip"})
    with Fetcher(Options(), FAST) as f:
        got = f.get(f"{server.base}/bomb.html", max_bytes=100_000, limit_name="max_doc_chars")
    assert len(bomb) < 100_000 and got.error == "too_large"


def test_politeness_delay_between_requests_to_one_host(server: FeedServer) -> None:
    polite = dataclasses.replace(FAST, host_delay=0.2)
    t0 = time.monotonic()
    list(iter_feed_url(f"{server.base}/atom.xml", Options(), state=None, policy=polite))
    assert time.monotonic() - t0 >= 2 * 0.2  # feed, then two pages, each 0.2 s after the last


def test_https_through_the_deadline_transport(tmp_path: Path) -> None:
    import ssl

    class Hello(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            send(self, 200, b"<html><body><p>over TLS</p></body></html>")

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Hello)
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(FIXTURES / "tls_cert.pem", FIXTURES / "tls_key.pem")
    httpd.socket = server_ctx.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    url = f"https://127.0.0.1:{httpd.server_address[1]}/page.html"
    try:
        trusted = ssl.create_default_context(cafile=str(FIXTURES / "tls_cert.pem"))
        client = fetch.make_client(Options(), FAST, ssl_context=trusted)
        with Fetcher(Options(), FAST, client) as f:
            got = f.get(url, max_bytes=10_000, limit_name="max_doc_chars")
        client.close()
        assert (got.status, got.error, got.body) == (200, None, b"<html><body><p>over TLS</p></body></html>")
        with Fetcher(Options(), FAST) as f:  # the default store does not trust a self-signed certificate
            got = f.get(url, max_bytes=10_000, limit_name="max_doc_chars")
        assert got.error == "fetch_error" and "CERTIFICATE_VERIFY_FAILED" in got.message
        assert got.attempts == 1  # a certificate problem is not retried
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_retry_after_parsing() -> None:
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # a date in the past
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None


# ----------------------------------------------------------------------------- inputs and CLI
def test_urls_pass_through_expand_and_dispatch(server: FeedServer, fast: FetchPolicy) -> None:
    url = f"{server.base}/atom.xml"
    assert expand_inputs([url, url]) == [url]
    states: list[str] = []

    def state(u: str) -> dict[str, Any] | None:
        states.append(u)
        return None

    items = list(iter_inputs([url], Options(), feed_state=state))
    assert states == [url]
    assert [type(x).__name__ for x in items] == ["Document", "Document", "InputDone"]


def test_read_feed_list(tmp_path: Path) -> None:
    lst = tmp_path / "feeds.txt"
    lst.write_text(
        "# my feeds\n\nhttps://a.example/rss.xml  # wire\nhttps://b.example/feed#top\n  local/feed.xml\n"
    )
    assert read_feed_list(lst) == [
        "https://a.example/rss.xml",
        "https://b.example/feed#top",
        "local/feed.xml",
    ]


def test_cli_feed_and_feeds_options(
    server: FeedServer, fast: FetchPolicy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    import eventwire.pipeline as pipeline
    from eventwire.cli import app

    seen: list[list[str]] = []

    def fake_run_ingest(inputs: list[str], opts: Options, **kw: Any) -> Any:
        seen.append(list(inputs))

    monkeypatch.setattr(pipeline, "run_ingest", fake_run_ingest)
    lst = tmp_path / "feeds.txt"
    lst.write_text(f"# list\n{server.base}/atom.xml\n")
    result = CliRunner().invoke(
        app,
        [
            "ingest",
            "--db",
            str(tmp_path / "x.duckdb"),
            "--quiet",
            "--feed",
            f"{server.base}/rss.xml",
            "--feeds",
            str(lst),
        ],
    )
    assert result.exit_code == 0, result.output
    assert seen == [[f"{server.base}/rss.xml", f"{server.base}/atom.xml"]]


# ----------------------------------------------------------------------------- end to end
def _db_rows(db: str, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    con = duckdb.connect(db, read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


def test_end_to_end_run_ingest(server: FeedServer, fast: FetchPolicy, tmp_path: Path) -> None:
    from eventwire.pipeline import run_ingest

    url = f"{server.base}/rss.xml"
    db = str(tmp_path / "feeds.duckdb")
    summary = run_ingest([url], Options(db=db))
    assert summary.counts.articles == 3 and summary.counts.rejects == 0
    rows = _db_rows(db, "SELECT url, title, published, outlet FROM articles ORDER BY url")
    assert rows == [
        (
            f"{server.base}/news/2025/11/27/pakistan-russia-protocol.html",
            "Pakistan and Russia sign trade protocol in Islamabad",
            "2025-11-27",
            "Harbour Gazette",
        ),
        (
            f"{server.base}/news/2025/11/28/kabul-rejects-claims.html",
            "Kabul rejects Islamabad's border accusations",
            "2025-11-28",
            "Harbour Gazette",
        ),
        (
            f"{server.base}/news/2025/11/29/flood-aid.html",
            "Donors pledge flood aid for Sindh",
            "2025-11-29",
            "Harbour Gazette",
        ),
    ]
    text = _db_rows(db, "SELECT text FROM articles WHERE url LIKE '%protocol.html'")[0][0]
    assert "Ishaq Dar" in text and "All rights reserved" not in text and "Most read" not in text
    manifest = _db_rows(
        db, "SELECT kind, expected, ingested, rejected, status, meta FROM manifest WHERE input = ?", [url]
    )
    kind, expected, ingested, rejected, status, meta = manifest[0]
    assert (kind, expected, ingested, rejected, status) == ("url", 3, 3, 0, "complete")
    assert json.loads(meta)["etag"] == ETAG
    state = _db_rows(
        db, "SELECT etag, last_modified, last_status, items FROM feed_state WHERE url = ?", [url]
    )
    assert state == [(ETAG, LAST_MODIFIED, 200, 3)]

    server.log.clear()
    again = run_ingest([url], Options(db=db))
    assert (again.counts.articles, again.counts.documents, again.counts.rejects) == (0, 0, 0)
    assert [p for p, _ in server.log] == ["/rss.xml"]
    assert server.requests("/rss.xml")[0]["if-none-match"] == ETAG
    assert _db_rows(db, "SELECT count(*) FROM articles") == [(3,)]
    assert _db_rows(db, "SELECT expected, status, meta->>'status' FROM manifest WHERE input = ?", [url]) == [
        (0, "complete", "304")
    ]
    assert _db_rows(db, "SELECT etag, last_status, items FROM feed_state WHERE url = ?", [url]) == [
        (ETAG, 304, 3)
    ]


def test_crash_between_items_loses_nothing(
    server: FeedServer, fast: FetchPolicy, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import eventwire.ingest as ingest
    from eventwire.pipeline import run_ingest

    url = f"{server.base}/rss.xml"
    db = str(tmp_path / "crash.duckdb")
    real = ingest.iter_inputs

    def crashing(*args: Any, **kw: Any) -> Iterator[Any]:
        for n, item in enumerate(real(*args, **kw)):
            if n == 2:
                raise RuntimeError("killed after two items")
            yield item

    monkeypatch.setattr(ingest, "iter_inputs", crashing)
    with pytest.raises(RuntimeError, match="killed"):
        run_ingest([url], Options(db=db, batch_size=1))
    assert _db_rows(db, "SELECT count(*) FROM articles") == [(2,)]
    assert _db_rows(db, "SELECT count(*) FROM feed_state") == [(0,)]  # no ETag before its items
    assert _db_rows(db, "SELECT status FROM manifest WHERE input = ?", [url]) == [("partial",)]

    monkeypatch.setattr(ingest, "iter_inputs", real)
    server.log.clear()
    run_ingest([url], Options(db=db, batch_size=1))
    assert "if-none-match" not in server.requests("/rss.xml")[0]  # a full GET, not "not modified"
    urls = [r[0] for r in _db_rows(db, "SELECT url FROM articles ORDER BY url")]
    assert len(urls) == len(set(urls)) == 3
    # The two stored items were not fetched again; only the third page was.
    assert [p for p, _ in server.log] == ["/rss.xml", "/go/flood-aid", "/news/2025/11/29/flood-aid.html"]
    assert _db_rows(db, "SELECT status, expected FROM manifest WHERE input = ?", [url]) == [("complete", 1)]
    assert _db_rows(db, "SELECT etag FROM feed_state WHERE url = ?", [url]) == [(ETAG,)]

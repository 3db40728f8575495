"""API hardening: one error shape on every error path, injection and traversal payloads, limits,
security headers, CORS off by default, token, loopback-only binding (issues 6 and 8.4)."""

from __future__ import annotations

import subprocess
import sys
import warnings
from urllib.parse import quote

import duckdb
import pytest

with warnings.catch_warnings():
    warnings.simplefilter("ignore")  # starlette suggests httpx2 for its test client; httpx works
    from fastapi.testclient import TestClient

from eventwire.api import create_app, is_loopback, resolve_token
from eventwire.api.fixture import build_synthetic_store
from eventwire.errors import EventwireError

ENDPOINTS = ["/events", "/stories", "/dyads", "/actors", "/timeline", "/health", "/meta"]
ID_ENDPOINTS = ["/events/{}", "/stories/{}", "/articles/{}"]
FILTER_PARAMS = ["actor", "dyad", "type", "modality", "since", "until", "min_confidence", "story", "q", "sort",
                 "limit", "next", "format", "bucket", "all", "evidence", "min_count"]  # fmt: skip
SQL_PAYLOADS = [
    "'; DROP TABLE events; --",
    "PAK' OR '1'='1",
    "1; DELETE FROM events",
    '" OR ""="',
    "PAK,AFG') UNION SELECT * FROM articles --",
    "%' OR 1=1 --",
    "'||(SELECT text FROM articles LIMIT 1)||'",
    "1e309",
    "NaN",
    "\x00",
]
TRAVERSAL_PAYLOADS = ["../../../../etc/passwd", "..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e/%2e%2e/etc/passwd",
                      "....//....//etc/passwd", "/etc/passwd", "..\\..\\windows\\win.ini"]  # fmt: skip
SECURITY = {"x-content-type-options": "nosniff", "x-frame-options": "DENY", "referrer-policy": "no-referrer"}


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("api_err") / "events.duckdb")
    build_synthetic_store(path, 300, seed=2)
    return path


@pytest.fixture(scope="module")
def client(store):
    with TestClient(create_app(store), base_url="http://localhost", raise_server_exceptions=False) as c:
        yield c


def assert_error(r, status: int, code: str | None = None) -> dict:
    assert r.status_code == status, (r.status_code, r.text)
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    assert body["error"]["code"].startswith("EW") and len(body["error"]["code"]) == 5
    assert body["error"]["message"] and "Traceback" not in body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    for k, v in SECURITY.items():
        assert r.headers[k] == v
    assert "script-src 'self'" in r.headers["content-security-policy"]
    return body["error"]


# ----------------------------------------------------------------------------- every error path
@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/events", {"limit": 0}),
        ("/events", {"limit": 501}),
        ("/events", {"limit": "ten"}),
        ("/events", {"since": "2025-13-01"}),
        ("/events", {"since": "2025-02-01", "until": "2025-01-01"}),
        ("/events", {"since": "1900", "until": "2025"}),
        ("/events", {"dyad": "PAK"}),
        ("/events", {"actor": "P4K"}),
        ("/events", {"type": "HUG"}),
        ("/events", {"modality": "maybe"}),
        # an empty filter word: the schema says a word is not empty (schemathesis found "/timeline/coarse?modality=")
        ("/events", {"modality": ""}),
        ("/timeline/coarse", {"modality": ""}),
        ("/events", {"type": ""}),
        ("/events", {"min_confidence": 1.5}),
        ("/events", {"min_confidence": "nan"}),
        ("/events", {"story": "not-hex"}),
        ("/events", {"q": "x" * 201}),
        ("/events", {"sort": "event_id; DROP"}),
        ("/events", {"format": "xml"}),
        ("/events", {"next": "garbage"}),
        ("/events", {"next": "a.b"}),
        ("/events", {"all": "perhaps"}),
        ("/stories", {"sort": "title"}),
        ("/stories", {"next": "x" * 2000}),
        ("/dyads", {"limit": 100000}),
        ("/dyads", {"min_count": 0}),
        ("/actors", {"limit": -1}),
        ("/timeline", {"bucket": "year"}),
        ("/timeline", {"since": "1990-01-01", "until": "2030-01-01", "bucket": "day"}),
        ("/events/XYZ", {}),
        ("/stories/12", {}),
    ],
)
def test_bad_parameters_are_400(client, path, params):
    err = assert_error(client.get(path, params=params), 400, "EW401")
    assert "--" not in err["message"].split(";")[0] or "DROP" in str(params)  # API names, not CLI flags


def test_unknown_path_and_ids_are_404(client):
    assert_error(client.get("/nope"), 404, "EW402")
    assert_error(client.get("/events/0123456789abcdef"), 404, "EW402")
    assert_error(client.get("/stories/0123456789abcdef"), 404, "EW402")
    assert_error(client.get("/articles/0123456789abcdef"), 404, "EW402")
    assert_error(client.get("/static/missing.js"), 404, "EW402")


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "TRACE", "CONNECT"])
def test_writes_are_405(client, method):
    r = client.request(method, "/events")
    assert_error(r, 405, "EW401")
    assert r.headers["allow"] == "GET, HEAD, OPTIONS"


def test_options_without_cors_is_405_and_grants_nothing(client):
    r = client.options(
        "/events", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    )
    assert_error(r, 405)
    assert "access-control-allow-origin" not in r.headers
    r = client.get("/events", headers={"Origin": "https://evil.example"})
    assert r.status_code == 200 and "access-control-allow-origin" not in r.headers


def test_request_size_limits(client):
    assert_error(client.request("GET", "/events", content=b"x" * 5000), 413, "EW404")

    def chunks():
        for _ in range(10):
            yield b"y" * 500

    assert_error(client.request("GET", "/events", content=chunks()), 413, "EW404")
    assert_error(client.get("/events?q=" + "a" * 5000), 414, "EW404")
    assert client.request("GET", "/events", content=b"{}").status_code == 200  # a tiny body is tolerated


def test_unexpected_error_is_500_without_stack_trace(store, monkeypatch):
    from eventwire.store import aggregates

    def boom(*a, **k):
        raise RuntimeError("secret internal detail /home/user/db")

    monkeypatch.setattr(aggregates, "actors", boom)
    with TestClient(create_app(store), base_url="http://localhost", raise_server_exceptions=False) as c:
        err = assert_error(c.get("/actors"), 500, "EW405")
    assert "secret" not in err["message"] and "RuntimeError" not in err["message"]


@pytest.mark.serial  # another process holds the store's lock
def test_no_snapshot_while_an_ingest_holds_the_store_is_503(tmp_path):
    db = str(tmp_path / "busy.duckdb")
    build_synthetic_store(db, 50)
    # Another process holds the write lock and there is no snapshot yet.
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('locked', flush=True); "
         "time.sleep(60)", db], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        with TestClient(create_app(db), base_url="http://localhost", raise_server_exceptions=False) as c:
            err = assert_error(c.get("/events"), 503, "EW203")
            assert "ingest" in err["message"] and "PID" not in err["message"]  # no server process details
    finally:
        holder.kill()
        holder.wait()


def test_missing_store_fails_at_start(tmp_path):
    with pytest.raises(EventwireError) as exc:
        create_app(str(tmp_path / "none.duckdb"))
    assert exc.value.code == "EW201"


# ----------------------------------------------------------------------------- injection and traversal
def test_sql_injection_payloads_are_plain_data(client, store):
    def counts() -> tuple:
        con = duckdb.connect(store, read_only=True)
        try:
            return con.execute("SELECT (SELECT count(*) FROM events), (SELECT count(*) FROM articles), "
                               "(SELECT count(*) FROM evidence)").fetchone()  # fmt: skip
        finally:
            con.close()

    before = counts()
    statuses = set()
    for path in ENDPOINTS:
        # /events gets every payload; the other endpoints share its filter code, so three each
        payloads = SQL_PAYLOADS if path == "/events" else SQL_PAYLOADS[:3]
        for name in FILTER_PARAMS:
            for payload in payloads:
                r = client.get(path, params={name: payload})
                statuses.add(r.status_code)
                assert r.status_code in (200, 400), (path, name, payload, r.status_code, r.text[:200])
                if r.status_code == 400:
                    assert_error(r, 400)
                else:
                    assert isinstance(r.json(), dict)  # an answer, not a database error
    for tmpl in ID_ENDPOINTS:
        for payload in SQL_PAYLOADS:
            r = client.get(tmpl.format(quote(payload, safe="")))
            assert r.status_code in (400, 404), (tmpl, payload, r.status_code)
            assert_error(r, r.status_code)
    assert statuses == {200, 400}
    assert counts() == before


def test_text_search_treats_sql_as_text(client):
    r = client.get("/events", params={"q": "' OR 1=1 --"})
    assert r.status_code == 200 and r.json()["events"] == []


@pytest.mark.parametrize("payload", TRAVERSAL_PAYLOADS)
def test_path_traversal_never_leaves_the_static_folder(client, payload):
    for prefix in ("/static/", "/static/vendor/", "/static/swagger/", "/events/", "/articles/", "/"):
        r = client.get(prefix + payload)
        assert r.status_code in (400, 404), (prefix, payload, r.status_code)
        assert "root:" not in r.text and "[fonts]" not in r.text
        assert_error(r, r.status_code)


# ----------------------------------------------------------------------------- headers, CORS, token
def test_security_headers_on_pages_and_data(client):
    for path in ("/", "/events", "/static/app.js", "/docs", "/openapi.json"):
        r = client.get(path)
        assert r.status_code == 200, path
        for k, v in SECURITY.items():
            assert r.headers[k] == v
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-eval" not in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_dashboard_has_no_inline_script_and_no_cdn(client):
    html = client.get("/").text
    assert (
        "<script>" not in html and "onclick" not in html and "http://" not in html and "https://" not in html
    )
    js = client.get("/static/app.js").text
    assert "innerHTML" not in js.replace("never through innerHTML", "")
    plotly = client.get("/static/vendor/plotly.min.js")
    assert plotly.status_code == 200 and len(plotly.content) > 1_000_000
    assert plotly.headers["content-type"].startswith("text/javascript")


def test_cors_when_configured(store):
    with TestClient(
        create_app(store, cors_origins=["https://desk.example"]),
        base_url="http://localhost",
        raise_server_exceptions=False,
    ) as c:
        r = c.options(
            "/events", headers={"Origin": "https://desk.example", "Access-Control-Request-Method": "GET"}
        )
        assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "https://desk.example"
        r = c.get("/events", headers={"Origin": "https://other.example"})
        assert "access-control-allow-origin" not in r.headers


def test_token_guards_data_but_not_the_shell(store):
    token = "t0ken-with-enough-entropy-123"
    with TestClient(
        create_app(store, token=token), base_url="http://localhost", raise_server_exceptions=False
    ) as c:
        r = c.get("/events")
        assert_error(r, 401, "EW403")
        assert r.headers["www-authenticate"] == "Bearer"
        assert_error(c.get("/events", headers={"Authorization": "Bearer wrong"}), 401, "EW403")
        assert c.get("/events", headers={"Authorization": f"Bearer {token}"}).status_code == 200
        assert c.get("/timeline", headers={"X-API-Token": token}).status_code == 200
        for public in ("/", "/static/app.js", "/openapi.json", "/docs", "/health"):
            assert c.get(public).status_code == 200, public


def test_binding_beyond_loopback_needs_a_token(monkeypatch):
    monkeypatch.delenv("EVENTWIRE_API_TOKEN", raising=False)
    assert (
        is_loopback("127.0.0.1")
        and is_loopback("localhost")
        and is_loopback("::1")
        and is_loopback("127.8.0.1")
    )
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.5") and not is_loopback("example.org")
    assert resolve_token("127.0.0.1") is None
    for host in ("0.0.0.0", "::", "10.0.0.2"):
        with pytest.raises(EventwireError) as exc:
            resolve_token(host)
        assert exc.value.code == "EW403" and "EVENTWIRE_API_TOKEN" in exc.value.message
    with pytest.raises(EventwireError):
        resolve_token("0.0.0.0", "short")
    monkeypatch.setenv("EVENTWIRE_API_TOKEN", "a-long-enough-secret-value")
    assert resolve_token("0.0.0.0") == "a-long-enough-secret-value"


def test_serve_refuses_public_bind_without_token(store, monkeypatch):
    from eventwire.api import serve

    monkeypatch.delenv("EVENTWIRE_API_TOKEN", raising=False)
    with pytest.raises(EventwireError) as exc:
        serve(store, host="0.0.0.0", port=8765)
    assert exc.value.code == "EW403"


# ----------------------------------------------------------------------------- parameters in words
@pytest.mark.parametrize(
    ("path", "params", "named"),
    [("/events", {"dayd": "PAK,AFG"}, "dayd"), ("/stories", {"limt": 5}, "limt"),
     ("/timeline", {"bucket": "week", "buckets": "day"}, "buckets"), ("/health", {"x": 1}, "x")],
)  # fmt: skip
def test_unknown_query_parameter_is_400_naming_it(client, path, params, named):
    err = assert_error(client.get(path, params=params), 400, "EW401")
    assert f"'{named}'" in err["message"] and "accepted:" in err["message"]
    if path == "/events":
        assert "dyad" in err["message"] and "since" in err["message"]


@pytest.mark.parametrize(
    ("params", "words"),
    [({"since": "notadate"}, "since must be a date like 2025-09-01, 2025-09 or 2025"),
     ({"until": "12/01/2025"}, "until must be a date like"), ({"dyad": "PAK"}, "dyad must be two actor codes"),
     ({"actor": "P4K"}, "actor must be an ISO3 country or actor code")],
)  # fmt: skip
def test_validation_errors_speak_words_not_patterns(client, params, words):
    err = assert_error(client.get("/events", params=params), 400, "EW401")
    assert words in err["message"]
    assert "^" not in err["message"] and "pattern" not in err["message"]


# ----------------------------------------------------------------------------- Host header (DNS rebinding)
@pytest.mark.parametrize(
    "host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example", "localhostx", ""]
)
def test_unknown_host_is_refused(client, host):
    # A page on evil.example whose DNS name was rebound to 127.0.0.1 sends its own name as Host.
    err = assert_error(client.get("/events", headers={"host": host}), 400, "EW406")
    assert "EVENTWIRE_ALLOWED_HOSTS" in err["message"]
    assert_error(client.get("/health", headers={"host": host}), 400, "EW406")


@pytest.mark.parametrize(
    "host", ["localhost", "localhost:8000", "127.0.0.1:8765", "[::1]:8000", "[::1]", "LOCALHOST"]
)
def test_loopback_names_are_answered(client, host):
    assert client.get("/health", headers={"host": host}).status_code == 200


def test_serve_answers_to_its_bound_address_and_loopback_names_only(store, monkeypatch):
    import uvicorn

    from eventwire.api import serve

    served = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **kw: served.update(app=app))
    monkeypatch.delenv("EVENTWIRE_ALLOWED_HOSTS", raising=False)
    serve(store, host="127.0.0.2", port=8765)
    with TestClient(served["app"], base_url="http://localhost") as c:
        assert c.get("/health", headers={"host": "127.0.0.2:8765"}).status_code == 200
        assert c.get("/health", headers={"host": "localhost:8765"}).status_code == 200
        assert_error(c.get("/health", headers={"host": "evil.example:8765"}), 400, "EW406")


def test_allowed_hosts_are_configurable(store, monkeypatch):
    monkeypatch.setenv("EVENTWIRE_ALLOWED_HOSTS", "events.example.org, desk.example")
    with TestClient(create_app(store, hosts=["192.0.2.7"]), base_url="http://localhost") as c:
        for host in ("events.example.org", "desk.example:443", "192.0.2.7:8000", "localhost"):
            assert c.get("/health", headers={"host": host}).status_code == 200, host
        assert c.get("/health", headers={"host": "evil.example"}).status_code == 400


# ----------------------------------------------------------------------------- cursors
def test_cursors_are_signed_with_a_key_of_this_server(store, monkeypatch):
    from eventwire.api.params import encode_cursor, filter_hash

    monkeypatch.delenv("EVENTWIRE_CURSOR_SECRET", raising=False)
    with (
        TestClient(create_app(store), base_url="http://localhost") as a,
        TestClient(create_app(store), base_url="http://localhost") as b,
    ):
        page = a.get("/events", params={"limit": 5}).json()
        assert a.get("/events", params={"limit": 5, "next": page["next"]}).status_code == 200
        assert_error(b.get("/events", params={"limit": 5, "next": page["next"]}), 400, "EW401")
        # The key that used to be a constant in the source signs nothing here.
        import hashlib

        old_key = hashlib.sha256(b"eventwire-cursor:eventwire-cursor-v1").digest()
        fhash = filter_hash({"all": False, "sort": "date"})
        forged = encode_cursor(old_key, "date", ["9999-12-31", "ffffffffffffffff"], fhash)
        assert_error(a.get("/events", params={"limit": 5, "next": forged}), 400, "EW401")


@pytest.mark.parametrize("value", [10**400, -(10**400), 2**63, float("inf"), float("-inf")])
def test_out_of_range_cursor_numbers_are_400(store, monkeypatch, value):
    from eventwire.api.params import cursor_key, encode_cursor, filter_hash

    monkeypatch.setenv("EVENTWIRE_CURSOR_SECRET", "a shared secret of this deployment")
    key = cursor_key(None)
    with TestClient(create_app(store), base_url="http://localhost", raise_server_exceptions=False) as c:
        for sort in ("sources", "-confidence", "goldstein"):
            fhash = filter_hash({"all": False, "sort": sort})
            forged = encode_cursor(key, sort, [value, "ffffffffffffffff"], fhash)
            err = assert_error(c.get("/events", params={"sort": sort, "next": forged}), 400, "EW401")
            assert "malformed" in err["message"]  # signed and for this query: refused for its number

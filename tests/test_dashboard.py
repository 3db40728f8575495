"""The dashboard in a real browser (Playwright driving Debian's chromium; no browser download).

What a person does: open the dashboard, apply a dyad filter, open an event's evidence, and read
the highlighted sentence in its article with outlet, date and link. Also: hostile article text
renders as text, pagination, the API docs page, no console errors or CSP violations. One test runs
on the demo database built from examples/corpus by the real pipeline.

Chromium missing: the tests skip, unless EVENTWIRE_REQUIRE_BROWSER=1 (set by `make test`), which
turns the skip into a failure so CI cannot pass without the browser tests.
Screenshots go to docs/ when EVENTWIRE_SCREENSHOTS=1 (to refresh the README's pictures).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from eventwire.api import create_app
from eventwire.api.fixture import HOSTILE_TITLE, build_synthetic_store, serve_in_thread

REPO = Path(__file__).resolve().parents[1]
DOCS = REPO / "docs"
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
# Playwright waits (ms): generous, the machine has 2 cores shared with the server.
WAIT_MS = 30_000
VIEWPORT = {"width": 1400, "height": 900}


def _unavailable(reason: str) -> None:
    if os.environ.get("EVENTWIRE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required (EVENTWIRE_REQUIRE_BROWSER=1) but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[dev]')")
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        _unavailable("Debian's chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("dash") / "events.duckdb")
    build_synthetic_store(db, 2000, seed=5)
    with serve_in_thread(create_app(db)) as url:
        yield url


class Page:
    """A browser page that records console errors, page errors and dialogs."""

    def __init__(self, browser, base_url: str):
        self.page = browser.new_page(viewport=VIEWPORT)
        self.base = base_url
        self.problems: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: self.problems.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))

        def on_dialog(d):
            self.dialogs.append(d.message)
            d.dismiss()

        self.page.on("dialog", on_dialog)

    def open(self, path: str = "/") -> None:
        self.page.goto(self.base + path)
        self.page.wait_for_selector("body[data-ready=true]", timeout=WAIT_MS)

    def apply_dyad(self, a: str, b: str) -> None:
        self.page.fill("#f-dyad-a", a)
        self.page.fill("#f-dyad-b", b)
        self.page.click("#apply")
        self.page.wait_for_function(
            "s => document.getElementById('status').textContent.includes(s)",
            arg=f"dyad {a} ↔ {b}",
            timeout=WAIT_MS,
        )
        self.page.wait_for_load_state("networkidle")
        # the status line changes before the table's own request returns: wait until every row is of the dyad
        deadline = time.monotonic() + WAIT_MS / 1000
        while time.monotonic() < deadline:
            rows = self.rows()
            if rows and all({country(r[2]), country(r[3])} == {a, b} for r in rows):
                return
            self.page.wait_for_timeout(100)

    def rows(self) -> list[list[str]]:
        return self.page.eval_on_selector_all(
            "#events-body tr", "rows => rows.map(r => [...r.cells].map(c => c.textContent))"
        )

    def screenshot(self, name: str, tmp: Path) -> None:
        out = DOCS / name if os.environ.get("EVENTWIRE_SCREENSHOTS") == "1" else tmp / name
        out.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(out))

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def page(browser, base):
    p = Page(browser, base)
    yield p
    p.close()
    assert not p.dialogs, f"a dialog opened: {p.dialogs}"


def test_dashboard_shows_every_view(page, base, tmp_path):
    page.open()
    api = httpx.get(base + "/timeline", params={"bucket": "week"}).json()
    status = page.page.text_content("#status")
    assert f"{api['events']:,} events" in status
    # timeline: stacked bars of the four QuadClasses, the mean Goldstein line with a marker per bucket
    bars = page.page.eval_on_selector_all("#timeline rect.bar", "rs => rs.map(r => r.classList[1])")
    assert set(bars) == {"q1", "q2", "q3", "q4"} and len(bars) > 50
    with_goldstein = sum(1 for p in api["points"] if p["goldstein_mean"] is not None)
    assert page.page.locator("#timeline .goldstein circle.marker").count() == with_goldstein
    assert page.page.locator("#timeline .goldstein path").count() == 1
    # network: actor labels and one arrow per edge; full names in the legend
    labels = page.page.eval_on_selector_all("#network .node-label", "ts => ts.map(t => t.textContent)")
    assert "PAK" in labels and "AFG" in labels
    assert page.page.locator("#network g.edge").count() == 40
    assert "Pakistan" in page.page.text_content("#network-legend")
    # map: country outlines and event spots
    assert page.page.locator("#map path.country").count() > 150
    assert page.page.locator("#map circle.spot").count() > 0
    assert len(page.rows()) == 50
    assert page.page.locator("#stories li button").count() == 12
    page.screenshot("dashboard.png", tmp_path)
    assert not page.problems, page.problems


def test_dyad_filter_then_evidence(page, base, tmp_path):
    page.open()
    page.apply_dyad("PAK", "AFG")
    assert "dyad=PAK%2CAFG" in page.page.url
    rows = page.rows()
    assert rows
    for row in rows:
        sides = {row[2].split(" (")[0], row[3].split(" (")[0]}
        assert sides == {"Pakistan", "Afghanistan"}, row
    api_count = httpx.get(base + "/timeline", params={"dyad": "PAK,AFG"}).json()["events"]
    assert page.page.text_content("#timeline-note").startswith(f"{api_count:,} events match")
    # open the evidence of the first event: the sentence is highlighted inside its article
    first = page.page.locator("#events-body tr").first
    event_id = first.get_attribute("data-event-id")
    first.click()
    page.page.wait_for_selector("#evidence mark", timeout=WAIT_MS)
    event = httpx.get(f"{base}/events/{event_id}").json()
    marks = page.page.eval_on_selector_all("#evidence .article-text mark", "ms => ms.map(m => m.textContent)")
    assert marks[0] == event["evidence"][0]["sentence"]
    assert page.page.text_content("#evidence .sentence") == event["evidence"][0]["sentence"]
    card = page.page.locator("#evidence .evidence-card").first
    source = card.locator(".source").text_content()
    assert event["evidence"][0]["source_name"] in source and event["evidence"][0]["published"] in source
    link = card.locator(".source a")
    assert link.get_attribute("href") == event["evidence"][0]["url"]
    assert link.get_attribute("rel") == "noopener noreferrer"
    head = page.page.text_content("#evidence .event-head h3")
    assert event["event_type"] in head
    assert page.page.locator("#events-body tr.selected").count() == 1
    page.screenshot("dashboard-dyad-evidence.png", tmp_path)
    assert not page.problems, page.problems


def test_hostile_article_renders_as_text(page, tmp_path):
    page.open("/?q=onerror")
    rows = page.rows()
    assert len(rows) == 1
    page.page.locator("#events-body tr").first.click()
    page.page.wait_for_selector("#evidence mark", timeout=WAIT_MS)
    assert page.page.text_content("#evidence h4") == HOSTILE_TITLE  # the tags are shown, not run
    text = page.page.text_content("#evidence .article-text")
    assert "<script>alert(1)</script>" in text
    assert 'onerror="alert(2)"' in page.page.text_content("#evidence .article-text mark")
    assert 'onerror="alert(2)"' in page.page.text_content("#evidence .sentence")
    assert page.page.locator("#evidence script, #evidence img").count() == 0
    assert page.page.locator("#evidence a[href^='javascript']").count() == 0  # not a link
    assert "(javascript:alert(3))" in page.page.text_content("#evidence .source")
    page.page.wait_for_timeout(300)
    assert not page.dialogs
    assert not page.problems, page.problems


def test_table_pages_forward_and_back(page):
    page.open()
    first = [r[0:4] for r in page.rows()]
    page.page.click("#next")
    page.page.wait_for_function("() => document.getElementById('page-label').textContent === 'page 2'")
    page.page.wait_for_load_state("networkidle")
    second = [r[0:4] for r in page.rows()]
    assert second and second != first
    assert second[0][0] <= first[-1][0]  # newest first across pages
    page.page.click("#prev")
    page.page.wait_for_function("() => document.getElementById('page-label').textContent === 'page 1'")
    page.page.wait_for_load_state("networkidle")
    assert [r[0:4] for r in page.rows()] == first


def test_story_click_filters_to_the_story(page):
    page.open()
    button = page.page.locator("#stories li button").first
    title = button.text_content()
    button.click()
    page.page.wait_for_selector("#story-chip:not([hidden])", timeout=WAIT_MS)
    page.page.wait_for_load_state("networkidle")
    assert page.page.text_content("#story-chip-title") == title
    assert "story=" in page.page.url and len(page.rows()) >= 1


def test_api_docs_page(page):
    page.page.goto(page.base + "/docs")
    page.page.wait_for_selector(".opblock-summary-path", timeout=WAIT_MS)
    paths = page.page.eval_on_selector_all(".opblock-summary-path", "ps => ps.map(p => p.textContent)")
    paths = {p.replace("\u200b", "") for p in paths}  # Swagger UI adds zero-width spaces to wrap paths
    assert {"/events", "/events/{event_id}", "/timeline", "/dyads", "/articles/{article_id}"} <= paths
    assert "eventwire API" in page.page.text_content("body")
    assert not page.problems, page.problems


# ----------------------------------------------------------------------------- the demo database
@pytest.fixture(scope="module")
def demo_base(tmp_path_factory):
    corpus = REPO / "examples" / "corpus"
    if not corpus.is_dir():
        pytest.skip("examples/corpus is missing")
    db = str(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    proc = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(corpus), "--db", db, "--quiet"],
                          capture_output=True, text=True, timeout=900)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    with serve_in_thread(create_app(db)) as url:
        yield url


def country(cell: str) -> str | None:
    m = re.search(r"\(([A-Z]{3})[A-Z]*\)$", cell)
    return m.group(1) if m else None


def test_demo_database_dyad_and_evidence(browser, demo_base, tmp_path):
    dyads = httpx.get(demo_base + "/dyads", params={"limit": 100}).json()["edges"]
    pairs = {(e["source"], e["target"]) for e in dyads}
    assert ("PAK", "AFG") in pairs or ("AFG", "PAK") in pairs, pairs
    page = Page(browser, demo_base)
    try:
        page.open()
        page.screenshot("dashboard-demo.png", tmp_path)
        page.apply_dyad("PAK", "AFG")
        rows = page.rows()
        assert rows
        for r in rows:  # actor cells read "name (ISO3 + sector)"
            assert {country(r[2]), country(r[3])} == {"PAK", "AFG"}, r
        first = page.page.locator("#events-body tr").first
        event = httpx.get(f"{demo_base}/events/{first.get_attribute('data-event-id')}").json()
        first.click()
        page.page.wait_for_selector("#evidence mark", timeout=WAIT_MS)
        mark = page.page.text_content("#evidence .article-text mark")
        assert mark == event["evidence"][0]["sentence"]
        assert page.page.text_content("#evidence .sentence") == mark
        assert re.search(r"Pakistan|Afghanistan|Islamabad|Kabul|Taliban", mark), mark
        page.screenshot("dashboard-demo-evidence.png", tmp_path)
        assert not page.problems, page.problems
        assert not page.dialogs
    finally:
        page.close()

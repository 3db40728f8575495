"""The endpoints behind the dashboard (issue 14): /map, /timeline/coarse, /export, /brief and the bbox filter.

Checked against direct SQL on the same store: the map's cells add up to the located events and
never exceed MAX_MAP_CELLS, the coarse-date periods and the undated count are exactly what /timeline
leaves out, a download holds every event of the view, and the brief cites its evidence.
"""

from __future__ import annotations

import csv
import io

import pyarrow.parquet as pq
import pytest

from _api_helpers import api_client, sql_reader, synthetic_store
from eventwire.api import dashboard

N_EVENTS = 2000


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    return synthetic_store(tmp_path_factory, "dash-api", N_EVENTS, seed=3)


@pytest.fixture(scope="module")
def client(store):
    with api_client(store) as c:
        yield c


@pytest.fixture(scope="module")
def sql(store):
    with sql_reader(store) as run:
        yield run


VISIBLE = "merged_into IS NULL AND modality IN ('asserted', 'denied', 'intended')"


def test_map_cells_add_up_to_the_located_events(client, sql):
    data = client.get("/map").json()
    located_sql = f"SELECT count(*) FROM events WHERE {VISIBLE} AND lat IS NOT NULL AND lon IS NOT NULL"  # noqa: S608
    located = sql(located_sql)[0][0]
    assert data["located"] == located and data["events"] == client.get("/timeline").json()["events"]
    assert sum(c["events"] for c in data["cells"]) == located
    for c in data["cells"]:
        assert c["south"] <= c["lat"] <= c["north"] and c["west"] <= c["lon"] <= c["east"]
        assert c["q1"] + c["q2"] + c["q3"] + c["q4"] <= c["events"]


def test_map_coarsens_when_too_many_cells(client, monkeypatch):
    fine = client.get("/map", params={"cell": 0}).json()
    monkeypatch.setattr(dashboard, "MAX_MAP_CELLS", 15)
    coarse = client.get("/map", params={"cell": 0.001}).json()  # another URL: not the cached answer
    assert len(coarse["cells"]) <= 15 and coarse["clustered"] and coarse["cell"] > fine["cell"]
    assert sum(c["events"] for c in coarse["cells"]) == fine["located"]


def test_bbox_filters_every_view(client, sql):
    cell = client.get("/map").json()["cells"][0]
    box = f"{cell['west']},{cell['south']},{cell['east']},{cell['north']}"
    expected = sql(
        f"SELECT count(*) FROM events WHERE {VISIBLE} AND lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?",  # noqa: S608
        [cell["south"], cell["north"], cell["west"], cell["east"]],
    )[0][0]
    assert expected >= cell["events"]
    assert client.get("/timeline", params={"bbox": box}).json()["events"] == expected
    assert len(client.get("/events", params={"bbox": box, "limit": 500}).json()["events"]) == min(
        expected, 500
    )
    for bad in ("1,2,3", "10,0,5,1", "0,95,1,96", "a,b,c,d"):
        r = client.get("/events", params={"bbox": bad})
        assert r.status_code == 400 and "bbox must be" in r.json()["error"]["message"], (bad, r.text)


@pytest.mark.parametrize("bucket", ["day", "week", "month"])
def test_coarse_dates_are_what_the_timeline_leaves_out(client, bucket):
    tl = client.get("/timeline", params={"bucket": bucket}).json()
    coarse = client.get("/timeline/coarse", params={"bucket": bucket}).json()
    assert coarse["events"] + coarse["undated"] == tl["excluded_imprecise"]
    kinds = {p["precision"] for p in coarse["periods"]}
    assert kinds <= ({"year"} if bucket == "month" else {"month", "year"})
    for p in coarse["periods"]:
        assert len(p["period"]) == (4 if p["precision"] == "year" else 7)


def test_export_holds_the_whole_view(client, sql):
    params = {"actor": "PAK", "type": "FIGHT,ASSAULT"}
    expected = client.get("/timeline", params=params).json()["events"]
    assert expected > 0
    r = client.get("/export", params={**params, "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert 'filename="eventwire-events_PAK_FIGHT-ASSAULT.csv"' in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == expected and {x["event_type"] for x in rows} <= {"FIGHT", "ASSAULT"}
    r = client.get("/export", params={**params, "format": "parquet"})
    assert r.status_code == 200
    table = pq.read_table(io.BytesIO(r.content))
    assert table.num_rows == expected
    assert client.get("/export", params={"format": "xlsx"}).status_code == 400


def test_export_defuses_formulas(client):
    # every CSV cell goes through store.formats' guard: a text cell never starts with = + - @
    r = client.get("/export", params={"format": "csv", "all": "true"})
    for row in csv.reader(io.StringIO(r.text)):
        for cell in row:
            assert cell[:1] not in ("=", "+", "@") or cell.lstrip("+-").replace(".", "", 1).isdigit()


def test_brief_page_cites_and_prints(client):
    r = client.get("/brief", params={"dyad": "PAK,AFG"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "<h1>" in page and 'class="cite"' in page and "@media print" in page
    assert 'href="./?dyad=PAK,AFG"' in page and 'src="static/brief.js"' in page
    assert "<script>" not in page  # no inline script: the CSP forbids it
    assert "/tmp/" not in page and ".txt" not in page  # no server file paths in citations
    md = client.get("/brief", params={"dyad": "PAK,AFG", "format": "md"})
    assert (
        md.status_code == 200
        and md.headers["content-type"].startswith("text/markdown")
        and md.text.startswith("# ")
    )
    bad = client.get("/brief", params={"dyad": "PAK,ZZZ"})
    assert bad.status_code == 400 and "no event in this store involves ZZZ" in bad.text
    assert client.get("/brief", params={"dyad": "PAK"}).status_code == 400
    assert client.get("/brief", params={"dyad": ""}).status_code == 400  # was a 500 (schemathesis found it)
    assert (
        client.get("/brief", params={"dyad": "PAK,ZZZ", "format": "md"})
        .json()["error"]["code"]
        .startswith("EW")
    )


def test_story_spans_are_publication_dates(client, sql):
    stories = client.get("/stories", params={"limit": 5}).json()["stories"]
    for s in stories:
        first, last = sql(
            "SELECT min(a.published), max(a.published) FROM story_articles sa JOIN articles a "
            "ON a.article_id = sa.article_id WHERE sa.story_id = ?",
            [s["story_id"]],
        )[0]
        assert (s["published_first"], s["published_last"]) == (first, last)

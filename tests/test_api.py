"""The JSON API: filters, keyset pagination, formats, aggregates, evidence, articles (issue 6)."""

from __future__ import annotations

import csv
import io
import json

import pytest

from _api_helpers import api_client, sql_reader, synthetic_store
from eventwire.api.fixture import HOSTILE_TITLE
from eventwire.store.aggregates import MAX_TIMELINE_POINTS

N_EVENTS = 2000


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    return synthetic_store(tmp_path_factory, "api", N_EVENTS, seed=1)


@pytest.fixture(scope="module")
def client(store):
    with api_client(store) as c:
        yield c


@pytest.fixture(scope="module")
def sql(store):
    with sql_reader(store) as run:
        yield run


def walk(client, params: dict, limit: int = 500) -> list[dict]:
    """Follow next cursors to the end; return every event."""
    out, cursor = [], None
    for _ in range(1000):
        r = client.get("/events", params={**params, "limit": limit, **({"next": cursor} if cursor else {})})
        assert r.status_code == 200, r.text
        body = r.json()
        out += body["events"]
        cursor = body["next"]
        if not cursor:
            return out
    raise AssertionError("pagination did not end")


def test_health_and_meta(client):
    h = client.get("/health").json()
    assert h["status"] == "ok"
    assert h["events"] == N_EVENTS  # visible events: merged duplicates are not counted
    assert h["snapshot"].endswith(".duckdb.snapshot") and "/" not in h["snapshot"]  # no server paths
    meta = client.get("/meta").json()
    assert len(meta["event_types"]) == 18 and "FIGHT" in meta["event_types"]
    assert meta["max_limit"] == 500
    assert meta["first_date"] >= "2024-01-01" and meta["last_date"] <= "2025-12-31"


def test_default_page_is_sorted_and_hides_background(client):
    body = client.get("/events").json()
    assert body["count"] == 50 and body["limit"] == 50 and body["sort"] == "date"
    keys = [(e["date"] or "~", e["event_id"]) for e in body["events"]]
    assert keys == sorted(keys)
    assert {e["modality"] for e in body["events"]} <= {"asserted", "denied", "intended"}
    assert all(e["merged_into"] is None for e in body["events"])
    assert all(e["evidence"] for e in body["events"])  # evidence nested by default
    assert body["next"] and body["next_url"].startswith("/events?") and "next=" in body["next_url"]


def test_pagination_walks_every_event_exactly_once(client, sql):
    events = walk(client, {"dyad": "PAK,AFG"}, limit=37)
    ids = [e["event_id"] for e in events]
    assert len(ids) == len(set(ids))
    expected = sql(
        "SELECT count(*) FROM events WHERE merged_into IS NULL AND modality IN ('asserted','denied','intended') "
        "AND ((source_country='PAK' AND target_country='AFG') OR (source_country='AFG' AND target_country='PAK'))"
    )[0][0]
    assert len(ids) == expected > 37


@pytest.mark.parametrize("sort", ["-date", "confidence", "-confidence", "goldstein", "-sources"])
def test_every_sort_pages_completely_and_in_order(client, sort):
    events = walk(client, {"sort": sort, "type": "FIGHT,ASSAULT", "all": "true"}, limit=23)
    ids = [e["event_id"] for e in events]
    assert len(ids) == len(set(ids)) and len(ids) > 23
    field = {"confidence": "confidence", "goldstein": "goldstein", "sources": "num_sources", "date": "date"}[
        sort.lstrip("-")
    ]
    values = [e[field] for e in events if e[field] is not None]
    assert values == sorted(values, reverse=sort.startswith("-"))
    assert {e["event_type"] for e in events} == {"FIGHT", "ASSAULT"}


def test_filters_restrict_results(client, store):
    def get(**params):
        r = client.get("/events", params={"limit": 500, **params})
        assert r.status_code == 200, r.text
        return r.json()["events"]

    for e in get(actor="RUS"):
        assert "RUS" in (e["source"]["country"], e["target"]["country"])
    for e in get(type="AGREE"):
        assert e["event_type"] == "AGREE" and e["quad_class"] == 1 and e["goldstein"] > 0
    hist = get(modality="historical")
    assert hist and {e["modality"] for e in hist} == {"historical"}
    for e in get(since="2025-03-01", until="2025-03-31"):
        assert "2025-03-01" <= e["date"] <= "2025-03-31"
    for e in get(min_confidence=0.9):
        assert e["confidence"] >= 0.9
    for e in get(q="harbouring"):
        assert any("harbouring" in ev["sentence"].lower() for ev in e["evidence"])
    story = get(dyad="KEN,ETH")[0]["story_id"]
    assert {e["story_id"] for e in get(story=story)} == {story}
    assert len(get(all="true", type="AID")) > len(get(type="AID"))


def test_ndjson_and_csv_formats(client):
    r = client.get("/events", params={"format": "ndjson", "limit": 7})
    assert r.headers["content-type"].startswith("application/x-ndjson")
    lines = r.text.strip().split("\n")
    assert len(lines) == 7 and json.loads(lines[0])["event_id"]
    assert "x-next-cursor" in r.headers and 'rel="next"' in r.headers["link"]
    r = client.get("/events", params={"format": "csv", "limit": 5, "dyad": "PAK,AFG"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert len(rows) == 5
    assert {rows[0]["source_country"], rows[0]["target_country"]} == {"PAK", "AFG"}


def test_csv_cells_cannot_become_formulas():
    from eventwire.api.common import events_csv as _csv

    text = _csv([{"event_id": "abc", "source_name": '=HYPERLINK("http://x")', "goldstein": -5.0}]).decode()
    row = list(csv.DictReader(io.StringIO(text)))[0]
    assert row["source_name"].startswith("'=")
    assert row["goldstein"] == "-5.0"  # numbers are left alone


def test_event_detail_evidence_points_into_article_text(client):
    eid = client.get("/events", params={"dyad": "PAK,AFG", "limit": 1}).json()["events"][0]["event_id"]
    ev = client.get(f"/events/{eid}").json()
    assert ev["event_id"] == eid and ev["num_evidence"] == len(ev["evidence"]) >= 1
    for item in ev["evidence"]:
        art = client.get(f"/articles/{item['article_id']}").json()
        assert art["text"][item["char_start"] : item["char_end"]] == item["sentence"]
        assert art["outlet"] == item["source_name"]


def test_merged_event_stays_resolvable(client, sql):
    absorbed, survivor = sql(
        "SELECT event_id, merged_into FROM events WHERE merged_into IS NOT NULL LIMIT 1"
    )[0]
    body = client.get(f"/events/{absorbed}").json()
    assert body["merged_into"] == survivor


def test_hostile_article_is_returned_as_data(client):
    events = client.get("/events", params={"q": "onerror"}).json()["events"]
    assert len(events) == 1
    art_id = events[0]["evidence"][0]["article_id"]
    r = client.get(f"/articles/{art_id}")
    assert r.headers["content-type"].startswith("application/json")
    art = r.json()
    assert art["title"] == HOSTILE_TITLE
    assert "<script>alert(1)</script>" in art["text"]
    assert art["url"] == "javascript:alert(3)"


def test_stories_list_and_detail(client):
    body = client.get("/stories", params={"dyad": "PAK,AFG", "limit": 5}).json()
    assert body["count"] == 5 and body["next"]
    starts = [s["start"] for s in body["stories"]]
    assert starts == sorted(starts, reverse=True)
    sid = body["stories"][0]["story_id"]
    detail = client.get(f"/stories/{sid}").json()
    assert detail["story_id"] == sid and detail["articles"] and detail["events"]
    assert detail["n_events"] == len(detail["events"])
    assert all(e["story_id"] == sid for e in detail["events"])
    page2 = client.get("/stories", params={"dyad": "PAK,AFG", "limit": 5, "next": body["next"]}).json()
    assert not {s["story_id"] for s in page2["stories"]} & {s["story_id"] for s in body["stories"]}


def test_dyads_network(client, sql):
    net = client.get("/dyads", params={"limit": 10}).json()
    assert len(net["edges"]) == 10 and net["truncated"] is True
    counts = [e["events"] for e in net["edges"]]
    assert counts == sorted(counts, reverse=True)
    top = net["edges"][0]
    assert top["q1"] + top["q2"] + top["q3"] + top["q4"] == top["events"]
    direct = sql(
        "SELECT count(*) FROM events WHERE merged_into IS NULL AND modality IN ('asserted','denied','intended') "
        "AND source_country = ? AND target_country = ?",
        [top["source"], top["target"]],
    )[0][0]
    assert top["events"] == direct
    node_ids = {n["id"] for n in net["nodes"]}
    assert {e["source"] for e in net["edges"]} | {e["target"] for e in net["edges"]} == node_ids
    assert next(n for n in net["nodes"] if n["id"] == "PAK")["label"] == "Pakistan"


def test_actors(client):
    actors = client.get("/actors", params={"limit": 5}).json()["actors"]
    assert len(actors) == 5
    assert all(a["events"] == a["as_source"] + a["as_target"] for a in actors)
    assert actors[0]["events"] >= actors[-1]["events"]


@pytest.mark.parametrize("bucket", ["day", "week", "month"])
def test_timeline_counts_add_up(client, bucket):
    tl = client.get("/timeline", params={"dyad": "PAK,AFG", "bucket": bucket}).json()
    assert tl["bucket"] == bucket and tl["dyad"] == ["PAK", "AFG"]
    total = sum(p["total"] for p in tl["points"])
    assert total == tl["counted"] and tl["counted"] + tl["excluded_imprecise"] == tl["events"]
    assert all(p["q1"] + p["q2"] + p["q3"] + p["q4"] == p["total"] for p in tl["points"])
    buckets = [p["bucket"] for p in tl["points"]]
    assert buckets == sorted(buckets) and len(buckets) == len(set(buckets))
    n_events = len(walk(client, {"dyad": "PAK,AFG"}))
    assert tl["events"] == n_events


def test_timeline_zero_fills_the_requested_range(client):
    tl = client.get(
        "/timeline", params={"since": "2024-03-01", "until": "2024-03-31", "bucket": "day"}
    ).json()
    assert [p["bucket"] for p in tl["points"]][:2] == ["2024-03-01", "2024-03-02"]
    assert len(tl["points"]) == 31


def test_timeline_point_limit(client):
    r = client.get("/timeline", params={"since": "1990-01-01", "until": "2025-01-01", "bucket": "day"})
    assert r.status_code == 400
    assert str(MAX_TIMELINE_POINTS) in r.json()["error"]["message"]
    assert (
        client.get(
            "/timeline", params={"since": "1990-01-01", "until": "2025-01-01", "bucket": "month"}
        ).status_code
        == 200
    )


def test_cursor_is_bound_to_query_and_tamper_proof(client):
    nxt = client.get("/events", params={"limit": 3}).json()["next"]
    ok = client.get("/events", params={"limit": 3, "next": nxt})
    assert ok.status_code == 200
    other_filter = client.get("/events", params={"limit": 3, "next": nxt, "type": "FIGHT"})
    other_sort = client.get("/events", params={"limit": 3, "next": nxt, "sort": "-date"})
    body, mac = nxt.split(".")
    tampered = client.get(
        "/events", params={"next": body[:-2] + ("A" if body[-2] != "A" else "B") + body[-1] + "." + mac}
    )
    for r in (other_filter, other_sort, tampered):
        assert r.status_code == 400
        assert r.json()["error"]["code"] == "EW401"
    # a different page size is the same query: the cursor keeps working
    assert client.get("/events", params={"limit": 9, "next": nxt}).status_code == 200


def test_head_answers_like_get_without_body(client):
    r = client.head("/events", params={"limit": 2})
    assert r.status_code == 200 and r.content == b""

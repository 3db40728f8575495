"""Dyad brief, dyad table and story listing (issue 5) on a store built from the stories fixtures."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "merge"))
import corpus  # noqa: E402

from eventwire.errors import EventwireError  # noqa: E402
from eventwire.report.brief import write_brief  # noqa: E402
from eventwire.report.dyads import dyad_table, tabulate  # noqa: E402
from eventwire.store import Store  # noqa: E402
from eventwire.stories.cluster import list_stories  # noqa: E402
from eventwire.stories.merge import finalize  # noqa: E402


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("brief") / "brief.duckdb")
    store = Store.open(path)
    corpus.ingest(store, sorted(corpus.META))
    finalize(store, "run-1")
    store.close()
    return path


def test_list_stories_fields_and_filters(db):
    rows = list_stories(db)
    assert len(rows) == 6
    assert set(rows[0]) >= {
        "story_id",
        "title",
        "article_ids",
        "outlets",
        "start",
        "end",
        "dyads",
        "event_ids",
    }
    jpc4 = next(r for r in rows if r["start"] == "2025-11-18")
    assert len(jpc4["article_ids"]) == 3 and jpc4["dyads"] == ["TZA-ZMB"] and len(jpc4["event_ids"]) == 3
    assert [r["start"] for r in list_stories(db, actor="PAK")] == ["2025-03-06", "2025-03-13", "2025-03-21"]
    assert [r["start"] for r in list_stories(db, since="2025-11-01")] == ["2025-11-18"]
    assert len(list_stories(db, until="2024-12-31")) == 1
    assert len(list_stories(db, limit=2)) == 2
    with pytest.raises(EventwireError):
        list_stories(db, since="last week")


def test_dyad_table_counts_quadclasses_and_balance(db):
    rows = dyad_table(db)
    total = next(r for r in rows if r["dyad"] == "AFG-PAK" and r["period"] == "all")
    # asserted only: 2 FIGHT (C, D) + 1 FIGHT back (D) + DISAPPROVE + THREATEN (C) + AGREE + RETREAT (F)
    assert (total["events"], total["q1"], total["q2"], total["q3"], total["q4"]) == (7, 1, 1, 2, 3)
    assert total["balance"] == pytest.approx((1 + 1 - 2 - 3) / 7, abs=1e-4)
    months = [r["period"] for r in rows if r["dyad"] == "TZA-ZMB"]
    assert months == ["all", "2024-11", "2025-04", "2025-11"]
    assert dyad_table(db, since="2025-01-01", bucket="year")[1]["period"] == "2025"


def test_tabulate_skips_self_pairs_and_unknown_sides():
    rows = tabulate(
        [
            {"source_country": "PAK", "target_country": "PAK", "quad_class": 4, "date": "2025-01-01"},
            {
                "source_country": None,
                "source_code": "IGOUNO",
                "target_country": "AFG",
                "quad_class": 1,
                "goldstein": 2.0,
                "date": "2025-01-02",
            },
            {"source_country": "AFG", "target_country": None, "quad_class": 3},
        ],
        bucket="all",
    )
    assert [(r["dyad"], r["events"], r["mean_goldstein"]) for r in rows] == [("AFG-IGOUNO", 1, 2.0)]


@pytest.mark.issue(5)
def test_markdown_brief_sections_and_citations(db):
    md = write_brief(db, ("ZMB", "TZA"))
    assert md.startswith("# Zambia – Tanzania: relationship brief")  # in the order asked
    for heading in (
        "## Meetings and sessions",
        "## Agreements signed",
        "## Stated intentions and scheduled events",
        "## Conflict events",
        "## Cooperation–conflict balance by month",
    ):
        assert heading in md
    agreements = md.split("## Agreements signed")[1].split("## Stated")[0]
    assert "**2025-11-20** Agree in Dar es Salaam (3 sources)" in agreements
    assert "Tanzania Revenue Authority [TZA] and Zambia Revenue Authority [ZMB]" in agreements
    intentions = md.split("## Stated intentions and scheduled events")[1].split("## Conflict")[0]
    assert "**2026** planned: Agree in Lusaka" in intentions
    for line in md.splitlines():
        if line.startswith("- "):
            assert line.rstrip().endswith(")") and (
                "Daily Coastline" in line or "Wire" in line or "Herald" in line
            )
    assert "| 2025-11 | 2 | 2 | 0 | 0 | 0 | +1.00 |" in md


def test_conflict_section_and_html_escaping(db, tmp_path):
    md = write_brief(db, ("PAK", "AFG"), since="2025-03-01")
    conflict = md.split("## Conflict events")[1].split("## Cooperation")[0]
    assert conflict.count("\n- ") == 5 and "Fight" in conflict and "(Frontier Daily, 2025-03-14" in conflict
    html = write_brief(db, ("PAK", "AFG"), fmt="html")
    assert html.startswith("<!doctype html>") and "<h2>Conflict events</h2>" in html
    assert "Afghanistan's" not in html and "Afghanistan&#x27;s" in html  # text from the store is escaped
    with pytest.raises(EventwireError):
        write_brief(db, ("PAK", "AFG"), fmt="pdf")

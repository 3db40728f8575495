"""EventFilter on a real store schema: a dyad side is its country, else its actor code (IGOs, groups)."""

from __future__ import annotations

from eventwire.store import Store
from eventwire.store.queries import EventFilter


def test_dyad_matches_country_less_actors_by_their_code(tmp_path):
    db = str(tmp_path / "f.duckdb")
    rows = [  # event_id, source_country, source_code, target_country, target_code
        ("e1", None, "IGOUNO", "PAK", "PAKGOV"),
        ("e2", "PAK", "PAKGOV", None, "IGOUNO"),
        ("e3", "PAK", "PAKGOV", "AFG", "AFGGOV"),
        ("e4", "AFG", "AFGMIL", "PAK", "PAK"),
        ("e5", None, "IGOUNO", "AFG", "AFG"),
    ]
    with Store.open(db) as s:
        s.con.executemany(
            "INSERT INTO events (event_id, source_country, source_code, target_country, target_code, modality) "
            "VALUES (?, ?, ?, ?, ?, 'asserted')",
            [list(r) for r in rows],
        )

        def ids(dyad: str) -> list[str]:
            where, params = EventFilter.build(dyad=dyad).where()
            sql = f"SELECT event_id FROM events {where} ORDER BY 1"  # noqa: S608 (fixed fragments, values are params)
            return [r[0] for r in s.con.execute(sql, params).fetchall()]

        assert ids("IGOUNO,PAK") == ["e1", "e2"]
        assert ids("PAK,AFG") == ["e3", "e4"]
        assert ids("AFG,IGOUNO") == ["e5"]


def test_dates_of_any_precision_count_when_their_period_meets_the_bounds(tmp_path):
    db = str(tmp_path / "d.duckdb")
    dates = {
        "d1": "2025-08-31",
        "d2": "2025-09-01",
        "m": "2025-09",
        "y": "2025",
        "d3": "2025-10-01",
        "old": "2024",
    }
    with Store.open(db) as s:
        s.con.executemany("INSERT INTO events (event_id, date, modality) VALUES (?, ?, 'asserted')",
                          [[k, v] for k, v in dates.items()])  # fmt: skip

        def ids(**bounds: str) -> set[str]:
            where, params = EventFilter.build(**bounds).where()
            sql = f"SELECT event_id FROM events {where}"  # noqa: S608 (fixed fragments, values are params)
            return {r[0] for r in s.con.execute(sql, params).fetchall()}

        assert ids(since="2025-09-15") == {"m", "y", "d3"}
        assert ids(since="2025-09-01", until="2025-09-30") == {"d2", "m", "y"}
        assert ids(until="2025-09") == {"d1", "d2", "m", "y", "old"}
        assert ids(since="2025") == {"d1", "d2", "m", "y", "d3"}

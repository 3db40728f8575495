"""`eventwire show`: events and stories by id, absorbed ids resolved through merged_into."""

from __future__ import annotations

import pytest

from eventwire.errors import EventwireError
from eventwire.report.show import lookup
from eventwire.store import Store


def _event(con, eid, merged_into=None):
    con.execute(
        "INSERT INTO events (event_id, event_type, modality, quad_class, goldstein, cameo_root, cameo_code, "
        "confidence, date_source, merged_into) VALUES (?, 'AGREE', 'asserted', 1, 4.0, '03', '030', 0.9, 'none', ?)",
        [eid, merged_into],
    )


def test_absorbed_event_and_story_ids_resolve(db_path):
    with Store.open(db_path) as s:
        _event(s.con, "aaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbb")
        _event(s.con, "bbbbbbbbbbbbbbbb")
        s.con.execute(
            "INSERT INTO stories (story_id, title, merged_into) VALUES ('1111111111111111', 'old', "
            "'2222222222222222'), ('2222222222222222', 'survivor', NULL)"
        )
        kind, rec = lookup(s, "aaaaaaaaaaaaaaaa")
        assert kind == "event" and rec["event_id"] == "bbbbbbbbbbbbbbbb"
        assert rec["resolved_from"] == ["aaaaaaaaaaaaaaaa"]
        kind, rec = lookup(s, "1111111111111111")
        assert kind == "story" and rec["story_id"] == "2222222222222222" and rec["title"] == "survivor"
        assert rec["resolved_from"] == ["1111111111111111"]


def test_unknown_and_malformed_ids(db_path):
    with Store.open(db_path) as s:
        with pytest.raises(EventwireError) as err:
            lookup(s, "cccccccccccccccc")
        assert err.value.code == "EW106"
        with pytest.raises(EventwireError) as err:
            lookup(s, "'; drop table events; --")
        assert err.value.code == "EW104"

"""The eval gate: floors for higher-is-better metrics, ceilings for lower-is-better ones; update never loosens."""

from __future__ import annotations

import json

import pytest

from eventwire.eval import common
from eventwire.eval.common import EvalReport, check_floors, update_floors


@pytest.fixture
def floors_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(common, "FLOORS_DIR", tmp_path)
    return tmp_path


def test_floor_and_ceiling_gates(floors_dir):
    (floors_dir / "x.json").write_text(json.dumps({"f1": 0.9, "false_rate": {"max": 0.2}}))
    ok = EvalReport("x", {"f1": 0.91, "false_rate": 0.15}, lower_is_better=["false_rate"])
    assert check_floors(ok) == []
    bad = EvalReport("x", {"f1": 0.85, "false_rate": 0.3}, lower_is_better=["false_rate"])
    failures = check_floors(bad)
    assert (
        len(failures) == 2 and any("f1" in f for f in failures) and any("false_rate" in f for f in failures)
    )
    assert check_floors(EvalReport("x", {"f1": 0.95})) == ["x.false_rate: metric missing (gate <= 0.2000)"]


def test_update_never_loosens_without_permission(floors_dir):
    r1 = EvalReport("y", {"f1": 0.9, "err": 0.1}, lower_is_better=["err"])
    assert update_floors(r1) == {"f1": 0.895, "err": {"max": 0.105}}
    worse = EvalReport("y", {"f1": 0.8, "err": 0.3}, lower_is_better=["err"])
    assert update_floors(worse) == {"f1": 0.895, "err": {"max": 0.105}}
    assert update_floors(worse, allow_lower=True) == {"f1": 0.795, "err": {"max": 0.305}}
    better = EvalReport("y", {"f1": 0.99, "err": 0.01}, lower_is_better=["err"])
    assert update_floors(better) == {"f1": 0.985, "err": {"max": 0.015}}

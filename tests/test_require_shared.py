"""`require_shared`: a test that needs ../shared skips locally when it is missing, and fails under CI."""

from __future__ import annotations

import pytest

from conftest import require_shared


@pytest.mark.parametrize("ci", ["true", "1", "TRUE"])
def test_missing_shared_data_fails_under_ci(tmp_path, monkeypatch, ci):
    monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.fail.Exception, match="CI=true and .*nowhere.* is missing"):
        require_shared(tmp_path / "nowhere")


@pytest.mark.parametrize("ci", [None, "", "false", "0"])
def test_missing_shared_data_skips_outside_ci(tmp_path, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="nowhere is missing"):
        require_shared(tmp_path / "nowhere")


def test_present_path_is_returned_in_and_out_of_ci(tmp_path, monkeypatch):
    monkeypatch.setenv("CI", "true")
    assert require_shared(tmp_path) == tmp_path
    monkeypatch.delenv("CI")
    assert require_shared(tmp_path) == tmp_path

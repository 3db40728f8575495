"""Options: defaults <- config file <- environment <- CLI flags, validated, one error type."""

from __future__ import annotations

import pytest

from eventwire.errors import EventwireError
from eventwire.options import Options


def test_precedence(tmp_path, monkeypatch):
    cfg = tmp_path / "ew.toml"
    cfg.write_text('[eventwire]\nbatch_size = 7\nworkers = 3\ndb = "from-config.duckdb"\n')
    monkeypatch.setenv("EVENTWIRE_WORKERS", "2")
    opts = Options.load(cfg, db="flag.duckdb", batch_size=None)
    assert opts.batch_size == 7  # config
    assert opts.workers == 2  # environment beats config
    assert opts.db == "flag.duckdb"  # flag beats everything


def test_unknown_key_is_coded_error(tmp_path):
    cfg = tmp_path / "ew.toml"
    cfg.write_text("[eventwire]\nwrokers = 3\n")
    with pytest.raises(EventwireError) as err:
        Options.load(cfg)
    assert err.value.code == "EW105" and "wrokers" in err.value.message


def test_invalid_toml_and_missing_file(tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[eventwire\n")
    with pytest.raises(EventwireError) as err:
        Options.load(bad)
    assert err.value.code == "EW105"
    with pytest.raises(EventwireError):
        Options.load(tmp_path / "missing.toml")


@pytest.mark.parametrize(
    "flags", [{"workers": 0}, {"engine": "spark"}, {"batch_size": -1}, {"min_confidence": 2.0}]
)
def test_validation(flags):
    with pytest.raises(EventwireError) as err:
        Options.load(None, **flags)
    assert err.value.code == "EW101"


def test_type_coercion_error_names_the_setting(monkeypatch):
    monkeypatch.setenv("EVENTWIRE_BATCH_SIZE", "many")
    with pytest.raises(EventwireError) as err:
        Options.load(None)
    assert "batch_size" in err.value.message

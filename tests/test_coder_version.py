"""The coder's data and models are pinned to CODER_VERSION (tools/coder_hash.py; `make coder-hash` re-records)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _tool():
    spec = importlib.util.spec_from_file_location("coder_hash", ROOT / "tools" / "coder_hash.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["coder_hash"] = module
    spec.loader.exec_module(module)
    return module


def test_coder_data_changes_bump_the_coder_version():
    from eventwire.events import CODER_VERSION

    tool = _tool()
    version, digest = tool.recorded()
    assert tool.coder_version() == CODER_VERSION
    if version == CODER_VERSION:
        assert digest == tool.fingerprint(), (
            f"the coder's data or model files changed but CODER_VERSION is still {CODER_VERSION}: bump it in "
            "events/coder.py, add a CHANGELOG line, then run `make coder-hash`"
        )
    else:
        raise AssertionError(
            f"CODER_VERSION is {CODER_VERSION} but {version} is recorded: run `make coder-hash` to pin the new version"
        )


def test_the_fingerprint_sees_a_changed_file(tmp_path, monkeypatch):
    tool = _tool()
    (tmp_path / "events" / "data").mkdir(parents=True)
    (tmp_path / "events" / "model").mkdir()
    (tmp_path / "actors" / "data").mkdir(parents=True)
    row = tmp_path / "events" / "data" / "x.tsv"
    row.write_text("a\tb\n", encoding="utf-8")
    monkeypatch.setattr(tool, "PACKAGE", tmp_path)
    before = tool.fingerprint()
    row.write_text("a\tc\n", encoding="utf-8")
    assert tool.fingerprint() != before

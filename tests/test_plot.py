"""`eventwire plot`: a dyad's cooperation/conflict timeline as PNG or self-contained HTML (issue 6.4)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from eventwire.api.fixture import build_synthetic_store
from eventwire.errors import EventwireError
from eventwire.report.plot import dyad_timeline, plot_dyad


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("plot") / "events.duckdb")
    build_synthetic_store(path, 600, seed=6)
    return path


def test_png(store, tmp_path):
    out = plot_dyad(store, ("PAK", "AFG"), tmp_path / "pak_afg.png")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert (width, height) == (1650, 750)  # 11 x 5 inches at 150 dpi
    assert len(data) > 20_000  # bars were drawn, not an empty frame


def test_html_is_self_contained(store, tmp_path):
    out = plot_dyad(store, ("AFG", "PAK"), tmp_path / "sub" / "pak_afg.html", bucket="month")
    html = out.read_text(encoding="utf-8")
    title = "AFG ↔ PAK: cooperation and conflict per month"
    assert title in html or title.replace("↔", "\\u2194") in html  # plotly may JSON-escape the arrow
    assert '<script src="http' not in html and "cdn.plot.ly/plotly" not in html  # plotly.js is inlined
    assert len(html) > 1_000_000
    for name in ("Verbal cooperation", "Material cooperation", "Verbal conflict", "Material conflict",
                 "Mean Goldstein"):  # fmt: skip
        assert name in html


def test_timeline_numbers_match_the_api_aggregate(store):
    tl = dyad_timeline(store, ("PAK", "AFG"), bucket="week")
    assert tl["dyad"] == ["PAK", "AFG"]
    assert sum(p["total"] for p in tl["points"]) == tl["counted"] > 0
    assert all(p["bucket"] < q["bucket"] for p, q in zip(tl["points"], tl["points"][1:], strict=False))


def test_dyad_without_events_still_draws(store, tmp_path):
    out = plot_dyad(store, ("BRA", "JPN"), tmp_path / "none.png")
    assert out.read_bytes()[:4] == b"\x89PNG"


def test_bad_arguments(store, tmp_path):
    with pytest.raises(EventwireError) as exc:
        plot_dyad(store, ("PAK", "AFG"), tmp_path / "x.pdf")
    assert exc.value.code == "EW103"
    with pytest.raises(EventwireError) as exc:
        plot_dyad(store, ("PAK", "A1"), tmp_path / "x.png")
    assert exc.value.code == "EW104"
    with pytest.raises(EventwireError) as exc:
        plot_dyad(store, ("PAK", "AFG"), tmp_path / "x.png", bucket="year")
    assert exc.value.code == "EW101"
    with pytest.raises(EventwireError) as exc:
        plot_dyad(str(tmp_path / "missing.duckdb"), ("PAK", "AFG"), tmp_path / "x.png")
    assert exc.value.code == "EW201"


@pytest.mark.serial  # another process holds the store's lock
def test_plot_reads_the_snapshot_while_an_ingest_holds_the_store(store, tmp_path):
    from eventwire.store.snapshot import snapshot_from_main

    snapshot_from_main(store)
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('locked', flush=True); "
         "time.sleep(60)", store], stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "locked"
        out = plot_dyad(store, ("PAK", "AFG"), tmp_path / "busy.png")
        assert out.read_bytes()[:4] == b"\x89PNG"
    finally:
        holder.kill()
        holder.wait()

"""Plots without a server: a dyad's cooperation/conflict timeline as PNG (matplotlib) or HTML (plotly).

``plot_dyad(db, ("PAK", "AFG"), Path("pak_afg.png"))`` draws event counts per week stacked by
QuadClass (verbal/material cooperation, verbal/material conflict) with the mean Goldstein score on a
second axis. The HTML file is self-contained (plotly.js inlined), so it opens offline and can be
mailed or embedded in a notebook. The counts come from the same aggregate as the API's /timeline.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from ..errors import EventwireError
from ..store import Store
from ..store.aggregates import BUCKETS, timeline
from ..store.queries import EventFilter
from ..store.snapshot import snapshot_path

QUADS = (
    ("q1", "Verbal cooperation", "#8cc084"),
    ("q2", "Material cooperation", "#2e7d32"),
    ("q3", "Verbal conflict", "#f0a04b"),
    ("q4", "Material conflict", "#c62828"),
)
GOLDSTEIN_COLOR = "#17324f"
FORMATS = (".png", ".html", ".htm")
# Bar width as a share of the bucket, so neighbouring bars stay apart.
BAR_FILL = 0.85
BUCKET_DAYS = {"day": 1, "week": 7, "month": 30}
# PNG size and resolution: readable when pasted into a report page at full width.
FIGSIZE_IN, DPI = (11.0, 5.0), 150


@contextmanager
def _read(db: str) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only cursor on the store, or on its snapshot when an ingest holds the store."""
    try:
        store = Store.open(db, read_only=True)
    except EventwireError as exc:
        snap = snapshot_path(db)
        if exc.code != "EW203" or not snap.exists():
            raise
        from ..store.snapshot import SnapshotReader

        reader = SnapshotReader(db, refresh_from_main=False)
        try:
            with reader.cursor() as cur:
                yield cur
        finally:
            reader.close()
        return
    try:
        yield store.con.cursor()
    finally:
        store.close()


def dyad_timeline(db: str, dyad: tuple[str, str], *, bucket: str = "week") -> dict[str, Any]:
    """The /timeline aggregate for one dyad (both directions), read straight from the store."""
    if bucket not in BUCKETS:
        raise EventwireError("EW101", f"--bucket must be one of {', '.join(BUCKETS)}; got {bucket!r}.")
    if len(dyad) != 2:
        raise EventwireError("EW104", "--dyad takes two actor codes, e.g. PAK,AFG.")
    flt = EventFilter.build(dyad=f"{dyad[0]},{dyad[1]}")
    with _read(db) as cur:
        tl = timeline(cur, flt, bucket=bucket)
    tl["dyad"] = list(flt.dyad or dyad)
    return tl


def plot_dyad(db: str, dyad: tuple[str, str], out: Path, *, bucket: str = "week") -> Path:
    """Draw the dyad's timeline to ``out`` (.png or .html) and return the path written.

    Raises EventwireError EW103 for another suffix, EW104 for a bad dyad, EW201/EW203 when the
    store cannot be read. A dyad without events still gets a chart, saying so.
    """
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise EventwireError("EW103", f"--out must end in .png or .html; got {out.name!r}.")
    tl = dyad_timeline(db, dyad, bucket=bucket)
    out.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".png":
        _png(tl, out)
    else:
        _html(tl, out)
    return out


def _title(tl: dict[str, Any]) -> str:
    a, b = tl["dyad"]
    return f"{a} ↔ {b}: cooperation and conflict per {tl['bucket']} ({tl['counted']} events)"


def _footnote(tl: dict[str, Any]) -> str:
    note = "Bars: events per QuadClass (both directions). Line: mean Goldstein score (-10 conflict … +10 cooperation)."
    if tl["excluded_imprecise"]:
        note += f" {tl['excluded_imprecise']} events with a date coarser than a {tl['bucket']} are not shown."
    return note


def _png(tl: dict[str, Any], out: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    points = tl["points"]
    days = [date.fromisoformat(p["bucket"]) for p in points]
    width = BUCKET_DAYS[tl["bucket"]] * BAR_FILL
    fig, ax = plt.subplots(figsize=FIGSIZE_IN, dpi=DPI)
    try:
        bottom = [0] * len(points)
        for key, label, color in QUADS:
            values = [p[key] for p in points]
            ax.bar(days, values, width=width, bottom=bottom, color=color, label=label, align="edge")
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
        ax.set_ylabel("events")
        ax.set_title(_title(tl), loc="left", fontsize=12)
        ax2 = ax.twinx()
        # NaN where a bucket has no events, so the line breaks instead of bridging empty weeks.
        g_days = [d + timedelta(days=width / 2) for d in days]
        g_vals = [math.nan if p["goldstein_mean"] is None else p["goldstein_mean"] for p in points]
        ax2.plot(g_days, g_vals, color=GOLDSTEIN_COLOR, linewidth=1.4, marker="o", markersize=2.5,
                 label="Mean Goldstein")  # fmt: skip
        ax2.set_ylim(-10, 10)
        ax2.axhline(0, color="#999999", linewidth=0.6, linestyle=":")
        ax2.set_ylabel("mean Goldstein")
        if not points:
            ax.text(0.5, 0.5, "no events with a precise enough date for this dyad", transform=ax.transAxes,
                    ha="center", va="center", color="#5d6875")  # fmt: skip
        else:
            ax.xaxis.set_major_locator(mdates.AutoDateLocator())
            ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(ax.xaxis.get_major_locator()))
        handles = ax.get_legend_handles_labels()[0] + ax2.get_legend_handles_labels()[0]
        labels = ax.get_legend_handles_labels()[1] + ax2.get_legend_handles_labels()[1]
        ax.legend(
            handles, labels, loc="upper left", fontsize=8, ncol=5, frameon=False, bbox_to_anchor=(0, -0.08)
        )
        fig.text(0.01, 0.01, _footnote(tl), fontsize=7, color="#5d6875")
        fig.tight_layout(rect=(0, 0.06, 1, 1))
        fig.savefig(out, format="png")
    finally:
        plt.close(fig)


def _html(tl: dict[str, Any], out: Path) -> None:
    import plotly.graph_objects as go

    points = tl["points"]
    x = [p["bucket"] for p in points]
    fig = go.Figure()
    for key, label, color in QUADS:
        fig.add_bar(x=x, y=[p[key] for p in points], name=label, marker_color=color)
    fig.add_scatter(x=x, y=[p["goldstein_mean"] for p in points], name="Mean Goldstein", yaxis="y2",
                    mode="lines+markers", line={"color": GOLDSTEIN_COLOR, "width": 1.5}, marker={"size": 4})  # fmt: skip
    fig.update_layout(
        title={"text": _title(tl)},
        barmode="stack",
        yaxis={"title": {"text": "events"}, "rangemode": "tozero"},
        yaxis2={"title": {"text": "mean Goldstein"}, "overlaying": "y", "side": "right", "range": [-10, 10]},
        legend={"orientation": "h", "y": -0.15},
        template="plotly_white",
        annotations=[
            {
                "text": _footnote(tl),
                "xref": "paper",
                "yref": "paper",
                "x": 0,
                "y": -0.3,
                "showarrow": False,
                "font": {"size": 10, "color": "#5d6875"},
            }
        ],  # fmt: skip
        margin={"b": 110},
    )
    # plotly.js inlined: the file opens offline and fetches nothing.
    fig.write_html(out, include_plotlyjs=True, full_html=True, include_mathjax=False)

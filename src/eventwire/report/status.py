"""``eventwire status``: what the store holds of each input, and what is still missing.

Every ingest (local or Ray) records one manifest row per input (file, WARC, JSONL shard, feed URL)
in the same transaction as that input's data: how many records the reader found (``expected``),
how many were documents (``ingested``), rejects, documents that were already stored
(``duplicates``), and whether the input was read to its end (``complete``) or the run stopped
inside it (``partial``). ``status`` reads those rows back and, given the command's PATHS, also
lists every input that never reached the store (``missing``) or changed on disk since it was
ingested (``changed``). Nothing is lost silently: a killed run shows up here until a re-run of the
same command completes it.

A feed URL whose last fetch failed (dead host, HTTP error, unparsable feed) is ``failed``: the run went
on, the failure is a ``fetch_error`` (or ``bad_feed``) reject, and a re-run fetches it again.

A run is finished only when its last step (stories and event merging, over everything pending) is:
a run killed or failed after its batches leaves articles without a story and mentions not merged.
``status`` lists such runs (``interrupted`` or ``failed``; ``runs`` in the JSON) and the pending
global step until a later run finishes; a re-run does that step even when it reads nothing new.

Exit code rule (``status_exit_code``): 0 when every listed input is complete and no run or global
step is unfinished, 1 when any input is partial, missing, changed or failed, or a run is unfinished.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import EventwireError

STATUSES = ("complete", "partial", "missing", "changed", "failed")
# Rows printed by ``render_status`` before it only summarises: a terminal page. The report itself
# always holds every row (``--json``).
MAX_RENDERED_ROWS = 50


def _open(db: str) -> tuple[Any, str]:
    """The store read-only; while an ingest holds it, its last published read snapshot."""
    from ..store import Store
    from ..store.snapshot import snapshot_path

    try:
        return Store.open(db, read_only=True), "store"
    except EventwireError as exc:
        snap = snapshot_path(db)
        if exc.code != "EW203" or not snap.exists():
            raise
        return Store.open(str(snap), read_only=True), "snapshot"


def input_status(db: str, paths: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """One row per input: ``input, kind, expected, ingested, rejected, duplicates, status, staged``.

    Without ``paths``: every input in the manifest. With ``paths`` (as given to ``ingest``): every
    input they expand to, in ingest order, including those the manifest lacks (``missing``) and
    those whose file changed since they were ingested (``changed``). ``staged`` counts Ray parts
    processed but not yet loaded (``<db>.parts/``).
    """
    return status_report(db, paths)["inputs"]


def status_report(
    db: str, paths: Sequence[str] | None = None, *, parts_dir: str | Path | None = None
) -> dict[str, Any]:
    """The status of every input (see ``input_status``) plus store totals.

    Returns ``{"db", "source", "inputs": [...], "totals": {...}, "ok"}`` where ``source`` is
    ``store`` or ``snapshot`` (the store was busy with an ingest) and ``ok`` is True when nothing
    is partial, missing or changed. Raises EventwireError when the store cannot be opened or a
    PATHS argument matches nothing.
    """
    from ..ingest import expand_inputs
    from ..scale import parts as P

    store, source = _open(db)
    try:
        manifest, runs, pending, totals = _read_state(store, live=source == "snapshot")
    finally:
        store.close()

    pdir = Path(parts_dir) if parts_dir else Path(db + ".parts")
    staged = {k: len(v) for k, v in P.scan_markers(pdir).items()}
    wanted = expand_inputs(paths) if paths else list(manifest)
    rows = [_input_row(path, manifest, staged, check_files=bool(paths)) for path in wanted]
    for s in STATUSES:
        totals[s] = sum(1 for r in rows if r["status"] == s)
    totals["inputs"] = len(rows)
    totals["pending_articles"] = pending["articles"]
    totals["pending_mentions"] = pending["mentions"]
    return {
        "db": db,
        "source": source,
        "inputs": rows,
        "runs": runs,
        "totals": totals,
        "ok": not any(totals[s] for s in ("partial", "missing", "changed", "failed"))
        and not runs
        and not pending["articles"]
        and not pending["mentions"],
    }


def _read_state(
    store: Any, *, live: bool
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]], dict[str, Any], dict[str, Any]]:
    """(manifest by input, unfinished runs, pending articles and mentions, store totals) of a store."""
    manifest = {
        r["input"]: r
        for r in store.query(
            "SELECT input, kind, expected, ingested, rejected, duplicates, status, fingerprint, meta, updated_at "
            "FROM manifest ORDER BY input"
        )
    }
    runs = _unfinished_runs(store, live=live)
    pending = store.query(
        "SELECT (SELECT count(*) FROM articles WHERE story_id IS NULL) AS articles, "
        "(SELECT count(*) FROM event_mentions WHERE event_id IS NULL) AS mentions"
    )[0]
    totals: dict[str, Any] = {
        "documents": store.count("documents"),
        "articles": store.count("articles"),
        "events": store.count("events"),
        "rejects": store.count("rejects"),
        "rejects_by_reason": {
            r["reason"]: r["n"]
            for r in store.query("SELECT reason, count(*) AS n FROM rejects GROUP BY reason ORDER BY reason")
        },
    }
    return manifest, runs, pending, totals


def _input_row(
    path: str, manifest: dict[str, dict[str, Any]], staged: dict[str, int], *, check_files: bool
) -> dict[str, Any]:
    """The status row of one input: its manifest entry, or missing; a complete file that changed since (when
    ``check_files``) is changed, a feed whose last fetch failed is failed."""
    from ..ingest import input_fingerprint
    from ..ingest.paths import store_name
    from ..pipeline import input_kind

    m = manifest.get(store_name(path))
    if m is None:
        return {"input": store_name(path), "kind": input_kind(path), "expected": None, "ingested": 0, "rejected": 0,
                "duplicates": 0, "status": "missing", "staged": staged.get(path, 0), "updated_at": None}  # fmt: skip
    status = m["status"]
    if status == "complete" and _last_fetch_failed(m.get("meta")):
        status = "failed"  # a feed whose last fetch failed: its items may be missing (see its reject)
    if check_files and status == "complete" and input_kind(path) == "file":
        fp = input_fingerprint(path)
        if fp is not None and fp != m["fingerprint"]:
            status = "changed"  # a re-run reads it again
    return {"input": m["input"], "kind": m["kind"], "expected": m["expected"], "ingested": m["ingested"],
            "rejected": m["rejected"], "duplicates": m["duplicates"], "status": status,
            "staged": staged.get(path, 0), "updated_at": str(m["updated_at"]) if m["updated_at"] else None}  # fmt: skip


def _unfinished_runs(store: Any, *, live: bool) -> list[dict[str, Any]]:
    """Runs since the last finished one that did not finish: killed (``running`` in a store nobody
    writes, or ``interrupted``), or ``failed``. Reading the snapshot of a busy store, the newest
    ``running`` run is the live one and is reported as ``running``."""
    rows = store.query(
        "SELECT run_id, command, status, started_at FROM runs WHERE status <> 'done' AND started_at > "
        "coalesce((SELECT max(started_at) FROM runs WHERE status = 'done'), TIMESTAMP '0001-01-01') "
        "ORDER BY started_at"
    )
    out = []
    for i, r in enumerate(rows):
        status = r["status"]
        if status == "running" and not (live and i == len(rows) - 1):
            status = "interrupted"
        out.append({"run_id": r["run_id"], "command": r["command"], "status": status,
                    "started_at": str(r["started_at"])})  # fmt: skip
    return out


def _last_fetch_failed(meta: Any) -> bool:
    """True when a feed's last fetch failed (network, HTTP or parse error: ``meta["error"]``)."""
    import json

    if isinstance(meta, str):
        try:
            meta = json.loads(meta)
        except ValueError:
            return False
    return bool(isinstance(meta, dict) and meta.get("error"))


def status_exit_code(report: dict[str, Any]) -> int:
    """0 when every input is complete and unchanged and no run is unfinished, 1 otherwise."""
    return 0 if report["ok"] else 1


def _cell(v: Any) -> str:
    return "-" if v is None else str(v)


def render_status(report: dict[str, Any], *, max_rows: int = MAX_RENDERED_ROWS) -> str:
    """Plain-text status: a table of inputs (incomplete ones first when there are many), then totals."""
    rows = report["inputs"]
    t = report["totals"]
    from .shown import shown as safe

    lines = [f"eventwire status: {safe(report['db'])}" + (" (read snapshot; an ingest is running)"
                                                      if report["source"] == "snapshot" else "")]  # fmt: skip
    shown = rows
    if len(rows) > max_rows:
        # the user needs the problems, not thousands of complete inputs
        shown = [r for r in rows if r["status"] != "complete"][:max_rows]
    if shown:
        header = ("status", "kind", "expected", "ingested", "rejected", "dups", "staged", "input")
        table = [header] + [
            (r["status"], r["kind"], _cell(r["expected"]), _cell(r["ingested"]), _cell(r["rejected"]),
             _cell(r["duplicates"]), _cell(r["staged"] or None), safe(r["input"]))
            for r in shown
        ]  # fmt: skip
        widths = [max(len(row[i]) for row in table) for i in range(len(header) - 1)]
        for row in table:
            cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1])]
            cells += [row[i].rjust(widths[i]) for i in range(2, len(header) - 1)]
            lines.append("  ".join(cells) + "  " + row[-1])
    hidden = len(rows) - len(shown)
    if hidden:
        lines.append(
            f"... {hidden} more inputs not shown (complete, or past the first {max_rows}); use --format json for all"
        )
    lines.append(
        f"inputs: {t['inputs']} ({t['complete']} complete, {t['partial']} partial, {t['missing']} missing, "
        f"{t['changed']} changed, {t['failed']} failed)"
    )
    lines.append(f"store: {t['documents']} documents, {t['articles']} articles, {t['events']} events, "
                 f"{t['rejects']} rejects")  # fmt: skip
    if t["rejects_by_reason"]:
        lines.append("rejects: " + ", ".join(f"{k} {v}" for k, v in t["rejects_by_reason"].items()))
    for r in report["runs"]:
        what = {"running": "is running", "failed": "failed", "interrupted": "was interrupted (killed)"}
        lines.append(
            f"run {r['run_id']} ({r['command']}, started {r['started_at']}) {what.get(r['status'], r['status'])}"
        )
    if t["pending_articles"] or t["pending_mentions"]:
        lines.append(
            f"global step pending: {t['pending_articles']} articles without a story, {t['pending_mentions']} "
            "event mentions not merged into events (the run stopped before stories and merging)"
        )
    if not report["ok"]:
        lines.append(
            "Re-run the same `eventwire ingest` command to finish the partial, missing, changed and failed inputs "
            "and any interrupted run (a re-run also completes the pending global step)."
        )
    return "\n".join(lines)

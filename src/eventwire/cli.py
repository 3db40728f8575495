"""Command-line interface: one thin function per command over importable functions.

Exit codes: 0 when the command ran (an ingest with rejects still exits 0); 1 when an evaluation
falls below a recorded floor or a check finds problems; 2 on misuse (bad flag or value, unreadable
database, nothing matched), with a coded, actionable message on stderr.
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .errors import REJECT_REASONS, EventwireError
from .options import DEFAULT_DB, Options

app = typer.Typer(
    name="eventwire",
    help="Turn messy news into structured, deduplicated political event data (PLOVER/CAMEO).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Piped output is not limited to 80 columns: tables are meant to be read in full (or use --format).
console = Console(width=None if sys.stdout.isatty() else 200)
err_console = Console(stderr=True)

# ----------------------------------------------------------------------------- shared options
DbOpt = Annotated[str, typer.Option("--db", help="DuckDB store file.", envvar="EVENTWIRE_DB")]
ConfigOpt = Annotated[
    Path | None,
    typer.Option(
        "--config", help="TOML config file (settings under \\[eventwire]).", envvar="EVENTWIRE_CONFIG"
    ),
]
LimitOpt = Annotated[int, typer.Option("--limit", min=0, help="Maximum rows (0 = no limit).")]
FormatOpt = Annotated[str, typer.Option("--format", "-f", help="Output format: table, jsonl or csv.")]


def _fail(exc: EventwireError) -> None:
    from rich.markup import escape

    from .shown import shown

    # messages quote paths and URLs: no markup, no terminal control sequences
    err_console.print(
        f"[bold red]error[/] {exc.code}: {escape(shown(exc.message))}", highlight=False, soft_wrap=True
    )
    raise typer.Exit(2)


def _opts(config: Path | None = None, **flags: Any) -> Options:
    return Options.load(config, **flags)


def _emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    *,
    title: str | None = None,
    widths: dict[str, int] | None = None,
) -> None:
    """Print rows as a rich table, JSON lines, CSV or TSV."""
    fmt = fmt.lower()
    if fmt == "jsonl":
        out = sys.stdout
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
    elif fmt in ("csv", "tsv"):
        buf = io.StringIO()
        writer = csv.writer(buf, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in columns])
        sys.stdout.write(buf.getvalue())
    elif fmt == "table":
        table = Table(title=title, show_lines=False, header_style="bold")
        for c in columns:
            w = (widths or {}).get(c)
            table.add_column(
                c, max_width=w, min_width=min(len(c), 12), overflow="fold" if w is None else "ellipsis"
            )
        from rich.markup import escape

        from .shown import shown

        for row in rows:  # cells hold paths, titles and messages from inputs: printed as plain text
            table.add_row(*[escape(shown(_cell(row.get(c)))) for c in columns])
        console.print(table)
    else:
        raise EventwireError("EW103", f"Unknown format {fmt!r}; use table, jsonl, csv or tsv.")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _guard(fn: Callable[[], None]) -> None:
    try:
        fn()
    except EventwireError as exc:
        _fail(exc)


# ----------------------------------------------------------------------------- ingest
@app.command()
def ingest(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Files, directories, globs, or - for stdin.")
    ] = None,
    db: DbOpt = DEFAULT_DB,
    feed: Annotated[
        list[str] | None, typer.Option("--feed", help="RSS/Atom feed URL or file (repeatable).")
    ] = None,
    feeds: Annotated[
        Path | None, typer.Option("--feeds", help="Text file: one feed URL or path a line.")
    ] = None,
    workers: Annotated[int | None, typer.Option("--workers", "-w", min=1, help="Worker processes.")] = None,
    engine: Annotated[str | None, typer.Option("--engine", help="local or ray.")] = None,
    address: Annotated[
        str | None,
        typer.Option(
            "--address", help="Ray cluster address (auto, HOST:PORT, ray://...); implies --engine ray."
        ),
    ] = None,
    batch_size: Annotated[
        int | None, typer.Option("--batch-size", min=1, help="Documents per transaction.")
    ] = None,
    follow_symlinks: Annotated[
        bool | None,
        typer.Option(
            "--follow-symlinks",
            help="Read files reached through symbolic links that point outside an input directory "
            "(default: reject them as outside_link).",
        ),
    ] = None,
    config: ConfigOpt = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary table.")] = False,
    json_summary: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON.")] = False,
) -> None:
    """Ingest news files and feeds into the store: split, clean, code events, cluster, merge."""

    def run() -> None:
        from .ingest.feeds_http import read_feed_list
        from .pipeline import run_ingest

        inputs = [*(paths or []), *(feed or []), *(read_feed_list(feeds) if feeds else [])]
        opts = _opts(
            config,
            db=db,
            workers=workers,
            engine=engine or ("ray" if address else None),
            ray_address=address,
            batch_size=batch_size,
            follow_symlinks=follow_symlinks,
        )
        if opts.engine == "ray":
            from .scale.ray_engine import run_ingest_ray

            summary = run_ingest_ray(inputs, opts)
        elif quiet or json_summary or not sys.stderr.isatty():
            summary = run_ingest(inputs, opts)
        else:
            summary = _ingest_with_progress(inputs, opts)
        if json_summary:
            sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False) + "\n")
        elif not quiet:
            _print_summary(summary.to_dict())

    _guard(run)


def _ingest_with_progress(paths: list[str], opts: Options) -> Any:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .ingest import expand_inputs
    from .pipeline import run_ingest

    total = len(expand_inputs(paths))
    with Progress(
        TextColumn("[bold]ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("files"),
        TextColumn("{task.fields[docs]} documents"),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        task = bar.add_task("ingest", total=total, docs=0)
        docs = 0

        def progress(kind: str, n: int) -> None:
            nonlocal docs
            if kind == "file":
                bar.advance(task, n)
            else:
                docs += n
                bar.update(task, docs=docs)

        return run_ingest(paths, opts, progress=progress)


def _print_summary(s: dict[str, Any]) -> None:
    from .shown import shown

    table = Table(title=f"eventwire ingest — run {s['run_id']}", show_header=False, title_justify="left")
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    for label, key in (
        ("files read", "files"),
        ("documents processed", "documents"),
        ("documents already stored (skipped)", "skipped_documents"),
        ("articles added", "articles"),
        ("duplicate articles (counted as copies)", "duplicates"),
        ("events coded", "events"),
        ("events in store", "events_total"),
        ("stories", "stories"),
        ("rejects", "rejects"),
        ("seconds", "seconds"),
    ):
        table.add_row(label, str(s.get(key, "")))
    for reason, n in s["rejects_by_reason"].items():
        table.add_row(f"  rejected: {reason}", str(n))
    console.print(table)
    console.print(f"store: {shown(s['db'])}", markup=False, highlight=False)


# ----------------------------------------------------------------------------- articles / rejects
ARTICLE_COLUMNS = ["article_id", "part", "title", "outlet", "published", "published_source", "language", "path",
                   "chars"]  # fmt: skip


@app.command()
def articles(
    db: DbOpt = DEFAULT_DB,
    format: FormatOpt = "table",
    limit: LimitOpt = 50,
    full: Annotated[bool, typer.Option("--full", help="Include the article text (jsonl/csv).")] = False,
) -> None:
    """List stored articles."""

    def run() -> None:
        from .store import Store

        with Store.open(db, read_only=True) as store:
            rows = store.query(
                "SELECT article_id, doc_id, path, part, title, outlet, url, published, published_precision, "
                "published_source, page_date, language, length(text) AS chars, text FROM articles "
                "ORDER BY path, part LIMIT ?",
                [limit or 2**62],
            )
        if not full:
            for r in rows:
                r.pop("text")
        cols = ARTICLE_COLUMNS + (["text"] if full and format != "table" else [])
        _emit(
            rows,
            format,
            cols if format == "table" else list(rows[0]) if rows else cols,
            title="articles",
            widths={"title": 50, "path": 40},
        )

    _guard(run)


@app.command()
def rejects(db: DbOpt = DEFAULT_DB, format: FormatOpt = "table", limit: LimitOpt = 100) -> None:
    """List rejected inputs with their reason codes."""

    def run() -> None:
        from .store import Store

        with Store.open(db, read_only=True) as store:
            rows = store.query(
                "SELECT input, part, reason, message, run_id, created_at FROM rejects ORDER BY input, part LIMIT ?",
                [limit or 2**62],
            )
        _emit(
            rows,
            format,
            ["input", "part", "reason", "message"],
            title="rejects",
            widths={"input": 40, "message": 70},
        )

    _guard(run)


@app.command("reasons")
def reasons() -> None:
    """List the reject reason codes and what each means."""
    _emit([{"reason": k, "meaning": v} for k, v in REJECT_REASONS.items()], "table", ["reason", "meaning"])


# ----------------------------------------------------------------------------- export
@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")],
    format: Annotated[
        str, typer.Option("--format", "-f", help="parquet, csv, jsonl or tsv (GDELT-like events).")
    ] = "parquet",
    db: DbOpt = DEFAULT_DB,
    tables: Annotated[
        str | None, typer.Option("--tables", help="Comma-separated tables (default: all data tables).")
    ] = None,
) -> None:
    """Export the store's tables to Parquet / CSV / JSONL files (one file per table)."""

    def run() -> None:
        from .store.export import export_tables

        written = export_tables(db, out, format, tables.split(",") if tables else None)
        _emit(
            [{"table": t, "rows": n, "file": str(p)} for t, n, p in written],
            "table",
            ["table", "rows", "file"],
            title=f"exported to {out}",
        )

    _guard(run)


# ----------------------------------------------------------------------------- events
@app.command()
def events(
    db: DbOpt = DEFAULT_DB,
    format: Annotated[
        str, typer.Option("--format", "-f", help="table, jsonl, csv, tsv or parquet.")
    ] = "table",
    actor: Annotated[str | None, typer.Option("--actor", help="ISO3 / actor code on either side.")] = None,
    dyad: Annotated[
        str | None, typer.Option("--dyad", help="Two codes, e.g. PAK,AFG (either direction).")
    ] = None,
    type: Annotated[str | None, typer.Option("--type", help="PLOVER type(s), comma-separated.")] = None,  # noqa: A002
    since: Annotated[str | None, typer.Option("--since", help="From date (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option("--until", help="To date (YYYY-MM-DD).")] = None,
    modality: Annotated[
        str | None, typer.Option("--modality", help="asserted, denied, intended, historical, hypothetical.")
    ] = None,
    min_confidence: Annotated[
        float | None,
        typer.Option(
            "--min-confidence",
            min=0.0,
            max=1.0,
            help="Lowest overall confidence, 0..1 (default: the min_confidence setting).",
        ),
    ] = None,
    story: Annotated[str | None, typer.Option("--story", help="Story id.")] = None,
    q: Annotated[str | None, typer.Option("--q", help="Text search in evidence sentences.")] = None,
    all_: Annotated[
        bool, typer.Option("--all", help="Table view: include historical and hypothetical events.")
    ] = False,
    limit: LimitOpt = 0,
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Output file (required for parquet).")
    ] = None,
) -> None:
    """List coded events with filters (JSONL/CSV/TSV/Parquet hold every modality; the table hides
    historical and hypothetical events unless --all)."""

    def run() -> None:
        from .store import Store
        from .store.queries import EventFilter, event_dict

        fmt = format.lower()
        include_all = all_ or fmt != "table"
        floor = min_confidence if min_confidence is not None else (_opts().min_confidence or None)
        flt = EventFilter.build(
            actor=actor,
            dyad=dyad,
            type=type,
            modality=modality,
            since=since,
            until=until,
            min_confidence=floor,
            story=story,
            q=q,
            include_all=include_all,
        )
        where, params = flt.where()
        with Store.open(db, read_only=True) as store:
            sql = f"SELECT * FROM events {where} ORDER BY date NULLS LAST, event_id"  # noqa: S608 (fixed fragments)
            if limit:
                sql += " LIMIT ?"
                params.append(limit)
            rows = store.query(sql, params)
            if fmt == "parquet":
                from .store.export import write_events_parquet

                if out is None:
                    raise EventwireError("EW101", "--format parquet needs --out FILE.parquet.")
                write_events_parquet(store, where, params, out)
                console.print(f"wrote {len(rows)} events to {out}")
                return
            ev_rows: dict[str, list[dict[str, Any]]] = {}
            if fmt == "jsonl" and rows:
                for e in store.query(
                    "SELECT * FROM evidence WHERE list_contains(?, event_id) ORDER BY published, article_id, char_start",
                    [[r["event_id"] for r in rows]],
                ):
                    ev_rows.setdefault(e["event_id"], []).append(e)
        if fmt == "jsonl":
            recs = [event_dict(r, ev_rows.get(r["event_id"], [])) for r in rows]
            _write_to(out, lambda: _emit(recs, "jsonl", []))
        elif fmt in ("csv", "tsv"):
            _write_to(out, lambda: _emit(rows, fmt, EVENTS_FLAT))
        else:
            for r in rows:
                r["source"] = _actor_label(r, "source")
                r["target"] = _actor_label(r, "target")
                r["where"] = r.get("location_name")
            _emit(
                rows,
                "table",
                EVENTS_TABLE,
                title=f"events ({len(rows)})",
                widths={"source": 24, "target": 24, "event_id": 16},
            )

    _guard(run)


EVENTS_TABLE = ["event_id", "date", "event_type", "mode", "modality", "source", "target", "where", "quad_class",
                "goldstein", "confidence", "num_sources"]  # fmt: skip
EVENTS_FLAT = ["event_id", "story_id", "date", "date_precision", "date_source", "event_type", "mode", "modality",
               "source_name", "source_country", "source_sector", "target_name", "target_country", "target_sector",
               "reciprocal", "location_name", "location_country", "lat", "lon", "cameo_root", "cameo_code",
               "quad_class", "goldstein", "confidence", "num_articles", "num_sources", "num_mentions",
               "coder_version"]  # fmt: skip


def _actor_label(row: dict[str, Any], side: str) -> str:
    name, country, sector = row.get(f"{side}_name"), row.get(f"{side}_country"), row.get(f"{side}_sector")
    if not name and not country:
        return ""
    code = "".join(x for x in (country, sector) if x)
    return f"{name} ({code})" if code and name else name or code


def _write_to(out: Path | None, emit: Callable[[], None]) -> None:
    if out is None:
        emit()
        return
    with open(out, "w", encoding="utf-8", newline="") as fh:
        old = sys.stdout
        sys.stdout = fh
        try:
            emit()
        finally:
            sys.stdout = old


@app.command()
def show(
    item_id: Annotated[str, typer.Argument(help="An event id or a story id.")],
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
) -> None:
    """Show one event with its evidence (or one story with its articles and events)."""

    def run() -> None:
        from .show import show_item

        show_item(db, item_id, format, console)

    _guard(run)


# ----------------------------------------------------------------------------- stories / dyads / brief
STORY_COLUMNS = ["story_id", "start", "end", "n_articles", "outlets", "dyads", "event_types", "title"]


@app.command()
def stories(
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="table or jsonl.")] = "table",
    since: Annotated[
        str | None, typer.Option("--since", help="Stories active on or after this date.")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Stories that started on or before this date.")
    ] = None,
    actor: Annotated[
        str | None,
        typer.Option("--actor", help="ISO3 / actor code on either side of one of the story's events."),
    ] = None,
    limit: LimitOpt = 0,
) -> None:
    """List stories: articles about the same real-world happening, with their outlets, dyads and events."""

    def run() -> None:
        from .stories import list_stories

        rows = list_stories(db, since=since, until=until, actor=actor, limit=limit)
        if format == "jsonl":
            keys = (
                "story_id",
                "title",
                "article_ids",
                "outlets",
                "start",
                "end",
                "dyads",
                "event_types",
                "event_ids",
            )
            _emit([{k: r.get(k) for k in keys} for r in rows], "jsonl", [])
        else:
            for r in rows:
                r.setdefault("n_articles", len(r.get("article_ids") or []))
            _emit(
                rows,
                format,
                STORY_COLUMNS,
                title=f"stories ({len(rows)})",
                widths={"title": 60, "outlets": 40},
            )

    _guard(run)


@app.command()
def dyads(
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="table, jsonl or csv.")] = "table",
    bucket: Annotated[
        str, typer.Option("--bucket", help="Time buckets: day, month, year, or all (no per-period rows).")
    ] = "month",
    since: Annotated[
        str | None, typer.Option("--since", help="From date (YYYY-MM-DD, YYYY-MM or YYYY).")
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="To date, inclusive (YYYY-MM-DD, YYYY-MM or YYYY).")
    ] = None,
    dyad: Annotated[str | None, typer.Option("--dyad", help="Only this pair, e.g. PAK,AFG.")] = None,
) -> None:
    """Actor pairs with event counts by QuadClass, the cooperation–conflict balance
    ((q1+q2-q3-q4)/n, from +1 all cooperation to -1 all conflict) and mean Goldstein, overall and per period."""

    def run() -> None:
        from .dyads import dyad_table
        from .store.queries import parse_dyad

        rows = dyad_table(db, since=since, until=until, bucket=bucket, dyad=parse_dyad(dyad))
        cols = ["dyad", "period", "events", "q1", "q2", "q3", "q4", "balance", "mean_goldstein", "sources"]
        _emit(
            rows,
            format,
            cols,
            title="dyads (q1 verbal coop, q2 material coop, q3 verbal conflict, q4 material conflict)",
        )

    _guard(run)


@app.command()
def brief(
    dyad: Annotated[str, typer.Option("--dyad", help="Two actor codes, e.g. PAK,RUS.")],
    db: DbOpt = DEFAULT_DB,
    since: Annotated[str | None, typer.Option("--since", help="Only events from this date.")] = None,
    format: Annotated[str, typer.Option("--format", "-f", help="md or html.")] = "md",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Write an analyst's brief of a relationship: meetings, agreements (with parties), stated intentions
    and scheduled events, conflict events, the cooperation–conflict balance — every line citing its sources."""

    def run() -> None:
        from .brief import write_brief
        from .store.queries import parse_dyad

        pair = parse_dyad(dyad)
        assert pair is not None
        text = write_brief(db, pair, since=since, fmt=format)
        if out:
            out.write_text(text, encoding="utf-8")
            console.print(f"wrote {out}")
        else:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")

    _guard(run)


@app.command()
def status(
    paths: Annotated[
        list[str] | None, typer.Argument(help="Inputs to check against the manifest (optional).")
    ] = None,
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Report which inputs are complete, partial, missing, changed since they were ingested, or failed (a feed
    whose last fetch failed), from the per-input manifest. Exit 1 when anything is not complete."""
    from .status import render_status, status_report

    if format not in ("table", "json"):
        _fail(EventwireError("EW101", f"--format must be table or json, not {format!r}."))
    try:
        report = status_report(db, paths or None)
    except EventwireError as exc:
        _fail(exc)
    if format == "json":
        sys.stdout.write(json.dumps(report, ensure_ascii=False, default=str) + "\n")
    else:
        console.print(render_status(report), highlight=False, markup=False)
    if not report["ok"]:
        raise typer.Exit(1)


# ----------------------------------------------------------------------------- serve / plot
@app.command()
def serve(
    db: DbOpt = DEFAULT_DB,
    host: Annotated[str, typer.Option("--host", help="Bind address (loopback by default).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="TCP port.")] = 8000,
) -> None:
    """Serve the JSON API and the dashboard (read-only; a non-loopback --host needs EVENTWIRE_API_TOKEN)."""

    def run() -> None:
        from .api import serve as _serve

        _serve(db, host=host, port=port, announce=lambda line: err_console.print(line, highlight=False))

    _guard(run)


@app.command()
def plot(
    dyad: Annotated[str, typer.Option("--dyad", help="Two actor codes, e.g. PAK,AFG.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output file: .png or .html.")] = Path("dyad.png"),
    db: DbOpt = DEFAULT_DB,
    bucket: Annotated[str, typer.Option("--bucket", help="day, week or month.")] = "week",
) -> None:
    """Draw a dyad's cooperation/conflict timeline (QuadClass counts and mean Goldstein) without a server."""

    def run() -> None:
        from .plot import plot_dyad
        from .store.queries import parse_dyad

        pair = parse_dyad(dyad)
        assert pair is not None
        console.print(f"wrote {plot_dyad(db, pair, out, bucket=bucket)}")

    _guard(run)


# ----------------------------------------------------------------------------- eval / bench
@app.command("eval")
def eval_cmd(
    name: Annotated[str, typer.Argument(help="extraction, plover, petr2, conflibert, stories, or all.")],
    datasets: Annotated[
        Path | None, typer.Option("--datasets", help="Gold data root (default ../shared/datasets).")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the report(s) as JSON to this file.")
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="Score only the first N items (smoke test; floors not checked)."),
    ] = None,
    update_floors: Annotated[
        bool, typer.Option("--update-floors", help="Record floors from this run (never lowers).")
    ] = False,
    allow_lower: Annotated[
        bool, typer.Option("--allow-lower", help="With --update-floors: allow lowering floors.")
    ] = False,
) -> None:
    """Score the pipeline against gold data; exit 1 if a score falls below its recorded floor."""
    from .eval import EVALS, run_eval
    from .eval.common import gate_failed, gate_text, load_floors
    from .eval.common import update_floors as record

    names = list(EVALS) if name == "all" else [name]
    reports, failures = [], []
    try:
        for n in names:
            report, fails = run_eval(n, datasets, limit=limit)
            if update_floors and limit is None:
                record(report, allow_lower=allow_lower)
                fails = []
            reports.append(report)
            failures += fails
            floors = load_floors(n)
            table = Table(title=f"eval {n} — {report.n} items, {report.seconds:.1f}s", title_justify="left")
            table.add_column("metric")
            table.add_column("score", justify="right")
            table.add_column("gate", justify="right")
            for metric, value in report.metrics.items():
                fl = floors.get(metric)
                mark = "" if fl is None or not gate_failed(value, fl) else " [red]fails gate[/]"
                table.add_row(metric, f"{value:.4f}{mark}", "" if fl is None else gate_text(fl))
            console.print(table)
    except EventwireError as exc:
        _fail(exc)
    if json_out:
        payload = [r.to_dict() for r in reports]
        json_out.write_text(
            json.dumps(payload[0] if len(payload) == 1 else payload, indent=2, ensure_ascii=False)
        )
    if failures:
        for f in failures:
            err_console.print(f"[bold red]regression[/] {f}")
        raise typer.Exit(1)


@app.command()
def bench(
    n: Annotated[int, typer.Option("--n", min=1, help="Number of ECB+ documents.")] = 200,
    datasets: Annotated[
        Path | None,
        typer.Option("--datasets", help="Gold data root holding ecbplus/ (default ../shared/datasets)."),
    ] = None,
    only: Annotated[
        str | None,
        typer.Option(
            "--only",
            help="coding: the coding path and a full ingest next to bare spaCy; scale: bare spaCy, "
            "local 1 and 2 workers, Ray with 2 CPUs and the GDELT-day extrapolation. Default: both.",
        ),
    ] = None,
    memory_sizes: Annotated[
        str | None,
        typer.Option(
            "--memory-sizes",
            help="Comma-separated corpus sizes (e.g. 200,800) for extra 2-worker "
            "runs that show per-worker memory does not grow with the corpus.",
        ),
    ] = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write the report as JSON.")] = None,
) -> None:
    """Throughput and peak memory next to a bare spaCy parse of the same texts, each configuration in a fresh
    process: the coding path, a full ingest, local 1 and 2 workers and the Ray engine (slow: minutes)."""

    def run() -> None:
        if only not in (None, "coding", "scale"):
            raise EventwireError("EW101", f"--only must be coding or scale, not {only!r}.")
        try:
            sizes = tuple(int(x) for x in memory_sizes.split(",") if x.strip()) if memory_sizes else ()
        except ValueError:
            raise EventwireError(
                "EW101", f"--memory-sizes takes comma-separated integers, not {memory_sizes!r}."
            ) from None
        report: dict[str, Any] = {}
        if only in (None, "coding"):
            from .bench import render_bench, run_bench

            report["coding"] = run_bench(n, datasets=datasets)
            console.print(render_bench(report["coding"]))
        if only in (None, "scale"):
            from .bench_scale import render_scale_bench, run_scale_bench

            report["scale"] = run_scale_bench(n, datasets=datasets, memory_sizes=sizes)
            console.print(render_scale_bench(report["scale"]))
        if json_out:
            json_out.write_text(json.dumps(report, indent=2, default=str))

    _guard(run)


@app.command()
def check(
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="table or json.")] = "table",
) -> None:
    """Verify the store: every row valid against its schema, and referential integrity
    (events -> evidence -> articles -> documents, stories, merged_into links). Exit 1 on problems."""
    from .validate import check_store

    if format not in ("table", "json"):
        _fail(EventwireError("EW101", f"--format must be table or json, not {format!r}."))
    try:
        report = check_store(db)
    except EventwireError as exc:
        _fail(exc)
    if format == "json":
        sys.stdout.write(json.dumps(report, ensure_ascii=False) + "\n")
    else:
        console.print("checked: " + ", ".join(f"{k} {v}" for k, v in report["checked"].items()))
        if report["ok"]:
            console.print("[bold green]ok[/]: no problems found")
        else:
            _emit(report["problems"], "table", ["check", "count", "message", "examples"], title="problems")
    if not report["ok"]:
        raise typer.Exit(1)


# ----------------------------------------------------------------------------- misc
@app.command()
def version() -> None:
    """Print the eventwire version, schema version and coder version."""
    from .store import SCHEMA_VERSION

    try:
        from .events import CODER_VERSION
    except ImportError:  # events stage not importable: still report what we know
        CODER_VERSION = "unavailable"
    console.print(f"eventwire {__version__} (schema {SCHEMA_VERSION}, coder {CODER_VERSION})")


def main(argv: Iterable[str] | None = None) -> None:
    """Console-script entry point."""
    import logging

    # warcio warns about every malformed WARC-Target-URI it repairs; that is noise next to the
    # progress bar (broken records become rejects with reasons anyway).
    logging.getLogger("warcio").setLevel(logging.ERROR)
    try:
        app(args=list(argv) if argv is not None else None)
    except EventwireError as exc:  # defensive: commands already map these
        from .shown import shown

        err_console.print(f"error {exc.code}: {shown(exc.message)}", markup=False, highlight=False)
        sys.exit(2)


if __name__ == "__main__":
    main()

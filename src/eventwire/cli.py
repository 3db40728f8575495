"""Command-line interface: one thin function per command over importable functions.

Exit codes: 0 when the command ran (an ingest with rejects still exits 0); 1 when an evaluation
falls below a recorded floor or a check finds problems; 2 on misuse (bad flag or value, unreadable
database, nothing matched), with a coded, actionable message on stderr.
"""

from __future__ import annotations

import json
import os
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
from .store.formats import check_format, join_or, write_rows

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
# Rows a table shows unless --limit says otherwise; machine formats write every row by default.
TABLE_PAGE = 50
LimitOpt = Annotated[
    int | None,
    typer.Option(
        "--limit",
        min=0,
        help=f"Maximum rows (0 = all). Default: a page of {TABLE_PAGE} for a table, every row for jsonl, csv, "
        "tsv and parquet.",
    ),
]
# The formats each command accepts; --format is checked against these (EW103, exit 2).
LISTING_FORMATS = ("table", "jsonl", "csv", "tsv", "parquet")
SHOW_FORMATS = ("text", "json")
REPORT_FORMATS = ("table", "json")
DYAD_FORMATS = ("table", "jsonl", "csv", "tsv")
BRIEF_FORMATS = ("md", "html")


def _format_opt(accepted: Sequence[str], extra: str = "") -> Any:
    return typer.Option("--format", "-f", help=f"Output format: {join_or(accepted)}.{extra}")


FormatOpt = Annotated[str, _format_opt(LISTING_FORMATS)]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--out", "-o", help="Write to this file (written in full, then moved into place; needed for parquet)."
    ),
]


def _fail(exc: EventwireError) -> None:
    from rich.markup import escape

    from .report.shown import shown

    # messages quote paths and URLs: no markup, no terminal control sequences
    err_console.print(
        f"[bold red]error[/] {exc.code}: {escape(shown(exc.message))}", highlight=False, soft_wrap=True
    )
    raise typer.Exit(2)


def _opts(config: Path | None = None, **flags: Any) -> Options:
    return Options.load(config, **flags)


def _page(limit: int | None, fmt: str) -> int:
    """The row limit: --limit when given, else a page for a table and every row (0) for machine formats."""
    if limit is not None:
        return limit
    return TABLE_PAGE if fmt == "table" else 0


def _width() -> int:
    """Columns available to a table: $COLUMNS when set, else the terminal (200 when piped)."""
    cols = os.environ.get("COLUMNS", "")
    return int(cols) if cols.isdigit() and int(cols) > 0 else console.width


def _emit(
    rows: Sequence[dict[str, Any]],
    fmt: str,
    columns: Sequence[str],
    *,
    title: str | None = None,
    out: Path | None = None,
    ids: Sequence[str] = (),
    flex: dict[str, int] | None = None,
    drop: Sequence[str] = (),
    headers: dict[str, str] | None = None,
) -> None:
    """Print rows as a table (fitted to the terminal), or write them as JSON lines, CSV, TSV or Parquet."""
    if fmt != "table":
        write_rows(fmt, rows, columns, out)
        return
    console.print(
        _table(rows, columns, title=title, ids=ids, flex=flex or {}, drop=drop, headers=headers or {}),
        width=_width(),
    )


def _table(
    rows: Sequence[dict[str, Any]],
    columns: Sequence[str],
    *,
    title: str | None,
    ids: Sequence[str],
    flex: dict[str, int],
    drop: Sequence[str],
    headers: dict[str, str],
) -> Table:
    """A rich table that fits ``_width()``: ids and short columns never wrap or get cut; ``flex`` columns
    (free text) fold within their maximum; columns in ``drop`` go, in that order, until the rest fits."""
    from rich.markup import escape

    from .report.shown import shown as printable

    # cells hold paths, titles and messages from inputs: printed as plain text, control characters escaped
    cells = [{c: escape(printable(_table_cell(r.get(c)))) for c in columns} for r in rows]
    natural = {c: max([len(headers.get(c, c))] + [len(x[c]) for x in cells]) for c in columns}

    def need(cols: list[str]) -> int:
        return sum(min(natural[c], 12) if c in flex else natural[c] for c in cols) + 3 * len(cols) + 1

    shown = list(columns)
    for c in drop:
        if need(shown) <= _width():
            break
        shown.remove(c)
    table = Table(title=title, show_lines=False, header_style="bold")
    for c in shown:
        if c in flex:
            table.add_column(
                headers.get(c, c), max_width=flex[c], min_width=min(natural[c], 12), overflow="fold"
            )
        else:
            table.add_column(
                headers.get(c, c),
                no_wrap=True,
                min_width=natural[c] if c in ids or natural[c] <= 12 else None,
                overflow="ellipsis" if c not in ids else "fold",
            )
    for x in cells:
        table.add_row(*[x[c] for c in shown])
    return table


def _table_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ", ".join(_table_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


def _more(shown: int, total: int, noun: str) -> None:
    """Say how many rows a table left out, and how to see them."""
    if total > shown:
        console.print(f"{total - shown} more {noun}: --limit 0 for all (or --limit N).", highlight=False)


def _note(fmt: str, text: str) -> None:
    """A remark about the listing: under a table, on stderr for machine formats (stdout stays data)."""
    (console if fmt == "table" else err_console).print(text, highlight=False)


def _guard(fn: Callable[[], None]) -> None:
    import duckdb

    from .store.db import classify_store_error

    try:
        fn()
    except EventwireError as exc:
        _fail(exc)
    except duckdb.Error as exc:  # a store that fails on read (a damaged block): coded, no traceback
        _fail(classify_store_error(None, exc))


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
        summary = _run_ingest_engine(inputs, opts, plain=quiet or json_summary)
        _report_ingest(summary, quiet=quiet, json_summary=json_summary)

    _guard(run)


def _run_ingest_engine(inputs: list[str], opts: Options, *, plain: bool) -> Any:
    """Run the ingest on Ray, or locally (with a progress bar on an interactive terminal unless ``plain``)."""
    from .pipeline import run_ingest

    if opts.engine == "ray":
        from .scale.ray_engine import run_ingest_ray

        return run_ingest_ray(inputs, opts)
    if plain or not sys.stderr.isatty():
        return run_ingest(inputs, opts)
    return _ingest_with_progress(inputs, opts)


def _report_ingest(summary: Any, *, quiet: bool, json_summary: bool) -> None:
    """Print the run summary: as JSON with --json, as a table unless --quiet."""
    if json_summary:
        sys.stdout.write(json.dumps(summary.to_dict(), ensure_ascii=False) + "\n")
    elif not quiet:
        _print_summary(summary.to_dict())


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
    from .report.shown import shown

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
# Extra columns of the machine formats (the table shows ARTICLE_COLUMNS).
ARTICLE_MACHINE_COLUMNS = ["article_id", "doc_id", "path", "part", "title", "outlet", "url", "published",
                           "published_precision", "published_source", "page_date", "language", "chars"]  # fmt: skip


def _count(store: Any, sql: str, params: Sequence[Any] = ()) -> int:
    return int(store.query(sql, list(params))[0]["n"])


@app.command()
def articles(
    db: DbOpt = DEFAULT_DB,
    format: FormatOpt = "table",
    limit: LimitOpt = None,
    full: Annotated[
        bool, typer.Option("--full", help="Include the article text (jsonl, csv, tsv, parquet).")
    ] = False,
    out: OutOpt = None,
) -> None:
    """List stored articles."""

    def run() -> None:
        from .store import Store

        fmt = check_format(format, LISTING_FORMATS, "articles")
        n = _page(limit, fmt)
        with Store.open(db, read_only=True) as store:
            rows = store.query(
                "SELECT article_id, doc_id, path, part, title, outlet, url, published, published_precision, "
                "published_source, page_date, language, length(text) AS chars, text FROM articles "
                "ORDER BY path, part LIMIT ?",
                [n or 2**62],
            )
            total = _count(store, "SELECT count(*) AS n FROM articles") if n else len(rows)
        if not (full and fmt != "table"):
            for r in rows:
                r.pop("text")
        cols = ARTICLE_MACHINE_COLUMNS + (["text"] if full else [])
        _emit(
            rows,
            fmt,
            ARTICLE_COLUMNS if fmt == "table" else cols,
            out=out,
            title=f"articles ({len(rows)} of {total})",
            ids=["article_id"],
            flex={"title": 50, "path": 40, "outlet": 20},
            drop=["published_source", "part", "language", "chars", "path", "outlet"],
            headers={"published_source": "date from"},
        )
        if fmt == "table":
            _more(len(rows), total, "articles")

    _guard(run)


REJECT_COLUMNS = ["input", "part", "reason", "message", "run_id", "created_at"]


@app.command()
def rejects(
    db: DbOpt = DEFAULT_DB, format: FormatOpt = "table", limit: LimitOpt = None, out: OutOpt = None
) -> None:
    """List rejected inputs with their reason codes."""

    def run() -> None:
        from .store import Store

        fmt = check_format(format, LISTING_FORMATS, "rejects")
        n = _page(limit, fmt)
        with Store.open(db, read_only=True) as store:
            rows = store.query(
                "SELECT input, part, reason, message, run_id, created_at FROM rejects ORDER BY input, part LIMIT ?",
                [n or 2**62],
            )
            total = _count(store, "SELECT count(*) AS n FROM rejects") if n else len(rows)
        _emit(
            rows,
            fmt,
            ["input", "part", "reason", "message"] if fmt == "table" else REJECT_COLUMNS,
            out=out,
            title=f"rejects ({len(rows)} of {total})",
            flex={"input": 40, "message": 70},
            drop=["part"],
        )
        if fmt == "table":
            _more(len(rows), total, "rejects")

    _guard(run)


@app.command("reasons")
def reasons() -> None:
    """List the reject reason codes and what each means."""
    _emit(
        [{"reason": k, "meaning": v} for k, v in REJECT_REASONS.items()],
        "table",
        ["reason", "meaning"],
        flex={"meaning": 100},
    )


# ----------------------------------------------------------------------------- export
EXPORT_FORMATS = ("parquet", "csv", "jsonl", "tsv")


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output directory.")],
    format: Annotated[
        str, _format_opt(EXPORT_FORMATS, " tsv writes the GDELT-like events file only.")
    ] = "parquet",
    db: DbOpt = DEFAULT_DB,
    tables: Annotated[
        str | None, typer.Option("--tables", help="Comma-separated tables (default: all data tables).")
    ] = None,
) -> None:
    """Export the store's tables, every row, one file per table (each written in full, then moved into place)."""

    def run() -> None:
        from .store.export import export_tables

        fmt = check_format(format, EXPORT_FORMATS, "export")
        written = export_tables(db, out, fmt, tables.split(",") if tables else None)
        _emit(
            [{"table": t, "rows": n, "file": str(p)} for t, n, p in written],
            "table",
            ["table", "rows", "file"],
            title=f"exported to {out}",
        )

    _guard(run)


# ----------------------------------------------------------------------------- events
EVENTS_TABLE = ["event_id", "date", "event_type", "mode", "modality", "source", "target", "where", "quad_class",
                "goldstein", "confidence", "num_sources"]  # fmt: skip
# Columns a narrow terminal loses first (the id, date, type and the two sides always stay).
EVENTS_DROP = ["mode", "quad_class", "goldstein", "where", "num_sources", "confidence", "modality"]


def _hidden_notes(store: Any, raw: dict[str, Any], total: int, *, floor: float | None, include_all: bool,
                  hide_modalities: bool, hide_below_floor: bool) -> list[str]:  # fmt: skip
    """The notes under an events listing: how many events the default modalities and the min_confidence
    setting hid (each with the flag that shows them)."""
    from .store.queries import EventFilter, count_events

    notes = []
    if hide_modalities:
        hidden = count_events(store, EventFilter.build(**raw, min_confidence=floor, include_all=True)) - total
        if hidden:
            notes.append(f"{hidden} historical/hypothetical events hidden: --all shows them.")
    if hide_below_floor:
        hidden = count_events(store, EventFilter.build(**raw, include_all=include_all)) - total
        if hidden:
            notes.append(
                f"{hidden} events below the min_confidence setting ({floor}) hidden: --min-confidence 0 shows them."
            )
    return notes


@app.command()
def events(
    db: DbOpt = DEFAULT_DB,
    format: FormatOpt = "table",
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
    limit: LimitOpt = None,
    out: OutOpt = None,
    sort: Annotated[
        str,
        typer.Option("--sort", help="date, confidence, sources or goldstein; a leading - sorts descending."),
    ] = "date",
) -> None:
    """List coded events with filters (jsonl, csv, tsv and parquet hold every modality; the table hides
    historical and hypothetical events unless --all, and says how many it hid)."""

    raw = {"actor": actor, "dyad": dyad, "type": type, "modality": modality, "since": since, "until": until,
           "story": story, "q": q}  # fmt: skip
    _guard(lambda: _list_events(db, format, raw, min_confidence=min_confidence, all_=all_, limit=limit,
                                out=out, sort=sort))  # fmt: skip


def _list_events(db: str, requested: str, raw: dict[str, Any], *, min_confidence: float | None, all_: bool,
                 limit: int | None, out: Path | None, sort: str) -> None:  # fmt: skip
    """The events command: count and list (or write) the filtered events, then the notes on hidden ones."""
    from .store import Store
    from .store.formats import write_events
    from .store.queries import EventFilter, count_events, event_order, list_events

    fmt = check_format(requested, LISTING_FORMATS, "events")
    order = event_order(sort)
    n = _page(limit, fmt)
    floor = min_confidence if min_confidence is not None else (_opts().min_confidence or None)
    include_all = all_ or fmt != "table"
    flt = EventFilter.build(**raw, min_confidence=floor, include_all=include_all)
    with Store.open(db, read_only=True) as store:
        total = count_events(store, flt)
        notes = _hidden_notes(store, raw, total, floor=floor, include_all=include_all,
                              hide_modalities=not include_all and not raw["modality"],
                              hide_below_floor=bool(floor) and min_confidence is None)  # fmt: skip
        if fmt != "table":
            where, params = flt.where()
            written = write_events(store.con, fmt, out, where, params, limit=n, order=order)
            if out is not None:
                console.print(f"wrote {written} events to {out}", highlight=False)
        else:
            rows = list_events(store, flt, sort=sort, limit=n)
    if fmt == "table":
        _print_events_table(rows, total)
    for line in notes:
        _note(fmt, line)


def _print_events_table(rows: list[dict[str, Any]], total: int) -> None:
    """The events table: actors and place as readable labels, then how many rows it left out."""
    for r in rows:
        r["source"] = _actor_label(r, "source")
        r["target"] = _actor_label(r, "target")
        r["where"] = r.get("location_name")
    _emit(
        rows,
        "table",
        EVENTS_TABLE,
        title=f"events ({len(rows)} of {total})",
        ids=["event_id"],
        flex={"source": 24, "target": 24, "where": 20},
        drop=EVENTS_DROP,
        headers={
            "quad_class": "quad",
            "goldstein": "gold",
            "confidence": "conf",
            "num_sources": "srcs",
        },
    )
    _more(len(rows), total, "events")


def _actor_label(row: dict[str, Any], side: str) -> str:
    name, country, sector = row.get(f"{side}_name"), row.get(f"{side}_country"), row.get(f"{side}_sector")
    if not name and not country:
        return ""
    code = "".join(x for x in (country, sector) if x)
    return f"{name} ({code})" if code and name else name or code


@app.command()
def show(
    item_id: Annotated[
        str, typer.Argument(help="An event, story or article id, or a unique prefix of 6+ characters.")
    ],
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, _format_opt(SHOW_FORMATS)] = "text",
) -> None:
    """Show one event with its evidence (or one story with its articles and events, or an article)."""

    def run() -> None:
        from .report.show import show_item

        show_item(db, item_id, check_format(format, SHOW_FORMATS, "show"), console)

    _guard(run)


# ----------------------------------------------------------------------------- stories / dyads / brief
STORY_COLUMNS = ["story_id", "start", "end", "n_articles", "outlets", "dyads", "event_types", "title"]
STORY_KEYS = [
    "story_id",
    "title",
    "article_ids",
    "outlets",
    "start",
    "end",
    "dyads",
    "event_types",
    "event_ids",
]


@app.command()
def stories(
    db: DbOpt = DEFAULT_DB,
    format: FormatOpt = "table",
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
    limit: LimitOpt = None,
    out: OutOpt = None,
) -> None:
    """List stories: articles about the same real-world happening, with their outlets, dyads and events."""

    def run() -> None:
        from .stories.cluster import list_stories

        fmt = check_format(format, LISTING_FORMATS, "stories")
        n = _page(limit, fmt)
        rows = list_stories(db, since=since, until=until, actor=actor)
        total, rows = len(rows), rows[: n or None]
        for r in rows:
            r.setdefault("n_articles", len(r.get("article_ids") or []))
        _emit(
            rows,
            fmt,
            STORY_COLUMNS if fmt == "table" else [*STORY_KEYS, "n_articles"],
            out=out,
            title=f"stories ({len(rows)} of {total})",
            ids=["story_id"],
            flex={"title": 60, "outlets": 40, "dyads": 30, "event_types": 30},
            drop=["event_types", "end", "dyads", "n_articles", "outlets"],
            headers={"n_articles": "articles"},
        )
        if fmt == "table":
            _more(len(rows), total, "stories")

    _guard(run)


@app.command()
def dyads(
    db: DbOpt = DEFAULT_DB,
    format: Annotated[str, _format_opt(DYAD_FORMATS)] = "table",
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
        from .report.dyads import dyad_table
        from .store.queries import parse_dyad

        fmt = check_format(format, DYAD_FORMATS, "dyads")
        rows = dyad_table(db, since=since, until=until, bucket=bucket, dyad=parse_dyad(dyad))
        cols = ["dyad", "period", "events", "q1", "q2", "q3", "q4", "balance", "mean_goldstein", "sources"]
        _emit(
            rows,
            fmt,
            cols,
            title="dyads (q1 verbal coop, q2 material coop, q3 verbal conflict, q4 material conflict)",
            drop=["sources", "mean_goldstein"],
            headers={"mean_goldstein": "goldstein"},
        )

    _guard(run)


@app.command()
def brief(
    dyad: Annotated[str, typer.Option("--dyad", help="Two actor codes, e.g. PAK,RUS.")],
    db: DbOpt = DEFAULT_DB,
    since: Annotated[str | None, typer.Option("--since", help="Only events from this date.")] = None,
    format: Annotated[str, _format_opt(BRIEF_FORMATS)] = "md",
    out: Annotated[
        Path | None, typer.Option("--out", "-o", help="Write to this file instead of stdout.")
    ] = None,
) -> None:
    """Write an analyst's brief of a relationship: meetings, agreements (with parties), stated intentions
    and scheduled events, conflict events, the cooperation–conflict balance — every line citing its sources."""

    def run() -> None:
        from .report.brief import write_brief
        from .store.queries import parse_dyad

        fmt = check_format(format, BRIEF_FORMATS, "brief")
        pair = parse_dyad(dyad)
        if pair is None:
            raise EventwireError("EW104", "--dyad takes two actor codes separated by a comma, e.g. PAK,AFG.")
        text = write_brief(db, pair, since=since, fmt=fmt)
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
    format: Annotated[str, _format_opt(REPORT_FORMATS)] = "table",
) -> None:
    """Report which inputs are complete, partial, missing, changed since they were ingested, or failed (a feed
    whose last fetch failed), from the per-input manifest. Exit 1 when anything is not complete."""
    from .report.status import render_status, status_report

    try:
        format = check_format(format, REPORT_FORMATS, "status")  # noqa: A001
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
        from .report.plot import plot_dyad
        from .store.queries import parse_dyad

        pair = parse_dyad(dyad)
        assert pair is not None
        console.print(f"wrote {plot_dyad(db, pair, out, bucket=bucket)}")

    _guard(run)


# ----------------------------------------------------------------------------- eval / bench
@app.command("eval")
def eval_cmd(
    name: Annotated[
        str, typer.Argument(help="extraction, plover, petr2, conflibert, stories, news, or all.")
    ],
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
    format: Annotated[str, _format_opt(REPORT_FORMATS)] = "table",
) -> None:
    """Verify the store: every row valid against its schema, and referential integrity
    (events -> evidence -> articles -> documents, stories, merged_into links). Exit 1 on problems."""
    from .validate import check_store

    try:
        format = check_format(format, REPORT_FORMATS, "check")  # noqa: A001
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
        from .report.shown import shown

        err_console.print(f"error {exc.code}: {shown(exc.message)}", markup=False, highlight=False)
        sys.exit(2)
    except Exception as exc:  # defensive: a DuckDB error from a command without _guard (a damaged store)
        import duckdb

        if not isinstance(exc, duckdb.Error):
            raise
        from .store.db import classify_store_error

        err = classify_store_error(None, exc)
        err_console.print(f"error {err.code}: {err.message}")
        sys.exit(2)


if __name__ == "__main__":
    main()

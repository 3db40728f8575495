"""Output formats shared by the CLI listings, the exports and the API: one writer per format.

- ``EVENT_COLUMNS`` is the one flat-column list of an event (CSV, TSV and Parquet listings, the API's CSV,
  the GDELT-like export TSV).
- ``csv_cell`` guards every CSV/TSV cell against spreadsheet formulas (a text cell starting with
  ``= + - @``, a tab or a carriage return gets a leading apostrophe).
- ``arrow_batches`` streams a query in Arrow record batches on DuckDB 1.x and 2.x.
- ``atomic_path`` writes a file under a temporary name in the same directory and moves it into place
  when complete, so an interrupted export never leaves a truncated file where a good one was.
- ``write_events`` streams filtered events to the end in any machine format.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from ..errors import EventwireError
from .queries import event_dict

if TYPE_CHECKING:  # pyarrow is imported when a batch is written: the CLI starts without it
    import pyarrow as pa

# Formats that hold every row by default (a table shows a page).
MACHINE_FORMATS = ("jsonl", "csv", "tsv", "parquet")
# Rows per Arrow batch when streaming a query out. Every writer reads its query to the end, batch
# after batch; tests make it small to prove that.
BATCH_ROWS = 50_000

EVENT_COLUMNS = ["event_id", "story_id", "date", "date_precision", "date_source", "event_type", "mode", "modality",
                 "source_name", "source_country", "source_sector", "source_code", "target_name", "target_country",
                 "target_sector", "target_code", "reciprocal", "location_name", "location_country", "lat", "lon",
                 "cameo_root", "cameo_code", "quad_class", "goldstein", "confidence", "num_articles", "num_sources",
                 "num_mentions", "merged_into", "coder_version"]  # fmt: skip
# Event order of every listing and export: dated events first, oldest first.
EVENT_ORDER = "date NULLS LAST, event_id"
_EVIDENCE_SQL = (
    "SELECT * FROM evidence WHERE list_contains(?, event_id) ORDER BY published, article_id, char_start"
)
# A cell starting with one of these is read as a formula by spreadsheets (CSV injection).
_FORMULA = re.compile(r"^[=+\-@\t\r]")


def check_format(fmt: str, accepted: Sequence[str], what: str) -> str:
    """``fmt`` lower-cased if ``what`` accepts it, else EW103 naming the accepted formats."""
    f = (fmt or "").strip().lower()
    if f not in accepted:
        raise EventwireError(
            "EW103", f"{what} --format must be {join_or(accepted)}; got {fmt!r}.", status=400
        )
    return f


def join_or(items: Sequence[str]) -> str:
    """``a, b or c``."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def csv_cell(value: Any) -> str:
    """A value as a CSV/TSV cell: lists/dicts as JSON, None as empty, formula-like text defused."""
    if value is None:
        return ""
    if isinstance(value, list | dict | tuple):
        value = json.dumps(value, ensure_ascii=False, default=str)
    elif not isinstance(value, str):
        return str(value)
    return "'" + value if _FORMULA.match(value) else value


class BatchStream:
    """Every row of one query as Arrow record batches, read on its own cursor (DuckDB 2.x
    ``to_arrow_reader``, 1.x ``fetch_record_batch``), so side queries on the store's connection
    neither discard it nor are refused while it is pending. Iterate it once, to the end."""

    def __init__(self, con: Any, sql: str, params: Sequence[Any] = (), batch_rows: int | None = None):
        self._cursor = con.cursor()
        rel = self._cursor.sql(sql, params=list(params)) if params else self._cursor.sql(sql)
        rows = batch_rows or BATCH_ROWS
        if hasattr(rel, "to_arrow_reader"):
            self._reader = rel.to_arrow_reader(rows)
        else:  # duckdb 1.x
            self._reader = rel.fetch_record_batch(rows)
        self.schema: pa.Schema = self._reader.schema

    def __iter__(self) -> Iterator[pa.RecordBatch]:
        try:
            yield from self._reader
        finally:
            self._cursor.close()


def arrow_batches(
    con: Any, sql: str, params: Sequence[Any] = (), batch_rows: int | None = None
) -> BatchStream:
    """Stream ``sql`` (fixed fragments, ``?`` parameters) in batches of ``batch_rows`` (default ``BATCH_ROWS``)."""
    return BatchStream(con, sql, params, batch_rows)


@contextmanager
def atomic_path(dest: Path) -> Iterator[Path]:
    """Yield a temporary path next to ``dest``; move it onto ``dest`` only when the block completes."""
    dest = Path(dest)
    # created by the writer itself, so the file gets the usual permissions (umask), not mkstemp's 0600
    tmp = dest.with_name(f".{dest.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.part")
    try:
        yield tmp
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@contextmanager
def text_output(dest: Path | None) -> Iterator[IO[str]]:
    """A text stream: ``dest`` written atomically, or standard output when ``dest`` is None."""
    if dest is None:
        yield sys.stdout
        sys.stdout.flush()
        return
    with atomic_path(dest) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        yield fh


def write_jsonl(fh: IO[str], records: Iterable[dict[str, Any]]) -> int:
    n = 0
    for rec in records:
        fh.write(json.dumps(rec, ensure_ascii=False, default=str) + "\n")
        n += 1
    return n


def write_delimited(
    fh: IO[str], columns: Sequence[str], rows: Iterable[dict[str, Any]], delimiter: str
) -> int:
    """CSV (``,``) or TSV (tab) with a header row; every cell through ``csv_cell``."""
    w = csv.writer(fh, delimiter=delimiter, lineterminator="\n")
    w.writerow(columns)
    n = 0
    for row in rows:
        w.writerow([csv_cell(row.get(c)) for c in columns])
        n += 1
    return n


def write_parquet(path: Path, batches: Iterable[pa.RecordBatch], schema: pa.Schema) -> int:
    import pyarrow.parquet as pq

    n = 0
    with atomic_path(path) as tmp, pq.ParquetWriter(tmp, schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
            n += batch.num_rows
    return n


def write_rows(fmt: str, rows: Sequence[dict[str, Any]], columns: Sequence[str], dest: Path | None) -> int:
    """Write in-memory rows (already read to the end) as jsonl, csv, tsv or parquet."""
    if fmt == "parquet":
        if dest is None:
            raise EventwireError("EW101", "--format parquet needs --out FILE.parquet.")
        import pyarrow as pa

        table = pa.Table.from_pylist(
            [{c: _parquet_value(r.get(c)) for c in columns} for r in rows] if rows else [],
            schema=None if rows else pa.schema([pa.field(c, pa.string()) for c in columns]),
        )
        return write_parquet(dest, table.to_batches(), table.schema)
    with text_output(dest) as fh:
        if fmt == "jsonl":
            return write_jsonl(fh, ({c: r.get(c) for c in columns} for r in rows))
        return write_delimited(fh, columns, rows, "," if fmt == "csv" else "\t")


def _parquet_value(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False, default=str) if isinstance(value, dict) else value


def _rows(batches: Iterable[pa.RecordBatch]) -> Iterator[list[dict[str, Any]]]:
    for batch in batches:
        yield batch.to_pylist()


def event_records(con: Any, batches: Iterable[pa.RecordBatch]) -> Iterator[dict[str, Any]]:
    """Event records (docs/outputs.md) with their evidence nested, one batch of events at a time. Evidence is
    read on its own cursor: a query on the cursor that streams the events would discard them."""
    side = con.cursor()
    try:
        for chunk in _rows(batches):
            res = side.execute(_EVIDENCE_SQL, [[r["event_id"] for r in chunk]])
            cols = [d[0] for d in res.description]
            evid: dict[str, list[dict[str, Any]]] = {}
            for tup in res.fetchall():
                e = dict(zip(cols, tup, strict=True))
                evid.setdefault(e["event_id"], []).append(e)
            for r in chunk:
                yield event_dict(r, evid.get(r["event_id"], []))
    finally:
        side.close()


def write_events(
    con: Any,
    fmt: str,
    dest: Path | None,
    where: str = "",
    params: Sequence[Any] = (),
    *,
    limit: int = 0,
    batch_rows: int | None = None,
    order: str | None = None,
) -> int:
    """Stream the events matching ``where`` (fixed SQL fragments, ``?`` parameters) to ``dest`` (stdout when
    None): jsonl as nested records, csv/tsv/parquet with ``EVENT_COLUMNS``; ``order`` is a fixed ORDER BY
    fragment (``queries.SORTS``), the store's event order by default. Returns the rows written."""
    select = "*" if fmt == "jsonl" else ", ".join(EVENT_COLUMNS)  # fixed identifiers
    by = f"{order} NULLS LAST, event_id" if order else EVENT_ORDER
    sql = f"SELECT {select} FROM events {where} ORDER BY {by}"  # noqa: S608 (fixed fragments)
    params = list(params)
    if limit:
        sql += " LIMIT ?"
        params.append(int(limit))
    if fmt == "jsonl":
        with text_output(dest) as fh:
            return write_jsonl(fh, event_records(con, arrow_batches(con, sql, params, batch_rows)))
    reader = arrow_batches(con, sql, params, batch_rows)
    if fmt == "parquet":
        if dest is None:
            raise EventwireError("EW101", "--format parquet needs --out FILE.parquet.")
        return write_parquet(dest, reader, reader.schema)
    with text_output(dest) as fh:
        rows = (r for chunk in _rows(reader) for r in chunk)
        return write_delimited(fh, EVENT_COLUMNS, rows, "," if fmt == "csv" else "\t")

"""Exports: one file per table in Parquet, CSV, JSONL, or a GDELT-like events TSV.

Rows are streamed in Arrow record batches to the end of each table, so exporting a large store does
not load it in memory; each file is written under a temporary name and moved into place when complete.
Table names come from the fixed ``TABLES`` allow-list; file paths never enter SQL. The writers and the
flat event columns are ``store.formats``'s, shared with the CLI listings and the API.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..errors import EventwireError
from .db import TABLES, Store
from .formats import (
    EVENT_COLUMNS,
    EVENT_ORDER,
    arrow_batches,
    check_format,
    event_records,
    text_output,
    write_delimited,
    write_jsonl,
    write_parquet,
)

FORMATS = ("parquet", "csv", "jsonl", "tsv")
# Data tables exported by default (runs/manifest are bookkeeping, exported only when asked).
DEFAULT_EXPORT = ("documents", "articles", "article_copies", "events", "evidence", "stories", "story_articles",
                  "rejects")  # fmt: skip
# GDELT-like flat event file: the flat event columns and the first source URL, one event a line.
TSV_COLUMNS = [*EVENT_COLUMNS, "source_url"]
_TSV_SQL = (
    "SELECT e.*, (SELECT min(url) FROM evidence v WHERE v.event_id = e.event_id) AS source_url "  # noqa: S608
    f"FROM events e WHERE merged_into IS NULL ORDER BY {EVENT_ORDER}"  # fixed fragments only
)


def export_tables(
    db: str, out: Path, fmt: str, tables: Sequence[str] | None = None, *, batch_rows: int | None = None
) -> list[tuple[str, int, Path]]:
    """Write each table to ``out/<table>.<ext>``; return (table, rows, path) per table."""
    fmt = check_format(fmt, FORMATS, "export")
    chosen = list(tables) if tables else list(DEFAULT_EXPORT)
    for t in chosen:
        if t not in TABLES:
            raise EventwireError("EW101", f"Unknown table {t!r}; choose from {', '.join(TABLES)}.")
    if fmt == "tsv" and "events" not in chosen:
        raise EventwireError("EW101", "--format tsv exports the events table only; add events to --tables.")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with Store.open(db, read_only=True) as store:
        for table in chosen:
            if fmt == "tsv" and table != "events":
                continue
            path = out / f"{table}.{fmt}"
            written.append((table, _export_one(store, table, fmt, path, batch_rows), path))
    return written


def _export_one(store: Store, table: str, fmt: str, path: Path, batch_rows: int | None) -> int:
    order = {"events": "event_id", "evidence": "event_id, mention_id", "articles": "article_id"}.get(
        table, "1"
    )
    sql = f"SELECT * FROM {table} ORDER BY {order}"  # noqa: S608 (allow-listed table, fixed order)
    if fmt == "tsv":
        sql = _TSV_SQL
    reader = arrow_batches(store.con, sql, (), batch_rows)
    if fmt == "parquet":
        return write_parquet(path, reader, reader.schema)
    with text_output(path) as fh:
        if fmt == "jsonl" and table == "events":  # event records (docs/outputs.md), evidence nested
            return write_jsonl(fh, event_records(store.con, reader))
        if fmt == "jsonl":
            return write_jsonl(fh, _pyrows(reader))
        columns = TSV_COLUMNS if fmt == "tsv" else reader.schema.names
        return write_delimited(fh, columns, _pyrows(reader), "\t" if fmt == "tsv" else ",")


def _pyrows(batches: Iterable[pa.RecordBatch]) -> Iterator[dict[str, Any]]:
    for batch in batches:
        yield from batch.to_pylist()

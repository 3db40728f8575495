"""Exports: one file per table in Parquet, CSV, JSONL, or a GDELT-like events TSV.

Rows are streamed in Arrow record batches, so exporting a large store does not load it in memory.
Table names come from the fixed ``TABLES`` allow-list; file paths never enter SQL.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from ..errors import EventwireError
from .db import TABLES, Store
from .queries import event_dict

FORMATS = ("parquet", "csv", "jsonl", "tsv")
# Data tables exported by default (runs/manifest are bookkeeping, exported only when asked).
DEFAULT_EXPORT = ("documents", "articles", "article_copies", "events", "evidence", "stories", "story_articles",
                  "rejects")  # fmt: skip
# Rows per Arrow batch when streaming a table out.
EXPORT_BATCH_ROWS = 50_000


def _batches(store: Store, sql: str, params: Sequence[Any] = ()) -> tuple[pa.Schema, Any]:
    reader = store.con.execute(sql, list(params)).fetch_record_batch(EXPORT_BATCH_ROWS)
    return reader.schema, reader


def export_tables(
    db: str, out: Path, fmt: str, tables: Sequence[str] | None = None
) -> list[tuple[str, int, Path]]:
    """Write each table to ``out/<table>.<ext>``; return (table, rows, path) per table."""
    fmt = fmt.lower()
    if fmt not in FORMATS:
        raise EventwireError("EW103", f"Unknown export format {fmt!r}; use one of {', '.join(FORMATS)}.")
    chosen = list(tables) if tables else list(DEFAULT_EXPORT)
    for t in chosen:
        if t not in TABLES:
            raise EventwireError("EW101", f"Unknown table {t!r}; choose from {', '.join(TABLES)}.")
    out.mkdir(parents=True, exist_ok=True)
    written = []
    with Store.open(db, read_only=True) as store:
        for table in chosen:
            if fmt == "tsv" and table != "events":
                continue
            path = out / f"{table}.{fmt}"
            written.append((table, _export_one(store, table, fmt, path), path))
    return written


def _export_one(store: Store, table: str, fmt: str, path: Path) -> int:
    order = {"events": "event_id", "evidence": "event_id, mention_id", "articles": "article_id"}.get(
        table, "1"
    )
    sql = f"SELECT * FROM {table} ORDER BY {order}"  # noqa: S608 (allow-listed table, fixed order)
    if fmt == "jsonl" and table == "events":
        return _events_jsonl(store, path)
    if fmt == "tsv":
        return _events_tsv(store, path)
    schema, reader = _batches(store, sql)
    n = 0
    if fmt == "parquet":
        with pq.ParquetWriter(path, schema) as writer:
            for batch in reader:
                writer.write_batch(batch)
                n += batch.num_rows
    elif fmt == "csv":
        with pacsv.CSVWriter(path, _csv_safe(schema)) as writer:
            for batch in reader:
                writer.write_batch(_stringify_nested(batch))
                n += batch.num_rows
    else:  # jsonl
        with open(path, "w", encoding="utf-8") as fh:
            for batch in reader:
                for row in batch.to_pylist():
                    fh.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                    n += 1
    return n


def _csv_safe(schema: pa.Schema) -> pa.Schema:
    return pa.schema([pa.field(f.name, pa.string()) if _nested(f.type) else f for f in schema])


def _nested(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_struct(t) or pa.types.is_map(t) or pa.types.is_large_list(t)


def _stringify_nested(batch: pa.RecordBatch) -> pa.RecordBatch:
    cols = []
    for f, col in zip(batch.schema, batch.columns, strict=True):
        if _nested(f.type):
            col = pa.array(
                [None if v is None else json.dumps(v, default=str) for v in col.to_pylist()], pa.string()
            )
        cols.append(col)
    return pa.RecordBatch.from_arrays(cols, schema=_csv_safe(batch.schema))


def _events_jsonl(store: Store, path: Path) -> int:
    """Events as DESIGN §4 records with their evidence nested."""
    n = 0
    with open(path, "w", encoding="utf-8") as fh:
        cur = store.con.execute("SELECT * FROM events ORDER BY event_id")
        cols = [d[0] for d in cur.description]
        while chunk := cur.fetchmany(5000):
            rows = [dict(zip(cols, r, strict=True)) for r in chunk]
            evid: dict[str, list[dict[str, Any]]] = {}
            for e in store.query(
                "SELECT * FROM evidence WHERE list_contains(?, event_id) ORDER BY published, article_id, char_start",
                [[r["event_id"] for r in rows]],
            ):
                evid.setdefault(e["event_id"], []).append(e)
            for r in rows:
                fh.write(
                    json.dumps(event_dict(r, evid.get(r["event_id"], [])), ensure_ascii=False, default=str)
                    + "\n"
                )
                n += 1
    return n


# GDELT-like flat event file: one event per line, tab-separated, with a header row.
TSV_COLUMNS = ["event_id", "date", "date_precision", "source_name", "source_country", "source_sector", "source_code",
               "target_name", "target_country", "target_sector", "target_code", "event_type", "mode", "modality",
               "cameo_code", "cameo_root", "quad_class", "goldstein", "num_mentions", "num_sources", "num_articles",
               "location_name", "location_country", "lat", "lon", "confidence", "story_id", "source_url"]  # fmt: skip


def _events_tsv(store: Store, path: Path) -> int:
    n = 0
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(TSV_COLUMNS)
        cur = store.con.execute(
            "SELECT e.*, (SELECT min(url) FROM evidence v WHERE v.event_id = e.event_id) AS source_url "
            "FROM events e WHERE merged_into IS NULL ORDER BY date NULLS LAST, event_id"
        )
        cols = [d[0] for d in cur.description]
        while chunk := cur.fetchmany(5000):
            for r in chunk:
                row = dict(zip(cols, r, strict=True))
                w.writerow(
                    ["" if row.get(c) is None else str(row.get(c)).replace("\t", " ") for c in TSV_COLUMNS]
                )
                n += 1
    return n


def write_events_parquet(store: Store, where: str, params: Sequence[Any], out: Path) -> int:
    """Write the filtered events (flat columns) to one Parquet file."""
    sql = f"SELECT * FROM events {where} ORDER BY date NULLS LAST, event_id"  # noqa: S608 (fixed fragments)
    schema, reader = _batches(store, sql, params)
    n = 0
    with pq.ParquetWriter(out, schema) as writer:
        for batch in reader:
            writer.write_batch(batch)
            n += batch.num_rows
    return n

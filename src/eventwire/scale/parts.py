"""Parquet parts: the per-document results of one input (or one chunk of a large input) on disk.

The Ray engine runs the per-document stages on many machines; each result is written to a *part*
file in a parts directory, and a completion *marker* (``<part>.done``) is written only after the
part is complete and fsynced. The driver then loads parts into DuckDB in canonical input order. A
killed run leaves at worst a part without a marker (ignored and rewritten) and never a marker
without its part, so a re-run knows exactly which inputs still need processing.

A part holds one row per item the reader produced for its input, in input order:

``seq``      position of the item in the input (0-based, over documents and rejects)
``kind``     ``doc`` (a processed document: a ``DocResult``), ``reject`` (a reading reject) or
             ``end`` (the ``InputDone`` marker after the input's last record)
``doc_id``   the document's content id (``doc`` rows), else null
``record``   record index inside the input (JSONL line, feed item, WARC record)
``payload``  the record as UTF-8 JSON (``Record.to_dict()``; events nested under their article id)

JSON keeps the part readable by any Parquet tool (DuckDB: ``SELECT json_extract_string(
decode(payload), '$.doc.url') FROM 'part.parquet'``) and round-trips every field exactly (floats
through ``repr``).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from ..records import Article, Document, InputDone, Reject, stable_id
from ..worker import DocResult

# Bump when the row layout or payload shape changes: parts written by another version are ignored
# (re-processed) rather than misread.
PART_FORMAT = 1
PART_SUFFIX = ".parquet"
MARKER_SUFFIX = ".done"
# Characters of the input's file name kept in a part's name, so a human listing the parts directory
# can tell which input a part belongs to; the hash prefix keeps names unique.
NAME_CHARS = 40

SCHEMA = pa.schema(
    [
        ("seq", pa.int64()),
        ("kind", pa.string()),
        ("doc_id", pa.string()),
        ("record", pa.int64()),
        ("payload", pa.large_binary()),
    ]
)

Item = Any  # DocResult | Reject | InputDone


# ----------------------------------------------------------------------------- names
def part_stem(input_path: str, chunk: int) -> str:
    """File stem of the part holding chunk ``chunk`` of ``input_path`` (unique per input and chunk)."""
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", os.path.basename(input_path.rstrip("/")) or "input")[:NAME_CHARS]
    return f"{stable_id(input_path)}-{base}-c{chunk:05d}"


def part_path(parts_dir: str | Path, input_path: str, chunk: int) -> Path:
    """Path of the part file for one chunk of one input."""
    return Path(parts_dir) / (part_stem(input_path, chunk) + PART_SUFFIX)


def marker_path(part: str | Path) -> Path:
    """Completion marker of a part file (``<part>.done``)."""
    return Path(str(part) + MARKER_SUFFIX)


# ----------------------------------------------------------------------------- encode / decode
def _json(obj: Any) -> bytes:
    # surrogatepass: text decoded from broken input can hold lone surrogates; written and read
    # back this way they come back as the same code points (a \\u escape would merge a pair of
    # them into one character).
    return json.dumps(obj, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")


def _unjson(data: bytes | str) -> Any:
    if isinstance(data, bytes):
        data = data.decode("utf-8", "surrogatepass")
    return json.loads(data)


# The DocResult fields a part carries. A field added to DocResult must be added here (and to
# encode/decode below): tests compare this tuple with the dataclass, so a new field cannot be
# dropped silently on the way through the cluster.
RESULT_FIELDS = ("doc", "articles", "rejects", "events", "vectors")


def encode_result(res: DocResult) -> bytes:
    """One DocResult as JSON: the document, its articles, its rejects, its events by article id and
    the article signatures (MinHash, lead embedding) computed with them."""
    return _json(
        {
            "doc": res.doc.to_dict(),
            "articles": [a.to_dict() for a in res.articles],
            "rejects": [r.to_dict() for r in res.rejects],
            "events": {aid: [e.to_dict() for e in evs] for aid, evs in res.events.items()},
            "vectors": {aid: [list(mh), list(emb)] for aid, (mh, emb) in res.vectors.items()},
        }
    )


def decode_result(payload: bytes) -> DocResult:
    """The DocResult encoded by ``encode_result`` (equal to the original, field for field)."""
    from ..stories.merge import event_from_dict

    d = _unjson(payload)
    return DocResult(
        doc=Document(**d["doc"]),
        articles=[Article(**a) for a in d["articles"]],
        rejects=[Reject(**r) for r in d["rejects"]],
        events={aid: [event_from_dict(e) for e in evs] for aid, evs in d["events"].items()},
        vectors={aid: (mh, emb) for aid, (mh, emb) in d.get("vectors", {}).items()},
    )


def encode_document(doc: Document) -> bytes:
    """A Document as JSON (how the Ray reader hands documents to the processing actors)."""
    return _json(doc.to_dict())


def decode_document(payload: bytes) -> Document:
    """The Document encoded by ``encode_document``."""
    return Document(**_unjson(payload))


def encode_item(seq: int, item: Item) -> dict[str, Any]:
    """One part row for a DocResult, a reading Reject or an InputDone marker."""
    if isinstance(item, DocResult):
        return {"seq": seq, "kind": "doc", "doc_id": item.doc.doc_id, "record": item.doc.record,
                "payload": encode_result(item)}  # fmt: skip
    if isinstance(item, Reject):
        return {
            "seq": seq,
            "kind": "reject",
            "doc_id": item.doc_id,
            "record": item.part,
            "payload": _json(item.to_dict()),
        }
    if isinstance(item, InputDone):
        return {
            "seq": seq,
            "kind": "end",
            "doc_id": None,
            "record": item.records,
            "payload": _json(item.to_dict()),
        }
    raise TypeError(f"cannot store a {type(item).__name__} in a part")


def decode_item(kind: str, payload: bytes) -> Item:
    """The record of one part row (``kind`` as written by ``encode_item``)."""
    if kind == "doc":
        return decode_result(payload)
    if kind == "reject":
        return Reject(**_unjson(payload))
    if kind == "end":
        return InputDone(**_unjson(payload))
    raise ValueError(f"unknown part row kind {kind!r}")


# ----------------------------------------------------------------------------- files
def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # some filesystems do not allow opening a directory; the rename still happened
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _write_atomic(target: Path, write: Any) -> None:
    """Write ``target`` through a temporary sibling, fsync it, then rename it into place."""
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
    _fsync_dir(target.parent)


def write_part_rows(path: str | Path, rows: Sequence[dict[str, Any]], meta: dict[str, Any]) -> None:
    """Write already-encoded part rows (sorted by ``seq``) to ``path`` atomically.

    ``meta`` (input, chunk, ...) is stored in the Parquet key-value metadata. The marker is not
    written here: call ``mark_done`` once the part is safely on disk.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = sorted(rows, key=lambda r: r["seq"])
    table = pa.Table.from_pylist([{k: r.get(k) for k in SCHEMA.names} for r in rows], schema=SCHEMA)
    table = table.replace_schema_metadata({"eventwire_part": _json({"format": PART_FORMAT, **meta})})
    _write_atomic(path, lambda fh: pq.write_table(table, fh, compression="zstd"))


def write_part(path: str | Path, items: Iterable[Item], meta: dict[str, Any] | None = None) -> None:
    """Write DocResults, reading Rejects and an InputDone (in input order) as one part file."""
    write_part_rows(path, [encode_item(i, it) for i, it in enumerate(items)], meta or {})


def read_part_rows(path: str | Path) -> list[dict[str, Any]]:
    """The encoded rows of a part, in ``seq`` order."""
    table = pq.read_table(path)
    rows = table.to_pylist()
    rows.sort(key=lambda r: r["seq"])
    return rows


def read_part(path: str | Path) -> list[Item]:
    """The DocResults, Rejects and InputDone of a part file, in input order."""
    return [decode_item(r["kind"], r["payload"]) for r in read_part_rows(path)]


def part_meta(path: str | Path) -> dict[str, Any]:
    """The metadata stored with a part by ``write_part_rows`` (empty if there is none)."""
    md = pq.read_schema(path).metadata or {}
    raw = md.get(b"eventwire_part")
    return _unjson(raw) if raw else {}


def mark_done(part: str | Path, info: dict[str, Any]) -> None:
    """Write the completion marker of a part (after the part itself is on disk)."""
    data = _json({"format": PART_FORMAT, **info})
    _write_atomic(marker_path(part), lambda fh: fh.write(data))


def read_marker(part: str | Path) -> dict[str, Any] | None:
    """The marker of a part, or None when the part is not complete (no marker, unreadable marker,
    marker of another part format, or the part file itself is gone)."""
    mpath = marker_path(part)
    try:
        info = _unjson(mpath.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(info, dict) or info.get("format") != PART_FORMAT or not Path(part).is_file():
        return None
    return info


def remove_part(part: str | Path) -> None:
    """Delete a part and its marker (the marker first, so a part is never marked but missing)."""
    for p in (marker_path(part), Path(part)):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def scan_markers(parts_dir: str | Path) -> dict[str, dict[int, dict[str, Any]]]:
    """Markers of every completed part in ``parts_dir``: input path -> chunk number -> marker.

    One directory listing for the whole run (a per-input glob would be quadratic in the number of
    inputs).
    """
    parts_dir = Path(parts_dir)
    out: dict[str, dict[int, dict[str, Any]]] = {}
    if not parts_dir.is_dir():
        return out
    for m in parts_dir.glob("*" + PART_SUFFIX + MARKER_SUFFIX):
        part = Path(str(m)[: -len(MARKER_SUFFIX)])
        info = read_marker(part)
        if info is not None and isinstance(info.get("input"), str) and isinstance(info.get("chunk"), int):
            out.setdefault(info["input"], {})[info["chunk"]] = info
    return out


def remove_stale_temporaries(parts_dir: str | Path) -> int:
    """Delete temporary files a killed writer left behind; return how many were removed."""
    parts_dir = Path(parts_dir)
    n = 0
    if parts_dir.is_dir():
        for p in parts_dir.glob("*.tmp-*"):
            try:
                p.unlink()
                n += 1
            except FileNotFoundError:
                pass
    return n

"""The Ray engine: ``eventwire ingest --engine ray [--address auto|ray://host:10001]``.

Three steps, each restartable:

1. **map** (Ray Data, on every node): a dataset of input paths; ``flat_map`` reads each input with
   the same reader the local engine uses (``ingest.iter_inputs``) into rows of documents, rejects and
   an end marker; ``map_batches`` with a pool of actors (each loads spaCy and the dictionaries once)
   runs ``worker.process_documents`` on the documents.
2. **parts** (driver): rows come back in whatever order the cluster finishes them; once every row
   of an input (or of one ``PART_RECORDS`` chunk of a large input) has arrived, the driver writes it
   as a Parquet part and then a completion marker (``scale.parts``).
3. **load** (driver, while the map is still running): parts are loaded in canonical input order (the
   order ``expand_inputs`` gives, the order the local engine commits in) through
   ``pipeline.write_results``, the same function the local engine uses, so the store gets the same
   rows and ids; then the global step (``merge.finalize``: stories, merging) runs once.

Resume: inputs the manifest records as complete and unchanged are not read; chunks that already
have a marker with the input's current fingerprint are not processed again (only loaded); documents
already stored are skipped by content id. Killing the run at any moment and re-running the same
command gives the store an uninterrupted run gives.

With ``--address`` the driver connects to an existing cluster (every node needs
``pip install 'eventwire[ray]'``); without it Ray starts in this process with ``--workers`` CPUs
(default: all cores of the machine).
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..errors import EventwireError
from ..options import Options
from ..pipeline import (
    SNAPSHOT_INTERVAL_S,
    IngestSummary,
    ProgressFn,
    finish_run,
    input_kind,
    mark_run_failed,
    publish,
    store_write_error,
    write_results,
)
from ..records import InputDone, Reject
from ..store import BatchCounts, Store
from ..worker import DocResult, process_documents, warm_worker
from . import parts as P

log = logging.getLogger(__name__)

PARTS_SUFFIX = ".parts"
# Records (documents + rejects) per part. A part is written by the driver once all its rows are
# back, and loaded in one piece, so this bounds the driver's memory per input in flight (~500
# news documents with their events are ~10-20 MB) while keeping the number of files of a
# CC-NEWS WARC (~40,000 records) in the tens.
PART_RECORDS = 500
# Documents per load transaction. Larger transactions are cheaper per row in DuckDB; a kill only
# loses the load of at most this many documents, which the parts on disk let a re-run redo.
LOAD_BATCH_DOCS = 256
# Inputs are grouped into read blocks of about this many bytes (one Ray read task each): small
# files share a task (a task per 2 KB file costs more in scheduling than in reading), a large
# WARC gets one of its own.
READ_BLOCK_BYTES = 8_000_000
# ... and never more than this many inputs per read task, so reading stays spread over the cluster
# (small blocks are bundled again into batches of ``batch_size`` documents for the actors).
READ_BLOCK_INPUTS = 8
# At least this many read blocks per actor (when there are that many inputs), so every actor of
# the pool gets work from the start.
MIN_BLOCKS_PER_ACTOR = 4
# CPU reservation of one processing actor. An actor keeps one core busy; reserving 0.9 rather than
# 1.0 leaves room for the light reader tasks to be scheduled next to a full actor pool (with 1.0
# on a 2-CPU machine the pool takes both CPUs and no reader can ever start).
ACTOR_CPUS = 0.9
# Seconds to wait for a TCP answer from --address before giving up (a cluster on a LAN answers in
# milliseconds; Ray's own retries would hang the command for minutes on a typo).
CONNECT_TIMEOUT_S = 5.0
# CPU reservation of a reader task (decoding, hashing, gunzip: a few % of the processing cost).
READ_CPUS = 0.1

ROW_SCHEMA = pa.schema(
    [
        ("input", pa.string()),
        ("chunk", pa.int64()),
        ("chunk_rows", pa.int64()),
        *[(f.name, f.type) for f in P.SCHEMA],
    ]
)


def default_parts_dir(db: str) -> Path:
    """Where the parts of store ``db`` go unless ``parts_dir`` is given: ``<db>.parts/``."""
    if db == ":memory:":
        raise EventwireError("EW101", "--engine ray needs a database file (--db PATH), not :memory:.")
    return Path(db + PARTS_SUFFIX)


# ----------------------------------------------------------------------------- Ray side
def read_rows(item: dict[str, Any], opts: Options) -> Iterator[dict[str, Any]]:
    """Rows of one input for the processing step (runs in a Ray task; also callable directly).

    Yields one row per document / reject / end marker, a chunk (``PART_RECORDS`` records) at a
    time, each row carrying its chunk's row count so the driver knows when a part is complete.
    Chunks listed in ``item["skip_chunks"]`` (already on disk) are read but not emitted.
    """
    from ..ingest import iter_inputs

    path: str = item["path"]  # the input's store_name: the key of its rows, parts and manifest row
    # the name to open: a non-UTF-8 file name travels as bytes (Arrow strings cannot hold it)
    fs_path = os.fsdecode(item["fs_path"]) if item.get("fs_path") else path
    skip = {int(c) for c in item.get("skip_chunks") or ()}
    # A feed URL's conditional-GET state comes from the driver (workers cannot open the store);
    # item links already stored are then found through the state's ``seen`` list, and any page
    # fetched again anyway is dropped at load time by its content id.
    state = json.loads(item["feed_state"]) if item.get("feed_state") else None
    buf: list[dict[str, Any]] = []
    seq = 0

    def flush(chunk: int) -> Iterator[dict[str, Any]]:
        if chunk not in skip:
            for row in buf:
                row["chunk_rows"] = len(buf)
                yield row
        buf.clear()

    refuse = {fs_path: item["refuse"]} if item.get("refuse") else {}  # see paths.outside_links
    for x in iter_inputs([fs_path], opts, feed_state=lambda _url: state, refuse=refuse):
        chunk = seq // PART_RECORDS
        if isinstance(x, InputDone):
            # the end row joins the last chunk (an input with no records gets a chunk of its own)
            chunk = (seq - 1) // PART_RECORDS if seq else 0
            # the reader names stdin and unmatched arguments itself; keep the driver's key
            done = InputDone(path, x.records, x.fingerprint, x.meta)
            buf.append({"input": path, "chunk": chunk, **P.encode_item(seq, done)})
            yield from flush(chunk)
            continue
        if buf and buf[0]["chunk"] != chunk:
            yield from flush(buf[0]["chunk"])
        if isinstance(x, Reject):
            buf.append({"input": path, "chunk": chunk, **P.encode_item(seq, x)})
        else:
            buf.append({"input": path, "chunk": chunk, "seq": seq, "kind": "doc", "doc_id": x.doc_id,
                        "record": x.record, "payload": P.encode_document(x)})  # fmt: skip
        seq += 1


class Processor:
    """A Ray actor: loads the models once, then codes batches of document rows."""

    def __init__(self, opts: Options):
        self.opts = opts
        # One core per actor (Ray schedules one actor per CPU): models loaded and thread pools sized once.
        warm_worker(os.cpu_count() or 1)

    def __call__(self, batch: pa.Table) -> pa.Table:
        """Replace each document row's payload by its processed DocResult."""
        return pa.Table.from_pylist(process_rows(batch.to_pylist(), self.opts), schema=ROW_SCHEMA)


def process_rows(rows: list[dict[str, Any]], opts: Options) -> list[dict[str, Any]]:
    """Run the per-document stages on the ``doc`` rows of a batch (other rows pass through)."""
    idx = [i for i, r in enumerate(rows) if r["kind"] == "doc"]
    if idx:
        results = process_documents([P.decode_document(rows[i]["payload"]) for i in idx], opts)
        for i, res in zip(idx, results, strict=True):
            rows[i]["payload"] = P.encode_result(res)
    return rows


# ----------------------------------------------------------------------------- driver side
@dataclass(slots=True)
class _Plan:
    """What the run does with one input: which chunks are already on disk, and its fingerprint."""

    path: str  # the input's store_name (its key in parts, markers and the manifest)
    fingerprint: str | None
    chunks: dict[int, dict[str, Any]] = field(default_factory=dict)  # valid markers by chunk
    feed_state: str | None = None  # JSON of Store.feed_state for a feed URL
    fs_path: str | None = None  # the name to open when it differs from ``path`` (a non-UTF-8 file name)
    refuse: str | None = None  # why it is not read (a link out of its input directory), if so

    def staged(self) -> list[int] | None:
        """All chunk numbers when every chunk has a marker (the last one says it is last), else None."""
        last = next((c for c, m in self.chunks.items() if m.get("last")), None)
        if last is None or any(c not in self.chunks for c in range(last + 1)):
            return None
        return list(range(last + 1))


class _Loader:
    """Loads complete parts into the store in canonical input order, like the local engine commits."""

    def __init__(self, store: Store, run_id: str, opts: Options, plans: list[_Plan], parts_dir: Path,
                 progress: ProgressFn | None):  # fmt: skip
        self.store, self.run_id, self.opts = store, run_id, opts
        self.plans, self.parts_dir, self.progress = plans, parts_dir, progress
        self.pos = 0
        self.counts = BatchCounts()
        self.skipped = 0
        self.seen: set[str] = set()
        self.tally: dict[str, list[int]] = {}  # per input: documents read, rejects, documents already stored
        self.results: list[DocResult] = []
        self.rejects: list[Reject] = []
        self.touched: dict[str, InputDone | None] = {}

    @property
    def finished(self) -> bool:
        return self.pos >= len(self.plans)

    def advance(self) -> None:
        """Load every input at the front of the order whose parts are all on disk."""
        while self.pos < len(self.plans):
            plan = self.plans[self.pos]
            chunks = plan.staged()
            if chunks is None:
                return
            for c in chunks:
                self._load_part(plan.path, P.part_path(self.parts_dir, plan.path, c))
            self.pos += 1
            if self.progress:
                self.progress("file", 1)

    def _load_part(self, path: str, part: Path) -> None:
        rows = P.read_part_rows(part)
        known = self.store.known_doc_ids(r["doc_id"] for r in rows if r["kind"] == "doc")
        tally = self.tally.setdefault(path, [0, 0, 0])
        self.touched.setdefault(path, None)
        n_docs = 0
        for r in rows:
            if r["kind"] == "reject":
                self.rejects.append(P.decode_item("reject", r["payload"]))
                tally[1] += 1
            elif r["kind"] == "end":
                self.touched[path] = P.decode_item("end", r["payload"])
            else:
                tally[0] += 1
                n_docs += 1
                if r["doc_id"] in known or r["doc_id"] in self.seen:
                    self.skipped += 1
                    tally[2] += 1
                    continue
                self.seen.add(r["doc_id"])
                res = P.decode_result(r["payload"])
                tally[1] += len(res.rejects)
                self.results.append(res)
        if self.progress and n_docs:
            self.progress("doc", n_docs)
        if len(self.results) >= LOAD_BATCH_DOCS:
            self.flush()

    def flush(self) -> None:
        """Commit the documents gathered so far with the manifest rows of the inputs they touch."""
        if not (self.results or self.rejects or self.touched):
            return
        rows = []
        for path, done in self.touched.items():
            t = self.tally[path]
            rows.append((path, input_kind(path), done.records if done else None, t[0], t[1], t[2],
                         "complete" if done else "partial", done.fingerprint if done else None,
                         done.meta if done else {}))  # fmt: skip
        self.counts.add(write_results(self.store, self.results, self.rejects, self.run_id, manifest=rows))
        self.results, self.rejects, self.touched = [], [], {}
        publish(self.store, min_interval_s=SNAPSHOT_INTERVAL_S)


class _Collector:
    """Gathers processed rows per (input, chunk) and writes each part once all its rows are back."""

    def __init__(self, parts_dir: Path, plans: dict[str, _Plan]):
        self.parts_dir = parts_dir
        self.plans = plans
        self.pending: dict[tuple[str, int], list[dict[str, Any]]] = {}
        self.written = 0

    def add(self, row: dict[str, Any]) -> bool:
        """Take one row; return True when it completed a part (written and marked)."""
        key = (row["input"], row["chunk"])
        rows = self.pending.setdefault(key, [])
        rows.append(row)
        if len(rows) < row["chunk_rows"]:
            return False
        del self.pending[key]
        path, chunk = key
        plan = self.plans[path]
        part = P.part_path(self.parts_dir, path, chunk)
        P.remove_part(part)  # an old marker must never describe the new file
        last = any(r["kind"] == "end" for r in rows)
        P.write_part_rows(part, rows, {"input": path, "chunk": chunk})
        P.mark_done(part, {"input": path, "chunk": chunk, "rows": len(rows), "last": last,
                           "fingerprint": plan.fingerprint})  # fmt: skip
        plan.chunks[chunk] = {"chunk": chunk, "last": last, "fingerprint": plan.fingerprint}
        self.written += 1
        return True


def _read_blocks(plans: Sequence[_Plan], n_actors: int) -> int:
    """Number of read tasks for the inputs to map (see READ_BLOCK_BYTES / READ_BLOCK_INPUTS)."""
    total = 0
    for plan in plans:
        try:
            total += os.stat(plan.fs_path or plan.path).st_size
        except OSError:
            pass
    by_size = -(-total // READ_BLOCK_BYTES)
    by_count = -(-len(plans) // READ_BLOCK_INPUTS)
    return max(1, min(len(plans), max(by_size, by_count, MIN_BLOCKS_PER_ACTOR * n_actors)))


@contextmanager
def ray_session(opts: Options) -> Iterator[Any]:
    """Connect to the cluster at ``opts.ray_address`` or start a local Ray with ``opts.workers`` CPUs
    (all cores when workers is 1); shut it down afterwards only if this call started it."""
    try:
        import ray
    except ImportError:
        raise EventwireError(
            "EW107",
            "--engine ray needs Ray: pip install 'eventwire[ray]' (and the same on every cluster node).",
        ) from None
    if ray.is_initialized():
        yield ray
        return
    if opts.ray_address:
        probe_address(opts.ray_address)
    kw: dict[str, Any] = {"include_dashboard": False, "logging_level": logging.WARNING, "log_to_driver": True}
    try:
        if opts.ray_address:
            ray.init(address=opts.ray_address, **kw)
        else:
            ray.init(num_cpus=opts.workers if opts.workers > 1 else os.cpu_count() or 1, **kw)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = opts.ray_address or "a local Ray instance"
        raise EventwireError("EW101", f"Cannot connect to {where}: {exc}. Check --address (auto, "
                             "or ray://HEAD:10001 for a remote cluster) and that the cluster is running.") from None  # fmt: skip
    try:
        yield ray
    finally:
        ray.shutdown()


def probe_address(address: str) -> None:
    """Fail fast on a cluster address nobody answers at (Ray itself retries for minutes).

    ``auto`` is left to Ray (it finds the cluster started on this machine or says there is none);
    ``HOST:PORT`` and ``ray://HOST:PORT`` must accept a TCP connection within
    ``CONNECT_TIMEOUT_S``. Raises EventwireError EW101 otherwise.
    """
    if address == "auto":
        return
    hostport = address.split("://", 1)[1] if "://" in address else address
    host, sep, port = hostport.rstrip("/").rpartition(":")
    if not sep or not port.isdigit():
        raise EventwireError("EW101", f"--address {address!r} is not auto, HOST:PORT or ray://HOST:PORT.")
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=CONNECT_TIMEOUT_S).close()
    except OSError as exc:
        raise EventwireError("EW101", f"No Ray cluster answers at {address} ({exc.strerror or exc}). Start one "
                             "with `ray start --head` or check the address (ray://HEAD:10001 for Ray Client, "
                             "HEAD:6379 on the cluster's own nodes).") from None  # fmt: skip


def actor_count(ray: Any, opts: Options) -> int:
    """Processing actors: ``--workers`` when given (> 1), else one per CPU of the cluster."""
    if opts.workers > 1:
        return opts.workers
    return max(1, int(ray.cluster_resources().get("CPU", 1)))


def _map(plans: list[_Plan], opts: Options, collector: _Collector, loader: _Loader) -> None:
    """Run the Ray Data map over the inputs of ``plans``, writing parts as they complete."""
    with ray_session(opts) as ray:
        import ray.data
        from ray.data import DataContext

        ctx = DataContext.get_current()
        ctx.enable_progress_bars = False
        ctx.print_on_execution_start = False
        ctx.enable_auto_log_stats = False
        logging.getLogger("ray.data").setLevel(logging.WARNING)
        items = [
            {
                "path": p.path,
                "fs_path": os.fsencode(p.fs_path or p.path),  # always bytes: one Arrow type
                "skip_chunks": sorted(p.chunks),
                "refuse": p.refuse or "",
                "feed_state": p.feed_state,
            }
            for p in plans
        ]
        n_actors = actor_count(ray, opts)
        ds = ray.data.from_items(items, override_num_blocks=_read_blocks(plans, n_actors))
        ds = ds.flat_map(read_rows, fn_kwargs={"opts": opts}, num_cpus=READ_CPUS)
        ds = ds.map_batches(
            Processor,
            fn_constructor_kwargs={"opts": opts},
            batch_size=opts.batch_size,
            batch_format="pyarrow",
            compute=ray.data.ActorPoolStrategy(size=n_actors),
            num_cpus=ACTOR_CPUS,
        )
        log.info("ray: %d inputs, %d actors", len(items), n_actors)
        for batch in ds.iter_batches(batch_size=None, batch_format="pyarrow"):
            completed = False
            for row in batch.to_pylist():
                completed |= collector.add(row)
            if completed:
                loader.advance()


def run_ingest_ray(
    inputs: Sequence[str],
    opts: Options,
    *,
    parts_dir: str | Path | None = None,
    keep_parts: bool = False,
    progress: ProgressFn | None = None,
    command: str = "ingest",
) -> IngestSummary:
    """Ingest ``inputs`` into ``opts.db`` with Ray; return the same summary as ``pipeline.run_ingest``.

    Parts go to ``parts_dir`` (default ``<db>.parts/``) and are deleted once their inputs are
    complete in the store, unless ``keep_parts``. The store ends up identical (same article, event
    and story ids) to a local run on the same inputs. Raises EventwireError for misuse (no input
    matched, stdin, unreadable or locked database, no Ray, unreachable cluster).
    """
    from ..ingest.paths import outside_links

    t0 = time.perf_counter()
    paths = _ray_inputs(inputs)
    pdir = Path(parts_dir) if parts_dir else default_parts_dir(opts.db)
    refuse = {} if opts.follow_symlinks else outside_links(inputs)
    store = Store.open(opts.db)
    run_id: str | None = None
    loader: _Loader | None = None
    publish_error: EventwireError | None = None
    try:
        plans = _plan_inputs(store, paths, refuse, pdir)
        run_id = store.begin_run(command, list(inputs), asdict(opts))
        loader = _Loader(store, run_id, opts, plans, pdir, progress)
        _map_and_load(loader, plans, opts, pdir)
        n_stories, events_total, publish_error = finish_run(store, run_id, loader.counts, files=len(paths))
        if not keep_parts:
            _clean_parts(pdir, store.complete_inputs())
    except BaseException as exc:
        mark_run_failed(store, run_id, loader.counts if loader else BatchCounts(), files=len(paths))
        coded = store_write_error(opts.db, exc)
        if coded is not None:
            raise coded from None
        raise
    finally:
        store.close()
    if publish_error is not None:  # the run is done and committed; readers would see an old state
        raise publish_error
    return IngestSummary(
        run_id=run_id,
        db=opts.db,
        files=len(paths),
        counts=loader.counts,
        skipped_documents=loader.skipped,
        stories=n_stories,
        seconds=time.perf_counter() - t0,
        events_total=events_total,
        skipped_inputs=len(paths) - len(plans),
    )


def _ray_inputs(inputs: Sequence[str]) -> list[str]:
    """The paths of ``inputs`` (``expand_inputs``); EW101 for stdin, which the cluster cannot read."""
    from ..ingest import expand_inputs
    from ..ingest.paths import STDIN

    paths = expand_inputs(inputs)
    if STDIN in paths:
        raise EventwireError("EW101", "--engine ray cannot read stdin (the cluster cannot see it); save it to a "
                             "file first, or use --engine local.")  # fmt: skip
    return paths


def _plan_inputs(store: Store, paths: Sequence[str], refuse: dict[str, str], pdir: Path) -> list[_Plan]:
    """A plan for every input to read (all but those the manifest records as complete and unchanged),
    with the chunks already in the parts directory ``pdir``."""
    from ..ingest import input_fingerprint
    from ..ingest.paths import store_name

    complete = store.complete_inputs()
    plans: list[_Plan] = []
    for p in paths:
        fp = input_fingerprint(p)
        key = store_name(p)
        if complete.get(key) and complete[key] == fp:
            continue
        state = store.feed_state(p) if input_kind(p) == "url" else None
        plans.append(_Plan(key, fp, feed_state=json.dumps(state, default=str) if state else None,
                           fs_path=p if key != p else None, refuse=refuse.get(p)))  # fmt: skip
    _reuse_parts(pdir, plans)
    return plans


def _reuse_parts(pdir: Path, plans: list[_Plan]) -> None:
    """Prepare the parts directory and give each plan the chunks an earlier run left for its current
    fingerprint (those are loaded, not processed again)."""
    pdir.mkdir(parents=True, exist_ok=True)
    P.remove_stale_temporaries(pdir)
    markers = P.scan_markers(pdir)
    for plan in plans:
        if plan.fingerprint is not None:  # stdin/URLs have no fingerprint: always read afresh
            plan.chunks = {c: m for c, m in markers.get(plan.path, {}).items()
                           if m.get("fingerprint") == plan.fingerprint}  # fmt: skip


def _map_and_load(loader: _Loader, plans: list[_Plan], opts: Options, pdir: Path) -> None:
    """Load what is on disk, map the rest on the cluster (loading as parts complete), and commit it all;
    EW301 when some input did not come back complete."""
    loader.advance()  # inputs fully processed by an earlier, killed run load without Ray
    to_map = [p for p in plans if p.staged() is None]
    if to_map:
        _map(to_map, opts, _Collector(pdir, {p.path: p for p in to_map}), loader)
        loader.advance()
        loader.flush()
    if not loader.finished:
        missing = [p.path for p in plans[loader.pos :] if p.staged() is None]
        raise EventwireError("EW301", f"{len(missing)} inputs came back incomplete from the cluster "
                             f"(first: {missing[0]}); re-run the same command to finish them.")  # fmt: skip
    loader.flush()


def _clean_parts(pdir: Path, complete: dict[str, str | None]) -> None:
    """Delete the parts of inputs the store holds completely, parts without a marker (never reused),
    and the directory when nothing is left."""
    marked: set[Path] = set()
    for path, chunks in P.scan_markers(pdir).items():
        for c in chunks:
            part = P.part_path(pdir, path, c)
            if path in complete:
                P.remove_part(part)
            else:
                marked.add(part)
    for part in pdir.glob("*" + P.PART_SUFFIX):
        if part not in marked:
            P.remove_part(part)
    try:
        pdir.rmdir()
    except OSError:  # not empty: parts of inputs still to finish stay for the next run
        pass

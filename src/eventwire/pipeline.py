"""The pipeline: ingest -> clean/split -> parse/actors/events -> store -> stories/merge.

``worker.process_documents`` is the per-document part (pure: records in, records out; it runs in the main
process, in a worker pool, or in Ray actors). ``run_ingest`` streams inputs through it in batches and
commits each batch in one transaction, so a crash loses at most the batch in flight and re-running
the same command completes the job without duplicates (documents already stored are skipped by
their content id). The global step (``finalize``: stories and event merging) runs once at the end.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from typing import Any

from .errors import EventwireError
from .options import Options
from .records import Article, Document, Event, InputDone, Reject
from .scale.local import Batch, make_engine
from .store import BatchCounts, Store
from .worker import DocResult

log = logging.getLogger(__name__)


@dataclass(slots=True)
class IngestSummary:
    run_id: str
    db: str
    files: int
    counts: BatchCounts
    skipped_documents: int  # documents already in the store (a re-ingest adds nothing)
    stories: int
    seconds: float
    events_total: int = 0
    skipped_inputs: int = 0  # inputs the manifest records as complete and unchanged (not re-read)

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "db": self.db,
            "files": self.files,
            "skipped_inputs": self.skipped_inputs,
            "documents": self.counts.documents,
            "skipped_documents": self.skipped_documents,
            "articles": self.counts.articles,
            "duplicates": self.counts.duplicates,
            "events": self.counts.events,
            "events_total": self.events_total,
            "stories": self.stories,
            "rejects": self.counts.rejects,
            "rejects_by_reason": dict(sorted(self.counts.rejects_by_reason.items())),
            "seconds": round(self.seconds, 2),
            "articles_per_second": round(self.counts.articles / self.seconds, 2) if self.seconds else None,
        }


def store_write_error(db: str, exc: BaseException) -> EventwireError | None:
    """The coded error for a write that failed under the store (disk full, I/O error, a transaction
    DuckDB had to abort because of one), or None when ``exc`` is something else."""
    import errno

    import duckdb

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EROFS):
        detail = exc.strerror or str(exc)
    elif isinstance(exc, duckdb.IOException | duckdb.TransactionException):
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    else:
        return None
    full = any(w in detail.lower() for w in ("no space", "disk full", "quota"))
    return EventwireError(
        "EW207",
        f"Writing to {db} failed{' because the disk is full' if full else ''} ({detail}). The batches "
        "committed before are safe and the one in flight was rolled back. "
        f"{'Free disk space' if full else 'Check the disk (space, permissions, hardware)'} "
        "and re-run the same command: it continues where this run stopped.",
    )


def mark_run_failed(store: Store, run_id: str | None, counts: BatchCounts, *, files: int) -> None:
    """Record an interrupted run as failed (both engines); never masks the error that ended the run."""
    if run_id is None:
        return
    try:
        store.end_run(run_id, counts, files=files, status="failed")
    except Exception:  # the store may be unusable; the original error matters more
        log.debug("could not mark run %s failed", run_id, exc_info=True)


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def write_results(
    store: Store,
    results: Sequence[DocResult],
    rejects: Sequence[Reject],
    run_id: str,
    *,
    manifest: Sequence[tuple[Any, ...]] = (),
) -> BatchCounts:
    """Store one batch atomically: documents, new articles, their event mentions, rejects, and
    the manifest rows of the inputs it touches (so the manifest never runs ahead of the data)."""
    from .stories.merge import write_mentions_many, write_signatures

    counts = BatchCounts()
    checked = [(res, *_valid_records(res)) for res in results]
    with store.transaction() as con:
        # documents and rejects go in bulk (one statement per table, not per row)
        store.write_rejects(
            con, [*rejects, *(r for res, _, _, bad in checked for r in [*res.rejects, *bad])], run_id, counts
        )
        fresh_lists = store.write_documents(
            con, [(res.doc, arts) for res, arts, _, _ in checked], run_id, counts
        )
        # mentions, signatures and manifest rows: one statement each for the whole batch
        mentions = []
        signatures = []
        for (res, _, events, _), fresh in zip(checked, fresh_lists, strict=True):
            for art in fresh:
                evs = events.get(art.article_id, [])
                mentions.append((art, evs))
                if art.article_id in res.vectors:
                    signatures.append((art, evs, res.vectors[art.article_id]))
        counts.events += write_mentions_many(con, mentions, run_id)
        write_signatures(con, signatures)
        store.write_manifests(con, manifest, run_id=run_id)
        for row in manifest:
            path, kind, status, meta = row[0], row[1], row[6], row[8]
            if kind == "url" and status == "complete" and meta:
                store.write_feed_state(con, path, meta, run_id)
    return counts


def _valid_records(res: DocResult) -> tuple[list[Article], dict[str, list[Event]], list[Reject]]:
    """Drop records that fail schema validation, turning each into a visible reject."""
    from .validate import article_problems, event_problems

    articles, events, bad = [], {}, []
    for art in res.articles:
        problems = article_problems(art.to_dict())
        if problems:
            bad.append(
                Reject(
                    res.doc.path,
                    art.part,
                    "internal",
                    "article failed validation: " + "; ".join(problems),
                    res.doc.doc_id,
                )
            )
            continue
        articles.append(art)
        kept = []
        for ev in res.events.get(art.article_id, []):
            problems = event_problems(ev.to_dict())
            if problems:
                bad.append(
                    Reject(
                        res.doc.path,
                        art.part,
                        "internal",
                        f"event {ev.event_id} failed validation: " + "; ".join(problems),
                        res.doc.doc_id,
                    )
                )
            else:
                kept.append(ev)
        events[art.article_id] = kept
    return articles, events, bad


ProgressFn = Callable[[str, int], None]  # (event, amount): "file" when an input is done, "doc" per document


def input_kind(path: str) -> str:
    if path == "<stdin>":
        return "stdin"
    if path.startswith(("http://", "https://")):
        return "url"
    return "file"


def run_ingest(
    inputs: Sequence[str],
    opts: Options,
    *,
    progress: ProgressFn | None = None,
    command: str = "ingest",
) -> IngestSummary:
    """Ingest inputs into the store at ``opts.db``; return the run summary.

    Resumable: inputs the manifest records as complete with an unchanged fingerprint are not
    read again, and documents already stored are skipped by content id, so re-running a killed
    command processes only what is missing. Returns normally when the batch ran, even with
    rejects; raises EventwireError only for misuse (no input matched, unreadable or locked
    database, bad option).
    """
    from .ingest import expand_inputs
    from .ingest.paths import outside_links

    t0 = time.perf_counter()
    paths = expand_inputs(inputs)
    # links out of a directory argument: known from the arguments, refused when read (outside_link)
    refuse = {} if opts.follow_symlinks else outside_links(inputs)
    store = Store.open(opts.db)
    counts = BatchCounts()
    run_id: str | None = None
    to_read = _inputs_to_read(store, paths)
    reading = _Reading(to_read, opts, store, refuse)
    publish_error: EventwireError | None = None
    try:
        run_id = store.begin_run(command, list(inputs), _options_dict(opts))
        _process_batches(store, opts, reading.batches(), run_id, counts, progress)
        n_stories, events_total, publish_error = finish_run(store, run_id, counts, files=len(paths))
    except BaseException as exc:
        mark_run_failed(store, run_id, counts, files=len(paths))
        coded = store_write_error(opts.db, exc)
        if coded is not None:
            log.debug("store write failed", exc_info=True)
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
        counts=counts,
        skipped_documents=reading.skipped,
        stories=n_stories,
        seconds=time.perf_counter() - t0,
        events_total=events_total,
        skipped_inputs=len(paths) - len(to_read),
    )


def _inputs_to_read(store: Store, paths: Sequence[str]) -> list[str]:
    """The inputs to read: all but those the manifest records as complete with an unchanged fingerprint."""
    from .ingest import input_fingerprint
    from .ingest.paths import store_name

    complete = store.complete_inputs()
    # the manifest knows an input by its store_name (a non-UTF-8 file name is stored escaped)
    return [p for p in paths if not ((fp := complete.get(store_name(p))) and fp == input_fingerprint(p))]


@dataclass(slots=True)
class _Reading:
    """The batches of the inputs to read, and how many documents were left out as already stored."""

    to_read: list[str]
    opts: Options
    store: Store
    refuse: dict[str, str]
    skipped: int = 0

    def batches(self) -> Iterator[Batch]:
        """Read, hash, and drop documents the store already has (in the main process)."""
        from .ingest import iter_inputs

        seen_in_run: set[str] = set()
        reader = iter_inputs(
            self.to_read, self.opts, feed_state=self.store.feed_state, known_urls=self.store.known_urls,
            refuse=self.refuse,
        )  # fmt: skip
        for chunk in batched(reader, self.opts.batch_size):
            batch, n_known = _batch_of(chunk, self.store, seen_in_run)
            self.skipped += n_known
            yield batch


def _process_batches(
    store: Store,
    opts: Options,
    batches: Iterator[Batch],
    run_id: str,
    counts: BatchCounts,
    progress: ProgressFn | None,
) -> None:
    """Run ``batches`` through the engine, commit each with its manifest rows, and report progress
    ("doc" per document, "file" each time the documents move on to another input)."""
    run_tally: dict[str, list[int]] = {}
    current_path: str | None = None
    with make_engine(opts) as engine:
        for batch, results in engine.run(batches):
            for res in results:  # rejects from cleaning/coding count against their input too
                batch.tally[res.doc.path][1] += len(res.rejects)
            rows = _manifest_rows(batch, run_tally)
            counts.add(write_results(store, results, batch.rejects, run_id, manifest=rows))
            publish(store, min_interval_s=SNAPSHOT_INTERVAL_S)
            if progress:
                for path in batch.paths:
                    if path != current_path:
                        if current_path is not None:
                            progress("file", 1)
                        current_path = path
                    progress("doc", 1)
    if progress and current_path is not None:
        progress("file", 1)


def finish_run(
    store: Store, run_id: str, counts: BatchCounts, *, files: int
) -> tuple[int, int, EventwireError | None]:
    """End a run whose batches are all committed (both engines): the global step (stories, merging), the
    run record, the final snapshot. Returns the stories, the events in the store and the publish error."""
    from .stories.merge import finalize

    n_stories = finalize(store, run_id)
    events_total = store.count("events")
    store.end_run(run_id, counts, files=files, stories=n_stories)
    return n_stories, events_total, publish(store)


def _batch_of(chunk: list[Any], store: Store, seen_in_run: set[str]) -> tuple[Batch, int]:
    """One batch from a chunk of what the readers yield (documents, rejects, input-done markers), with the
    per-input tallies; documents the store or this run already has are left out. Returns the batch and how
    many documents were left out."""
    batch = Batch([])
    docs: list[Document] = []
    for x in chunk:
        if isinstance(x, InputDone):
            batch.done.append(x)
            continue
        path = x.path if isinstance(x, Document) else x.input
        batch.paths.append(path)
        tally = batch.tally.setdefault(path, [0, 0, 0])
        if isinstance(x, Reject):
            batch.rejects.append(x)
            tally[1] += 1
        else:
            docs.append(x)
            tally[0] += 1
    known = store.known_doc_ids(d.doc_id for d in docs)
    skipped = 0
    for d in docs:
        if d.doc_id in known or d.doc_id in seen_in_run:
            skipped += 1
            batch.tally[d.path][2] += 1
            continue
        seen_in_run.add(d.doc_id)
        batch.docs.append(d)
    return batch, skipped


def _manifest_rows(batch: Batch, run_tally: dict[str, list[int]]) -> list[tuple[Any, ...]]:
    """Add a processed batch's per-input tallies to the run's, and return the manifest rows of the inputs it
    touched: complete when the batch holds an input's last record, else partial."""
    done = {d.input: d for d in batch.done}
    rows = []
    for path in dict.fromkeys([*batch.tally, *done]):
        t = run_tally.setdefault(path, [0, 0, 0])
        for i, v in enumerate(batch.tally.get(path, (0, 0, 0))):
            t[i] += v
        d = done.get(path)
        rows.append(
            (
                path,
                input_kind(path),
                d.records if d else None,
                t[0],
                t[1],
                t[2],
                "complete" if d else "partial",
                d.fingerprint if d else None,
                d.meta if d else {},
            )
        )
    return rows


# During a long ingest, readers (the API) see a fresh snapshot at most this often; a snapshot
# copies the store, so publishing after every batch would dominate the run time.
SNAPSHOT_INTERVAL_S = 60.0


def publish(store: Store, min_interval_s: float | None = None) -> EventwireError | None:
    """Publish the read snapshot the API serves (see store/snapshot.py).

    The data is committed either way, so a failure (EW206 disk full, ...) never stops the ingest: a
    periodic publish logs it and tries again later; the final one (``min_interval_s`` None) returns it,
    and the engine raises it once the store is closed, so the command exits with the coded error.
    """
    if store.path == ":memory:":
        return None
    from .store.snapshot import maybe_publish, publish_snapshot

    try:
        if min_interval_s is None:
            publish_snapshot(store)
        else:
            maybe_publish(store, min_interval_s)
    except EventwireError as exc:
        if min_interval_s is None:
            return exc
        log.warning("could not publish the read snapshot (%s: %s); trying again later", exc.code, exc.message)
    return None


def _options_dict(opts: Options) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(opts)

"""The pipeline: ingest -> clean/split -> parse/actors/events -> store -> stories/merge.

``process_documents`` is the per-document part (pure: records in, records out; it runs in the main
process, in a worker pool, or in Ray actors). ``run_ingest`` streams inputs through it in batches and
commits each batch in one transaction, so a crash loses at most the batch in flight and re-running
the same command completes the job without duplicates (documents already stored are skipped by
their content id). The global step (``finalize``: stories and event merging) runs once at the end.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from .options import Options
from .records import Article, Document, Event, Reject
from .store import BatchCounts, Store

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DocResult:
    """What the per-document stages produce for one Document."""

    doc: Document
    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    events: dict[str, list[Event]] = field(default_factory=dict)  # article_id -> coded events


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

    def to_dict(self) -> dict[str, Any]:
        return {
            "run_id": self.run_id,
            "db": self.db,
            "files": self.files,
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


def _internal_reject(doc: Document, exc: BaseException) -> Reject:
    return Reject(
        input=doc.path,
        part=doc.record,
        reason="internal",
        message=f"unexpected {type(exc).__name__} while processing this document: {exc}. "
        "The batch went on; please report this input.",
        doc_id=doc.doc_id,
    )


def process_documents(docs: Sequence[Document], opts: Options) -> list[DocResult]:
    """Clean, split and code a batch of documents. Never raises for a bad document."""
    from .clean import clean_document
    from .events import code_articles

    results: list[DocResult] = []
    for doc in docs:
        try:
            cleaned = clean_document(doc, opts)
            results.append(DocResult(doc, list(cleaned.articles), list(cleaned.rejects)))
        except Exception as exc:  # last resort: a cleaning bug must not stop the batch
            log.exception("cleaning failed for %s#%s", doc.path, doc.record)
            results.append(DocResult(doc, [], [_internal_reject(doc, exc)]))
    articles = [a for r in results for a in r.articles]
    if not articles:
        return results
    try:
        coded = code_articles(articles)
    except Exception:
        # Isolate the article that breaks the coder so the others keep their events.
        log.exception("coding failed for a batch; retrying article by article")
        coded = []
        for art in articles:
            try:
                coded.append(code_articles([art])[0])
            except Exception as exc:
                log.exception("coding failed for article %s", art.article_id)
                owner = next(r for r in results if art in r.articles)
                owner.rejects.append(
                    Reject(owner.doc.path, art.part, "internal", f"event coding failed: {exc}", owner.doc.doc_id)
                )
                coded.append([])
    by_id = {a.article_id: evs for a, evs in zip(articles, coded, strict=True)}
    for r in results:
        r.events = {a.article_id: by_id.get(a.article_id, []) for a in r.articles}
    return results


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def write_results(store: Store, results: Sequence[DocResult], rejects: Sequence[Reject], run_id: str) -> BatchCounts:
    """Store one batch atomically: documents, new articles, their event mentions, rejects."""
    from .merge import write_mentions

    counts = BatchCounts()
    with store.transaction() as con:
        for rej in rejects:
            store.write_reject(con, rej, run_id, counts)
        for res in results:
            fresh = store.write_document(con, res.doc, res.articles, run_id, counts)
            for rej in res.rejects:
                store.write_reject(con, rej, run_id, counts)
            for art in fresh:
                counts.events += write_mentions(con, art, res.events.get(art.article_id, []), run_id)
    return counts


ProgressFn = Callable[[str, int], None]  # (event, amount): "file" when an input is done, "doc" per document


def run_ingest(
    inputs: Sequence[str],
    opts: Options,
    *,
    progress: ProgressFn | None = None,
    command: str = "ingest",
) -> IngestSummary:
    """Ingest inputs into the store at ``opts.db``; return the run summary.

    Returns normally when the batch ran, even with rejects; raises EventwireError only for misuse
    (no input matched, unreadable or locked database, bad option).
    """
    from .ingest import expand_inputs, iter_documents
    from .merge import finalize
    from .scale.local import Batch, make_engine

    t0 = time.perf_counter()
    paths = expand_inputs(inputs)
    store = Store.open(opts.db)
    counts = BatchCounts()
    run_id: str | None = None
    skipped = 0

    def prepared() -> Iterator[Batch]:
        # Runs in the main process: read, hash, and drop documents the store already has.
        nonlocal skipped
        seen_in_run: set[str] = set()
        for chunk in batched(iter_documents(paths, opts), opts.batch_size):
            rejects = [x for x in chunk if isinstance(x, Reject)]
            docs = [x for x in chunk if isinstance(x, Document)]
            known = store.known_doc_ids(d.doc_id for d in docs)
            todo = []
            for d in docs:
                if d.doc_id in known or d.doc_id in seen_in_run:
                    skipped += 1
                    continue
                seen_in_run.add(d.doc_id)
                todo.append(d)
            yield Batch(todo, rejects, [x.path if isinstance(x, Document) else x.input for x in chunk])

    try:
        run_id = store.begin_run(command, list(inputs), _options_dict(opts))
        current_path: str | None = None
        with make_engine(opts) as engine:
            for batch, results in engine.run(prepared()):
                counts.add(write_results(store, results, batch.rejects, run_id))
                if progress:
                    for path in batch.paths:
                        if path != current_path:
                            if current_path is not None:
                                progress("file", 1)
                            current_path = path
                        progress("doc", 1)
        if progress and current_path is not None:
            progress("file", 1)
        n_stories = finalize(store, run_id)
        events_total = store.count("events")
        store.end_run(run_id, counts, files=len(paths), stories=n_stories)
    except BaseException:
        if run_id is not None:
            try:
                store.end_run(run_id, counts, files=len(paths), status="failed")
            except Exception:  # the store may be unusable; the original error matters more
                log.debug("could not mark run %s failed", run_id, exc_info=True)
        raise
    finally:
        store.close()
    return IngestSummary(
        run_id=run_id,
        db=opts.db,
        files=len(paths),
        counts=counts,
        skipped_documents=skipped,
        stories=n_stories,
        seconds=time.perf_counter() - t0,
        events_total=events_total,
    )


def _options_dict(opts: Options) -> dict[str, Any]:
    from dataclasses import asdict

    return asdict(opts)

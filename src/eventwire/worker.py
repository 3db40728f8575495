"""The per-document part of the pipeline, as it runs in a worker: clean, split, code and sign a batch of
documents (``process_documents``), with a time limit per document and a warm-up before the first batch.

Pure: records in, records out, no store. It runs in the main process, in the local worker pool
(``scale/local.py``) or in Ray actors (``scale/ray_engine.py``); ``pipeline.run_ingest`` drives it through
one of those engines and stores what it returns. Both the pipeline and the engines import this module,
never each other's internals.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from .options import Options
from .records import Article, Document, Event, Reject

log = logging.getLogger(__name__)


@dataclass(slots=True)
class DocResult:
    """What the per-document stages produce for one Document."""

    doc: Document
    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    events: dict[str, list[Event]] = field(default_factory=dict)  # article_id -> coded events
    # article_id -> (MinHash, lead embedding), computed here so the global step does not have to
    vectors: dict[str, tuple[list[int], list[float]]] = field(default_factory=dict)


def _internal_reject(doc: Document, exc: BaseException) -> Reject:
    return Reject(
        input=doc.path,
        part=doc.record,
        reason="internal",
        message=f"unexpected {type(exc).__name__} while processing this document: {exc}. "
        "The batch went on; please report this input.",
        doc_id=doc.doc_id,
    )


class DocumentTimeout(BaseException):
    """Raised inside a worker when one document exceeds ``Options.doc_timeout``.

    A BaseException, like KeyboardInterrupt, so that the stages' own last-resort
    ``except Exception`` handlers do not turn a timeout into an ``internal`` reject.
    """


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt Python-level work after ``seconds`` (SIGALRM; main thread of a process only).

    This catches runaway Python loops in cleaning or coding. Work stuck inside C code that never
    returns to the interpreter is caught by the worker pool's watchdog instead (scale/local.py).
    """
    if (
        seconds <= 0
        or threading.current_thread() is not threading.main_thread()
        or not hasattr(signal, "setitimer")
    ):
        yield
        return

    def _raise(signum: int, frame: Any) -> None:
        raise DocumentTimeout(f"exceeded the per-document time limit of {seconds:g}s")

    previous = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timeout_reject(doc: Document, seconds: float) -> Reject:
    return Reject(
        doc.path,
        doc.record,
        "timeout",
        f"processing took longer than the per-document limit of {seconds:g}s (doc_timeout); "
        "the rest of the batch went on. Raise doc_timeout for very long documents.",
        doc.doc_id,
    )


def warm_worker(workers: int = 1) -> None:
    """Prepare a worker process before its first batch: BLAS/OpenMP thread pools sized to the worker's share of
    the cores, then the spaCy model, the sentence model and the dictionaries loaded by coding one sentence.

    Model loading then happens outside any document's time limit, and ``workers`` processes with one
    thread each do not oversubscribe the cores (BLAS/OpenMP would otherwise start a thread per core in every
    worker; the sentence model runs on one thread unless ``EVENTWIRE_MODEL_THREADS`` says otherwise). The story
    vectors need no model (hashed words; the stop-word list loads with the first article)."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    share = str(max(1, cores // max(1, workers)))
    os.environ.setdefault("OMP_NUM_THREADS", share)
    from .events import extract

    extract("Pakistan and Russia signed an agreement in Moscow on Thursday.", published="2025-11-27")


def process_documents(docs: Sequence[Document], opts: Options) -> list[DocResult]:
    """Clean, split and code a batch of documents. Never raises for a bad document.

    Each document gets at most ``opts.doc_timeout`` seconds (cleaning + coding); a document over
    the limit becomes a ``timeout`` reject and the others keep their results.
    """
    from .clean import clean_document
    from .events import code_articles

    results: list[DocResult] = []
    for doc in docs:
        try:
            with time_limit(opts.doc_timeout):
                cleaned = clean_document(doc, opts)
            results.append(DocResult(doc, list(cleaned.articles), list(cleaned.rejects)))
        except DocumentTimeout:
            results.append(DocResult(doc, [], [timeout_reject(doc, opts.doc_timeout)]))
        except Exception as exc:  # last resort: a cleaning bug must not stop the batch
            log.exception("cleaning failed for %s#%s", doc.path, doc.record)
            results.append(DocResult(doc, [], [_internal_reject(doc, exc)]))
    articles = [a for r in results for a in r.articles]
    if not articles:
        return results
    try:
        # The batch shares one limit: as many document-limits as it has documents.
        with time_limit(opts.doc_timeout * max(1, len(docs))):
            coded = code_articles(articles)
    except (Exception, DocumentTimeout):
        # Isolate the article that breaks (or stalls) the coder so the others keep their events.
        log.warning("coding failed for a batch; retrying article by article", exc_info=True)
        coded = []
        for art in articles:
            owner = next(r for r in results if art in r.articles)
            try:
                with time_limit(opts.doc_timeout):
                    coded.append(code_articles([art])[0])
            except DocumentTimeout:
                owner.rejects.append(timeout_reject(owner.doc, opts.doc_timeout))
                coded.append([])
            except Exception as exc:
                log.exception("coding failed for article %s", art.article_id)
                owner.rejects.append(
                    Reject(
                        owner.doc.path, art.part, "internal", f"event coding failed: {exc}", owner.doc.doc_id
                    )
                )
                coded.append([])
    # Pair events with their article by position: two documents can hold the same article text
    # (an exact copy), and each copy's events carry its own outlet and URL as evidence.
    it = iter(coded)
    for r in results:
        r.events = {a.article_id: next(it) for a in r.articles}
    _add_vectors(results, articles)
    return results


def _add_vectors(results: list[DocResult], articles: list[Article]) -> None:
    from .stories.signatures import article_vectors

    try:
        vectors = article_vectors(articles)
    except Exception:  # the global step computes any missing signature itself
        log.warning("could not compute article signatures in the worker", exc_info=True)
        return
    by_id = dict(zip((a.article_id for a in articles), vectors, strict=True))
    for r in results:
        r.vectors = {a.article_id: by_id[a.article_id] for a in r.articles}

"""Local engines: run the per-document stages in this process or in a pool of worker processes.

An engine turns a stream of prepared ``Batch``es into ``(batch, results)`` pairs, in input order, so
the writer commits batches in a deterministic order whatever the parallelism. The pool keeps a
bounded number of batches in flight (memory stays flat however large the corpus) and loads the
spaCy model once per worker.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records import Document, InputDone, Reject
from ..worker import DocResult, process_documents, timeout_reject, warm_worker

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from ..options import Options

# Seconds a fresh worker may spend loading spaCy, the lexicons and the embedding model before its
# first batch's deadline starts to count (measured ~5-10 s on 2 cores; 4x head-room for a busy box).
WORKER_START_GRACE_S = 40.0
# Added to every deadline: scheduling jitter and result transfer, never a reason to kill a worker.
WATCHDOG_SLACK_S = 5.0

# Batches in flight per worker: 2 keeps every worker busy while the writer commits the previous
# batch, without buffering more of the corpus than that in memory.
IN_FLIGHT_PER_WORKER = 2


@dataclass(slots=True)
class Batch:
    docs: list[Document]  # documents to process (already de-duplicated against the store)
    rejects: list[Reject] = field(default_factory=list)  # rejects from reading
    paths: list[str] = field(default_factory=list)  # input path of every item read (for progress)
    done: list[InputDone] = field(default_factory=list)  # inputs whose last record is in this batch
    # per input path: [documents read, rejects, documents already stored]
    tally: dict[str, list[int]] = field(default_factory=dict)


class InProcessEngine:
    """Runs the stages in the calling process (``--workers 1``)."""

    def __init__(self, opts: Options):
        self.opts = opts

    def run(self, batches: Iterator[Batch]) -> Iterator[tuple[Batch, list[DocResult]]]:
        for batch in batches:
            yield batch, process_documents(batch.docs, self.opts) if batch.docs else []

    def __enter__(self) -> InProcessEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


_WORKER_OPTS: Options | None = None


def _init_worker(opts: Options) -> None:
    global _WORKER_OPTS
    _WORKER_OPTS = opts
    warm_worker(opts.workers)  # models loaded and thread pools sized once, before the first batch arrives


def _work(docs: list[Document]) -> list[DocResult]:
    assert _WORKER_OPTS is not None
    return process_documents(docs, _WORKER_OPTS)


class PoolEngine:
    """A pool of worker processes (``--workers N``); results come back in input order.

    A watchdog guards against documents that hang inside C code (where the in-worker alarm cannot
    reach) or kill their worker (segfault, out-of-memory): when a batch overruns its deadline or
    the pool breaks, the pool is replaced, the batch is re-run one document at a time to find the
    culprit (rejected as ``timeout`` or ``internal``), and the batches in flight are resubmitted.
    """

    def __init__(
        self,
        opts: Options,
        *,
        work: Callable[[list[Document]], list[DocResult]] | None = None,
        init: Callable[[Options], None] | None = None,
    ):
        # work/init are module-level functions (picklable by name); the defaults run the pipeline.
        self.opts = opts
        self.work = work or _work
        self.init = init or _init_worker
        self.pool = self._new_pool()
        self.restarts = 0

    def _new_pool(self) -> ProcessPoolExecutor:
        ctx = mp.get_context("spawn")  # no fork: the parent holds a DuckDB connection and threads
        self.started = time.monotonic()
        return ProcessPoolExecutor(
            max_workers=self.opts.workers, mp_context=ctx, initializer=self.init, initargs=(self.opts,)
        )

    def _restart(self) -> None:
        for proc in list(getattr(self.pool, "_processes", {}).values()):
            proc.kill()  # the only way to stop a worker stuck in C code
        self.pool.shutdown(wait=False, cancel_futures=True)
        self.pool = self._new_pool()
        self.restarts += 1

    def _deadline(self, n_docs: int) -> float:
        # A fresh pool first loads the model in every worker: allow for it once.
        grace = WORKER_START_GRACE_S if time.monotonic() - self.started < WORKER_START_GRACE_S else 0.0
        return self.opts.doc_timeout * max(1, n_docs) + grace + WATCHDOG_SLACK_S

    def _submit(self, docs: list[Document]) -> Future[list[DocResult]]:
        """Submit one batch; a pool that broke since the last call (a worker died while idle, its pipes closed
        under the spawn of a replacement: ``OSError: handle is closed``) is replaced and the batch submitted again."""
        try:
            return self.pool.submit(self.work, docs)
        except (BrokenProcessPool, OSError, RuntimeError) as exc:
            log.warning("worker pool unusable on submit (%s); replacing it", exc)
            self._restart()
            return self.pool.submit(self.work, docs)

    def run(self, batches: Iterator[Batch]) -> Iterator[tuple[Batch, list[DocResult]]]:
        window: deque[tuple[Batch, Future[list[DocResult]] | None]] = deque()
        limit = IN_FLIGHT_PER_WORKER * self.opts.workers
        for batch in batches:
            window.append((batch, self._submit(batch.docs) if batch.docs else None))
            while len(window) >= limit:
                yield self._collect(window)
        while window:
            yield self._collect(window)

    def _collect(
        self, window: deque[tuple[Batch, Future[list[DocResult]] | None]]
    ) -> tuple[Batch, list[DocResult]]:
        batch, fut = window.popleft()
        if fut is None:
            return batch, []
        timed_out = False
        try:
            return batch, fut.result(timeout=self._deadline(len(batch.docs)))
        except (FutureTimeout, BrokenProcessPool) as exc:
            timed_out = isinstance(exc, FutureTimeout)
            log.warning(
                "worker pool %s on a batch of %d documents; isolating the culprit",
                "timed out" if timed_out else "broke",
                len(batch.docs),
            )
        self._restart()
        if timed_out and len(batch.docs) == 1:
            # A lone document that overran its own deadline is the culprit: running it again would
            # only double the time it costs (a broken pool may come from another batch's document).
            results = [DocResult(batch.docs[0], [], [timeout_reject(batch.docs[0], self.opts.doc_timeout)])]
        else:
            results = self._isolate(batch.docs)
        pending = [b for b, _ in window]
        window.clear()
        for b in pending:  # the restart lost the batches in flight: submit them again
            window.append((b, self._submit(b.docs) if b.docs else None))
        return batch, results

    def _isolate(self, docs: list[Document]) -> list[DocResult]:
        out: list[DocResult] = []
        for doc in docs:
            fut = self._submit([doc])
            try:
                out += fut.result(timeout=self._deadline(1))
                continue
            except FutureTimeout:
                rej = timeout_reject(doc, self.opts.doc_timeout)
            except BrokenProcessPool:
                rej = Reject(
                    doc.path,
                    doc.record,
                    "internal",
                    "the worker process died while processing this document (crash or out of memory); "
                    "the rest of the batch went on. Please report this input.",
                    doc.doc_id,
                )
            self._restart()
            out.append(DocResult(doc, [], [rej]))
        return out

    def __enter__(self) -> PoolEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def make_engine(opts: Options) -> InProcessEngine | PoolEngine:
    """The engine for ``opts.workers``."""
    return PoolEngine(opts) if opts.workers > 1 else InProcessEngine(opts)

"""Local engines: run the per-document stages in this process or in a pool of worker processes.

An engine turns a stream of prepared ``Batch``es into ``(batch, results)`` pairs, in input order, so
the writer commits batches in a deterministic order whatever the parallelism. The pool keeps a
bounded number of batches in flight (memory stays flat however large the corpus) and loads the
spaCy model once per worker.
"""

from __future__ import annotations

import multiprocessing as mp
import os
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..records import Document, InputDone, Reject

if TYPE_CHECKING:
    from ..options import Options
    from ..pipeline import DocResult

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
        from ..pipeline import process_documents

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
    # One thread per worker process: parallelism comes from the processes; BLAS/OpenMP threads
    # inside each would oversubscribe the cores.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from ..events import code_articles

    code_articles([])  # load the model and lexicons once, before the first batch arrives


def _work(docs: list[Document]) -> list[DocResult]:
    from ..pipeline import process_documents

    assert _WORKER_OPTS is not None
    return process_documents(docs, _WORKER_OPTS)


class PoolEngine:
    """A pool of worker processes (``--workers N``); results come back in input order."""

    def __init__(self, opts: Options):
        self.opts = opts
        ctx = mp.get_context("spawn")  # no fork: the parent holds a DuckDB connection and threads
        self.pool = ProcessPoolExecutor(
            max_workers=opts.workers, mp_context=ctx, initializer=_init_worker, initargs=(opts,)
        )

    def run(self, batches: Iterator[Batch]) -> Iterator[tuple[Batch, list[DocResult]]]:
        window: deque[tuple[Batch, Future[list[DocResult]] | None]] = deque()
        limit = IN_FLIGHT_PER_WORKER * self.opts.workers
        for batch in batches:
            fut = self.pool.submit(_work, batch.docs) if batch.docs else None
            window.append((batch, fut))
            while len(window) >= limit:
                yield self._collect(window.popleft())
        while window:
            yield self._collect(window.popleft())

    @staticmethod
    def _collect(item: tuple[Batch, Future[list[DocResult]] | None]) -> tuple[Batch, list[DocResult]]:
        batch, fut = item
        return batch, fut.result() if fut is not None else []

    def __enter__(self) -> PoolEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def make_engine(opts: Options) -> InProcessEngine | PoolEngine:
    """The engine for ``opts.workers``."""
    return PoolEngine(opts) if opts.workers > 1 else InProcessEngine(opts)

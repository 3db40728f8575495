"""Worker pool watchdog and per-document time limits: a hung or crashing document becomes a
reject with a reason; the rest of the batch and the batches in flight still complete."""

from __future__ import annotations

import os
import signal
import time

import pytest

from eventwire.options import Options
from eventwire.records import Document
from eventwire.scale.local import Batch, PoolEngine
from eventwire.worker import DocResult, DocumentTimeout, process_documents, time_limit

# serial: worker-pool deadlines and watchdog timings: a busy CPU makes a document look hung
pytestmark = pytest.mark.serial


def _doc(i: int, content: str = "ok") -> Document:
    return Document(doc_id=f"{i:016x}", path=f"in{i}.txt", record=0, kind="text", content=content)


def noop_init(opts: Options) -> None:
    return None


def misbehaving_work(docs: list[Document]) -> list[DocResult]:
    """Stand-in for the pipeline: 'hang' ignores signals and sleeps (like C code that never returns
    to the interpreter), 'crash' kills its own process; anything else succeeds."""
    out = []
    for d in docs:
        if d.content == "hang":
            signal.signal(signal.SIGALRM, signal.SIG_IGN)
            time.sleep(3600)
        if d.content == "crash":
            os._exit(3)
        out.append(DocResult(d))
    return out


def test_pool_watchdog_rejects_hung_and_crashing_documents():
    opts = Options(workers=2, doc_timeout=1.0)
    batches = [
        Batch([_doc(0), _doc(1, "hang"), _doc(2)]),
        Batch([_doc(3), _doc(4, "crash"), _doc(5)]),
        Batch([_doc(6), _doc(7)]),
    ]
    t0 = time.monotonic()
    with PoolEngine(opts, work=misbehaving_work, init=noop_init) as engine:
        engine.started -= 1000  # no start-up grace: these workers load nothing
        out = list(engine.run(iter(batches)))
        restarts = engine.restarts
    elapsed = time.monotonic() - t0
    assert [b for b, _ in out] == batches  # input order kept
    results = {r.doc.doc_id: r for _, rs in out for r in rs}
    assert len(results) == 8
    assert [x.reason for x in results[f"{1:016x}"].rejects] == ["timeout"]
    assert [x.reason for x in results[f"{4:016x}"].rejects] == ["internal"]
    for i in (0, 2, 3, 5, 6, 7):
        assert results[f"{i:016x}"].rejects == []
    assert restarts >= 2
    assert elapsed < 60  # bounded: deadlines, not hangs


def test_time_limit_interrupts_python_loops():
    t0 = time.monotonic()
    try:
        with time_limit(0.2):
            while True:
                pass
    except DocumentTimeout:
        pass
    assert time.monotonic() - t0 < 2


def test_slow_document_in_process_becomes_timeout_reject(monkeypatch):
    import eventwire.clean as clean

    def slow(doc, opts):
        time.sleep(30)

    monkeypatch.setattr(clean, "clean_document", slow)
    [res] = process_documents([_doc(9, "x" * 500)], Options(doc_timeout=0.3))
    assert [r.reason for r in res.rejects] == ["timeout"]
    assert res.articles == []


def test_worker_warm_up_loads_the_models_and_sizes_the_thread_pools():  # and nothing the vectors do not need
    import subprocess
    import sys

    code = (
        "import os, sys\n"
        "os.environ.pop('OMP_NUM_THREADS', None); os.environ.pop('EVENTWIRE_EMBED_THREADS', None)\n"
        "from eventwire.worker import warm_worker\n"
        "from eventwire.events import sentence_model\n"
        "warm_worker(max(1, os.cpu_count() or 1))\n"
        "print('spacy' in sys.modules, sentence_model.load.cache_info().currsize == 1, os.environ['OMP_NUM_THREADS'],"
        " 'EVENTWIRE_EMBED_THREADS' in os.environ)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["True", "True", "1", "False"]


def test_a_lone_hung_document_is_rejected_after_one_deadline_not_two():
    from eventwire.scale import local

    opts = Options(workers=2, doc_timeout=1.0)
    t0 = time.monotonic()
    with PoolEngine(opts, work=misbehaving_work, init=noop_init) as engine:
        engine.started -= 1000  # no start-up grace for the first deadline: these workers load nothing
        [(_, [res])] = list(engine.run(iter([Batch([_doc(1, "hang")])])))
    elapsed = time.monotonic() - t0
    assert [x.reason for x in res.rejects] == ["timeout"]
    # one deadline (limit + slack); re-running the culprit to "isolate" it cost a second one plus
    # the fresh pool's start-up grace
    assert elapsed < opts.doc_timeout + local.WATCHDOG_SLACK_S + 5


class _ClosedPool:
    """A pool whose pipes closed under it: its next submit fails as a real one did in a test run
    (``OSError: handle is closed`` while spawning a replacement worker)."""

    _processes: dict = {}

    def submit(self, *args, **kwargs):
        raise OSError("handle is closed")

    def shutdown(self, wait: bool = True, cancel_futures: bool = False) -> None:
        return None


def test_a_pool_that_broke_between_batches_is_replaced_on_submit():
    opts = Options(workers=2, doc_timeout=5.0)
    with PoolEngine(opts, work=misbehaving_work, init=noop_init) as engine:
        engine.pool.shutdown(wait=True)
        engine.pool = _ClosedPool()
        out = list(engine.run(iter([Batch([_doc(0), _doc(1)]), Batch([_doc(2)])])))
        assert engine.restarts == 1
    assert [[r.doc.doc_id for r in results] for _, results in out] == [
        [_doc(0).doc_id, _doc(1).doc_id],
        [_doc(2).doc_id],
    ]
    assert all(not r.rejects for _, results in out for r in results)

"""Scale-out benchmark: bare spaCy, the local pipeline with 1 and 2 workers, and the Ray engine, in one
run on the same corpus, each in a fresh process; throughput, peak memory and the ratios between them.

``run_scale_bench(n)`` writes the first ``n`` ECB+ documents (``eventwire.bench.load_texts``) as .txt
files to a temporary directory and runs each configuration in its own Python process:

* ``spacy`` (one core): bare ``nlp.pipe`` with the full English pipeline over the same texts
  (``eventwire.bench._stage_spacy``: the reference every pipeline number is divided by);
* ``local-1`` (one core) / ``local-2`` (two cores): ``pipeline.run_ingest`` with ``--workers 1`` / ``2``
  into a fresh store;
* ``ray-2``: ``scale.ray_engine.run_ingest_ray`` on a local Ray with 2 CPUs (started before the clock,
  as a cluster would be).

Before the clock, the driver process loads everything it uses itself (model, dictionaries, the
embedding model of the global step) with a two-document warm-up ingest; worker processes and Ray
actors start inside the timed run, as they do for a user. Three numbers per configuration:

* ``wall``: documents / whole run (worker start-up, per-document stages, writes, global step);
* ``stages``: documents / time between the first and the last committed document, i.e. the
  per-document stages at full speed with start-up and the global step left out (the rate a day-long
  run sustains; this is what the ratios compare);
* ``global_s``: the global step after the last commit (stories, merging, read snapshot), which runs
  once in the driver and grows with the corpus.

Memory: a sampler thread reads the RSS of the process and all its descendants every
``SAMPLE_S`` seconds; reported are the peak of their sum, the driver's peak, and the peak of the
largest single worker (pool process or Ray worker). The extrapolation to one day of GDELT-scale
English news (``GDELT_DAY`` articles) uses the best 2-core configuration: ``GDELT_DAY / stages rate``
plus ``GDELT_DAY`` times the measured global-step cost per document.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

# Articles a day of GDELT-scale English news: GDELT 2.0 reads roughly 200,000-300,000 English
# articles a day; the issue sets 250,000 as the target day.
GDELT_DAY = 250_000
# Target: one GDELT day on a 2-core laptop in under this many hours (issue 7).
TARGET_HOURS = 3.0
# RSS sampling period. Model loading and batches last seconds, so 0.1 s catches every peak that
# matters at negligible cost (one /proc read per process per sample).
SAMPLE_S = 0.1
# A configuration that runs longer than this is stopped and reported as failed.
CONFIG_TIMEOUT_S = 3600
CONFIGS = ("spacy", "local-1", "local-2", "ray-2")
# Configurations measured on one core: the process is pinned to one CPU and its thread pools
# (OpenMP/BLAS, the embedding engine) to one thread. Without this a "1 worker" run still spreads
# its embedding and BLAS work over every core, and 2 workers / 1 worker would understate scaling.
ONE_CORE = frozenset({"spacy", "local-1"})
# Documents of the driver's warm-up ingest (a separate store, so the measured run starts empty).
WARMUP_DOCS = 2
# Documents per batch in the measured runs: the shipped default (Options.batch_size).
BATCH_SIZE = 32


class RssSampler:
    """Samples the RSS of this process and its descendants in a background thread."""

    def __init__(self, period: float = SAMPLE_S):
        import psutil

        self.proc = psutil.Process()
        self.period = period
        self.peak_total = 0
        self.peak_self = 0
        self.peak_by_pid: dict[int, tuple[int, str]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sample()

    def _loop(self) -> None:
        while not self._stop.wait(self.period):
            self.sample()

    def sample(self) -> None:
        """Take one reading of every process in the tree."""
        import psutil

        total = 0
        try:
            procs = [self.proc, *self.proc.children(recursive=True)]
        except psutil.Error:
            return
        for p in procs:
            try:
                rss = p.memory_info().rss
                name = (
                    " ".join(p.cmdline())[:200]
                    if p.pid not in self.peak_by_pid
                    else self.peak_by_pid[p.pid][1]
                )
            except psutil.Error:  # exited between listing and reading
                continue
            total += rss
            if p.pid == self.proc.pid:
                self.peak_self = max(self.peak_self, rss)
            elif rss > self.peak_by_pid.get(p.pid, (0, ""))[0]:
                self.peak_by_pid[p.pid] = (rss, name)
        self.peak_total = max(self.peak_total, total)

    def worker_peak(self) -> int:
        """Largest RSS any single worker reached (pool processes, Ray workers; Ray's own daemons
        such as raylet and gcs_server are not workers)."""
        peaks = [rss for rss, name in self.peak_by_pid.values() if _is_worker(name)]
        return max(peaks, default=0)

    def workers(self) -> int:
        return sum(1 for _, name in self.peak_by_pid.values() if _is_worker(name))


def _is_worker(cmdline: str) -> bool:
    # spawn_main: a process-pool worker (not multiprocessing's resource tracker)
    return "spawn_main" in cmdline or cmdline.startswith("ray::") or "default_worker.py" in cmdline


def _mb(n: int) -> float:
    return round(n / 1e6, 1)


# ----------------------------------------------------------------------------- child side
def _warm_driver(corpus: Path, tmp: Path) -> None:
    """Load everything the driver uses (coding path, actor dictionaries, embedding model) before the
    clock, with an ingest of the corpus's first documents into a throw-away store."""
    from .options import Options
    from .pipeline import run_ingest

    warm = tmp / "warm"
    warm.mkdir()
    for src in sorted(corpus.iterdir())[:WARMUP_DOCS]:
        (warm / src.name).write_bytes(src.read_bytes())
    run_ingest([str(warm)], Options(db=str(tmp / "warm.duckdb")))


def _measure_ingest(config: str, corpus: Path, tmp: Path) -> dict[str, Any]:
    from .options import Options

    engine, workers = config.split("-")
    opts = Options(db=str(tmp / "bench.duckdb"), workers=int(workers), engine="ray" if engine == "ray" else "local",
                   batch_size=BATCH_SIZE)  # fmt: skip
    _warm_driver(corpus, tmp)
    if engine == "ray":
        import logging

        import ray

        from .scale.ray_engine import run_ingest_ray as run

        ray.init(
            num_cpus=int(workers), include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False
        )
    else:
        from .pipeline import run_ingest as run
    marks: list[tuple[float, int]] = []
    done = 0

    def progress(kind: str, n: int) -> None:
        nonlocal done
        if kind == "doc":
            done += n
            marks.append((time.perf_counter(), done))

    with RssSampler() as rss:
        t0 = time.perf_counter()
        summary = run([str(corpus)], opts, progress=progress)
        t_end = time.perf_counter()
    out = _phases(t0, t_end, marks)
    out.update(
        summary=summary.to_dict(),
        peak_rss_total_mb=_mb(rss.peak_total),
        peak_rss_driver_mb=_mb(rss.peak_self),
        # with one worker the driver does the work itself: its peak is the worker's
        peak_rss_worker_mb=_mb(rss.worker_peak()) if rss.workers() else _mb(rss.peak_self),
        worker_processes=rss.workers(),
    )
    return out


def _phases(t0: float, t_end: float, marks: list[tuple[float, int]]) -> dict[str, Any]:
    """Wall, start-up, per-document and global-step times from the commit progress marks."""
    if not marks:
        return {
            "seconds": t_end - t0,
            "startup_s": None,
            "stages_s": None,
            "global_s": None,
            "stages_docs": 0,
        }
    first_t, first_n = marks[0]
    last_t, last_n = marks[-1]
    return {
        "seconds": t_end - t0,
        "startup_s": first_t - t0,  # includes the first batch itself
        "stages_s": last_t - first_t,
        "stages_docs": last_n - first_n,
        "global_s": t_end - last_t,
        "documents": last_n,
    }


def _measure_spacy(corpus: Path) -> dict[str, Any]:
    from .bench import _stage_spacy

    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.iterdir())]
    with RssSampler() as rss:
        res = _stage_spacy(texts)
    res.update(documents=len(texts), stages_s=res["seconds"], stages_docs=len(texts), startup_s=0.0, global_s=0.0,
               peak_rss_total_mb=_mb(rss.peak_total), peak_rss_driver_mb=_mb(rss.peak_self),
               peak_rss_worker_mb=_mb(rss.peak_self), worker_processes=0)  # fmt: skip
    return res


def _affinity() -> set[int]:
    try:
        return os.sched_getaffinity(0)
    except AttributeError:  # not Linux: no affinity API
        return set(range(os.cpu_count() or 1))


def pin_one_core() -> int:
    """Pin this process (and the processes it starts) to one CPU; return the cores it may use."""
    try:
        os.sched_setaffinity(0, {min(_affinity())})
    except (AttributeError, OSError):  # not Linux: OMP_NUM_THREADS=1 alone limits the thread pools
        return len(_affinity())
    return 1


def measure(config: str, corpus: str | Path) -> dict[str, Any]:
    """Measure one configuration in this process (call it in a fresh process; ``run_scale_bench`` does)."""
    corpus = Path(corpus)
    cores = pin_one_core() if config in ONE_CORE else len(_affinity())
    if config == "spacy":
        res = _measure_spacy(corpus)
    else:
        with tempfile.TemporaryDirectory(prefix="eventwire-scale-") as tmp:
            res = _measure_ingest(config, corpus, Path(tmp))
    n = res.get("documents") or 0
    res["config"] = config
    res["cores"] = cores
    res["wall_per_s"] = round(n / res["seconds"], 3) if res["seconds"] else None
    res["stages_per_s"] = round(res["stages_docs"] / res["stages_s"], 3) if res.get("stages_s") else None
    for k in ("seconds", "startup_s", "stages_s", "global_s", "load_s"):
        if isinstance(res.get(k), float):
            res[k] = round(res[k], 3)
    return res


# ----------------------------------------------------------------------------- parent side
def _run_config(config: str, corpus: Path) -> dict[str, Any]:
    cmd = [sys.executable, "-m", "eventwire.bench_scale", "--config", config, "--corpus", str(corpus)]
    env = dict(os.environ)
    if config in ONE_CORE:
        env["OMP_NUM_THREADS"] = "1"  # read when the thread pools start: must be set before the child imports
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=CONFIG_TIMEOUT_S, check=False, env=env
        )
    except subprocess.TimeoutExpired:
        return {"config": config, "error": f"timed out after {CONFIG_TIMEOUT_S} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        return {"config": config, "error": f"exit {proc.returncode}: " + " | ".join(tail)}
    return json.loads(lines[-1])


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a and b else None


def run_scale_bench(
    n: int = 200,
    *,
    datasets: str | Path | None = None,
    configs: tuple[str, ...] = CONFIGS,
    memory_sizes: tuple[int, ...] = (),
) -> dict[str, Any]:
    """Run each configuration in a fresh process on the first ``n`` ECB+ documents; return the
    measurements, the ratios (pipeline / bare spaCy, 2 workers / 1, Ray / local pool) and the
    extrapolation to one GDELT day. ``memory_sizes`` (e.g. ``(200, 800)``) adds ``local-2`` runs on
    corpora of those sizes to show that per-worker memory does not grow with the corpus.
    Raises EventwireError EW501 when the ECB+ data is not found."""
    from .bench import load_texts

    texts = load_texts(max([n, *memory_sizes]), datasets)
    results: dict[str, Any] = {}
    memory: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="eventwire-scale-corpus-") as tmp:
        corpus = Path(tmp) / "corpus"
        corpus.mkdir()
        for i, text in enumerate(texts[:n]):
            (corpus / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
        for config in configs:
            results[config] = _run_config(config, corpus)
        for size in memory_sizes:
            sized = Path(tmp) / f"corpus{size}"
            sized.mkdir()
            for i, text in enumerate(texts[:size]):
                (sized / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
            res = _run_config("local-2", sized)
            memory.append({"documents": size, **{k: res.get(k) for k in (
                "peak_rss_worker_mb", "peak_rss_driver_mb", "peak_rss_total_mb", "stages_per_s", "global_s",
                "seconds", "error")}})  # fmt: skip
    rate = {c: r.get("stages_per_s") for c, r in results.items()}
    ratios = {
        "local-1 / spacy": _ratio(rate.get("local-1"), rate.get("spacy")),
        "local-2 / local-1": _ratio(rate.get("local-2"), rate.get("local-1")),
        "ray-2 / local-2": _ratio(rate.get("ray-2"), rate.get("local-2")),
    }
    return {
        "corpus": "ecbplus_docs.jsonl",
        "documents": n,
        "characters": sum(len(t) for t in texts[:n]),
        "cpus": os.cpu_count(),
        "load_average": _loadavg(),
        "configs": results,
        "ratios": ratios,
        "memory_by_corpus_size": memory,
        "gdelt_day": _extrapolate(results),
    }


def _loadavg() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return None


def _extrapolate(results: dict[str, Any]) -> dict[str, Any] | None:
    """Hours for ``GDELT_DAY`` articles with the fastest 2-core pipeline configuration measured."""
    best = None
    for config in ("local-2", "ray-2"):
        r = results.get(config, {})
        if r.get("stages_per_s") and (best is None or r["stages_per_s"] > results[best]["stages_per_s"]):
            best = config
    if best is None:
        return None
    r = results[best]
    docs = r.get("documents") or 1
    global_per_doc = (r.get("global_s") or 0.0) / docs
    stages_h = GDELT_DAY / r["stages_per_s"] / 3600
    global_h = GDELT_DAY * global_per_doc / 3600
    hours = stages_h + global_h + (r.get("startup_s") or 0.0) / 3600
    return {
        "config": best,
        "articles": GDELT_DAY,
        "stages_hours": round(stages_h, 2),
        "global_hours": round(global_h, 2),
        "hours": round(hours, 2),
        "target_hours": TARGET_HOURS,
        "meets_target": hours <= TARGET_HOURS,
        "needed_per_s": round(GDELT_DAY / (TARGET_HOURS * 3600), 1),
    }


def _fmt(v: Any, spec: str = ".2f") -> str:
    if v is None:
        return "-"
    return format(v, spec) if isinstance(v, int | float) else str(v)


def render_scale_bench(report: dict[str, Any]) -> str:
    """A plain-text table of a ``run_scale_bench`` report, with the ratios, goals and extrapolation."""
    lines = [
        f"eventwire bench (scale): {report['documents']} ECB+ documents ({report['characters']:,} chars), "
        f"{report['cpus']} CPUs, load average {report.get('load_average')}",
        f"{'config':<8} {'cores':>5} {'docs/s':>7} {'wall/s':>7} {'wall s':>7} {'start s':>7} {'global s':>8} "
        f"{'RSS tot MB':>10} {'driver MB':>9} {'worker MB':>9}",
    ]
    for config, r in report["configs"].items():
        if "error" in r:
            lines.append(f"{config:<8} FAILED: {r['error']}")
            continue
        lines.append(
            f"{config:<8} {_fmt(r.get('cores'), 'd'):>5} {_fmt(r.get('stages_per_s')):>7} {_fmt(r.get('wall_per_s')):>7} {_fmt(r.get('seconds'), '.1f'):>7} "
            f"{_fmt(r.get('startup_s'), '.1f'):>7} {_fmt(r.get('global_s'), '.1f'):>8} "
            f"{_fmt(r.get('peak_rss_total_mb'), '.0f'):>10} {_fmt(r.get('peak_rss_driver_mb'), '.0f'):>9} "
            f"{_fmt(r.get('peak_rss_worker_mb'), '.0f'):>9}"
        )
    lines.append("docs/s: per-document stages at full speed (first to last commit); wall/s: whole run incl. "
                 "worker start-up and the global step (stories, merging).")  # fmt: skip
    goals = {"local-1 / spacy": 1.0, "local-2 / local-1": 1.8, "ray-2 / local-2": 0.85}
    for name, value in report["ratios"].items():
        goal = goals[name]
        verdict = "-" if value is None else ("meets" if value >= goal else "below")
        lines.append(f"ratio {name:<18} {_fmt(value, '.2f'):>6}  (goal >= {goal:.2f}: {verdict})")
    for m in report.get("memory_by_corpus_size", []):
        lines.append(f"local-2 on {m['documents']} docs: worker peak {_fmt(m.get('peak_rss_worker_mb'), '.0f')} MB, "
                     f"driver peak {_fmt(m.get('peak_rss_driver_mb'), '.0f')} MB, "
                     f"{_fmt(m.get('stages_per_s'))} docs/s, global step {_fmt(m.get('global_s'), '.1f')} s")  # fmt: skip
    g = report.get("gdelt_day")
    if g:
        lines.append(
            f"one GDELT day ({g['articles']:,} articles) with {g['config']}: {g['hours']:.1f} h "
            f"({g['stages_hours']:.1f} h per-document stages + {g['global_hours']:.1f} h global step); "
            f"target {g['target_hours']:.0f} h needs {g['needed_per_s']} docs/s: "
            + ("meets" if g["meets_target"] else "below")
        )
    return "\n".join(lines)


def _main(argv: list[str] | None = None) -> None:
    """Entry point of one configuration in a child process: prints one JSON line."""
    ap = argparse.ArgumentParser(
        description="Measure one eventwire scale-bench configuration (used by run_scale_bench)."
    )
    ap.add_argument("--config", choices=CONFIGS, required=True)
    ap.add_argument("--corpus", required=True)
    args = ap.parse_args(argv)
    print(json.dumps(measure(args.config, args.corpus), default=str))


if __name__ == "__main__":
    _main()

"""Throughput benchmark: the coding path and a full ingest next to a bare spaCy parse of the same texts.

``run_bench(n)`` takes the first ``n`` ECB+ documents (``ecbplus/ecbplus_docs.jsonl``, field ``text``) and runs, each
in a fresh Python process so that peak RSS is per stage:

* ``spacy``: a bare ``nlp.pipe`` with the full English pipeline over the full texts (the reference);
* ``coding``: ``eventwire.events.code_articles`` over the same texts (split, filter, parse only candidate
  sentences, actors, events, dates, places);
* ``ingest``: ``eventwire.pipeline.run_ingest`` of the texts written as .txt files into a temporary DuckDB store
  (read, clean, code, store, merge).

Each stage loads its model and dictionaries before the clock starts (load times are reported separately), then
times the work. Reported: articles/s, seconds, peak RSS (MB), load seconds, and the ratio of each stage's
throughput to the bare parse (1.0 = as fast as parsing every sentence with spaCy).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

STAGES = ("spacy", "coding", "ingest")
# spaCy batch size for the reference parse: the coder's default, so both sides batch alike.
BATCH_SIZE = 32
# A stage that runs longer than this is killed and reported as failed: the bench must finish on a laptop.
STAGE_TIMEOUT_S = 3600


def load_texts(n: int, datasets: str | Path | None = None) -> list[str]:
    """The first ``n`` ECB+ document texts. ECB+ holds 982: beyond them the texts come round again, each copy
    opened by a line naming its round ("Edition 2."), so every one is a new document that is cleaned, parsed and
    coded (the global step finds them near-duplicates of the first round)."""
    from .eval.common import datasets_dir, require

    path = require(datasets_dir(datasets) / "ecbplus" / "ecbplus_docs.jsonl")
    texts: list[str] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if len(texts) >= n:
                break
            if line.strip():
                texts.append(json.loads(line)["text"])
    return cycle_texts(texts, n)


def cycle_texts(texts: list[str], n: int) -> list[str]:
    """``n`` texts: ``texts``, then rounds of them again, each copy opened by its round's own line."""
    if not texts or len(texts) >= n:
        return texts[:n]
    out = list(texts)
    while len(out) < n:
        k = len(out)
        out.append(f"Edition {k // len(texts) + 1}.\n\n{texts[k % len(texts)]}")
    return out


def peak_rss_mb() -> float:
    try:
        import resource

        # ru_maxrss is in kilobytes on Linux (bytes on macOS)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return round(peak / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)
    except ImportError:  # no resource module (Windows): current RSS via psutil
        import psutil

        return round(psutil.Process().memory_info().rss / 1e6, 1)


def _warm() -> None:
    """Load everything the pipeline loads lazily (model, lexicons, actor dictionaries, gazetteer, the
    language identifier of the cleaning stage, the stop words of the story vectors)."""
    from .clean.language import detect_language
    from .events import build_article, code_articles
    from .places import lookup_place
    from .stories.embed import get_model

    lookup_place("Islamabad")
    detect_language("Pakistan accused Afghanistan of harbouring militants.")  # ~0.6 s to load, once
    get_model()
    code_articles(
        [
            build_article(
                "Pakistan accused Afghanistan of harbouring militants in Kabul on Friday.", "2025-01-01"
            )
        ]
    )


def _stage_spacy(texts: list[str]) -> dict[str, Any]:
    from .nlp import get_nlp

    t0 = time.perf_counter()
    nlp = get_nlp()
    load = time.perf_counter() - t0
    t1 = time.perf_counter()
    sentences = tokens = 0
    for doc in nlp.pipe(texts, batch_size=BATCH_SIZE):
        tokens += len(doc)
        sentences += sum(1 for _ in doc.sents)
    return {"load_s": load, "seconds": time.perf_counter() - t1, "sentences": sentences, "tokens": tokens}


def _stage_coding(texts: list[str]) -> dict[str, Any]:
    from .events import build_article, code_articles
    from .events.coder import _plan
    from .events.lexicon import load_lexicon

    t0 = time.perf_counter()
    lex = load_lexicon()
    _warm()
    load = time.perf_counter() - t0
    articles = [build_article(t) for t in texts]
    t1 = time.perf_counter()
    coded = code_articles(articles, batch_size=BATCH_SIZE)
    seconds = time.perf_counter() - t1
    plans = [_plan(a, lex) for a in articles]
    return {
        "load_s": load,
        "seconds": seconds,
        "events": sum(len(c) for c in coded),
        "sentences": sum(len(p.sentences) for p in plans),
        "parsed_sentences": sum(len(p.candidates) for p in plans),
    }


def _stage_ingest(texts: list[str], workers: int) -> dict[str, Any]:
    from .options import Options
    from .pipeline import run_ingest

    with tempfile.TemporaryDirectory(prefix="eventwire-bench-") as tmp:
        root = Path(tmp)
        for i, text in enumerate(texts):
            (root / f"doc{i:05d}.txt").write_text(text, encoding="utf-8")
        opts = Options.load(None, db=str(root / "bench.duckdb"), workers=workers)
        t0 = time.perf_counter()
        if workers == 1:  # warm the caches of this process, as the other stages do
            _warm()
        load = time.perf_counter() - t0
        t1 = time.perf_counter()
        summary = run_ingest([str(root)], opts)
        seconds = time.perf_counter() - t1
        info = summary.to_dict() if hasattr(summary, "to_dict") else {}
    return {"load_s": load, "seconds": seconds, "summary": info}


def _run_stage(stage: str, n: int, datasets: str | Path | None, workers: int) -> dict[str, Any]:
    """Run one stage in a fresh interpreter and return its measurements."""
    cmd = [
        sys.executable,
        "-m",
        "eventwire.bench",
        "--stage",
        stage,
        "--n",
        str(n),
        "--workers",
        str(workers),
    ]
    if datasets:
        cmd += ["--datasets", str(datasets)]
    env = dict(os.environ)
    try:
        proc = subprocess.run(
            cmd, capture_output=True, text=True, timeout=STAGE_TIMEOUT_S, env=env, check=False
        )
    except subprocess.TimeoutExpired:
        return {"stage": stage, "error": f"timed out after {STAGE_TIMEOUT_S} s"}
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-5:]
        return {"stage": stage, "error": f"exit {proc.returncode}: " + " | ".join(tail)}
    return json.loads(lines[-1])


def run_bench(n: int = 200, *, datasets: str | Path | None = None, workers: int = 1) -> dict[str, Any]:
    """Time the bare spaCy parse, the coding path and (when available) a full ingest on the first ``n`` ECB+
    documents, each stage in a fresh process; return the measurements and the throughput ratios."""
    texts = load_texts(n, datasets)
    stages = ["spacy", "coding"]
    try:
        from .pipeline import run_ingest  # noqa: F401

        stages.append("ingest")
    except ImportError:
        pass
    results = {stage: _run_stage(stage, len(texts), datasets, workers) for stage in stages}
    report: dict[str, Any] = {
        "corpus": "ecbplus_docs.jsonl",
        "articles": len(texts),
        "characters": sum(len(t) for t in texts),
        "workers": workers,
        "cpus": os.cpu_count(),
        "stages": results,
    }
    base = results.get("spacy", {})
    base_rate = base.get("articles_per_s")
    ratios = {}
    for stage, res in results.items():
        if stage != "spacy" and base_rate and res.get("articles_per_s"):
            ratios[f"{stage}_vs_spacy"] = round(res["articles_per_s"] / base_rate, 3)
    report["ratios"] = ratios
    return report


def render_bench(report: dict[str, Any]) -> str:
    """A plain-text table of a ``run_bench`` report."""
    lines = [
        f"eventwire bench: {report['articles']} ECB+ articles ({report['characters']:,} chars), "
        f"workers={report['workers']}, cpus={report['cpus']}",
        f"{'stage':<8} {'articles/s':>10} {'seconds':>9} {'load s':>7} {'peak RSS MB':>12}  notes",
    ]
    for stage, res in report["stages"].items():
        if "error" in res:
            lines.append(f"{stage:<8} {'-':>10} {'-':>9} {'-':>7} {'-':>12}  FAILED: {res['error']}")
            continue
        notes = ""
        if stage == "coding":
            notes = (
                f"{res.get('events', 0)} events; parsed {res.get('parsed_sentences', 0)} of "
                f"{res.get('sentences', 0)} sentences"
            )
        elif stage == "spacy":
            notes = f"{res.get('sentences', 0)} sentences, {res.get('tokens', 0)} tokens"
        elif stage == "ingest":
            summary = res.get("summary", {})
            notes = ", ".join(f"{k}={summary[k]}" for k in ("articles", "events") if k in summary)
        lines.append(
            f"{stage:<8} {res['articles_per_s']:>10.2f} {res['seconds']:>9.2f} {res['load_s']:>7.2f} "
            f"{res['peak_rss_mb']:>12.1f}  {notes}"
        )
    for name, ratio in report.get("ratios", {}).items():
        lines.append(f"{name}: {ratio:.2f}x (throughput relative to a bare spaCy parse; >= 1.0 is faster)")
    return "\n".join(lines)


def _main(argv: list[str] | None = None) -> None:
    """Entry for one stage in a child process: prints one JSON line with the measurements."""
    ap = argparse.ArgumentParser(description="Run one eventwire bench stage (used by run_bench).")
    ap.add_argument("--stage", choices=STAGES, required=True)
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--datasets", default=None)
    ap.add_argument("--workers", type=int, default=1)
    args = ap.parse_args(argv)
    texts = load_texts(args.n, args.datasets)
    if args.stage == "spacy":
        res = _stage_spacy(texts)
    elif args.stage == "coding":
        res = _stage_coding(texts)
    else:
        res = _stage_ingest(texts, args.workers)
    res["stage"] = args.stage
    res["articles"] = len(texts)
    res["articles_per_s"] = round(len(texts) / res["seconds"], 3) if res["seconds"] else None
    res["seconds"] = round(res["seconds"], 3)
    res["load_s"] = round(res["load_s"], 3)
    res["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(res, default=str))


if __name__ == "__main__":
    _main()

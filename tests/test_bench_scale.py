"""Scale bench: phase timing from commit marks, RSS sampling of child processes, ratios, the GDELT-day
extrapolation and the rendered table (the full bench itself runs with `eventwire bench`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from eventwire import bench_scale as B

# serial: samples the memory of child processes at intervals
pytestmark = pytest.mark.serial


def test_phases_split_startup_stages_and_global_step():
    marks = [(12.0, 32), (14.0, 64), (20.0, 200)]
    ph = B._phases(10.0, 25.0, marks)
    assert ph == {"seconds": 15.0, "startup_s": 2.0, "stages_s": 8.0, "stages_docs": 168, "global_s": 5.0,
                  "documents": 200}  # fmt: skip
    assert B._phases(0.0, 3.0, [])["stages_s"] is None


def test_sampler_sees_a_child_process_memory():
    code = "import time; b = bytearray(150_000_000); b[::4096] = b'x' * len(b[::4096]); time.sleep(1.5)"
    with B.RssSampler(period=0.05) as rss:
        subprocess.run([sys.executable, "-c", code], check=True)
    child_peaks = [peak for peak, _ in rss.peak_by_pid.values()]
    assert max(child_peaks) > 140_000_000  # the child's 150 MB were seen
    assert rss.peak_total >= max(child_peaks) + rss.peak_self * 0.5
    assert rss.workers() == 0  # a plain child is not a pool or Ray worker


def test_worker_names():
    assert B._is_worker("python -c from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=5")
    assert B._is_worker("ray::MapWorker(MapBatches(Processor))")
    assert not B._is_worker("python -c from multiprocessing.resource_tracker import main;main(5)")
    assert not B._is_worker("/venv/lib/python3.11/site-packages/ray/core/src/ray/raylet/raylet")


def _report() -> dict:
    cfg = {
        "spacy": {"stages_per_s": 4.0, "wall_per_s": 4.0, "seconds": 50.0, "startup_s": 0.0, "global_s": 0.0,
                  "peak_rss_total_mb": 430.0, "peak_rss_driver_mb": 430.0, "peak_rss_worker_mb": 430.0},
        "local-1": {"stages_per_s": 4.4, "wall_per_s": 3.5, "seconds": 57.0, "startup_s": 1.0, "global_s": 10.0,
                    "documents": 200, "peak_rss_total_mb": 600.0, "peak_rss_driver_mb": 600.0,
                    "peak_rss_worker_mb": 600.0},
        "local-2": {"stages_per_s": 8.0, "wall_per_s": 5.0, "seconds": 40.0, "startup_s": 6.0, "global_s": 10.0,
                    "documents": 200, "peak_rss_total_mb": 1400.0, "peak_rss_driver_mb": 500.0,
                    "peak_rss_worker_mb": 450.0},
        "ray-2": {"error": "exit 1: boom"},
    }  # fmt: skip
    return {"documents": 200, "characters": 400_000, "cpus": 2, "load_average": [2.0, 2.0, 2.0], "configs": cfg,
            "ratios": {"local-1 / spacy": B._ratio(4.4, 4.0), "local-2 / local-1": B._ratio(8.0, 4.4),
                       "ray-2 / local-2": B._ratio(None, 8.0)},
            "memory_by_corpus_size": [{"documents": 200, "peak_rss_worker_mb": 450.0, "peak_rss_driver_mb": 500.0,
                                       "stages_per_s": 8.0}],
            "gdelt_day": B._extrapolate(cfg)}  # fmt: skip


def test_extrapolation_uses_the_fastest_two_core_config():
    g = _report()["gdelt_day"]
    assert g["config"] == "local-2"
    # 250,000 / 8 docs/s = 8.68 h of stages; 10 s global step per 200 docs = 3.47 h
    assert g["stages_hours"] == pytest.approx(8.68, abs=0.01)
    assert g["global_hours"] == pytest.approx(3.47, abs=0.01)
    assert g["meets_target"] is False and g["needed_per_s"] == 23.1
    assert B._extrapolate({"spacy": {"stages_per_s": 4.0}}) is None


def test_render_shows_ratios_goals_and_failures():
    text = B.render_scale_bench(_report())
    assert "ratio local-1 / spacy      1.10  (goal >= 1.00: meets)" in text
    assert "ratio local-2 / local-1    1.82  (goal >= 1.80: meets)" in text
    assert "ratio ray-2 / local-2         -  (goal >= 0.85: -)" in text
    assert "ray-2    FAILED: exit 1: boom" in text
    assert "one GDELT day (250,000 articles) with local-2: 12.2 h" in text
    assert "local-2 on 200 docs: worker peak 450 MB" in text


def test_spacy_config_measures_in_process(tmp_path):
    corpus = tmp_path / "c"
    corpus.mkdir()
    for i in range(3):
        (corpus / f"d{i}.txt").write_text(
            f"Kenya and Ethiopia signed {i + 2} agreements in Nairobi on Tuesday."
        )
    res = B.measure("spacy", corpus)
    assert res["config"] == "spacy" and res["documents"] == 3 and res["sentences"] == 3
    assert res["stages_per_s"] > 0 and res["peak_rss_driver_mb"] > 50


def test_one_core_configs_are_pinned():
    code = "import os; from eventwire.bench_scale import pin_one_core; print(pin_one_core(), len(os.sched_getaffinity(0)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["1", "1"]
    assert B.ONE_CORE == {"spacy", "local-1"}


def _hold(seconds: float) -> int:
    import time as _t

    _t.sleep(seconds)
    return 1


def test_sampler_counts_process_pool_workers():
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with B.RssSampler(period=0.05) as rss, ProcessPoolExecutor(2, mp_context=mp.get_context("spawn")) as pool:
        assert sum(pool.map(_hold, [1.0, 1.0])) == 2
    assert rss.workers() == 2 and rss.worker_peak() > 0


def test_global_step_timing_on_synthetic_articles():
    from conftest import DATASETS, require_shared

    require_shared(DATASETS / "ecbplus" / "ecbplus_docs.jsonl")
    arts = B.synthetic_articles(1500, DATASETS)
    assert len({a.article_id for a in arts}) == 1500
    assert [arts[0].published, arts[-1].published] == ["2026-01-01", "2026-01-02"]
    res = B.time_global_step(300, DATASETS)
    assert res["articles"] == 300 and res["global_s"] > 0
    assert 0 < res["stories"] < 300  # articles of one subtopic and day join
    report = {
        "per_day": B.GLOBAL_PER_DAY,
        "sizes": [res, {**res, "articles": 600, "global_s": res["global_s"] * 2}],
    }
    text = B.render_global_bench(report | {"gdelt_day_global_hours": 0.5})
    assert "global step" in text and "0.50 h" in text

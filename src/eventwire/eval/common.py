"""Shared machinery for golden evaluations: dataset lookup, recorded floors, the regression gate.

Each evaluation is a module ``eventwire.eval.<name>`` with a function
``evaluate(datasets: Path, *, limit: int | None = None) -> EvalReport``. Floors live in
``eventwire/eval/floors/<name>.json`` as ``{"metric": floor, ...}``; a metric below its floor fails
the ``eventwire eval`` command (exit 1). Metrics where lower is better (error rates, extra events per
sentence) are listed in ``EvalReport.lower_is_better`` and recorded as ceilings ``{"max": value}``:
a value above its ceiling fails the gate. A floor can only be lowered by editing that file in a
reviewed commit, or by ``eventwire eval NAME --update-floors --allow-lower``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import EventwireError

FLOORS_DIR = Path(__file__).with_name("floors")
# Floors are set this far below the measured score so that harmless nondeterminism (thread
# scheduling in the embedding engine, float summation order) does not fail the gate, while a real
# regression (a lost rule, a broken dictionary) still does.
FLOOR_MARGIN = 0.005


@dataclass(slots=True)
class EvalReport:
    name: str
    metrics: dict[str, float]
    details: dict[str, Any] = field(default_factory=dict)
    n: int = 0  # items scored
    seconds: float = 0.0
    lower_is_better: list[str] = field(default_factory=list)  # metrics gated by a ceiling

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "n": self.n,
            "seconds": round(self.seconds, 2),
            "metrics": {k: round(v, 4) for k, v in self.metrics.items()},
            "details": self.details,
        }


def datasets_dir(explicit: str | Path | None = None) -> Path:
    """Where the gold sets live: --datasets, then $EVENTWIRE_DATASETS, then ../shared/datasets
    relative to the repository root (or the current directory)."""
    candidates: list[Path] = []
    if explicit:
        candidates.append(Path(explicit))
    env = os.environ.get("EVENTWIRE_DATASETS")
    if env:
        candidates.append(Path(env))
    repo_root = Path(__file__).resolve().parents[3]
    candidates += [repo_root.parent / "shared" / "datasets", Path.cwd().parent / "shared" / "datasets"]
    for cand in candidates:
        if cand.is_dir():
            return cand
    raise EventwireError(
        "EW501",
        "Evaluation datasets not found (looked in: "
        + ", ".join(str(c) for c in candidates)
        + "). Pass --datasets DIR or set EVENTWIRE_DATASETS.",
    )


def require(path: Path) -> Path:
    if not path.exists():
        raise EventwireError("EW501", f"Evaluation file {path} is missing. Check --datasets.")
    return path


def load_floors(name: str) -> dict[str, float | dict[str, float]]:
    """Recorded gates of one evaluation: a number is a floor, ``{"max": x}`` a ceiling."""
    path = FLOORS_DIR / f"{name}.json"
    if not path.exists():
        return {}
    out: dict[str, float | dict[str, float]] = {}
    for k, v in json.loads(path.read_text()).items():
        if not k.startswith("_"):
            out[k] = {"max": float(v["max"])} if isinstance(v, dict) else float(v)
    return out


def gate_failed(value: float, gate: float | dict[str, float]) -> bool:
    if isinstance(gate, dict):
        return value - 1e-9 > gate["max"]
    return value + 1e-9 < gate


def gate_text(gate: float | dict[str, float]) -> str:
    return f"<= {gate['max']:.4f}" if isinstance(gate, dict) else f">= {gate:.4f}"


def check_floors(report: EvalReport) -> list[str]:
    """Return one message per metric that fell below its floor (or rose above its ceiling)."""
    failures = []
    for metric, gate in load_floors(report.name).items():
        got = report.metrics.get(metric)
        if got is None:
            failures.append(f"{report.name}.{metric}: metric missing (gate {gate_text(gate)})")
        elif gate_failed(got, gate):
            failures.append(f"{report.name}.{metric}: {got:.4f} fails its gate {gate_text(gate)}")
    return failures


def update_floors(report: EvalReport, *, allow_lower: bool = False) -> dict[str, float | dict[str, float]]:
    """Record gates at (score - FLOOR_MARGIN), or ceilings at (score + FLOOR_MARGIN) for
    lower-is-better metrics; never loosen an existing gate unless ``allow_lower``."""
    FLOORS_DIR.mkdir(parents=True, exist_ok=True)
    path = FLOORS_DIR / f"{report.name}.json"
    old = load_floors(report.name)
    new = dict(old)
    for metric, value in report.metrics.items():
        if metric in report.lower_is_better:
            proposed_max = round(value + FLOOR_MARGIN, 4)
            prev = old.get(metric)
            if not isinstance(prev, dict) or proposed_max < prev["max"] or allow_lower:
                new[metric] = {"max": proposed_max}
        else:
            proposed = round(max(0.0, value - FLOOR_MARGIN), 4)
            prev = old.get(metric)
            if not isinstance(prev, float) or proposed > prev or allow_lower:
                new[metric] = proposed
    path.write_text(json.dumps(dict(sorted(new.items())), indent=2) + "\n")
    return new


def prf(tp: float, fp: float, fn: float) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f

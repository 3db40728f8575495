"""Eval stage: golden evaluations against the gold sets in ``../shared/datasets``.

``run_eval(name)`` imports ``eventwire.eval.<name>``, runs its ``evaluate`` and checks the recorded
floors (see ``eventwire.eval.common``).
"""

from __future__ import annotations

import importlib
import time
from pathlib import Path

from ..errors import EventwireError
from .common import EvalReport, check_floors, datasets_dir

# name -> (module, what it measures)
EVALS: dict[str, str] = {
    "extraction": "body-text token P/R/F1 on article-extraction-benchmark",
    "plover": "PLOVER event type / mode / actor accuracy on plover-gsr",
    "petr2": "CAMEO root and actor agreement with PETRARCH-2 gold (petr2-gsr)",
    "conflibert": "penta-class macro-F1 and actor span F1 on conflibert-cameo test",
    "stories": "story clustering B-cubed and ARI on ECB+ subtopics",
    "news": "event precision/recall and field accuracy on hand-labelled whole ECB+ articles (news gold)",
}


def run_eval(
    name: str, datasets: str | Path | None = None, *, limit: int | None = None
) -> tuple[EvalReport, list[str]]:
    """Run one evaluation; return its report and the list of floor violations."""
    if name not in EVALS:
        raise EventwireError(
            "EW101", f"Unknown evaluation {name!r}; choose from {', '.join(EVALS)} or 'all'."
        )
    module = importlib.import_module(f"{__name__}.{name}")
    root = datasets_dir(datasets)
    t0 = time.perf_counter()
    report: EvalReport = module.evaluate(root, limit=limit)
    report.seconds = time.perf_counter() - t0
    # Floors are recorded for full runs only; a --limit run is a smoke test.
    failures = check_floors(report) if limit is None else []
    return report, failures

"""Add newly written training lines to ``training/data``: check each line and drop what may not be trained on.

A line is kept when it parses, its types and modes are PLOVER types/modes of ``plover_types.tsv``, its modalities
are eventwire's five, every ``trigger`` and actor ``text`` is an exact substring of the sentence, and it shares no
8 consecutive normalised words with an evaluation set (``eventwire.eval.overlap``). Duplicated sentences are kept
once. Prints what it dropped and why.

    .venv/bin/python training/import_lines.py NEW.jsonl [...] --into training/data/NAME.jsonl
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from eventwire.eval import overlap  # noqa: E402
from eventwire.events.mapping import is_valid_mode  # noqa: E402
from eventwire.events.sentence_model import MODALITIES, TYPES  # noqa: E402

DEV_SET = REPO / "tests" / "fixtures" / "events" / "dev_sentences.jsonl"


def problem(row: dict) -> str | None:
    """Why a parsed line cannot be trained on, or None."""
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        return "no text"
    for e in row.get("events") or []:
        if e.get("type") not in TYPES:
            return f"unknown type {e.get('type')!r}"
        if not is_valid_mode(e["type"], e.get("mode")):
            return f"mode {e.get('mode')!r} is not a mode of {e['type']}"
        if (e.get("modality") or "asserted") not in MODALITIES:
            return f"unknown modality {e.get('modality')!r}"
        if e.get("trigger") and e["trigger"] not in text:
            return "trigger not in the sentence"
        for side in ("source", "target"):
            actor = e.get(side) or {}
            if actor.get("text") and actor["text"] not in text:
                return f"{side} text not in the sentence"
    return None


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--into", type=Path, required=True)
    ap.add_argument("--datasets", type=Path, default=REPO.parent / "shared" / "datasets")
    args = ap.parse_args()
    idx = overlap.index(overlap.eval_sentences(args.datasets, DEV_SET))
    seen: set[str] = set()
    kept: list[str] = []
    dropped: Counter[str] = Counter()
    for path in args.inputs:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                dropped["not JSON"] += 1
                continue
            why = problem(row)
            if why is None and overlap.overlaps([row["text"]], idx):
                why = "shares 8 words with an evaluation set"
            if why is None and row["text"] in seen:
                why = "duplicate sentence"
            if why is not None:
                dropped[why.split(" ")[0] if why.startswith(("unknown", "mode")) else why] += 1
                continue
            seen.add(row["text"])
            kept.append(json.dumps(row, ensure_ascii=False))
    args.into.parent.mkdir(parents=True, exist_ok=True)
    args.into.write_text("\n".join(kept) + "\n", encoding="utf-8")
    print(f"{args.into}: kept {len(kept)}; dropped {sum(dropped.values())}: {dict(dropped)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""PETRARCH-2 validation records (petr2-gsr): CAMEO root and actor-country agreement, false events.

Gold: ``petr2-gsr/petr2_gsr.jsonl`` (78 sentences, 80 CAMEO codings, 12 explicit no-event sentences; MIT, Open
Event Data Alliance; read SOURCE.md there: the codings started from PETRARCH-2 output and were corrected by hand).
Each sentence is coded on its own with its record date as publication date.

Metrics, over the 80 gold codings (a coding is *matched* by a coded event with the same CAMEO root):

* ``cameo_root_agreement``: share of codings matched.
* ``source_country_agreement`` / ``target_country_agreement``: share of codings with a matched event whose
  source/target country equals the first three characters of the gold actor code (``---`` = no country:
  agrees with no actor or an actor without a country; ``IGO``/``IMG`` agree with our IGO/IMG actors). A
  reciprocal event agrees in either direction. Unmatched codings disagree.
* ``false_event_rate`` (details): share of the no-event sentences where anything is coded; the gated metric is
  its complement ``negative_accuracy`` (floors are minimums).
* ``events_per_sentence``: coded events per scored sentence (details).
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..records import Actor, Event
from .common import EvalReport, require

NAME = "petr2"
NO_COUNTRY = "---"


def load_gold(datasets: Path) -> list[dict[str, Any]]:
    """The 78 records of petr2_gsr.jsonl, in file order."""
    path = require(datasets / "petr2-gsr" / "petr2_gsr.jsonl")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def record_date(raw: str) -> str | None:
    """ISO date of a record's YYYYMMDD date attribute; None when it is not a plausible date ("121108")."""
    raw = (raw or "").strip()
    if len(raw) == 8 and raw.isdigit() and 1900 <= int(raw[:4]) <= 2100:
        return f"{raw[:4]}-{raw[4:6]}-{raw[6:]}"
    return None


def actor_prefix(actor: Actor | None) -> str:
    """Our actor as a PETRARCH country prefix: ISO3, IGO/IMG for international actors, --- for none."""
    if actor is None:
        return NO_COUNTRY
    code = (actor.code or "").upper()
    if code.startswith(("IGO", "IMG")):
        return code[:3]
    if actor.country:
        return actor.country
    if actor.sector == "IGO" or actor.kind == "igo":
        return "IGO"
    return NO_COUNTRY


def score(gold: list[dict[str, Any]], coded: list[list[Event]]) -> EvalReport:
    """Score coded events against the gold records (same order); the maths behind ``evaluate``."""
    codings = 0
    matched = 0
    src_ok = 0
    tgt_ok = 0
    negatives = 0
    false_events = 0
    events_total = 0
    misses: Counter[str] = Counter()
    for rec, events in zip(gold, coded, strict=True):
        events_total += len(events)
        if rec.get("noevents") or not rec.get("codings"):
            negatives += 1
            false_events += bool(events)
            continue
        for c in rec["codings"]:
            codings += 1
            root = c["eventcode"][:2]
            same = [e for e in events if e.cameo_root == root]
            if not same:
                misses[root] += 1
                continue
            matched += 1
            gs, gt = c["sourcecode"][:3].upper(), c["targetcode"][:3].upper()
            src_ok += any(
                actor_prefix(e.source) == gs or (e.reciprocal and actor_prefix(e.target) == gs) for e in same
            )
            tgt_ok += any(
                actor_prefix(e.target) == gt or (e.reciprocal and actor_prefix(e.source) == gt) for e in same
            )
    metrics = {
        "cameo_root_agreement": matched / codings if codings else 0.0,
        "source_country_agreement": src_ok / codings if codings else 0.0,
        "target_country_agreement": tgt_ok / codings if codings else 0.0,
        # share of the no-event sentences left without events (= 1 - false_event_rate): gated as a minimum
        "negative_accuracy": 1 - false_events / negatives if negatives else 0.0,
    }
    details = {
        "false_event_rate": round(false_events / negatives, 4) if negatives else 0.0,
        "counts": {
            "sentences": len(gold),
            "codings": codings,
            "matched": matched,
            "negatives": negatives,
            "negatives_with_events": false_events,
        },
        "events_per_sentence": round(events_total / len(gold), 3) if gold else 0.0,
        "missed_roots": dict(misses.most_common()),
    }
    return EvalReport(NAME, metrics, details, n=len(gold))


def evaluate(datasets: Path, *, limit: int | None = None) -> EvalReport:
    """Code every PETR2 validation sentence and score it (see module docstring)."""
    from ..events import build_article, code_articles

    gold = load_gold(datasets)
    if limit is not None:
        gold = gold[:limit]
    coded = code_articles([build_article(r["text"], record_date(r.get("date", ""))) for r in gold])
    return score(gold, coded)

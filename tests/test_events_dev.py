"""The project's own development set: 225 newswire-style sentences written for eventwire, with their expected
coding (``fixtures/events/dev_sentences.jsonl``; all 18 types, modalities, reported speech, passives, nominal
events, statements and other sentences without a political event). It may be developed against freely (it is not a
gold set); its floors below guard against regressions.

Scoring, per expected event (``type``, ``source``, ``target`` as ISO3 or IGO/NGO/IMG, ``modality``, optional
``mode``): it is *found* when a coded event of the sentence has its type; source/target are right when such an event
has that actor (a reciprocal event counts both ways; IGO and NGO match each other); modality and mode likewise.
Sentences of category NONE expect no event at all.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from eventwire.events import build_article, code_articles
from eventwire.records import Actor, Event

DEV = Path(__file__).parent / "fixtures" / "events" / "dev_sentences.jsonl"

# Floors: the scores measured when the set was last re-recorded, minus 0.02 (a sentence or two of slack).
FLOORS = {  # measured 2026-11-23 (coder 0.2.0): 0.9577 / 0.9943 / 0.9444 / 0.9945 / 0.973 / 1.0 / 0.9635
    "type_recall": 0.93,
    "source_accuracy": 0.97,
    "target_accuracy": 0.92,
    "modality_accuracy": 0.97,
    # coder 0.3.0 (the sentence model): 0.9474 / 0.95. Lowered on purpose: the model codes six events the rules
    # missed (type recall up), but its proposals carry no mode, and it proposes CONSULT for "spoke at a conference"
    # (dev-214); the news gold is the main measure (docs/quality.md)
    "mode_accuracy": 0.93,
    "no_event_accuracy": 0.93,
    "precision": 0.94,
}


def load_dev() -> list[dict]:
    """The development records, in file order."""
    return [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]


def _codes(actor: Actor | None) -> set[str]:
    if actor is None:
        return set()
    out = {actor.country} if actor.country else set()
    code = (actor.code or "").upper()
    for ns in ("IGO", "NGO", "IMG"):
        if code.startswith(ns) or actor.sector == ns or (ns == "IGO" and actor.kind == "igo"):
            out.add(ns)
    if out & {"IGO", "NGO"}:
        out |= {"IGO", "NGO"}
    return out


def _has(events: list[Event], role: str, want: str) -> bool:
    for e in events:
        mine = e.source if role == "source" else e.target
        other = e.target if role == "source" else e.source
        if want in _codes(mine) or (e.reciprocal and want in _codes(other)):
            return True
    return False


def score_dev(records: list[dict], coded: list[list[Event]]) -> tuple[dict[str, float], list[str]]:
    """Metrics over the development set and one line per miss (for reading, not for asserting)."""
    c: Counter[str] = Counter()
    misses: list[str] = []
    for rec, events in zip(records, coded, strict=True):
        if rec["category"] == "NONE":
            c["none_n"] += 1
            if events:
                misses.append(f"{rec['id']} false event {[e.event_type for e in events]}: {rec['text']}")
            else:
                c["none_ok"] += 1
            continue
        want_types = {e["type"] for e in rec["events"]}
        c["coded"] += len(events)
        c["coded_ok"] += sum(1 for e in events if e.event_type in want_types)
        for exp in rec["events"]:
            c["n"] += 1
            same = [e for e in events if e.event_type == exp["type"]]
            if not same:
                misses.append(
                    f"{rec['id']} missed {exp['type']} (coded {[e.event_type for e in events]}): "
                    f"{rec['text']}"
                )
                continue
            c["found"] += 1
            for role in ("source", "target"):
                if exp.get(role):
                    c[f"{role}_n"] += 1
                    if _has(same, role, exp[role]):
                        c[f"{role}_ok"] += 1
                    else:
                        got = [
                            (e.source.code if e.source else None, e.target.code if e.target else None)
                            for e in same
                        ]
                        misses.append(
                            f"{rec['id']} {exp['type']} {role} want {exp[role]} got {got}: {rec['text']}"
                        )
            c["modality_n"] += 1
            if any(e.modality == exp["modality"] for e in same):
                c["modality_ok"] += 1
            else:
                misses.append(
                    f"{rec['id']} {exp['type']} modality want {exp['modality']} got "
                    f"{[e.modality for e in same]}: {rec['text']}"
                )
            if exp.get("mode"):
                c["mode_n"] += 1
                if any(e.mode == exp["mode"] for e in same):
                    c["mode_ok"] += 1
                else:
                    misses.append(
                        f"{rec['id']} {exp['type']} mode want {exp['mode']} got {[e.mode for e in same]}"
                    )
    metrics = {
        "type_recall": c["found"] / c["n"],
        "source_accuracy": c["source_ok"] / c["source_n"],
        "target_accuracy": c["target_ok"] / c["target_n"],
        "modality_accuracy": c["modality_ok"] / c["modality_n"],
        "mode_accuracy": c["mode_ok"] / c["mode_n"] if c["mode_n"] else 0.0,
        "no_event_accuracy": c["none_ok"] / c["none_n"],
        "precision": c["coded_ok"] / c["coded"] if c["coded"] else 0.0,
    }
    return metrics, misses


@pytest.fixture(scope="module")
def dev_result():
    records = load_dev()
    coded = code_articles([build_article(r["text"], r["published"]) for r in records])
    return score_dev(records, coded)


def test_dev_set_is_well_formed():
    records = load_dev()
    assert len(records) >= 200
    types = {e["type"] for r in records for e in r["events"]}
    from eventwire.events.mapping import MODALITIES, PLOVER_TYPES

    assert types == set(PLOVER_TYPES)
    assert {e["modality"] for r in records for e in r["events"]} == set(MODALITIES)
    assert len({r["text"] for r in records}) == len(records)
    assert sum(1 for r in records if r["category"] == "NONE") >= 30


@pytest.mark.parametrize("metric", sorted(FLOORS))
def test_dev_set_scores_stay_above_their_floors(dev_result, metric):
    metrics, misses = dev_result
    assert metrics[metric] >= FLOORS[metric], (metric, round(metrics[metric], 4), misses[:40])

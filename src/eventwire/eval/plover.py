"""PLOVER gold-standard records (plover-gsr): event type, mode and actor accuracy.

Gold: ``plover-gsr/PLOVER_GSR_CAMEO.txt`` (JSON array; 322 sentences from the CAMEO 1.1b3 manual recoded to
PLOVER 0.6 by the Open Event Data Alliance; CC BY-SA 4.0; the DOCUMENT record is skipped). Each sentence is coded
on its own with ``eventwire.extract`` semantics and publication date 2000-01-01 (the gold date).

Metrics (a sentence's *matched events* are its coded events whose type equals the gold type):

* ``type_accuracy``: share of sentences whose gold type is among the coded types.
* ``macro_f1`` (and ``macro_precision``/``macro_recall``): per-type P/R/F1 averaged over the 18 PLOVER types, where a
  sentence's predicted label is the gold type if coded, else its first coded type, else NONE.
* ``precision``: share of coded events whose type equals the gold type; ``extra_events_per_sentence`` (details:
  lower is better, and floors are minimums): coded events of another type, per sentence.
* ``mode_accuracy``: over sentences with a gold mode, share where a matched event has that mode (GSR mode names
  are aliased to ours, see MODE_ALIASES).
* ``source_iso3_accuracy`` / ``target_iso3_accuracy``: over sentences with a gold source/target, share where a
  matched event's source/target is one of the gold actors (ISO3; IGO/NGO/IMG actors match the gold IGO/NGO/IMG
  codes; the GSR uses IGO and NGO interchangeably for international organisations, so they match each other). A reciprocal event's two actors both count as sources (the GSR marks them SRC/TAR); missing events or
  actors count as wrong.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..records import Actor, Event
from .common import EvalReport, prf, require

NAME = "plover"
PUBLISHED = "2000-01-01"

# GSR codes that are not ISO 3166 alpha-3 (typos and pre-ISO habits in the 2016 file) -> ISO3.
CODE_ALIASES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# GSR (PLOVER 0.6) mode names -> ours (PLOVER 2.0 names where 0.6 split what a sentence cannot tell apart).
MODE_ALIASES = {
    "demo-org": "demo",
    "demo-spon": "demo",
    "riot-org": "riot",
    "riot-spon": "riot",
    "strike-gen": "strike",
    "strike-lim": "strike",
    "strike-hun": "hunger",
    # PLOVER 0.6 "host"; the current manual codes hosting as "visit" with the visitor as actor
    "host": "visit",
}
NON_STATE = ("IGO", "NGO", "IMG")


def load_gold(datasets: Path) -> list[dict[str, Any]]:
    """The 322 gold records (DOCUMENT header skipped)."""
    path = require(datasets / "plover-gsr" / "PLOVER_GSR_CAMEO.txt")
    records = json.loads(path.read_text(encoding="utf-8"))
    return [r for r in records if r.get("event") != "DOCUMENT"]


def gold_codes(field: Any) -> set[str]:
    """Normalised actor codes of a gold source/target field (list of {code}, or "" / None / junk)."""
    if not isinstance(field, list):
        return set()
    out = set()
    for a in field:
        code = (a.get("code") or "").strip().upper() if isinstance(a, dict) else ""
        if code:
            out.add(CODE_ALIASES.get(code, code))
    return out


def actor_codes(actor: Actor | None) -> set[str]:
    """Codes an actor can match: its ISO3 country, and IGO/NGO/IMG for non-state actors. The GSR codes
    international non-governmental organisations (Amnesty International, the Red Cross) as "IGO" as often as
    "NGO", so an NGO actor also matches IGO and vice versa."""
    if actor is None:
        return set()
    out = set()
    if actor.country:
        out.add(actor.country)
    code = (actor.code or "").upper()
    for ns in NON_STATE:
        if code.startswith(ns) or actor.sector == ns or (ns == "IGO" and actor.kind == "igo"):
            out.add(ns)
    if out & {"IGO", "NGO"}:
        out |= {"IGO", "NGO"}
    return out


def score(gold: list[dict[str, Any]], coded: list[list[Event]]) -> EvalReport:
    """Score coded events against gold records (same order); the maths behind ``evaluate``."""
    from ..events.mapping import PLOVER_TYPES

    n = len(gold)
    hits = 0
    labels: list[tuple[str, str]] = []
    events_total = 0
    events_right = 0
    extra = 0
    mode_n = mode_ok = 0
    src_n = src_ok = 0
    tgt_n = tgt_ok = 0
    confusion: Counter[tuple[str, str]] = Counter()
    for rec, events in zip(gold, coded, strict=True):
        gtype = rec["event"]
        types = [e.event_type for e in events]
        matched = [e for e in events if e.event_type == gtype]
        events_total += len(events)
        events_right += len(matched)
        extra += len(events) - len(matched)
        if matched:
            hits += 1
            pred = gtype
        else:
            pred = types[0] if types else "NONE"
        labels.append((gtype, pred))
        confusion[(gtype, pred)] += 1
        gmode = (rec.get("mode") or "").strip()
        if gmode:
            mode_n += 1
            want = MODE_ALIASES.get(gmode, gmode)
            mode_ok += any((e.mode or "") == want for e in matched)
        gsrc = gold_codes(rec.get("source"))
        if gsrc:
            src_n += 1
            src_ok += any(
                (actor_codes(e.source) | (actor_codes(e.target) if e.reciprocal else set())) & gsrc
                for e in matched
            )
        gtgt = gold_codes(rec.get("target"))
        if gtgt:
            tgt_n += 1
            tgt_ok += any(
                (actor_codes(e.target) | (actor_codes(e.source) if e.reciprocal else set())) & gtgt
                for e in matched
            )
    per_type: dict[str, dict[str, float]] = {}
    f1s, ps, rs = [], [], []
    for t in PLOVER_TYPES:
        tp = sum(1 for g, p in labels if g == t and p == t)
        fp = sum(1 for g, p in labels if g != t and p == t)
        fn = sum(1 for g, p in labels if g == t and p != t)
        p, r, f = prf(tp, fp, fn)
        per_type[t] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn}
        f1s.append(f)
        ps.append(p)
        rs.append(r)
    metrics = {
        "type_accuracy": hits / n if n else 0.0,
        "macro_f1": sum(f1s) / len(f1s),
        "macro_precision": sum(ps) / len(ps),
        "macro_recall": sum(rs) / len(rs),
        "precision": events_right / events_total if events_total else 0.0,
        "mode_accuracy": mode_ok / mode_n if mode_n else 0.0,
        "source_iso3_accuracy": src_ok / src_n if src_n else 0.0,
        "target_iso3_accuracy": tgt_ok / tgt_n if tgt_n else 0.0,
    }
    details = {
        # lower is better, so it is reported here rather than gated as a metric (floors are minimums)
        "extra_events_per_sentence": round(extra / n, 4) if n else 0.0,
        "per_type": per_type,
        "counts": {
            "sentences": n,
            "events": events_total,
            "mode_scored": mode_n,
            "source_scored": src_n,
            "target_scored": tgt_n,
            "no_event": sum(1 for _, p in labels if p == "NONE"),
        },
        "top_confusions": [
            {"gold": g, "predicted": p, "n": c} for (g, p), c in confusion.most_common() if g != p
        ][:15],
        "conventions": "type/mode/actors judged on coded events of the gold type; reciprocal actors count both ways;"
        f" code aliases {CODE_ALIASES}; mode aliases {MODE_ALIASES}",
    }
    return EvalReport(NAME, metrics, details, n=n)


def evaluate(datasets: Path, *, limit: int | None = None) -> EvalReport:
    """Code every GSR sentence and score it (see module docstring)."""
    from ..events import build_article, code_articles

    gold = load_gold(datasets)
    if limit is not None:
        gold = gold[:limit]
    articles = [build_article(r["text"], PUBLISHED) for r in gold]
    coded = code_articles(articles)
    report = score(gold, coded)
    return report

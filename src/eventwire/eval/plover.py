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
from dataclasses import dataclass, field
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


@dataclass(slots=True)
class _Tally:
    """Running counts of ``score`` over the gold sentences."""

    hits: int = 0
    labels: list[tuple[str, str]] = field(default_factory=list)
    events_total: int = 0
    events_right: int = 0
    extra: int = 0
    mode_n: int = 0
    mode_ok: int = 0
    src_n: int = 0
    src_ok: int = 0
    tgt_n: int = 0
    tgt_ok: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)

    def add(self, rec: dict[str, Any], events: list[Event]) -> None:
        """Count one gold record against its coded events."""
        gtype = rec["event"]
        types = [e.event_type for e in events]
        matched = [e for e in events if e.event_type == gtype]
        self.events_total += len(events)
        self.events_right += len(matched)
        self.extra += len(events) - len(matched)
        if matched:
            self.hits += 1
            pred = gtype
        else:
            pred = types[0] if types else "NONE"
        self.labels.append((gtype, pred))
        self.confusion[(gtype, pred)] += 1
        gmode = (rec.get("mode") or "").strip()
        if gmode:
            self.mode_n += 1
            want = MODE_ALIASES.get(gmode, gmode)
            self.mode_ok += any((e.mode or "") == want for e in matched)
        gsrc = gold_codes(rec.get("source"))
        if gsrc:
            self.src_n += 1
            self.src_ok += _actor_found(matched, gsrc, target=False)
        gtgt = gold_codes(rec.get("target"))
        if gtgt:
            self.tgt_n += 1
            self.tgt_ok += _actor_found(matched, gtgt, target=True)


def _actor_found(matched: list[Event], gold: set[str], *, target: bool) -> bool:
    """A matched event's source (``target``: its target) is a gold actor; a reciprocal event's other actor
    counts as well."""
    for e in matched:
        own, other = (e.target, e.source) if target else (e.source, e.target)
        if (actor_codes(own) | (actor_codes(other) if e.reciprocal else set())) & gold:
            return True
    return False


def _per_type(
    labels: list[tuple[str, str]],
) -> tuple[dict[str, dict[str, float]], list[float], list[float], list[float]]:
    """Per-type P/R/F1 rows over the PLOVER types, and the lists of F1s, precisions and recalls to average."""
    from ..events.mapping import PLOVER_TYPES

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
    return per_type, f1s, ps, rs


def _details(tally: _Tally, per_type: dict[str, dict[str, float]], n: int) -> dict[str, Any]:
    """The report details: extra events, per-type scores, counts and the top confusions."""
    return {
        # lower is better, so it is reported here rather than gated as a metric (floors are minimums)
        "extra_events_per_sentence": round(tally.extra / n, 4) if n else 0.0,
        "per_type": per_type,
        "counts": {
            "sentences": n,
            "events": tally.events_total,
            "mode_scored": tally.mode_n,
            "source_scored": tally.src_n,
            "target_scored": tally.tgt_n,
            "no_event": sum(1 for _, p in tally.labels if p == "NONE"),
        },
        "top_confusions": [
            {"gold": g, "predicted": p, "n": c} for (g, p), c in tally.confusion.most_common() if g != p
        ][:15],
        "conventions": "type/mode/actors judged on coded events of the gold type; reciprocal actors count both ways;"
        f" code aliases {CODE_ALIASES}; mode aliases {MODE_ALIASES}",
    }


def score(gold: list[dict[str, Any]], coded: list[list[Event]]) -> EvalReport:
    """Score coded events against gold records (same order); the maths behind ``evaluate``."""
    n = len(gold)
    tally = _Tally()
    for rec, events in zip(gold, coded, strict=True):
        tally.add(rec, events)
    per_type, f1s, ps, rs = _per_type(tally.labels)
    metrics = {
        "type_accuracy": tally.hits / n if n else 0.0,
        "macro_f1": sum(f1s) / len(f1s),
        "macro_precision": sum(ps) / len(ps),
        "macro_recall": sum(rs) / len(rs),
        "precision": tally.events_right / tally.events_total if tally.events_total else 0.0,
        "mode_accuracy": tally.mode_ok / tally.mode_n if tally.mode_n else 0.0,
        "source_iso3_accuracy": tally.src_ok / tally.src_n if tally.src_n else 0.0,
        "target_iso3_accuracy": tally.tgt_ok / tally.tgt_n if tally.tgt_n else 0.0,
    }
    return EvalReport(NAME, metrics, _details(tally, per_type, n), n=n)


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

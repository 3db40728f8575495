"""Event coding on whole real news articles: the hand-labelled ECB+ gold set (``eventwire eval news``).

The gold (``eval/news_gold/{dev,test}.jsonl``, coding manual in ``eval/news_gold/GUIDELINES.md``) records,
for whole ECB+ articles (Cybulska & Vossen 2014, CC BY 3.0; texts read from ``../shared/datasets/ecbplus``),
every event a careful PLOVER coder would record, and which articles hold no political event at all.
Odd ECB+ topics are the dev split, even topics the test split (never tuned on).

Each article goes through the same path as ``eventwire ingest``: a plain-text ``Document`` is cleaned and
split (``clean_document``: chrome, title, publication date from the header), then coded
(``code_articles``). Scoring is per article:

- A coded event **matches** a gold event when the types are equal and the source and target countries
  agree (a reciprocal event on either side matches in either direction; a missing target matches a
  missing target). One-to-one, greedy, same-sentence pairs first.
- A **neighbour match** is the same with a neighbouring PLOVER type (``events.mapping.NEIGHBOUR_PAIRS``): counted separately,
  never as a match.
- A coded event that repeats a gold event already matched in the same article (the headline and the
  lead, say) is a **duplicate**: the store merges such mentions, so it is neither right nor wrong here;
  ``duplicates_per_article`` reports how many there are.
- Gold events whose note starts with ``borderline`` are not required (no recall loss) and a coded event
  matching one is not a false positive.
- **Field accuracy** is measured on *anchored* pairs: a coded event whose evidence is one of the gold
  event's sentences, with the same type. On those pairs: source and target ISO3 and sector, modality,
  mode, date (value and precision) and location country.
- ``events_per_nonpolitical_article``: coded events per article the gold says holds no political event.

Metrics are reported for dev, test and all; floors gate the ``test_*`` and overall metrics.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..records import Actor, Event
from .common import EvalReport, require

NAME = "news"
GOLD_DIR = Path(__file__).with_name("news_gold")
SPLITS = ("dev", "test")


def neighbours(a: str, b: str) -> bool:
    from ..events.mapping import neighbours_of

    return b in neighbours_of(a)


# --- ECB+ text -> plain news text ------------------------------------------------------------------

_SPACE_BEFORE = re.compile(r" ([.,;:!?%)\]}]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b|n't\b|'(?=\s|$))")
_SPACE_AFTER = re.compile(r"([(\[{$]) ")


# ECB+ splits numbers, times, dates and compounds at their punctuation: "12: 50 PM", "2013 - 09 - 26",
# "10 / 25 / 11", "6. 1 - magnitude", "a. m.", "16 - year - old", "hit - and - run".
_SPLIT_NUMBER = re.compile(r"(?<=\d)([:./]) (?=\d)|(?<=\d) ([:/]) (?=\d)")
_SPLIT_HYPHEN = re.compile(r"(?<=[0-9a-z]) - (?=[0-9a-z])")
_SPLIT_AMPM = re.compile(r"\b([ap])\. m\.", re.IGNORECASE)


def detokenise(sentence: str) -> str:
    """Undo ECB+ tokenisation (``teenager 's shooting .`` -> ``teenager's shooting.``, ``12: 50 PM`` -> ``12:50
    PM``, ``2013 - 09 - 26`` -> ``2013-09-26``); quotes become straight."""
    s = sentence.replace("``", '"').replace("''", '"')
    s = _SPLIT_AMPM.sub(lambda m: f"{m.group(1)}.m.", s)
    s = _SPLIT_NUMBER.sub(lambda m: m.group(1) or m.group(2), s)
    s = _SPLIT_HYPHEN.sub("-", s)
    s = _SPACE_BEFORE.sub(r"\1", s)
    s = _SPACE_AFTER.sub(r"\1", s)
    s = _SPLIT_AMPM.sub(lambda m: f"{m.group(1)}.m.", s)
    # a pair of straight quotes: no space inside them
    s = re.sub(r'"\s+([^"]*?)\s+"', r'"\1"', s)
    return s


@dataclass(slots=True)
class GoldDoc:
    doc_id: str
    split: str
    political: bool
    events: list[dict[str, Any]]
    text: str
    spans: list[tuple[int, int, int]]  # (sentence n, char start, char end) in ``text``


def load_gold(datasets: Path, splits: tuple[str, ...] = SPLITS) -> list[GoldDoc]:
    """Gold articles with their plain text, rebuilt from the ECB+ sentences (one line each)."""
    docs_path = require(datasets / "ecbplus" / "ecbplus_docs.jsonl")
    ecb = {}
    for line in docs_path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            ecb[d["doc_id"]] = d
    out: list[GoldDoc] = []
    for split in splits:
        path = GOLD_DIR / f"{split}.jsonl"
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            g = json.loads(line)
            src = ecb.get(g["doc_id"])
            if src is None:
                raise ValueError(f"gold article {g['doc_id']} is not in {docs_path}")
            parts: list[str] = []
            spans: list[tuple[int, int, int]] = []
            pos = 0
            for s in src["sentences"]:
                text = detokenise(s["text"])
                spans.append((s["n"], pos, pos + len(text)))
                parts.append(text)
                pos += len(text) + 1
            out.append(
                GoldDoc(
                    doc_id=g["doc_id"],
                    split=g.get("split", split),
                    political=bool(g.get("political", bool(g.get("events")))),
                    events=list(g.get("events") or []),
                    text="\n".join(parts),
                    spans=spans,
                )
            )
    return out


# --- coding ------------------------------------------------------------------------------------------


def code_gold(docs: list[GoldDoc]) -> list[list[tuple[Event, set[int]]]]:
    """Clean and code each gold article as ingest would; each event with the ECB+ sentence numbers its
    evidence overlaps."""
    from ..clean import clean_document
    from ..events import code_articles
    from ..options import Options
    from ..records import Document, stable_id

    opts = Options()
    articles = []
    owners: list[int] = []
    for i, d in enumerate(docs):
        doc = Document(doc_id=stable_id("news-gold", d.doc_id), path=f"ecbplus/{d.doc_id}", record=0,
                       kind="text", content=d.text, fmt="txt")  # fmt: skip
        for art in clean_document(doc, opts).articles:
            articles.append(art)
            owners.append(i)
    coded = code_articles(articles) if articles else []
    out: list[list[tuple[Event, set[int]]]] = [[] for _ in docs]
    for art, owner, events in zip(articles, owners, coded, strict=True):
        for ev in events:
            out[owner].append((ev, _sentences_of(ev, art.text, docs[owner])))
    return out


def _sentences_of(ev: Event, article_text: str, doc: GoldDoc) -> set[int]:
    """ECB+ sentence numbers an event's evidence overlaps (the cleaner may drop or rejoin lines, so the
    evidence sentence is located in the gold text by its words)."""
    found: set[int] = set()
    for evd in ev.evidence:
        sentence = (evd.sentence or article_text[evd.char_start : evd.char_end]).strip()
        if not sentence:
            continue
        at = doc.text.find(sentence)
        if at >= 0:
            end = at + len(sentence)
            found |= {n for n, s, e in doc.spans if s < end and at < e}
            continue
        words = set(re.findall(r"\w+", sentence.lower()))
        best, best_n = 0.0, None
        for n, s, e in doc.spans:
            other = set(re.findall(r"\w+", doc.text[s:e].lower()))
            if other and words:
                j = len(words & other) / len(words | other)
                if j > best:
                    best, best_n = j, n
        if best_n is not None and best >= 0.5:
            found.add(best_n)
    return found


# --- scoring -----------------------------------------------------------------------------------------


def _country(actor: Actor | None) -> str | None:
    return actor.country if actor is not None else None


def _gold_country(side: dict[str, Any] | None) -> str | None:
    return (side or {}).get("iso3") or None


def _countries_agree(ev: Event, g: dict[str, Any]) -> bool:
    ps, pt = _country(ev.source), _country(ev.target)
    gs, gt = _gold_country(g.get("source")), _gold_country(g.get("target"))
    if (ps, pt) == (gs, gt):
        return True
    return bool(g.get("reciprocal") or ev.reciprocal) and (pt, ps) == (gs, gt)


def _borderline(g: dict[str, Any]) -> bool:
    return str(g.get("note") or "").lower().startswith("borderline")


def _gold_sentences(g: dict[str, Any]) -> set[int]:
    return {int(g["sentence"]), *(int(n) for n in g.get("also") or [])}


def match_article(gold: list[dict[str, Any]], coded: list[tuple[Event, set[int]]]) -> dict[str, Any]:
    """Match one article's coded events to its gold events (see module docstring)."""
    pairs: list[tuple[int, int, int]] = []  # (priority, coded index, gold index)
    for ci, (ev, sents) in enumerate(coded):
        for gi, g in enumerate(gold):
            if ev.event_type == g["type"] and _countries_agree(ev, g):
                pairs.append((0 if sents & _gold_sentences(g) else 1, ci, gi))
    pairs.sort()
    matched_c: dict[int, int] = {}
    matched_g: set[int] = set()
    for _, ci, gi in pairs:
        if ci not in matched_c and gi not in matched_g:
            matched_c[ci] = gi
            matched_g.add(gi)
    duplicates = 0
    false_pos: list[int] = []
    neighbour = 0
    for ci, (ev, _) in enumerate(coded):
        if ci in matched_c:
            continue
        same = [gi for _, c, gi in pairs if c == ci]
        if any(gi in matched_g for gi in same):
            duplicates += 1
            continue
        if any(_borderline(gold[gi]) for gi in same):
            continue
        false_pos.append(ci)
        if any(neighbours(ev.event_type, g["type"]) and _countries_agree(ev, g) for g in gold):
            neighbour += 1
    required = [gi for gi, g in enumerate(gold) if not _borderline(g)]
    tp = sum(1 for gi in matched_g if not _borderline(gold[gi]))
    # anchored pairs for field accuracy: same sentence, same type (countries may differ)
    anchored: list[tuple[Event, dict[str, Any]]] = []
    used: set[int] = set()
    for g in gold:
        for ci, (ev, sents) in enumerate(coded):
            if ci not in used and ev.event_type == g["type"] and sents & _gold_sentences(g):
                anchored.append((ev, g))
                used.add(ci)
                break
    return {
        "tp": tp,
        "coded": len(coded),
        "fp": len(false_pos),
        "neighbour_fp": neighbour,
        "gold": len(required),
        "duplicates": duplicates,
        "anchored": anchored,
        "false_positives": [coded[ci][0] for ci in false_pos],
        "missed": [gold[gi] for gi in required if gi not in matched_g],
    }


def _field_scores(anchored: list[tuple[Event, dict[str, Any]]]) -> dict[str, float]:
    if not anchored:
        return {}
    hits: Counter[str] = Counter()
    for ev, g in anchored:
        rev = bool(g.get("reciprocal") or ev.reciprocal)
        gs, gt = g.get("source") or {}, g.get("target") or {}
        src, tgt = ev.source, ev.target
        if rev and _country(src) != (gs.get("iso3") or None) and _country(tgt) == (gs.get("iso3") or None):
            src, tgt = tgt, src
        hits["source_iso3"] += _country(src) == (gs.get("iso3") or None)
        hits["target_iso3"] += _country(tgt) == (gt.get("iso3") or None)
        hits["source_sector"] += (src.sector if src else None) == (gs.get("sector") or None)
        hits["target_sector"] += (tgt.sector if tgt else None) == (gt.get("sector") or None)
        hits["modality"] += ev.modality == g.get("modality", "asserted")
        hits["mode"] += (ev.mode or None) == (g.get("mode") or None)
        hits["date"] += (ev.date or None) == (g.get("date") or None)
        loc = ev.location.country if ev.location else None
        hits["location_iso3"] += loc == ((g.get("location") or {}).get("iso3") or None)
    return {f"{k}_accuracy": v / len(anchored) for k, v in hits.items()}


def _group_metrics(
    prefix: str,
    idx: list[int],
    docs: list[GoldDoc],
    coded: list[list[tuple[Event, set[int]]]],
    results: list[dict[str, Any]],
) -> tuple[dict[str, float], dict[str, int]]:
    """Metrics (keys starting with ``prefix``) and counts of one group of articles (a split, or all)."""
    metrics: dict[str, float] = {}
    tp = sum(results[i]["tp"] for i in idx)
    fp = sum(results[i]["fp"] for i in idx)
    gold_n = sum(results[i]["gold"] for i in idx)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / gold_n if gold_n else 0.0
    metrics[f"{prefix}event_precision"] = p
    metrics[f"{prefix}event_recall"] = r
    metrics[f"{prefix}event_f1"] = 2 * p * r / (p + r) if p + r else 0.0
    nfp = sum(results[i]["neighbour_fp"] for i in idx)
    metrics[f"{prefix}neighbour_precision"] = (tp + nfp) / (tp + fp) if tp + fp else 0.0
    nonpol = [i for i in idx if not docs[i].political]
    metrics[f"{prefix}events_per_nonpolitical_article"] = (
        sum(len(coded[i]) for i in nonpol) / len(nonpol) if nonpol else 0.0
    )
    metrics[f"{prefix}duplicates_per_article"] = sum(results[i]["duplicates"] for i in idx) / len(idx)
    for k, v in _field_scores([pair for i in idx for pair in results[i]["anchored"]]).items():
        metrics[f"{prefix}{k}"] = v
    counts = {"articles": len(idx), "gold_events": gold_n, "matched": tp,
              "false_positives": fp, "nonpolitical_articles": len(nonpol)}  # fmt: skip
    return metrics, counts


def _add_article_details(
    details: dict[str, Any], d: GoldDoc, res: dict[str, Any], c: list[tuple[Event, set[int]]]
) -> None:
    """Append one article's row and its first false-positive and missed examples to ``details``."""
    details["per_article"].append(
        {
            "doc_id": d.doc_id,
            "split": d.split,
            "gold": res["gold"],
            "coded": len(c),
            "matched": res["tp"],
            "duplicates": res["duplicates"],
        }
    )
    for ev in res["false_positives"][:3]:
        details["false_positive_examples"].append(
            {
                "doc_id": d.doc_id,
                "type": ev.event_type,
                "source": _country(ev.source),
                "target": _country(ev.target),
                "sentence": ev.evidence[0].sentence if ev.evidence else "",
            }  # fmt: skip
        )
    for g in res["missed"][:3]:
        details["missed_examples"].append(
            {
                "doc_id": d.doc_id,
                "type": g["type"],
                "source": _gold_country(g.get("source")),
                "target": _gold_country(g.get("target")),
                "trigger": g.get("trigger"),
            }  # fmt: skip
        )


def score(docs: list[GoldDoc], coded: list[list[tuple[Event, set[int]]]]) -> EvalReport:
    """Per-article matching, aggregated per split and overall."""
    metrics: dict[str, float] = {}
    details: dict[str, Any] = {"per_article": [], "false_positive_examples": [], "missed_examples": []}
    groups: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        groups[d.split].append(i)
        groups["all"].append(i)
    results = [match_article(d.events, c) for d, c in zip(docs, coded, strict=True)]
    for name, idx in groups.items():
        group_metrics, counts = _group_metrics("" if name == "all" else f"{name}_", idx, docs, coded, results)
        metrics.update(group_metrics)
        details[f"{name}_counts"] = counts
    for d, res, c in zip(docs, results, coded, strict=True):
        _add_article_details(details, d, res, c)
    lower = [k for k in metrics if k.endswith(("events_per_nonpolitical_article", "duplicates_per_article"))]
    return EvalReport(NAME, metrics, details, n=len(docs), lower_is_better=lower)


def agreement(first: list[dict[str, Any]], second: list[dict[str, Any]]) -> dict[str, float]:
    """Inter-annotator agreement of two codings of the same articles (gold JSON lines): the share of articles both
    call political or not, and event F1 where an event matches on type and source and target countries (reciprocal
    either way); borderline events of either annotator are left out."""
    other = {r["doc_id"]: r for r in second}
    both = [(a, other[a["doc_id"]]) for a in first if a["doc_id"] in other]
    same_political = matched = n_first = n_second = 0
    for a, b in both:
        same_political += bool(a["political"]) == bool(b["political"])
        ea = [e for e in a["events"] if not _borderline(e)]
        eb = [e for e in b["events"] if not _borderline(e)]
        used: set[int] = set()
        for e in ea:
            for j, f in enumerate(eb):
                if j not in used and e["type"] == f["type"] and _gold_pair_agrees(e, f):
                    used.add(j)
                    break
        matched += len(used)
        n_first += len(ea)
        n_second += len(eb)
    p = matched / n_second if n_second else 0.0
    r = matched / n_first if n_first else 0.0
    return {"articles": float(len(both)), "political_agreement": same_political / len(both) if both else 0.0,
            "event_f1": 2 * p * r / (p + r) if p + r else 0.0}  # fmt: skip


def _gold_pair_agrees(a: dict[str, Any], b: dict[str, Any]) -> bool:
    pa = (_gold_country(a.get("source")), _gold_country(a.get("target")))
    pb = (_gold_country(b.get("source")), _gold_country(b.get("target")))
    return pa == pb or (bool(a.get("reciprocal") or b.get("reciprocal")) and pa == pb[::-1])


def evaluate(datasets: Path, *, limit: int | None = None) -> EvalReport:
    """Code every gold article as ingest would and score it (see module docstring)."""
    docs = load_gold(datasets)
    if limit is not None:
        docs = docs[:limit]
    return score(docs, code_gold(docs))

"""Measure actor resolution against gold actor annotations (a measurement, not a test).

    python -m eventwire.actors.measure [--datasets DIR] [--limit N] [--show-misses K]

- PLOVER-GSR (``plover-gsr/PLOVER_GSR_CAMEO.txt``): share of gold source/target actors whose ISO3 code (or
  IGO) ``resolve_actors`` finds on a mention overlapping the gold ``actorText`` in the sentence. This bounds
  the event coder's actor accuracy from above.
- PETR2-GSR (``petr2-gsr/petr2_gsr.jsonl``): share of gold actor country codes found among the sentence's
  mentions (the gold has codes, not spans).
- ConfliBERT CAMEO NER test (``conflibert-cameo/cameo_ner/test.txt``): share of gold actor spans (S/T/R)
  overlapped by at least one mention (span recall; the gold has no codes).

Gold data is read from the shared datasets folder and never copied; it is used to measure, not to fit.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import ActorMention, ArticleContext, resolve_actors

# Typos in the PLOVER-GSR codes that name an obvious country (JAP for Japan, ITL for Italy, VTN for Viet
# Nam); counted under the ISO code so the score measures the resolver, not the annotation.
GOLD_CODE_FIXES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
# The event coder's default actor-confidence threshold (eventwire.events.coder.MIN_ACTOR_CONFIDENCE): recall is
# also reported for mentions at or above it.
CODER_MIN_CONFIDENCE = 0.4


def _nlp():
    from ..nlp import get_nlp

    return get_nlp()


def _parse(texts: list[str]):
    return list(_nlp().pipe(texts, batch_size=64))


def _mentions(doc, published: str | None = None) -> list[ActorMention]:
    ctx = ArticleContext(published=published)
    out: list[ActorMention] = []
    for sent in doc.sents:
        ms = resolve_actors(sent, ctx)
        ctx.observe(ms)
        out += ms
    return out


def _gold_key(code: str) -> str | None:
    code = (code or "").strip().upper()
    if not code or code.startswith("---"):
        return None
    if code.startswith("IGO"):
        return "IGO"
    if code.startswith(("NGO", "IMG", "MNC")):
        return code[:3]
    return GOLD_CODE_FIXES.get(code[:3], code[:3])


def _mention_keys(m: ActorMention) -> set[str]:
    a = m.actor
    keys = set()
    if a.country:
        keys.add(a.country)
    if a.sector == "IGO" or (a.code or "").startswith("IGO"):
        keys.add("IGO")
    if (a.code or "").startswith("IMG"):
        keys.add("IMG")
    if a.sector == "NGO" or (a.code or "").startswith("NGO"):
        # PLOVER-GSR codes international NGOs (Amnesty, the Red Cross) as "IGO" as well.
        keys.update({"NGO", "IGO"})
    return keys


def _find(text: str, needle: str) -> tuple[int, int] | None:
    # "U.S. ... negotiators": the gold marks a discontinuous span; its first part locates it.
    needle = needle.split("...")[0].strip()
    if not needle:
        return None
    i = text.find(needle)
    if i < 0:
        i = text.lower().find(needle.lower())
    if i < 0:
        # Gold texts sometimes differ in spacing or hyphenation: match on words.
        words = re.findall(r"\w+", needle)
        if not words:
            return None
        pat = re.compile(r"\W+".join(re.escape(w) for w in words), re.I)
        m = pat.search(text)
        if m is None:
            # Discontinuous gold spans ("US forces" in "US and British forces"): locate the first word.
            m = re.search(r"\b" + re.escape(words[0]) + r"\b", text)
        return (m.start(), m.end()) if m else None
    return i, i + len(needle)


def measure_plover(datasets: Path, limit: int | None = None, show: int = 0) -> dict[str, Any]:
    """ISO3 recall of gold PLOVER-GSR actors on overlapping mentions (see module doc)."""
    records = [
        r
        for r in json.loads((datasets / "plover-gsr" / "PLOVER_GSR_CAMEO.txt").read_text())
        if r.get("event") != "DOCUMENT"
    ][:limit]
    texts = [r["text"].strip().strip("{}") for r in records]
    docs = _parse(texts)
    total = found = found_anywhere = found_confident = 0
    misses: list[str] = []
    for rec, text, doc in zip(records, texts, docs, strict=True):
        ms = _mentions(doc, "2000-01-01")
        for role in ("source", "target"):
            actors = rec.get(role)
            if not isinstance(actors, list):
                continue
            for g in actors:
                key = _gold_key(g.get("code", ""))
                if key is None:
                    continue
                total += 1
                span = _find(text, g.get("actorText", ""))
                hit_any = any(key in _mention_keys(m) for m in ms)
                found_anywhere += hit_any
                ok = False
                if span is not None:
                    cs, ce = span
                    ok = any(
                        key in _mention_keys(m)
                        and doc[m.start].idx < ce
                        and cs < doc[m.end - 1].idx + len(doc[m.end - 1])
                        for m in ms
                    )
                found += ok
                if span is not None:
                    found_confident += any(
                        key in _mention_keys(m)
                        and m.confidence >= CODER_MIN_CONFIDENCE
                        and doc[m.start].idx < ce
                        and cs < doc[m.end - 1].idx + len(doc[m.end - 1])
                        for m in ms
                    )
                if not ok and len(misses) < show:
                    got = "; ".join(f"{m.text}={m.actor.code or m.actor.country}" for m in ms)
                    misses.append(f"{rec['id']}: [{g.get('actorText')}] {key}\n    {text}\n    got: {got}")
    return {
        "n": total,
        "iso3_span_recall": found / total if total else 0.0,
        "iso3_span_recall_confident": found_confident / total if total else 0.0,
        "iso3_sentence_recall": found_anywhere / total if total else 0.0,
        "misses": misses,
    }


def measure_petr2(datasets: Path, limit: int | None = None, show: int = 0) -> dict[str, Any]:
    """Share of PETR2 gold actor countries found among the sentence's mentions."""
    records = [json.loads(line) for line in (datasets / "petr2-gsr" / "petr2_gsr.jsonl").open()][:limit]
    docs = _parse([r["text"] for r in records])
    total = found = 0
    misses: list[str] = []
    for rec, doc in zip(records, docs, strict=True):
        date = rec.get("date", "")
        published = f"{date[:4]}-{date[4:6]}-{date[6:8]}" if len(date) == 8 else None
        keys = set().union(*[_mention_keys(m) for m in _mentions(doc, published)] or [set()])
        for c in rec["codings"]:
            for code in (c["sourcecode"], c["targetcode"]):
                key = _gold_key(code)
                if key is None:
                    continue
                total += 1
                found += key in keys
                if key not in keys and len(misses) < show:
                    misses.append(f"{rec['id']}: {code} not in {sorted(keys)}\n    {rec['text']}")
    return {"n": total, "country_recall": found / total if total else 0.0, "misses": misses}


def _conll(path: Path) -> Iterable[tuple[list[str], list[str]]]:
    toks: list[str] = []
    tags: list[str] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            if toks:
                yield toks, tags
            toks, tags = [], []
            continue
        parts = line.rsplit(" ", 1)
        if len(parts) == 2:
            toks.append(parts[0])
            tags.append(parts[1])
    if toks:
        yield toks, tags


def measure_conflibert(datasets: Path, limit: int | None = None, show: int = 0) -> dict[str, Any]:
    """Span recall of ConfliBERT gold actor spans: share overlapped by at least one resolved mention."""
    sents = list(_conll(datasets / "conflibert-cameo" / "cameo_ner" / "test.txt"))[:limit]
    texts, spans = [], []
    for toks, tags in sents:
        text, offsets, cur = "", [], None
        gold: list[tuple[int, int]] = []
        for tok in toks:
            if text:
                text += " "
            offsets.append((len(text), len(text) + len(tok)))
            text += tok
        for (s, e), tag in zip(offsets, tags, strict=True):
            if tag.startswith("B-"):
                if cur:
                    gold.append(cur)
                cur = (s, e)
            elif tag.startswith("I-") and cur:
                cur = (cur[0], e)
            else:
                if cur:
                    gold.append(cur)
                cur = None
        if cur:
            gold.append(cur)
        texts.append(text)
        spans.append(gold)
    docs = _parse(texts)
    total = found = 0
    misses: list[str] = []
    for text, gold, doc in zip(texts, spans, docs, strict=True):
        ms = _mentions(doc)
        ranges = [(doc[m.start].idx, doc[m.end - 1].idx + len(doc[m.end - 1])) for m in ms]
        for s, e in gold:
            total += 1
            ok = any(a < e and s < b for a, b in ranges)
            found += ok
            if not ok and len(misses) < show:
                misses.append(f"[{text[s:e]}] in: {text}")
    return {"n": total, "span_recall": found / total if total else 0.0, "misses": misses}


def main(argv: list[str] | None = None) -> None:
    """Print the three measurements."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--datasets", help="gold data folder (default: ../shared/datasets)")
    ap.add_argument("--limit", type=int)
    ap.add_argument("--show-misses", type=int, default=0)
    ap.add_argument("--only", choices=["plover", "petr2", "conflibert"])
    args = ap.parse_args(argv)
    from ..eval.common import datasets_dir

    root = datasets_dir(args.datasets)
    for name, fn in (
        ("plover", measure_plover),
        ("petr2", measure_petr2),
        ("conflibert", measure_conflibert),
    ):
        if args.only and args.only != name:
            continue
        t0 = time.perf_counter()
        res = fn(root, args.limit, args.show_misses)
        misses = res.pop("misses")
        print(
            name,
            {k: round(v, 4) if isinstance(v, float) else v for k, v in res.items()},
            f"{time.perf_counter() - t0:.1f}s",
        )
        for m in misses:
            print("  MISS", m)


if __name__ == "__main__":
    main()

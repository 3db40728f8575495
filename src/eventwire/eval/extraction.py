"""Body-text extraction quality on the Scrapinghub/Zyte article-extraction benchmark.

Data: ``datasets/article-extraction-benchmark/`` (181 gzip HTML pages + ``ground-truth.json``).
Metric: the upstream ``evaluate.py`` (github.com/scrapinghub/article-extraction-benchmark) re-done
here so our numbers are comparable with its published table (trafilatura 2.0.0: F1 0.958,
precision 0.938, recall 0.978, accuracy 0.293):

* tokens are ``\\w+`` runs; each text becomes a bag of 4-token shingles;
* per page, TP/FP/FN are the shingle-count overlaps, normalised to sum to 1 so long pages do not
  weigh more;
* precision = mean of per-page TP/(TP+FP) over pages with TP+FP > 0, recall likewise over pages
  with TP+FN > 0 (a page with FP = FN = 0 scores 1); F1 = harmonic mean of those two means;
* accuracy = share of pages whose predicted token sequence equals the gold one exactly.

A second score, ``text_rules_f1``, measures the plain-text chrome rules alone: each page is flattened
to text the way a user pastes a whole page into a .txt file (``page_dump``), cut by
``eventwire.clean.text.split_text`` and scored with the same maths (all articles it keeps, joined).
"""

from __future__ import annotations

import gzip
import json
import random
import re
import resource
import statistics
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .common import EvalReport, require

NAME = "extraction"
# Shingle length of the upstream metric (string_shingle_matching(ngram_n=4)).
SHINGLE_N = 4
# Upstream reports bootstrap standard deviations over 1000 resamples; same here, with a fixed seed
# so the report is reproducible.
N_BOOTSTRAP = 1000
BOOTSTRAP_SEED = 0
# Pages listed as worst cases in the report details.
WORST_PAGES = 10
# The published upstream score for trafilatura 2.0.0 (README "Results of the latest evaluation").
UPSTREAM_TRAFILATURA = {"f1": 0.958, "precision": 0.938, "recall": 0.978, "accuracy": 0.293}

_TOKEN = re.compile(r"\w+", re.UNICODE | re.MULTILINE | re.IGNORECASE | re.DOTALL)

TpFpFn = tuple[float, float, float]


def tokenize(text: str) -> list[str]:
    """Upstream tokenisation: ``\\w+`` runs, case kept."""
    return _TOKEN.findall(text or "")


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = tokenize(text)
    grams = (tuple(tokens[i : i + SHINGLE_N]) for i in range(max(1, len(tokens) - SHINGLE_N + 1)))
    return Counter(g for g in grams if g)


def shingle_matching(true: str, pred: str) -> TpFpFn:
    """Normalised (TP, FP, FN) of 4-token shingles between a gold and a predicted body."""
    gold, guess = _shingles(true), _shingles(pred)
    tp = fp = fn = 0.0
    for key in gold.keys() | guess.keys():
        g, p = gold.get(key, 0), guess.get(key, 0)
        tp += min(g, p)
        fp += max(0, p - g)
        fn += max(0, g - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def precision_score(tp: float, fp: float, fn: float) -> float:
    """Upstream per-page precision (1 when nothing is missing or extra)."""
    if fp == fn == 0:
        return 1.0
    if tp == fp == 0:
        return 0.0
    return tp / (tp + fp)


def recall_score(tp: float, fp: float, fn: float) -> float:
    """Upstream per-page recall (1 when nothing is missing or extra)."""
    if fp == fn == 0:
        return 1.0
    if tp == fn == 0:
        return 0.0
    return tp / (tp + fn)


def metrics_from(rows: list[TpFpFn]) -> dict[str, float]:
    """Precision and recall averaged over pages, F1 of the two averages (upstream maths)."""
    precisions = [precision_score(*r) for r in rows if r[0] + r[1] > 0]
    recalls = [recall_score(*r) for r in rows if r[0] + r[2] > 0]
    p = statistics.mean(precisions) if precisions else 0.0
    r = statistics.mean(recalls) if recalls else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def _page_f1(row: TpFpFn) -> float:
    p, r = precision_score(*row), recall_score(*row)
    return 2 * p * r / (p + r) if p + r else 0.0


def _bootstrap_std(rows: list[TpFpFn], exact: list[float]) -> dict[str, float]:
    rng = random.Random(BOOTSTRAP_SEED)
    samples: dict[str, list[float]] = {}
    n = len(rows)
    for _ in range(N_BOOTSTRAP):
        idx = [rng.randrange(n) for _ in range(n)]
        for key, val in metrics_from([rows[i] for i in idx]).items():
            samples.setdefault(key, []).append(val)
        samples.setdefault("accuracy", []).append(statistics.mean(exact[i] for i in idx))
    return {f"{k}_std": round(statistics.stdev(v), 4) for k, v in samples.items() if len(v) > 1}


def _peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    # Linux reports KiB, macOS bytes.
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def load_benchmark(datasets: Path, limit: int | None = None) -> list[tuple[str, str, str]]:
    """(page id, url, gold body) for the benchmark pages, in id order, optionally the first N."""
    root = datasets / "article-extraction-benchmark"
    truth = json.loads(require(root / "ground-truth.json").read_text(encoding="utf-8"))
    require(root / "html")
    items = [(key, val.get("url", ""), val.get("articleBody", "")) for key, val in sorted(truth.items())]
    return items[:limit] if limit is not None else items


# Block elements that end a line when a whole page is flattened the way a browser's select-all +
# copy does (the "pasted page" input of the plain-text rules).
_PAGE_BLOCKS = (
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "td",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "figure",
    "figcaption",
)


def page_dump(html: str) -> str:
    """All visible text of a page, one line per block element: what a user gets by copying a whole
    page into a .txt file. Used to score the plain-text chrome rules on real site chrome."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.document_fromstring(html.encode("utf-8", "surrogatepass"))
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//head|//script|//style|//noscript|//template"):
        bad.drop_tree()
    for el in root.iter(*_PAGE_BLOCKS):
        el.tail = "\n" + (el.tail or "")
    return str(root.text_content())


@dataclass(slots=True)
class _Run:
    """What ``evaluate`` gathers page by page."""

    rows: list[TpFpFn] = field(default_factory=list)
    exact: list[float] = field(default_factory=list)
    pages: list[dict[str, Any]] = field(default_factory=list)
    extractors: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    dated: int = 0
    seconds: float = 0.0
    dump_rows: list[TpFpFn] = field(default_factory=list)
    rule_rows: list[TpFpFn] = field(default_factory=list)

    def extract(self, key: str, url: str, html: str) -> str:
        """The extracted body of one page (timed; its extractor, language and date counted), "" on failure."""
        from ..clean import extract_html

        t0 = time.perf_counter()
        try:
            result = extract_html(html, url=url or None)
            pred = result.text
            self.extractors[result.extractor] += 1
            self.languages[result.language or "none"] += 1
            self.dated += result.date is not None
        except Exception as exc:  # a failing page scores zero and is listed, the run goes on
            pred = ""
            self.errors.append(f"{key}: {type(exc).__name__}: {exc}")
        self.seconds += time.perf_counter() - t0
        return pred

    def add(self, key: str, url: str, gold: str, html: str) -> None:
        """Extract and score one page, and score the plain-text rules on the same page pasted as text."""
        from ..clean.text import split_text

        pred = self.extract(key, url, html)
        row = shingle_matching(gold, pred)
        self.rows.append(row)
        self.exact.append(float(tokenize(gold) == tokenize(pred)))
        # The plain-text rules on the whole page pasted as text (all articles they cut out of it).
        dump = page_dump(html)
        self.dump_rows.append(shingle_matching(gold, dump))
        self.rule_rows.append(shingle_matching(gold, "\n".join(a.text for a in split_text(dump))))
        self.pages.append(
            {
                "id": key,
                "url": url,
                "f1": round(_page_f1(row), 4),
                "precision": round(precision_score(*row), 4),
                "recall": round(recall_score(*row), 4),
                "pred_chars": len(pred),
                "gold_chars": len(gold),
            }
        )


def _details(run: _Run, rules: dict[str, float]) -> dict[str, Any]:
    """The report details: speed and memory, extractor passes, languages, text-rule scores, worst pages."""
    rows, dump_rows = run.rows, run.dump_rows
    return {
        "pages": len(rows),
        "articles_per_second": round(len(rows) / run.seconds, 2) if run.seconds else None,
        "extract_seconds": round(run.seconds, 2),
        "peak_rss_mb": _peak_rss_mb(),
        "upstream_trafilatura_2_0_0": UPSTREAM_TRAFILATURA,
        "extractor_pass": dict(run.extractors),
        "languages": dict(run.languages.most_common()),
        "meta_date_found": round(run.dated / len(rows), 4) if rows else 0.0,
        # Plain-text rules (eventwire.clean.text) on whole pages flattened to text, against the raw
        # flattened text: how much real site chrome the rules remove without losing the article.
        "text_rules": {k: round(v, 4) for k, v in rules.items()},
        "page_dump_baseline": {k: round(v, 4) for k, v in metrics_from(dump_rows).items()}
        if dump_rows
        else {},
        "worst_pages": sorted(run.pages, key=lambda p: p["f1"])[:WORST_PAGES],
        "errors": run.errors,
    }


def evaluate(datasets: Path, *, limit: int | None = None) -> EvalReport:
    """Score ``eventwire.clean.extract_html`` against the benchmark's gold article bodies."""
    root = datasets / "article-extraction-benchmark" / "html"
    run = _Run()
    for key, url, gold in load_benchmark(datasets, limit):
        with gzip.open(require(root / f"{key}.html.gz"), "rt", encoding="utf-8") as fh:
            html = fh.read()
        run.add(key, url, gold, html)
    rows, exact = run.rows, run.exact
    metrics = metrics_from(rows) if rows else {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    metrics["accuracy"] = statistics.mean(exact) if exact else 0.0
    rules = metrics_from(run.rule_rows) if run.rule_rows else {"precision": 0.0, "recall": 0.0, "f1": 0.0}
    metrics["text_rules_f1"] = rules["f1"]
    details = _details(run, rules)
    if len(rows) > 1:
        details.update(_bootstrap_std(rows, exact))
    return EvalReport(name=NAME, metrics=metrics, details=details, n=len(rows))

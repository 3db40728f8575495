"""Draw events to judge by hand: the protocol behind docs/samples/judged-*.md.

    python tools/judge_sample.py WORKDIR [--datasets ../shared/datasets] [--docs 150] [--events 50] [--seed 7]
    python tools/judge_sample.py WORKDIR --input ../shared/datasets/article-extraction-benchmark/html --seed 59

1. ``WORKDIR/ecb_input.jsonl``: ``--docs`` ECB+ documents outside the news gold (dev, test and the second
   annotator's articles), drawn with ``random.Random(seed)`` from the sorted document ids; each with its ECB+ url, or
   ``https://ecbplus.invalid/<doc_id>`` when it has none, so that a judge can find the article.
2. ``eventwire ingest`` of that file into ``WORKDIR/ecb.duckdb``.
3. ``WORKDIR/sample.jsonl``: ``--events`` kept events (not merged into another), drawn with ``random.Random(seed)``
   from the event ids in sorted order, each with its first evidence sentence, its trigger and the whole article text,
   and empty verdict fields (real, type_ok, source_ok, target_ok, modality_ok, date_ok, fully_right, note) for the judge.

Judge each event against its article with the coding manual (src/eventwire/eval/news_gold/GUIDELINES.md) before
computing any total.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERDICTS = ("real", "type_ok", "source_ok", "target_ok", "modality_ok", "date_ok", "fully_right", "note")


def gold_ids() -> set[str]:
    from eventwire.eval.news import GOLD_DIR

    ids: set[str] = set()
    for name in ("dev.jsonl", "test.jsonl", "second_annotator.jsonl"):
        for line in (GOLD_DIR / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                ids.add(json.loads(line)["doc_id"])
    return ids


def build_input(datasets: Path, out: Path, n: int, seed: int) -> int:
    docs = {}
    for line in (datasets / "ecbplus" / "ecbplus_docs.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            docs[d["doc_id"]] = d
    pool = sorted(set(docs) - gold_ids())
    chosen = random.Random(seed).sample(pool, min(n, len(pool)))
    with out.open("w", encoding="utf-8") as fh:
        for doc_id in chosen:
            d = docs[doc_id]
            url = d.get("url") or f"https://ecbplus.invalid/{doc_id}"
            fh.write(json.dumps({"text": d["text"], "url": url}) + "\n")
    return len(chosen)


def draw(db: Path, n: int, seed: int) -> list[dict]:
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    ids = [
        r[0]
        for r in con.execute(
            "SELECT event_id FROM events WHERE merged_into IS NULL ORDER BY event_id"
        ).fetchall()
    ]
    picked = random.Random(seed).sample(ids, min(n, len(ids)))
    out = []
    for i, event_id in enumerate(picked):
        row = con.execute(
            "SELECT e.event_type, e.mode, e.modality, e.source_text, e.source_country, e.source_sector, e.target_text, "
            "e.target_country, e.target_sector, e.date, e.date_precision, v.sentence, v.trigger, v.url, a.text, "
            "a.published FROM events e JOIN evidence v USING (event_id) JOIN articles a ON a.article_id = v.article_id "
            "WHERE e.event_id = ? ORDER BY v.char_start LIMIT 1",
            [event_id],
        ).fetchone()
        keys = ("type", "mode", "modality", "s_text", "s_iso3", "s_sector", "t_text", "t_iso3", "t_sector", "date",
                "date_precision", "sentence", "trigger", "url", "article", "published")  # fmt: skip
        rec = dict(zip(keys, row, strict=True))
        out.append(
            {
                "idx": i,
                "event_id": event_id,
                "url": rec["url"],
                "sentence": rec["sentence"],
                "trigger": rec["trigger"],
                "type": rec["type"],
                "mode": rec["mode"],
                "source": [rec["s_text"], rec["s_iso3"], rec["s_sector"]],
                "target": [rec["t_text"], rec["t_iso3"], rec["t_sector"]],
                "modality": rec["modality"],
                "date": rec["date"],
                "published": rec["published"],
                "article": rec["article"],
            }  # fmt: skip
            | dict.fromkeys(VERDICTS)
        )
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("workdir", type=Path)
    ap.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    ap.add_argument("--docs", type=int, default=150)
    ap.add_argument("--events", type=int, default=50)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--input",
        type=Path,
        help="ingest this file or folder instead of drawing ECB+ documents (the web pages of the article-extraction "
        "benchmark: DATASETS/article-extraction-benchmark/html)",
    )
    args = ap.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    if args.input is not None:
        src, db = args.input, args.workdir / "input.duckdb"
    else:
        src, db = args.workdir / "ecb_input.jsonl", args.workdir / "ecb.duckdb"
        print(f"{build_input(args.datasets, src, args.docs, args.seed)} documents -> {src}")
    exe = Path(sys.executable).with_name("eventwire")
    subprocess.run([str(exe), "ingest", str(src), "--db", str(db), "--json"], check=True)
    sample = draw(db, args.events, args.seed)
    (args.workdir / "sample.jsonl").write_text(
        "".join(json.dumps(s) + "\n" for s in sample), encoding="utf-8"
    )
    print(f"{len(sample)} events -> {args.workdir / 'sample.jsonl'}")


if __name__ == "__main__":
    main()

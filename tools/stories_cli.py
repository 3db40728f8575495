"""ECB+ story clustering through the CLI, as a user would run it: the 982 documents written as JSON lines,
``eventwire ingest`` into a fresh store, ``eventwire stories -f jsonl``, then B-cubed and ARI against the 86
subtopics. A document without a stored article (rejected, e.g. ``too_short``) counts as a singleton.

    python tools/stories_cli.py [--datasets ../shared/datasets] [--workdir DIR] [--json OUT]

``eventwire eval stories`` clusters the same documents in-process on their raw text; this measures the whole
path (cleaning, coding, the global step, the CLI's output) and reports what was rejected and why.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path

import duckdb

from eventwire.eval.stories import adjusted_rand_index, bcubed, load_documents

ROOT = Path(__file__).resolve().parent.parent


def run(datasets: Path, workdir: Path, ingest: bool = True) -> dict:
    docs = load_documents(datasets / "ecbplus" / "ecbplus_docs.jsonl")
    src = workdir / "ecbplus.jsonl"
    with src.open("w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps({"id": d["doc_id"], "text": d["text"], "url": d.get("url")}) + "\n")
    db = workdir / "ecbplus.duckdb"
    cli = [sys.executable, "-m", "eventwire.cli"]
    if ingest:
        db.unlink(missing_ok=True)
        subprocess.run([*cli, "ingest", str(src), "--db", str(db)], check=True, capture_output=True)
    out = subprocess.run(
        [*cli, "stories", "--db", str(db), "-f", "jsonl"], check=True, capture_output=True, text=True
    ).stdout
    con = duckdb.connect(str(db), read_only=True)
    copies: dict[int, str] = {}
    record_of = dict(
        con.execute(
            "SELECT a.article_id, d.record FROM articles a JOIN documents d USING (doc_id)"
        ).fetchall()
    )
    rejects = Counter(r for (r,) in con.execute("SELECT reason FROM rejects").fetchall())
    # a document whose cleaned text repeats a stored article's (same article id) stored no article of its own:
    # it is in that article's story
    texts = con.execute("SELECT article_id, text FROM articles").fetchall()
    alone = [
        r
        for (r,) in con.execute(
            "SELECT d.record FROM documents d WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.doc_id = d.doc_id)"
        ).fetchall()
    ]
    for r in alone:
        raw = " ".join(docs[r]["text"].split())
        same = [aid for aid, t in texts if t and " ".join(t.split()) in raw]
        if same:
            copies[r] = max(same, key=lambda a: len(next(t for i, t in texts if i == a)))
    con.close()
    story_of: dict[int, str] = {}
    story_of_article: dict[str, str] = {}
    for line in out.splitlines():
        story = json.loads(line)
        for aid in story["article_ids"]:
            story_of_article[aid] = story["story_id"]
            if aid in record_of:
                story_of.setdefault(record_of[aid], story["story_id"])
    for r, aid in copies.items():
        if aid in story_of_article:
            story_of.setdefault(r, story_of_article[aid])
    # an exact copy of a stored document is skipped as a duplicate: it is in its original's story
    first_of: dict[str, int] = {}
    for i, d in enumerate(docs):
        first_of.setdefault(d["text"], i)
    pred = [story_of.get(i) or story_of.get(first_of[d["text"]]) or f"single-{i}" for i, d in enumerate(docs)]
    gold = [d["subtopic"] for d in docs]
    report: dict = {"documents": len(docs), "clustered": len(story_of), "rejects": dict(rejects)}
    for name, keep in (
        ("all", lambda d: True),
        ("dev", lambda d: d["topic"] % 2 == 1),
        ("test", lambda d: d["topic"] % 2 == 0),
    ):
        idx = [i for i, d in enumerate(docs) if keep(d)]
        p, r, f1 = bcubed([pred[i] for i in idx], [gold[i] for i in idx])
        ari = adjusted_rand_index([pred[i] for i in idx], [gold[i] for i in idx])
        report[name] = {
            "bcubed_p": round(p, 4),
            "bcubed_r": round(r, 4),
            "bcubed_f1": round(f1, 4),
            "ari": round(ari, 4),
        }
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--datasets", type=Path, default=ROOT.parent / "shared" / "datasets")
    ap.add_argument("--workdir", type=Path, default=None, help="keep the JSONL and the store here")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--score-only", action="store_true", help="score the store already in --workdir")
    args = ap.parse_args(argv)
    if args.workdir:
        args.workdir.mkdir(parents=True, exist_ok=True)
        report = run(args.datasets, args.workdir, ingest=not args.score_only)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            report = run(args.datasets, Path(tmp))
    text = json.dumps(report, indent=1)
    print(text)
    if args.json:
        args.json.write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

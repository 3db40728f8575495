"""A synthetic but realistic store, for API tests, demos and latency/load measurements.

``build_synthetic_store(path, n_events)`` writes stories of one dyad each, articles from several
outlets whose text contains the evidence sentences at the stored character offsets, events whose
PLOVER type, CAMEO code, QuadClass and Goldstein score agree (vocabulary in ``data/synthetic.json``),
merged duplicates (``merged_into``), every modality, day/month/unknown date precision, and a few
hostile strings (an article with ``<script>`` in its title and text, an ``onerror`` attribute in an
evidence sentence, a ``javascript:`` URL) that the dashboard must show as plain text.

Rows are built in Python lists and bulk-loaded through Arrow, so 100,000 events take seconds.

The store is a valid ingest target: every article has its ``article_signatures`` row (the clustering
features an ingest compares new articles with), with a real MinHash of its text but a made-up lead
embedding (one direction per story, plus noise: ``_signatures``), since embedding 50,000
articles would take the better part of an hour on 2 cores.
"""

from __future__ import annotations

import gc
import json
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyarrow as pa

from ..records import content_id, stable_id
from ..store import Store

DATA = Path(__file__).with_name("data") / "synthetic.json"
# Dates spread over two calendar years: long enough for week/month timelines, short enough that
# a day timeline stays under the API's point limit.
FIRST_DAY = date(2024, 1, 1)
SPAN_DAYS = 730
# Mean events per story (a story = one dyad's news over a few days, as in the seeds).
EVENTS_PER_STORY = 5
# Share of stories about one of the "hot" dyads; the rest pick two countries at random, so the
# network has a heavy core and a long tail like real news.
HOT_SHARE = 0.55
# Modalities and their shares: most coded events are asserted; the others must exist so that
# the default view (hiding historical/hypothetical) is exercised.
MODALITY_WEIGHTS = {
    "asserted": 0.82,
    "denied": 0.05,
    "intended": 0.06,
    "historical": 0.05,
    "hypothetical": 0.02,
}
# Share of events that also get an absorbed duplicate row (merged_into set), hidden by default.
MERGED_SHARE = 0.03
CODER_VERSION = "synthetic-1"
# How long serve_in_thread waits for uvicorn to start or stop.
SERVER_START_TIMEOUT_S = 30.0
_CONFIDENCES = '{{"type": {c}, "source": {c}, "target": {c}, "date": {c}, "place": {c}, "overall": {c}}}'

HOSTILE_TITLE = "<script>alert(1)</script> Border talks resume"
HOSTILE_SENTENCE_TAIL = ' <img src=x onerror="alert(2)"> according to officials.'


@lru_cache(maxsize=1)
def _vocab() -> dict[str, Any]:
    return json.loads(DATA.read_text(encoding="utf-8"))


def _pick_weighted(rng: random.Random, weights: dict[str, float]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


class _Builder:
    def __init__(self, n_events: int, seed: int):
        self.rng = random.Random(seed)
        self.v = _vocab()
        self.countries = {c[0]: c for c in self.v["countries"]}
        self.codes = list(self.countries)
        self.n_events = n_events
        self.events: list[dict[str, Any]] = []
        self.evidence: list[dict[str, Any]] = []
        self.mentions: list[dict[str, Any]] = []
        self.articles: list[dict[str, Any]] = []
        self.stories: list[dict[str, Any]] = []
        self.story_articles: list[dict[str, Any]] = []
        self.article_ids: set[str] = set()
        self.run_id = f"synthetic-{seed}"

    # ------------------------------------------------------------------ stories
    def build(self) -> None:
        """Generate stories until ``n_events`` visible events exist."""
        remaining = self.n_events
        n = 0
        while remaining > 0:
            k = min(remaining, max(1, int(self.rng.expovariate(1 / EVENTS_PER_STORY)) + 1))
            self._story(n, k)
            remaining -= k
            n += 1

    def _dyad(self, index: int) -> tuple[str, str, float]:
        if index == 0:
            return "PAK", "AFG", 1.0  # the first story is the hostile-strings one, always conflict
        if self.rng.random() < HOT_SHARE:
            a, b, p = self.rng.choice(self.v["hot_dyads"])
            return a, b, p
        a, b = self.rng.sample(self.codes, 2)
        return a, b, 0.35

    def _story(self, index: int, k: int) -> None:
        rng = self.rng
        a, b, p_conflict = self._dyad(index)
        start = FIRST_DAY + timedelta(days=rng.randrange(SPAN_DAYS - 10))
        span = rng.randint(0, 9)
        n_art = rng.randint(1, 5)
        outlets = rng.sample(self.v["outlets"], n_art)
        story_id = stable_id("story", str(index), a, b, start.isoformat())
        # per article: list of (sentence, event index or None)
        bodies: list[list[tuple[str, int | None]]] = [[] for _ in range(n_art)]
        story_events: list[int] = []
        types_seen: list[str] = []
        for j in range(k):
            hostile = index == 0 and j == 0
            ev_i, sentence = self._event(story_id, index, j, a, b, p_conflict, start, span, hostile)
            story_events.append(ev_i)
            types_seen.append(self.events[ev_i]["event_type"])
            for art_i in rng.sample(range(n_art), rng.randint(1, min(3, n_art))):
                bodies[art_i].append((sentence, ev_i))
        for art_i in range(n_art):
            self._article(story_id, index, art_i, outlets[art_i], start, bodies[art_i], a)
        art_ids = [r["article_id"] for r in self.articles[-n_art:]]
        ends = [self.events[i]["date"] for i in story_events if self.events[i]["date"]]
        self.stories.append(
            {
                "story_id": story_id,
                "title": HOSTILE_TITLE if index == 0 else self._title(a, b, types_seen),
                "start": start.isoformat(),
                "end": max(ends) if ends else start.isoformat(),
                "n_articles": n_art,
                "outlets": json.dumps(outlets),
                "dyads": json.dumps([f"{a}-{b}"]),
                "event_types": json.dumps(sorted(set(types_seen))),
                "updated_run": self.run_id,
            }
        )
        for aid in art_ids:
            self.story_articles.append({"story_id": story_id, "article_id": aid})
        for i in story_events:
            self.events[i]["story_id"] = story_id

    def _title(self, a: str, b: str, types: list[str]) -> str:
        main = max(set(types), key=types.count)
        n = len(types)
        return f"{self.countries[a][1]} and {self.countries[b][1]}: {main.lower()} ({n} event{'s' if n > 1 else ''})"

    # ------------------------------------------------------------------ events
    def _actor(self, code: str, role: str) -> dict[str, Any]:
        iso, name, capital = self.countries[code][:3]
        sector = self.rng.choice(self.v["sectors"])
        style = self.rng.random()
        text, kind = (capital, "capital") if style < 0.3 else (name, "country")
        return {f"{role}_text": text, f"{role}_name": name, f"{role}_country": iso, f"{role}_sector": sector,
                f"{role}_kind": kind, f"{role}_code": iso + sector}  # fmt: skip

    def _event(self, story_id: str, s_i: int, j: int, a: str, b: str, p_conflict: float, start: date,
               span: int, hostile: bool) -> tuple[int, str]:  # fmt: skip
        rng = self.rng
        conflict = set(self.v["conflict_types"])
        pool = [t for t in self.v["types"] if (t in conflict) == (rng.random() < p_conflict)]
        etype = "DISAPPROVE" if hostile else rng.choice(pool)
        spec = self.v["types"][etype]
        cameo, goldstein = rng.choice(spec["cameo"])
        root = cameo[:2]
        quad = 1 if root <= "05" else 2 if root <= "08" else 3 if root <= "13" else 4
        src, tgt = (a, b) if hostile or rng.random() < 0.6 else (b, a)
        source, target = self._actor(src, "source"), self._actor(tgt, "target")
        day = start + timedelta(days=rng.randint(0, span))
        r = rng.random()
        if r < 0.03:
            ev_date, precision, date_source = day.isoformat()[:7], "month", "text"
        elif r < 0.05:
            ev_date, precision, date_source = None, None, "none"
        else:
            ev_date, precision, date_source = day.isoformat(), "day", "text" if r < 0.6 else "published"
        modality = "asserted" if hostile else _pick_weighted(rng, MODALITY_WEIGHTS)
        template = spec["templates"][0] if hostile else rng.choice(spec["templates"])
        sentence = template.format(S=source["source_text"], T=target["target_text"])
        sentence = sentence[0].upper() + sentence[1:]
        sentence += HOSTILE_SENTENCE_TAIL if hostile else f" on {day:%A}, {day:%B} {day.day}."
        loc = self.countries[rng.choice((src, tgt))]
        event_id = stable_id("event", story_id, str(j), etype)
        conf = round(min(0.99, max(0.3, rng.gauss(0.72, 0.12))), 3)
        row = {
            "event_id": event_id, "story_id": story_id, "event_type": etype,
            "mode": "accuse" if hostile else rng.choice(spec["modes"]),
            "context": [rng.choice(["diplomatic", "economic", "military", "security"])],
            "modality": modality, **source, **target,
            "reciprocal": etype in ("CONSULT", "AGREE", "FIGHT", "COOPERATE") and rng.random() < 0.5,
            "date": ev_date, "date_precision": precision, "date_source": date_source,
            "location_name": loc[2], "location_country": loc[0], "lat": loc[3], "lon": loc[4],
            "location_precision": "city", "cameo_root": root, "cameo_code": cameo, "quad_class": quad,
            "goldstein": goldstein, "confidence": conf,
            "confidences": _CONFIDENCES.format(c=conf),
            "coder_version": CODER_VERSION, "num_articles": 0, "num_sources": 0, "num_mentions": 0,
            "agreements": json.dumps(["Memorandum of understanding on trade"] if etype == "AGREE" else []),
            "figures": "[]", "merged_into": None, "first_run": self.run_id, "updated_run": self.run_id,
        }  # fmt: skip
        self.events.append(row)
        ev_i = len(self.events) - 1
        if not hostile and rng.random() < MERGED_SHARE:
            dup = dict(row, event_id=stable_id("absorbed", event_id), merged_into=event_id)
            self.events.append(dup)
        return ev_i, sentence

    # ------------------------------------------------------------------ articles
    def _article(self, story_id: str, s_i: int, art_i: int, outlet: str, start: date,
                 body: list[tuple[str, int | None]], a: str) -> None:  # fmt: skip
        rng = self.rng
        published = start + timedelta(days=rng.randint(0, 3))
        city = self.countries[a][2].upper()
        hostile = s_i == 0 and art_i == 0
        parts: list[tuple[str, int | None]] = [(f"{city}, {published:%B} {published.day} ({outlet}) -", None)]
        if hostile:
            parts.append(("Readers posted <script>alert(1)</script> in the comments.", None))
        for sentence, ev_i in body:
            parts.append((sentence, ev_i))
            if rng.random() < 0.5:
                parts.append((rng.choice(self.v["fillers"]), None))
        text, offsets = "", []
        for sentence, ev_i in parts:
            if text:
                text += " "
            offsets.append((len(text), len(text) + len(sentence), sentence, ev_i))
            text += sentence
        article_id = content_id(text)
        while article_id in self.article_ids:  # identical bodies are rare; keep ids unique
            text += " " + rng.choice(self.v["fillers"])
            article_id = content_id(text)
        self.article_ids.add(article_id)
        url = (
            "javascript:alert(3)"
            if hostile
            else f"https://news.example.org/{outlet.split()[-1].lower()}/{article_id}"
        )
        self.articles.append({
            "article_id": article_id, "doc_id": stable_id("doc", article_id), "path": f"synthetic/{s_i}/{art_i}.txt",
            "part": 0, "title": HOSTILE_TITLE if hostile else self._article_title(a, s_i),
            "outlet": outlet, "url": url, "published": published.isoformat(), "published_precision": "day",
            "published_source": "dateline", "language": "en", "text": text, "page_date": None,
            "run_id": self.run_id, "ingested_at": datetime(2025, 12, 1), "story_id": story_id, "dup_of": None,
        })  # fmt: skip
        seen_outlets: dict[int, set[str]] = {}
        for start_c, end_c, sentence, ev_i in offsets:
            if ev_i is None:
                continue
            ev = self.events[ev_i]
            mention_id = stable_id("mention", article_id, str(start_c))
            self.evidence.append({
                "event_id": ev["event_id"], "mention_id": mention_id, "article_id": article_id,
                "sentence": sentence, "char_start": start_c, "char_end": end_c, "source_name": outlet,
                "url": url, "published": published.isoformat(), "trigger": sentence.split()[1],
            })  # fmt: skip
            self.mentions.append({
                "mention_id": mention_id, "article_id": article_id, "event_id": ev["event_id"],
                "payload": f'{{"event_type": "{ev["event_type"]}"}}', "sentence": sentence,
                "char_start": start_c, "char_end": end_c, "run_id": self.run_id,
            })  # fmt: skip
            ev["num_articles"] += 1
            ev["num_mentions"] += 1
            seen = seen_outlets.setdefault(ev_i, set())
            if outlet not in seen:
                seen.add(outlet)
                ev["num_sources"] += 1

    def _article_title(self, a: str, s_i: int) -> str:
        return f"{self.countries[a][1]} news update {s_i}"

    def finish(self) -> None:
        """Absorbed duplicates copy their survivor's counts; events keep at least one source."""
        by_id = {e["event_id"]: e for e in self.events}
        for e in self.events:
            if e["merged_into"]:
                main = by_id[e["merged_into"]]
                e["num_articles"], e["num_sources"], e["num_mentions"] = 1, 1, 1
                e["story_id"] = main["story_id"]
            e["num_sources"] = max(1, e["num_sources"])


@contextmanager
def serve_in_thread(app: Any, *, host: str = "127.0.0.1") -> Iterator[str]:
    """Run an ASGI app with uvicorn in a background thread on a free loopback port; yield its base URL.

    For tests and notebooks: the server stops (and the app's shutdown runs) when the block exits.
    """
    import socket
    import threading
    import time

    import uvicorn

    with socket.socket() as sock:
        sock.bind((host, 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host=host, port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, name="eventwire-test-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the test API server did not start")
        time.sleep(0.02)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(SERVER_START_TIMEOUT_S)


def _table(rows: list[dict[str, Any]]) -> pa.Table:
    # Column lists convert to Arrow far faster than a list of row dicts (from_pylist).
    return pa.table({k: [r[k] for r in rows] for k in rows[0]})


def _signatures(rows: list[dict[str, Any]]) -> pa.Table:
    """``article_signatures`` rows for the synthetic articles (``merge.signature_row``), with a real
    MinHash of each text and a made-up lead embedding: one unit direction per story plus noise."""
    import numpy as np

    from ..stories.dedup import minhash_signature
    from ..stories.embed import EMBED_DIM
    from ..stories.signatures import article_from_row, signature_row

    names = ("article_id", "minhash", "embedding", "names", "ordinals", "years", "ref_date", "facets",
             "outlet_key")  # fmt: skip
    cols: dict[str, list[Any]] = {n: [] for n in names}
    directions: dict[str, np.ndarray] = {}
    noise = np.random.default_rng(0)
    for r in rows:
        art = article_from_row(r)
        if r["story_id"] not in directions:
            directions[r["story_id"]] = noise.standard_normal(EMBED_DIM)
        vec = directions[r["story_id"]] + 0.3 * noise.standard_normal(EMBED_DIM)
        vec = (vec / np.linalg.norm(vec)).astype(np.float32)
        # the synthetic mentions carry only an event type, not Event records: no event facets
        row = signature_row(art, [], minhash_signature(art.text), vec)
        for n, v in zip(names, row, strict=True):
            cols[n].append(v)
    return pa.table({**cols, "minhash": pa.array(cols["minhash"], pa.list_(pa.uint64())),
                     "embedding": pa.array(cols["embedding"], pa.list_(pa.float32()))})  # fmt: skip


def build_synthetic_store(path: str, n_events: int, *, seed: int = 0) -> None:
    """Write a synthetic eventwire store with ``n_events`` visible events (plus absorbed duplicates).

    Deterministic for a given ``seed``. ``path`` must not hold a store yet (or hold an empty one).
    """
    if n_events < 1:
        raise ValueError("n_events must be at least 1")
    # Millions of small objects and no garbage cycles: the cyclic collector would only rescan them
    # (it costs more than half the build time at 100,000 events).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        _write(path, n_events, seed)
    finally:
        if gc_was_enabled:
            gc.enable()


def _write(path: str, n_events: int, seed: int) -> None:
    b = _Builder(n_events, seed)
    b.build()
    b.finish()
    tables = {
        "events": b.events,
        "evidence": b.evidence,
        "event_mentions": b.mentions,
        "articles": b.articles,
        "stories": b.stories,
        "story_articles": b.story_articles,
        "documents": [
            {
                "doc_id": r["doc_id"],
                "path": r["path"],
                "record": 0,
                "fmt": "txt",
                "url": r["url"],
                "size": len(r["text"].encode()),
                "encoding": "utf-8",
                "n_articles": 1,
                "run_id": b.run_id,
                "ingested_at": r["ingested_at"],
            }
            for r in b.articles
        ],  # fmt: skip
    }
    with Store.open(path) as store:
        store.con.execute("SET enable_progress_bar = false")
        with store.transaction() as con:
            for name, rows in tables.items():
                con.register("eventwire_rows", _table(rows))
                # Table names come from the fixed dict above; BY NAME matches columns whatever their order.
                con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM eventwire_rows")  # noqa: S608
                con.unregister("eventwire_rows")
            con.execute(
                "INSERT INTO runs (run_id, command, version, started_at, ended_at, status, inputs, documents, "
                "articles, events, stories, options) VALUES (?, 'synthetic', ?, ?, ?, 'done', ?, ?, ?, ?, ?, ?)",
                [b.run_id, CODER_VERSION, datetime(2025, 12, 1), datetime(2025, 12, 1), json.dumps(["synthetic"]),
                 len(b.articles), len(b.articles), len(b.events), len(b.stories), json.dumps({"seed": seed})],
            )  # fmt: skip
            # the features an ingest clusters new articles with: without them, its first ingest would
            # embed every synthetic article (54,734 at 100,000 events) in the global step
            con.register("eventwire_rows", _signatures(b.articles))
            con.execute("INSERT INTO article_signatures BY NAME SELECT * FROM eventwire_rows")
            con.unregister("eventwire_rows")

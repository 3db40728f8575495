"""Merge stage: per-sentence event mentions -> near-duplicates, stories, merged events with evidence.

Coded events arrive as *mentions* (one claim in one sentence of one article), stored by
``write_mentions`` in ``event_mentions`` with the whole record as JSON and no event yet. After all
batches of a run, ``finalize`` (the global step) does, for the articles and mentions still pending:

1. **signatures** (``article_signatures``): MinHash, lead vector, name terms, lead numbers,
   reference date, event facets, outlet key. A pure function of an article and its mentions, written
   in small transactions: a cache that a crash cannot make inconsistent.
2. in **one transaction**:
   a. **near-duplicates**: new articles vs stored ones (LSH buckets in ``article_bands``) and each
      other -> ``articles.dup_of`` + ``article_copies`` kind ``near``;
   b. **stories**: new articles join stored stories or found new ones (``stories.assign_block``);
      if new articles bridge two stored stories, the younger is absorbed (``stories.merged_into``);
   c. **events**: each pending mention joins the event with the same merge key (story, type,
      modality, source and target actor keys; reciprocal events match either direction; actors of
      another sector and dates of periods further apart than ``EVENT_DATE_GAP_DAYS`` split, see
      ``periods_apart``) or founds a new one; events of an
      absorbed story fold into the survivor's (``events.merged_into``, evidence moved);
   d. **aggregates**: best-supported date and place, counts, agreements and figures, story summaries.

Ids are content-derived: a story is named after its founding article, an event after its founding
mention, where "founding" means first in the canonical order (publication date, article id, offset).
Everything pending is processed in that order, so the same inputs give the same ids whatever the batch
boundaries, the worker count or the engine; a second run finds nothing pending and changes nothing;
a run killed inside step 2 rolls back and the re-run redoes it whole.
"""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlparse

import duckdb
import numpy as np

from ..records import Actor, Article, Confidence, Event, Evidence, Location, stable_id
from ..store import Store
from ..store.queries import parse_json

log = logging.getLogger(__name__)

# Two mentions with text-derived day dates further apart than this are different events even with the
# same actors and type in the same story (the opening and the closing of a week-long round of talks
# are one story but may be two meetings). Three days spans a multi-day session ("Nov 25-27").
EVENT_DATE_GAP_DAYS = 3

# A claim dated only by its article's publication day happened on that day or in the week before
# ("on Tuesday" in Friday's paper); a text-dated claim that ends earlier than this is another event.
REPORT_LAG_DAYS = 7

# Articles whose signatures are computed and committed together in step 1 (one statement each).
SIGNATURE_CHUNK = 256

# Passes of the twin-folding step in finalize. Each pass can only reduce the number of live events, and
# one pass settles everything seen so far; a second catches keys changed by the first.
CONSOLIDATE_ROUNDS = 3

# Dyads and event types listed per story (the most frequent).
STORY_TOP = 5

_DATE_SOURCE_RANK = {"text": 2, "published": 1}
_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}
_PLACE_PRECISION_RANK = {"city": 4, "admin1": 3, "region": 3, "country": 2}


# ---------------------------------------------------------------------------------------------- write
def mention_id(article_id: str, ev: Event) -> str:
    """Stable id of one coded claim: the article, the coder's event id and the sentence offset."""
    ev_start = ev.evidence[0].char_start if ev.evidence else -1
    return stable_id("mention", article_id, ev.event_id, str(ev_start))


def write_mentions(
    con: duckdb.DuckDBPyConnection, article: Article, events: Sequence[Event], run_id: str
) -> int:
    """Store the coded events of one new article as mentions (inside the caller's transaction)."""
    rows = []
    seen: set[str] = set()
    for ev in events:
        evid = ev.evidence[0] if ev.evidence else None
        mid = mention_id(article.article_id, ev)
        if mid in seen:  # what INSERT OR IGNORE did with a repeated claim, row by row
            continue
        seen.add(mid)
        rows.append(
            [
                mid,
                article.article_id,
                json.dumps(ev.to_dict(), ensure_ascii=False),
                evid.sentence if evid else None,
                evid.char_start if evid else None,
                evid.char_end if evid else None,
                run_id,
            ]
        )
    if len(rows) == 1:
        con.execute("INSERT OR IGNORE INTO event_mentions VALUES (?, ?, NULL, ?, ?, ?, ?, ?)", rows[0])
        return 1
    elif rows:  # one statement (DuckDB runs executemany row by row)
        cols = list(zip(*rows, strict=True))
        con.execute(
            "INSERT OR IGNORE INTO event_mentions SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), NULL, "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::INTEGER[]), "
            "unnest(?::VARCHAR[])",
            [list(c) for c in cols],
        )
    return len(events)


def event_from_dict(d: dict[str, Any]) -> Event:
    """Rebuild an Event from its JSON form (as stored in event_mentions.payload)."""
    d = dict(d)
    for side in ("source", "target"):
        if d.get(side):
            d[side] = Actor(**d[side])
    if d.get("location"):
        d["location"] = Location(**d["location"])
    d["confidences"] = Confidence(**d["confidences"])
    d["evidence"] = [Evidence(**e) for e in d.get("evidence", [])]
    return Event(**d)


EVENT_COLUMNS = (
    "event_id", "story_id", "event_type", "mode", "context", "modality",
    "source_text", "source_name", "source_country", "source_sector", "source_kind", "source_code",
    "target_text", "target_name", "target_country", "target_sector", "target_kind", "target_code",
    "reciprocal", "date", "date_precision", "date_source",
    "location_name", "location_country", "lat", "lon", "location_precision",
    "cameo_root", "cameo_code", "quad_class", "goldstein", "confidence", "confidences", "coder_version",
    "num_articles", "num_sources", "num_mentions", "agreements", "figures", "merged_into",
    "first_run", "updated_run",
)  # fmt: skip


def event_row(ev: Event, run_id: str) -> list[Any]:
    """Flatten an Event into the ``events`` table's column order."""

    def actor(a: Actor | None) -> list[Any]:
        if a is None:
            return [None] * 6
        return [a.text, a.name, a.country, a.sector, a.kind, a.code]

    loc = ev.location
    return [
        ev.event_id, ev.story_id, ev.event_type, ev.mode, list(ev.context), ev.modality,
        *actor(ev.source), *actor(ev.target),
        ev.reciprocal, ev.date, ev.date_precision, ev.date_source,
        loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None,
        loc.lon if loc else None, loc.precision if loc else None,
        ev.cameo_root, ev.cameo_code, ev.quad_class, ev.goldstein, ev.confidence,
        json.dumps(ev.confidences.to_dict()), ev.coder_version,
        ev.num_articles, ev.num_sources, ev.num_mentions,
        json.dumps(ev.agreements, ensure_ascii=False), json.dumps(ev.figures, ensure_ascii=False),
        ev.merged_into, run_id, run_id,
    ]  # fmt: skip


_ALL_EVENT_COLUMNS = (*EVENT_COLUMNS, "merge_key", "founder_key")
_INSERT_EVENT = (
    f"INSERT OR REPLACE INTO events ({', '.join(_ALL_EVENT_COLUMNS)}) "  # noqa: S608 (fixed column list)
    f"VALUES ({', '.join('?' for _ in _ALL_EVENT_COLUMNS)})"
)
_EVIDENCE_COLUMNS = (
    "event_id", "mention_id", "article_id", "sentence", "char_start", "char_end", "source_name", "url",
    "published", "trigger",
)  # fmt: skip


def _bulk_insert(
    con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """``INSERT OR REPLACE`` of many rows in one statement (DuckDB runs ``executemany`` row by row, ~2 ms a
    row). ``table`` and ``columns`` are fixed names from this module, never user input."""
    if not rows:
        return
    import pyarrow as pa

    cols = ", ".join(columns)
    data = pa.table({c: pa.array([r[i] for r in rows]) for i, c in enumerate(columns)})
    view = f"eventwire_bulk_{table}"
    con.register(view, data)
    try:
        con.execute(f"INSERT OR REPLACE INTO {table} ({cols}) SELECT {cols} FROM {view}")  # noqa: S608
    finally:
        con.unregister(view)


# ---------------------------------------------------------------------------------------------- keys
def outlet_key(outlet: str | None, url: str | None, doc_id: str) -> str:
    """Who published an article, for counting sources: outlet name, else URL domain, else its document."""
    if outlet and outlet.strip():
        return "outlet:" + " ".join(outlet.casefold().split())
    if url:
        host = urlparse(url if "://" in url else "http://" + url).hostname or ""
        host = host.removeprefix("www.")
        if host:
            return "domain:" + host
    return "doc:" + doc_id


def actor_key(a: Actor | dict[str, Any] | None) -> tuple[str, str | None]:
    """(who, sector) of an actor for merging: ISO3 country, else IGO/group code, else "-" (unknown).

    An actor with neither ("the two sides", "officials") does not say who acted, so it matches any
    actor rather than founding an event of its own."""
    if a is None:
        return "-", None
    get = a.get if isinstance(a, dict) else lambda k: getattr(a, k)
    return get("country") or get("code") or "-", get("sector")


def merge_keys(story_id: str, ev: Event) -> list[str]:
    """Keys under which a mention may find its event, the preferred one first.

    Directed events look for their direction, then for the reciprocal form of the pair; reciprocal
    events look for the reciprocal form, then for either direction.
    """
    (src, _), (tgt, _) = actor_key(ev.source), actor_key(ev.target)
    head = f"{story_id}|{ev.event_type}|{ev.modality}|"
    pair = "<>".join(sorted((src, tgt)))
    if ev.reciprocal:
        return [head + pair, head + f"{src}>{tgt}", head + f"{tgt}>{src}"]
    return [head + f"{src}>{tgt}", head + pair]


def primary_key(story_id: str, ev: Event) -> str:
    """The key an event founded by this mention is stored under."""
    return merge_keys(story_id, ev)[0]


def founder_key(published: str | None, article_id: str, char_start: int | None, mid: str) -> str:
    """Sortable canonical position of a mention (undated articles sort last)."""
    return f"{published or '~'}|{article_id}|{max(char_start or 0, 0):09d}|{mid}"


# ---------------------------------------------------------------------------------------------- finalize
def finalize(store: Store, run_id: str) -> int:
    """Near-duplicates, stories and event merging for everything pending; return stories created or updated."""
    compute_signatures(store)
    pending = store.query(
        "SELECT a.article_id FROM articles a WHERE a.story_id IS NULL "
        "UNION SELECT m.article_id FROM event_mentions m WHERE m.event_id IS NULL"
    )
    with store.transaction() as con:
        if not pending:
            # exact copies alone (a re-post ingested under another name) still change the counts
            _recount_events(store, con, run_id)
            return 0
        new_arts = _pending_articles(store)
        dup_of = _near_duplicates(store, con, new_arts, run_id)
        touched_stories, absorbed = _assign_stories(store, con, new_arts, dup_of, run_id)
        touched_events = _merge_events(store, con, absorbed, run_id)
        _refresh_events(store, con, touched_events, run_id)
        # a merged record can end up under the key of another event of its story (a one-sided claim
        # completed by a later one): fold such twins until none is left
        for _ in range(CONSOLIDATE_ROUNDS):
            grown = _consolidate(store, con, touched_stories | set(absorbed.values()), run_id)
            if not grown:
                break
            _refresh_events(store, con, grown, run_id)
        _recount_events(store, con, run_id)
        _refresh_stories(store, con, touched_stories | set(absorbed.values()), run_id)
    return len(touched_stories)


# ---------------------------------------------------------------------------------------------- 1 signatures
def article_vectors(articles: Sequence[Article]) -> list[tuple[list[int], list[float]]]:
    """(MinHash, lead vector) per article: the per-article part of a signature.

    Runs in the per-document stage (worker processes or Ray actors) so that the global step does
    not compute them on one core; the vectors are deterministic whatever the batch.
    """
    from .dedup import minhash_signature
    from .embed import embed_texts, lead_text

    if not articles:
        return []
    vecs = embed_texts([lead_text(a.title, a.text) for a in articles])
    return [
        ([int(x) for x in minhash_signature(a.text)], [float(x) for x in vec])
        for a, vec in zip(articles, vecs, strict=True)
    ]


def signature_row(
    article: Article, events: Sequence[Event], minhash: Sequence[int], embedding: Sequence[float]
) -> list[Any]:
    """One ``article_signatures`` row: the vectors plus the cheap clustering features."""
    from .cluster import event_facets, lead_numbers, name_terms, reference_date

    ords, years = lead_numbers(article.title, article.text)
    return [
        article.article_id,
        list(minhash),
        list(embedding),
        json.dumps(name_terms((article.title or "") + "\n" + article.text)),
        sorted(ords),
        sorted(years),
        reference_date(article, events),
        json.dumps(event_facets(events)),
        outlet_key(article.outlet, article.url, article.doc_id),
    ]


_INSERT_SIGNATURE = (
    "INSERT OR IGNORE INTO article_signatures (article_id, minhash, embedding, names, ordinals, years, "
    "ref_date, facets, outlet_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def write_signature(
    con: duckdb.DuckDBPyConnection,
    article: Article,
    events: Sequence[Event],
    vectors: tuple[Sequence[int], Sequence[float]],
) -> None:
    """Store a new article's signature (inside the caller's batch transaction)."""
    con.execute(_INSERT_SIGNATURE, signature_row(article, events, *vectors))


# Articles whose story vectors are recomputed per statement by ``refresh_story_vectors``.
REFRESH_CHUNK = 2000


def refresh_story_vectors(store: Store) -> int:
    """Recompute the story vectors of a store written with another kind of vector (``meta.story_vector_kind``
    differs from ``embed.VECTOR_KIND``; stores written before December 2026 hold e5 embeddings and no
    key), in one transaction; return how many articles were refreshed (0 when the kind already matches)."""
    from .embed import VECTOR_KIND, embed_texts, lead_text

    row = store.query("SELECT value FROM meta WHERE key = 'story_vector_kind'")
    if row and row[0]["value"] == VECTOR_KIND:
        return 0
    ids = [
        r["article_id"] for r in store.query("SELECT article_id FROM article_signatures ORDER BY article_id")
    ]
    with store.transaction() as con:
        for i in range(0, len(ids), REFRESH_CHUNK):
            chunk = store.query(
                "SELECT article_id, title, text FROM articles WHERE list_contains(?, article_id) ORDER BY article_id",
                [ids[i : i + REFRESH_CHUNK]],
            )
            if not chunk:
                continue
            vecs = embed_texts([lead_text(r["title"], r["text"] or "") for r in chunk])
            # one statement per chunk (DuckDB runs executemany row by row)
            con.execute(
                "UPDATE article_signatures AS s SET embedding = v.embedding FROM "
                "(SELECT unnest(?::VARCHAR[]) AS article_id, unnest(?::FLOAT[][]) AS embedding) AS v "
                "WHERE s.article_id = v.article_id",
                [[r["article_id"] for r in chunk], vecs.tolist()],
            )
        con.execute("INSERT OR REPLACE INTO meta VALUES ('story_vector_kind', ?)", [VECTOR_KIND])
    if ids:
        log.info("recomputed the story vectors of %d stored articles (%s)", len(ids), VECTOR_KIND)
    return len(ids)


def compute_signatures(store: Store) -> int:
    """Signatures for stored articles that have none yet (normally the per-document stage already
    wrote them; this covers stores and parts written without); returns how many were computed.
    Stored vectors of another kind are recomputed first (``refresh_story_vectors``)."""
    refresh_story_vectors(store)
    missing = [
        r["article_id"]
        for r in store.query(
            "SELECT a.article_id FROM articles a LEFT JOIN article_signatures s USING (article_id) "
            "WHERE s.article_id IS NULL ORDER BY a.article_id"
        )
    ]
    for i in range(0, len(missing), SIGNATURE_CHUNK):
        ids = missing[i : i + SIGNATURE_CHUNK]
        arts = [
            _article_from_row(r)
            for r in store.query(
                "SELECT * FROM articles WHERE list_contains(?, article_id) ORDER BY article_id", [ids]
            )
        ]
        events = _mention_events(store, ids)
        rows = [
            signature_row(a, events.get(a.article_id, []), *vec)
            for a, vec in zip(arts, article_vectors(arts), strict=True)
        ]
        with store.transaction() as con:
            con.executemany(_INSERT_SIGNATURE, rows)
    return len(missing)


def _article_from_row(r: dict[str, Any]) -> Article:
    return Article(
        article_id=r["article_id"], doc_id=r["doc_id"], path=r["path"], part=r["part"], title=r["title"],
        outlet=r["outlet"], url=r["url"], published=r["published"], published_precision=r["published_precision"],
        published_source=r["published_source"] or "none", language=r["language"], text=r["text"] or "",
        page_date=r.get("page_date"),
    )  # fmt: skip


def _mention_events(store: Store, article_ids: Sequence[str]) -> dict[str, list[Event]]:
    out: dict[str, list[Event]] = defaultdict(list)
    for r in store.query(
        "SELECT article_id, payload FROM event_mentions WHERE list_contains(?, article_id) "
        "ORDER BY article_id, char_start, mention_id",
        [list(article_ids)],
    ):
        ev = _safe_event(r["payload"])
        if ev is not None:
            out[r["article_id"]].append(ev)
    return out


def _safe_event(payload: Any) -> Event | None:
    try:
        return event_from_dict(json.loads(payload) if isinstance(payload, str) else payload)
    except (TypeError, ValueError, KeyError):
        log.warning("skipping an event mention whose payload is not an Event record")
        return None


# ---------------------------------------------------------------------------------------------- 2a near-dups
def _pending_articles(store: Store) -> list[dict[str, Any]]:
    from .cluster import canonical_key

    rows = store.query(
        "SELECT a.article_id, a.doc_id, a.path, a.part, a.title, a.outlet, a.url, a.published, a.dup_of, "
        "s.names, s.ordinals, s.years, s.ref_date, s.facets, s.outlet_key "
        "FROM articles a JOIN article_signatures s USING (article_id) WHERE a.story_id IS NULL"
    )
    vecs = _signature_vectors(
        store,
        "SELECT s.article_id, s.minhash, s.embedding FROM articles a JOIN article_signatures s USING (article_id) "
        "WHERE a.story_id IS NULL",
    )
    for r in rows:
        r["minhash"], r["embedding"] = vecs[r["article_id"]]
    return sorted(rows, key=canonical_key)


def _signature_vectors(
    store: Store, sql: str, params: Sequence[Any] = ()
) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """article_id -> (MinHash, lead vector) as numpy views, read through Arrow (``sql`` selects article_id,
    minhash, embedding). As Python lists, 100,000 signatures would be 80 million objects (~3 GB) that
    the garbage collector keeps walking."""
    rel = store.con.sql(sql, params=list(params) or None)
    # DuckDB 2 names it to_arrow_table, 1.x arrow
    table = rel.to_arrow_table() if hasattr(rel, "to_arrow_table") else rel.arrow()
    ids = table.column("article_id").to_pylist()
    cols = []
    for name, dtype in (("minhash", np.uint64), ("embedding", np.float32)):
        arr = table.column(name).combine_chunks()
        flat = arr.flatten().to_numpy(zero_copy_only=False).astype(dtype, copy=False)
        offsets = arr.offsets.to_numpy()
        cols.append([flat[offsets[i] : offsets[i + 1]] for i in range(len(ids))])
    return dict(zip(ids, zip(*cols, strict=True), strict=True)) if ids else {}


def _near_duplicates(
    store: Store, con: duckdb.DuckDBPyConnection, arts: list[dict[str, Any]], run_id: str
) -> dict[str, str]:
    from .dedup import band_keys, find_near_duplicates

    if not arts:
        return {}
    sigs = [(a["article_id"], np.asarray(a["minhash"], dtype=np.uint64)) for a in arts]
    keys = sorted({k for _, sig in sigs for k in band_keys(sig)})
    pending_ids = [a["article_id"] for a in arts]
    stored = store.query(
        "SELECT DISTINCT s.article_id, s.minhash FROM article_bands b JOIN article_signatures s USING (article_id) "
        "JOIN articles a USING (article_id) WHERE list_contains(?, b.bucket) AND a.dup_of IS NULL "
        "AND NOT list_contains(?, a.article_id) ORDER BY s.article_id",
        [keys, pending_ids],
    )
    found = find_near_duplicates(
        sigs, [(r["article_id"], np.asarray(r["minhash"], dtype=np.uint64)) for r in stored]
    )
    by_id = {a["article_id"]: a for a in arts}
    buckets: list[int] = []
    owners: list[str] = []
    copies: list[list[Any]] = []
    for aid, sig in sigs:
        if aid in found:
            kept, sim = found[aid]
            a = by_id[aid]
            a["dup_of"] = kept
            copies.append(
                [kept, aid, a["doc_id"], a["path"], a["part"], a["outlet"], a["url"], a["published"], sim]
            )
        else:
            keys_of = band_keys(sig)
            buckets += keys_of
            owners += [aid] * len(keys_of)
    if copies:  # one statement each (DuckDB runs executemany row by row)
        cols = [list(c) for c in zip(*copies, strict=True)]
        con.execute(
            "UPDATE articles AS a SET dup_of = v.kept FROM (SELECT unnest(?::VARCHAR[]) AS kept, "
            "unnest(?::VARCHAR[]) AS article_id) AS v WHERE a.article_id = v.article_id",
            cols[:2],
        )
        con.execute(
            "INSERT OR IGNORE INTO article_copies SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::INTEGER[]), unnest(?::VARCHAR[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), 'near', unnest(?::DOUBLE[]), ?",
            [*cols, run_id],
        )
    if buckets:  # one statement: DuckDB runs executemany row by row (~2 ms a row, 32 rows an article)
        con.execute(
            "INSERT OR IGNORE INTO article_bands SELECT unnest(?::UBIGINT[]), unnest(?::VARCHAR[])",
            [buckets, owners],
        )
    return {aid: kept for aid, (kept, _) in found.items()}


# ---------------------------------------------------------------------------------------------- 2b stories
def _features(row: dict[str, Any]) -> Any:
    from .cluster import StoryFeatures, day_number, weigh_names

    facets = parse_json(row.get("facets"), {})
    names = parse_json(row.get("names"), {})
    day = day_number(row.get("ref_date"))
    return StoryFeatures(
        key=row["article_id"],
        embedding=np.asarray(row["embedding"], dtype=np.float32),
        names=weigh_names(names),
        ordinals=frozenset(row.get("ordinals") or ()),
        years=frozenset(row.get("years") or ()),
        countries=frozenset(facets.get("countries", ())),
        types=frozenset(facets.get("types", ())),
        places=frozenset(facets.get("places", ())),
        first_day=day,
        last_day=day,
        members=[row["article_id"]],
    )


def _candidate_stories(store: Store, block: Sequence[Any], cache: dict[str, Any] | None = None) -> list[Any]:
    """Stored stories (not absorbed) close in time to a block, pooled from their members, most senior first."""
    from datetime import date as _date

    from .cluster import STORY_WINDOW_DAYS, pool_features, rank_candidates

    days = [f.first_day for f in block if f.first_day is not None]
    undated = len(days) < len(block)
    sql = (
        "SELECT st.story_id, st.founder, fa.published AS founder_published FROM stories st "
        "LEFT JOIN articles fa ON fa.article_id = st.founder WHERE st.merged_into IS NULL"
    )
    params: list[Any] = []
    if not undated:
        lo = _date.fromordinal(min(days) - STORY_WINDOW_DAYS).isoformat()
        hi = _date.fromordinal(max(days) + STORY_WINDOW_DAYS).isoformat()
        sql += ' AND (st.start IS NULL OR (st."end" >= ? AND st.start <= ?))'
        params += [lo, hi + "~"]
    stories = store.query(sql, params)
    if not stories:
        return []
    stories.sort(
        key=lambda r: (
            r["founder_published"] is None,
            r["founder_published"] or "",
            r["founder"] or "",
            r["story_id"],
        )
    )
    members = store.query(
        "SELECT sa.story_id, sa.article_id FROM story_articles sa JOIN articles a USING (article_id) "
        "JOIN article_signatures s USING (article_id) "
        "WHERE list_contains(?, sa.story_id) AND a.dup_of IS NULL ORDER BY sa.story_id, sa.article_id",
        [[r["story_id"] for r in stories]],
    )
    # features of stored members are read once per global step (consecutive blocks share most candidates)
    cache = {} if cache is None else cache
    need = sorted({m["article_id"] for m in members} - cache.keys())
    if need:
        vecs = _signature_vectors(
            store,
            "SELECT article_id, minhash, embedding FROM article_signatures WHERE list_contains(?, article_id)",
            [need],
        )
        for row in store.query(
            "SELECT article_id, names, ordinals, years, ref_date, facets FROM article_signatures "
            "WHERE list_contains(?, article_id)",
            [need],
        ):
            row["embedding"] = vecs[row["article_id"]][1]
            cache[row["article_id"]] = _features(row)
    by_story: dict[str, list[Any]] = defaultdict(list)
    for m in members:
        by_story[m["story_id"]].append(cache[m["article_id"]])
    pooled = [
        pool_features(r["story_id"], by_story[r["story_id"]]) for r in stories if by_story[r["story_id"]]
    ]
    return rank_candidates(block, pooled)


def _assign_stories(
    store: Store,
    con: duckdb.DuckDBPyConnection,
    arts: list[dict[str, Any]],
    dup_of: dict[str, str],
    run_id: str,
) -> tuple[set[str], dict[str, str]]:
    """Put pending articles into stories. Returns (stories touched, absorbed story -> survivor)."""
    from .cluster import assign_block, feature_blocks

    touched: set[str] = set()
    absorbed: dict[str, str] = {}
    originals = [a for a in arts if a["article_id"] not in dup_of]
    feats = [_features(a) for a in originals]
    cache = {f.key: f for f in feats}  # article_id -> features, for the blocks that find them stored
    for block in feature_blocks(feats):
        founded: list[tuple[str, str]] = []  # (story_id, founder) of the block's new stories
        joins: list[tuple[str, str]] = []  # (story_id, article_id)
        for grp in assign_block(block, _candidate_stories(store, block, cache)):
            if grp.story is None:
                story_id = stable_id("story", grp.articles[0])
                founded.append((story_id, grp.articles[0]))
            else:
                story_id = grp.story
            for other in grp.absorbed:
                absorbed[other] = story_id
                con.execute(
                    "UPDATE stories SET merged_into = ?, updated_run = ? WHERE story_id = ?",
                    [story_id, run_id, other],
                )
                con.execute("UPDATE story_articles SET story_id = ? WHERE story_id = ?", [story_id, other])
                con.execute("UPDATE articles SET story_id = ? WHERE story_id = ?", [story_id, other])
            joins += [(story_id, aid) for aid in grp.articles]
            touched.add(story_id)
        # written per block, in bulk: the next block's candidates are read back from the store
        if founded:
            con.execute(
                "INSERT OR IGNORE INTO stories (story_id, founder, updated_run) "
                "SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?",
                [[f[0] for f in founded], [f[1] for f in founded], run_id],
            )
        _join_stories(con, joins)
    # a story absorbed in one block may absorb others in a later block: point everything at the final survivor
    for old in sorted(absorbed):
        final = absorbed[old]
        while final in absorbed:
            final = absorbed[final]
        if final != absorbed[old]:
            absorbed[old] = final
            con.execute("UPDATE stories SET merged_into = ? WHERE story_id = ?", [final, old])
    touched -= set(absorbed)
    # copies follow the article they copy (which may itself have been stored long ago)
    if dup_of:
        kept_story = {
            r[0]: r[1]
            for r in con.execute(
                "SELECT article_id, story_id FROM articles WHERE list_contains(?, article_id)",
                [sorted(set(dup_of.values()))],
            ).fetchall()
        }
        joins = [(kept_story[kept], aid) for aid, kept in sorted(dup_of.items()) if kept_story.get(kept)]
        _join_stories(con, joins)
        touched.update(sid for sid, _ in joins)
    # articles that were pending only because of new mentions keep their story; nothing else to do
    return touched, absorbed


def _join_stories(con: duckdb.DuckDBPyConnection, joins: Sequence[tuple[str, str]]) -> None:
    """Put articles into stories, (story_id, article_id) pairs, in two statements."""
    if not joins:
        return
    sids, aids = [j[0] for j in joins], [j[1] for j in joins]
    con.execute(
        "INSERT OR REPLACE INTO story_articles SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
        [sids, aids],
    )
    con.execute(
        "UPDATE articles AS a SET story_id = v.story_id FROM (SELECT unnest(?::VARCHAR[]) AS story_id, "
        "unnest(?::VARCHAR[]) AS article_id) AS v WHERE a.article_id = v.article_id",
        [sids, aids],
    )


# ---------------------------------------------------------------------------------------------- 2c events
def _merge_events(
    store: Store, con: duckdb.DuckDBPyConnection, absorbed: dict[str, str], run_id: str
) -> set[str]:
    """Attach pending mentions to events; fold events of absorbed stories. Returns events touched."""
    touched: set[str] = set()
    # index of live events by key, loaded per story on demand
    index: dict[str, dict[str, list[dict[str, Any]]]] = {}

    def events_of(story_id: str) -> dict[str, list[dict[str, Any]]]:
        if story_id not in index:
            by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for r in store.query(
                "SELECT event_id, merge_key, founder_key, date, date_source, date_precision, source_sector, "
                "target_sector, coalesce(source_country, source_code, '-') AS source_who, "
                "coalesce(target_country, target_code, '-') AS target_who FROM events "
                "WHERE story_id = ? AND merged_into IS NULL ORDER BY founder_key, event_id",
                [story_id],
            ):
                by_key[r["merge_key"]].append(r)
            index[story_id] = by_key
        return index[story_id]

    # 1. events of absorbed stories fold into the survivor, oldest first
    for old_story, survivor in sorted(absorbed.items()):
        olds = store.query(
            "SELECT * FROM events WHERE story_id = ? AND merged_into IS NULL ORDER BY founder_key, event_id",
            [old_story],
        )
        for r in olds:
            ev = _event_from_row(r)
            target = _find_event(events_of(survivor), survivor, ev, r)
            if target is None:
                key = primary_key(survivor, ev)
                con.execute(
                    "UPDATE events SET story_id = ?, merge_key = ?, updated_run = ? WHERE event_id = ?",
                    [survivor, key, run_id, r["event_id"]],
                )
                events_of(survivor)[key].append(
                    {
                        **r,
                        "merge_key": key,
                        "source_who": actor_key(ev.source)[0],
                        "target_who": actor_key(ev.target)[0],
                    }
                )
                touched.add(r["event_id"])
                continue
            _absorb_event(con, r["event_id"], target["event_id"], run_id)
            touched.add(target["event_id"])
        index.pop(old_story, None)

    # 2. pending mentions, in canonical order. New events, mention links and evidence are written in
    # bulk (one statement each; DuckDB runs a statement per row at ~2 ms), flushed before anything that
    # reads them back (absorbing a twin); which sentences already evidence an event is tracked here.
    rows = store.query(
        "SELECT m.mention_id, m.article_id, m.payload, m.char_start, a.published, a.story_id, a.outlet, a.url "
        "FROM event_mentions m JOIN articles a USING (article_id) WHERE m.event_id IS NULL"
    )
    rows.sort(key=lambda r: founder_key(r["published"], r["article_id"], r["char_start"], r["mention_id"]))
    new_events: list[list[Any]] = []
    links: dict[str, str] = {}  # mention_id -> event_id
    new_evidence: list[list[Any]] = []
    # (event_id, article_id, char_start) -> mention ids evidencing it
    evidenced: dict[tuple[str, str, int | None], set[str]] = defaultdict(set)

    def load_evidenced() -> None:
        evidenced.clear()
        for e in store.query(
            "SELECT event_id, article_id, char_start, mention_id FROM evidence WHERE list_contains(?, article_id)",
            [sorted({r["article_id"] for r in rows})],
        ):
            evidenced[(e["event_id"], e["article_id"], e["char_start"])].add(e["mention_id"])

    def flush() -> None:
        _bulk_insert(con, "events", _ALL_EVENT_COLUMNS, new_events)
        if links:
            con.execute(
                "UPDATE event_mentions AS m SET event_id = v.event_id FROM (SELECT unnest(?::VARCHAR[]) AS "
                "mention_id, unnest(?::VARCHAR[]) AS event_id) AS v WHERE m.mention_id = v.mention_id",
                [list(links), list(links.values())],
            )
        _bulk_insert(con, "evidence", _EVIDENCE_COLUMNS, new_evidence)
        new_events.clear()
        links.clear()
        new_evidence.clear()

    if rows:
        load_evidenced()
    for r in rows:
        ev = _safe_event(r["payload"])
        story_id = r["story_id"]
        if ev is None or story_id is None:
            continue
        fkey = founder_key(r["published"], r["article_id"], r["char_start"], r["mention_id"])
        found = _find_event(events_of(story_id), story_id, ev, None)
        if found is None:
            event_id = stable_id("event", r["mention_id"])
            key = primary_key(story_id, ev)
            seed = Event(**{**_event_fields(ev), "event_id": event_id, "story_id": story_id})
            new_events.append([*event_row(seed, run_id), key, fkey])
            events_of(story_id)[key].append(
                {
                    "event_id": event_id,
                    "merge_key": key,
                    "founder_key": fkey,
                    "date": ev.date,
                    "date_source": ev.date_source,
                    "date_precision": ev.date_precision,
                    "source_sector": ev.source.sector if ev.source else None,
                    "target_sector": ev.target.sector if ev.target else None,
                    "source_who": actor_key(ev.source)[0],
                    "target_who": actor_key(ev.target)[0],
                }
            )
        else:
            event_id = found["event_id"]
            _grow(found, ev)
            # a claim naming both actors shows that events founded by one-sided claims ("Kenya signed",
            # "Ethiopia signed") are this one: the younger ones are absorbed, their ids stay resolvable
            twins = _partial_twins(events_of(story_id), story_id, ev, found)
            if twins:
                flush()
            for other in twins:
                _absorb_event(con, other["event_id"], event_id, run_id)
                for cands in events_of(story_id).values():
                    if other in cands:
                        cands.remove(other)
                touched.add(event_id)
            if twins:
                load_evidenced()  # absorbing moved evidence rows to the survivor
        links[r["mention_id"]] = event_id
        evid = ev.evidence[0] if ev.evidence else None
        # one sentence is one mention of an event, however many claims it makes of it ("Kenya and Ethiopia
        # signed ..." -> Kenya signed, Ethiopia signed): a second claim from the same sentence adds no evidence
        if evid is not None and evid.char_start is not None:
            seen = evidenced[(event_id, r["article_id"], evid.char_start)]
            if seen - {r["mention_id"]}:
                touched.add(event_id)
                continue
            seen.add(r["mention_id"])
        new_evidence.append(
            [event_id, r["mention_id"], r["article_id"], evid.sentence if evid else None,
             evid.char_start if evid else None, evid.char_end if evid else None,
             (evid.source_name if evid and evid.source_name else r["outlet"]),
             (evid.url if evid and evid.url else r["url"]),
             (evid.published if evid and evid.published else r["published"]),
             evid.trigger if evid else None]
        )  # fmt: skip
        touched.add(event_id)
    flush()
    return touched


def _consolidate(store: Store, con: duckdb.DuckDBPyConnection, story_ids: set[str], run_id: str) -> set[str]:
    """Fold live events of the given stories that share a merge key (compatible sectors, dates not apart)
    into the oldest; return the survivors that grew."""
    if not story_ids:
        return set()
    rows = store.query(
        "SELECT event_id, merge_key, founder_key, date, date_source, date_precision, source_sector, target_sector "
        "FROM events WHERE list_contains(?, story_id) AND merged_into IS NULL ORDER BY merge_key, founder_key, event_id",
        [sorted(story_ids)],
    )
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        groups[r["merge_key"]].append(r)
    grown: set[str] = set()
    for members in groups.values():
        survivors: list[dict[str, Any]] = []
        for r in members:
            into = next(
                (
                    s
                    for s in survivors
                    if _compatible(r["source_sector"], s["source_sector"])
                    and _compatible(r["target_sector"], s["target_sector"])
                    and not _rows_apart(r, s)
                ),
                None,
            )
            if into is None:
                survivors.append(r)
            else:
                _absorb_event(con, r["event_id"], into["event_id"], run_id)
                grown.add(into["event_id"])
    return grown


def _rows_apart(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return periods_apart(
        (a.get("date"), a.get("date_precision"), a.get("date_source")),
        (b.get("date"), b.get("date_precision"), b.get("date_source")),
    )


def _period(date: str | None, precision: str | None) -> tuple[int, int] | None:
    """First and last ordinal day of an ISO date of day, month or year precision; None if unreadable."""
    from datetime import date as _date

    if not date:
        return None
    prec = precision or {10: "day", 7: "month", 4: "year"}.get(len(date))
    try:
        if prec == "day":
            d = _date.fromisoformat(date[:10]).toordinal()
            return d, d
        year = int(date[:4])
        if prec == "month":
            month = int(date[5:7])
            nxt = _date(year + month // 12, month % 12 + 1, 1)
            return _date(year, month, 1).toordinal(), nxt.toordinal() - 1
        if prec == "year":
            return _date(year, 1, 1).toordinal(), _date(year, 12, 31).toordinal()
    except ValueError:
        return None
    return None


def periods_apart(a: tuple[str | None, str | None, str], b: tuple[str | None, str | None, str]) -> bool:
    """Whether two claims' dates (date, precision, date source) cannot be one happening.

    Text-derived dates are periods (a day, a month, a year): two are apart when the periods are more
    than ``EVENT_DATE_GAP_DAYS`` apart, so "in March" never joins "on 22 October" and a back-reference
    never joins the current event. A publication-date fallback says "reported that day, happened on it
    or in the days before": a text period ending more than ``REPORT_LAG_DAYS`` before it, or starting
    after it, is apart. Two fallbacks, or an undated claim, never split."""
    sources = {a[2], b[2]}
    if "text" not in sources or not sources <= {"text", "published"}:
        return False
    pa, pb = _period(a[0], a[1]), _period(b[0], b[1])
    if pa is None or pb is None:
        return False
    if sources == {"text"}:
        return pa[0] - pb[1] > EVENT_DATE_GAP_DAYS or pb[0] - pa[1] > EVENT_DATE_GAP_DAYS
    text, pub = (pa, pb) if a[2] == "text" else (pb, pa)
    return pub[0] - text[1] > REPORT_LAG_DAYS or text[0] - pub[1] > EVENT_DATE_GAP_DAYS


def _event_fields(ev: Event) -> dict[str, Any]:
    return {f: getattr(ev, f) for f in Event.__dataclass_fields__}


def _find_event(
    by_key: dict[str, list[dict[str, Any]]], story_id: str, ev: Event, exclude: dict[str, Any] | None
) -> dict[str, Any] | None:
    """The live event a claim belongs to: same key, compatible sectors and dates; oldest first."""
    src, tgt = actor_key(ev.source)[0], actor_key(ev.target)[0]
    src_sector = ev.source.sector if ev.source else None
    tgt_sector = ev.target.sector if ev.target else None
    for key in merge_keys(story_id, ev):
        pair = key.rsplit("|", 1)[1]
        for cand in by_key.get(key, ()):
            if exclude is not None and cand["event_id"] == exclude["event_id"]:
                continue
            cs, ct = cand.get("source_sector"), cand.get("target_sector")
            straight = _compatible(src_sector, cs) and _compatible(tgt_sector, ct)
            flipped = _compatible(tgt_sector, cs) and _compatible(src_sector, ct)
            if "<>" in pair:
                ok = straight or flipped  # a reciprocal pair has no orientation to respect
            elif pair == f"{tgt}>{src}" and src != tgt:
                ok = flipped
            else:
                ok = straight
            if ok and not _dates_apart(ev, cand):
                return cand
    if "-" not in (src, tgt):
        # a full pair may still complete an event founded by a claim that missed one actor (the oldest)
        head = f"{story_id}|{ev.event_type}|{ev.modality}|"
        fits = [
            cand
            for key in by_key
            if key.startswith(head)
            and "-" in key.rsplit("|", 1)[1]
            and _pair_fits(key.rsplit("|", 1)[1], src, tgt, ev.reciprocal)
            for cand in by_key[key]
            if not _dates_apart(ev, cand) and _sides_fit(ev, cand, key)
        ]
        return min(fits, key=lambda c: (c["founder_key"], c["event_id"])) if fits else None
    # a claim that names only one actor (or none) joins the oldest event of its type and modality in the
    # story whose actors it does not contradict
    head = f"{story_id}|{ev.event_type}|{ev.modality}|"
    best: dict[str, Any] | None = None
    for key, cands in by_key.items():
        if not key.startswith(head) or not _pair_fits(key.rsplit("|", 1)[1], src, tgt, ev.reciprocal):
            continue
        for cand in cands:
            if exclude is not None and cand["event_id"] == exclude["event_id"]:
                continue
            if (
                not _dates_apart(ev, cand)
                and _sides_fit(ev, cand, key)
                and (
                    best is None
                    or (cand["founder_key"], cand["event_id"]) < (best["founder_key"], best["event_id"])
                )
            ):
                best = cand
    return best


def _partial_twins(
    by_key: dict[str, list[dict[str, Any]]], story_id: str, ev: Event, found: dict[str, Any]
) -> list[dict[str, Any]]:
    """Younger events founded by one-sided claims that a full-pair claim joining ``found`` also fits."""
    src, tgt = actor_key(ev.source)[0], actor_key(ev.target)[0]
    if "-" in (src, tgt):
        return []
    head = f"{story_id}|{ev.event_type}|{ev.modality}|"
    out = []
    for key in sorted(by_key):
        pair = key.rsplit("|", 1)[1]
        if not key.startswith(head) or "-" not in pair or not _pair_fits(pair, src, tgt, ev.reciprocal):
            continue
        for cand in by_key[key]:
            if (
                cand["event_id"] != found["event_id"]
                and not _dates_apart(ev, cand)
                and _sides_fit(ev, cand, key)
                and ((cand["founder_key"], cand["event_id"]) > (found["founder_key"], found["event_id"]))
            ):
                out.append(cand)
    return out


def _pair_fits(pair: str, src: str, tgt: str, reciprocal: bool) -> bool:
    """Whether a stored pair ("A>B" or "A<>B", "-" = unknown actor) can be the claim's (src, tgt)."""

    def same(x: str, y: str) -> bool:
        return x == y or "-" in (x, y)

    if "<>" in pair:
        a, b = pair.split("<>")
        return (same(a, src) and same(b, tgt)) or (same(a, tgt) and same(b, src))
    a, b = pair.split(">", 1)
    return (same(a, src) and same(b, tgt)) or (reciprocal and same(a, tgt) and same(b, src))


def _sides_fit(ev: Event, cand: dict[str, Any], key: str) -> bool:
    """Whether a claim's actors can be a stored event's, side by side: each side the same country or
    code and the same sector, or unknown on one side ("police" fits "Moldova police", never "Moldova
    army"). Reciprocal claims and reciprocal events may match the other way round."""
    src, tgt = actor_key(ev.source), actor_key(ev.target)
    c_src = (cand.get("source_who") or "-", cand.get("source_sector"))
    c_tgt = (cand.get("target_who") or "-", cand.get("target_sector"))

    if _side_fits(src, c_src) and _side_fits(tgt, c_tgt):
        return True
    return (
        (ev.reciprocal or "<>" in key.rsplit("|", 1)[1]) and _side_fits(src, c_tgt) and _side_fits(tgt, c_src)
    )


def _grow(cand: dict[str, Any], ev: Event) -> None:
    """Fill the sides a joining claim names and the indexed event did not know yet, so that later claims
    are matched against the event as it stands ("struck" with no target, then "exchanged fire with
    Pakistani forces": a later "militants were killed" no longer fits it)."""
    src, tgt = actor_key(ev.source), actor_key(ev.target)
    c_src = (cand.get("source_who") or "-", cand.get("source_sector"))
    c_tgt = (cand.get("target_who") or "-", cand.get("target_sector"))
    if not (_side_fits(src, c_src) and _side_fits(tgt, c_tgt)):
        src, tgt = tgt, src  # the claim matched the other way round (reciprocal)
    for side, claim, known in (("source", src, c_src), ("target", tgt, c_tgt)):
        if known[0] == "-":
            cand[f"{side}_who"] = claim[0]
        if known[1] is None:
            cand[f"{side}_sector"] = claim[1]


def _side_fits(a: tuple[str, str | None], b: tuple[str, str | None]) -> bool:
    return (a[0] == b[0] or "-" in (a[0], b[0])) and _compatible(a[1], b[1])


def _compatible(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b


def _dates_apart(ev: Event, cand: dict[str, Any]) -> bool:
    return periods_apart(
        (ev.date, ev.date_precision, ev.date_source),
        (cand.get("date"), cand.get("date_precision"), cand.get("date_source")),
    )


def _absorb_event(con: duckdb.DuckDBPyConnection, old: str, survivor: str, run_id: str) -> None:
    """``old`` turned out to be ``survivor``: link it, move its evidence and mentions."""
    con.execute(
        "UPDATE events SET merged_into = ?, updated_run = ? WHERE event_id = ?", [survivor, run_id, old]
    )
    # evidence rows move; a mention (or a sentence) already evidenced under the survivor keeps that row
    con.execute(
        "INSERT OR IGNORE INTO evidence SELECT ?, o.mention_id, o.article_id, o.sentence, o.char_start, o.char_end, "
        "o.source_name, o.url, o.published, o.trigger FROM evidence o WHERE o.event_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM evidence s WHERE s.event_id = ? AND s.article_id = o.article_id AND s.char_start = o.char_start)",
        [survivor, old, survivor],
    )
    con.execute("DELETE FROM evidence WHERE event_id = ?", [old])
    con.execute("UPDATE event_mentions SET event_id = ? WHERE event_id = ?", [survivor, old])
    # anything that pointed at the absorbed event now points at the survivor (no chains)
    con.execute("UPDATE events SET merged_into = ? WHERE merged_into = ?", [survivor, old])


def _event_from_row(r: dict[str, Any]) -> Event:
    def actor(prefix: str) -> Actor | None:
        if r.get(f"{prefix}_name") is None and r.get(f"{prefix}_country") is None:
            return None
        return Actor(
            text=r[f"{prefix}_text"] or "",
            name=r[f"{prefix}_name"] or "",
            country=r[f"{prefix}_country"],
            sector=r[f"{prefix}_sector"],
            kind=r[f"{prefix}_kind"] or "",
            code=r[f"{prefix}_code"],
        )

    return Event(
        event_id=r["event_id"], event_type=r["event_type"], mode=r["mode"], context=list(r["context"] or []),
        modality=r["modality"], source=actor("source"), target=actor("target"), reciprocal=bool(r["reciprocal"]),
        date=r["date"], date_precision=r["date_precision"], date_source=r["date_source"] or "none",
        location=None, cameo_root=r["cameo_root"] or "", cameo_code=r["cameo_code"] or "",
        quad_class=r["quad_class"] or 0, goldstein=r["goldstein"] or 0.0, confidence=r["confidence"] or 0.0,
        confidences=Confidence(0, 0, 0, 0, 0, 0), coder_version=r["coder_version"] or "", story_id=r["story_id"],
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------- 2d aggregates
def _refresh_events(store: Store, con: duckdb.DuckDBPyConnection, event_ids: set[str], run_id: str) -> None:
    """Recompute the merged record of each touched event from all its mentions."""
    from ..agreements import COMMITMENT_TYPES, commitments, merge_agreements

    if not event_ids:
        return
    ids = sorted(event_ids)
    current = {
        r["event_id"]: r for r in store.query("SELECT * FROM events WHERE list_contains(?, event_id)", [ids])
    }
    mentions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in store.query(
        "SELECT m.event_id, m.mention_id, m.article_id, m.payload, m.char_start, m.char_end, a.published, a.text "
        "FROM event_mentions m JOIN articles a USING (article_id) WHERE list_contains(?, m.event_id)",
        [ids],
    ):
        mentions[r["event_id"]].append(r)
    out: list[list[Any]] = []
    for event_id in ids:
        row = current.get(event_id)
        ms = sorted(
            mentions.get(event_id, []),
            key=lambda r: founder_key(r["published"], r["article_id"], r["char_start"], r["mention_id"]),
        )
        evs = [(m, e) for m in ms if (e := _safe_event(m["payload"])) is not None]
        if row is None or not evs:
            continue
        merged = _combine([e for _, e in evs])
        merged.event_id = event_id
        merged.story_id = row["story_id"]
        merged.merged_into = row["merged_into"]
        if merged.event_type in COMMITMENT_TYPES:
            agr, figs = [], []
            for m, e in evs:
                a, f = commitments(e.event_type, m["text"] or "", m["char_start"] or 0, m["char_end"] or 0)
                agr.append([_as_agreement(x) for x in e.agreements] + a)
                figs += e.figures + f
            merged.agreements = merge_agreements(agr)
            merged.figures = _unique_figures(figs)
        values = event_row(merged, run_id)
        values[EVENT_COLUMNS.index("first_run")] = row["first_run"] or run_id
        # counts are filled by _recount_events (they also change when only copies arrive)
        for col in ("num_articles", "num_sources", "num_mentions"):
            values[EVENT_COLUMNS.index(col)] = row[col] if row[col] is not None else 1
        # the key follows the merged record: a claim that completed a missing actor makes the full pair findable
        key = primary_key(row["story_id"], merged) if row["merged_into"] is None else row["merge_key"]
        out.append([*values, key, row["founder_key"]])
    _bulk_insert(con, "events", _ALL_EVENT_COLUMNS, out)


def _as_agreement(item: Any) -> dict[str, Any]:
    """Coder-supplied agreements may be plain strings (DESIGN §4); give them the structured shape."""
    if isinstance(item, dict) and "text" in item:
        return {
            "instrument": item.get("instrument") or "agreement",
            "parties": item.get("parties") or [],
            **item,
        }
    return {"instrument": "agreement", "text": str(item), "parties": []}


def _combine(evs: list[Event]) -> Event:
    """One record from the mentions of an event (given in canonical order; the first is the founder)."""
    first = evs[0]
    out = Event(**_event_fields(first))
    out.evidence = []
    date, prec, src = best_date(evs)
    out.date, out.date_precision, out.date_source = date, prec, src
    out.location = best_place(evs)
    out.mode = _most_common([e.mode for e in evs if e.mode]) or first.mode
    out.context = sorted({c for e in evs for c in e.context})
    cameo = _most_common([e.cameo_code for e in evs if e.cameo_code]) or first.cameo_code
    rep = next((e for e in evs if e.cameo_code == cameo), first)
    out.cameo_code, out.cameo_root, out.quad_class, out.goldstein = (
        cameo,
        rep.cameo_root,
        rep.quad_class,
        rep.goldstein,
    )
    top = max(evs, key=lambda e: e.confidence)
    out.confidence, out.confidences = top.confidence, top.confidences
    out.source, out.target = _best_pair(evs)
    # reciprocity is a property of the pair: ask the claims that name both actors
    full = [e.reciprocal for e in evs if "-" not in (actor_key(e.source)[0], actor_key(e.target)[0])]
    out.reciprocal = bool(_most_common(full or [e.reciprocal for e in evs]))
    out.agreements = merge_agreements_plain([e.agreements for e in evs])
    out.figures = _unique_figures([f for e in evs for f in e.figures])
    return out


def merge_agreements_plain(lists: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Union of coder-supplied agreement lists (dicts or plain strings), first occurrence kept."""
    seen: set[str] = set()
    out: list[Any] = []
    for lst in lists:
        for it in lst:
            key = json.dumps(it, sort_keys=True, ensure_ascii=False).casefold()
            if key not in seen:
                seen.add(key)
                out.append(it)
    return out


def _best_pair(evs: list[Event]) -> tuple[Actor | None, Actor | None]:
    """Source and target of a merged event: the pair most claims agree on, most complete first; each side
    then takes its most frequent, most specific reading. Claims that name the pair the other way round
    (reciprocal events) count for it too. A side without a country or code in any fitting claim takes
    the most frequent country-less actor named there (None only when no claim names one)."""
    pairs = [(actor_key(e.source)[0], actor_key(e.target)[0]) for e in evs]

    def score(p: tuple[str, str]) -> tuple[int, int, int]:
        known = sum(x != "-" for x in p)
        support = sum(1 for i, q in enumerate(pairs) if q == p or (q == p[::-1] and evs[i].reciprocal))
        return known, support, -pairs.index(p)

    src_key, tgt_key = max(pairs, key=score)
    sources: list[Actor] = []
    targets: list[Actor] = []
    for e, (a, b) in zip(evs, pairs, strict=True):
        fits = _pair_fits(f"{src_key}>{tgt_key}", a, b, False)
        flipped = e.reciprocal and _pair_fits(f"{src_key}>{tgt_key}", b, a, False)
        if fits:
            sources += [e.source] if e.source is not None and a == src_key else []
            targets += [e.target] if e.target is not None and b == tgt_key else []
        elif flipped:
            sources += [e.target] if e.target is not None and b == src_key else []
            targets += [e.source] if e.source is not None and a == tgt_key else []
    # a side no claim gives a country or code for keeps the coder's country-less reading ("police",
    # "union representatives"): unknown for merging, but the event still says who acted
    return _best_actor(sources), _best_actor(targets)


def _best_actor(actors: list[Actor | None]) -> Actor | None:
    """The most frequent reading of an actor; the most specific (with sector/code) among equals."""
    real = [a for a in actors if a is not None]
    if not real:
        return None
    counts = Counter((a.name, a.country, a.sector, a.code) for a in real)
    best = max(
        real,
        key=lambda a: (
            counts[(a.name, a.country, a.sector, a.code)],
            a.sector is not None,
            a.code is not None,
            -real.index(a),
        ),
    )
    return best


def _most_common(values: list[Any]) -> Any:
    if not values:
        return None
    counts = Counter(values)
    return max(values, key=lambda v: (counts[v], -values.index(v)))


def best_date(evs: Sequence[Event]) -> tuple[str | None, str | None, str]:
    """The best-supported date of a merged event: text-derived dates outrank publication-date fallbacks,
    day precision outranks month and year, then the date most mentions agree on (a coarser date that
    contains it counts as agreeing), then the earliest."""
    cands = [(e.date, e.date_precision, e.date_source) for e in evs if e.date]
    if not cands:
        return None, None, "none"

    def support(d: str, source: str) -> int:
        return sum(1 for d2, _, s2 in cands if s2 == source and (d2 == d or d.startswith(d2)))

    best = min(
        cands,
        key=lambda c: (
            -_DATE_SOURCE_RANK.get(c[2], 0),
            -_PRECISION_RANK.get(c[1] or "", 0),
            -support(c[0], c[2]),
            c[0],
        ),
    )
    return best


def best_place(evs: Sequence[Event]) -> Location | None:
    """The best-supported place: most precise, then most mentions agreeing (same country counts), then name."""
    locs = [e.location for e in evs if e.location is not None and e.location.name]
    if not locs:
        return None

    def support(loc: Location) -> int:
        return sum(
            1
            for x in locs
            if x.name.casefold() == loc.name.casefold()
            or (x.precision == "country" and x.country and x.country == loc.country)
        )

    return min(
        locs, key=lambda x: (-_PLACE_PRECISION_RANK.get(x.precision, 0), -support(x), x.name.casefold())
    )


def _unique_figures(figs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen: set[tuple[Any, Any]] = set()
    out = []
    for f in figs:
        key = (f.get("value"), f.get("unit"))
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _recount_events(store: Store, con: duckdb.DuckDBPyConnection, run_id: str) -> int:
    """Set num_articles / num_sources / num_mentions of every live event from the store; return rows changed.

    num_articles counts distinct articles with near-duplicates folded into the article they copy;
    num_sources counts their distinct outlets (outlet name, else URL domain, else document); num_mentions
    counts every evidenced sentence (one per sentence, however many claims it makes), each multiplied by the exact copies of its article (re-posts, the same file
    ingested under another name), so copies weigh as mentions, never as independent sources.
    """
    rows = con.execute(
        """
        WITH m AS (
            SELECT v.event_id, v.article_id, coalesce(a.dup_of, a.article_id) AS kept
            FROM evidence v JOIN articles a USING (article_id)
        ),
        c AS (SELECT article_id, count(*) AS n FROM article_copies WHERE kind = 'exact' GROUP BY article_id),
        agg AS (
            SELECT m.event_id, count(DISTINCT m.kept) AS na, count(DISTINCT s.outlet_key) AS ns,
                   sum(1 + coalesce(c.n, 0)) AS nm
            FROM m LEFT JOIN c ON c.article_id = m.article_id
            LEFT JOIN article_signatures s ON s.article_id = m.kept
            GROUP BY m.event_id
        )
        SELECT e.event_id, agg.na, agg.ns, agg.nm FROM events e JOIN agg USING (event_id)
        WHERE e.merged_into IS NULL AND (e.num_articles IS DISTINCT FROM agg.na
            OR e.num_sources IS DISTINCT FROM agg.ns OR e.num_mentions IS DISTINCT FROM agg.nm)
        ORDER BY e.event_id
        """
    ).fetchall()
    if not rows:
        return 0
    con.executemany(
        "UPDATE events SET num_articles = ?, num_sources = ?, num_mentions = ?, updated_run = ? WHERE event_id = ?",
        [[int(na), max(int(ns), 1), int(nm), run_id, eid] for eid, na, ns, nm in rows],
    )
    return len(rows)


def _refresh_stories(store: Store, con: duckdb.DuckDBPyConnection, story_ids: set[str], run_id: str) -> None:
    """Recompute title, span, outlets, dyads, event types and centroid of the touched stories."""
    from .cluster import canonical_key

    for sid in sorted(story_ids):
        arts = con.execute(
            "SELECT a.article_id, a.title, a.text, a.outlet, a.url, a.doc_id, a.published, a.dup_of, s.ref_date, "
            "s.embedding FROM story_articles sa JOIN articles a USING (article_id) "
            "LEFT JOIN article_signatures s USING (article_id) WHERE sa.story_id = ?",
            [sid],
        ).fetchall()
        cols = [
            "article_id",
            "title",
            "text",
            "outlet",
            "url",
            "doc_id",
            "published",
            "dup_of",
            "ref_date",
            "embedding",
        ]
        members = sorted((dict(zip(cols, r, strict=True)) for r in arts), key=canonical_key)
        if not members:
            continue
        originals = [m for m in members if m["dup_of"] is None] or members
        titled = next((m for m in originals if m["title"]), None)
        title = titled["title"] if titled else _title_from_text(originals[0]["text"] or "")
        days = sorted(d for m in originals for d in (m["ref_date"] or m["published"],) if d)
        outlets = sorted({m["outlet"] or _domain(m["url"]) or "unknown outlet" for m in members})
        embs = [m["embedding"] for m in originals if m["embedding"] is not None]
        centroid = None
        if embs:
            c = np.mean(np.asarray(embs, dtype=np.float64), axis=0)
            centroid = [float(x) for x in c / (np.linalg.norm(c) or 1.0)]
        evs = con.execute(
            "SELECT event_type, source_country, target_country, source_code, target_code FROM events "
            "WHERE story_id = ? AND merged_into IS NULL",
            [sid],
        ).fetchall()
        types = Counter(e[0] for e in evs)
        dyads = Counter(
            "-".join(sorted((e[1] or e[3] or "?", e[2] or e[4] or "?")))
            for e in evs
            if (e[1] or e[3]) and (e[2] or e[4])
        )
        con.execute(
            'UPDATE stories SET title = ?, start = ?, "end" = ?, n_articles = ?, outlets = ?, dyads = ?, '
            "event_types = ?, centroid = ?, updated_run = ? WHERE story_id = ?",
            [
                title, days[0] if days else None, days[-1] if days else None, len(originals),
                json.dumps(outlets, ensure_ascii=False),
                json.dumps([d for d, _ in sorted(dyads.items(), key=lambda kv: (-kv[1], kv[0]))[:STORY_TOP]]),
                json.dumps([t for t, _ in sorted(types.items(), key=lambda kv: (-kv[1], kv[0]))]),
                centroid, run_id, sid,
            ],
        )  # fmt: skip


def _title_from_text(text: str) -> str:
    words = text.split()
    return " ".join(words[:12]) + (" …" if len(words) > 12 else "")


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url if "://" in url else "http://" + url).hostname or ""
    return host.removeprefix("www.") or None


# ---------------------------------------------------------------------------------------------- quality
def duplicate_rate(store: Store) -> dict[str, Any]:
    """Residual duplicates among live events: the share of events that have a twin under another id with
    the same type, modality, actors (country and sector; same direction, or either direction when
    reciprocal) and date. The merge step aims at 0; a twin means two reports of one happening were not
    recognised as one. ``duplicates_ignoring_sector`` is the looser count (GOV vs MIL of one country)."""
    rows = store.query(
        "SELECT event_id, event_type, modality, reciprocal, source_country, target_country, source_code, "
        "target_code, source_sector, target_sector, date FROM events WHERE merged_into IS NULL"
    )
    strict: dict[tuple[Any, ...], int] = defaultdict(int)
    loose: dict[tuple[Any, ...], int] = defaultdict(int)
    for r in rows:
        a = (r["source_country"] or r["source_code"] or "-", r["source_sector"] or "")
        b = (r["target_country"] or r["target_code"] or "-", r["target_sector"] or "")
        pair: tuple[Any, ...] = tuple(sorted((a, b))) if r["reciprocal"] else (a, b)
        head = (r["event_type"], r["modality"], bool(r["reciprocal"]), r["date"])
        strict[(*head, pair)] += 1
        loose_pair = tuple(sorted((a[0], b[0]))) if r["reciprocal"] else (a[0], b[0])
        loose[(*head, loose_pair)] += 1
    dup = sum(n - 1 for n in strict.values() if n > 1)
    dup_loose = sum(n - 1 for n in loose.values() if n > 1)
    n = len(rows)
    return {
        "events": n,
        "duplicates": dup,
        "duplicate_rate": dup / n if n else 0.0,
        "duplicates_ignoring_sector": dup_loose,
        "duplicate_rate_ignoring_sector": dup_loose / n if n else 0.0,
    }

"""Merge stage, step 1: article signatures (MinHash, lead vector, name terms, facets), committed in chunks."""

from __future__ import annotations

import json
import logging
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import duckdb

from ..records import Article, Event
from ..store import Store
from .keys import outlet_key
from .write import event_from_dict

log = logging.getLogger(__name__)

# Articles whose signatures are computed and committed together in step 1 (one statement each).
SIGNATURE_CHUNK = 256


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


def write_signatures(
    con: duckdb.DuckDBPyConnection,
    items: Sequence[tuple[Article, Sequence[Event], tuple[Sequence[int], Sequence[float]]]],
) -> None:
    """Store many new articles' signatures in one statement (inside the caller's batch transaction); an article
    already stored, or repeated, keeps its first signature, as row-by-row ``INSERT OR IGNORE`` would."""
    rows: dict[str, list[Any]] = {}
    for article, events, vectors in items:
        if article.article_id not in rows:
            rows[article.article_id] = signature_row(article, events, *vectors)
    if len(rows) <= 1:
        for row in rows.values():
            con.execute(_INSERT_SIGNATURE, row)
        return
    cols = [list(c) for c in zip(*rows.values(), strict=True)]
    con.execute(
        "INSERT OR IGNORE INTO article_signatures (article_id, minhash, embedding, names, ordinals, years, "
        "ref_date, facets, outlet_key) SELECT unnest(?::VARCHAR[]), unnest(?::UBIGINT[][]), unnest(?::FLOAT[][]), "
        "unnest(?::VARCHAR[]), unnest(?::INTEGER[][]), unnest(?::INTEGER[][]), unnest(?::VARCHAR[]), "
        "unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
        cols,
    )


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
            article_from_row(r)
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


def article_from_row(r: dict[str, Any]) -> Article:
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
        ev = safe_event(r["payload"])
        if ev is not None:
            out[r["article_id"]].append(ev)
    return out


def safe_event(payload: Any) -> Event | None:
    try:
        return event_from_dict(json.loads(payload) if isinstance(payload, str) else payload)
    except (TypeError, ValueError, KeyError):
        log.warning("skipping an event mention whose payload is not an Event record")
        return None

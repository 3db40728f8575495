"""Merge stage, step 2a: near-duplicates of pending articles (LSH buckets in ``article_bands``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np

from ..store import Store


def pending_articles(store: Store) -> list[dict[str, Any]]:
    from .cluster import canonical_key

    rows = store.query(
        "SELECT a.article_id, a.doc_id, a.path, a.part, a.title, a.outlet, a.url, a.published, a.dup_of, "
        "s.names, s.ordinals, s.years, s.ref_date, s.facets, s.outlet_key "
        "FROM articles a JOIN article_signatures s USING (article_id) WHERE a.story_id IS NULL"
    )
    vecs = signature_vectors(
        store,
        "SELECT s.article_id, s.minhash, s.embedding FROM articles a JOIN article_signatures s USING (article_id) "
        "WHERE a.story_id IS NULL",
    )
    for r in rows:
        r["minhash"], r["embedding"] = vecs[r["article_id"]]
    return sorted(rows, key=canonical_key)


def signature_vectors(
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


def near_duplicates(
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

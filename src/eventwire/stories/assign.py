"""Merge stage, step 2b: pending articles join stored stories or found new ones; bridged stories merge."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import duckdb
import numpy as np

from ..records import stable_id
from ..store import Store
from ..store.queries import parse_json
from .neardups import signature_vectors


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
        vecs = signature_vectors(
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


def assign_stories(
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
        merged: list[tuple[str, str]] = []  # (absorbed story, survivor)
        for grp in assign_block(block, _candidate_stories(store, block, cache)):
            if grp.story is None:
                story_id = stable_id("story", grp.articles[0])
                founded.append((story_id, grp.articles[0]))
            else:
                story_id = grp.story
            for other in grp.absorbed:
                absorbed[other] = story_id
                merged.append((other, story_id))
            joins += [(story_id, aid) for aid in grp.articles]
            touched.add(story_id)
        # written per block, in bulk: the next block's candidates are read back from the store
        _absorb_stories(con, merged, run_id)
        _found_stories(con, founded, run_id)
        _join_stories(con, joins)
    # a story absorbed in one block may absorb others in a later block: point everything at the final survivor
    for old, final in final_survivors(absorbed):
        absorbed[old] = final
        con.execute("UPDATE stories SET merged_into = ? WHERE story_id = ?", [final, old])
    touched -= set(absorbed)
    # copies follow the article they copy (which may itself have been stored long ago)
    if dup_of:
        joins = _copies_into_stories(con, dup_of)
        _join_stories(con, joins)
        touched.update(sid for sid, _ in joins)
    # articles that were pending only because of new mentions keep their story; nothing else to do
    return touched, absorbed


def final_survivors(absorbed: dict[str, str]) -> list[tuple[str, str]]:
    """(absorbed story, final survivor) for each absorbed story whose survivor was itself absorbed later
    (a chain of absorptions), in story id order."""
    chain = dict(absorbed)
    out: list[tuple[str, str]] = []
    for old in sorted(chain):
        final = chain[old]
        while final in chain:
            final = chain[final]
        if final != chain[old]:
            chain[old] = final
            out.append((old, final))
    return out


def _absorb_stories(con: duckdb.DuckDBPyConnection, merged: list[tuple[str, str]], run_id: str) -> None:
    """Each (old, survivor): story ``old`` is part of ``survivor``: link it and move its articles (one
    statement per table: a statement per story scans the article table once per story)."""
    if not merged:
        return
    olds, survivors = [m[0] for m in merged], [m[1] for m in merged]
    con.execute(
        "UPDATE stories AS st SET merged_into = v.survivor, updated_run = ? FROM (SELECT unnest(?::VARCHAR[]) "
        "AS old, unnest(?::VARCHAR[]) AS survivor) AS v WHERE st.story_id = v.old",
        [run_id, olds, survivors],
    )
    con.execute(
        "UPDATE story_articles AS t SET story_id = v.survivor FROM (SELECT unnest(?::VARCHAR[]) AS old, "
        "unnest(?::VARCHAR[]) AS survivor) AS v WHERE t.story_id = v.old",
        [olds, survivors],
    )
    con.execute(
        "UPDATE articles AS t SET story_id = v.survivor FROM (SELECT unnest(?::VARCHAR[]) AS old, "
        "unnest(?::VARCHAR[]) AS survivor) AS v WHERE t.story_id = v.old",
        [olds, survivors],
    )


def _found_stories(con: duckdb.DuckDBPyConnection, founded: list[tuple[str, str]], run_id: str) -> None:
    """Write new stories, (story_id, founding article) pairs, in one statement."""
    if founded:
        con.execute(
            "INSERT OR IGNORE INTO stories (story_id, founder, updated_run) "
            "SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?",
            [[f[0] for f in founded], [f[1] for f in founded], run_id],
        )


def _copies_into_stories(con: duckdb.DuckDBPyConnection, dup_of: dict[str, str]) -> list[tuple[str, str]]:
    """(story_id, copy) pairs: each near-duplicate joins the story of the article it copies."""
    kept_story = {
        r[0]: r[1]
        for r in con.execute(
            "SELECT article_id, story_id FROM articles WHERE list_contains(?, article_id)",
            [sorted(set(dup_of.values()))],
        ).fetchall()
    }
    return [(kept_story[kept], aid) for aid, kept in sorted(dup_of.items()) if kept_story.get(kept)]


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

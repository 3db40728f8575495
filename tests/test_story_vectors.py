"""Story vectors (issue 16): hashed bag-of-words leads, deterministic, and the refresh of older stores."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "merge"))
import corpus  # noqa: E402

from eventwire.store import Store  # noqa: E402
from eventwire.stories import embed  # noqa: E402
from eventwire.stories.merge import finalize, refresh_story_vectors  # noqa: E402

QUAKE_A = (
    "A magnitude 6.1 earthquake struck the Indonesian province of Aceh on Tuesday, killing at least 20 people "
    "and destroying hundreds of homes in the district of Bener Meriah, officials said."
)
QUAKE_B = (
    "At least 20 people died when a 6.1-magnitude quake hit Aceh province in Indonesia on Tuesday; rescuers "
    "in Bener Meriah searched collapsed homes."
)
OTHER = (
    "The central bank of Chile raised its benchmark interest rate by half a point on Thursday, citing "
    "persistent inflation and a weaker peso."
)


def test_same_story_leads_are_closer_than_unrelated_ones():
    a, b, c = embed.embed_texts([QUAKE_A, QUAKE_B, OTHER])
    assert float(a @ b) > 0.4
    assert float(a @ c) < 0.15 and float(b @ c) < 0.15


def test_vectors_are_unit_length_deterministic_and_batch_independent():
    vecs = embed.embed_texts([QUAKE_A, OTHER, QUAKE_B])
    assert vecs.shape == (3, embed.EMBED_DIM) and vecs.dtype == np.float32
    assert np.allclose(np.linalg.norm(vecs, axis=1), 1.0, atol=1e-5)
    alone = np.stack([embed.embed_texts([t])[0] for t in (QUAKE_A, OTHER, QUAKE_B)])
    assert np.array_equal(vecs, alone)
    assert np.array_equal(embed.embed_texts([QUAKE_A])[0], embed.embed_text(QUAKE_A))


def test_stop_words_only_give_a_zero_vector():
    assert not embed.embed_texts(["the of and to in"]).any()
    assert embed.embed_texts([]).shape == (0, embed.EMBED_DIM)


def test_names_weigh_more_than_common_words():
    w = embed.term_weights("Aceh was hit. The quake hit Aceh's villages.")
    assert w["aceh"] > w["hit"] > 0 and "the" not in w and "was" not in w


def _kind(store: Store) -> str | None:
    rows = store.query("SELECT value FROM meta WHERE key = 'story_vector_kind'")
    return rows[0]["value"] if rows else None


def test_new_store_records_the_vector_kind():
    with Store.open(":memory:") as store:
        assert _kind(store) == embed.VECTOR_KIND
        assert refresh_story_vectors(store) == 0


def test_old_store_vectors_are_recomputed_once():
    names = sorted(corpus.META)
    with Store.open(":memory:") as store:
        corpus.ingest(store, names)
        finalize(store, "run-test")
        stories_before = store.query("SELECT article_id, story_id FROM articles ORDER BY article_id")
        # what a store written before the hashed vectors looks like: 384-wide e5 vectors and no key
        rng = np.random.default_rng(0)
        store.con.execute("DELETE FROM meta WHERE key = 'story_vector_kind'")
        for (aid,) in store.con.execute("SELECT article_id FROM article_signatures").fetchall():
            old = rng.standard_normal(384).astype(np.float32)
            store.con.execute(
                "UPDATE article_signatures SET embedding = ? WHERE article_id = ?", [old.tolist(), aid]
            )
        assert refresh_story_vectors(store) == len(names)
        assert _kind(store) == embed.VECTOR_KIND
        rows = store.query(
            "SELECT s.embedding, a.title, a.text FROM article_signatures s JOIN articles a USING (article_id)"
        )
        for r in rows:
            want = embed.embed_texts([embed.lead_text(r["title"], r["text"])])[0]
            assert np.allclose(np.asarray(r["embedding"], dtype=np.float32), want)
        assert refresh_story_vectors(store) == 0  # once only
        # a later ingest clusters against the refreshed vectors: the stories are unchanged
        corpus.ingest(store, names, run_id="run-2")
        finalize(store, "run-2")
        assert store.query("SELECT article_id, story_id FROM articles ORDER BY article_id") == stories_before


def test_similarity_matrix_matches_pairwise_similarity():
    from eventwire.stories import cluster as stories

    names = sorted(corpus.META)
    feats = []
    for undated in (False, True):
        for n in names:
            art = corpus.article(n, published=None) if undated else corpus.article(n)
            vec = embed.embed_texts([embed.lead_text(art.title, art.text)])[0]
            feats.append(stories.article_features(art, corpus.events_for(n, art), vec))
    feats.append(stories.pool_features("story", feats[:3]))
    mat = stories.similarity_matrix(feats)
    for i, a in enumerate(feats):
        for j, b in enumerate(feats):
            if i != j:
                want = stories.similarity(a, b)
                assert (mat[i, j] == want) if want == -np.inf else abs(mat[i, j] - want) < 1e-5

"""Story clustering (issue 5): features, the similarity, incremental group-average clustering."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "merge"))
import corpus  # noqa: E402

from eventwire.stories import cluster as stories  # noqa: E402
from eventwire.stories.cluster import (  # noqa: E402
    StoryFeatures,
    assign_block,
    cluster_articles,
    lead_numbers,
    name_terms,
    pool_features,
    reference_date,
    similarity,
)
from eventwire.stories.embed import EMBED_DIM, embed_texts, lead_text  # noqa: E402

NAMES = sorted(corpus.META)
EXPECTED = {  # EXPECTED.md in tests/fixtures/stories
    frozenset(
        {"tza_zmb_jpc4_daily_coastline.txt", "tza_zmb_jpc4_lusaka_herald.txt", "tza_zmb_jpc4_wire.txt"}
    ),
    frozenset({"tza_zmb_jpc3_2024_daily_coastline.txt"}),
    frozenset(
        {"khost_strikes_round1_frontier_daily.txt", "khost_strikes_round1_valley_times_syndicated.txt"}
    ),
    frozenset({"khost_strikes_round2_frontier_daily.txt"}),
    frozenset({"tza_zmb_flood_relief.txt"}),
    frozenset({"pak_afg_torkham_reopens.txt"}),
}


@pytest.fixture(scope="module")
def arts():
    return {n: corpus.article(n) for n in NAMES}


@pytest.fixture(scope="module")
def vecs(arts):
    ordered = [arts[n] for n in NAMES]
    return dict(zip(NAMES, embed_texts([lead_text(a.title, a.text) for a in ordered]), strict=True))


def _groups(clusters, arts):
    by_id = {a.article_id: n for n, a in arts.items()}
    return {frozenset(by_id[i] for i in c) for c in clusters}


def test_lead_numbers_digits_words_and_years():
    assert lead_numbers("Tanzania, Zambia close 4th Joint Permanent Commission", "Held in 2025.") == (
        frozenset({4}),
        frozenset({2025}),
    )
    assert lead_numbers(None, "They ended the fourth session of the commission.")[0] == frozenset({4})
    assert lead_numbers(None, "It was the first time the two met.")[0] == frozenset()


def test_name_terms_skip_stop_words_and_count():
    terms = name_terms(
        "On Thursday TAZARA sent maize to Mbeya. TAZARA and Zambia agreed in Lusaka. The Minister said so."
    )
    assert terms == {"tazara": 2, "mbeya": 1}  # countries, demonyms and capitals are compared elsewhere


def test_reference_date_prefers_text_dates_of_asserted_events(arts):
    art = arts["tza_zmb_jpc4_daily_coastline.txt"]
    evs = corpus.events_for("tza_zmb_jpc4_daily_coastline.txt", art)
    assert reference_date(art, evs) == "2025-11-18"  # ties between text days go to the earliest
    assert reference_date(art, []) == "2025-11-21"  # publication date fallback


def test_embeddings_do_not_depend_on_batch(arts, vecs):
    texts = [lead_text(arts[n].title, arts[n].text) for n in NAMES[:2]]
    together = np.stack([vecs[n] for n in NAMES])
    alone = np.stack([embed_texts([t])[0] for t in texts])
    assert np.array_equal(together[:2], alone)
    assert together.shape == (len(NAMES), EMBED_DIM)
    assert np.allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def _feat(key, emb, *, ords=(), day=None, countries=()):
    return StoryFeatures(
        key=key,
        embedding=np.asarray(emb, dtype=np.float32),
        names={"lusaka": 1.0},
        ordinals=frozenset(ords),
        countries=frozenset(countries),
        first_day=day,
        last_day=day,
    )


def test_similarity_vetoes_and_penalties():
    e = [1.0] + [0.0] * 383
    base = similarity(_feat("a", e), _feat("b", e))
    assert base == pytest.approx(1.0 + stories.NAME_WEIGHT)
    assert similarity(_feat("a", e, ords=[4]), _feat("b", e, ords=[3])) == pytest.approx(
        base - stories.ORDINAL_CONFLICT
    )
    assert similarity(_feat("a", e, ords=[4]), _feat("b", e, ords=[4, 5])) == pytest.approx(base)
    assert similarity(_feat("a", e, countries=["PAK"]), _feat("b", e, countries=["KEN"])) == pytest.approx(
        base - stories.COUNTRY_CONFLICT
    )
    assert similarity(_feat("a", e, day=100), _feat("b", e, day=102)) == pytest.approx(base)
    assert similarity(_feat("a", e, day=100), _feat("b", e, day=105)) == pytest.approx(
        base - 3 * stories.DATE_PENALTY_PER_DAY
    )
    assert (
        similarity(_feat("a", e, day=100), _feat("b", e, day=100 + stories.STORY_WINDOW_DAYS + 1)) == -np.inf
    )


@pytest.mark.issue(5)
def test_fixture_articles_form_the_expected_six_stories(arts, vecs):
    ordered = [arts[n] for n in NAMES]
    events = {arts[n].article_id: corpus.events_for(n, arts[n]) for n in NAMES}
    clusters = cluster_articles(ordered, events, embeddings=np.stack([vecs[n] for n in NAMES]))
    assert _groups(clusters, arts) == EXPECTED


def test_clustering_on_text_and_publication_dates_alone(arts, vecs):
    ordered = [arts[n] for n in NAMES]
    clusters = cluster_articles(ordered, embeddings=np.stack([vecs[n] for n in NAMES]))
    assert _groups(clusters, arts) == EXPECTED


def test_undated_template_twin_is_split_by_the_session_number(arts, vecs):
    # without dates, the 3rd and 4th sessions differ only in text; the instance numbers keep them apart
    names = ["tza_zmb_jpc4_daily_coastline.txt", "tza_zmb_jpc3_2024_daily_coastline.txt"]
    undated = [corpus.article(n, published=None) for n in names]
    clusters = cluster_articles(undated, embeddings=np.stack([vecs[n] for n in names]))
    assert len(clusters) == 2


def test_new_article_joins_a_stored_story_and_bridges(arts, vecs):
    def feats(n):
        return stories.article_features(arts[n], corpus.events_for(n, arts[n]), vecs[n])

    wire, coast, herald = (
        feats(n)
        for n in (
            "tza_zmb_jpc4_wire.txt",
            "tza_zmb_jpc4_daily_coastline.txt",
            "tza_zmb_jpc4_lusaka_herald.txt",
        )
    )
    stored = [pool_features("story-wire", [wire]), pool_features("story-coast", [coast])]
    (grp,) = assign_block([herald], stored)
    assert grp.story == "story-wire" and grp.absorbed == ["story-coast"] and grp.articles == [herald.key]
    (grp,) = assign_block([herald], stored[:1])
    assert grp.story == "story-wire" and grp.absorbed == []
    # a story from another time never gets candidates
    relief = feats("tza_zmb_flood_relief.txt")
    assert stories.rank_candidates([relief], stored) == []

"""Near-duplicate detection (issue 5): MinHash signatures, LSH buckets, the Jaccard threshold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventwire.stories.dedup import (
    LSH_BANDS,
    NEAR_DUP_JACCARD,
    NUM_PERM,
    band_keys,
    find_near_duplicates,
    jaccard,
    minhash_signature,
    shingles,
)

STORIES = Path(__file__).parent / "fixtures" / "stories"


def _read(name: str) -> str:
    return (STORIES / name).read_text(encoding="utf-8")


def test_shingles_are_normalised_word_5grams():
    assert shingles("The  two SIDES met in Lusaka today.") == {
        "the two sides met in",
        "two sides met in lusaka",
        "sides met in lusaka today",
    }
    assert shingles("too short") == {"too short"}
    assert shingles("") == set()


def test_signature_is_deterministic_and_sized():
    a = minhash_signature(_read("tza_zmb_flood_relief.txt"))
    b = minhash_signature(_read("tza_zmb_flood_relief.txt"))
    assert a.dtype == np.uint64 and a.shape == (NUM_PERM,)
    assert np.array_equal(a, b)
    assert len(band_keys(a)) == LSH_BANDS and band_keys(a) == band_keys(b)


@pytest.mark.issue(5)
def test_syndicated_copy_matches_but_next_round_and_previous_session_do_not():
    orig = minhash_signature(_read("khost_strikes_round1_frontier_daily.txt"))
    copy = minhash_signature(_read("khost_strikes_round1_valley_times_syndicated.txt"))
    round2 = minhash_signature(_read("khost_strikes_round2_frontier_daily.txt"))
    jpc4 = minhash_signature(_read("tza_zmb_jpc4_daily_coastline.txt"))
    jpc3 = minhash_signature(_read("tza_zmb_jpc3_2024_daily_coastline.txt"))
    assert jaccard(orig, copy) >= NEAR_DUP_JACCARD
    assert jaccard(orig, round2) < 0.2
    assert jaccard(jpc4, jpc3) < 0.3  # same outlet template, a different session
    assert set(band_keys(orig)) & set(band_keys(copy))


def test_two_outlets_rewriting_one_statement_are_not_duplicates():
    # Project-written: two reports of one meeting sharing a quoted statement but otherwise reworded.
    quote = (
        "“The two sides reaffirmed their commitment to a broad partnership that supports development and "
        "regional stability,” the statement said. "
    )
    a = (
        "Kenya and Ethiopia on Wednesday wrapped up the seventh session of their joint commission in Nairobi, "
        "signing three memoranda on standards, ports and news exchange. "
        + quote
        + "The session was co-chaired by the two foreign ministers, officials said."
    )
    b = (
        "Ethiopia's foreign minister and his Kenyan counterpart closed three days of talks in the Kenyan capital, "
        "where their delegations reviewed trade, electricity imports and border security. "
        + quote
        + "The next meeting will take place in Addis Ababa next year, according to the communique."
    )
    assert jaccard(minhash_signature(a), minhash_signature(b)) < NEAR_DUP_JACCARD


def test_find_near_duplicates_keeps_the_first_and_never_points_at_a_copy():
    orig = minhash_signature(_read("khost_strikes_round1_frontier_daily.txt"))
    copy = minhash_signature(_read("khost_strikes_round1_valley_times_syndicated.txt"))
    other = minhash_signature(_read("pak_afg_torkham_reopens.txt"))
    found = find_near_duplicates([("a", orig), ("b", copy), ("c", other), ("d", orig)])
    assert set(found) == {"b", "d"}
    assert found["b"][0] == "a" and found["d"] == ("a", 1.0)
    # against stored articles: a new copy points at the stored one
    found = find_near_duplicates([("new", copy)], [("stored", orig)])
    assert found == {"new": ("stored", pytest.approx(jaccard(copy, orig), abs=1e-4))}

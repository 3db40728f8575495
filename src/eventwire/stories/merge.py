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

One module per step: ``write`` (mentions in, event rows), ``keys``, ``signatures`` (1), ``neardups`` (2a),
``assign`` (2b), ``event_merge`` (2c), ``aggregates`` (2d), ``quality``; this module runs them.
"""

from __future__ import annotations

from ..store import Store
from .aggregates import recount_events, refresh_events, refresh_stories
from .assign import assign_stories
from .event_merge import consolidate, merge_events
from .neardups import near_duplicates, pending_articles
from .quality import duplicate_rate
from .signatures import (
    article_vectors,
    compute_signatures,
    refresh_story_vectors,
    signature_row,
    write_signature,
    write_signatures,
)
from .write import event_from_dict, write_mentions, write_mentions_many

# Passes of the twin-folding step in finalize. Each pass can only reduce the number of live events, and
# one pass settles everything seen so far; a second catches keys changed by the first.
CONSOLIDATE_ROUNDS = 3

__all__ = [
    "CONSOLIDATE_ROUNDS",
    "article_vectors",
    "duplicate_rate",
    "event_from_dict",
    "finalize",
    "refresh_story_vectors",
    "signature_row",
    "write_mentions",
    "write_mentions_many",
    "write_signature",
    "write_signatures",
]


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
            recount_events(store, con, run_id)
            return 0
        new_arts = pending_articles(store)
        dup_of = near_duplicates(store, con, new_arts, run_id)
        touched_stories, absorbed = assign_stories(store, con, new_arts, dup_of, run_id)
        touched_events = merge_events(store, con, absorbed, run_id)
        refresh_events(store, con, touched_events, run_id)
        # a merged record can end up under the key of another event of its story (a one-sided claim
        # completed by a later one): fold such twins until none is left
        for _ in range(CONSOLIDATE_ROUNDS):
            grown = consolidate(store, con, touched_stories | set(absorbed.values()), run_id)
            if not grown:
                break
            refresh_events(store, con, grown, run_id)
        recount_events(store, con, run_id)
        refresh_stories(store, con, touched_stories | set(absorbed.values()), run_id)
    return len(touched_stories)

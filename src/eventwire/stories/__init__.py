"""Cross-article stage: near-duplicates, story clustering, story vectors and event merging.

- ``dedup``: MinHash signatures and near-duplicate detection;
- ``embed``: the hashed bag-of-words lead vectors;
- ``cluster``: story features, similarity and incremental clustering, story listing;
- ``merge``: the global step (``finalize``) over stored articles and mentions, one module per step
  (``write``, ``keys``, ``signatures``, ``neardups``, ``assign``, ``event_merge``, ``aggregates``, ``quality``).
"""

from __future__ import annotations

from .cluster import cluster_articles, list_stories
from .merge import duplicate_rate, finalize, write_mentions, write_signature

__all__ = [
    "cluster_articles",
    "duplicate_rate",
    "finalize",
    "list_stories",
    "write_mentions",
    "write_signature",
]

"""Stories: articles about the same real-world happening, clustered incrementally.

A story is one happening (one commission session, one round of air strikes), not a topic: the 10th
session of a commission and the 9th are different stories, and so are two rounds of strikes a week
apart. Two articles (or an article and a stored story) are compared on

- the cosine of their hashed bag-of-words lead vectors (``eventwire.stories.embed``),
- the overlap of their *name terms* (capitalised words: the people, places and organisations
  that pin a happening down; weighted by how often the article repeats them),
- conflicting *instance numbers* in the lead ("10th session" vs "9th session", "81st Academy
  Awards" vs "86th Oscars") and conflicting years in the lead,
- the countries of the article's coded events (no shared country: different happenings) and
  its event types,
- dates: the article's reference date (the date its asserted events agree on, else its
  publication date) against the story's dates; beyond ``STORY_WINDOW_DAYS`` they never join.

Clustering is group-average agglomerative over the new articles *plus the stored stories that are
close in time* (each stored story enters as one item: its centroid and pooled features), so a new
batch joins existing stories without re-clustering the store. Undated articles (ECB+, pasted
text without a date) are compared on text alone. Results depend only on the set of pending articles,
which are processed in canonical order (publication date, then article id), never on batch
boundaries or worker count.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np

from ..records import Article, Event

# Weight of the name-term cosine next to the lead-vector cosine. Tuned on the ECB+ dev topics (odd ids)
# with the hashed lead vectors of ``eventwire.stories.embed``: 0.3 beat 0.0, 0.15, 0.2 and 0.5 (B-cubed F1 0.917
# vs 0.909 / 0.912 / 0.918 / 0.907 at their best thresholds; 0.2 is level but worse on test topics).
NAME_WEIGHT = 0.3

# Combined similarity (lead-vector cosine + NAME_WEIGHT * name cosine + adjustments below) at or above
# which two items belong to one story under group-average linkage. The best of 0.25-0.40 on the ECB+
# dev topics (odd ids): 0.27 -> 0.874, 0.29 -> 0.891, 0.31 -> 0.917, 0.33 -> 0.914, 0.35 -> 0.907,
# 0.37 -> 0.907 B-cubed F1. (Hashed bag-of-words cosines are much lower than those of the e5 sentence
# embedding used before December 2026, whose threshold was 0.96.)
STORY_THRESHOLD = 0.31

# Penalty when both leads carry instance numbers ("4th session", "fourth round") and none is shared.
# Large enough to act as a veto: a template-identical report of the previous session otherwise scores
# above the threshold (lead-vector cosine ~0.8 plus shared names). On ECB+ it costs nothing (dev F1
# 0.917 with 1.0 and with 0.5).
ORDINAL_CONFLICT = 1.0

# Penalty when both leads name years and none is shared (a 2008 and a 2013 earthquake report). ECB+:
# 0.15 -> dev 0.917 / test 0.910, 0.3 -> 0.917 / 0.915, 0.45 -> 0.915 / 0.915, 0.7 -> 0.910 / 0.908.
YEAR_CONFLICT = 0.3

# Penalty when both items have coded events with countries and share none: the same kind of event
# between different countries is a different happening. Kept small because coded countries are noisy
# (reports of one happening name different sides): ECB+ through ingest (coded events, dev topics),
# B-cubed F1 0.0 -> 0.875, 0.15 -> 0.875, 0.3 -> 0.873, 0.45 -> 0.870, 0.6 -> 0.868.
COUNTRY_CONFLICT = 0.15

# Bonus scale for shared event types (Jaccard of the PLOVER types coded in both items). Small: the
# same types are expected within a story but also across sibling stories.
TYPE_WEIGHT = 0.05

# Dates: reference dates within this many days of each other need no explanation (reports of a
# three-day session published over the following days).
DATE_SLACK_DAYS = 2
# Each further day apart costs this much. Two rounds of strikes a week apart lose 0.75, which takes
# near-identical reports (lead cosine ~0.7-0.9) below the threshold, while a follow-up 3-4 days later
# that shares its names survives.
DATE_PENALTY_PER_DAY = 0.15
# Items further apart than this never join: a story is one happening, not a running topic.
STORY_WINDOW_DAYS = 7

# Words of the lead scanned for instance numbers and years: the title and first paragraph say which
# session or round the article is about; later paragraphs cite earlier ones as background.
LEAD_WORDS = 80

# Actor-dictionary kinds whose words are not distinctive names (see ``name_terms``).
GENERIC_PLACE_KINDS = frozenset({"country", "demonym", "seat", "capital"})

# Name terms kept per article (the most repeated ones). On ECB+ dev topics 20 beat 40 (B-cubed F1
# 0.918 vs 0.917, test 0.902 vs 0.899): names mentioned once or twice are mostly background.
MAX_NAMES = 20

# Largest number of items clustered in one dense block. Group-average linkage needs the full pairwise
# matrix: 3,000 items are 72 MB of float64, safe on a small machine; larger batches are cut into
# date-ordered blocks, each joining the stories built by the blocks before it.
MAX_BLOCK = 3000

# Stored stories offered to one block as candidates, ranked by centroid cosine to the block's
# articles. Keeps undated batches against a large store bounded.
MAX_CANDIDATE_STORIES = 500

# Distance used for pairs that may never join (outside the time window, two stored stories whose
# union would span too long). Any value far above the linkage cut works.
_FORBIDDEN = 10.0
# Similarities are turned into distances as _CEILING - similarity (kept non-negative).
_CEILING = 2.0

_NAME = re.compile(r"[A-Z][\w'\-]*[\w]|[A-Z]")
_SENT = re.compile(r"(?<=[.!?|:])\s+|\n+")
_DIGIT_ORDINAL = re.compile(r"\b(\d{1,3})\s?(?:st|nd|rd|th)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_WORD_ORDINALS = {
    w: i + 1
    for i, w in enumerate(
        "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth "
        "fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth".split()
    )
}
# A spelled-out ordinal counts as an instance number only before one of these nouns ("the fourth
# session"), because "first" and "second" are mostly not numbering anything ("the first time").
_INSTANCE_NOUNS = (
    "session", "sessions", "round", "rounds", "summit", "meeting", "conference", "edition", "congress",
    "plenary", "plenum", "commission", "dialogue", "review", "anniversary", "annual", "term", "phase",
    "tranche", "wave", "ministerial", "joint", "bilateral",
)  # fmt: skip
_WORD_ORDINAL = re.compile(
    r"\b(" + "|".join(_WORD_ORDINALS) + r")\s+(?:\w+\s+){0,2}?(?:" + "|".join(_INSTANCE_NOUNS) + r")\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def stop_names() -> frozenset[str]:
    """Capitalised words that are not names (``data/story_stopnames.txt``)."""
    text = resources.files("eventwire").joinpath("data/story_stopnames.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


@dataclass(slots=True)
class StoryFeatures:
    """What the clusterer knows about one article (or, pooled, about one stored story)."""

    key: str  # article_id, or story_id for a stored story
    embedding: np.ndarray  # L2-normalised
    names: dict[str, float]  # name term -> weight
    ordinals: frozenset[int] = frozenset()
    years: frozenset[int] = frozenset()
    countries: frozenset[str] = frozenset()
    types: frozenset[str] = frozenset()
    places: frozenset[str] = frozenset()
    first_day: int | None = None  # proleptic ordinal days of the reference date span
    last_day: int | None = None
    is_story: bool = False
    members: list[str] = field(default_factory=list)


def name_terms(text: str) -> dict[str, int]:
    """Capitalised words of the text (lower-cased, stop names removed) with their counts, most frequent first.

    Country names, demonyms and capitals are left out: every report on a dyad repeats them, so they say
    nothing about *which* happening it is (the countries are compared separately, from the events).
    """
    stop = stop_names()
    counts: Counter[str] = Counter()
    for sent in _SENT.split(text):
        for tok in _NAME.findall(sent):
            low = tok.lower()
            if len(low) > 2 and low not in stop and not low.isdigit() and not _generic_place(tok):
                counts[low] += 1
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_NAMES]
    return dict(top)


@lru_cache(maxsize=65536)
def _generic_place(word: str) -> bool:
    """True for a country name, demonym or capital ("Pakistan", "Afghan", "Kabul") per the actor dictionary."""
    parts = [p for p in re.split(r"[-–]", word) if p]
    if len(parts) > 1:  # "Pakistan-Russia", "Tanzania–Zambia"
        return all(_generic_place(p) for p in parts)
    try:
        from ..actors.dictionary import get_dictionary

        return any(
            m.best.kind in GENERIC_PLACE_KINDS and m.start == 0 and m.end == len(word)
            for m in get_dictionary().iter_matches(word)
        )
    except Exception:  # the dictionary refines the names; without it they are all kept
        return False


def lead_numbers(title: str | None, text: str) -> tuple[frozenset[int], frozenset[int]]:
    """Instance numbers ("10th", "fourth session") and years named in the title and lead."""
    lead = " ".join(((title or "") + " " + text).split()[:LEAD_WORDS])
    ords = {int(m.group(1)) for m in _DIGIT_ORDINAL.finditer(lead)}
    ords |= {_WORD_ORDINALS[m.group(1).lower()] for m in _WORD_ORDINAL.finditer(lead)}
    years = {int(y) for y in _YEAR.findall(lead)}
    return frozenset(ords), frozenset(years)


def day_number(iso: str | None) -> int | None:
    """Ordinal day of an ISO day string (YYYY-MM-DD); None for missing or coarser dates."""
    if not iso or len(iso) < 10:
        return None
    try:
        return date.fromisoformat(iso[:10]).toordinal()
    except ValueError:
        return None


def reference_date(article: Article, events: Sequence[Event]) -> str | None:
    """The day an article is about: the text-derived day most of its asserted events agree on, else its
    publication day. Intended and historical events do not count (a story about a session is dated by
    the session, not by the next one it announces or the one it recalls)."""
    days = Counter(
        ev.date[:10]
        for ev in events
        if ev.date
        and ev.date_source == "text"
        and ev.date_precision == "day"
        and ev.modality in ("asserted", "denied")
        and day_number(ev.date) is not None
    )
    if days:
        # most agreed-on day; ties go to the earliest (the happening, not its aftermath)
        return sorted(days.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
    if article.published and article.published_precision in (None, "day") and day_number(article.published):
        return article.published[:10]
    return None


def event_facets(events: Sequence[Event]) -> dict[str, list[str]]:
    """Countries, event types and places of an article's coded events (sorted lists, for storage)."""
    countries: set[str] = set()
    types: set[str] = set()
    places: set[str] = set()
    for ev in events:
        if ev.modality == "historical":
            continue
        types.add(ev.event_type)
        for actor in (ev.source, ev.target):
            if actor is not None and actor.country:
                countries.add(actor.country)
        if ev.location is not None and ev.location.name:
            places.add(ev.location.name.casefold())
    return {"countries": sorted(countries), "types": sorted(types), "places": sorted(places)}


def article_features(
    article: Article,
    events: Sequence[Event],
    embedding: np.ndarray,
) -> StoryFeatures:
    """Features of one article for clustering (``embedding`` from ``embed.embed_texts`` of its lead)."""
    ords, years = lead_numbers(article.title, article.text)
    facets = event_facets(events)
    day = day_number(reference_date(article, events))
    return StoryFeatures(
        key=article.article_id,
        embedding=np.asarray(embedding, dtype=np.float32),
        names=weigh_names(name_terms((article.title or "") + "\n" + article.text)),
        ordinals=ords,
        years=years,
        countries=frozenset(facets["countries"]),
        types=frozenset(facets["types"]),
        places=frozenset(facets["places"]),
        first_day=day,
        last_day=day,
        members=[article.article_id],
    )


def weigh_names(counts: dict[str, int] | Counter[str]) -> dict[str, float]:
    """Sub-linear term weights (1 + ln count), L2-normalised, so one repeated name cannot dominate."""
    w = {t: 1.0 + math.log(c) for t, c in counts.items() if c > 0}
    norm = math.sqrt(sum(v * v for v in w.values())) or 1.0
    return {t: v / norm for t, v in w.items()}


def pool_features(key: str, members: Sequence[StoryFeatures]) -> StoryFeatures:
    """One item standing for a stored story: mean embedding, pooled name weights, union of the rest."""
    emb = np.mean(np.stack([m.embedding for m in members]), axis=0)
    emb = emb / (np.linalg.norm(emb) or 1.0)
    pooled: Counter[str] = Counter()
    for m in members:
        pooled.update(m.names)
    top = dict(sorted(pooled.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_NAMES])
    norm = math.sqrt(sum(v * v for v in top.values())) or 1.0
    days = [d for m in members for d in (m.first_day, m.last_day) if d is not None]
    return StoryFeatures(
        key=key,
        embedding=emb.astype(np.float32),
        names={t: v / norm for t, v in top.items()},
        ordinals=frozenset().union(*(m.ordinals for m in members)),
        years=frozenset().union(*(m.years for m in members)),
        countries=frozenset().union(*(m.countries for m in members)),
        types=frozenset().union(*(m.types for m in members)),
        places=frozenset().union(*(m.places for m in members)),
        first_day=min(days) if days else None,
        last_day=max(days) if days else None,
        is_story=True,
        members=[mid for m in members for mid in m.members],
    )


def similarity(a: StoryFeatures, b: StoryFeatures) -> float:
    """Combined similarity of two items; ``-inf`` when they may never share a story."""
    gap = _day_gap(a, b)
    if gap is not None and gap > STORY_WINDOW_DAYS:
        return -math.inf
    s = float(np.dot(a.embedding, b.embedding))
    s += NAME_WEIGHT * sum(w * b.names.get(t, 0.0) for t, w in a.names.items())
    return s + _adjustment(a, b, gap)


def _day_gap(a: StoryFeatures, b: StoryFeatures) -> int | None:
    if a.first_day is None or b.first_day is None:
        return None
    assert a.last_day is not None and b.last_day is not None
    return max(0, max(a.first_day, b.first_day) - min(a.last_day, b.last_day))


def _adjustment(a: StoryFeatures, b: StoryFeatures, gap: int | None) -> float:
    adj = 0.0
    if a.ordinals and b.ordinals and not a.ordinals & b.ordinals:
        adj -= ORDINAL_CONFLICT
    if a.years and b.years and not a.years & b.years:
        adj -= YEAR_CONFLICT
    if a.countries and b.countries and not a.countries & b.countries:
        adj -= COUNTRY_CONFLICT
    if a.types and b.types:
        adj += TYPE_WEIGHT * len(a.types & b.types) / len(a.types | b.types)
    if gap is not None and gap > DATE_SLACK_DAYS:
        adj -= DATE_PENALTY_PER_DAY * (gap - DATE_SLACK_DAYS)
    return adj


def similarity_matrix(items: Sequence[StoryFeatures]) -> np.ndarray:
    """Pairwise combined similarities (symmetric; -inf where items may never join).

    The same numbers as ``similarity`` for every pair, computed with array operations (set overlaps are
    products of sparse indicator matrices), so a 3,000-item block costs about a second, not minutes.
    """
    n = len(items)
    if n == 0:
        return np.zeros((0, 0))
    emb = np.stack([it.embedding for it in items]).astype(np.float64)
    sim = emb @ emb.T
    names = _indicator([it.names for it in items])
    if names is not None:
        sim += NAME_WEIGHT * (names @ names.T).toarray()
    diag = sim.diagonal().copy()  # an item with itself: no adjustments
    for attr, penalty in (
        ("ordinals", ORDINAL_CONFLICT),
        ("years", YEAR_CONFLICT),
        ("countries", COUNTRY_CONFLICT),
    ):
        ind = _indicator([getattr(it, attr) for it in items])
        if ind is None:
            continue
        has = np.diff(ind.indptr) > 0
        shared = (ind @ ind.T).toarray() > 0
        sim -= penalty * (np.outer(has, has) & ~shared)
    types = _indicator([it.types for it in items])
    if types is not None:
        inter = (types @ types.T).toarray()
        size = np.diff(types.indptr).astype(np.float64)
        union = size[:, None] + size[None, :] - inter
        np.divide(inter, union, out=inter, where=union > 0)
        sim += TYPE_WEIGHT * inter
        del inter, union
    first = np.array([np.nan if it.first_day is None else it.first_day for it in items], dtype=np.float64)
    last = np.array([np.nan if it.last_day is None else it.last_day for it in items], dtype=np.float64)
    if not np.isnan(first).all():
        gap = np.maximum.outer(first, first)
        gap -= np.minimum.outer(last, last)  # NaN where either item is undated: no date terms
        np.maximum(gap, 0.0, out=gap)
        outside = gap > STORY_WINDOW_DAYS
        gap -= DATE_SLACK_DAYS
        np.maximum(gap, 0.0, out=gap)
        np.nan_to_num(gap, copy=False, nan=0.0)
        gap *= DATE_PENALTY_PER_DAY
        sim -= gap
        del gap
        sim[outside] = -math.inf
    np.fill_diagonal(sim, diag)
    return sim


def _indicator(sets: Sequence[Any]) -> Any:
    """Sparse item x term matrix of a feature (weights for dicts such as name terms, 1.0 for set members);
    None when every item's feature is empty."""
    from scipy.sparse import csr_matrix

    vocab: dict[Any, int] = {}
    rows: list[int] = []
    cols: list[int] = []
    vals: list[float] = []
    for i, st in enumerate(sets):
        items = st.items() if isinstance(st, dict) else ((t, 1.0) for t in st)
        for t, w in items:
            rows.append(i)
            cols.append(vocab.setdefault(t, len(vocab)))
            vals.append(float(w))
    if not vocab:
        return None
    return csr_matrix((vals, (rows, cols)), shape=(len(sets), len(vocab)))


def cluster(items: Sequence[StoryFeatures], threshold: float | None = None) -> list[list[int]]:
    """Group-average agglomerative clustering cut at ``threshold``; groups of item indices.

    Groups are returned sorted by their first index (input order is canonical, so the output is
    deterministic). Two stored stories end up in one group only when the new articles bridge them.
    """
    n = len(items)
    if n == 0:
        return []
    if n == 1:
        return [[0]]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    threshold = STORY_THRESHOLD if threshold is None else threshold
    sim = similarity_matrix(items)
    dist = np.where(np.isfinite(sim), np.clip(_CEILING - sim, 0.0, None), _FORBIDDEN)
    np.fill_diagonal(dist, 0.0)
    tree = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(tree, t=_CEILING - threshold, criterion="distance")
    groups: dict[int, list[int]] = {}
    for idx, lab in enumerate(labels):
        groups.setdefault(int(lab), []).append(idx)
    return sorted(groups.values(), key=lambda g: g[0])


@dataclass(slots=True)
class StoryGroup:
    """One outcome of clustering a block: new articles joining a story.

    ``story`` is the stored story they continue (the most senior one if the articles bridged several),
    or None for a new story; ``absorbed`` are the other stored stories merged into it.
    """

    story: str | None
    absorbed: list[str]
    articles: list[str]


def assign_block(
    new: Sequence[StoryFeatures],
    candidates: Sequence[StoryFeatures],
    threshold: float | None = None,
) -> list[StoryGroup]:
    """Cluster new articles together with candidate stored stories (given most senior first).

    Stored stories that end in a group without new articles are left alone (not returned).
    """
    items = list(candidates) + list(new)
    groups: list[StoryGroup] = []
    for g in cluster(items, threshold):
        stories = [items[i].key for i in g if items[i].is_story]
        arts = [items[i].key for i in g if not items[i].is_story]
        if not arts:
            continue
        groups.append(StoryGroup(stories[0] if stories else None, stories[1:], arts))
    return groups


def rank_candidates(
    new: Sequence[StoryFeatures], stories: Sequence[StoryFeatures], limit: int = MAX_CANDIDATE_STORIES
) -> list[StoryFeatures]:
    """The stored stories worth comparing with a block: within the time window of some new article and
    among the ``limit`` closest by centroid cosine. Keeps the given (seniority) order."""
    if not stories or not new:
        return []
    if any(a.first_day is None for a in new):
        keep = list(stories)  # an undated article may belong to any story
    else:
        # a story is near when some article lies within STORY_WINDOW_DAYS of its span (``_day_gap``):
        # articles sorted by first day, with the running maximum of their last day, bisected per story
        spans: list[tuple[int, int]] = sorted(
            (a.first_day or 0, a.last_day if a.last_day is not None else a.first_day or 0) for a in new
        )
        firsts = [f for f, _ in spans]
        reach = list(itertools.accumulate((last for _, last in spans), max))
        keep = []
        for s in stories:
            if s.first_day is None or s.last_day is None:
                keep.append(s)
                continue
            k = bisect.bisect_right(firsts, s.last_day + STORY_WINDOW_DAYS)
            if k and reach[k - 1] >= s.first_day - STORY_WINDOW_DAYS:
                keep.append(s)
    if len(keep) <= limit:
        return keep
    emb_new = np.stack([a.embedding for a in new])
    emb_st = np.stack([s.embedding for s in keep])
    best = (emb_st @ emb_new.T).max(axis=1)
    chosen = set(np.argsort(-best, kind="stable")[:limit].tolist())
    return [s for i, s in enumerate(keep) if i in chosen]


def cluster_articles(
    articles: Sequence[Article],
    events: dict[str, Sequence[Event]] | None = None,
    *,
    embeddings: np.ndarray | None = None,
    threshold: float | None = None,
) -> list[list[str]]:
    """Cluster articles without a store (library use and evaluation): article ids per story.

    The same features and the same incremental procedure as ingest: articles in canonical order, cut
    into blocks, each block joining the stories built before it.
    """
    from .embed import embed_texts, lead_text

    ordered = sorted(articles, key=canonical_key)
    if embeddings is None:
        vecs = embed_texts([lead_text(a.title, a.text) for a in ordered])
    else:
        pos = {a.article_id: i for i, a in enumerate(articles)}
        vecs = np.stack([embeddings[pos[a.article_id]] for a in ordered])
    events = events or {}
    feats = [article_features(a, events.get(a.article_id, ()), vecs[i]) for i, a in enumerate(ordered)]
    members: dict[str, list[StoryFeatures]] = {}  # story key (founding article id) -> member features
    for block in feature_blocks(feats):
        by_key = {f.key: f for f in block}
        stored = [pool_features(k, m) for k, m in members.items()]
        for grp in assign_block(block, rank_candidates(block, stored), threshold):
            key = grp.story or grp.articles[0]
            joined = members.setdefault(key, [])
            for other in grp.absorbed:
                joined += members.pop(other)
            joined += [by_key[a] for a in grp.articles]
    return [[f.key for f in m] for m in members.values()]


def canonical_key(article: Article | dict[str, Any]) -> tuple[bool, str, str]:
    """Sort key that makes processing independent of arrival order: dated first, by date, then id."""
    if isinstance(article, dict):
        pub, aid = article.get("published"), article["article_id"]
    else:
        pub, aid = article.published, article.article_id
    return (pub is None, pub or "", aid)


def feature_blocks(feats: Sequence[StoryFeatures]) -> list[list[StoryFeatures]]:
    """Cut date-ordered features into blocks of at most MAX_BLOCK, at gaps wider than the window when possible."""
    if len(feats) <= MAX_BLOCK:
        return [list(feats)]
    blocks: list[list[StoryFeatures]] = [[]]
    prev: int | None = None
    for f in feats:
        cur = blocks[-1]
        gap_cut = prev is not None and f.first_day is not None and f.first_day - prev > STORY_WINDOW_DAYS
        if cur and (len(cur) >= MAX_BLOCK or gap_cut):
            blocks.append([])
        blocks[-1].append(f)
        prev = f.first_day if f.first_day is not None else prev
    return blocks


def list_stories(
    db: str,
    *,
    since: str | None = None,
    until: str | None = None,
    actor: str | None = None,
    limit: int = 0,
) -> list[dict[str, Any]]:
    """Stories in a store (absorbed ones hidden), oldest first, as the ``eventwire stories`` JSONL records:
    story_id, title, article_ids, outlets, start, end, dyads, event_types, event_ids, n_articles."""
    from ..store import Store

    sql, params = _stories_sql(since, until, actor, limit)
    with Store.open(db, read_only=True) as store:
        rows = store.query(sql, params)
        ids = [r["story_id"] for r in rows]
        arts: dict[str, list[dict[str, Any]]] = {}
        for a in store.query(
            "SELECT sa.story_id, a.article_id, a.published FROM story_articles sa JOIN articles a USING (article_id) "
            "WHERE list_contains(?, sa.story_id)",
            [ids],
        ):
            arts.setdefault(a["story_id"], []).append(a)
        evs: dict[str, list[str]] = {}
        for e in store.query(
            "SELECT story_id, event_id FROM events WHERE merged_into IS NULL AND list_contains(?, story_id) "
            "ORDER BY date NULLS LAST, event_id",
            [ids],
        ):
            evs.setdefault(e["story_id"], []).append(e["event_id"])
    return [_story_record(r, arts.get(r["story_id"], []), evs.get(r["story_id"], [])) for r in rows]


def _stories_sql(
    since: str | None, until: str | None, actor: str | None, limit: int
) -> tuple[str, list[Any]]:
    """The query of ``list_stories`` and its parameters (the filters are checked and normalised here)."""
    from ..store.queries import parse_actor, parse_day

    since, until, actor = parse_day(since, "since"), parse_day(until, "until"), parse_actor(actor)
    clauses, params = ["merged_into IS NULL"], []
    if since:
        clauses.append('coalesce("end", start) >= ?')
        params.append(since)
    if until:
        clauses.append("start <= ?")
        params.append(until + "~")
    if actor:
        clauses.append(
            "story_id IN (SELECT story_id FROM events WHERE merged_into IS NULL AND (source_country = ? OR "
            "target_country = ? OR starts_with(source_code, ?) OR starts_with(target_code, ?)))"
        )
        params += [actor] * 4
    sql = (
        'SELECT story_id, title, start, "end", n_articles, outlets, dyads, event_types FROM stories WHERE '  # noqa: S608
        + " AND ".join(clauses)  # fixed fragments only; values go through parameters
        + " ORDER BY start NULLS LAST, story_id"
    )
    if limit and limit > 0:
        sql += " LIMIT ?"
        params.append(int(limit))
    return sql, params


def _story_record(r: dict[str, Any], arts: list[dict[str, Any]], event_ids: list[str]) -> dict[str, Any]:
    """The JSONL record of a story row, with its articles (canonical order) and its live events."""
    members = sorted(arts, key=canonical_key)
    return {
        "story_id": r["story_id"],
        "title": r["title"],
        "article_ids": [a["article_id"] for a in members],
        "outlets": _loads(r["outlets"]),
        "start": r["start"],
        "end": r["end"],
        "dyads": _loads(r["dyads"]),
        "event_types": _loads(r["event_types"]),
        "event_ids": event_ids,
        "n_articles": r["n_articles"],
    }


def _loads(value: Any) -> list[Any]:
    import json

    if value is None:
        return []
    if isinstance(value, str):
        try:
            return list(json.loads(value))
        except ValueError:
            return []
    return list(value)

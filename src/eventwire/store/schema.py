"""DuckDB schema and its migrations.

``MIGRATIONS[i]`` brings a store from schema version ``i`` to ``i + 1``. A store records its version
in ``meta``; opening a store runs the missing migrations in one transaction, and refuses a store
whose version is newer than this code knows (EW202).
"""

from __future__ import annotations

# The story vectors this release writes (``embed.py`` computes them; ``meta.story_vector_kind`` records the kind a
# store holds, and ``merge.refresh_story_vectors`` recomputes the vectors of a store holding another kind).
STORY_VECTOR_DIM = 512
STORY_VECTOR_KIND = f"hashed-bow-v1-{STORY_VECTOR_DIM}"

SCHEMA_V1 = [
    """CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)""",
    """CREATE TABLE IF NOT EXISTS runs (
        run_id VARCHAR PRIMARY KEY,
        command VARCHAR,
        version VARCHAR,
        started_at TIMESTAMP,
        ended_at TIMESTAMP,
        status VARCHAR,            -- running | done | failed
        inputs JSON,
        files INTEGER DEFAULT 0,
        documents INTEGER DEFAULT 0,
        articles INTEGER DEFAULT 0,
        duplicates INTEGER DEFAULT 0,
        rejects INTEGER DEFAULT 0,
        events INTEGER DEFAULT 0,
        stories INTEGER DEFAULT 0,
        rejects_by_reason JSON,
        options JSON
    )""",
    """CREATE TABLE IF NOT EXISTS documents (
        doc_id VARCHAR PRIMARY KEY,
        path VARCHAR,
        record INTEGER,
        fmt VARCHAR,
        url VARCHAR,
        size BIGINT,
        encoding VARCHAR,
        n_articles INTEGER,
        run_id VARCHAR,
        ingested_at TIMESTAMP
    )""",
    """CREATE TABLE IF NOT EXISTS articles (
        article_id VARCHAR PRIMARY KEY,
        doc_id VARCHAR,
        path VARCHAR,
        part INTEGER,
        title VARCHAR,
        outlet VARCHAR,
        url VARCHAR,
        published VARCHAR,
        published_precision VARCHAR,
        published_source VARCHAR,
        language VARCHAR,
        text VARCHAR,
        page_date VARCHAR,
        run_id VARCHAR,
        ingested_at TIMESTAMP,
        story_id VARCHAR,
        dup_of VARCHAR              -- near-duplicate of this article (kept once, see article_copies)
    )""",
    # Every further occurrence of an article: an exact copy in another document, or a
    # near-duplicate (syndicated copy). Counted as extra mentions of the outlet.
    """CREATE TABLE IF NOT EXISTS article_copies (
        article_id VARCHAR,         -- the article kept
        copy_id VARCHAR,            -- content id of the copy (= article_id for exact copies)
        doc_id VARCHAR,
        path VARCHAR,
        part INTEGER,
        outlet VARCHAR,
        url VARCHAR,
        published VARCHAR,
        kind VARCHAR,               -- exact | near
        similarity DOUBLE,
        run_id VARCHAR,
        PRIMARY KEY (copy_id, doc_id, part)
    )""",
    """CREATE TABLE IF NOT EXISTS rejects (
        reject_id VARCHAR PRIMARY KEY,
        run_id VARCHAR,
        input VARCHAR,
        part INTEGER,
        doc_id VARCHAR,
        reason VARCHAR,
        message VARCHAR,
        created_at TIMESTAMP
    )""",
    # One row per event claim coded from one sentence of one article (before merging).
    """CREATE TABLE IF NOT EXISTS event_mentions (
        mention_id VARCHAR PRIMARY KEY,
        article_id VARCHAR,
        event_id VARCHAR,           -- merged event this mention belongs to
        payload JSON,               -- the full Event record as coded from this sentence
        sentence VARCHAR,
        char_start INTEGER,
        char_end INTEGER,
        run_id VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS events (
        event_id VARCHAR PRIMARY KEY,
        story_id VARCHAR,
        event_type VARCHAR,
        mode VARCHAR,
        context VARCHAR[],
        modality VARCHAR,
        source_text VARCHAR, source_name VARCHAR, source_country VARCHAR, source_sector VARCHAR,
        source_kind VARCHAR, source_code VARCHAR,
        target_text VARCHAR, target_name VARCHAR, target_country VARCHAR, target_sector VARCHAR,
        target_kind VARCHAR, target_code VARCHAR,
        reciprocal BOOLEAN,
        date VARCHAR,
        date_precision VARCHAR,
        date_source VARCHAR,
        location_name VARCHAR, location_country VARCHAR, lat DOUBLE, lon DOUBLE, location_precision VARCHAR,
        cameo_root VARCHAR,
        cameo_code VARCHAR,
        quad_class INTEGER,
        goldstein DOUBLE,
        confidence DOUBLE,
        confidences JSON,
        coder_version VARCHAR,
        num_articles INTEGER,
        num_sources INTEGER,
        num_mentions INTEGER,
        agreements JSON,
        figures JSON,
        merged_into VARCHAR,        -- set when this event was absorbed by another; id stays resolvable
        first_run VARCHAR,
        updated_run VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS evidence (
        event_id VARCHAR,
        mention_id VARCHAR,
        article_id VARCHAR,
        sentence VARCHAR,
        char_start INTEGER,
        char_end INTEGER,
        source_name VARCHAR,
        url VARCHAR,
        published VARCHAR,
        trigger VARCHAR,
        PRIMARY KEY (event_id, mention_id)
    )""",
    """CREATE TABLE IF NOT EXISTS stories (
        story_id VARCHAR PRIMARY KEY,
        title VARCHAR,
        start VARCHAR,
        "end" VARCHAR,
        n_articles INTEGER,
        outlets JSON,
        dyads JSON,
        event_types JSON,
        centroid FLOAT[],
        updated_run VARCHAR
    )""",
    """CREATE TABLE IF NOT EXISTS story_articles (story_id VARCHAR, article_id VARCHAR PRIMARY KEY)""",
    """CREATE TABLE IF NOT EXISTS article_signatures (
        article_id VARCHAR PRIMARY KEY,
        minhash UBIGINT[],
        embedding FLOAT[]
    )""",
    """CREATE TABLE IF NOT EXISTS feed_state (
        url VARCHAR PRIMARY KEY,
        etag VARCHAR,
        last_modified VARCHAR,
        last_status INTEGER,
        last_fetched TIMESTAMP,
        items INTEGER
    )""",
    """CREATE TABLE IF NOT EXISTS manifest (
        input VARCHAR PRIMARY KEY,
        kind VARCHAR,
        expected INTEGER,
        ingested INTEGER,
        rejected INTEGER,
        duplicates INTEGER,
        status VARCHAR,             -- complete | partial
        fingerprint VARCHAR,        -- "size:mtime_ns" of a regular file: unchanged inputs are not re-read
        meta JSON,                  -- reader state, e.g. a feed's ETag / Last-Modified
        updated_run VARCHAR,
        updated_at TIMESTAMP
    )""",
    """CREATE INDEX IF NOT EXISTS idx_events_type ON events(event_type)""",
    """CREATE INDEX IF NOT EXISTS idx_events_date ON events(date)""",
    """CREATE INDEX IF NOT EXISTS idx_mentions_article ON event_mentions(article_id)""",
]

# MIGRATIONS[i] upgrades version i -> i+1.
MIGRATIONS: list[list[str]] = [SCHEMA_V1]
SCHEMA_VERSION = len(MIGRATIONS)

# v2 (stories / merge, issue 5): what incremental near-duplicate detection, story clustering and event
# merging keep between runs. Article signatures gain the clustering features; `article_bands` holds the
# MinHash LSH buckets of kept articles (candidates are found with one indexed query); stories remember
# their founding article and, when absorbed by another story, `merged_into`; events keep their merge key
# and the canonical position of their founding mention.
SCHEMA_V2 = [
    "ALTER TABLE article_signatures ADD COLUMN names JSON",  # name term -> count
    "ALTER TABLE article_signatures ADD COLUMN ordinals INTEGER[]",  # instance numbers in the lead
    "ALTER TABLE article_signatures ADD COLUMN years INTEGER[]",  # years named in the lead
    "ALTER TABLE article_signatures ADD COLUMN ref_date VARCHAR",  # day the article is about
    "ALTER TABLE article_signatures ADD COLUMN facets JSON",  # countries / event types / places
    "ALTER TABLE article_signatures ADD COLUMN outlet_key VARCHAR",  # outlet, else domain, else document
    """CREATE TABLE IF NOT EXISTS article_bands (
        bucket UBIGINT,
        article_id VARCHAR,
        PRIMARY KEY (bucket, article_id)
    )""",
    "ALTER TABLE stories ADD COLUMN founder VARCHAR",
    "ALTER TABLE stories ADD COLUMN merged_into VARCHAR",
    "ALTER TABLE events ADD COLUMN merge_key VARCHAR",
    "ALTER TABLE events ADD COLUMN founder_key VARCHAR",
    "CREATE INDEX IF NOT EXISTS idx_events_story ON events(story_id)",
    "CREATE INDEX IF NOT EXISTS idx_mentions_event ON event_mentions(event_id)",
]
MIGRATIONS.append(SCHEMA_V2)
SCHEMA_VERSION = len(MIGRATIONS)

# v3: evidence is looked up by event for every page of events (CLI, exports, API); an index turns
# that from a scan into a probe (measured on a 100k-event store: ~20 ms -> ~3 ms per page).
SCHEMA_V3 = [
    "CREATE INDEX IF NOT EXISTS idx_evidence_event ON evidence(event_id)",
]
MIGRATIONS.append(SCHEMA_V3)
SCHEMA_VERSION = len(MIGRATIONS)

# v4: the crawl date of a document fetched from the web (WARC-Date of a CC-NEWS record, the fetch time of a
# feed item's page) is provenance: when the page was seen, never used as its publication date.
SCHEMA_V4 = [
    "ALTER TABLE documents ADD COLUMN crawl_date VARCHAR",
]
MIGRATIONS.append(SCHEMA_V4)
SCHEMA_VERSION = len(MIGRATIONS)

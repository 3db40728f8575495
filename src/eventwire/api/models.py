"""Response shapes of the API, for the OpenAPI description (and schemathesis' conformance checks).

Endpoints build plain dicts and serialise them directly (a page of 500 events is not re-validated
on every request); these models document what those dicts hold, and the schema tests check that
every response conforms.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, Field


class ErrorDetail(BaseModel):
    """The code and message of an error."""

    code: str = Field(description="Stable error code, e.g. EW401 (see eventwire.errors).", examples=["EW401"])
    message: str = Field(description="What went wrong and what to do next.")


class ErrorResponse(BaseModel):
    """The one error shape of the API."""

    error: ErrorDetail


class ActorOut(BaseModel):
    """An event's source or target actor."""

    text: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    kind: str | None = None
    code: str | None = None


class LocationOut(BaseModel):
    """Where an event happened."""

    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


class EvidenceOut(BaseModel):
    """A sentence that supports an event, with its offsets in the article text."""

    article_id: str | None = None
    source_name: str | None = None
    url: str | None = None
    published: str | None = None
    sentence: str | None = None
    char_start: int | None = None
    char_end: int | None = None
    trigger: str | None = None


class EventRecord(BaseModel):
    """The event record of docs/outputs.md ("What an event row contains")."""

    event_id: str
    story_id: str | None = None
    event_type: str
    mode: str | None = None
    context: list[str] = []
    modality: str
    source: ActorOut | None = None
    target: ActorOut | None = None
    reciprocal: bool | None = None
    date: str | None = None
    date_precision: str | None = None
    date_source: str | None = None
    location: LocationOut | None = None
    cameo_root: str | None = None
    cameo_code: str | None = None
    quad_class: int | None = None
    goldstein: float | None = None
    confidence: float | None = None
    confidences: dict[str, Any] = {}
    coder_version: str | None = None
    num_articles: int | None = None
    num_sources: int | None = None
    num_mentions: int | None = None
    agreements: list[Any] = []
    figures: list[Any] = []
    merged_into: str | None = None
    evidence: list[EvidenceOut] | None = None
    num_evidence: int | None = Field(None, description="Evidence rows stored (only on /events/{id}).")


class EventPage(BaseModel):
    """One page of events."""

    events: list[EventRecord]
    count: int
    limit: int
    sort: str
    next: str | None = Field(None, description="Opaque cursor for the next page; null on the last page.")
    next_url: str | None = None


class ArticleCopy(BaseModel):
    """Another occurrence of an article (exact copy or near-duplicate)."""

    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    kind: str | None = None


class ArticleRecord(BaseModel):
    """A stored article with its text."""

    article_id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_precision: str | None = None
    published_source: str | None = None
    page_date: str | None = None
    language: str | None = None
    story_id: str | None = None
    path: str | None = None
    text: str
    copies: list[ArticleCopy] = []


class StorySummary(BaseModel):
    """A story in a list."""

    story_id: str
    title: str | None = None
    start: str | None = None
    end: str | None = None
    n_articles: int | None = None
    outlets: list[Any] = []
    dyads: list[Any] = []
    event_types: list[Any] = []
    n_events: int | None = None
    first_date: str | None = Field(None, description="Earliest date of the matching events.")
    last_date: str | None = Field(None, description="Latest date of the matching events.")
    published_first: str | None = Field(None, description="First publication date of its articles.")
    published_last: str | None = Field(None, description="Last publication date of its articles.")


class StoryPage(BaseModel):
    """One page of stories."""

    stories: list[StorySummary]
    count: int
    limit: int
    sort: str
    next: str | None = None
    next_url: str | None = None


class StoryArticle(BaseModel):
    """An article of a story."""

    article_id: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None


class StoryDetail(StorySummary):
    """A story with its articles and events."""

    articles: list[StoryArticle] = []
    events: list[EventRecord] = []


class Node(BaseModel):
    """An actor in the network."""

    id: str
    label: str
    events_out: int
    events_in: int


class Edge(BaseModel):
    """Events from one actor to another."""

    source: str
    target: str
    events: int
    q1: int
    q2: int
    q3: int
    q4: int
    goldstein_mean: float | None = None
    first_date: str | None = None
    last_date: str | None = None


class Network(BaseModel):
    """The dyad network."""

    nodes: list[Node]
    edges: list[Edge]
    truncated: bool = Field(description="True when more edges matched than 'limit'.")


class ActorRow(BaseModel):
    """An actor with its event counts."""

    actor: str
    label: str
    name: str | None = None
    as_source: int
    as_target: int
    events: int
    sectors: list[str] = []


class ActorList(BaseModel):
    """Actors, busiest first."""

    actors: list[ActorRow]


class TimelinePoint(BaseModel):
    """One bucket of the timeline."""

    bucket: str = Field(description="First day of the bucket (ISO date).")
    total: int
    q1: int = Field(description="Verbal cooperation.")
    q2: int = Field(description="Material cooperation.")
    q3: int = Field(description="Verbal conflict.")
    q4: int = Field(description="Material conflict.")
    goldstein_mean: float | None = None


class Timeline(BaseModel):
    """Events per time bucket."""

    bucket: str
    dyad: list[str] | None = None
    points: list[TimelinePoint]
    events: int = Field(description="Events matching the filters.")
    counted: int = Field(description="Events placed in a bucket.")
    excluded_imprecise: int = Field(description="Events whose date is coarser than the bucket (or unknown).")


class Health(BaseModel):
    """Liveness and what is served."""

    status: str = Field(
        description='"ok", or "stale" when the store changed after the served snapshot was made'
    )
    version: str
    schema_version: int
    snapshot: str
    snapshot_mtime: float
    snapshot_age_s: float
    behind_s: float | None = Field(
        None, description="When stale: seconds the store is newer than the snapshot"
    )
    snapshot_error: str | None = Field(None, description="When stale: why the last refresh failed (coded)")
    generation: int
    events: int
    first_date: str | None = None
    last_date: str | None = None
    stories: int
    articles: int


class Meta(BaseModel):
    """The filter vocabulary and the store's range."""

    event_types: list[str]
    modalities: list[str]
    event_sorts: list[str]
    story_sorts: list[str]
    buckets: list[str]
    max_limit: int
    max_timeline_points: int
    events: int
    first_date: str | None = None
    last_date: str | None = None
    stories: int
    articles: int

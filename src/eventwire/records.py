"""Typed records that flow through the pipeline.

ingest -> ``Document`` -> clean/split -> ``Article`` -> parse/actors -> ``Actor`` mentions
-> events -> ``Event`` (+ ``Evidence``) -> stories -> ``Story`` -> merge -> store.

Every record is a plain dataclass so stages stay plain functions with one return shape and the
records pickle cleanly across process pools and Ray workers. ``to_dict`` gives the JSON/JSONL shape
(docs/outputs.md, "What an event row contains") used by the CLI, the API and the exports.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import asdict, dataclass, field
from typing import Any

# Length of the hex prefix kept from sha256 for ids. 16 hex chars = 64 bits: a collision among
# 10^8 articles has probability ~3e-4, far below any other error source, and the ids stay short
# enough to type in `eventwire show`.
ID_HEX_CHARS = 16

# The 18 PLOVER event types (draft 0.6 names, in the order of the ontology and of the sentence model's labels) and
# the five modalities of an event: the one definition every stage, the store and the API use.
PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "INVESTIGATE", "DEMAND",
    "DISAPPROVE", "REJECT", "THREATEN", "PROTEST", "MOBILIZE", "SANCTION", "COERCE", "ASSAULT", "FIGHT",
)  # fmt: skip
MODALITIES: tuple[str, ...] = ("asserted", "denied", "intended", "historical", "hypothetical")


def normalise_text(text: str) -> str:
    """Canonical form used for content hashes: NFC, no zero-width chars, collapsed whitespace."""
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u200b", "").replace("\u200c", "").replace("\u200d", "").replace("\ufeff", "")
    # str.split() splits on the same Unicode whitespace as re's \s and is ~1.4x faster; this
    # function hashes every input document, so it is most of the reader's CPU time.
    return " ".join(text.split())


def stable_id(*parts: str) -> str:
    """Stable content hash over one or more strings (joined with a unit separator)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:ID_HEX_CHARS]


def content_id(text: str) -> str:
    """Stable id of a text: hash of its normalised, case-folded form."""
    return stable_id(normalise_text(text).casefold())


class _Record:
    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]


@dataclass(slots=True)
class Document(_Record):
    """One unit of raw input: a file, or one record of a container (JSONL line, feed item, WARC record).

    ``content`` is decoded text (plain text or HTML, see ``kind``). Fields given by the container
    (JSONL ``title``/``published``/``source``, feed item metadata, WARC target URI and date) travel
    with it so that cleaning can prefer them to guesses.
    """

    doc_id: str
    path: str  # input path, URL, or "<stdin>"
    record: int  # 0-based record index inside the input (0 for plain files)
    kind: str  # "text" | "html"
    content: str
    fmt: str = "txt"  # reader that produced it: txt, md, html, jsonl, rss, atom, warc, feed
    url: str | None = None
    title: str | None = None
    published: str | None = None  # as given by a field (JSONL "published", feed pubDate, WARC date)
    source: str | None = None  # outlet name given by a field
    crawl_date: str | None = None
    encoding: str = "utf-8"
    size: int = 0  # bytes read


@dataclass(slots=True)
class Reject(_Record):
    """Input that could not become an article, with a reason the user can see."""

    input: str  # path / URL / "<stdin>"
    part: int  # record index (JSONL line, feed item, WARC record) or article part; -1 = whole input
    reason: str  # machine code, see eventwire.errors.REJECT_REASONS
    message: str  # human sentence saying what was wrong and what to do
    doc_id: str | None = None

    @property
    def reject_id(self) -> str:
        return stable_id(self.input, str(self.part), self.reason, self.doc_id or "")


@dataclass(slots=True)
class InputDone(_Record):
    """Marker the reader yields after the last record of one input (file, stdin, feed URL).

    It lets the writer record the input as complete in the ``manifest`` in the same transaction
    as its last records, so a resumed run knows exactly which inputs still need reading.
    """

    input: str
    records: int  # documents + rejects read from this input
    fingerprint: str | None = None  # "size:mtime_ns" of a regular file; None for stdin/URLs
    meta: dict[str, Any] = field(default_factory=dict)  # e.g. feed ETag / Last-Modified


@dataclass(slots=True)
class Article(_Record):
    """A cleaned, split news article: the unit that events are coded from."""

    article_id: str  # stable hash of normalised text
    doc_id: str
    path: str
    part: int  # 0-based position of the article in its file
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None  # ISO date (YYYY-MM-DD, YYYY-MM or YYYY) or None: never invented
    published_precision: str | None  # day | month | year | None
    published_source: str  # header | dateline | meta | field | none
    language: str | None
    text: str
    # Date shown by page chrome that is not trusted as the story's publication date (a site-header
    # date widget such as "Monday, December 1 2025" is often the day the page was saved). Kept so
    # analysts can see it; never used to resolve event dates.
    page_date: str | None = None

    @classmethod
    def build(cls, *, doc_id: str, path: str, part: int, text: str, **kw: Any) -> Article:
        return cls(article_id=content_id(text), doc_id=doc_id, path=path, part=part, text=text, **kw)


# Actor kinds that are individual persons (an ``Actor.kind``): a named person acts for themself ("Trump slammed",
# "Grisham accused" are two people), and killing one is a targeted killing.
PERSON_KINDS = frozenset({"official", "person"})


@dataclass(slots=True)
class Actor(_Record):
    """A resolved actor: who, as written and as coded."""

    text: str  # surface form in the sentence
    name: str  # canonical name ("Pakistan", "Ishaq Dar", "United Nations")
    country: str | None  # ISO3, or None for IGOs / unknown
    sector: str | None  # GOV, MIL, REB, OPP, BUS, MED, IGO, CVL, JUD, LEG, ...
    kind: str  # country | capital | official | organisation | igo | armed_group | group | person
    code: str | None = None  # CAMEO-style actor code, e.g. PAKGOV, IGOUNO, AFGREB
    role: str | None = None  # for officials: "Deputy Foreign Minister"


@dataclass(slots=True)
class Location(_Record):
    name: str
    country: str | None
    lat: float | None = None
    lon: float | None = None
    precision: str = "city"  # city | admin1 | country | none
    geonameid: int | None = None


@dataclass(slots=True)
class Evidence(_Record):
    article_id: str
    sentence: str
    char_start: int  # offsets of the sentence in the article text
    char_end: int
    source_name: str | None = None  # outlet
    url: str | None = None
    published: str | None = None
    trigger: str | None = None  # the words that triggered the event


@dataclass(slots=True)
class Confidence(_Record):
    type: float
    source: float
    target: float
    date: float
    place: float
    overall: float


@dataclass(slots=True)
class Event(_Record):
    """One coded event (docs/outputs.md). Before merging, one event = one sentence's claim."""

    event_id: str
    event_type: str  # one of the 18 PLOVER types
    mode: str | None
    context: list[str]
    modality: str  # asserted | denied | intended | historical | hypothetical
    source: Actor | None
    target: Actor | None
    reciprocal: bool
    date: str | None
    date_precision: str | None  # day | month | year
    date_source: str  # text | published | none
    location: Location | None
    cameo_root: str
    cameo_code: str
    quad_class: int
    goldstein: float
    confidence: float
    confidences: Confidence
    coder_version: str
    evidence: list[Evidence] = field(default_factory=list)
    story_id: str | None = None
    num_articles: int = 1
    num_sources: int = 1
    num_mentions: int = 1
    agreements: list[dict[str, Any]] = field(default_factory=list)
    figures: list[dict[str, Any]] = field(default_factory=list)
    merged_into: str | None = None


@dataclass(slots=True)
class Story(_Record):
    story_id: str
    title: str
    start: str | None
    end: str | None
    article_ids: list[str]
    outlets: list[str]
    dyads: list[str]
    event_types: list[str]
    event_ids: list[str] = field(default_factory=list)

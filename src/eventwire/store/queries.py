"""Read queries shared by the CLI and the API: one filter vocabulary, parameterised SQL only.

``EventFilter`` is validated once (dates, ISO3 codes, event types, modalities) and compiled into a
WHERE clause built from fixed fragments plus ``?`` parameters; user text never reaches the SQL.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ..errors import EventwireError
from ..records import MODALITIES, PLOVER_TYPES  # the one definition (re-exported here)

# Shown by default: what happened or was said to be happening. Historical background and
# hypotheticals are stored and exported but hidden from default views unless asked for.
DEFAULT_MODALITIES = ("asserted", "denied", "intended")
SORTS = {"date": "date", "-date": "date DESC", "confidence": "confidence", "-confidence": "confidence DESC",
         "sources": "num_sources NULLS LAST, num_mentions", "-sources": "num_sources DESC NULLS LAST, num_mentions DESC",
         "goldstein": "goldstein",
         "-goldstein": "goldstein DESC"}  # fmt: skip

_ISO3 = re.compile(r"^[A-Z]{3}$")
_ACTOR = re.compile(r"^[A-Z]{3}([A-Z]{3})*$")


def parse_day(value: str | None, name: str) -> str | None:
    """Validate an ISO day (YYYY-MM-DD), month (YYYY-MM) or year (YYYY); return it normalised."""
    if value is None or value == "":
        return None
    v = value.strip()
    try:
        if re.fullmatch(r"\d{4}", v):
            return v
        if re.fullmatch(r"\d{4}-\d{2}", v):
            date.fromisoformat(v + "-01")
            return v
        return date.fromisoformat(v).isoformat()
    except ValueError:
        pass
    raise EventwireError(
        "EW104", f"--{name} must be a date like 2025-11-28 (or 2025-11, 2025); got {value!r}."
    )


def parse_actor(value: str | None, name: str = "actor") -> str | None:
    if value is None or value == "":
        return None
    v = value.strip().upper()
    if not _ACTOR.match(v) or len(v) > 15:
        raise EventwireError(
            "EW104",
            f"--{name} must be an ISO3 country or actor code such as PAK, RUS or IGOUNO; got {value!r}.",
        )
    return v


def parse_bbox(value: str | None) -> tuple[float, float, float, float] | None:
    """Validate a box "west,south,east,north" in degrees (longitude -180..180, latitude -90..90)."""
    if value is None or value == "":
        return None
    try:
        west, south, east, north = (float(p) for p in value.split(","))
    except ValueError:
        west = south = east = north = float("nan")
    ok = -180 <= west <= east <= 180 and -90 <= south <= north <= 90
    if not ok:
        raise EventwireError(
            "EW104",
            "--bbox must be west,south,east,north in degrees (west <= east, south <= north), "
            f"e.g. 60.5,29.3,75.4,37.1; got {value[:80]!r}.",
        )
    return west, south, east, north


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    if value is None or value == "":
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2:
        raise EventwireError(
            "EW104", f"--dyad takes two actor codes separated by a comma, e.g. PAK,AFG; got {value!r}."
        )
    a, b = (parse_actor(p, "dyad") for p in parts)
    assert a and b
    return a, b


@dataclass(slots=True)
class EventFilter:
    actor: str | None = None
    dyad: tuple[str, str] | None = None
    types: list[str] = field(default_factory=list)
    modalities: list[str] = field(default_factory=list)
    since: str | None = None
    until: str | None = None
    min_confidence: float | None = None
    story: str | None = None
    q: str | None = None
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north (event lat/lon)
    include_all: bool = False  # include historical and hypothetical
    include_merged: bool = False  # include events absorbed into another (merged_into set)

    @classmethod
    def build(
        cls,
        *,
        actor: str | None = None,
        dyad: str | None = None,
        type: str | list[str] | None = None,  # noqa: A002 - matches the CLI/API parameter name
        modality: str | list[str] | None = None,
        since: str | None = None,
        until: str | None = None,
        min_confidence: float | None = None,
        story: str | None = None,
        q: str | None = None,
        bbox: str | None = None,
        include_all: bool = False,
    ) -> EventFilter:
        """Validate raw CLI/API values into a filter (EventwireError EW104 on bad values)."""
        types = _split(type)
        for t in types:
            if t.upper() not in PLOVER_TYPES:
                raise EventwireError(
                    "EW104", f"Unknown event type {t!r}; choose from {', '.join(PLOVER_TYPES)}."
                )
        mods = _split(modality)
        for m in mods:
            if m.lower() not in MODALITIES:
                raise EventwireError("EW104", f"Unknown modality {m!r}; choose from {', '.join(MODALITIES)}.")
        if min_confidence is not None and not 0.0 <= float(min_confidence) <= 1.0:
            raise EventwireError("EW104", "--min-confidence must be between 0 and 1.")
        s, u = parse_day(since, "since"), parse_day(until, "until")
        if s and u and s > u:
            raise EventwireError("EW104", f"--since {s} is after --until {u}.")
        if q is not None and len(q) > 200:
            raise EventwireError("EW104", "Text search (q) is limited to 200 characters.")
        if story is not None and not re.fullmatch(r"[0-9a-f]{6,64}", story):
            raise EventwireError("EW104", f"--story must be a story id (hex); got {story!r}.")
        return cls(
            actor=parse_actor(actor),
            dyad=parse_dyad(dyad),
            types=[t.upper() for t in types],
            modalities=[m.lower() for m in mods],
            since=s,
            until=u,
            min_confidence=float(min_confidence) if min_confidence is not None else None,
            story=story,
            q=q or None,
            bbox=parse_bbox(bbox),
            include_all=include_all,
        )

    def where(self) -> tuple[str, list[Any]]:
        """Compile to a WHERE clause (fixed SQL fragments) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if not self.include_merged:
            clauses.append("merged_into IS NULL")
        if self.actor:
            clauses.append(
                "(starts_with(source_code, ?) OR starts_with(target_code, ?) "
                "OR source_country = ? OR target_country = ?)"
            )
            params += [self.actor] * 4
        if self.dyad:
            a, b = self.dyad
            # a side is its country, else its actor code (IGOs, armed groups): the nodes of /dyads and the dashboard
            clauses.append(
                "((coalesce(source_country, source_code) = ? AND coalesce(target_country, target_code) = ?) "
                "OR (coalesce(source_country, source_code) = ? AND coalesce(target_country, target_code) = ?))"
            )
            params += [a, b, b, a]
        if self.types:
            clauses.append("list_contains(?, event_type)")
            params.append(self.types)
        if self.modalities:
            clauses.append("list_contains(?, modality)")
            params.append(self.modalities)
        elif not self.include_all:
            clauses.append("list_contains(?, modality)")
            params.append(list(DEFAULT_MODALITIES))
        if self.since:
            # an event whose period reaches the bound counts: "2025-09" (month precision) is on or after
            # "2025-09-15"; '~' sorts after any date suffix, so a prefix date compares as its period's end
            clauses.append("date || '~' >= ?")
            params.append(self.since)
        if self.until:
            # a day/month/year prefix compares lexically; '~' sorts after any date suffix
            clauses.append("date <= ?")
            params.append(self.until + "~")
        if self.min_confidence is not None:
            clauses.append("confidence >= ?")
            params.append(self.min_confidence)
        if self.story:
            clauses.append("story_id = ?")
            params.append(self.story)
        if self.q:
            clauses.append(
                "event_id IN (SELECT event_id FROM evidence WHERE contains(lower(sentence), lower(?)))"
            )
            params.append(self.q)
        if self.bbox:
            west, south, east, north = self.bbox
            clauses.append("lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?")
            params += [south, north, west, east]
        return ("WHERE " + " AND ".join(clauses)) if clauses else "", params


def event_order(sort: str) -> str:
    """The SQL ORDER BY fragment of an event sort name (a ``SORTS`` key); EW101 for an unknown name."""
    if sort not in SORTS:
        raise EventwireError("EW101", f"--sort must be one of {', '.join(SORTS)}; got {sort!r}.")
    return SORTS[sort]


def count_events(store: Any, flt: EventFilter) -> int:
    """How many events of ``store`` (anything with ``query(sql, params)``) the filter selects."""
    where, params = flt.where()
    return int(store.query(f"SELECT count(*) AS n FROM events {where}", list(params))[0]["n"])  # noqa: S608 (fixed fragments)


def list_events(
    store: Any, flt: EventFilter, *, sort: str = "date", limit: int | None = None
) -> list[dict[str, Any]]:
    """The events the filter selects, in ``sort`` order (event id breaks ties), at most ``limit`` (None: all)."""
    where, params = flt.where()
    sql = f"SELECT * FROM events {where} ORDER BY {event_order(sort)} NULLS LAST, event_id LIMIT ?"  # noqa: S608
    return list(store.query(sql, [*params, limit or 2**62]))


def _split(value: str | list[str] | None) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out: list[str] = []
    for item in items:
        out += [p.strip() for p in str(item).split(",") if p.strip()]
    return out


# The fields of one evidence item in an event record, in order.
_EVIDENCE_KEYS = (
    "article_id",
    "source_name",
    "url",
    "published",
    "sentence",
    "char_start",
    "char_end",
    "trigger",
)


def _event_actor(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    """The source or target (``prefix``) of an ``events`` row as a record, or None when it has none."""
    if row.get(f"{prefix}_name") is None and row.get(f"{prefix}_country") is None:
        return None
    return {k: row.get(f"{prefix}_{k}") for k in ("text", "name", "country", "sector", "kind", "code")}


def _event_location(row: dict[str, Any]) -> dict[str, Any] | None:
    """The location of an ``events`` row as a record, or None when it names no place."""
    if not row.get("location_name"):
        return None
    return {
        "name": row["location_name"],
        "country": row["location_country"],
        "lat": row["lat"],
        "lon": row["lon"],
        "precision": row["location_precision"],
    }


def event_dict(row: dict[str, Any], evidence: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Shape an ``events`` row (plus evidence rows) as the JSON event record of docs/outputs.md."""
    location = _event_location(row)
    out = {
        "event_id": row["event_id"],
        "story_id": row.get("story_id"),
        "event_type": row["event_type"],
        "mode": row.get("mode"),
        "context": list(row.get("context") or []),
        "modality": row["modality"],
        "source": _event_actor(row, "source"),
        "target": _event_actor(row, "target"),
        "reciprocal": row.get("reciprocal"),
        "date": row.get("date"),
        "date_precision": row.get("date_precision"),
        "date_source": row.get("date_source"),
        "location": location,
        "cameo_root": row.get("cameo_root"),
        "cameo_code": row.get("cameo_code"),
        "quad_class": row.get("quad_class"),
        "goldstein": row.get("goldstein"),
        "confidence": row.get("confidence"),
        "confidences": parse_json(row.get("confidences"), {}),
        "coder_version": row.get("coder_version"),
        "num_articles": row.get("num_articles"),
        "num_sources": row.get("num_sources"),
        "num_mentions": row.get("num_mentions"),
        "agreements": parse_json(row.get("agreements"), []),
        "figures": parse_json(row.get("figures"), []),
        "merged_into": row.get("merged_into"),
    }
    if evidence is not None:
        out["evidence"] = [{k: e.get(k) for k in _EVIDENCE_KEYS} for e in evidence]
    return out


def parse_json(value: Any, default: Any) -> Any:
    """A JSON column value as Python (DuckDB returns JSON as text); ``default`` for NULL or unparsable text."""
    if value is None:
        return default
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return default
    return value

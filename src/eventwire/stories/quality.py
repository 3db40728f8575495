"""Merge stage, quality: residual duplicate events in a store."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..store import Store


def duplicate_rate(store: Store) -> dict[str, Any]:
    """Residual duplicates among live events: the share of events that have a twin under another id with
    the same type, modality, actors (country and sector; same direction, or either direction when
    reciprocal) and date. The merge step aims at 0; a twin means two reports of one happening were not
    recognised as one. ``duplicates_ignoring_sector`` is the looser count (GOV vs MIL of one country)."""
    rows = store.query(
        "SELECT event_id, event_type, modality, reciprocal, source_country, target_country, source_code, "
        "target_code, source_sector, target_sector, date FROM events WHERE merged_into IS NULL"
    )
    strict: dict[tuple[Any, ...], int] = defaultdict(int)
    loose: dict[tuple[Any, ...], int] = defaultdict(int)
    for r in rows:
        a = (r["source_country"] or r["source_code"] or "-", r["source_sector"] or "")
        b = (r["target_country"] or r["target_code"] or "-", r["target_sector"] or "")
        pair: tuple[Any, ...] = tuple(sorted((a, b))) if r["reciprocal"] else (a, b)
        head = (r["event_type"], r["modality"], bool(r["reciprocal"]), r["date"])
        strict[(*head, pair)] += 1
        loose_pair = tuple(sorted((a[0], b[0]))) if r["reciprocal"] else (a[0], b[0])
        loose[(*head, loose_pair)] += 1
    dup = sum(n - 1 for n in strict.values() if n > 1)
    dup_loose = sum(n - 1 for n in loose.values() if n > 1)
    n = len(rows)
    return {
        "events": n,
        "duplicates": dup,
        "duplicate_rate": dup / n if n else 0.0,
        "duplicates_ignoring_sector": dup_loose,
        "duplicate_rate_ignoring_sector": dup_loose / n if n else 0.0,
    }

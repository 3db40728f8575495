"""Dyads: who acts on whom, with counts by QuadClass and a cooperation–conflict balance over time.

A dyad is an unordered pair of actors (ISO3 country, else actor code) that appear as source and
target of live, asserted events. For each pair, overall and per time bucket:

- ``q1`` .. ``q4``: events by QuadClass (1 verbal cooperation, 2 material cooperation, 3 verbal
  conflict, 4 material conflict);
- ``balance`` = (q1 + q2 - q3 - q4) / events, from -1 (all conflict) to +1 (all cooperation);
- ``mean_goldstein``: the mean Goldstein score;
- ``sources``: the sum of the events' independent sources (how much reporting stands behind it).

Only asserted events count: plans (intended), denials, background history and hypotheticals say
nothing about what the two sides did in that period.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from ..errors import EventwireError

# Time buckets and how many leading characters of an ISO date name them.
BUCKETS = {"day": 10, "month": 7, "year": 4, "all": 0}


def actor_code(country: str | None, code: str | None) -> str | None:
    """The code a dyad is named by: ISO3 country, else the first 6 characters of the actor code (IGOUNO)."""
    return country or (code[:6] if code else None)


def dyad_table(
    db: str,
    *,
    since: str | None = None,
    until: str | None = None,
    bucket: str = "month",
    dyad: tuple[str, str] | None = None,
) -> list[dict[str, Any]]:
    """Pair rows (``period`` = "all") and per-bucket rows, sorted by pair then period (undated last)."""
    from ..store import Store
    from ..store.queries import parse_day

    if bucket not in BUCKETS:
        raise EventwireError("EW104", f"--bucket must be one of {', '.join(BUCKETS)}; got {bucket!r}.")
    since, until = parse_day(since, "since"), parse_day(until, "until")
    clauses = ["merged_into IS NULL", "modality = 'asserted'"]
    params: list[Any] = []
    if since:
        clauses.append("date >= ?")
        params.append(since)
    if until:
        clauses.append("date <= ?")
        params.append(until + "~")
    sql = (
        "SELECT source_country, source_code, target_country, target_code, date, quad_class, goldstein, num_sources "
        "FROM events WHERE " + " AND ".join(clauses)  # noqa: S608 (fixed fragments; values are parameters)
    )
    with Store.open(db, read_only=True) as store:
        rows = store.query(sql, params)
    return tabulate(rows, bucket=bucket, dyad=dyad)


def tabulate(
    rows: list[dict[str, Any]], *, bucket: str = "month", dyad: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """Aggregate event rows (source/target country and code, date, quad_class, goldstein, num_sources)."""
    width = BUCKETS[bucket]
    want = tuple(sorted(dyad)) if dyad else None
    acc: dict[tuple[str, str, str], dict[str, Any]] = defaultdict(
        lambda: {"events": 0, "q1": 0, "q2": 0, "q3": 0, "q4": 0, "goldstein": 0.0, "sources": 0}
    )
    for r in rows:
        a = actor_code(r.get("source_country"), r.get("source_code"))
        b = actor_code(r.get("target_country"), r.get("target_code"))
        if not a or not b or a == b:
            continue
        pair = tuple(sorted((a, b)))
        if want and pair != want:
            continue
        periods = ["all"]
        if width:
            periods.append((r.get("date") or "")[:width] or "undated")
        for period in periods:
            cell = acc[(pair[0], pair[1], period)]
            cell["events"] += 1
            q = r.get("quad_class")
            if q in (1, 2, 3, 4):
                cell[f"q{q}"] += 1
            cell["goldstein"] += float(r.get("goldstein") or 0.0)
            cell["sources"] += int(r.get("num_sources") or 1)
    out = []
    for (a, b, period), c in acc.items():
        n = c["events"]
        out.append({
            "dyad": f"{a}-{b}", "a": a, "b": b, "period": period, "events": n,
            "q1": c["q1"], "q2": c["q2"], "q3": c["q3"], "q4": c["q4"],
            "balance": round((c["q1"] + c["q2"] - c["q3"] - c["q4"]) / n, 4) if n else 0.0,
            "mean_goldstein": round(c["goldstein"] / n, 4) if n else 0.0,
            "sources": c["sources"],
        })  # fmt: skip
    out.sort(key=lambda r: (r["dyad"], r["period"] != "all", r["period"] == "undated", r["period"]))
    return out

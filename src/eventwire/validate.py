"""Record validation and the store integrity check behind ``eventwire check``.

``article_problems`` / ``event_problems`` validate one record against its schema (used before
writes, so a malformed record becomes a reject instead of a bad row). ``check_store`` verifies a
whole store: every row valid, and referential integrity events -> evidence -> articles ->
documents, mentions -> events, stories -> articles, merged_into chains that resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import duckdb

from .errors import EventwireError
from .store import Store
from .store.db import classify_store_error
from .store.queries import MODALITIES, PLOVER_TYPES

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_HEX_ID = re.compile(r"^[0-9a-f]{16}$")
PUBLISHED_SOURCES = ("header", "dateline", "meta", "field", "none")
DATE_SOURCES = ("text", "published", "none")
# How many offending keys a check lists per problem kind; the count is always complete.
MAX_EXAMPLES = 5


def _precision_of(date: str) -> str:
    return {4: "year", 7: "month", 10: "day"}[len(date)]


def article_problems(a: dict[str, Any]) -> list[str]:
    """Schema problems of one article (as a dict of its fields)."""
    out = []
    if not _HEX_ID.match(a.get("article_id") or ""):
        out.append("article_id is not a 16-hex content id")
    if not (a.get("text") or "").strip():
        out.append("text is empty")
    pub = a.get("published")
    if pub is not None:
        if not _DATE.match(pub):
            out.append(f"published {pub!r} is not an ISO date")
        elif a.get("published_precision") != _precision_of(pub):
            out.append(f"published_precision {a.get('published_precision')!r} does not match {pub!r}")
    elif a.get("published_precision") is not None:
        out.append("published_precision set without a published date")
    if a.get("published_source") not in PUBLISHED_SOURCES:
        out.append(f"published_source {a.get('published_source')!r} not in {PUBLISHED_SOURCES}")
    if (pub is None) != (a.get("published_source") == "none"):
        out.append("published_source must be 'none' exactly when published is null")
    return out


def event_problems(e: dict[str, Any]) -> list[str]:
    """Schema problems of one event (flat ``events`` row or Event.to_dict with nested actors)."""
    out = []
    if e.get("event_type") not in PLOVER_TYPES:
        out.append(f"event_type {e.get('event_type')!r} is not a PLOVER type")
    if e.get("modality") not in MODALITIES:
        out.append(f"modality {e.get('modality')!r} not in {MODALITIES}")
    if e.get("quad_class") not in (1, 2, 3, 4):
        out.append(f"quad_class {e.get('quad_class')!r} not in 1..4")
    g = e.get("goldstein")
    if not isinstance(g, int | float) or not -10.0 <= g <= 10.0:
        out.append(f"goldstein {g!r} outside [-10, 10]")
    root = e.get("cameo_root") or ""
    if not re.fullmatch(r"\d{2}", root) or not 1 <= int(root) <= 20:
        out.append(f"cameo_root {root!r} is not a CAMEO root 01..20")
    elif not str(e.get("cameo_code") or "").startswith(root):
        out.append(f"cameo_code {e.get('cameo_code')!r} does not start with its root {root}")
    c = e.get("confidence")
    if not isinstance(c, int | float) or not 0.0 <= c <= 1.0:
        out.append(f"confidence {c!r} outside [0, 1]")
    d = e.get("date")
    if d is not None:
        if not _DATE.match(d):
            out.append(f"date {d!r} is not an ISO date")
        elif e.get("date_precision") != _precision_of(d):
            out.append(f"date_precision {e.get('date_precision')!r} does not match {d!r}")
    if e.get("date_source") not in DATE_SOURCES:
        out.append(f"date_source {e.get('date_source')!r} not in {DATE_SOURCES}")
    if (d is None) != (e.get("date_source") == "none"):
        out.append("date_source must be 'none' exactly when date is null")
    for side in ("source", "target"):
        country = (
            (e.get(side) or {}).get("country") if isinstance(e.get(side), dict) else e.get(f"{side}_country")
        )
        if country is not None and not _ISO3.match(country):
            out.append(f"{side} country {country!r} is not ISO3")
    for n in ("num_articles", "num_sources", "num_mentions"):
        v = e.get(n)
        if v is not None and (not isinstance(v, int) or v < 1):
            out.append(f"{n} {v!r} is not a positive count")
    return out


@dataclass(slots=True)
class Problem:
    check: str
    count: int
    examples: list[str]
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"check": self.check, "count": self.count, "examples": self.examples, "message": self.message}


# Referential checks: (name, SQL returning offending keys, message). Fixed SQL, no parameters.
_INTEGRITY = [
    ("article_document",
     "SELECT a.article_id FROM articles a LEFT JOIN documents d USING (doc_id) WHERE d.doc_id IS NULL",
     "articles whose document row is missing"),
    ("copy_article",
     "SELECT c.copy_id FROM article_copies c LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL",
     "article copies pointing to a missing article"),
    ("mention_article",
     "SELECT m.mention_id FROM event_mentions m LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL",
     "event mentions whose article is missing"),
    ("mention_event",
     "SELECT m.mention_id FROM event_mentions m LEFT JOIN events e USING (event_id) "
     "WHERE m.event_id IS NOT NULL AND e.event_id IS NULL",
     "event mentions assigned to a missing event"),
    ("mention_unmerged",
     "SELECT m.mention_id FROM event_mentions m WHERE m.event_id IS NULL",
     "event mentions never merged into an event (an ingest was interrupted before its final step: re-run it)"),
    ("event_evidence",
     "SELECT e.event_id FROM events e WHERE e.merged_into IS NULL AND NOT EXISTS "
     "(SELECT 1 FROM evidence v WHERE v.event_id = e.event_id)",
     "events without any evidence"),
    ("evidence_event",
     "SELECT v.event_id FROM evidence v LEFT JOIN events e USING (event_id) WHERE e.event_id IS NULL",
     "evidence rows of a missing event"),
    ("evidence_article",
     "SELECT v.mention_id FROM evidence v LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL",
     "evidence rows whose article is missing"),
    ("evidence_offsets",
     "SELECT v.mention_id FROM evidence v JOIN articles a USING (article_id) "
     "WHERE v.char_start < 0 OR v.char_end > length(a.text) OR v.char_start >= v.char_end "
     "OR substring(a.text, v.char_start + 1, v.char_end - v.char_start) <> v.sentence",
     "evidence offsets that do not slice the article back to the sentence"),
    ("merged_into_target",
     "SELECT e.event_id FROM events e LEFT JOIN events t ON t.event_id = e.merged_into "
     "WHERE e.merged_into IS NOT NULL AND t.event_id IS NULL",
     "merged_into links to a missing event"),
    ("event_story",
     "SELECT e.event_id FROM events e LEFT JOIN stories s USING (story_id) "
     "WHERE e.story_id IS NOT NULL AND s.story_id IS NULL",
     "events pointing to a missing story"),
    ("story_article",
     "SELECT sa.article_id FROM story_articles sa LEFT JOIN articles a USING (article_id) WHERE a.article_id IS NULL",
     "story members that are not stored articles"),
    ("story_member_story",
     "SELECT sa.article_id FROM story_articles sa LEFT JOIN stories s USING (story_id) WHERE s.story_id IS NULL",
     "story members of a missing story"),
    ("duplicate_evidence",
     "SELECT mention_id FROM evidence GROUP BY mention_id HAVING count(*) > 1",
     "mentions cited as evidence by more than one event"),
    ("duplicate_sentence_evidence",
     "SELECT event_id FROM evidence GROUP BY event_id, article_id, char_start HAVING count(*) > 1",
     "one sentence cited twice as evidence of the same event (it would count as two mentions)"),
]  # fmt: skip


def check_store(db: str) -> dict[str, Any]:
    """Verify a store; return {"ok", "problems": [...], "checked": {table: rows}}.

    A damaged file (EW205, at open or when a check reads a bad block) is reported as the problem
    ``store_damaged``; other open errors (missing file, locked, not a store) raise EventwireError.
    """
    checked: dict[str, int] = {}
    try:
        return _check_store(db, checked)
    except EventwireError as exc:
        if exc.code != "EW205":
            raise
        damage = exc
    except duckdb.Error as exc:
        damage = classify_store_error(db, exc)
        if damage.code != "EW205":
            raise damage from None
    problem = Problem("store_damaged", 1, [db], f"{damage.code}: {damage.message}")
    return {"ok": False, "problems": [problem.to_dict()], "checked": checked}


def _check_store(db: str, checked: dict[str, int]) -> dict[str, Any]:
    problems: list[Problem] = []
    with Store.open(db, read_only=True) as store:
        for t in ("documents", "articles", "events", "evidence", "event_mentions", "stories", "rejects"):
            checked[t] = store.count(t)
        for name, sql, message in _INTEGRITY:
            keys = [str(r[0]) for r in store.con.execute(sql).fetchall()]
            if keys:
                problems.append(Problem(name, len(keys), keys[:MAX_EXAMPLES], message))
        problems += _row_problems(store, "articles", "article_id", article_problems)
        problems += _row_problems(store, "events", "event_id", event_problems)
        problems += _merge_cycles(store)
    return {"ok": not problems, "problems": [p.to_dict() for p in problems], "checked": checked}


def _row_problems(store: Store, table: str, key: str, validate: Any) -> list[Problem]:
    found: dict[str, list[str]] = {}
    cur = store.con.execute(f"SELECT * FROM {table}")  # noqa: S608 (fixed table names)
    cols = [d[0] for d in cur.description]
    while rows := cur.fetchmany(10_000):
        for row in rows:
            rec = dict(zip(cols, row, strict=True))
            for msg in validate(rec):
                found.setdefault(msg.split(" ")[0], []).append(f"{rec[key]}: {msg}")
    return [
        Problem(f"{table}.{field}", len(v), v[:MAX_EXAMPLES], f"{table} rows failing schema validation")
        for field, v in sorted(found.items())
    ]


def _merge_cycles(store: Store) -> list[Problem]:
    links = dict(
        store.con.execute("SELECT event_id, merged_into FROM events WHERE merged_into IS NOT NULL").fetchall()
    )
    bad = []
    for start in links:
        seen, cur = {start}, links[start]
        while cur in links:
            if cur in seen:
                bad.append(start)
                break
            seen.add(cur)
            cur = links[cur]
    return (
        [Problem("merged_into_cycle", len(bad), bad[:MAX_EXAMPLES], "merged_into chains that loop")]
        if bad
        else []
    )

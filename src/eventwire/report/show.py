"""`eventwire show ID`: an event with its evidence, a story with its articles and events, or an article."""

from __future__ import annotations

import json
import re
from typing import Any

from rich.console import Console
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ..errors import EventwireError
from ..store import Store
from ..store.queries import event_dict

_ID = re.compile(r"^[0-9a-f]{6,64}$")


# Shortest id prefix `show` accepts (like git's abbreviated hashes).
MIN_PREFIX = 6
# Candidates listed when a prefix is ambiguous.
MAX_CANDIDATES = 5
_KINDS = (
    ("event", "events", "event_id"),
    ("story", "stories", "story_id"),
    ("article", "articles", "article_id"),
)


def resolve_id(store: Store, item_id: str) -> str:
    """The full id for ``item_id`` or a unique prefix of it (at least ``MIN_PREFIX`` hex characters)
    among events, stories and articles; EW106 for an unknown or ambiguous prefix."""
    item_id = item_id.strip().lower()
    if not _ID.match(item_id):
        raise EventwireError(
            "EW104",
            f"{item_id[:80]!r} is not an eventwire id: give an id as printed by `eventwire events` (hex), "
            f"or its first {MIN_PREFIX} or more characters.",
        )
    found: list[tuple[str, str]] = []
    for kind, table, col in _KINDS:
        sql = f"SELECT DISTINCT {col} AS id FROM {table} WHERE starts_with({col}, ?) ORDER BY 1 LIMIT ?"  # noqa: S608 (fixed names)
        for r in store.query(sql, [item_id, MAX_CANDIDATES + 1]):
            if r["id"] == item_id:
                return item_id
            found.append((kind, r["id"]))
    ids = sorted({i for _, i in found})
    if len(ids) == 1:
        return ids[0]
    if not ids:
        raise EventwireError("EW106", f"No event, story or article id starts with {item_id} in {store.path}.")
    listed = ", ".join(f"{k} {i}" for k, i in found[:MAX_CANDIDATES])
    many = f"more than {MAX_CANDIDATES}" if len(found) > MAX_CANDIDATES else str(len(found))
    raise EventwireError(
        "EW106", f"{item_id} is ambiguous: {many} ids start with it ({listed}); give more characters."
    )


def lookup(store: Store, item_id: str) -> tuple[str, dict[str, Any]]:
    """Find an id (or a unique prefix of one) among events (following merged_into links), stories and articles."""
    item_id = resolve_id(store, item_id)
    rows = store.query("SELECT * FROM events WHERE event_id = ?", [item_id])
    if rows:
        row = rows[0]
        seen = {item_id}
        chain = []
        while row.get("merged_into") and row["merged_into"] not in seen:
            chain.append(row["event_id"])
            seen.add(row["merged_into"])
            nxt = store.query("SELECT * FROM events WHERE event_id = ?", [row["merged_into"]])
            if not nxt:
                break
            row = nxt[0]
        ev = store.query(
            "SELECT * FROM evidence WHERE event_id = ? ORDER BY published, article_id, char_start",
            [row["event_id"]],
        )
        rec = event_dict(row, ev)
        if chain:
            rec["resolved_from"] = chain
        return "event", rec
    rows = store.query("SELECT * FROM stories WHERE story_id = ?", [item_id])
    if rows:
        story = rows[0]
        seen = {item_id}
        chain = []
        while (
            story.get("merged_into") and story["merged_into"] not in seen
        ):  # absorbed stories stay resolvable
            chain.append(story["story_id"])
            seen.add(story["merged_into"])
            nxt = store.query("SELECT * FROM stories WHERE story_id = ?", [story["merged_into"]])
            if not nxt:
                break
            story = nxt[0]
        item_id = story["story_id"]
        if chain:
            story["resolved_from"] = chain
        story.pop("centroid", None)
        arts = store.query(
            "SELECT a.article_id, a.title, a.outlet, a.published, a.url FROM story_articles s "
            "JOIN articles a USING (article_id) WHERE s.story_id = ? ORDER BY a.published, a.article_id",
            [item_id],
        )
        evs = store.query(
            "SELECT event_id, date, event_type, modality, source_name, target_name, num_sources FROM events "
            "WHERE story_id = ? AND merged_into IS NULL ORDER BY date, event_id",
            [item_id],
        )
        for k in ("outlets", "dyads", "event_types"):
            if isinstance(story.get(k), str):
                story[k] = json.loads(story[k])
        return "story", {**story, "articles": arts, "events": evs}
    rows = store.query("SELECT * FROM articles WHERE article_id = ?", [item_id])
    if rows:
        return "article", rows[0]
    raise EventwireError("EW106", f"No event, story or article with id {item_id} in {store.path}.")


def show_item(db: str, item_id: str, fmt: str, console: Console) -> None:
    """Print an item as text panels or JSON."""
    with Store.open(db, read_only=True) as store:
        kind, rec = lookup(store, item_id)
    if fmt == "json":
        console.print_json(json.dumps(rec, default=str, ensure_ascii=False))
        return
    if kind == "event":
        _print_event(rec, console)
    elif kind == "story":
        _print_story(rec, console)
    else:
        console.print(
            Panel(Text(rec["text"]), title=f"article {rec['article_id']}: {rec.get('title') or ''}")
        )


def _n(count: int | None, noun: str) -> str:
    """``1 outlet``, ``3 outlets``; an unknown count says so."""
    if count is None:
        return f"{noun}s unknown"
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _actor(a: dict[str, Any] | None) -> str:
    if not a:
        return "—"
    return f"{a.get('name')} [{a.get('country') or '---'}{a.get('sector') or ''}] ({a.get('kind')}; text: {a.get('text')!r})"


def _print_event(rec: dict[str, Any], console: Console) -> None:
    t = Table(show_header=False, title=f"event {rec['event_id']}", title_justify="left")
    t.add_column(style="bold")
    t.add_column()
    if rec.get("resolved_from"):
        t.add_row("merged from", ", ".join(rec["resolved_from"]))
    loc = rec.get("location") or {}
    for label, val in (
        (
            "type",
            f"{rec['event_type']} / mode {rec.get('mode') or '—'} / context {', '.join(rec.get('context') or []) or '—'}",
        ),
        ("modality", rec["modality"]),
        ("source", _actor(rec.get("source"))),
        ("target", _actor(rec.get("target"))),
        ("reciprocal", str(rec.get("reciprocal"))),
        ("date", f"{rec.get('date')} ({rec.get('date_precision')}, from {rec.get('date_source')})"),
        (
            "location",
            f"{loc.get('name')} [{loc.get('country')}] {loc.get('lat')},{loc.get('lon')}" if loc else "—",
        ),
        (
            "CAMEO / quad / Goldstein",
            f"{rec.get('cameo_code')} (root {rec.get('cameo_root')}) / {rec.get('quad_class')} / {rec.get('goldstein')}",
        ),
        ("confidence", f"{rec.get('confidence')} {json.dumps(rec.get('confidences'))}"),
        (
            "sources",
            f"{_n(rec.get('num_sources'), 'outlet')}, {_n(rec.get('num_articles'), 'article')}, "
            f"{_n(rec.get('num_mentions'), 'mention')}",
        ),
        ("story", str(rec.get("story_id"))),
        (
            "agreements",
            "; ".join(
                a.get("text", str(a)) if isinstance(a, dict) else str(a) for a in rec.get("agreements") or []
            )
            or "—",
        ),
        ("coder", str(rec.get("coder_version"))),
    ):
        t.add_row(label, val)
    console.print(t)
    for i, e in enumerate(rec.get("evidence", []), 1):
        sent = Text(e.get("sentence") or "")
        trig = e.get("trigger")
        if trig:
            sent.highlight_words([trig], style="bold yellow")
        title = (
            f"evidence {i}: {e.get('source_name') or 'unknown outlet'} · {e.get('published') or 'undated'}"
        )
        console.print(
            Panel(
                sent,
                title=title,
                subtitle=f"{e.get('url') or ''} [{e.get('article_id')} {e.get('char_start')}:{e.get('char_end')}]",
            )
        )


def _print_story(rec: dict[str, Any], console: Console) -> None:
    merged = f"merged from: {', '.join(rec['resolved_from'])}\n" if rec.get("resolved_from") else ""
    console.print(
        Panel(
            merged
            + f"{rec.get('start')} → {rec.get('end')}\noutlets: {', '.join(rec.get('outlets') or [])}\n"
            f"dyads: {', '.join(rec.get('dyads') or [])}\nevent types: {', '.join(rec.get('event_types') or [])}",
            title=f"story {rec['story_id']}: {rec.get('title')}",
        )
    )
    t = Table(title="articles", title_justify="left")
    for c in ("article_id", "published", "outlet", "title"):
        t.add_column(c)
    for a in rec["articles"]:
        t.add_row(
            a["article_id"],
            str(a.get("published") or ""),
            str(a.get("outlet") or ""),
            str(a.get("title") or ""),
        )
    console.print(t)
    t = Table(title="events", title_justify="left")
    for c in ("event_id", "date", "event_type", "modality", "source_name", "target_name", "num_sources"):
        t.add_column(c)
    for e in rec["events"]:
        t.add_row(
            *[
                str(e.get(c) or "")
                for c in (
                    "event_id",
                    "date",
                    "event_type",
                    "modality",
                    "source_name",
                    "target_name",
                    "num_sources",
                )
            ]
        )
    console.print(t)

"""Dyad brief: the relationship between two actors written up as an analyst would brief it.

Sections: meetings and sessions held; agreements signed (with their parties); stated intentions and
scheduled events; conflict events; the cooperation–conflict balance by month. Every line is built
from stored events and ends with its citations "(outlet, date, link)" taken from the evidence, so a
reader can check each claim against the sentence that supports it. Markdown or HTML (escaped).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Any

from ..agreements import COMMITMENT_TYPES  # the event types whose agreements are listed
from ..errors import EventwireError
from ..store.queries import parse_json
from .dyads import tabulate

# Longest evidence excerpt quoted on a brief line (characters); longer sentences are cut at a word.
EXCERPT_CHARS = 240

# Citations printed per line; the rest are summarised as "+N more" (the event id leads to all of them).
MAX_CITATIONS = 4

# Event types read as meetings and sessions (PLOVER CONSULT: meet, visit, hold talks, convene).
MEETING_TYPES = ("CONSULT",)
# QuadClasses that make a conflict event (verbal and material conflict).
CONFLICT_QUADS = (3, 4)


@dataclass(slots=True)
class Line:
    """One brief line: what happened, and where it is reported."""

    text: str
    citations: list[dict[str, str | None]] = field(default_factory=list)
    more: int = 0
    subitems: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Brief:
    title: str
    subtitle: str
    sections: list[tuple[str, list[Line]]]
    balance: list[dict[str, Any]]


def write_brief(db: str, dyad: tuple[str, str], *, since: str | None = None, fmt: str = "md") -> str:
    """The brief for a dyad (two ISO3 / actor codes, either order) as Markdown (``md``) or HTML."""
    from ..store import Store
    from ..store.queries import parse_actor, parse_day

    if fmt not in ("md", "html"):
        raise EventwireError("EW103", f"--format must be md or html for a brief; got {fmt!r}.")
    a, b = (parse_actor(x, "dyad") for x in dyad)
    if not a or not b:
        raise EventwireError("EW104", "--dyad takes two actor codes, e.g. PAK,RUS.")
    since = parse_day(since, "since")
    with Store.open(db, read_only=True) as store:
        for code in (a, b):
            check_known(store, code)
        events = dyad_events(store, a, b, since)
        evidence = evidence_by_event(store, [e["event_id"] for e in events])
    brief = build_brief(a, b, events, evidence, since=since)
    return render_html(brief) if fmt == "html" else render_markdown(brief)


def _n(count: int, noun: str) -> str:
    """``1 event``, ``2 events``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def check_known(store: Any, code: str) -> None:
    """EW104 when no event in the store has ``code`` on either side (a typo, or an actor never coded)."""
    sql = (
        "SELECT count(*) AS n FROM events WHERE merged_into IS NULL AND ("
        "coalesce(source_country, substr(source_code, 1, 6)) = ? OR "
        "coalesce(target_country, substr(target_code, 1, 6)) = ? OR "
        "starts_with(source_code, ?) OR starts_with(target_code, ?))"
    )
    if store.query(sql, [code] * 4)[0]["n"]:
        return
    top = store.query(
        "SELECT code, count(*) AS n FROM (SELECT coalesce(source_country, substr(source_code, 1, 6)) AS code "
        "FROM events WHERE merged_into IS NULL UNION ALL SELECT coalesce(target_country, substr(target_code, 1, 6)) "
        "FROM events WHERE merged_into IS NULL) WHERE code IS NOT NULL GROUP BY code ORDER BY n DESC, code LIMIT 8"
    )
    known = ", ".join(r["code"] for r in top) or "none yet"
    raise EventwireError(
        "EW104",
        f"--dyad: no event in this store involves {code}; check the code (the most frequent here: {known}).",
    )


def dyad_events(store: Any, a: str, b: str, since: str | None) -> list[dict[str, Any]]:
    """The events between ``a`` and ``b`` in either direction (merged and hypothetical ones left out), by date;
    with ``since``, those from that day on plus every intended one."""
    sql = (
        "SELECT * FROM events WHERE merged_into IS NULL AND modality <> 'hypothetical' AND ("
        "(coalesce(source_country, substr(source_code, 1, 6)) = ? AND coalesce(target_country, substr(target_code, 1, 6)) = ?) OR "
        "(coalesce(source_country, substr(source_code, 1, 6)) = ? AND coalesce(target_country, substr(target_code, 1, 6)) = ?))"
    )
    params: list[Any] = [a, b, b, a]
    if since:
        sql += " AND (date >= ? OR modality = 'intended')"
        params.append(since)
    sql += " ORDER BY date NULLS LAST, event_id"
    return store.query(sql, params)


def evidence_by_event(store: Any, ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The evidence rows of each event (sentence, outlet, URL, date, article path), earliest first."""
    out: dict[str, list[dict[str, Any]]] = {}
    if not ids:
        return out
    for r in store.query(
        "SELECT e.event_id, e.sentence, e.source_name, e.url, e.published, e.article_id, a.path "
        "FROM evidence e LEFT JOIN articles a USING (article_id) WHERE list_contains(?, e.event_id) "
        "ORDER BY e.published NULLS LAST, e.source_name, e.article_id, e.char_start",
        [ids],
    ):
        out.setdefault(r["event_id"], []).append(r)
    return out


def build_brief(
    a: str,
    b: str,
    events: list[dict[str, Any]],
    evidence: dict[str, list[dict[str, Any]]],
    *,
    since: str | None = None,
) -> Brief:
    """Arrange a dyad's events (``events`` rows, evidence rows by event id) into the brief's sections."""
    names = _names(a, b, events)
    meetings, agreements, intentions, conflict, denials = [], [], [], [], []
    events = [
        e for e in events if e["modality"] != "historical"
    ]  # background, not part of the period briefed
    for e in events:
        ev = evidence.get(e["event_id"], [])
        if e["modality"] == "intended":
            intentions.append(_line(e, ev, lead=_intention_label(e)))
        elif e["modality"] == "denied":
            denials.append(_line(e, ev, lead=_label(e, names) + ": denied"))
        elif e.get("quad_class") in CONFLICT_QUADS:
            conflict.append(_line(e, ev, lead=_label(e, names)))
        elif e["event_type"] in MEETING_TYPES and e["modality"] == "asserted":
            meetings.append(_line(e, ev, lead=_label(e, names)))
        if e["event_type"] in COMMITMENT_TYPES and e["modality"] == "asserted":
            line = _agreement_line(e, ev, names)
            if line is not None:
                agreements.append(line)
    dated = [e["date"] for e in events if e.get("date") and e["modality"] != "intended"]
    span = f"{min(dated)} to {max(dated)}" if dated else "undated"
    outlets = {c["outlet"] for e in events for c in _citations(evidence.get(e["event_id"], []))}
    since_text = f" since {since}" if since else ""
    if events:
        subtitle = (
            f"{_n(len(events), 'event')} ({span}{', since ' + since if since else ''}; background history left "
            f"out), reported by {_n(len(outlets), 'outlet')}. Every line cites the outlet, date and link of its "
            "evidence."
        )
    else:
        subtitle = f"No events between {names[a]} and {names[b]}{since_text} in this store."
    balance = [
        r
        for r in tabulate([e for e in events if e["modality"] == "asserted"], bucket="month")
        if r["period"] != "all"
    ]
    return Brief(
        title=f"{names[a]} – {names[b]}: relationship brief",
        subtitle=subtitle,
        sections=[
            ("Meetings and sessions", meetings),
            ("Agreements signed", agreements),
            ("Stated intentions and scheduled events", intentions),
            ("Conflict events", conflict),
            ("Denied (claims one side rejected)", denials),
        ],
        balance=balance,
    )


def _names(a: str, b: str, events: list[dict[str, Any]]) -> dict[str, str]:
    names = {a: a, b: b}
    try:
        from ..actors import country_name

        for code in (a, b):
            names[code] = country_name(code) or code
    except Exception:  # names are cosmetic: fall back to the codes
        pass
    return names


def _label(e: dict[str, Any], names: dict[str, str]) -> str:
    src = e.get("source_name") or names.get(e.get("source_country") or "", e.get("source_country") or "?")
    tgt = e.get("target_name") or names.get(e.get("target_country") or "", e.get("target_country") or "?")
    arrow = "↔" if e.get("reciprocal") else "→"
    where = f", {e['location_name']}" if e.get("location_name") else ""
    when = e.get("date") or "undated"
    return f"**{when}** {e['event_type'].title()} ({src} {arrow} {tgt}{where})"


def _intention_label(e: dict[str, Any]) -> str:
    when = e.get("date") or "date not stated"
    where = f" in {e['location_name']}" if e.get("location_name") else ""
    return f"**{when}** planned: {e['event_type'].title()}{where}"


def _line(e: dict[str, Any], ev: list[dict[str, Any]], *, lead: str) -> Line:
    sentence = _excerpt(ev)
    text = f"{lead}: “{sentence}”" if sentence else lead
    cites = _citations(ev)
    return Line(text=text, citations=cites[:MAX_CITATIONS], more=max(0, len(cites) - MAX_CITATIONS))


def _agreement_line(e: dict[str, Any], ev: list[dict[str, Any]], names: dict[str, str]) -> Line | None:
    agreements = list(parse_json(e.get("agreements"), None) or [])
    figures = list(parse_json(e.get("figures"), None) or [])
    if not agreements and not figures:
        return None
    when = e.get("date") or "undated"
    where = f" in {e['location_name']}" if e.get("location_name") else ""
    subitems = []
    for ag in agreements:
        if isinstance(ag, dict):
            parties = ag.get("parties") or []
            who = " and ".join(
                f"{p.get('name')}" + (f" [{p.get('country')}]" if p.get("country") else "") for p in parties
            )
            subitems.append(
                f"{ag.get('instrument', 'agreement')}: {ag.get('text')}"
                + (f" — parties: {who}" if who else "")
            )
        else:
            subitems.append(str(ag))
    if figures:
        subitems.append(
            "stated figures: "
            + "; ".join(f"{f.get('text')} ({f.get('value'):g} {f.get('unit')})" for f in figures)
        )
    cites = _citations(ev)
    return Line(
        text=f"**{when}** {e['event_type'].title()}{where} ({_sources(e)})",
        citations=cites[:MAX_CITATIONS],
        more=max(0, len(cites) - MAX_CITATIONS),
        subitems=subitems,
    )


def _sources(e: dict[str, Any]) -> str:
    n = int(e.get("num_sources") or 1)
    return f"{n} source" + ("s" if n != 1 else "")


def _excerpt(ev: list[dict[str, Any]]) -> str:
    sentences = [" ".join((r.get("sentence") or "").split()) for r in ev if r.get("sentence")]
    if not sentences:
        return ""
    # the shortest report that still says it: the most quotable
    s = min(sentences, key=lambda x: (len(x) < 30, len(x)))
    if len(s) > EXCERPT_CHARS:
        s = s[:EXCERPT_CHARS].rsplit(" ", 1)[0] + " …"
    return s


def _citations(ev: list[dict[str, Any]]) -> list[dict[str, str | None]]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for r in ev:
        key = (r.get("source_name"), r.get("published"), r.get("url") or r.get("path"))
        if key in seen:
            continue
        seen.add(key)
        out.append(
            {
                "outlet": r.get("source_name") or "unknown outlet",
                "date": r.get("published") or "undated",
                "link": r.get("url") or r.get("path"),
            }
        )
    return out


# ---------------------------------------------------------------------------------------------- render
def _cite_md(line: Line) -> str:
    parts = [", ".join(x for x in (c["outlet"], c["date"], c["link"]) if x) for c in line.citations]
    more = f"; +{line.more} more" if line.more else ""
    return f" ({'; '.join(parts)}{more})" if parts else " (no recorded source)"


def render_markdown(brief: Brief) -> str:
    """The brief as Markdown."""
    out = [f"# {brief.title}", "", brief.subtitle, ""]
    for heading, lines in brief.sections:
        out += [f"## {heading}", ""]
        if not lines:
            out += ["_None recorded._", ""]
            continue
        for line in lines:
            out.append(f"- {line.text}{_cite_md(line)}")
            out += [f"  - {s}" for s in line.subitems]
        out.append("")
    out += ["## Cooperation–conflict balance by month", ""]
    if brief.balance:
        out += [
            "| month | events | verbal coop | material coop | verbal conflict | material conflict | balance | mean Goldstein |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for r in brief.balance:
            out.append(
                f"| {r['period']} | {r['events']} | {r['q1']} | {r['q2']} | {r['q3']} | {r['q4']} | "
                f"{r['balance']:+.2f} | {r['mean_goldstein']:+.2f} |"
            )
    else:
        out.append("_No asserted events._")
    out.append("")
    return "\n".join(out)


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline_html(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", html.escape(text))


def _cite_html(line: Line) -> str:
    parts = []
    for c in line.citations:
        label = html.escape(f"{c['outlet']}, {c['date']}")
        link = c.get("link")
        if link and re.match(r"https?://", link):
            parts.append(f'{label}, <a href="{html.escape(link, quote=True)}">{html.escape(link)}</a>')
        elif link:
            parts.append(f"{label}, {html.escape(link)}")
        else:
            parts.append(label)
    more = f"; +{line.more} more" if line.more else ""
    return f' <span class="cite">({"; ".join(parts)}{more})</span>' if parts else " (no recorded source)"


def render_html(brief: Brief) -> str:
    """The brief as a standalone HTML page; every text from the store is escaped."""
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{html.escape(brief.title)}</title>",
        "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto}.cite{color:#555;font-size:.9em}"
        "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}</style>",
        "</head><body>",
        f"<h1>{html.escape(brief.title)}</h1>",
        f"<p>{html.escape(brief.subtitle)}</p>",
    ]
    for heading, lines in brief.sections:
        out.append(f"<h2>{html.escape(heading)}</h2>")
        if not lines:
            out.append("<p><em>None recorded.</em></p>")
            continue
        out.append("<ul>")
        for line in lines:
            sub = "".join(f"<li>{html.escape(s)}</li>" for s in line.subitems)
            out.append(
                f"<li>{_inline_html(line.text)}{_cite_html(line)}"
                + (f"<ul>{sub}</ul>" if sub else "")
                + "</li>"
            )
        out.append("</ul>")
    out.append("<h2>Cooperation–conflict balance by month</h2>")
    if brief.balance:
        out.append(
            "<table><tr><th>month</th><th>events</th><th>verbal coop</th><th>material coop</th>"
            "<th>verbal conflict</th><th>material conflict</th><th>balance</th><th>mean Goldstein</th></tr>"
        )
        for r in brief.balance:
            out.append(
                f"<tr><td>{html.escape(str(r['period']))}</td><td>{r['events']}</td><td>{r['q1']}</td>"
                f"<td>{r['q2']}</td><td>{r['q3']}</td><td>{r['q4']}</td><td>{r['balance']:+.2f}</td>"
                f"<td>{r['mean_goldstein']:+.2f}</td></tr>"
            )
        out.append("</table>")
    else:
        out.append("<p><em>No asserted events.</em></p>")
    out.append("</body></html>")
    return "\n".join(out)

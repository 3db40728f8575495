"""Event dates: resolve the date expression of a sentence against the article's publication date.

``resolve_event_date("Pakistan and Russia on Thursday concluded ...", "2025-11-28")`` finds "on Thursday",
and returns 2025-11-27 (the most recent Thursday before a Friday publication date) with precision ``day`` and
source ``text``. Relative expressions ("last weekend", "next month", "earlier this week") are domain logic
and handled here; absolute dates ("April 17, 2025", "25-27 November, 2025") are read with dateparser.
Without a date expression the publication date is returned (source ``published``) for the coder to use or
not; without a publication date only absolute dates resolve, and nothing ever falls back to today's date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

# A resolved date at least this many days before publication is background ("historical"), not news: three
# months separate "last month" (this story's time frame) from a past episode ("Trump's July 25 call" in an article
# of 20 November, read as background by the hand-judged web-page sample of coder 0.5.9). Since 0.5.11 (183 before):
# news gold dev and test, PLOVER GSR, PETR2 and ConfliBERT identical.
HISTORICAL_DAYS = 90
# A month/day written without a year is taken in the publication year unless that puts it more than this
# many days after publication in a past-tense sentence (then it is last year's): a report published on
# 2 January about "Dec. 30" means the previous year.
FUTURE_SLACK_DAYS = 60

# Distance penalty (in characters) for a clause break between a date expression and the trigger: larger
# than any sentence, so a date in the trigger's own clause always wins.
CLAUSE_BREAK_CHARS = 1000

_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
_MONTHS["sept"] = 9
_MONTH = (
    r"(?P<{name}>January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{name}>(?:19|20)\d\d)"
_DASH = r"\s*(?:-|–|—|to|until|through)\s*"


def _p(template: str, **names: str) -> str:
    for key, val in names.items():
        template = template.replace("{" + key + "}", val)
    return template


# Patterns, most specific first; each names its groups. The first that matches at a position wins.
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range_mdy",
        re.compile(
            _p(
                r"\b{M}\s+{D1}{DASH}{D2}(?:,?\s+{Y})?\b",
                M=_MONTH.format(name="m"),
                D1=_DAY.format(name="d1"),
                D2=_DAY.format(name="d2"),
                DASH=_DASH,
                Y=_YEAR.format(name="y"),
            ),
            re.I,
        ),
    ),
    (
        "range_dmy",
        re.compile(
            _p(
                r"\b{D1}{DASH}{D2}\s+{M}(?:,?\s+{Y})?\b",
                M=_MONTH.format(name="m"),
                D1=_DAY.format(name="d1"),
                D2=_DAY.format(name="d2"),
                DASH=_DASH,
                Y=_YEAR.format(name="y"),
            ),
            re.I,
        ),
    ),
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    (
        "mdy",
        re.compile(
            _p(
                r"\b{M}\s+{D}(?:,?\s+{Y})?\b(?!\s*(?:-|–)\s*\d)",
                M=_MONTH.format(name="m"),
                D=_DAY.format(name="d"),
                Y=_YEAR.format(name="y"),
            ),
            re.I,
        ),
    ),
    (
        "dmy",
        re.compile(
            _p(
                r"\b{D}\s+(?:of\s+)?{M}(?:,?\s+{Y})?\b",
                M=_MONTH.format(name="m"),
                D=_DAY.format(name="d"),
                Y=_YEAR.format(name="y"),
            ),
            re.I,
        ),
    ),
    (
        "month_year",
        re.compile(_p(r"\b{M}\s+(?:of\s+)?{Y}\b", M=_MONTH.format(name="m"), Y=_YEAR.format(name="y")), re.I),
    ),
    ("decade", re.compile(r"\b(?:the\s+)?(?P<part>early|mid|mid-|late)?\s*-?(?P<y>(?:19|20)\d0)s\b", re.I)),
    (
        "since_year",
        re.compile(r"\bsince\s+(?:(?P<part>early|mid|mid-|late)\s*-?\s*)?(?P<y>(?:19|20)\d\d)\b", re.I),
    ),
    (
        "part_year",
        re.compile(
            r"\b(?P<part>early|mid|mid-|late|end of|beginning of|start of)\s*-?\s*(?P<y>(?:19|20)\d\d)\b",
            re.I,
        ),
    ),
    (
        "in_year",
        re.compile(
            r"\b(?:in|during|by|of|from|until|till|before|after)\s+(?P<y>(?:19|20)\d\d)\b(?!\s*(?:-|–)\s*\d)",
            re.I,
        ),
    ),
    (
        # "in the 1967 Six-Day War", "during the 2008 financial crisis": an event named by its year
        "in_year",
        re.compile(
            r"\b(?:in|during)\s+the\s+(?P<y>(?:19|20)\d\d)\s+(?=[A-Za-z])(?!(?:season|budget|"
            r"elections?\s+campaign)\b)",
            re.I,
        ),
    ),
    (
        "relative_period",
        re.compile(
            r"\b(?P<which>last|this|next|past|previous|coming|earlier this|later this)\s+"
            r"(?P<unit>weekend|week|month|year)\b",
            re.I,
        ),
    ),
    (
        "in_month",
        re.compile(
            _p(
                r"\b(?:in|since|during|by|until|early|late|mid|mid-|(?P<which>last|next))\s+{M}\b(?!\s+\d)",
                M=_MONTH.format(name="m"),
            ),
            re.I,
        ),
    ),
    (
        "weekday",
        re.compile(
            r"\b(?:(?P<which>last|this|next|on|early|late)\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday"
            r"|Friday|Saturday|Sunday)(?:'s|’s)?\b",
            re.I,
        ),
    ),
    (
        "day_word",
        re.compile(
            r"\b(?P<word>yesterday|today|tonight|overnight|this morning|this afternoon|this evening|"
            r"last night|tomorrow|the day before|the previous day)\b",
            re.I,
        ),
    ),
    (
        "year_ago",
        re.compile(
            r"\b(?P<n>a|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+"
            r"(?P<unit>days?|weeks?|months?|years?)\s+(?:ago|earlier)\b",
            re.I,
        ),
    ),
    (
        # "a 1995 crackdown", "the 2003 invasion", "his 2011 arrest": a year before the event noun itself (kept
        # only when the trigger follows: ``_own_year``; "violated the 1987 INF treaty" is no 1987 violation)
        "year_modifier",
        re.compile(
            r"(?:\b(?:a|an|the|his|her|its|their|our|this|that)|'s|’s)\s+(?P<y>(?:19|20)\d\d)\s+(?=[A-Za-z])",
            re.I,
        ),
    ),
]
# Words that may stand between a year and the event noun it dates ("a 1998 aggravated sexual assault conviction").
YEAR_MODIFIER_GAP = 3
# A date written right after a reporting verb is when something was said, not when the reported event
# happened ("officials said on Friday"): another expression in the sentence is preferred.
_REPORTING = re.compile(
    r"\b(?:said|says|told|announced|reported|added|stated|confirmed|noted)\s*(?:on\s*)?$", re.I
)
_NUMBERS = {
    "a": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}


@dataclass(slots=True)
class DateResolution:
    """The event date of a sentence: ISO date (YYYY-MM-DD, YYYY-MM or YYYY) with its precision and source."""

    date: str | None
    precision: str | None  # day | month | year
    source: str  # text | published | none
    end: str | None = None  # end of a range ("Nov. 25-27", "last week")
    historical: bool = False
    future: bool = False
    expression: str | None = None  # the words used


def resolve_event_date(
    sentence: str,
    published: str | None,
    published_precision: str | None = "day",
    *,
    tense: str | None = None,
    trigger: int | None = None,
) -> DateResolution:
    """Resolve the event date of ``sentence`` against the publication date ``published`` (ISO string).

    ``tense`` ("past" | "present" | "future") steers weekdays and bare months: "on Thursday" is the most
    recent Thursday before publication (the publication day itself if it is a Thursday) unless the tense is
    future, then the next one. ``trigger`` (character offset of the event word) picks the nearest of several
    date expressions. Never returns today's date unless a text or the publication date says so.
    """
    pub, pub_prec = _parse_published(published, published_precision)
    found = [
        f
        for f in _expressions(sentence or "")
        if f[0] != "year_modifier" or _own_year(sentence, f[1], trigger)
    ]
    if trigger is not None and found:
        found.sort(key=lambda f: _distance(sentence, f[1], trigger))
    else:
        found.sort(key=lambda f: (bool(_REPORTING.search(sentence[: f[1].start()])), f[1].start()))
    for kind, m in found:
        res = _resolve(kind, m, pub, tense)
        if res is not None:
            if kind in _RELATIVE_KINDS:
                res = _no_finer_than(res, pub, pub_prec)  # "on Thursday" against "2025-11" is only "2025-11"
            res.expression = m.group(0).strip()
            _flags(res, pub, pub_prec)
            if tense == "past" and res.future:
                # "ordered him held pending his next court hearing April 19": a date after the story is not when
                # a past act happened; it dates something else in the sentence
                continue
            return res
    if pub is None:
        return DateResolution(None, None, "none")
    return DateResolution(_fmt(pub, pub_prec), pub_prec, "published")


def names_recent_time(text: str) -> bool:
    """The text holds a time counted from the story's own ("on Saturday", "last night", "three days ago", "this
    week"), resolvable or not."""
    return any(kind in _RELATIVE_KINDS for kind, _ in _expressions(text))


def _own_year(text: str, m: re.Match[str], trigger: int | None) -> bool:
    """A year modifier dates the event only when the trigger is the noun it modifies: at most YEAR_MODIFIER_GAP
    words, and no punctuation, between them."""
    if trigger is None or trigger < m.end():
        return False
    return re.fullmatch(rf"(?:[\w-]+\s+){{0,{YEAR_MODIFIER_GAP}}}", text[m.end() : trigger]) is not None


def _distance(text: str, m: re.Match[str], trigger: int) -> int:
    """Characters between an expression and the trigger; a clause break (comma, semicolon) between them
    counts as far away: "After talks on Monday, the sides signed ... on Wednesday" dates the signing."""
    lo, hi = (m.end(), trigger) if m.end() <= trigger else (trigger, m.start())
    gap = max(0, hi - lo)
    return gap + (CLAUSE_BREAK_CHARS if re.search(r"[,;:]", text[lo:hi]) else 0)


# -- finding expressions --------------------------------------------------------------------------------
def _expressions(text: str) -> list[tuple[str, re.Match[str]]]:
    """Non-overlapping date expressions, the most specific pattern winning at each place."""
    taken: list[tuple[int, int]] = []
    out = []
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            if kind in ("mdy", "dmy") and not _plausible_day(m):
                continue
            taken.append((m.start(), m.end()))
            out.append((kind, m))
    return out


def _plausible_day(m: re.Match[str]) -> bool:
    day = int(m.group("d"))
    if not 1 <= day <= 31:
        return False
    # "May 5" is a date, but "may 5" in "which may 5 times" is not: require a capitalised month.
    return m.group("m")[0].isupper()


# -- resolving ------------------------------------------------------------------------------------------
# Expressions counted from the publication date: they cannot be more precise than that date.
_RELATIVE_KINDS = frozenset({"weekday", "day_word", "year_ago", "relative_period"})
_PRECISIONS = ("day", "month", "year")


def _no_finer_than(res: DateResolution, pub: date | None, precision: str | None) -> DateResolution:
    """A relative expression resolved finer than the publication date it counts from ("on Thursday"
    against "2025-11") says no more than that date: the publication's period, at its precision."""
    if pub is None or res.date is None or res.precision not in _PRECISIONS or precision not in _PRECISIONS:
        return res
    if _PRECISIONS.index(res.precision) >= _PRECISIONS.index(precision):
        return res
    return DateResolution(_fmt(pub, precision), precision, res.source)


def _in_month(month: int, which: str, pub: date | None, tense: str | None) -> DateResolution | None:
    """A month named without its year ("in March", "last May", "next March"), placed against the publication date."""
    if pub is None:
        return None
    year = pub.year
    if which == "last":  # "last May": the latest May before this month
        if month >= pub.month:
            year -= 1
    elif which == "next":  # "next March": the first March after this month
        if month <= pub.month:
            year += 1
    elif tense == "future":
        if month < pub.month:
            year += 1
    elif month > pub.month:
        year -= 1
    return DateResolution(f"{year:04d}-{month:02d}", "month", "text")


def _resolve(kind: str, m: re.Match[str], pub: date | None, tense: str | None) -> DateResolution | None:
    g = m.groupdict()
    if kind in ("range_mdy", "range_dmy"):
        month = _MONTHS[g["m"].lower().rstrip(".")]
        d1, d2 = int(g["d1"]), int(g["d2"])
        year = int(g["y"]) if g.get("y") else _infer_year(month, d2, pub, tense)
        if year is None or not (1 <= d1 <= d2 <= 31):
            return None
        start, end = _safe_date(year, month, d1), _safe_date(year, month, d2)
        if start is None or end is None:
            return None
        return DateResolution(start.isoformat(), "day", "text", end=end.isoformat())
    if kind == "iso":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return DateResolution(d.isoformat(), "day", "text") if d else None
    if kind in ("mdy", "dmy"):
        month = _MONTHS[g["m"].lower().rstrip(".")]
        if g.get("y"):
            d = _absolute(m.group(0))
        else:
            year = _infer_year(month, int(g["d"]), pub, tense)
            d = _safe_date(year, month, int(g["d"])) if year else None
        return DateResolution(d.isoformat(), "day", "text") if d else None
    if kind == "month_year":
        month = _MONTHS[g["m"].lower().rstrip(".")]
        return DateResolution(f"{int(g['y']):04d}-{month:02d}", "month", "text")
    if kind == "decade":
        start = int(g["y"])
        part = (g.get("part") or "").lower().rstrip("-")
        first, last = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part, (0, 9))
        return DateResolution(str(start + first), "year", "text", end=str(start + last))
    if kind == "since_year":
        # "since late 2024" runs up to publication: a period still going on, not background.
        end = str(pub.year) if pub is not None and pub.year > int(g["y"]) else None
        return DateResolution(g["y"], "year", "text", end=end)
    if kind in ("part_year", "in_year", "year_modifier"):
        return DateResolution(g["y"], "year", "text")
    if kind == "relative_period":
        return _relative_period(g["which"].lower(), g["unit"].lower(), pub)
    if kind == "in_month":
        return _in_month(_MONTHS[g["m"].lower().rstrip(".")], (g.get("which") or "").lower(), pub, tense)
    if kind == "weekday":
        return _weekday(g["wd"].lower(), (g.get("which") or "").lower(), pub, tense)
    if kind == "day_word":
        return _day_word(g["word"].lower(), pub)
    if kind == "year_ago":
        return _ago(g["n"].lower(), g["unit"].lower(), pub)
    return None


def _relative_period(which: str, unit: str, pub: date | None) -> DateResolution | None:
    if pub is None:
        return None
    if which in ("past", "previous"):
        which = "last"
    if which == "coming":
        which = "next"
    if unit == "weekend":
        # The weekend before publication ("last weekend"; "this weekend" in a Monday story is also past).
        sat = pub - timedelta(days=(pub.weekday() - 5) % 7 or 7)
        if which == "next" or (which == "this" and pub.weekday() < 5):
            sat = pub + timedelta(days=(5 - pub.weekday()) % 7 or 7)
        return DateResolution(sat.isoformat(), "day", "text", end=(sat + timedelta(days=1)).isoformat())
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday())
        if which == "last":
            monday -= timedelta(days=7)
            return DateResolution(
                monday.isoformat(), "day", "text", end=(monday + timedelta(days=6)).isoformat()
            )
        if which == "next":
            monday += timedelta(days=7)
            return DateResolution(
                monday.isoformat(), "day", "text", end=(monday + timedelta(days=6)).isoformat()
            )
        if which == "earlier this":
            end = max(monday, pub - timedelta(days=1))
            return DateResolution(monday.isoformat(), "day", "text", end=end.isoformat())
        if which == "later this":
            sunday = monday + timedelta(days=6)
            start = min(sunday, pub + timedelta(days=1))
            return DateResolution(start.isoformat(), "day", "text", end=sunday.isoformat())
        return DateResolution(monday.isoformat(), "day", "text", end=(monday + timedelta(days=6)).isoformat())
    if unit == "month":
        year, month = pub.year, pub.month
        if which == "last":
            year, month = (year - 1, 12) if month == 1 else (year, month - 1)
        elif which == "next":
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return DateResolution(f"{year:04d}-{month:02d}", "month", "text")
    offset = {"last": -1, "next": 1}.get(which, 0)
    return DateResolution(str(pub.year + offset), "year", "text")


def _weekday(name: str, which: str, pub: date | None, tense: str | None) -> DateResolution | None:
    if pub is None:
        return None
    target = _WEEKDAYS[name]
    back = (pub.weekday() - target) % 7  # 0 = the publication day itself
    if which == "next" or (tense == "future" and which != "last"):
        ahead = (target - pub.weekday()) % 7 or 7
        d = pub + timedelta(days=ahead)
    elif which == "last":
        d = pub - timedelta(days=back or 7)
    else:
        d = pub - timedelta(days=back)
    return DateResolution(d.isoformat(), "day", "text")


def _day_word(word: str, pub: date | None) -> DateResolution | None:
    if pub is None:
        return None
    offset = {
        "yesterday": -1,
        "last night": -1,
        "the day before": -1,
        "the previous day": -1,
        "tomorrow": 1,
    }.get(word, 0)
    return DateResolution((pub + timedelta(days=offset)).isoformat(), "day", "text")


def _ago(n: str, unit: str, pub: date | None) -> DateResolution | None:
    if pub is None:
        return None
    count = _NUMBERS.get(n) or int(n) if (n in _NUMBERS or n.isdigit()) else None
    if count is None:
        return None
    unit = unit.rstrip("s")
    if unit == "day":
        return DateResolution((pub - timedelta(days=count)).isoformat(), "day", "text")
    if unit == "week":
        return DateResolution((pub - timedelta(days=7 * count)).isoformat(), "day", "text")
    if unit == "month":
        months = pub.year * 12 + pub.month - 1 - count
        return DateResolution(f"{months // 12:04d}-{months % 12 + 1:02d}", "month", "text")
    return DateResolution(str(pub.year - count), "year", "text")


def _infer_year(month: int, day: int, pub: date | None, tense: str | None) -> int | None:
    """Year of a month/day written without one: the publication year, or the adjacent one when closer."""
    if pub is None:
        return None
    candidate = _safe_date(pub.year, month, min(day, 28))
    if candidate is None:
        return None
    if tense == "future" and (pub - candidate).days > FUTURE_SLACK_DAYS:
        return pub.year + 1
    if tense != "future" and (candidate - pub).days > FUTURE_SLACK_DAYS:
        return pub.year - 1
    return pub.year


@lru_cache(maxsize=1024)
def _absolute(text: str) -> date | None:
    import dateparser

    parsed = dateparser.parse(
        text, languages=["en"], settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
    )
    return parsed.date() if parsed is not None else None


def _safe_date(year: int | None, month: int, day: int) -> date | None:
    if year is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


# -- publication date and flags -------------------------------------------------------------------------
def days_between(earlier: str, later: str) -> int | None:
    """Whole days from one ISO date (YYYY, YYYY-MM or YYYY-MM-DD: its first day) to another; None if either is
    not a date."""
    start, end = _parse_published(earlier, None)[0], _parse_published(later, None)[0]
    return (end - start).days if start is not None and end is not None else None


def _parse_published(published: str | None, precision: str | None) -> tuple[date | None, str | None]:
    if not published:
        return None, None
    m = re.match(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", str(published))
    if not m:
        return None, None
    year, month, day = int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)
    d = _safe_date(year, month, day)
    if d is None:
        return None, None
    found = "day" if m.group(3) else "month" if m.group(2) else "year"
    order = ["year", "month", "day"]
    prec = precision if precision in order and order.index(precision) <= order.index(found) else found
    return d, prec


def _fmt(d: date, precision: str | None) -> str:
    if precision == "year":
        return f"{d.year:04d}"
    if precision == "month":
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _bounds(value: str) -> tuple[date, date]:
    """First and last day covered by an ISO date of any precision."""
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 1, 1), date(parts[0], 12, 31)
    if len(parts) == 2:
        last = calendar.monthrange(parts[0], parts[1])[1]
        return date(parts[0], parts[1], 1), date(parts[0], parts[1], last)
    d = date(*parts)
    return d, d


def _flags(res: DateResolution, pub: date | None, pub_prec: str | None) -> None:
    if res.date is None or pub is None:
        return
    first, _ = _bounds(res.date)
    last = _bounds(res.end)[1] if res.end else _bounds(res.date)[1]
    _, pub_last = _bounds(_fmt(pub, pub_prec))
    pub_first = _bounds(_fmt(pub, pub_prec))[0]
    if res.precision == "year":
        res.historical = int(res.end or res.date) < pub.year
        res.future = int(res.date) > pub.year
        return
    res.historical = (pub_first - last).days > HISTORICAL_DAYS
    res.future = first > pub_last

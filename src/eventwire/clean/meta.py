"""Article metadata: calendar dates with their precision, datelines, and outlet names.

Dates are never invented: only absolute dates written in the text or given by a field are parsed,
never relative ones ("3 min ago", "on Thursday") and never today's date.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from .rules import DATE, DAY, MONTH, YEAR, chrome_rules, outlet_table

# A date more than this many days after today is a typo or a template filler value, not a
# publication date; two days leave room for time zones ahead of the machine's clock.
MAX_FUTURE_DAYS = 2
# Earliest accepted year: the web and the event datasets we mirror start well after this, and
# older years in a date slot are usually founding dates ("Since 1947").
MIN_YEAR = 1900

_DATE_RE = re.compile(DATE, re.IGNORECASE)
_DMY = re.compile(rf"(?P<d>{DAY})\s+(?:of\s+)?(?P<m>{MONTH}),?\s+(?P<y>{YEAR})", re.IGNORECASE)
_MDY = re.compile(rf"(?P<m>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})", re.IGNORECASE)
_MY = re.compile(rf"(?P<m>{MONTH}),?\s+(?P<y>{YEAR})", re.IGNORECASE)
_ISO = re.compile(r"(?P<y>\d{4})-(?P<m>\d{1,2})(?:-(?P<d>\d{1,2}))?")
_NUMERIC = re.compile(r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})")
_YEAR_ONLY = re.compile(r"(?P<y>\d{4})")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@dataclass(frozen=True, slots=True)
class DateValue:
    """An ISO date string with its precision (day | month | year)."""

    iso: str
    precision: str


def _month_number(name: str) -> int:
    return _MONTHS.index(name.strip(".").lower()[:3]) + 1


def _checked(year: int, month: int | None, day: int | None) -> DateValue | None:
    try:
        if day is not None and month is not None:
            value = dt.date(year, month, day)
            iso, precision = value.isoformat(), "day"
        elif month is not None:
            value = dt.date(year, month, 1)
            iso, precision = f"{year:04d}-{month:02d}", "month"
        else:
            value = dt.date(year, 1, 1)
            iso, precision = f"{year:04d}", "year"
    except ValueError:
        return None
    if year < MIN_YEAR or value > dt.date.today() + dt.timedelta(days=MAX_FUTURE_DAYS):
        return None
    return DateValue(iso, precision)


def parse_date(text: str) -> DateValue | None:
    """Parse one absolute date string ("28 November 2025", "Nov. 28th, 2025", "2025-11-28",
    "November 2025") into a ``DateValue``; None if it is not a complete, plausible date."""
    text = text.strip()
    if m := _ISO.fullmatch(text):
        return _checked(int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None)
    for rx in (_DMY, _MDY):
        if m := rx.search(text):
            return _checked(int(m["y"]), _month_number(m["m"]), int(re.sub(r"\D", "", m["d"])))
    if m := _MY.search(text):
        return _checked(int(m["y"]), _month_number(m["m"]), None)
    if m := _NUMERIC.fullmatch(text):
        return _numeric(int(m["a"]), int(m["b"]), m["y"])
    return None


def _numeric(a: int, b: int, year: str) -> DateValue | None:
    """A numeric date: month first (US style, as "11/30/09") unless the first number cannot be a month
    ("15/09/2013"); a two-digit year is of this century unless that puts it in the future."""
    y = int(year)
    if len(year) == 2:
        y += 2000 if 2000 + y <= dt.date.today().year + 1 else 1900
    month, day = (b, a) if a > 12 else (a, b)
    return _checked(y, month, day)


def find_date(text: str) -> DateValue | None:
    """The first absolute date written anywhere in ``text`` (see ``parse_date``)."""
    for m in _DATE_RE.finditer(text):
        if value := parse_date(m.group(0)):
            return value
    return None


def parse_field_date(value: str | None) -> DateValue | None:
    """Parse a date given by a container field: ISO 8601 (with or without time), RFC 2822 (RSS
    pubDate), "YYYY-MM" / "YYYY", or a written date. None when it cannot be read."""
    if not value or not value.strip():
        return None
    text = value.strip()
    if _YEAR_ONLY.fullmatch(text):
        return _checked(int(text), None, None)
    if m := _ISO.fullmatch(text):
        return _checked(int(m["y"]), int(m["m"]), int(m["d"]) if m["d"] else None)
    try:
        stamp = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return _checked(stamp.year, stamp.month, stamp.day)
    except ValueError:
        pass
    try:
        stamp = email.utils.parsedate_to_datetime(text)
        return _checked(stamp.year, stamp.month, stamp.day)
    except (TypeError, ValueError, IndexError):
        pass
    return find_date(text)


@dataclass(frozen=True, slots=True)
class Dateline:
    """The dateline that opens a story: city, optional date and wire agency."""

    city: str
    date: DateValue | None
    agency: str | None
    end: int  # offset where the story text proper begins


def match_dateline(paragraph: str) -> Dateline | None:
    """Recognise a dateline at the start of a paragraph ("ISLAMABAD: ...", "KABUL, April 3, 2025 —
    ...", "ISLAMABAD, Nov 28 (Reuters) - ..."). A month and day without a year give no date."""
    for rx in chrome_rules().datelines:
        m = rx.match(paragraph)
        if m and len(re.sub(r"[^A-Za-z]", "", m["city"])) >= 2:
            written = m["date"]
            return Dateline(
                city=m["city"].strip(),
                date=parse_date(written) if written else None,
                agency=m["agency"],
                end=m.end(),
            )
    return None


def canonical_outlet(name: str | None) -> str | None:
    """Normalise an outlet name or site name ("DAWN.COM" -> "Dawn") via the outlets table;
    names the table does not know are returned tidied but unchanged."""
    if not name or not name.strip():
        return None
    clean = re.sub(r"\s+", " ", name).strip(" |-–—:,")
    table = outlet_table()
    if hit := table.aliases.get(clean.casefold()):
        return hit
    if "." in clean and " " not in clean and (hit := outlet_from_url(clean)):
        return hit
    return clean or None


def outlet_from_url(url: str | None) -> str | None:
    """Outlet name for a URL or bare domain from the outlets table ("https://www.dawn.com/news/1"
    -> "Dawn"); parent domains are tried too. None if the domain is not listed."""
    if not url:
        return None
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.lower().removeprefix("www.")
    domains = outlet_table().domains
    parts = host.split(".")
    for i in range(len(parts) - 1):
        if hit := domains.get(".".join(parts[i:])):
            return hit
    return None

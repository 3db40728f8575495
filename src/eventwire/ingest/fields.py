"""Building Documents and Rejects, and normalising the metadata fields containers give us."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from ..records import Document, Reject, normalise_text, stable_id

# A bare number is read as a year when it has four digits in this range, and as a Unix timestamp
# (seconds, or milliseconds when larger than MS_TIMESTAMP_MIN) when the result falls in it: news
# archives do not predate 1800, and a date past 2200 is a unit mistake, not a date.
YEAR_MIN, YEAR_MAX = 1800, 2200
# Timestamps above this are milliseconds: 1e11 seconds is the year 5138, 1e11 ms is 1973.
MS_TIMESTAMP_MIN = 100_000_000_000

_ISO_PREFIX = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?(?:[T\s].*)?$")
_DIGITS = re.compile(r"^\d{9,13}$")
# Two defaults that differ in every part: a part the parser filled from the default is missing.
_DEFAULT_A = datetime(2001, 1, 1)
_DEFAULT_B = datetime(2002, 2, 2)


def _iso(year: int, month: int | None = None, day: int | None = None) -> str | None:
    if not YEAR_MIN <= year <= YEAR_MAX:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None:
        return f"{year:04d}-{month:02d}" if 1 <= month <= 12 else None
    try:
        return datetime(year, month, day).strftime("%Y-%m-%d")
    except ValueError:
        return None


def _from_timestamp(value: float) -> str | None:
    if value >= MS_TIMESTAMP_MIN:
        value /= 1000
    try:
        dt = datetime.fromtimestamp(value, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return _iso(dt.year, dt.month, dt.day)


def coerce_date(value: object) -> str | None:
    """ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``) from a date field, or None.

    Accepts ISO 8601 (the date part as written, before any time-zone shift), RFC 2822
    (``Thu, 27 Nov 2025 10:00:00 GMT``), written dates (``27 November 2025``, ``November 2025``),
    years and Unix timestamps. Relative expressions ("yesterday") give None: a date is never
    invented from the clock.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        if isinstance(value, int) and YEAR_MIN <= value <= YEAR_MAX:
            return _iso(value)
        return _from_timestamp(float(value))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s:
        return None
    m = _ISO_PREFIX.match(s)
    if m:
        y, mo, d = m.groups()
        return _iso(int(y), int(mo) if mo else None, int(d) if d else None)
    if _DIGITS.match(s):
        return _from_timestamp(float(s))
    return _parse_written(s)


def _parse_written(s: str) -> str | None:
    from dateutil import parser

    try:
        a = parser.parse(s, default=_DEFAULT_A)
        b = parser.parse(s, default=_DEFAULT_B)
    except (ValueError, OverflowError, TypeError):
        return None
    if a.year != b.year:
        return None
    if a.month != b.month:
        return _iso(a.year)
    if a.day != b.day:
        return _iso(a.year, a.month)
    return _iso(a.year, a.month, a.day)


def clean_str(value: str | None) -> str | None:
    """Strip a metadata string; empty becomes None."""
    if value is None:
        return None
    value = value.strip()
    return value or None


def make_document(
    content: str,
    *,
    path: str,
    record: int,
    kind: str,
    fmt: str,
    encoding: str,
    size: int,
    url: str | None = None,
    title: str | None = None,
    published: str | None = None,
    source: str | None = None,
    crawl_date: str | None = None,
) -> Document:
    """A Document whose id hashes the normalised content with the provenance the container gave."""
    url, source = clean_str(url), clean_str(source)
    return Document(
        doc_id=stable_id(normalise_text(content), url or "", source or ""),
        path=path,
        record=record,
        kind=kind,
        content=content,
        fmt=fmt,
        url=url,
        title=clean_str(title),
        published=published,
        source=source,
        crawl_date=crawl_date,
        encoding=encoding,
        size=size,
    )


def reject(path: str, part: int, reason: str, message: str) -> Reject:
    """A Reject for ``path`` (record ``part``, -1 for the whole input)."""
    return Reject(input=path, part=part, reason=reason, message=message)

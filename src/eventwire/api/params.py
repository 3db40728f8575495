"""Request parameters: the opaque ``next`` cursor, filter building, and bounds.

A cursor is ``base64url(JSON {v, s, k, i, f}) + "." + base64url(HMAC-SHA256)``: version, sort
order, last sort key, last id, and a hash of the filters it was issued for. A client passes it
back unchanged; a tampered, truncated or foreign cursor, or one reused with other filters, is a
400 with the error shape, never a server error.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import os
import re
import secrets
from collections.abc import Mapping
from typing import Any

from ..errors import EventwireError
from ..store.aggregates import EVENT_SORTS, STORY_SORTS
from ..store.queries import EventFilter, parse_day

CURSOR_VERSION = 1
# Cursors longer than this are not ours (ours are ~150 characters); refuse before decoding.
MAX_CURSOR_CHARS = 1024
# Bytes of the HMAC kept in the cursor: 16 bytes (128 bits) cannot be guessed.
MAC_BYTES = 16
# Largest magnitude of a numeric cursor key (sort values are counts and scores, far below this).
MAX_CURSOR_NUMBER = 2**53
# since/until may be at most this many years apart: wider spans are almost always a typo
# (0001-01-01) and would make a day timeline enormous.
MAX_SPAN_YEARS = 50
# Keys of a cursor per sort: date sorts carry a string, the others a number.
_STRING_SORTS = {"date", "-date", "start", "-start"}
_ID = re.compile(r"^[0-9a-f]{6,64}$")


def _bad(message: str) -> EventwireError:
    return EventwireError("EW401", message, status=400)


def cursor_key(token: str | None) -> bytes:
    """The HMAC key for cursors: from EVENTWIRE_CURSOR_SECRET, else the API token, else random per app.

    Cursors carry no secret data; the signature turns a tampered or forged cursor into a clear 400.
    A random key means cursors stop working when the server restarts (a 400 that says to start
    again); several workers behind one address need a shared EVENTWIRE_CURSOR_SECRET.
    """
    secret = os.environ.get("EVENTWIRE_CURSOR_SECRET") or token or secrets.token_hex(32)
    return hashlib.sha256(("eventwire-cursor:" + secret).encode()).digest()


def filter_hash(params: Mapping[str, Any]) -> str:
    """A short hash of the query parameters that define a result set (not the page size or format)."""
    canon = json.dumps({k: params[k] for k in sorted(params) if params[k] not in (None, "", [])}, sort_keys=True,
                       default=str)  # fmt: skip
    return hashlib.sha256(canon.encode()).hexdigest()[:16]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def encode_cursor(key: bytes, sort: str, last: list[Any], fhash: str) -> str:
    """Make the opaque ``next`` token for a page that ended at sort key ``last = [value, id]``."""
    body = json.dumps({"v": CURSOR_VERSION, "s": sort, "k": last[0], "i": last[1], "f": fhash},
                      separators=(",", ":"), default=str).encode()  # fmt: skip
    mac = hmac.new(key, body, hashlib.sha256).digest()[:MAC_BYTES]
    return f"{_b64(body)}.{_b64(mac)}"


def decode_cursor(key: bytes, token: str, sort: str, fhash: str) -> list[Any]:
    """Check a ``next`` token and return ``[last sort value, last id]``; EW401 (400) if it is not valid here."""
    if len(token) > MAX_CURSOR_CHARS or token.count(".") != 1:
        raise _bad("The next cursor is malformed; pass back the 'next' value of the previous page unchanged.")
    body_b64, mac_b64 = token.split(".")
    try:
        body, mac = _unb64(body_b64), _unb64(mac_b64)
    except (binascii.Error, ValueError):
        raise _bad("The next cursor is not valid base64url; pass back the 'next' value unchanged.") from None
    if not hmac.compare_digest(mac, hmac.new(key, body, hashlib.sha256).digest()[:MAC_BYTES]):
        raise _bad("The next cursor was altered or comes from another server; start again without 'next'.")
    try:
        data = json.loads(body)
    except ValueError:
        raise _bad("The next cursor is malformed.") from None
    if not isinstance(data, dict) or data.get("v") != CURSOR_VERSION:
        raise _bad("The next cursor comes from another API version; start again without 'next'.")
    if data.get("f") != fhash or data.get("s") != sort:
        raise _bad("The next cursor belongs to a query with other filters or sort; repeat the same query, "
                   "or start again without 'next'.")  # fmt: skip
    k, i = data.get("k"), data.get("i")
    string_key = sort in _STRING_SORTS
    if not isinstance(i, str) or not (isinstance(k, str) if string_key else _is_number(k)):
        raise _bad("The next cursor is malformed.")
    return [k, i]


def _is_number(value: Any) -> bool:
    """A finite JSON number a sort key can hold (counts, scores): beyond 2**53 no stored value is."""
    # NaN and infinities fail the comparison; a huge int is compared exactly, never converted.
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) <= MAX_CURSOR_NUMBER


def check_id(value: str, what: str) -> str:
    """Validate an event/story/article id (hex); EW401 otherwise."""
    if not _ID.match(value):
        raise _bad(f"{what} must be a hexadecimal id such as 55336f7046c09bf3; got {value[:80]!r}.")
    return value


def check_sort(value: str, allowed: Mapping[str, Any]) -> str:
    """Validate a sort name against an allow-list."""
    if value not in allowed:
        raise _bad(f"sort must be one of {', '.join(allowed)}; got {value[:40]!r}.")
    return value


EVENT_SORT_NAMES = tuple(EVENT_SORTS)
STORY_SORT_NAMES = tuple(STORY_SORTS)

_CLI_FLAG = re.compile(r"--([a-z][a-z-]*)")


def build_filter(**raw: Any) -> EventFilter:
    """Validate API filter parameters into an ``EventFilter`` (EW401 with API parameter names)."""
    since, until = raw.get("since"), raw.get("until")
    try:
        s, u = parse_day(since, "since"), parse_day(until, "until")
        for name, value in (("since", s), ("until", u)):
            if value and value[:4] == "0000":
                raise _bad(f"{name} must be a year from 0001 on; got {value}.")
        if s and u and int(u[:4]) - int(s[:4]) > MAX_SPAN_YEARS:
            raise _bad(f"since and until may be at most {MAX_SPAN_YEARS} years apart; got {s} to {u}.")
        return EventFilter.build(**raw)
    except EventwireError as exc:
        if exc.code == "EW401":
            raise
        # The shared validators word their messages for the CLI (--since); name the API parameter.
        message = _CLI_FLAG.sub(lambda m: m.group(1).replace("-", "_"), exc.message)
        raise _bad(message) from None

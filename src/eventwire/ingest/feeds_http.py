"""RSS/Atom feeds over HTTP: one conditional GET of the feed, then the article page of each new item.

Per feed URL the reader yields the items' ``Document``s (the fetched article page, HTML, for the
cleaning stage to extract) and ``Reject``s, then one ``InputDone`` whose ``meta`` carries the
feed's conditional-GET state. The writer commits that ``meta`` (manifest and ``feed_state``) in the
same transaction as the feed's last items, so a new ETag is never remembered before the items it
covers are stored: a crash in between leaves the old state, and the next run fetches the feed again
instead of getting "304 Not Modified" and losing the items.

What the state holds (``InputDone.meta``): ``status`` (HTTP status of the feed, None when the host
never answered), ``etag`` / ``last_modified`` (validators to send next time), ``fetched_at``,
``items`` (items in the feed), ``new`` / ``known`` / ``fallbacks`` / ``failed`` (what happened to
them) and ``seen`` (links of the feed's items that are stored, so an item whose link redirects is
not fetched again). The validators are deliberately left out when an item failed for a reason that
may pass (a timeout, a 503) or the feed XML was damaged: the next run then downloads the feed in
full, skips the stored items, and retries the failed ones, instead of being told "not modified".

Items: a link already in the store (``known_urls``) or in ``seen`` is skipped without a request.
Otherwise the linked page is fetched (http/https only: a ``file://`` or ``javascript:`` link is
never followed). When the page cannot be had (timeout, refused connection, HTTP error, not HTML,
too large), an item that carries a substantial text of its own (``content:encoded`` or summary of
at least ``min_article_chars``) becomes a Document from that text; otherwise it becomes a Reject
naming the URL and the failure.
"""

from __future__ import annotations

import io
import logging
import os
import re
import xml.sax
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path
from typing import Any

import httpx

from ..errors import EventwireError
from ..options import Options
from ..records import Document, InputDone, Reject
from .decode import DecodeFailure, binary_kind, decode_bytes, meta_charset, normalise_encoding
from .feeds_local import MARKUP, has_entity_declarations, item_content, item_date
from .fetch import Fetched, Fetcher, FetchPolicy, is_http_url, utc_now_iso
from .fields import make_document, reject
from .markup import markup_problem

log = logging.getLogger(__name__)

KnownUrls = Callable[[Iterable[str]], set[str]]

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/rdf+xml;q=0.9, "
    "application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, text/plain;q=0.5, */*;q=0.1"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
# Links remembered per feed in ``seen``. Live news feeds carry 10-100 items; the cap keeps the
# manifest row small even for a feed that lists its whole archive.
MAX_REMEMBERED_LINKS = 1000

_TAG = re.compile(r"<[^<>]*>")
_TRAILING_COMMENT = re.compile(r"\s#")
_LINK_TAG = re.compile(rb"<link\b[^>]{0,1000}>", re.I)
_ATTR = re.compile(rb"""([a-zA-Z-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_FEED_TYPES = (b"application/rss+xml", b"application/atom+xml")


def read_feed_list(path: str | os.PathLike[str]) -> list[str]:
    """Feed URLs and paths listed in a text file, one a line; blank lines, lines starting with ``#``
    and trailing `` # comments`` are ignored. Raises EventwireError EW301 when the file cannot be read (a usage error: the list
    itself, unlike the feeds in it, is not data to reject and go on)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise EventwireError(
            "EW301",
            f"The feed list {path} cannot be read ({exc}); give a UTF-8 text file with one feed URL a line.",
        ) from None
    out: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        # A trailing comment needs white space before "#": a URL may end in a #fragment.
        out.append(_TRAILING_COMMENT.split(line, 1)[0].strip())
    return out


@dataclass(slots=True)
class _Run:
    """Counts and memory of one feed read."""

    url: str
    records: int = 0  # documents + rejects yielded (the manifest's "expected")
    docs: int = 0
    known: int = 0
    fallbacks: int = 0
    failed: int = 0
    transient: int = 0  # rejected items whose failure may pass on a later run
    malformed: bool = False
    seen: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Failure:
    reason: str  # reject reason
    message: str
    retryable: bool = False


def iter_feed_url(
    url: str,
    opts: Options,
    *,
    state: dict[str, Any] | None,
    client: httpx.Client | None = None,
    known_urls: KnownUrls | None = None,
    policy: FetchPolicy | None = None,
) -> Iterator[Document | Reject | InputDone]:
    """Documents and Rejects of the feed at ``url``, then its ``InputDone`` (see module docstring).

    ``state`` is what the store remembers of the feed (``Store.feed_state``: ``etag``,
    ``last_modified``, ``items``, ``seen``), or None for a feed never fetched. ``known_urls`` maps
    item links to those already stored. ``client`` and ``policy`` override the HTTP client and the
    timeouts/retries/politeness (``fetch.FetchPolicy``). Never raises for network or feed trouble.
    """
    run = _Run(url)
    state = state or {}
    meta: dict[str, Any] = {}
    with Fetcher(opts, policy, client) as fetcher:
        gen = _read_feed(url, opts, state, fetcher, known_urls, run)
        while True:
            try:
                item = next(gen)
            except StopIteration as stop:
                meta = stop.value
                break
            except Exception as exc:  # a reader bug must not stop the batch
                log.exception("internal error reading feed %s", url)
                run.records += 1
                yield reject(
                    url,
                    -1,
                    "internal",
                    f"Unexpected {type(exc).__name__} while reading the feed {url}: "
                    f"{exc}. Please report it; the items read before it are kept.",
                )
                meta = {
                    "status": None,
                    "etag": None,
                    "last_modified": None,
                    "fetched_at": utc_now_iso(),
                    "error": "internal",
                    "seen": _carried_seen(state, run),
                }
                break
            run.records += 1
            yield item
    yield InputDone(url, run.records, None, meta)


def _carried_seen(state: dict[str, Any], run: _Run) -> list[str]:
    previous = [s for s in state.get("seen") or () if isinstance(s, str)]
    return list(dict.fromkeys([*run.seen, *previous]))[:MAX_REMEMBERED_LINKS]


def _conditional_headers(state: dict[str, Any]) -> dict[str, str]:
    headers = {"Accept": FEED_ACCEPT}
    if isinstance(state.get("etag"), str) and state["etag"]:
        headers["If-None-Match"] = state["etag"]
    if isinstance(state.get("last_modified"), str) and state["last_modified"]:
        headers["If-Modified-Since"] = state["last_modified"]
    return headers


def _read_feed(
    url: str, opts: Options, state: dict[str, Any], fetcher: Fetcher, known_urls: KnownUrls | None, run: _Run
) -> Generator[Document | Reject, None, dict[str, Any]]:
    fetched_at = utc_now_iso()
    res = fetcher.get(
        url, max_bytes=opts.max_input_bytes, limit_name="max_input_bytes", headers=_conditional_headers(state)
    )
    meta: dict[str, Any] = {"status": res.status, "fetched_at": fetched_at}
    if res.final_url != url:
        meta["final_url"] = res.final_url
    if res.ok and res.status == 304:
        # Nothing new: the items of the last full fetch are already stored.
        meta.update(
            etag=res.headers.get("etag") or state.get("etag"),
            last_modified=res.headers.get("last-modified") or state.get("last_modified"),
            items=state.get("items"),
            new=0,
            seen=_carried_seen(state, run),
        )
        return meta
    if not res.ok:
        yield reject(url, -1, res.error or "fetch_error", f"The feed could not be fetched: {res.message}")
        # Keep what we knew: the previous fetch's items are stored, so its validators stay valid.
        meta.update(
            etag=state.get("etag"),
            last_modified=state.get("last_modified"),
            items=state.get("items"),
            error=res.error,
            seen=_carried_seen(state, run),
        )
        return meta
    meta.update(etag=None, last_modified=None, items=0, seen=_carried_seen(state, run))
    parsed, problem = _parse(res)
    if problem is not None:
        yield reject(url, -1, problem.reason, problem.message)
        meta["error"] = problem.reason
        return meta
    assert parsed is not None
    entries = parsed.get("entries") or []
    yield from _read_entries(parsed, entries, res.final_url, url, state, opts, fetcher, known_urls, run)
    damaged = _damage_reject(parsed, len(entries), url, run)
    if damaged is not None:
        yield damaged
    _finish_meta(meta, res, len(entries), run)
    return meta


def _known_links(links: list[str | None], state: dict[str, Any], known_urls: KnownUrls | None) -> set[str]:
    """The items' http(s) links that are already stored or remembered in the feed's ``seen``."""
    http_links = [link for link in links if link and is_http_url(link)]
    remembered = {s for s in state.get("seen") or () if isinstance(s, str)}
    return (known_urls(http_links) if known_urls is not None and http_links else set()) | (
        remembered & set(http_links)
    )


def _read_entries(
    parsed: Any,
    entries: list[Any],
    base_url: str,
    url: str,
    state: dict[str, Any],
    opts: Options,
    fetcher: Fetcher,
    known_urls: KnownUrls | None,
    run: _Run,
) -> Iterator[Document | Reject]:
    """Each item not already stored, read via ``_read_item``; stored ones are counted and skipped."""
    feed_title = parsed.get("feed", {}).get("title")
    source = feed_title if isinstance(feed_title, str) else None
    links = [_entry_link(e, base_url) for e in entries]
    known = _known_links(links, state, known_urls)
    for index, (entry, link) in enumerate(zip(entries, links, strict=True)):
        if link and (link in known or link in run.seen):
            run.known += 1
            if link not in run.seen:
                run.seen.append(link)
            continue
        item = _read_item(entry, index, link, url, source, opts, fetcher, run)
        if isinstance(item, Document):
            run.docs += 1
            if link and is_http_url(link):
                run.seen.append(link)
        yield item


def _damage_reject(parsed: Any, n_entries: int, url: str, run: _Run) -> Reject | None:
    """The reject for feed XML that feedparser could only partly recover (marks the run malformed)."""
    exc = parsed.get("bozo_exception")
    if not (parsed.get("bozo") and isinstance(exc, xml.sax.SAXException)):
        return None
    run.malformed = True
    return reject(
        url,
        -1,
        "bad_feed",
        f"The feed XML is damaged ({exc}); {n_entries} item(s) were recovered, but items after the "
        "damage may be missing. It will be downloaded in full again on the next run.",
    )


def _finish_meta(meta: dict[str, Any], res: Fetched, n_entries: int, run: _Run) -> None:
    """Fill ``meta`` after a full read; validators are kept only when nothing needs retrying."""
    clean = run.transient == 0 and not run.malformed
    meta.update(
        etag=res.headers.get("etag") if clean else None,
        last_modified=res.headers.get("last-modified") if clean else None,
        items=n_entries,
        new=run.docs,
        known=run.known,
        fallbacks=run.fallbacks,
        failed=run.failed,
        seen=run.seen[:MAX_REMEMBERED_LINKS],
    )
    if not clean:
        meta["revalidate"] = "damaged feed" if run.malformed else f"{run.transient} item(s) to retry"


def _parse(res: Fetched) -> tuple[Any, _Failure | None]:
    """feedparser's result for a fetched feed body, or the reason it is not a usable feed."""
    import feedparser

    data = res.body
    where = res.final_url
    if not data.strip():
        return None, _Failure("empty", f"The feed {where} answered with an empty body.")
    if has_entity_declarations(data):
        return None, _Failure(
            "bad_feed",
            f"The feed {where} declares XML entities (<!ENTITY ...>), which can expand to gigabytes "
            "(billion-laughs attack); no real news feed needs them, so it was not parsed.",
        )
    kind = binary_kind(data)
    if kind:
        return None, _Failure("bad_feed", f"The feed {where} holds {kind}, not RSS or Atom.")
    problem = markup_problem(data)
    if problem:
        return None, _Failure("too_complex", f"The feed {where} was refused: {problem}.")
    headers = {"content-location": res.final_url}
    if res.headers.get("content-type"):
        headers["content-type"] = res.headers["content-type"]
    # A file-like object, never bytes or a string: given a string, feedparser fetches URLs and
    # opens local paths itself, and the body is text the remote host chose.
    parsed = feedparser.parse(io.BytesIO(data), response_headers=headers)
    if parsed.get("entries"):
        return parsed, None
    if parsed.get("bozo") or not parsed.get("version"):
        alternates = _alternate_feeds(data, res.final_url)
        hint = (
            f" It looks like a web page; its feed links are: {', '.join(alternates)}."
            if alternates
            else " Check that the URL is the feed itself (RSS or Atom), not a web page."
        )
        exc = parsed.get("bozo_exception")
        return None, _Failure(
            "bad_feed", f"The feed {where} could not be parsed ({exc or 'not RSS or Atom'}).{hint}"
        )
    return None, _Failure("empty", f"The feed {where} parsed but has no items.")


def _alternate_feeds(data: bytes, base: str) -> list[str]:
    """Feed URLs an HTML page advertises with ``<link rel="alternate" type="application/rss+xml">``."""
    found: list[str] = []
    for tag in _LINK_TAG.findall(data[:200_000]):
        attrs = {
            m.group(1).lower(): (m.group(2) if m.group(2) is not None else m.group(3))
            for m in _ATTR.finditer(tag)
        }
        if b"alternate" in attrs.get(b"rel", b"").lower() and attrs.get(b"type", b"").lower() in _FEED_TYPES:
            href = attrs.get(b"href", b"").decode("utf-8", "replace").strip()
            if href:
                try:
                    found.append(str(httpx.URL(base).join(href)))
                except httpx.InvalidURL:
                    continue
    return found[:5]


def _entry_link(entry: Any, base: str) -> str | None:
    link = entry.get("link")
    if not isinstance(link, str) or not link.strip():
        return None
    link = link.strip()
    if is_http_url(link) or ":" in link.split("/", 1)[0]:
        return link  # absolute (any scheme; non-http ones are refused later, with a reason)
    try:
        return str(httpx.URL(base).join(link))
    except httpx.InvalidURL:
        return link


def _text_length(content: str) -> int:
    return len(" ".join(_TAG.sub(" ", content).split()))


def _read_item(
    entry: Any,
    index: int,
    link: str | None,
    feed_url: str,
    source: str | None,
    opts: Options,
    fetcher: Fetcher,
    run: _Run,
) -> Document | Reject:
    title = entry.get("title") if isinstance(entry.get("title"), str) else None
    published = item_date(entry)
    content = item_content(entry)
    label = f"Feed item {index} ({link or title or 'no link'})"
    if link is None:
        failure = _Failure("bad_field", "it has no link to fetch")
    elif not is_http_url(link):
        failure = _Failure("fetch_error", f"its link {link!r} is not an http(s) URL; it was not followed")
    else:
        page = fetcher.get(
            link, max_bytes=opts.max_doc_chars, limit_name="max_doc_chars", headers={"Accept": PAGE_ACCEPT}
        )
        if page.ok:
            made = _page_document(page, index, feed_url, title, published, source, opts)
            if isinstance(made, Document):
                return made
            failure = made
        else:
            failure = _Failure(page.error or "fetch_error", page.message, page.retryable)
    if _text_length(content) >= opts.min_article_chars and len(content) <= opts.max_doc_chars:
        # The item's own text is a usable article: keep it rather than lose the item.
        run.fallbacks += 1
        log.info("%s: %s; using the item's own text", label, failure.message)
        return make_document(
            content.replace("\x00", ""),
            path=feed_url,
            record=index,
            kind="html" if MARKUP.search(content) else "text",
            fmt="feed",
            encoding="utf-8",
            size=len(content.encode("utf-8", "surrogatepass")),
            url=link if link and is_http_url(link) else None,
            title=title,
            published=published,
            source=source,
            crawl_date=utc_now_iso(),
        )
    run.failed += 1
    run.transient += failure.retryable
    own = "has no text of its own" if not content.strip() else "has too little text of its own"
    return reject(
        feed_url, index, failure.reason, f"{label}: {failure.message}; the item {own} to fall back on."
    )


def _charset(content_type: str) -> str | None:
    msg = Message()
    msg["content-type"] = content_type
    charset = msg.get_param("charset")
    return normalise_encoding(charset) if isinstance(charset, str) else None


def _page_document(
    page: Fetched,
    index: int,
    feed_url: str,
    title: str | None,
    published: str | None,
    source: str | None,
    opts: Options,
) -> Document | _Failure:
    """The Document of a fetched article page, or why the response is not a usable page."""
    where = page.final_url
    content_type = page.headers.get("content-type", "")
    mime = content_type.split(";", 1)[0].strip().lower()
    if page.status == 304 or not page.body.strip():
        return _Failure("empty", f"{where} answered with an empty page")
    if mime and mime not in HTML_TYPES and mime not in TEXT_TYPES:
        return _Failure("fetch_error", f"{where} is not an HTML page (Content-Type: {mime})")
    kind = binary_kind(page.body)
    if kind:
        return _Failure("binary", f"{where} holds {kind}, not an HTML page")
    try:
        text, encoding = decode_bytes(page.body, _charset(content_type) or meta_charset(page.body))
    except DecodeFailure:
        return _Failure("decode_error", f"{where} is not text in any encoding we can detect")
    if len(text) > opts.max_doc_chars:
        return _Failure(
            "too_large",
            f"{where} decodes to {len(text):,} characters, more than max_doc_chars={opts.max_doc_chars:,}",
        )
    return make_document(
        text,
        path=feed_url,
        record=index,
        kind="text" if mime in TEXT_TYPES else "html",
        fmt="feed",
        encoding=encoding,
        size=len(page.body),
        url=page.final_url,
        title=title,
        published=published,
        source=source,
        crawl_date=utc_now_iso(),
    )

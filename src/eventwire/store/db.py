"""The DuckDB store: one file, one writer, many read-only readers.

Every statement is parameterised; identifiers that vary (table names in exports) come from fixed
allow-lists, never from user input.
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from .. import __version__
from ..errors import EventwireError
from ..records import Article, Document, Reject
from .schema import MIGRATIONS, SCHEMA_VERSION, STORY_VECTOR_KIND

log = logging.getLogger(__name__)

# Tables a user may export or count; export and status code index into this, never into user text.
TABLES = (
    "documents",
    "articles",
    "article_copies",
    "rejects",
    "runs",
    "events",
    "evidence",
    "event_mentions",
    "stories",
    "story_articles",
    "manifest",
)


def now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass(slots=True)
class BatchCounts:
    documents: int = 0
    articles: int = 0
    duplicates: int = 0
    rejects: int = 0
    events: int = 0
    rejects_by_reason: dict[str, int] = field(default_factory=dict)

    def add(self, other: BatchCounts) -> None:
        self.documents += other.documents
        self.articles += other.articles
        self.duplicates += other.duplicates
        self.rejects += other.rejects
        self.events += other.events
        for k, v in other.rejects_by_reason.items():
            self.rejects_by_reason[k] = self.rejects_by_reason.get(k, 0) + v


# What DuckDB 2.0.1 raises, by exception type (the message only tells cases of one type apart):
# - IOException "Could not set lock on file ... Conflicting lock is held in EXE (PID n)": another
#   process has the file open;
# - IOException "... is not a valid DuckDB database file": no DuckDB header (another kind of file, or a
#   zeroed one);
# - IOException "Could not read enough bytes ...": the file is shorter than its own metadata (truncated);
# - duckdb.Error "Corrupt database file: computed checksum ... in block at location N": a damaged block
#   (raised as the base class), SerializationException / InternalException: undecodable metadata;
# - IOException otherwise: the OS refused (permissions, no such directory, disk full).
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (?P<exe>.+?) \(PID (?P<pid>\d+)\)")
_HOLDER_READS = "you would be able to open this database in read-only mode"
_FILE_IN_MESSAGE = re.compile(r'file "(?P<path>[^"]+)"')
# DuckDB's magic bytes sit at offset 8 of the main header.
_MAGIC = b"DUCK"


def lock_holder(exc: BaseException) -> int | None:
    """The PID DuckDB names as holding the lock in a lock-conflict error, else None."""
    if not isinstance(exc, duckdb.IOException):
        return None
    m = _LOCK_HOLDER.search(str(exc))
    return int(m.group("pid")) if m else None


def holder_only_reads(exc: BaseException) -> bool:
    """True when the process holding the lock has the file open read-only (a reader: ``eventwire serve``
    copying the store into its snapshot, ``plot``, ``status``). DuckDB then adds that a read-only open
    would succeed, which it never says when the holder writes."""
    return lock_holder(exc) is not None and _HOLDER_READS in str(exc)


def describe_process(pid: int) -> str:
    """``"eventwire serve (PID n)"``, or the command line as far as /proc tells, else ``"PID n"``."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return f"PID {pid}"
    argv = [a.decode("utf-8", "replace") for a in raw.split(b"\0") if a]
    for i, arg in enumerate(argv):
        if Path(arg).name == "eventwire" and i + 1 < len(argv):
            return f"eventwire {argv[i + 1][:20]} (PID {pid})"
    return f"PID {pid}: {' '.join(argv)[:80]}"


def _lock_error(path: str, exc: BaseException, pid: int) -> EventwireError:
    who = describe_process(pid)
    if holder_only_reads(exc):
        return EventwireError(
            "EW203",
            f"The database {path} is being read by another eventwire process, a reader ({who}; `eventwire "
            "serve` briefly opens the store to copy it into its read snapshot), and DuckDB lets no writer in "
            "meanwhile. Retry in a moment; if it persists, stop that process.",
        )
    return EventwireError(
        "EW203",
        f"The database {path} is in use by another eventwire process ({who}); DuckDB allows one writer. "
        "Wait for it to finish, or use a different --db.",
    )


def _looks_damaged(path: str) -> bool:
    """A file DuckDB calls invalid that was a DuckDB file: its magic survives, or its header is zeroed."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(4096)
    except OSError:
        return False
    return head[8:12] == _MAGIC or (len(head) == 4096 and not head.strip(b"\0"))


def damaged_store(path: str | None, detail: str) -> EventwireError:
    """EW205: the store file is damaged; what to do about it."""
    where = path or "The store"
    return EventwireError(
        "EW205",
        f"{where} is damaged ({detail}); DuckDB cannot read it and eventwire will not write into it. "
        "Restore it from a backup, or re-ingest your inputs into a new file "
        "(eventwire ingest PATH --db new.duckdb).",
    )


def classify_store_error(path: str | None, exc: BaseException) -> EventwireError:
    """Turn a DuckDB error from opening or reading the store at ``path`` into a coded error.

    ``path`` may be None when the caller does not know it; the file named in DuckDB's message is then used.
    """
    msg = str(exc)
    if path is None:
        m = _FILE_IN_MESSAGE.search(msg)
        path = m.group("path") if m else None
    label = path or "the store"
    short = msg.splitlines()[0][:240] if msg else type(exc).__name__
    if isinstance(exc, duckdb.IOException):
        pid = lock_holder(exc)
        if pid is not None:
            return _lock_error(label, exc, pid)
        if "not a valid DuckDB database file" in msg:
            if path is not None and _looks_damaged(path):
                return damaged_store(path, "its header is zeroed or overwritten")
            return EventwireError(
                "EW204",
                f"{label} is not a DuckDB database. Pass --db with an eventwire store, or a new file name.",
            )
        if "Could not read enough bytes" in msg:
            return damaged_store(path, "the file is truncated")
        return EventwireError(
            "EW201", f"Cannot open database {label}: {short}. Check the path, its permissions and free space."
        )
    if isinstance(exc, duckdb.SerializationException | duckdb.InternalException) or (
        type(exc) is duckdb.Error and msg.startswith("Corrupt database file")
    ):
        return damaged_store(path, short)
    if isinstance(exc, duckdb.CatalogException):
        return EventwireError(
            "EW204",
            f"{label} is not a complete eventwire store ({short}). Pass --db with an eventwire store.",
        )
    return EventwireError("EW201", f"Cannot read database {label}: {short}.")


# A writer that finds the store held by a reader (a server copying it into its snapshot, for as long as
# the copy takes: seconds per GB) waits this long for it before giving up with EW203.
READER_WAIT_S = 120.0
_RETRY_S = 0.25


def _connect(path: str, read_only: bool) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, coded errors; a writer waits (bounded, saying so) while a reader holds the file."""
    deadline: float | None = None
    while True:
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.Error as exc:
            if read_only or not holder_only_reads(exc):
                raise classify_store_error(path, exc) from None
            now = time.monotonic()
            if deadline is None:
                deadline = now + READER_WAIT_S
                pid = lock_holder(exc)
                log.warning(
                    "%s is being read by %s (a server copying it into its read snapshot); waiting up to %.0f s "
                    "for it to finish", path, describe_process(pid) if pid else "another process", READER_WAIT_S,
                )  # fmt: skip
            elif now >= deadline:
                raise classify_store_error(path, exc) from None
            time.sleep(_RETRY_S)


_DOCUMENT_COLUMNS = ("doc_id", "path", "record", "fmt", "url", "size", "encoding", "n_articles", "run_id",
                     "ingested_at", "crawl_date")  # fmt: skip
_ARTICLE_COLUMNS = ("article_id", "doc_id", "path", "part", "title", "outlet", "url", "published",
                    "published_precision", "published_source", "language", "text", "page_date", "run_id",
                    "ingested_at")  # fmt: skip
_COPY_COLUMNS = ("article_id", "copy_id", "doc_id", "path", "part", "outlet", "url", "published", "kind",
                 "similarity", "run_id")  # fmt: skip
_REJECT_COLUMNS = ("reject_id", "run_id", "input", "part", "doc_id", "reason", "message", "created_at")
_BULK_TABLES = frozenset({"documents", "articles", "article_copies", "rejects"})


def _bulk_insert(
    con: duckdb.DuckDBPyConnection,
    table: str,
    columns: Sequence[str],
    rows: Sequence[tuple[Any, ...]],
    *,
    or_ignore: bool = False,
) -> None:
    """Insert ``rows`` in one statement from an Arrow table (a single-row INSERT costs ~3 ms).

    ``table`` and ``columns`` come from the constants above, never from input; values travel as
    data, never as SQL text."""
    if not rows:
        return
    if table not in _BULK_TABLES:
        raise ValueError(f"not a bulk-insert table: {table}")
    import pyarrow as pa

    data = pa.table({c: [r[i] for r in rows] for i, c in enumerate(columns)})
    name = f"_ew_bulk_{table}"
    con.register(name, data)
    try:
        cols = ", ".join(columns)
        verb = "INSERT OR IGNORE" if or_ignore else "INSERT"
        con.execute(f"{verb} INTO {table} ({cols}) SELECT {cols} FROM {name}")  # noqa: S608 (constants)
    finally:
        con.unregister(name)


class Store:
    """A connection to an eventwire DuckDB file (or ``:memory:``)."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, read_only: bool):
        self.con = con
        self.path = path
        self.read_only = read_only
        self._lock = threading.RLock()

    # ------------------------------------------------------------------ open / migrate
    @classmethod
    def open(cls, path: str | Path = "eventwire.duckdb", *, read_only: bool = False) -> Store:
        path = str(path)
        if read_only and path != ":memory:" and not Path(path).exists():
            raise EventwireError(
                "EW201",
                f"No database at {path}. Run `eventwire ingest PATH --db {path}` first, or pass --db.",
            )
        if path != ":memory:" and Path(path).is_dir():
            raise EventwireError(
                "EW201", f"{path} is a directory; --db needs a file name such as eventwire.duckdb."
            )
        existing = path != ":memory:" and Path(path).exists() and Path(path).stat().st_size > 0
        con = _connect(path, read_only)
        store = cls(con, path, read_only)
        try:
            if read_only:
                store._check_version()
            else:
                if existing:
                    # Read every stored block before the first write: a damaged store is refused
                    # untouched instead of growing until a write reaches the damage.
                    store.verify_readable()
                store.migrate()
        except BaseException as exc:
            store.close()
            if isinstance(exc, duckdb.Error):
                raise classify_store_error(path, exc) from None
            raise
        return store

    def close(self) -> None:
        try:
            self.con.close()
        except duckdb.Error:
            pass

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        try:
            row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row else 0

    def verify_readable(self) -> None:
        """Read every column of every table, so DuckDB checks each stored block (raises duckdb.Error).

        Costs about what publishing the read snapshot costs (that also reads everything).
        """
        tables = [
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
                "AND schema_name = current_schema()"
            ).fetchall()
        ]
        for name in tables:
            ident = '"' + name.replace('"', '""') + '"'  # a name read from the store's catalog
            self.con.execute(f"SELECT count(hash(COLUMNS(*))) FROM {ident}").fetchall()  # noqa: S608

    def _check_version(self) -> None:
        version = self.schema_version()
        if version == 0:
            raise EventwireError("EW204", f"{self.path} is not an eventwire store (no schema version).")
        if version > SCHEMA_VERSION:
            raise EventwireError(
                "EW202",
                f"{self.path} has schema version {version} but this eventwire knows {SCHEMA_VERSION}. "
                "Upgrade eventwire (pip install -U eventwire).",
            )

    def migrate(self) -> int:
        """Apply missing migrations; return the resulting schema version."""
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            self._check_version()
        if version == SCHEMA_VERSION:
            return version
        with self.transaction():
            for stmts in MIGRATIONS[version:]:
                for sql in stmts:
                    self.con.execute(sql)
            if version == 0:
                # a new store: every story vector it will hold is of this release's kind (an older store
                # has no key and gets its vectors recomputed: merge.refresh_story_vectors)
                self.con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('story_vector_kind', ?)", [STORY_VECTOR_KIND]
                )
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )
            self.con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('created_by', ?)", [f"eventwire {__version__}"]
            )
        return SCHEMA_VERSION

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self._lock:
            self.con.execute("BEGIN TRANSACTION")
            try:
                yield self.con
            except BaseException:
                self.con.execute("ROLLBACK")
                raise
            else:
                self.con.execute("COMMIT")

    # ------------------------------------------------------------------ runs
    def begin_run(self, command: str, inputs: Sequence[str], options: dict[str, Any]) -> str:
        """Record a new run as ``running``. This process holds the only write connection, so a run
        still ``running`` was killed: it becomes ``interrupted`` (its ``ended_at`` stays empty)."""
        run_id = f"{now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"
        self.con.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
        self.con.execute(
            "INSERT INTO runs (run_id, command, version, started_at, status, inputs, options) "
            "VALUES (?, ?, ?, ?, 'running', ?, ?)",
            [run_id, command, __version__, now(), json.dumps(list(inputs)), json.dumps(options, default=str)],
        )
        return run_id

    def end_run(
        self, run_id: str, counts: BatchCounts, *, files: int, stories: int = 0, status: str = "done"
    ) -> None:
        self.con.execute(
            "UPDATE runs SET ended_at = ?, status = ?, files = ?, documents = ?, articles = ?, duplicates = ?, "
            "rejects = ?, events = ?, stories = ?, rejects_by_reason = ? WHERE run_id = ?",
            [
                now(),
                status,
                files,
                counts.documents,
                counts.articles,
                counts.duplicates,
                counts.rejects,
                counts.events,
                stories,
                json.dumps(counts.rejects_by_reason),
                run_id,
            ],
        )

    # ------------------------------------------------------------------ ingest writes
    def known_doc_ids(self, doc_ids: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(doc_ids))
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT doc_id FROM documents WHERE list_contains(?, doc_id)", [ids]
        ).fetchall()
        return {r[0] for r in rows}

    def known_article_ids(self, article_ids: Iterable[str]) -> set[str]:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return set()
        rows = self.con.execute(
            "SELECT article_id FROM articles WHERE list_contains(?, article_id)", [ids]
        ).fetchall()
        return {r[0] for r in rows}

    def write_document(
        self,
        con: duckdb.DuckDBPyConnection,
        doc: Document,
        articles: Sequence[Article],
        run_id: str,
        counts: BatchCounts,
    ) -> list[Article]:
        """Insert a document and its articles inside the caller's transaction.

        Returns the articles that are new to the store; an article whose id is already stored is
        recorded in ``article_copies`` (an exact copy: another mention of the story) instead.
        """
        return self.write_documents(con, [(doc, articles)], run_id, counts)[0]

    def write_documents(
        self,
        con: duckdb.DuckDBPyConnection,
        items: Sequence[tuple[Document, Sequence[Article]]],
        run_id: str,
        counts: BatchCounts,
    ) -> list[list[Article]]:
        """``write_document`` for a whole batch, in three bulk inserts (documents, articles, copies)
        instead of a statement per row; returns each document's articles new to the store."""
        ts = now()
        known = self.known_article_ids(a.article_id for _, arts in items for a in arts)
        docs, arts_rows, copies, fresh_lists = [], [], [], []
        for doc, articles in items:
            docs.append((doc.doc_id, doc.path, doc.record, doc.fmt, doc.url, doc.size, doc.encoding,
                         len(articles), run_id, ts, doc.crawl_date))  # fmt: skip
            counts.documents += 1
            fresh: list[Article] = []
            for art in articles:
                if art.article_id in known:
                    copies.append((art.article_id, art.article_id, art.doc_id, art.path, art.part, art.outlet,
                                   art.url, art.published, "exact", 1.0, run_id))  # fmt: skip
                    counts.duplicates += 1
                    continue
                known.add(art.article_id)
                arts_rows.append((art.article_id, art.doc_id, art.path, art.part, art.title, art.outlet, art.url,
                                  art.published, art.published_precision, art.published_source, art.language,
                                  art.text, art.page_date, run_id, ts))  # fmt: skip
                counts.articles += 1
                fresh.append(art)
            fresh_lists.append(fresh)
        _bulk_insert(con, "documents", _DOCUMENT_COLUMNS, docs, or_ignore=True)
        _bulk_insert(con, "articles", _ARTICLE_COLUMNS, arts_rows)
        _bulk_insert(con, "article_copies", _COPY_COLUMNS, copies, or_ignore=True)
        return fresh_lists

    def write_rejects(
        self, con: duckdb.DuckDBPyConnection, rejects: Sequence[Reject], run_id: str, counts: BatchCounts
    ) -> None:
        """``write_reject`` for a whole batch, in one bulk insert."""
        ts = now()
        rows: dict[str, tuple[Any, ...]] = {}
        for rej in rejects:
            # the first of two identical rejects wins, as with one INSERT OR IGNORE per row
            rows.setdefault(
                rej.reject_id,
                (rej.reject_id, run_id, rej.input, rej.part, rej.doc_id, rej.reason, rej.message, ts),
            )
            counts.rejects += 1
            counts.rejects_by_reason[rej.reason] = counts.rejects_by_reason.get(rej.reason, 0) + 1
        _bulk_insert(con, "rejects", _REJECT_COLUMNS, list(rows.values()), or_ignore=True)

    def write_reject(
        self, con: duckdb.DuckDBPyConnection, rej: Reject, run_id: str, counts: BatchCounts
    ) -> None:
        self.write_rejects(con, [rej], run_id, counts)

    def write_manifest(
        self,
        con: duckdb.DuckDBPyConnection,
        path: str,
        kind: str,
        expected: int | None,
        ingested: int,
        rejected: int,
        duplicates: int,
        status: str,
        fingerprint: str | None,
        meta: dict[str, Any],
        *,
        run_id: str,
    ) -> None:
        """Upsert one input's manifest row (counts are this run's running totals)."""
        con.execute(
            "INSERT OR REPLACE INTO manifest (input, kind, expected, ingested, rejected, duplicates, status, "
            "fingerprint, meta, updated_run, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                path,
                kind,
                expected,
                ingested,
                rejected,
                duplicates,
                status,
                fingerprint,
                json.dumps(meta),
                run_id,
                now(),
            ],
        )

    def write_manifests(
        self, con: duckdb.DuckDBPyConnection, rows: Sequence[tuple[Any, ...]], *, run_id: str
    ) -> None:
        """Upsert many inputs' manifest rows (each the arguments of ``write_manifest`` before ``run_id``, one row
        per input) in one statement: DuckDB runs ``executemany`` row by row."""
        if len(rows) <= 1:
            for row in rows:
                self.write_manifest(con, *row, run_id=run_id)
            return
        cols = [list(c) for c in zip(*rows, strict=True)]
        cols[8] = [json.dumps(m) for m in cols[8]]
        con.execute(
            "INSERT OR REPLACE INTO manifest (input, kind, expected, ingested, rejected, duplicates, status, "
            "fingerprint, meta, updated_run, updated_at) SELECT unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), "
            "unnest(?::INTEGER[]), unnest(?::INTEGER[]), unnest(?::INTEGER[]), unnest(?::INTEGER[]), "
            "unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), unnest(?::VARCHAR[]), ?, ?",
            [*cols, run_id, now()],
        )

    def complete_inputs(self) -> dict[str, str | None]:
        """Inputs recorded as complete, with their fingerprints."""
        rows = self.con.execute(
            "SELECT input, fingerprint FROM manifest WHERE status = 'complete'"
        ).fetchall()
        return {r[0]: r[1] for r in rows}

    # ------------------------------------------------------------------ feeds over HTTP
    def write_feed_state(
        self, con: duckdb.DuckDBPyConnection, url: str, meta: dict[str, Any], run_id: str
    ) -> None:
        """Upsert a feed URL's conditional-GET state from its ``InputDone.meta`` (see
        ``ingest.feeds_http``), inside the transaction that commits the feed's last items."""
        fetched = meta.get("fetched_at")
        try:
            last_fetched = datetime.fromisoformat(str(fetched).replace("Z", "+00:00")).replace(tzinfo=None)
        except ValueError:
            last_fetched = now()
        items = meta.get("items")
        con.execute(
            "INSERT OR REPLACE INTO feed_state (url, etag, last_modified, last_status, last_fetched, items) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [
                url,
                meta.get("etag"),
                meta.get("last_modified"),
                meta.get("status"),
                last_fetched,
                items if isinstance(items, int) else None,
            ],
        )

    def feed_state(self, url: str) -> dict[str, Any] | None:
        """What the store remembers of a feed URL: ``etag``, ``last_modified``, ``last_status``,
        ``last_fetched``, ``items`` (table feed_state) and ``seen`` (stored item links, from the
        feed's complete manifest row); None for a feed never read to the end."""
        with self._lock:
            row = self.con.execute(
                "SELECT etag, last_modified, last_status, last_fetched, items FROM feed_state WHERE url = ?",
                [url],
            ).fetchone()
            if row is None:
                return None
            man = self.con.execute(
                "SELECT meta FROM manifest WHERE input = ? AND status = 'complete'", [url]
            ).fetchone()
        meta = json.loads(man[0]) if man and man[0] else {}
        seen = meta.get("seen") if isinstance(meta, dict) else None
        return {
            "etag": row[0],
            "last_modified": row[1],
            "last_status": row[2],
            "last_fetched": row[3],
            "items": row[4],
            "seen": seen if isinstance(seen, list) else [],
        }

    def known_urls(self, urls: Iterable[str]) -> set[str]:
        """The given URLs that a stored document, article or article copy already has."""
        wanted = list(dict.fromkeys(u for u in urls if u))
        if not wanted:
            return set()
        with self._lock:
            rows = self.con.execute(
                "SELECT url FROM documents WHERE list_contains($1, url) "
                "UNION SELECT url FROM articles WHERE list_contains($1, url) "
                "UNION SELECT url FROM article_copies WHERE list_contains($1, url)",
                [wanted],
            ).fetchall()
        return {r[0] for r in rows}

    # ------------------------------------------------------------------ reads
    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a parameterised read and return rows as dicts."""
        with self._lock:
            cur = self.con.execute(sql, list(params or []))
            cols = [d[0] for d in cur.description] if cur.description else []
            return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]

    def count(self, table: str) -> int:
        if table not in TABLES:
            raise EventwireError("EW101", f"Unknown table {table!r}; known: {', '.join(TABLES)}.")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # noqa: S608 (allow-listed)

"""Read snapshots: a consistent copy of the store that readers use while an ingest writes.

DuckDB allows one writing process and, while it writes, no reader from another process (a
read-only open fails with "Could not set lock on file"). So the API never reads the main file for
long: the writer publishes ``<db>.snapshot`` after it commits (``publish_snapshot``), built in a
temporary file with ``COPY FROM DATABASE`` and moved into place with ``os.replace``, which is atomic
on POSIX. A reader (``SnapshotReader``) opens the snapshot read-only and switches to a newer one
when the file changes; connections it still has open keep reading the old, unlinked file until
their last request finishes. Readers never see a half-written state, and an ingest never waits for
a reader of the snapshot. When a server copies the main file itself (``snapshot_from_main``: no
snapshot yet, or the writer failed to publish), a writer starting meanwhile waits for the copy
(``store.db.READER_WAIT_S``).

The snapshot is attached to a fresh in-memory DuckDB instance rather than opened with
``duckdb.connect(path)``: DuckDB caches database instances by path within a process, so a second
``connect`` to the same path after ``os.replace`` would hand back the old, replaced file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb

from ..errors import EventwireError
from .db import Store, classify_store_error, lock_holder
from .schema import SCHEMA_VERSION

log = logging.getLogger(__name__)

SNAPSHOT_SUFFIX = ".snapshot"
# How often a reader looks at the snapshot's mtime. One stat() per second is free, and a second of
# staleness is invisible next to an ingest that commits a batch every few seconds.
CHECK_INTERVAL_S = 1.0
# A reader rebuilds the snapshot itself from the main file only when the main file is this much
# newer than the snapshot (so a writer that forgot to publish is caught up, but the checkpoint a
# writer makes when it closes, seconds after publishing, does not trigger a needless copy) ...
STALE_GRACE_S = 10.0
# ... and only once the main file has been quiet this long, so the brief read-only open needed for
# the copy is unlikely to collide with an ingest that is starting (which would fail with EW203).
QUIET_S = 5.0


# Memory one reader instance may use for query processing. DuckDB's default (80% of RAM per
# instance) is meant for a process that owns the machine; a server keeps a bounded footprint, and two
# instances are briefly alive while it switches snapshots. 2 GB aggregates tens of millions of events.
READER_MEMORY_LIMIT = "2GB"
# Indexes that only readers need, added to every snapshot (the writer's file stays as the schema
# defines it). An ART index on evidence.event_id turns the evidence lookup of a 50-event page
# from a scan of every evidence row (~20 ms at 170,000 rows) into an index join (~3 ms).
READ_INDEXES = (
    "CREATE INDEX IF NOT EXISTS snap_evidence_event ON eventwire_snap.evidence(event_id)",
    "CREATE INDEX IF NOT EXISTS snap_story_articles_story ON eventwire_snap.story_articles(story_id)",
    "CREATE INDEX IF NOT EXISTS snap_copies_article ON eventwire_snap.article_copies(article_id)",
)


def snapshot_path(db: str | Path) -> Path:
    """The snapshot file that belongs to store ``db`` (a sibling named ``<db>.snapshot``)."""
    return Path(str(db) + SNAPSHOT_SUFFIX)


def _quote_ident(name: str) -> str:
    # Catalog names come from the file name (DuckDB derives them); quote so any name is safe SQL.
    return '"' + name.replace('"', '""') + '"'


def _tmp_path(target: Path) -> Path:
    return target.with_name(f"{target.name}.tmp-{os.getpid()}-{threading.get_ident()}")


def _process_start(pid: int) -> float | None:
    """When process ``pid`` started (epoch seconds), from /proc; None where /proc cannot tell."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        boot = next(
            float(line.split()[1])
            for line in Path("/proc/stat").read_text().splitlines()
            if line.startswith("btime ")
        )
        ticks = int(stat.rsplit(")", 1)[1].split()[19])  # field 22, counted after the command name
    except (OSError, StopIteration, ValueError, IndexError):
        return None
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def _creator_alive(pid: int, mtime: float) -> bool:
    """Whether the process that wrote a temp file (named after its PID) may still be writing it."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        pass  # exists, owned by someone else
    started = _process_start(pid)
    # A PID reused by a process that started after the file was last written is not its creator.
    return started is None or started <= mtime + 1.0


def remove_stale_tmp(target: Path) -> list[Path]:
    """Delete temporary snapshot files of ``target`` left by processes that are gone (a killed serve or
    ingest); files of a live process are kept. Returns what was removed."""
    removed = []
    prefix = f"{target.name}.tmp-"
    try:
        candidates = [p for p in target.parent.iterdir() if p.name.startswith(prefix)]
    except OSError:
        return removed
    for path in candidates:
        pid_text = path.name[len(prefix) :].split("-", 1)[0]
        if not pid_text.isdigit():
            continue
        try:
            mtime = path.stat().st_mtime
        except FileNotFoundError:
            continue
        if _creator_alive(int(pid_text), mtime):
            continue
        try:
            path.unlink()
        except OSError:
            continue
        removed.append(path)
    if removed:
        log.info("removed %d stale temporary snapshot file(s) next to %s", len(removed), target)
    return removed


def _can_write_in(directory: Path) -> bool:
    """Whether new files can be created in ``directory`` (tried, not guessed from the mode bits)."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".eventwire-probe-", dir=directory)
    except OSError:
        return False
    os.close(fd)
    os.unlink(probe)
    return True


def private_snapshot_path(db: str | Path) -> Path:
    """Where a server keeps its own snapshot of a store whose directory it cannot write: a directory
    of the user's own under the system temp dir (mode 0700), one file per store path.

    Raises EventwireError EW201 when that directory cannot be made either.
    """
    real = os.path.realpath(str(db))
    digest = hashlib.sha256(real.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    base = Path(tempfile.gettempdir()) / f"eventwire-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
    try:
        base.mkdir(mode=0o700, exist_ok=True)
        st = base.stat()
        if hasattr(os, "getuid") and (st.st_uid != os.getuid() or st.st_mode & 0o077):
            raise PermissionError(f"{base} belongs to another user or is open to others")
        if not _can_write_in(base):
            raise PermissionError(f"{base} is not writable")
    except OSError as exc:
        raise EventwireError(
            "EW201",
            f"The directory of {db} is read-only, so the server keeps its read snapshot in {base}, which it "
            f"cannot use ({exc}). Set TMPDIR to a writable directory of yours, or copy the store somewhere "
            "writable.",
        ) from None
    return base / f"{Path(real).name}-{digest}{SNAPSHOT_SUFFIX}"


def _remove(path: Path) -> None:
    for p in (path, Path(str(path) + ".wal")):
        try:
            p.unlink()
        except FileNotFoundError:
            pass


def _copy_to(con: duckdb.DuckDBPyConnection, source_catalog: str, target: Path) -> Path:
    """Copy every table of ``source_catalog`` into a new file and move it over ``target`` atomically."""
    tmp = _tmp_path(target)
    _remove(tmp)
    try:
        con.execute("ATTACH ? AS eventwire_snap", [str(tmp)])
        try:
            con.execute(f"COPY FROM DATABASE {_quote_ident(source_catalog)} TO eventwire_snap")
            for sql in READ_INDEXES:
                con.execute(sql)
            # Checkpoint so the file is complete on its own: the .wal is not moved with it.
            con.execute("CHECKPOINT eventwire_snap")
        finally:
            con.execute("DETACH eventwire_snap")
        os.replace(tmp, target)
    finally:
        _remove(tmp)
    return target


def _copy_error(db: str, target: Path, exc: BaseException) -> EventwireError:
    """A failed snapshot copy: EW205 when the store could not be read, else EW206 (the copy could not be
    written: disk full, a read-only directory)."""
    if isinstance(exc, duckdb.Error):
        err = classify_store_error(db, exc)
        if err.code == "EW205":
            return err
    reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
    return EventwireError(
        "EW206",
        f"Could not write the read snapshot {target} ({reason}). What is committed in {db} is safe; the "
        "server keeps answering from the previous snapshot and /health reports it stale. Free disk space "
        "(the snapshot needs about as much as the store), then run the ingest again (it skips what is "
        "stored) or restart `eventwire serve`.",
    )


def publish_snapshot(store: Store) -> Path:
    """Publish a consistent read snapshot of ``store`` (call it after a commit, outside a transaction).

    Returns the snapshot path. Runs on the writer's own connection, so it sees exactly what the
    writer has committed and takes no lock that an ingest could wait on. Raises EventwireError EW206
    when the snapshot cannot be written (disk full), EW205 when the store cannot be read.
    """
    if store.path == ":memory:":
        raise EventwireError(
            "EW201", "An in-memory store has no file to snapshot; open a store file with --db."
        )
    target = snapshot_path(store.path)
    remove_stale_tmp(target)
    with store._lock:  # noqa: SLF001 - the store's own lock serialises use of its connection
        catalog = store.con.execute("SELECT current_database()").fetchone()[0]
        t0 = time.perf_counter()
        # The copy of a large store takes seconds; DuckDB would draw a progress bar over the
        # ingest's own output.
        store.con.execute("SET enable_progress_bar = false")
        try:
            _copy_to(store.con, catalog, target)
        except (duckdb.Error, OSError) as exc:
            raise _copy_error(store.path, target, exc) from None
        finally:
            store.con.execute("RESET enable_progress_bar")
    log.info("published snapshot %s in %.2fs", target, time.perf_counter() - t0)
    return target


def maybe_publish(store: Store, min_interval_s: float = 60.0) -> Path | None:
    """Publish a snapshot if the last one is older than ``min_interval_s`` (for long ingests).

    Returns the path when it published, else None. Cheap to call after every batch.
    """
    target = snapshot_path(store.path)
    try:
        age = time.time() - target.stat().st_mtime
    except FileNotFoundError:
        age = float("inf")
    if age < min_interval_s:
        return None
    return publish_snapshot(store)


def _memory_connection() -> duckdb.DuckDBPyConnection:
    # A server prints nothing to the terminal per query: no progress bar on long copies.
    con = duckdb.connect(":memory:")
    con.execute("SET enable_progress_bar = false")
    con.execute("SET memory_limit = ?", [READER_MEMORY_LIMIT])
    return con


def snapshot_from_main(db: str | Path, target: Path | None = None) -> Path:
    """Build the snapshot of ``db`` (at ``target``, by default ``<db>.snapshot``) from a brief
    read-only open of the main file.

    Raises EventwireError EW203 when an ingest holds the file (DuckDB refuses the open at once,
    without waiting), EW201 when there is no store at ``db``, EW205 when it is damaged and EW206
    when the copy cannot be written.
    """
    db = str(db)
    target = target or snapshot_path(db)
    if not Path(db).exists():
        raise EventwireError(
            "EW201", f"No database at {db}. Run `eventwire ingest PATH --db {db}` first, or pass --db."
        )
    con = _memory_connection()
    try:
        try:
            con.execute("ATTACH ? AS eventwire_main (READ_ONLY)", [db])
        except duckdb.Error as exc:
            pid = lock_holder(exc)
            if pid is not None:
                raise EventwireError(
                    "EW203",
                    # No process details: this message reaches API clients.
                    f"{db} is being written by an ingest and has no snapshot yet; the "
                    "API can serve it when the ingest finishes (or publishes a snapshot). Retry in a moment.",
                ) from None
            raise classify_store_error(db, exc) from None
        try:
            _check_store(con, "eventwire_main", db)
            _copy_to(con, "eventwire_main", target)
            con.execute("DETACH eventwire_main")
        except (duckdb.Error, OSError) as exc:
            raise _copy_error(db, target, exc) from None
    finally:
        con.close()
    return target


def _check_store(con: duckdb.DuckDBPyConnection, catalog: str, label: str) -> None:
    try:
        # catalog is one of this module's fixed attach names, never user text
        row = con.execute(f"SELECT value FROM {catalog}.meta WHERE key = 'schema_version'").fetchone()  # noqa: S608
    except duckdb.CatalogException:
        row = None
    if not row:
        raise EventwireError("EW204", f"{label} is not an eventwire store (no schema version).")
    if int(row[0]) > SCHEMA_VERSION:
        raise EventwireError(
            "EW202",
            f"{label} has schema version {row[0]} but this eventwire knows {SCHEMA_VERSION}. "
            "Upgrade eventwire (pip install -U eventwire).",
        )


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return None


def _identity(path: Path) -> tuple[int, int] | None:
    # inode + nanosecond mtime: os.replace gives a new inode, so two publishes within one clock tick
    # are still told apart.
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns


class _Generation:
    """One opened snapshot file, with a count of the requests still reading it."""

    __slots__ = ("con", "identity", "mtime", "opened_at", "users", "retired", "number")

    def __init__(self, con: duckdb.DuckDBPyConnection, identity: tuple[int, int], number: int):
        self.con = con
        self.identity = identity
        self.mtime = identity[1] / 1e9
        self.opened_at = time.time()
        self.users = 0
        self.retired = False
        self.number = number


class SnapshotReader:
    """Serve reads from the latest snapshot of ``db``; thread-safe, one cursor per request.

    ``with reader.cursor() as cur: cur.execute(...)``. The reader looks for a newer snapshot at
    most every ``CHECK_INTERVAL_S`` and switches to it; a generation it has left is closed when its
    last request ends. With no snapshot yet it makes one from the main file if no ingest holds it.
    """

    def __init__(self, db: str | Path, *, refresh_from_main: bool = True):
        self.db = str(db)
        self.path = snapshot_path(self.db)
        self.refresh_from_main = refresh_from_main
        self._lock = threading.Lock()
        self._current: _Generation | None = None
        self._generations = 0
        self._last_check = 0.0
        self._rebuilding: threading.Thread | None = None
        # The last failed attempt to make a newer snapshot (EW206 disk full, EW205 damaged, ...), and when.
        self.last_error: EventwireError | None = None
        self.last_error_at: float | None = None
        if not Path(self.db).exists() and not self.path.exists():
            raise EventwireError(
                "EW201",
                f"No database at {self.db}. Run `eventwire ingest PATH --db {self.db}` first, or pass --db.",
            )
        if refresh_from_main and Path(self.db).exists() and not _can_write_in(self.path.parent):
            # A store in a read-only directory: no ingest can write it (DuckDB needs the directory
            # for its WAL), and the server cannot put a snapshot next to it, so it keeps its own.
            self.path = private_snapshot_path(self.db)
            log.info("%s is in a read-only directory; serving from a private snapshot %s", self.db, self.path)
        remove_stale_tmp(self.path)

    # ------------------------------------------------------------------ public
    @contextmanager
    def cursor(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """A cursor on the current snapshot, valid for the ``with`` block (one request)."""
        gen = self._acquire()
        cur = gen.con.cursor()
        try:
            cur.execute("USE eventwire_snap")
            yield cur
        finally:
            try:
                cur.close()
            finally:
                self._release(gen)

    def info(self) -> dict[str, object]:
        """What the reader serves: snapshot path, its age, generation number, and whether it is current.

        ``status`` is ``"stale"`` when the main store changed more than ``STALE_GRACE_S`` after the
        served snapshot was made (``behind_s`` says by how much): the counts then lag the store. A
        failed attempt to refresh it is in ``snapshot_error``.
        """
        gen = self._acquire()
        try:
            main = self._main_mtime()
            behind = None if main is None else main - gen.mtime
            stale = behind is not None and behind > STALE_GRACE_S
            error = self.last_error
            return {
                "status": "stale" if stale else "ok",
                "snapshot": str(self.path),
                "snapshot_mtime": gen.mtime,
                "snapshot_age_s": round(max(0.0, time.time() - gen.mtime), 3),
                "behind_s": round(behind, 3) if stale and behind is not None else None,
                "snapshot_error": f"{error.code}: {error.message}" if stale and error is not None else None,
                "generation": gen.number,
            }
        finally:
            self._release(gen)

    def generation(self) -> int:
        """Number of the snapshot now served; it changes whenever a newer snapshot is opened."""
        gen = self._acquire()
        self._release(gen)
        return gen.number

    def close(self) -> None:
        """Close the current generation (call at shutdown)."""
        with self._lock:
            gen, self._current = self._current, None
            if gen is not None:
                gen.retired = True
                if gen.users == 0:
                    gen.con.close()

    # ------------------------------------------------------------------ internals
    def _acquire(self) -> _Generation:
        with self._lock:
            now = time.time()
            if self._current is None or now - self._last_check >= CHECK_INTERVAL_S:
                self._last_check = now
                self._refresh()
            gen = self._current
            assert gen is not None
            gen.users += 1
            return gen

    def _release(self, gen: _Generation) -> None:
        with self._lock:
            gen.users -= 1
            if gen.retired and gen.users == 0:
                gen.con.close()

    def _refresh(self) -> None:
        """Switch to a newer snapshot if there is one (called with the lock held)."""
        if self._identity_or_rebuild() is None:
            # No snapshot at all: the first request has to wait for one.
            snapshot_from_main(self.db, self.path)
        ident = _identity(self.path)
        if ident is None:
            raise EventwireError("EW201", f"No snapshot of {self.db} could be made.")
        if self._current is not None and self._current.identity == ident:
            return
        new = self._open(ident)
        old, self._current = self._current, new
        if old is not None:
            old.retired = True
            if old.users == 0:
                old.con.close()

    def _identity_or_rebuild(self) -> tuple[int, int] | None:
        """The snapshot's identity; starts a background rebuild when the main file is clearly newer."""
        ident = _identity(self.path)
        if ident is None or not self.refresh_from_main or not self._main_is_newer(ident[1] / 1e9):
            return ident
        if self._rebuilding is None or not self._rebuilding.is_alive():
            # Requests keep reading the current snapshot while the copy runs.
            self._rebuilding = threading.Thread(target=self._rebuild, name="eventwire-snapshot", daemon=True)
            self._rebuilding.start()
        return ident

    def _rebuild(self) -> None:
        """Background refresh; never dies with an exception: a failure is kept for /health."""
        try:
            snapshot_from_main(self.db, self.path)
        except EventwireError as exc:
            self._note_error(exc)
        except Exception as exc:  # noqa: BLE001 - a thread must not die silently
            self._note_error(EventwireError("EW206", f"Could not refresh the read snapshot: {exc}."))
        else:
            self.last_error = self.last_error_at = None

    def _note_error(self, exc: EventwireError) -> None:
        self.last_error, self.last_error_at = exc, time.time()
        if exc.code == "EW203":  # an ingest started meanwhile: keep the snapshot we have
            log.info("snapshot refresh skipped: %s", exc.message)
        else:
            log.warning(
                "snapshot refresh failed, still serving the previous snapshot: %s: %s", exc.code, exc.message
            )

    def _main_mtime(self) -> float | None:
        return max((m for m in (_mtime(Path(self.db)), _mtime(Path(self.db + ".wal"))) if m is not None),
                   default=None)  # fmt: skip

    def _main_is_newer(self, snap_mtime: float | None) -> bool:
        main = self._main_mtime()
        if main is None:
            return False
        if snap_mtime is None:
            return True
        return main > snap_mtime + STALE_GRACE_S and time.time() - main > QUIET_S

    def _open(self, identity: tuple[int, int]) -> _Generation:
        con = _memory_connection()
        try:
            con.execute("ATTACH ? AS eventwire_snap (READ_ONLY)", [str(self.path)])
            _check_store(con, "eventwire_snap", str(self.path))
        except duckdb.Error as exc:
            con.close()
            err = classify_store_error(str(self.path), exc)
            raise EventwireError(err.code, f"Cannot open the read snapshot: {err.message}") from None
        except EventwireError:
            con.close()
            raise
        self._generations += 1
        return _Generation(con, identity, self._generations)

"""One options object: shipped defaults, then a user config file, then environment, then CLI flags.

``Options.load(config_path, **flags)`` is the only way commands build it, so every setting has one
name everywhere (TOML key, ``EVENTWIRE_<NAME>`` variable, ``--name`` flag).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import EventwireError

DEFAULT_DB = "eventwire.duckdb"


@dataclass(slots=True)
class Options:
    # --- store
    db: str = DEFAULT_DB
    # --- ingest limits (bad input is rejected with a reason, never crashes the batch)
    # 50 MB: far above any news article or day-sized JSONL shard we have seen, small enough that a
    # stray video or disk image is refused before it is read into memory.
    max_input_bytes: int = 50_000_000
    # Cap on the decoded size of one document (an HTML page or a JSONL record). The largest page in
    # the extraction benchmark is 1.4 MB of HTML; 5 MB leaves head-room without letting a 1 GB
    # single-line file be parsed.
    max_doc_chars: int = 5_000_000
    # gzip inputs may expand at most this many bytes (bounded decompression against gzip bombs).
    max_decompressed_bytes: int = 200_000_000
    # Articles shorter than this are rejected as `too_short`: below ~200 characters a "story" is a
    # teaser or caption, not a report an event can be coded from.
    min_article_chars: int = 200
    # ... unless the short text is a report of its own: complete sentences of at least this many words, ending
    # on a full stop (a one-sentence wire item: "Staunton police on Friday arrested a 60-year-old woman in the
    # 1967 killings of two young women at a local ice cream stand."), with no teaser or caption wording and at
    # least SHORT_REPORT_CHARS characters (clean.short_report). 0 turns the exception off.
    short_report_words: int = 10
    # Read files reached through a symbolic link that points outside a directory given as input
    # (otherwise an `outside_link` reject): off, so a planted link cannot pull in any readable file.
    follow_symlinks: bool = False
    # Per-document processing time limit in seconds (`timeout` reject) for the worker pool.
    doc_timeout: float = 60.0
    # Documents per transaction: a crash loses at most this many documents of work.
    batch_size: int = 32
    workers: int = 1
    engine: str = "local"  # local | ray
    ray_address: str | None = None
    language: str = "en"
    # --- coding
    # Events with overall confidence below this are stored but hidden from default views.
    min_confidence: float = 0.0
    # --- paths
    datasets: str | None = None  # evaluation data root (default ../shared/datasets from repo root)
    user_agent: str = "eventwire/0.1 (+https://github.com/eventwire/eventwire)"

    @classmethod
    def load(cls, config: str | Path | None = None, **flags: Any) -> Options:
        """Defaults <- config file (TOML) <- EVENTWIRE_* environment <- non-None CLI flags."""
        opts = cls()
        path = config or os.environ.get("EVENTWIRE_CONFIG")
        if path:
            opts = opts.merge(_read_toml(Path(path)), origin=str(path))
        env = {}
        for f in fields(cls):
            val = os.environ.get(f"EVENTWIRE_{f.name.upper()}")
            if val is not None:
                env[f.name] = val
        opts = opts.merge(env, origin="environment")
        return opts.merge({k: v for k, v in flags.items() if v is not None}, origin="command line")

    def merge(self, values: dict[str, Any], origin: str = "") -> Options:
        known = {f.name: f for f in fields(self)}
        changes: dict[str, Any] = {}
        for key, val in values.items():
            key = key.replace("-", "_")
            if key not in known:
                raise EventwireError(
                    "EW105",
                    f"Unknown setting {key!r} in {origin}. Known settings: {', '.join(sorted(known))}.",
                )
            changes[key] = _coerce(key, val, getattr(self, key), origin)
        new = replace(self, **changes)
        new.validate()
        return new

    def validate(self) -> None:
        if self.workers < 1:
            raise EventwireError("EW101", f"--workers must be >= 1, got {self.workers}.")
        if self.batch_size < 1:
            raise EventwireError("EW101", f"batch_size must be >= 1, got {self.batch_size}.")
        if self.engine not in ("local", "ray"):
            raise EventwireError("EW101", f"--engine must be 'local' or 'ray', got {self.engine!r}.")
        for name in ("max_input_bytes", "max_doc_chars", "max_decompressed_bytes"):
            if getattr(self, name) <= 0:
                raise EventwireError("EW101", f"{name} must be positive.")
        if not 0.0 <= self.min_confidence <= 1.0:
            raise EventwireError("EW101", "min_confidence must be between 0 and 1.")


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise EventwireError("EW105", f"Config file {path} does not exist.") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise EventwireError("EW105", f"Config file {path} is not valid TOML: {exc}.") from None
    return dict(data.get("eventwire", data))


def _coerce(key: str, val: Any, current: Any, origin: str) -> Any:
    if val is None or isinstance(current, str | type(None)) and isinstance(val, str):
        return val
    try:
        if isinstance(current, bool):
            return val if isinstance(val, bool) else str(val).lower() in ("1", "true", "yes", "on")
        if isinstance(current, int):
            return int(val)
        if isinstance(current, float):
            return float(val)
    except (TypeError, ValueError):
        raise EventwireError(
            "EW101", f"Setting {key}={val!r} from {origin} is not a {type(current).__name__}."
        ) from None
    return val

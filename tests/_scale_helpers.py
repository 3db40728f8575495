"""Helpers shared by the scale tests (Ray engine, resume, status, bench): store snapshots for
equality checks and a generated corpus of invented news files."""

from __future__ import annotations

import json
import os
from pathlib import Path

from eventwire.store import TABLES, Store

# Tables whose rows must be identical between two runs on the same input (run bookkeeping and the
# manifest's per-run counts differ by design).
DATA_TABLES = [t for t in TABLES if t not in ("runs", "manifest")]
VOLATILE_COLUMNS = ("run_id", "ingested_at", "created_at", "first_run", "updated_run")


def snapshot(db: str) -> dict[str, list[tuple]]:
    """All rows of every data table, minus run bookkeeping columns, sorted: for equality checks."""
    out = {}
    with Store.open(db, read_only=True) as s:
        for table in DATA_TABLES:
            cur = s.con.execute(f"SELECT * FROM {table}")  # noqa: S608 (allow-listed)
            cols = [d[0] for d in cur.description]
            keep = [i for i, c in enumerate(cols) if c not in VOLATILE_COLUMNS]
            out[table] = sorted(tuple(str(r[i]) for i in keep) for r in cur.fetchall())
    return out


def manifest(db: str) -> dict[str, tuple]:
    """input -> (expected, ingested, rejected, duplicates, status)."""
    with Store.open(db, read_only=True) as s:
        rows = s.query("SELECT input, expected, ingested, rejected, duplicates, status FROM manifest")
    return {
        r["input"]: (r["expected"], r["ingested"], r["rejected"], r["duplicates"], r["status"]) for r in rows
    }


# Invented actors and verbs: each generated article states one or two codable events.
_PAIRS = [
    ("Kenya", "Ethiopia", "Nairobi"), ("Pakistan", "Afghanistan", "Islamabad"), ("Egypt", "Sudan", "Cairo"),
    ("Turkey", "Iraq", "Ankara"), ("Moldova", "Romania", "Chisinau"), ("Senegal", "Mali", "Dakar"),
    ("Kazakhstan", "Uzbekistan", "Astana"), ("Peru", "Chile", "Lima"),
]  # fmt: skip
_CLAUSES = [
    "{a} and {b} signed an agreement to expand trade and energy cooperation",
    "{a} accused {b} of sheltering armed groups near the border",
    "the foreign minister of {a} met his counterpart from {b} to discuss water sharing",
    "{a} expelled a diplomat from {b} after a dispute over fishing rights",
    "{a} called on {b} to release detained journalists",
    "{a} praised {b} for its support during the floods",
]
_MONTHS = ["March", "April", "May", "June", "July", "August", "September", "October"]


def article_text(i: int) -> str:
    """An invented, English news article (about 600 characters) that differs for every ``i``."""
    a, b, city = _PAIRS[i % len(_PAIRS)]
    first = _CLAUSES[i % len(_CLAUSES)].format(a=a, b=b)
    second = _CLAUSES[(i // len(_CLAUSES) + 2) % len(_CLAUSES)].format(a=b, b=a)
    day = 1 + i % 27
    month = _MONTHS[(i // 7) % len(_MONTHS)]
    return (
        f"Talks in {city} end with pledges (report {i})\n\n"
        f"{city.upper()}, {month} {day}, 2025 - On Tuesday {first}, officials said. "
        f"The meeting, the {i + 3}th round this year, lasted more than {2 + i % 9} hours.\n\n"
        f"Later, {second}, according to a statement released by the ministry. "
        f"Analysts said the move reflected growing pressure from business groups and from "
        f"{1000 + 37 * i} residents who signed a petition in {city} last month.\n"
    )


def make_corpus(root: Path, n_files: int, *, copies: int = 2) -> list[Path]:
    """Write ``n_files`` inputs under ``root``: mostly .txt articles, a JSONL file with a bad line,
    an empty file, a French article, and ``copies`` exact copies of earlier files (so document and
    article de-duplication across inputs is exercised). Returns the files in sorted order."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n_files):
        (root / f"a{i:04d}.txt").write_text(article_text(i), encoding="utf-8")
    for j in range(copies):
        (root / f"copy{j:02d}.txt").write_text(article_text(j * 3), encoding="utf-8")
    lines = [json.dumps({"url": f"https://wire.example/{k}", "title": f"Wire {k}", "published": "2025-05-02",
                         "source": "Example Wire", "text": article_text(10_000 + k)}) for k in range(3)]  # fmt: skip
    lines.insert(1, "{not json")
    (root / "wire.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "empty.txt").write_text("", encoding="utf-8")
    (root / "fr.txt").write_text(
        "Le ministre des affaires étrangères a rencontré son homologue à Paris mardi pour discuter de la "
        "coopération économique et de la sécurité régionale, selon un communiqué publié par le ministère. "
        "Les deux pays ont signé trois accords sur l'énergie et les transports.\n",
        encoding="utf-8",
    )
    return sorted(p for p in root.iterdir() if p.is_file())


# ----------------------------------------------------------------------------- Ray
def start_ray():
    """A local Ray with 2 CPUs for the whole test session (started once, shared by every test module
    that needs it; a subprocess driver joins it with ``--address``). Returns its GCS address."""
    import logging

    import ray

    if not ray.is_initialized():
        ray.init(num_cpus=2, include_dashboard=False, logging_level=logging.WARNING, log_to_driver=False)
    return ray.get_runtime_context().gcs_address


# ----------------------------------------------------------------------------- subprocess kills
def eventwire_cmd(*args: str) -> list[str]:
    """The CLI as a subprocess command (same interpreter and environment as the tests)."""
    import sys

    return [sys.executable, "-c", "from eventwire.cli import main; main()", *args]


def run_and_kill(cmd: list[str], trigger, delay: float, *, timeout: float = 240.0) -> str:
    """Start ``cmd``, wait until ``trigger()`` is true, wait ``delay`` more seconds, then SIGKILL it.

    Returns "killed", or "finished" when the command ended on its own before the kill.
    """
    import signal
    import subprocess
    import time

    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + timeout
    try:
        while not trigger():
            if proc.poll() is not None:
                return "finished"
            if time.monotonic() > deadline:
                raise AssertionError(f"trigger never fired for {cmd}")
            time.sleep(0.05)
        end = time.monotonic() + delay
        while time.monotonic() < end:
            if proc.poll() is not None:
                return "finished"
            time.sleep(0.02)
        if proc.poll() is not None:
            return "finished"
        proc.send_signal(signal.SIGKILL)
        return "killed"
    finally:
        proc.wait(timeout=60)
        try:  # pool workers it spawned, if any outlived it (same session, started by this call)
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

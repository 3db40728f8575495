"""The fingerprint of everything the coder reads besides its code, pinned to ``CODER_VERSION``.

``src/eventwire/events/data/CODER_DATA.txt`` records ``<coder version> <sha256>`` over the coder's data files
(``events/data/*.tsv``), its trained models (``events/model/*``), the actor dictionaries (``actors/data/*``) and
the gazetteer and place tables (``data/*.tsv``: a place read differently places an actor differently), not their
Markdown notes.
``tests/test_coder_version.py`` fails when those files change and the version does not: a stored event names the
coder that made it (``events.coder_version``), so two different codings must never carry the same name.

After changing a data or model file: bump ``CODER_VERSION`` in ``src/eventwire/events/coder.py``, add a CHANGELOG
line, then run ``make coder-hash`` (this script with ``--update``).
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "eventwire"
RECORD = PACKAGE / "events" / "data" / "CODER_DATA.txt"
PINNED = (("events/data", "*.tsv"), ("events/model", "*"), ("actors/data", "*"), ("data", "*.tsv"))


def fingerprint() -> str:
    """sha256 over the pinned files' paths and bytes, in path order (line endings as stored)."""
    digest = hashlib.sha256()
    files = sorted(
        p
        for folder, pattern in PINNED
        for p in (PACKAGE / folder).glob(pattern)
        if p.is_file() and p.suffix != ".md"  # model cards and source notes document, they do not code
    )
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def coder_version() -> str:
    source = (PACKAGE / "events" / "coder.py").read_text(encoding="utf-8")
    match = re.search(r'^CODER_VERSION\s*=\s*"([^"]+)"', source, re.M)
    if match is None:
        raise SystemExit("CODER_VERSION not found in events/coder.py")
    return match.group(1)


def recorded() -> tuple[str, str]:
    version, digest = RECORD.read_text(encoding="utf-8").split()[:2]
    return version, digest


def main(argv: list[str]) -> int:
    if "--update" in argv:
        RECORD.write_text(f"{coder_version()} {fingerprint()}\n", encoding="utf-8")
        print(f"wrote {RECORD.relative_to(ROOT)}: {RECORD.read_text(encoding='utf-8').strip()}")
        return 0
    version, digest = recorded()
    print(f"recorded {version} {digest}\ncurrent  {coder_version()} {fingerprint()}")
    return 0 if (version, digest) == (coder_version(), fingerprint()) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

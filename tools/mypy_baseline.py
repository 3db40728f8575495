"""mypy against a baseline that can only shrink (`make typecheck`; `make mypy-baseline` lowers it).

``mypy-baseline.txt`` lists the type errors the code has today, one a line, without line numbers (so an
edit above an error does not move it): ``path: error: message  [code]``. The check runs mypy (its
settings are in pyproject.toml) and fails

- when an error appears that the baseline does not list (fix it; never add it to the baseline), or
- when a listed error is gone (good: run ``make mypy-baseline`` so the baseline shrinks with the code).

``--update`` rewrites the baseline, and refuses to when that would add an error (the first run writes it).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASELINE = ROOT / "mypy-baseline.txt"
HEADER = (
    "# mypy errors the code still has (tools/mypy_baseline.py): this list may only shrink.\n"
    "# Fix an error, then run `make mypy-baseline`; never add a line by hand.\n"
)
_ERROR = re.compile(r"^(?P<path>[^:\s]+\.py):\d+(?::\d+)?: error: (?P<rest>.*)$")


def current_errors() -> Counter[str]:
    """Run mypy on the configured files; the errors without line numbers, counted."""
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--no-color-output", "--no-error-summary"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode not in (0, 1):  # 2: mypy itself failed (bad config, crash)
        raise SystemExit(f"mypy failed to run:\n{proc.stdout}{proc.stderr}")
    errors: Counter[str] = Counter()
    for line in proc.stdout.splitlines():
        m = _ERROR.match(line.strip())
        if m:
            errors[f"{m['path']}: error: {m['rest']}"] += 1
    return errors


def baseline() -> Counter[str]:
    """The errors the baseline file allows, counted."""
    if not BASELINE.exists():
        return Counter()
    lines = BASELINE.read_text(encoding="utf-8").splitlines()
    return Counter(line for line in lines if line and not line.startswith("#"))


def main(argv: list[str]) -> int:
    """Check (default) or ``--update`` the baseline; the exit status for make."""
    now, allowed = current_errors(), baseline()
    new, fixed = now - allowed, allowed - now
    if "--update" in argv:
        if new and BASELINE.exists():  # the first baseline records what there is
            print(
                f"refusing to add {sum(new.values())} errors to {BASELINE.name}; fix them:", file=sys.stderr
            )
            print("\n".join(sorted(new.elements())), file=sys.stderr)
            return 1
        BASELINE.write_text(HEADER + "".join(f"{e}\n" for e in sorted(now.elements())), encoding="utf-8")
        print(f"{BASELINE.name}: {sum(now.values())} errors (was {sum(allowed.values())})")
        return 0
    if new:
        print(f"mypy: {sum(new.values())} new errors (not in {BASELINE.name}); fix them:", file=sys.stderr)
        print("\n".join(sorted(new.elements())), file=sys.stderr)
        return 1
    if fixed:
        print(
            f"mypy: {sum(fixed.values())} baseline errors are fixed; run `make mypy-baseline` to lower "
            f"{BASELINE.name} to {sum(now.values())} errors.",
            file=sys.stderr,
        )
        return 1
    print(f"mypy: {sum(now.values())} errors, all in {BASELINE.name} (the baseline may only shrink)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

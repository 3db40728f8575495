"""The README's "After `make demo`, try:" commands run as written against a fresh demo store.

They are parsed from the README between the try:start / try:end markers and run with bash, one at a
time, in a directory that holds the demo store as `eventwire.duckdb` (the default `make demo` writes)
and a `.venv` that is this test's own environment, so `source .venv/bin/activate` works as written.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CORPUS, REPO

README = REPO / "README.md"
START, END = "<!-- try:start", "<!-- try:end -->"


def readme_commands() -> tuple[str, list[str]]:
    """(the activation line, the commands) of the README's quick-try block."""
    text = README.read_text(encoding="utf-8")
    block = text[text.index(START) : text.index(END)]
    m = re.search(r"```bash\n(.*?)```", block, flags=re.S)
    assert m, "the try block holds no ```bash fence"
    lines = [ln.strip() for ln in m.group(1).splitlines() if ln.strip() and not ln.strip().startswith("#")]
    activate = [ln for ln in lines if ln.startswith("source ")]
    return (activate[0] if activate else ""), [ln for ln in lines if not ln.startswith("source ")]


def test_the_block_is_five_commands_after_one_activation():
    activate, commands = readme_commands()
    assert activate.startswith("source .venv/bin/activate")
    assert len(commands) == 5, commands
    assert all(c.startswith("eventwire ") for c in commands), commands


def test_make_demo_suggests_commands_the_readme_shows():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\ndemo:") :].split("\n\n", 1)[0]
    suggested = [re.sub(r"\$\(DBFLAG\)", "", c).split("#")[0].strip()
                 for c in re.findall(r'@echo "\s+(eventwire [^"]+)"', recipe)]  # fmt: skip
    assert suggested, "make demo suggests no next commands"
    readme = README.read_text(encoding="utf-8")
    assert all(c in readme for c in suggested), suggested


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory) -> Path:
    here = tmp_path_factory.mktemp("readme")
    proc = subprocess.run([sys.executable, "-m", "eventwire.cli", "ingest", str(CORPUS), "--db",
                           str(here / "eventwire.duckdb"), "--quiet"], capture_output=True, text=True,
                          timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    bin_dir = Path(sys.executable).parent
    venv = here / ".venv"
    if (bin_dir / "activate").exists():  # running inside a venv: its own activate script, as written
        venv.symlink_to(bin_dir.parent, target_is_directory=True)
    else:  # a bare interpreter: an activate that puts its eventwire on PATH
        (venv / "bin").mkdir(parents=True)
        (venv / "bin" / "activate").write_text(f'export PATH="{bin_dir}:$PATH"\n', encoding="utf-8")
    assert shutil.which("eventwire", path=str(bin_dir)), f"no eventwire script next to {sys.executable}"
    return here


@pytest.mark.parametrize("command", readme_commands()[1], ids=lambda c: c.split("#")[0].strip())
def test_readme_command_runs_as_written(demo_dir, command):
    activate, _ = readme_commands()
    env = {k: v for k, v in os.environ.items() if not k.startswith("EVENTWIRE_")}
    env["COLUMNS"] = "200"
    proc = subprocess.run(["bash", "-c", f"set -e\n{activate}\n{command}"], cwd=demo_dir, env=env,
                          capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, (
        f"{command!r} exited {proc.returncode}:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}"
    )
    assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    assert (proc.stdout + proc.stderr).strip(), f"{command!r} printed nothing"

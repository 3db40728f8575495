"""The README is an overview and docs/ holds the reference; both document what the code offers: the
CLI reference is generated and must not drift, every setting and every reject reason is documented,
and every relative link (file and #anchor) resolves."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from conftest import REPO
from eventwire.errors import REJECT_REASONS

sys.path.insert(0, str(REPO / "tools"))  # the CLI reference generator is a developer tool, not shipped
from clidoc import END, START, cli_reference, settings_reference  # noqa: E402

DOCS = REPO / "docs"
README = (REPO / "README.md").read_text(encoding="utf-8")
PAGES = [REPO / "README.md", *sorted(DOCS.glob("*.md"))]
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _read(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_cli_reference_is_current():
    page = _read("cli.md")
    block = page[page.index(START) : page.index(END) + len(END)]
    assert block == cli_reference(), "docs/cli.md drifted from the commands: run `make docs`"


def test_every_setting_is_documented():
    page = _read("configuration.md")
    missing = [s for s in settings_reference() if f"`{s}`" not in page]
    assert not missing, f"settings missing from docs/configuration.md: {missing}"


def test_every_reject_reason_is_documented():
    page = _read("inputs.md")
    missing = [r for r in REJECT_REASONS if f"`{r}`" not in page]
    assert not missing, f"reject reasons missing from docs/inputs.md: {missing}"


def test_readme_gives_the_two_commands_and_stays_an_overview():
    assert "make demo" in README and "make test" in README
    first_screen = "\n".join(README.splitlines()[:40])
    assert (
        "make demo" in first_screen and "make test" in first_screen and "docs/dashboard.png" in first_screen
    )
    assert len(README.splitlines()) < 300, "README.md is the overview: move reference material to docs/"


def _anchors(path: Path) -> set[str]:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered."""
    seen: dict[str, int] = {}
    out, fence = set(), False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fence = not fence
        m = None if fence else re.match(r"^#{1,6} (.+)$", line)
        if m:
            slug = re.sub(r"[^\w\- ]", "", m.group(1).strip().lower()).replace(" ", "-")
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            out.add(slug if n == 0 else f"{slug}-{n}")
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_relative_links_resolve(page):
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target):
            continue
        file, _, anchor = target.partition("#")
        dest = (page.parent / file).resolve() if file else page
        if not dest.exists():
            broken.append(target)
        elif anchor and dest.suffix == ".md" and anchor not in _anchors(dest):
            broken.append(target)
    assert not broken, f"{page.name}: broken links {broken}"


def test_anchor_slugs_follow_github():
    tmp = DOCS / "api.md"
    anchors = _anchors(tmp)
    assert "plots-without-a-server-eventwire-plot" in anchors
    assert "filters-the-same-on-events-stories-dyads-actors-timeline-map-export" in anchors

"""The README documents what the code offers: the CLI reference is generated and must not drift;
every setting and every reject reason is documented."""

from __future__ import annotations

from conftest import REPO
from eventwire.clidoc import END, START, cli_reference, settings_reference
from eventwire.errors import REJECT_REASONS

README = (REPO / "README.md").read_text(encoding="utf-8")


def test_cli_reference_is_current():
    block = README[README.index(START) : README.index(END) + len(END)]
    assert block == cli_reference(), (
        "README CLI reference drifted: run `python -m eventwire.clidoc --write README.md`"
    )


def test_every_setting_is_documented():
    missing = [s for s in settings_reference() if f"`{s}`" not in README]
    assert not missing, f"settings missing from the README: {missing}"


def test_every_reject_reason_is_documented():
    missing = [r for r in REJECT_REASONS if f"`{r}`" not in README]
    assert not missing, f"reject reasons missing from the README: {missing}"


def test_readme_gives_the_two_commands():
    assert "make demo" in README and "make test" in README

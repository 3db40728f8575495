"""Chrome, dateline and outlet rules, loaded once from the versioned data files in ``clean/data``.

The data files hold the domain knowledge (which lines are share bars, widgets, bylines, footers;
which domain is which outlet); this module only compiles them. Patterns are matched
case-insensitively against whole lines; ``{DATE}``, ``{MONTHDAY}`` and ``{TIME}`` markers
expand to the fragments below.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("data")

# Date fragments shared by every pattern. English month names only: the coder is English-only and
# non-English articles are rejected before dates matter.
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DAY = r"(?:[0-3]?\d)(?:st|nd|rd|th)?"
YEAR = r"(?:19|20)\d{2}"
WEEKDAY = r"(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\.?"
# A numeric date with a year: "11/30/09", "04/04/2012", "15/09/2013" (month first unless the first number
# cannot be a month: ``meta.parse_date``).
NUMERIC_DATE = r"[0-3]?\d/[0-3]?\d/(?:(?:19|20)\d{2}|\d{2})"
# A date may run into a clock time ("August 7, 2012-5:46 pm"), not into more digits ("2012-13").
DATE = (
    rf"(?<![\w/-])(?:{WEEKDAY},?\s+)?(?:{DAY}\s+(?:of\s+)?{MONTH},?\s+{YEAR}|{MONTH}\s+{DAY},?\s+{YEAR}"
    rf"|{YEAR}-[01]\d-[0-3]\d|{MONTH},?\s+{YEAR}|{NUMERIC_DATE})(?![\w/]|-(?!\d{{1,2}}[:.]\d{{2}}))"
)
MONTHDAY = rf"(?:{MONTH}\s+{DAY}|{DAY}\s+{MONTH})(?![\w-])"
TIME = (
    r"(?:\d{1,2}[:.]\d{2}(?:[:.]\d{2})?\s*(?:[ap]\.?m\.?)?|\d{1,2}\s*[ap]\.?m\.?)"
    r"(?:\s*\(?(?:[A-Z]{2,5}|GMT\s*[+-]\s*\d{1,2}(?::?\d{2})?)\)?)?"
)


def _expand(pattern: str) -> str:
    return pattern.replace("{DATE}", DATE).replace("{MONTHDAY}", MONTHDAY).replace("{TIME}", TIME)


def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(_expand(pattern), re.IGNORECASE)


def _any(patterns: list[str]) -> re.Pattern[str]:
    """One alternation so a line is tested against a whole class with a single fullmatch."""
    return _compile("|".join(f"(?:{_expand(p)})" for p in patterns))


@dataclass(frozen=True, slots=True)
class DatedRule:
    pattern: re.Pattern[str]
    rank: int  # 0 = publication line, 2 = update line (1 is a print footer, see text.py)


@dataclass(frozen=True, slots=True)
class ChromeRules:
    version: int
    drop: re.Pattern[str]
    dated: tuple[DatedRule, ...]
    bare_date: re.Pattern[str]
    date_prefix: re.Pattern[str]
    bylines: re.Pattern[str]
    footers: tuple[re.Pattern[str], ...]
    datelines: tuple[re.Pattern[str], ...]
    widgets: re.Pattern[str]
    tails: re.Pattern[str]
    credit_suffix: re.Pattern[str]


@lru_cache(maxsize=1)
def chrome_rules() -> ChromeRules:
    """The compiled rules of ``data/chrome.toml`` (loaded once per process)."""
    data = tomllib.loads((DATA_DIR / "chrome.toml").read_text(encoding="utf-8"))
    credits = sorted(data["credits"], key=len, reverse=True)
    credit_alt = "|".join(re.escape(c) for c in credits)
    # A caption ends with "— PID", "- Reuters", "(AFP)", "(AP Photo/Jane Doe)" or "Photo: AFP".
    credit_suffix = re.compile(
        rf"(?:[-–—|]\s*(?:photo\s*:?\s*)?(?:{credit_alt})(?:\s*/[^()]{{1,60}})?\.?"
        rf"|\(\s*(?:photo\s*:?\s*)?(?:{credit_alt})(?:\s*/[^()]{{1,60}})?\s*\)\.?"
        rf"|photo\s*:\s*(?:{credit_alt}).{{0,40}})\s*$",
        re.IGNORECASE,
    )
    return ChromeRules(
        version=int(data["version"]),
        drop=_any(data["drop"]),
        dated=tuple(DatedRule(_compile(d["pattern"]), int(d["rank"])) for d in data["dated"]),
        bare_date=_compile(data["bare_date"]),
        date_prefix=_compile(data["date_prefix"]),
        bylines=_any(data["bylines"]),
        footers=tuple(_compile(p) for p in data["footers"]),
        datelines=tuple(_compile(p) for p in data["datelines"]),
        widgets=_any(data["widgets"]),
        tails=_any(data["tails"]),
        credit_suffix=credit_suffix,
    )


@dataclass(frozen=True, slots=True)
class OutletTable:
    domains: dict[str, str]
    aliases: dict[str, str]
    masthead_words: frozenset[str]
    names: frozenset[str]  # every canonical outlet name, case-folded


@lru_cache(maxsize=1)
def outlet_table() -> OutletTable:
    """Domain -> outlet name and name aliases from ``data/outlets.toml``."""
    data = tomllib.loads((DATA_DIR / "outlets.toml").read_text(encoding="utf-8"))
    domains = {k.lower(): v for k, v in data["domains"].items()}
    aliases = {k.casefold(): v for k, v in data["aliases"].items()}
    return OutletTable(
        domains=domains,
        aliases=aliases,
        masthead_words=frozenset(w.casefold() for w in data["masthead_words"]),
        names=frozenset(n.casefold() for n in [*domains.values(), *aliases.values()]),
    )

"""Actors stage: who is acting, resolved to ``{text, name, country (ISO3), sector, kind, code}``.

Public API (stable; used by the event coder, the API's /actors endpoint and the CLI):

- ``ActorMention``: one actor mention in a parsed sentence (token span, head token, actor, confidence).
- ``ArticleContext``: per-article memory (officials seen, dyad in focus, dateline country).
- ``resolve_actors(doc_or_span, ctx)``: all actor mentions of a sentence.
- ``candidate_text(text)``: cheap pre-check whether a sentence can contain an actor at all.
- ``lookup_actor(name)``: resolve a bare name or code ("PAK", "Kremlin", "NATO", "Sergei Lavrov").
- ``country_name(iso3)`` / ``all_countries()``.

Dictionaries live in ``eventwire/actors/data`` (see ``SOURCES.md`` there).
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..records import Actor
from .context import ArticleContext, find_dateline
from .dictionary import get_dictionary, words
from .mention import ActorMention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "ActorMention",
    "ArticleContext",
    "all_countries",
    "candidate_text",
    "country_name",
    "dyad_mentions",
    "find_dateline",
    "lookup_actor",
    "resolve_actors",
]


def resolve_actors(doc_or_span: Doc | Span, ctx: ArticleContext) -> list[ActorMention]:
    """All actor mentions in a parsed sentence (a spaCy ``Span`` of a Doc, or a Doc), in order.

    Longest match, non-overlapping, except that one span may carry several actors (dyads, coordinated
    countries). Does not update ``ctx``: call ``ctx.observe(mentions)`` after each sentence.
    """
    from spacy.tokens import Doc as _Doc

    from .persons import person_mentions
    from .resolver import resolve

    span = doc_or_span[:] if isinstance(doc_or_span, _Doc) else doc_or_span
    return person_mentions(span, resolve(span, ctx))


def dyad_mentions(tok: Token, ctx: ArticleContext) -> list[ActorMention]:
    """The two countries the story is about, as mentions on the phrase of ``tok`` (none when the article has no dyad yet): the
    parties of a meeting no word of its sentence names ("the next round will be held in Doha")."""
    from .resolver import dyad_at

    return dyad_at(tok, ctx)


# Words that can make a sentence hold an actor without any dictionary form: pronouns resolved from the
# previous sentence.
_PRONOUNS = re.compile(r"\b(?:he|she|they|He|She|They)\b")


def candidate_text(text: str, ctx: ArticleContext | None = None) -> bool:
    """Fast check (no parsing) whether ``text`` can contain any actor that ``resolve_actors`` would find.

    True when a dictionary form occurs (countries, capitals, organisations, people, agent words), a
    subject pronoun occurs, or, with ``ctx``, a name remembered from earlier in the article.
    """
    if get_dictionary().any_match(text) or _PRONOUNS.search(text):
        return True
    if ctx is not None and ctx.aliases:
        return any(w[3] in ctx.aliases for w in words(text))
    return False


def lookup_actor(name: str) -> Actor | None:
    """Resolve a bare name or code: "Pakistan", "PAK", "Kremlin", "NATO", "IGOUNO", "TTP", "Sergei Lavrov"."""
    name = (name or "").strip()
    if not name:
        return None
    found = _lookup(name)
    # a fresh copy: callers fill in the words of their own article ("Springfield" for the USA of a place phrase),
    # and the cached actor must not carry them into the next article
    return replace(found) if found is not None else None


@lru_cache(maxsize=4096)
def _lookup(name: str) -> Actor | None:
    from .resolver import _named_actor_from_entry

    d = get_dictionary()
    whole = d.whole_match(name)
    if whole is not None:
        return _named_actor_from_entry(whole.best, name)
    key = " ".join(w[0] for w in words(name))
    entry = d.by_name.get(key)
    if entry is None and len(name) in (3, 6, 9) and name.isalpha():
        entry = d.by_name.get(name[:3].lower()) if name.isupper() else None
        if entry is not None and len(name) > 3:
            return Actor(
                text=name,
                name=entry.name,
                country=entry.country,
                sector=name[3:6].upper(),
                kind="country",
                code=name.upper(),
            )
    return _named_actor_from_entry(entry, name) if entry is not None else None


def country_name(iso3: str) -> str | None:
    """English short name of a country from its ISO3 code ("PAK" -> "Pakistan"), or None."""
    return get_dictionary().country_names.get((iso3 or "").upper())


def all_countries() -> list[tuple[str, str]]:
    """All countries as (ISO3, name), sorted by name."""
    return sorted(get_dictionary().country_names.items(), key=lambda kv: kv[1])

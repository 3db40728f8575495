"""The actor mention record returned by ``resolve_actors``."""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Actor


@dataclass(slots=True)
class ActorMention:
    """One actor mention: token span ``[start, end)`` in the spaCy Doc, its syntactic head, the actor.

    Several mentions may share one span ("the two sides" -> one mention per country of the dyad;
    "Hungarian and Romanian officials" -> one per country). ``how`` says how the actor was resolved:
    dictionary | composed | title | located | memory | dyad | pronoun | dateline | agent. ``subject`` is True
    when the head is a nominal subject in the parse.
    """

    start: int
    end: int
    text: str
    actor: Actor
    head: int
    confidence: float
    how: str = "dictionary"
    subject: bool = False
    head_lemma: str = ""  # lemma of the head token (lets the article context recall "the sources")

    @property
    def dyad(self) -> bool:
        return self.how == "dyad"

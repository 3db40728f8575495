"""The trained role model: which actor mention of a sentence is an event's source, which its target.

The rule coder finds roles by constructions (subject, object, "by"-agent, "against"/"on" phrases, possessors ...).
On real news it leaves many targets empty (the judged sample of 2026-12-04: the target was right on 35% of real
events). This model scores every (trigger, mention) pair of a sentence as ``source``, ``target`` or ``none`` from
features of the parse — the dependency path between the trigger and the mention's head, the mention's own
dependency and governing preposition, voice, direction and distance, the mention's kind/sector/how, and the event
type — with a multinomial logistic regression trained on the sentences written for eventwire
(``training/data``, by ``training/train_roles.py``; ``make train``). The weights ship as JSON
(``model/roles.json``, a few hundred kB): scoring is a sum of feature weights, no PyTorch, no onnxruntime.

The coder asks it only where the rules found nobody (``events.coder._roles``): a missing target or source is
taken from the mention the model scores highest for that role, above a threshold chosen on the held-out
training sentences (``ROLE_THRESHOLD`` in the JSON).
"""

from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

    from ..actors.mention import ActorMention

MODEL_FILE = Path(__file__).with_name("model") / "roles.json"
ROLES = ("none", "source", "target")
# Longest dependency path (edges) spelled out as a feature; longer paths are "long".
MAX_PATH = 4


def _edge(tok: Token, down: bool) -> str:
    dep = tok.dep_
    if dep in ("prep", "agent") or (dep == "dative" and tok.pos_ == "ADP"):
        dep = f"{dep}:{tok.lower_}"
    return ("v" if down else "^") + dep


def dep_path(a: Token, b: Token) -> str:
    """The dependency path from ``a`` up to the lowest common ancestor and down to ``b`` ("^nsubjpass", "vagent:by
    vpobj"), or "long" beyond MAX_PATH edges, "self" when a is b."""
    if a.i == b.i:
        return "self"
    up_a = [a, *a.ancestors]
    up_b = [b, *b.ancestors]
    where = {t.i: k for k, t in enumerate(up_b)}
    for k, t in enumerate(up_a):
        if t.i in where:
            up, down = up_a[:k], up_b[: where[t.i]]
            if len(up) + len(down) > MAX_PATH:
                return "long"
            return " ".join([_edge(x, False) for x in up] + [_edge(x, True) for x in reversed(down)])
    return "none"


def _passive(tok: Token) -> bool:
    return any(c.dep_ in ("auxpass", "nsubjpass") for c in tok.children) or (
        tok.dep_ == "acl" and tok.tag_ == "VBN"
    )


def features(
    trigger: Token, mention: ActorMention, mentions: list[ActorMention], event_type: str
) -> list[str]:
    """Feature strings of one (trigger, mention) pair."""
    doc = trigger.doc
    head = doc[mention.head]
    path = dep_path(trigger, head)
    passive = "P" if _passive(trigger) else "A"
    side = "L" if mention.end <= trigger.i else "R" if mention.start > trigger.i else "I"
    dist = abs(mention.head - trigger.i)
    dist_bin = "1" if dist <= 1 else "2-3" if dist <= 3 else "4-7" if dist <= 7 else "8+"
    lo, hi = sorted((mention.head, trigger.i))
    between = sum(1 for m in mentions if m is not mention and lo < m.head < hi)
    prep = head.head.lower_ if head.dep_ == "pobj" else "-"
    a = mention.actor
    kind, sector = a.kind or "-", a.sector or "-"
    return [
        "bias",
        f"type={event_type}",
        f"path={path}",
        f"path={path}|{passive}",
        f"path={path}|type={event_type}",
        f"mdep={head.dep_}",
        f"mdep={head.dep_}|{passive}",
        f"mdep={head.dep_}|type={event_type}",
        f"prep={prep}",
        f"prep={prep}|type={event_type}",
        f"prep={prep}|{passive}",
        f"side={side}",
        f"side={side}|{passive}",
        f"side={side}|type={event_type}",
        f"dist={dist_bin}",
        f"between={min(between, 2)}",
        f"kind={kind}",
        f"kind={kind}|type={event_type}",
        f"sector={sector}",
        f"sector={sector}|type={event_type}",
        f"how={mention.how}",
        f"country={'y' if a.country else 'n'}",
        f"subject={'y' if mention.subject else 'n'}|{passive}",
        f"tpos={trigger.pos_}",
        f"tdep={trigger.dep_}",
        f"tpos={trigger.pos_}|path={path}",
    ]


class RoleModel:
    """Weights per feature (one per role) and the thresholds above which the coder takes a role."""

    def __init__(self, data: dict):
        self.weights: dict[str, list[float]] = data["weights"]
        self.threshold: dict[str, float] = data["threshold"]
        self.meta: dict = data.get("meta", {})

    def probabilities(self, feats: list[str]) -> dict[str, float]:
        z = [0.0, 0.0, 0.0]
        for f in feats:
            w = self.weights.get(f)
            if w is not None:
                z[0] += w[0]
                z[1] += w[1]
                z[2] += w[2]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        total = sum(e)
        return {r: v / total for r, v in zip(ROLES, e, strict=True)}

    def score(
        self, trigger: Token, mentions: list[ActorMention], event_type: str
    ) -> list[tuple[ActorMention, dict[str, float]]]:
        return [(m, self.probabilities(features(trigger, m, mentions, event_type))) for m in mentions]

    def best(
        self,
        trigger: Token,
        mentions: list[ActorMention],
        event_type: str,
        role: str,
        exclude: frozenset[int] = frozenset(),
    ) -> tuple[ActorMention, float] | None:
        """The mention scored highest for ``role`` (not a mention whose head is in ``exclude``), if it clears the
        role's threshold and beats the other roles for that mention."""
        best: tuple[ActorMention, float] | None = None
        for m, p in self.score(trigger, mentions, event_type):
            if m.head in exclude or m.head == trigger.i:
                continue
            if p[role] < self.threshold[role] or p[role] < max(p.values()):
                continue
            if best is None or p[role] > best[1]:
                best = (m, p[role])
        return best


def available() -> bool:
    return MODEL_FILE.exists()


@lru_cache(maxsize=1)
def load() -> RoleModel | None:
    """The shipped role model (None when the package has none, e.g. before ``make train``)."""
    if not available():
        return None
    return RoleModel(json.loads(MODEL_FILE.read_text(encoding="utf-8")))

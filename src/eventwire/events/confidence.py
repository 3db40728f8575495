"""Per-field confidence of a coded event (type, source, target, date, place) and the overall score.

The scores are calibrated orderings, not probabilities: they let users trade precision for recall
(``--min-confidence``) and rank events. Each constant says what evidence it stands for.
"""

from __future__ import annotations

from ..records import Confidence, Location

# Event type, by the kind of lexicon evidence.
TYPE_CURATED_PATTERN = 0.9  # a curated phrase pattern matched ("signed an agreement")
TYPE_CAMEO_PATTERN = 0.8  # a PETRARCH phrase pattern matched
TYPE_PATTERN_WORD_BONUS = 0.02  # per extra pattern word: longer phrases are less ambiguous
TYPE_CURATED_DEFAULT = 0.75  # a curated verb on its own ("accused")
TYPE_CAMEO_DEFAULT = 0.6  # a PETRARCH verb default on its own: the dictionary's weakest evidence
TYPE_NOMINAL_LIGHT = 0.75  # a nominal event carried by a light verb ("carried out strikes")
TYPE_NOMINAL_OTHER = 0.6  # a nominal event with an actor possessor, or the subject of "erupted"
TYPE_ABSORBED_BONUS = 0.05  # the complement confirmed the reading ("threatened to impose a curfew")
TYPE_MAX = 0.95

# Dates, by where the date came from.
DATE_TEXT = {"day": 0.9, "month": 0.8, "year": 0.7}
DATE_PUBLISHED = 0.6  # no date in the sentence: the publication date stands in for a current event
# Places, by precision of the gazetteer match.
PLACE = {"city": 0.8, "admin1": 0.7, "country": 0.6}

# Types for which PLOVER requires a target ("Requires target: Yes", manual 0.6): a missing one lowers trust.
REQUIRES_TARGET = frozenset({"COOPERATE", "AID", "SANCTION"})
# Weights of the overall score: the type and the source carry the event; the target matters less, date and
# place are descriptive and do not change whether the event is real.
OVERALL_SOURCE_WEIGHT = 0.45
OVERALL_TARGET_WEIGHT = 0.15


def type_confidence(curated: bool, words: int, nominal: str | None = None, absorbed: bool = False) -> float:
    """Confidence in the event type from the kind of lexicon match."""
    if nominal == "light":
        base = TYPE_NOMINAL_LIGHT
    elif nominal:
        base = TYPE_NOMINAL_OTHER
    elif words:
        base = (TYPE_CURATED_PATTERN if curated else TYPE_CAMEO_PATTERN) + TYPE_PATTERN_WORD_BONUS * (
            words - 1
        )
    else:
        base = TYPE_CURATED_DEFAULT if curated else TYPE_CAMEO_DEFAULT
    if absorbed:
        base += TYPE_ABSORBED_BONUS
    return round(min(TYPE_MAX, base), 3)


def date_confidence(source: str, precision: str | None) -> float:
    """Confidence in the event date by its source (text | published | none) and precision."""
    if source == "text":
        return DATE_TEXT.get(precision or "", 0.6)
    if source == "published":
        return DATE_PUBLISHED
    return 0.0


def place_confidence(location: Location | None) -> float:
    """Confidence in the event place by gazetteer precision (0 without a place)."""
    if location is None:
        return 0.0
    return PLACE.get(location.precision, 0.5)


def combine(
    plover_type: str, type_c: float, source_c: float, target_c: float, date_c: float, place_c: float
) -> Confidence:
    """All field confidences and the overall score.

    overall = type x (1 - w_s + w_s x source) x (1 - w_t + w_t x target'), where target' is 1 for types that
    need no target and have none.
    """
    tgt = target_c if (target_c > 0 or plover_type in REQUIRES_TARGET) else 1.0
    overall = (
        type_c
        * (1 - OVERALL_SOURCE_WEIGHT + OVERALL_SOURCE_WEIGHT * source_c)
        * (1 - OVERALL_TARGET_WEIGHT + OVERALL_TARGET_WEIGHT * tgt)
    )
    return Confidence(
        type=round(type_c, 3),
        source=round(source_c, 3),
        target=round(target_c, 3),
        date=round(date_c, 3),
        place=round(place_c, 3),
        overall=round(overall, 3),
    )

"""Shared by the coder-evaluation tests (PLOVER, PETR2, ConfliBERT): hand-made events and the fixture datasets."""

from __future__ import annotations

from pathlib import Path

from eventwire.records import Actor, Confidence, Event

FIXTURES = Path(__file__).parent / "fixtures" / "events" / "datasets"


def ev(
    etype: str,
    src: str | None = None,
    tgt: str | None = None,
    mode: str | None = None,
    recip: bool = False,
    code: str = "010",
) -> Event:
    def actor(c):
        if c is None:
            return None
        if c.startswith("IGO"):
            return Actor(text=c, name=c, country=None, sector="IGO", kind="igo", code=c)
        return Actor(text=c, name=c, country=c[:3], sector=None, kind="country", code=c)

    conf = Confidence(1, 1, 1, 1, 1, 1)
    return Event(
        event_id=f"{etype}{src}{tgt}",
        event_type=etype,
        mode=mode,
        context=[],
        modality="asserted",
        source=actor(src),
        target=actor(tgt),
        reciprocal=recip,
        date=None,
        date_precision=None,
        date_source="none",
        location=None,
        cameo_root=code[:2],
        cameo_code=code,
        quad_class=1,
        goldstein=0.0,
        confidence=1.0,
        confidences=conf,
        coder_version="test",
    )

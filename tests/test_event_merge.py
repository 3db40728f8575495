"""The merge decisions of stories/event_merge.py and stories/aggregates.py as pure functions: no database.

``tests/test_merge.py`` runs the whole merge stage on stores; these tests pin the decisions it is made of
(which event a claim joins, which one-sided events a full pair folds, which sentence adds evidence, which
twins consolidate, the merged record and the story summary) on hand-made records.
"""

from __future__ import annotations

from collections import defaultdict

from eventwire.records import Actor, Confidence, Event, Evidence, Location
from eventwire.stories.aggregates import (
    EventClaim,
    StoredEvent,
    StoryArticle,
    StoryEvent,
    merged_event,
    merged_values,
    story_summary,
)
from eventwire.stories.event_merge import (
    LiveEvent,
    PendingMention,
    adds_evidence,
    drop_event,
    evidence_values,
    find_event,
    fold_plan,
    grow,
    new_live_event,
    pair_fits,
    partial_twins,
    periods_apart,
    sides_fit,
)
from eventwire.stories.keys import merge_sector, person_key, persons_differ, primary_key, sectors_compatible
from eventwire.stories.write import ALL_EVENT_COLUMNS

STORY = "s1"


def actor(country: str | None, sector: str | None = "GOV", code: str | None = None) -> Actor:
    return Actor(
        text=country or "police",
        name=country or "police",
        country=country,
        sector=sector,
        kind="x",
        code=code,
    )


def claim(
    src: Actor | None,
    tgt: Actor | None,
    *,
    etype: str = "AGREE",
    date: str | None = None,
    date_source: str = "none",
    precision: str | None = None,
    reciprocal: bool = False,
    event_id: str = "m",
) -> Event:
    return Event(
        event_id=event_id, event_type=etype, mode=None, context=[], modality="asserted", source=src, target=tgt,
        reciprocal=reciprocal, date=date, date_precision=precision, date_source=date_source, location=None,
        cameo_root="05", cameo_code="057", quad_class=1, goldstein=8.0, confidence=0.5,
        confidences=Confidence(0.5, 0.5, 0.5, 0.5, 0.5, 0.5), coder_version="t",
    )  # fmt: skip


def index(*events: tuple[Event, str, str]) -> dict[str, list[LiveEvent]]:
    """A story's index as the merge step builds it: (claim, event id, founder key) in order."""
    by_key: dict[str, list[LiveEvent]] = defaultdict(list)
    for ev, event_id, fkey in events:
        key = primary_key(STORY, ev)
        by_key[key].append(new_live_event(ev, event_id, key, fkey))
    return by_key


KEN, ETH = actor("KEN"), actor("ETH")


# --------------------------------------------------------------------------------------- find_event
def test_a_claim_joins_the_event_of_its_key() -> None:
    by_key = index((claim(KEN, ETH), "e1", "1"))
    found = find_event(by_key, STORY, claim(KEN, ETH), None)
    assert found is not None and found.event_id == "e1"


def test_a_claim_of_another_type_or_direction_founds_its_own() -> None:
    by_key = index((claim(KEN, ETH), "e1", "1"))
    assert find_event(by_key, STORY, claim(KEN, ETH, etype="CONSULT"), None) is None
    assert find_event(by_key, STORY, claim(ETH, KEN), None) is None  # directed: ETH>KEN is another event


def test_a_reciprocal_claim_matches_either_direction() -> None:
    by_key = index((claim(KEN, ETH), "e1", "1"))
    found = find_event(by_key, STORY, claim(ETH, KEN, reciprocal=True), None)
    assert found is not None and found.event_id == "e1"


def test_another_sector_or_a_date_apart_splits() -> None:
    by_key = index((claim(KEN, ETH, date="2024-03-01", date_source="text", precision="day"), "e1", "1"))
    army = actor("KEN", "MIL")
    assert find_event(by_key, STORY, claim(army, ETH), None) is None
    later = claim(KEN, ETH, date="2024-03-20", date_source="text", precision="day")
    assert find_event(by_key, STORY, later, None) is None
    close = claim(KEN, ETH, date="2024-03-03", date_source="text", precision="day")
    assert find_event(by_key, STORY, close, None) is not None


def test_a_state_named_as_itself_is_never_a_non_state_group_of_its_country() -> None:
    # seed: "The TTP has attacked markets ..." then "Pakistan has launched military operations against the TTP"
    pakistan = Actor(text="Pakistan", name="Pakistan", country="PAK", sector=None, kind="country", code="PAK")
    ttp = Actor(text="The TTP", name="Tehreek-e-Taliban Pakistan", country="PAK", sector="REB", kind="armed_group",
                code="PAKREB")  # fmt: skip
    by_key = index((claim(ttp, None, etype="FIGHT"), "ttp", "1"))
    assert find_event(by_key, STORY, claim(pakistan, ttp, etype="FIGHT"), None) is None
    # the state stands for its bodies and people: its army's claim joins an event the state founded, the
    # opposition's not; the event is then the army's
    by_key = index((claim(pakistan, actor("AFG"), etype="FIGHT"), "state", "1"))
    found = find_event(by_key, STORY, claim(actor("PAK", "MIL"), actor("AFG"), etype="FIGHT"), None)
    assert found is not None and found.event_id == "state"
    assert find_event(by_key, STORY, claim(actor("PAK", "OPP"), actor("AFG"), etype="FIGHT"), None) is None
    grow(found, claim(actor("PAK", "MIL"), actor("AFG"), etype="FIGHT"))
    assert found.source_sector == "MIL"
    assert sectors_compatible("STATE", "GOV") and sectors_compatible(None, "REB")
    assert not sectors_compatible("STATE", "REB") and not sectors_compatible("GOV", "MIL")


def test_a_country_named_as_itself_merges_as_the_state_whatever_sector_the_event_gave_it() -> None:
    # coder 0.5.27 gives "Pakistan" GOV in a statement and MIL when it attacks: still the whole state
    for sector in (None, "GOV", "MIL"):
        assert merge_sector(sector, "PAK", "country") == "STATE"
    assert merge_sector("GOV", "PAK", "capital") == "GOV"  # "Islamabad" is the government, as before
    assert merge_sector("MIL", "PAK", "organisation") == "MIL"  # "the Pakistani army"
    assert merge_sector("REB", "PAK", "country") == "REB"
    pakistan = Actor(
        text="Pakistan", name="Pakistan", country="PAK", sector="MIL", kind="country", code="PAKMIL"
    )
    by_key = index((claim(pakistan, actor("AFG"), etype="FIGHT"), "state", "1"))
    found = find_event(by_key, STORY, claim(actor("PAK", "GOV"), actor("AFG"), etype="FIGHT"), None)
    assert found is not None and found.event_id == "state"


def test_a_merged_event_names_one_actor_on_both_sides_only_when_no_claim_names_another() -> None:
    ttp = actor("PAK", "REB")
    pakistan = Actor(text="Pakistan", name="Pakistan", country="PAK", sector=None, kind="country", code="PAK")
    merged = merged_event(
        stored(), [(event_claim("m1", "2024-03-11"), claim(ttp, None)), (event_claim("m2", "2024-03-11"), claim(pakistan, ttp)),
                   (event_claim("m3", "2024-03-11"), claim(ttp, pakistan))]
    )  # fmt: skip
    assert merged.source is not None and merged.target is not None
    assert (merged.source.sector, merged.target.kind) == ("REB", "country")
    alone = merged_event(stored(), [(event_claim("m1", "2024-03-11"), claim(ttp, ttp))])
    assert alone.source == alone.target == ttp


def test_a_one_sided_claim_joins_the_oldest_event_it_does_not_contradict() -> None:
    by_key = index((claim(KEN, ETH), "young", "2"), (claim(KEN, actor("SOM")), "old", "1"))
    found = find_event(by_key, STORY, claim(KEN, None), None)
    assert found is not None and found.event_id == "old"
    excluded = find_event(
        by_key, STORY, claim(KEN, None), by_key[primary_key(STORY, claim(KEN, actor("SOM")))][0]
    )
    assert excluded is not None and excluded.event_id == "young"
    assert find_event(by_key, STORY, claim(actor("UGA"), None), None) is None


def test_a_full_pair_completes_an_event_founded_by_a_one_sided_claim() -> None:
    by_key = index((claim(KEN, None), "e1", "1"))
    found = find_event(by_key, STORY, claim(KEN, ETH), None)
    assert found is not None and found.event_id == "e1"
    grow(found, claim(KEN, ETH))
    assert (found.source_who, found.target_who) == ("KEN", "ETH")
    assert find_event(by_key, STORY, claim(KEN, actor("SOM")), None) is None  # no longer fits a third party


def test_partial_twins_are_the_younger_one_sided_events_a_full_pair_fits() -> None:
    by_key = index((claim(KEN, None), "kenya", "1"), (claim(None, ETH), "ethiopia", "2"))
    full = claim(KEN, ETH)
    found = find_event(by_key, STORY, full, None)
    assert found is not None and found.event_id == "kenya"
    twins = partial_twins(by_key, STORY, full, found)
    assert [t.event_id for t in twins] == ["ethiopia"]
    assert partial_twins(by_key, STORY, claim(KEN, None), found) == []  # a one-sided claim shows no twin
    drop_event(by_key, twins[0])
    assert [e.event_id for cands in by_key.values() for e in cands] == ["kenya"]


def test_pair_fits_and_sides_fit() -> None:
    assert pair_fits("KEN>ETH", "KEN", "ETH", False)
    assert not pair_fits("KEN>ETH", "ETH", "KEN", False)
    assert pair_fits("KEN>ETH", "ETH", "KEN", True)
    assert pair_fits("ETH<>KEN", "KEN", "ETH", False)
    assert pair_fits("KEN>-", "KEN", "ETH", False)
    police = actor(None, "COP")
    cand = new_live_event(claim(actor("MDA", "COP"), None), "e", "k", "1")
    assert sides_fit(claim(police, None), cand, "s|AGREE|asserted|MDA>-")
    assert not sides_fit(claim(actor(None, "MIL"), None), cand, "s|AGREE|asserted|MDA>-")


def person(name: str, kind: str = "official") -> Actor:
    return Actor(text=name.split()[-1], name=name, country="USA", sector="GOV", kind=kind, code="USAGOV")


def test_two_named_people_are_two_events() -> None:
    # AEB page, coder 0.5.35: "Trump slammed the hearings", "Grisham also accused the Democrats" and "Sondland's
    # appearance ..." were one USA GOV DISAPPROVE event because their country and sector agree
    trump, grisham = person("Donald Trump"), person("Stephanie Grisham", "person")
    by_key = index((claim(trump, None, etype="DISAPPROVE"), "trump", "1"))
    assert find_event(by_key, STORY, claim(grisham, None, etype="DISAPPROVE"), None) is None
    same = find_event(by_key, STORY, claim(person("Trump"), None, etype="DISAPPROVE"), None)
    assert same is not None and same.event_id == "trump"  # the surname alone is the same man
    white_house = Actor(text="The White House", name="White House", country="USA", sector="GOV", kind="capital",
                        code="USAGOV")  # fmt: skip
    assert find_event(by_key, STORY, claim(white_house, None, etype="DISAPPROVE"), None) is not None
    # full pairs under one key, and targets, too
    pairs = index((claim(trump, ETH, etype="DISAPPROVE"), "t", "1"))
    assert find_event(pairs, STORY, claim(grisham, ETH, etype="DISAPPROVE"), None) is None
    assert find_event(pairs, STORY, claim(actor("USA"), ETH, etype="DISAPPROVE"), None) is not None
    # a body's claim fills the event's person only when it names one
    cand = new_live_event(claim(white_house, None), "e", "k", "1")
    grow(cand, claim(grisham, None))
    assert cand.source_person == "stephanie grisham"
    assert not sides_fit(claim(trump, None), cand, "s|AGREE|asserted|USA>-")
    folded = [live("a", "k", "1"), live("b", "k", "2"), live("c", "k", "3")]
    folded[0].source_person, folded[1].source_person, folded[2].source_person = (
        "donald trump",
        "grisham",
        "trump",
    )
    assert fold_plan(folded) == [("c", "a")]


def test_person_key_names_people_not_roles() -> None:
    assert person_key(person("Ursula von der Leyen")) == "ursula von der leyen"
    assert person_key(person("Abu Bakr al-Baghdadi", "person")) == "abu bakr al-baghdadi"
    assert person_key(person("United States prosecutor")) is None  # a role standing for its holder
    assert person_key(person("China ambassador")) is None
    assert person_key(actor("KEN")) is None  # not a person
    assert person_key(None) is None
    assert persons_differ("donald trump", "stephanie grisham")
    assert not persons_differ("donald trump", "trump")
    assert not persons_differ(None, "trump")


def test_grow_fills_only_unknown_sides() -> None:
    cand = new_live_event(claim(KEN, None), "e", "k", "1")
    grow(cand, claim(actor("KEN", None), ETH))
    assert (cand.source_who, cand.source_sector, cand.target_who, cand.target_sector) == (
        "KEN",
        "GOV",
        "ETH",
        "GOV",
    )


# --------------------------------------------------------------------------------------- evidence
def mention(mid: str = "m1", article: str = "a1") -> PendingMention:
    return PendingMention(mid, article, None, 10, "2024-03-01", STORY, "Outlet", "https://x.org/a")


def test_one_sentence_is_one_piece_of_evidence() -> None:
    evidenced: dict[tuple[str, str, int | None], set[str]] = defaultdict(set)
    evid = Evidence("a1", "Kenya and Ethiopia signed.", 10, 36)
    assert adds_evidence(evidenced, "e1", mention("m1"), evid)
    assert adds_evidence(evidenced, "e1", mention("m1"), evid)  # the same mention again
    assert not adds_evidence(evidenced, "e1", mention("m2"), evid)  # a second claim of that sentence
    assert adds_evidence(evidenced, "e2", mention("m2"), evid)  # another event
    assert adds_evidence(evidenced, "e1", mention("m3"), None)  # no sentence known: always a row


def test_evidence_values_fall_back_to_the_article() -> None:
    row = evidence_values("e1", mention(), Evidence("a1", "S.", 10, 12, trigger="signed"))
    assert row == ["e1", "m1", "a1", "S.", 10, 12, "Outlet", "https://x.org/a", "2024-03-01", "signed"]
    bare = evidence_values("e1", mention(), None)
    assert bare == ["e1", "m1", "a1", None, None, None, "Outlet", "https://x.org/a", "2024-03-01", None]


# --------------------------------------------------------------------------------------- consolidate, dates
def live(
    event_id: str, key: str, fkey: str, sector: str | None = "GOV", date: str | None = None
) -> LiveEvent:
    return LiveEvent(
        event_id, key, fkey, date, "text" if date else None, "day" if date else None, sector, None
    )


def test_fold_plan_folds_twins_into_the_oldest_compatible() -> None:
    events = [
        live("a", "k1", "1"),
        live("b", "k1", "2"),
        live("c", "k1", "3", sector="MIL"),
        live("d", "k2", "1"),
        live("e", "k1", "4", sector=None),
    ]
    assert fold_plan(events) == [("b", "a"), ("e", "a")]
    dated = [live("a", "k", "1", date="2024-01-01"), live("b", "k", "2", date="2024-02-01")]
    assert fold_plan(dated) == []


def test_periods_apart() -> None:
    day = ("2024-03-10", "day", "text")
    assert not periods_apart(day, ("2024-03-12", "day", "text"))
    assert periods_apart(day, ("2024-03-20", "day", "text"))
    assert not periods_apart(day, ("2024-03", "month", "text"))  # March contains the 10th
    assert not periods_apart(day, ("2024-03-15", "day", "published"))  # reported five days later
    assert periods_apart(day, ("2024-03-30", "day", "published"))
    assert not periods_apart(day, (None, None, "none"))  # an undated claim never splits


# --------------------------------------------------------------------------------------- aggregates
def stored(**kw: object) -> StoredEvent:
    base: dict[str, object] = dict(
        event_id="e1", story_id=STORY, merged_into=None, merge_key="old-key", founder_key="f1", first_run="r0",
        num_articles=3, num_sources=None, num_mentions=4,
    )  # fmt: skip
    base.update(kw)
    return StoredEvent(**base)  # type: ignore[arg-type]


def event_claim(mid: str, published: str) -> EventClaim:
    return EventClaim(mid, "a-" + mid, None, 0, 10, published, "text")


def test_merged_event_takes_the_best_supported_fields() -> None:
    place = Location("Nairobi", "KEN", precision="city")
    first = claim(KEN, None, date="2024-03", date_source="text", precision="month")
    second = claim(KEN, ETH, date="2024-03-10", date_source="text", precision="day")
    second.location = place
    merged = merged_event(
        stored(), [(event_claim("m1", "2024-03-11"), first), (event_claim("m2", "2024-03-12"), second)]
    )
    assert (merged.event_id, merged.story_id) == ("e1", STORY)
    assert (merged.date, merged.date_precision) == ("2024-03-10", "day")
    assert merged.location == place
    assert merged.target is not None and merged.target.country == "ETH"


def test_merged_values_carry_over_the_stored_row() -> None:
    ev = claim(KEN, ETH)
    values = merged_values(stored(), ev, "r1")
    row = dict(zip(ALL_EVENT_COLUMNS, values, strict=True))
    assert row["first_run"] == "r0"
    assert (row["num_articles"], row["num_sources"], row["num_mentions"]) == (3, 1, 4)
    assert row["merge_key"] == primary_key(STORY, ev)  # a live event's key follows its record
    assert row["founder_key"] == "f1"
    assert (
        dict(zip(ALL_EVENT_COLUMNS, merged_values(stored(merged_into="e0"), ev, "r1"), strict=True))[
            "merge_key"
        ]
        == "old-key"
    )


def test_story_summary() -> None:
    def art(aid: str, **kw: object) -> StoryArticle:
        base: dict[str, object] = dict(
            article_id=aid, title=None, text="one two three", outlet=None, url=None, doc_id=aid,
            published="2024-03-01", dup_of=None, ref_date=None, embedding=None,
        )  # fmt: skip
        base.update(kw)
        return StoryArticle(**base)  # type: ignore[arg-type]

    members = [
        art("a", published="2024-03-01", url="https://www.example.org/x", embedding=[1.0, 0.0]),
        art("b", title="Talks open", ref_date="2024-02-28", outlet="Wire", embedding=[0.0, 1.0]),
        art("c", title="Copy", dup_of="b", outlet="Copier"),
    ]
    events = [
        StoryEvent("CONSULT", "KEN", "ETH"),
        StoryEvent("CONSULT", "ETH", "KEN"),
        StoryEvent("AGREE", "KEN", None),
    ]
    s = story_summary(members, events)
    assert s.title == "Talks open"
    assert (s.start, s.end, s.n_articles) == ("2024-02-28", "2024-03-01", 2)
    assert s.outlets == ["Copier", "Wire", "example.org"]
    assert s.dyads == ["ETH-KEN"]
    assert s.event_types == ["CONSULT", "AGREE"]
    assert s.centroid is not None and abs(s.centroid[0] - s.centroid[1]) < 1e-9
    untitled = story_summary([art("z", text=" ".join(str(i) for i in range(20)))], [])
    assert untitled.title == "0 1 2 3 4 5 6 7 8 9 10 11 …" and untitled.centroid is None

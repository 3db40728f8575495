"""Coder 0.5.40: what a sentence says about a state of things, a possibility or a claim is no event; party members and
captured people. Project-written sentences (none from a gold set), modelled on errors read in real web pages."""

from __future__ import annotations

import pytest

from eventwire.actors.context import ArticleContext
from eventwire.actors.resolver import resolve
from eventwire.events import build_article, code_articles
from eventwire.nlp import get_nlp

PUB = "2025-06-13"


def _codes(text: str) -> list[tuple]:
    return [
        (
            e.event_type,
            e.mode,
            e.modality,
            (e.source.country, e.source.sector) if e.source else None,
            (e.target.country, e.target.sector) if e.target else None,
        )
        for e in code_articles([build_article(text, PUB)])[0]
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a threat to a thing is a danger, not a threat made
        "A spokesman for the Foreign Office reiterated Britain's position that the settlements \"are illegal, present "
        'an obstacle to peace and threaten the viability of a two-state solution".',
        # a warning about how things are, not about what the warner will do
        "Union representatives in Karachi have long warned that staff shortages have taken their toll on officers.",
        'The Election Commission of Pakistan warned that "voters are entitled to transparency from campaigners".',
        # "as alleged": where a claim comes from
        '"As alleged, the Pakistani officials had a duty to protect the inmates," the prosecutor said.',
        # a condition with no subject, and a counterfactual
        "The Pakistani officer faces 15 years in prison if convicted.",
        "If the Pakistani president had approved the plan, the Indian minister would have known.",
        # a walk back, no retraction
        "The Greek protesters eventually backtracked to the vigil site in Athens.",
        # questions asked
        'The Pakistani prosecutor asked the Afghan witness, "Are you going to change your story every time?"',
        "The Pakistani jurors asked the holdouts how many people the Afghan militant would have to kill.",
        # a released document
        "Pakistani police have released an alleged confession from the Afghan suspect.",
        # people fleeing into a building ask nobody
        "Hundreds of Afghans had sought refuge from the fighting in a Pakistani school.",
    ],
)
def test_states_possibilities_and_claims_are_no_event(text):
    assert _codes(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        # the threat stands when it names the threatener's act
        ("Iran threatened the United States with retaliation.", ("THREATEN", "IRN", "USA")),
        (
            "Iran warned that the consequences will be severe if the United States attacks.",
            ("THREATEN", "IRN", None),
        ),
        ("Russia warned Ukraine that it would respond to any provocation.", ("THREATEN", "RUS", "UKR")),
    ],
)
def test_threats_that_name_an_act_stay(text, expected):
    codes = _codes(text)
    assert expected in [(c[0], c[3] and c[3][0], c[4] and c[4][0]) for c in codes], codes


def test_a_concession_and_an_effect_on_relations_are_no_act():
    # "no matter how many people he killed" was ASSAULT denied; "would further heighten tensions" REJECT
    conceded = _codes(
        "Nichols was saved from a death sentence by three Pakistani jurors who were determined that he instead "
        "spend his life in prison, no matter how many people he killed."
    )
    assert "ASSAULT" not in [c[0] for c in conceded], conceded
    heightened = _codes(
        "Russia's foreign ministry said it viewed the move as a violation and said it would likely further heighten "
        "tensions with Ukraine."
    )
    assert "REJECT" not in [c[0] for c in heightened], heightened


def test_a_request_a_fear_and_a_car_crash():
    # the request stands; a fear makes the feared act hypothetical; a motorist's crash is no fight
    assert [c[0] for c in _codes("The Pakistani minister asked Afghanistan to hand over the suspects.")] == [
        "DEMAND"
    ]
    assert [c[0] for c in _codes("Some 800,000 Iraqi Kurds sought refuge in Germany last month.")] == [
        "DEMAND"
    ]
    feared = _codes(
        "The president of South Sudan said he fears the Khartoum government intends to invade the south."
    )
    assert all(c[2] == "hypothetical" for c in feared), feared
    assert (
        _codes(
            "A Pakistani woman hit and killed by a motorist in Lahore might be alive if the driver had stopped."
        )
        == []
    )


def test_a_town_of_the_prison_is_no_detainee():
    # "He is currently being held at Belmarsh prison in London" was an arrest of London
    codes = _codes("The Afghan suspect is currently being held at a prison in Karachi.")
    assert all(c[4] is None or c[4][1] is not None for c in codes), codes


def test_an_accusation_of_two_acts_holds_both():
    # "accused U.S. forces of controlling bandit formations and disrupting a UN plan" also coded the US SANCTION
    codes = _codes(
        "The Russian defence ministry accused U.S. forces in Syria of controlling bandit formations and disrupting "
        "a United Nations plan to return refugees."
    )
    assert [c[0] for c in codes] == ["DISAPPROVE"], codes


def test_eagerness_is_an_intention():
    # "has been eager to withdraw" was RETREAT asserted
    codes = _codes("Pakistan is keen to hold talks with India.")
    assert [(c[2], c[3][0], c[4][0]) for c in codes] == [("intended", "PAK", "IND")], codes


def test_captured_people_are_arrested():
    # "the Indian Navy captured 23 pirates" was the model's ASSAULT (or FIGHT); a captured town stays FIGHT
    codes = _codes("The Indian Navy captured 23 Somali pirates in the Gulf of Aden on Saturday.")
    assert [(c[0], c[1], c[3], c[4]) for c in codes] == [
        ("COERCE", "arrest", ("IND", "MIL"), ("SOM", "CRM"))
    ], codes


def _actors(text: str) -> dict[str, tuple]:
    doc = get_nlp()(text)
    return {m.text: (m.actor.country, m.actor.sector) for m in resolve(doc, ArticleContext(published=PUB))}


@pytest.mark.parametrize(
    "text, mention, expected",
    [
        ("Grisham accused the Democrats of hatred.", "the Democrats", ("USA", "PTY")),
        ("Senate Republicans blocked the bill.", "Senate Republicans", ("USA", "PTY")),
        ("Johnson's Tories promised a deal.", "Johnson's Tories", ("GBR", "PTY")),
        # another party's name: no country from the word alone
        ("The Liberal Democrats won seats.", "The Liberal Democrats", (None, "PTY")),
        # merchant ships are businesses, prison guards police
        ("Pirates seized an Ethiopian cargo ship.", "an Ethiopian cargo ship", ("ETH", "BUS")),
        (
            "A Russian warship fired on a Ukrainian merchant vessel.",
            "a Ukrainian merchant vessel",
            ("UKR", "BUS"),
        ),
        ("A Pakistani prison guard was attacked by inmates.", "A Pakistani prison guard", ("PAK", "COP")),
        # a listed name whose appositive names another country's office: the office tells who he is
        (
            "John Williams, the president of the Federal Reserve Bank of New York, said growth slowed.",
            "John Williams",
            ("USA", "GOV"),
        ),
    ],
)
def test_party_members_and_offices_in_apposition(text, mention, expected):
    actors = _actors(text)
    assert actors.get(mention) == expected, actors


def test_a_spared_sentence_is_no_arrest():
    # "saved from a death sentence by three jurors" was PETRARCH's arrest (173)
    saved = _codes("The Afghan militant was saved from a death sentence by three Pakistani jurors.")
    assert "COERCE" not in [c[0] for c in saved], saved


def test_a_place_a_distance_is_measured_from_is_a_landmark():
    # "attacked this merchant ship ... 150 nautical miles west of Aden" made the attack's target Yemen's capital
    from eventwire.events.coder import _landmark

    doc = get_nlp()("Pirates attacked a ship 150 nautical miles west of Aden, and troops entered Aden.")
    mentions = resolve(doc, ArticleContext(published=PUB))
    marks = {m.text: _landmark(doc, m) for m in mentions if m.text == "Aden"}
    assert [_landmark(doc, m) for m in mentions if m.text == "Aden"] == [True, False], marks


def test_an_undated_article_is_told_from_the_latest_year_it_names():
    # ECB+ documents carry no date: "He initially was imprisoned on February 1979" in a story of 1998 was asserted
    alone = "Pakistani police arrested the Afghan militant in Lahore in February 1979."
    later = alone + " The militant escaped from a prison in Lahore in 2001, officials said."
    assert [e.modality for e in code_articles([build_article(alone, None)])[0]] == ["asserted"]
    assert [e.modality for e in code_articles([build_article(later, None)])[0]] == ["historical"]


def test_two_sides_acting_together_have_no_third_party_of_their_own():
    # demo article 16: "the two sides also agreed to speed up joint irrigation projects financed by Turkish firms" was
    # AGREE Iraq -> Turkish firms and Turkey -> Turkish firms
    text = (
        "Iraq urged Turkey to release more water during talks in Baghdad on Tuesday. "
        "The two sides also agreed to speed up joint irrigation projects financed by Turkish firms."
    )
    agreed = [e for e in code_articles([build_article(text, PUB)])[0] if e.event_type == "AGREE"]
    assert [(e.reciprocal, {e.source.country, e.target.country}) for e in agreed] == [
        (True, {"IRQ", "TUR"})
    ], [(e.source, e.target) for e in agreed]

"""Modality: asserted | denied | intended | historical | hypothetical, and the type changes it implies."""

from __future__ import annotations

import pytest

from eventwire.events import extract
from eventwire.events.modality import read_modality
from eventwire.nlp import get_nlp

PUB = "2025-11-28"


def _events(text, **kw):
    return extract(text, published=kw.get("published", PUB))


@pytest.mark.parametrize(
    ("text", "etype", "modality"),
    [
        ("Pakistan accused Afghanistan of harbouring militants.", "DISAPPROVE", "asserted"),
        ("Kabul denied the allegations on Friday.", "REJECT", "asserted"),  # a denial is itself asserted
        (
            "North Korea threatened to attack South Korea.",
            "THREATEN",
            "asserted",
        ),  # "threatened to" is asserted
        ("India did not attack Pakistani positions, the army said.", "FIGHT", "denied"),
        ("Israel never released the prisoners.", "RETREAT", "denied"),
        ("In 2012 the Taliban shot Malala Yousafzai in Swat.", "ASSAULT", "historical"),
        # an agreement to act is an agreement made (DESIGN.md; coder 0.5.49), a promise is intended
        ("Pakistan and Russia agreed to expand cooperation in energy.", "AGREE", "asserted"),
        ("Pakistan pledged to expand cooperation with Russia in energy.", "AGREE", "intended"),
        ("Pakistan and Russia agreed to meet again in Moscow in March.", "AGREE", "intended"),
        # the means of an action shares its modality
        ("Russia responded by expelling two Moldovan diplomats on Monday.", "SANCTION", "asserted"),
        # an act told as the purpose of another that took place
        (
            "The U.S. secretary of state telephoned the Russian foreign minister on Tuesday to discuss a settlement.",
            "CONSULT",
            "asserted",
        ),
    ],
)
def test_modality_of_coded_events(text, etype, modality):
    found = [e for e in _events(text) if e.event_type == etype]
    assert found, [(e.event_type, e.modality) for e in _events(text)]
    assert found[0].modality == modality


@pytest.mark.parametrize(
    "text",
    [
        "Iran could retaliate against Israel.",
        "Russia may impose sanctions on Moldova.",
        # the means of a possible action is as possible as the action
        "Analysts said Russia could retaliate by expelling a Moldovan diplomat.",
        "The two sides could finalize an agreement in the next few weeks, if negotiators decide to compromise.",
    ],
)
def test_speculation_is_no_event(text):
    # coder 0.5.47: forecasts and suppositions ("could", "may", "if") are left uncoded, as the coding manual says
    assert [(e.event_type, e.modality) for e in _events(text)] == []


def test_future_meeting_is_intended_agree():
    ev = _events("Russian Foreign Minister Sergei Lavrov will visit Islamabad next month.")[0]
    assert (ev.event_type, ev.modality) == ("AGREE", "intended")
    assert ev.date == "2025-12" and ev.date_precision == "month"


def test_planned_visit_is_intended():
    ev = _events("Turkey's president plans to visit Pakistan in January.")[0]
    assert ev.modality == "intended"
    assert ev.event_type == "AGREE"


def test_intended_force_is_a_threat():
    ev = _events("Iran will strike Israel if it attacks its nuclear sites.")[0]
    assert ev.event_type == "THREATEN"
    assert ev.mode == "violence"


def test_refused_cooperation_is_reject():
    ev = _events("The United States said it would not provide military aid to Niger.")[0]
    assert (ev.event_type, ev.modality) == ("REJECT", "asserted")
    assert ev.mode == "assist"


def test_reported_future_with_would_is_intended():
    ev = _events("Japan said it would provide humanitarian aid to Gaza.")[0]
    assert ev.modality == "intended"
    assert ev.event_type == "AGREE"


def test_historical_dates_never_become_the_publication_date():
    for ev in _events("The TTP attacked a school in Peshawar in 2014, killing more than 130 children."):
        assert ev.modality == "historical"
        assert ev.date == "2014"


def test_recent_past_year_keeps_its_date_but_stays_asserted():
    ev = _events("Pakistan expelled Afghan diplomats in 2024.")[0]
    assert ev.date == "2024"
    assert ev.modality == "asserted"


def test_read_modality_on_a_parse():
    nlp = get_nlp()
    doc = nlp("Pakistan will not attend the summit.")
    attend = [t for t in doc if t.lemma_ == "attend"][0]
    reading = read_modality(attend)
    assert reading.modality == "denied" and reading.refused is True
    doc = nlp("If Russia attacks, NATO will respond.")
    attacks = [t for t in doc if t.lower_ == "attacks"][0]
    reading = read_modality(attacks)  # inside the condition: hypothetical, not a threat by Russia
    assert reading.modality == "hypothetical" and reading.conditional is False
    doc = nlp("NATO will respond if Russia attacks.")
    respond = [t for t in doc if t.lower_ == "respond"][0]
    reading = read_modality(respond)  # the main clause of a condition: the threat form
    assert reading.modality == "intended" and reading.conditional is True


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        # an ability in the past tense reports the act as done (hand-judged sample of coder 0.5.2, #47)
        (
            "After a struggle, officers in Minneapolis were able to apprehend the man a few blocks away.",
            "asserted",
        ),
        ("Officers in Minneapolis may be able to apprehend the man soon.", "hypothetical"),
        ("Officers in Minneapolis were not able to apprehend the man.", "denied"),
    ],
)
def test_were_able_to_is_an_act(text, modality):
    assert [(e.event_type, e.modality) for e in _events(text)] == [("COERCE", modality)]


def test_a_time_clause_under_a_condition_tells_a_fact():
    nlp = get_nlp()
    # coder 0.5.23: "killed" read hypothetical from the "whether" of the clause its "before" clause depends on
    doc = nlp("Whether the gunman knew the officer before he shot him could decide the charges.")
    shot = next(t for t in doc if t.lower_ == "shot")
    assert read_modality(shot).modality == "asserted"
    doc = nlp("If the gunman shoots a hostage, police will storm the building.")
    shoots = next(t for t in doc if t.lower_ == "shoots")
    assert read_modality(shoots).modality == "hypothetical"


# coder 0.5.29: a story whose headline or lead reports a court's step tells the crime it judges as background
COURT_STORY = (
    "Jury convicts Tulsa man of murder in death of neighbour\n\n"
    "A jury in Tulsa on Thursday convicted a 41-year-old man of first-degree murder in the death of his neighbour.\n"
    "Prosecutors said Dale Morrow shot Kevin Ames outside his house after an argument over a fence.\n"
    "Morrow was arrested at a motel in Tulsa two days later.\n"
)


def _story(text, title):
    from eventwire.events import build_article, code_articles

    return code_articles([build_article(text, "2026-03-06", title=title)])[0]


def test_a_court_story_tells_the_crime_and_arrest_as_background():
    events = _story(COURT_STORY, "Jury convicts Tulsa man of murder")
    found = {(e.event_type, e.modality) for e in events}
    assert ("ASSAULT", "historical") in found and ("COERCE", "historical") in found, found
    assert ("ASSAULT", "asserted") not in found and ("COERCE", "asserted") not in found, found


def test_outside_a_court_story_the_same_acts_are_news():
    text = COURT_STORY.replace(
        "Jury convicts Tulsa man of murder in death of neighbour\n\n"
        "A jury in Tulsa on Thursday convicted a 41-year-old man of first-degree murder in the death of his "
        "neighbour.\n",
        "Tulsa man dies after dispute with neighbour\n\n"
        "A 41-year-old man in Tulsa died on Thursday after a dispute with his neighbour over a fence line.\n",
    )
    events = _story(text, "Tulsa man dies after dispute with neighbour")
    found = {(e.event_type, e.modality) for e in events}
    assert ("ASSAULT", "asserted") in found and ("COERCE", "asserted") in found, found


def test_a_recent_dated_act_in_a_court_story_stays_news():
    text = COURT_STORY.replace("two days later", "on Sunday")
    events = _story(text, "Jury convicts Tulsa man of murder")
    assert ("COERCE", "asserted") in {(e.event_type, e.modality) for e in events}


def test_a_past_conviction_named_as_a_description_is_no_court_story():
    from eventwire.events.coder import _lead_court, build_article

    article = build_article(
        "A convicted robber who escaped from a prison van in Ohio last week was caught on Monday by state police.",
        "2026-03-06",
        title="Escaped inmate caught after week on the run",
    )
    assert not _lead_court(article)
    assert _lead_court(build_article("Jury finds Ohio man guilty of robbery at a bank.", "2026-03-06"))


def test_an_act_with_no_object_did_not_happen():
    # coder 0.5.30: "reached no formal agreement" is a denied AGREE, not an asserted one
    found = {
        (e.event_type, e.modality)
        for e in _events("Russia and Ukraine reached no agreement in Istanbul on Monday.")
    }
    assert ("AGREE", "denied") in found and ("AGREE", "asserted") not in found, found


@pytest.mark.parametrize(
    "text, etype, modality",
    [
        # coder 0.5.31: the past perfect of a main clause tells what came before the story's events
        (
            "The defendant had offered to plead guilty in Ohio in return for a life sentence.",
            "AGREE",
            "historical",
        ),
        # ... but not the news backshifted under a report, nor a time counted from the story's own
        ("Police in Ohio said the man had fired at officers before he fled.", "ASSAULT", "asserted"),
        (
            "The UN Security Council had met behind closed doors in New York on Saturday.",
            "CONSULT",
            "asserted",
        ),
        ("By Sunday, Russian forces had captured the town of Avdiivka in Ukraine.", "FIGHT", "asserted"),
    ],
)
def test_a_past_perfect_main_clause_is_background(text, etype, modality):
    found = {(e.event_type, e.modality) for e in _events(text)}
    assert (etype, modality) in found, found

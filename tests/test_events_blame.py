"""Coder 0.5.49: blame stated ("said X was behind the bombing"), the doer of an attack carried out "by" someone, a
pair acting about a place, fighting alongside, speculation ("is likely to", the purpose of a possible act), coordinated
victims placed together, and the date of an intention stated in the past. Project-written sentences (none from a gold
set), modelled on errors read in the seed articles (Pakistan and Afghanistan, Pakistan and Russia)."""

from __future__ import annotations

import pytest

from _coding_helpers import coded_rows
from eventwire.events import build_article, code_articles

PUB = "2025-04-18"  # a Friday


def _events(text: str) -> list[tuple]:
    fields = ("event_type", "source.country", "source.sector", "target.country", "target.sector", "modality")
    return coded_rows(text, PUB, fields)


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "Israel said Hezbollah was responsible for the attack on the border post.",
            ("DISAPPROVE", "ISR", "GOV", "LBN", "REB", "asserted"),
        ),
        (
            "Iraqi officials said the Islamic State was behind the bombing of the market.",
            ("DISAPPROVE", "IRQ", "GOV", None, "REB", "asserted"),
        ),
        (
            "Pakistani security sources said they had irrefutable evidence that militants in Afghanistan were behind "
            "a recent wave of attacks.",
            ("DISAPPROVE", "PAK", "MIL", "AFG", "REB", "asserted"),
        ),
    ],
)
def test_blame_is_an_accusation_of_the_one_named(text: str, expected: tuple) -> None:
    assert expected in _events(text)


@pytest.mark.parametrize(
    "text",
    [
        "Hezbollah said it was not behind the attack on the border post.",
        "Police said a faulty wire was responsible for the fire at the market.",
    ],
)
def test_no_blame_without_someone_named_or_when_denied(text: str) -> None:
    assert not [e for e in _events(text) if e[0] == "DISAPPROVE"]


def test_an_attack_carried_out_by_someone_has_that_doer() -> None:
    events = _events(
        "One attack last week that killed 11 security personnel and two civilians in Bajaur district was undertaken "
        "by an Afghan national, according to Pakistani security sources."
    )
    # the doer is the agent of "undertaken"; the place phrase of the last victims places both
    assert ("ASSAULT", "AFG", "CVL", "PAK", "MIL", "asserted") in events
    assert ("ASSAULT", "AFG", "CVL", "PAK", "CVL", "asserted") in events


def test_a_pair_acting_about_a_place_is_reciprocal() -> None:
    events = _events(
        "Pakistani and Russian officials met in Moscow on Thursday. Both sides expressed their commitment to "
        "fostering peace and stability in Afghanistan."
    )
    agree = [e for e in events if e[0] == "AGREE"]
    assert agree and all(e[3] in ("PAK", "RUS") for e in agree)


def test_fighting_alongside_is_cooperation_with_that_party() -> None:
    events = _events("The TTP fought alongside the Afghan Taliban against US-led forces in Afghanistan.")
    assert ("COOPERATE", "PAK", "REB", "AFG", "REB", "asserted") in events


@pytest.mark.parametrize(
    "text",
    [
        "Pakistan is likely to intensify its military campaign against the Taliban, analysts say.",
        "Kabul's retaliation could come in the way of raids on border posts and attacks to target security forces.",
    ],
)
def test_speculation_is_not_coded(text: str) -> None:
    assert _events(text) == []


def test_a_purpose_of_an_act_that_took_place_stays() -> None:
    events = _events(
        "Pakistan's prime minister telephoned the Russian president to discuss the border crisis."
    )
    assert any(e[0] == "CONSULT" for e in events)


def test_an_intention_stated_in_the_past_is_dated_by_the_statement() -> None:
    (pledge,) = code_articles(
        [build_article("ISLAMABAD: Pakistan on Thursday pledged to expand its cooperation with Russia.", PUB)]
    )[0][:1]
    assert (pledge.event_type, pledge.modality, pledge.date) == ("AGREE", "intended", "2025-04-17")
    (meeting,) = code_articles([build_article("Pakistan and Russia will meet on Thursday.", PUB)])[0][:1]
    assert meeting.date == "2025-04-24"


def test_an_agreement_to_act_is_an_agreement_made() -> None:
    (agree,) = code_articles(
        [
            build_article(
                "ISLAMABAD: Pakistan and Russia on Thursday agreed to advance their partnership.", PUB
            )
        ]
    )[0][:1]
    assert (agree.event_type, agree.modality, agree.date) == ("AGREE", "asserted", "2025-04-17")


def test_a_warning_of_someone_elses_attacks_is_no_threat() -> None:
    events = _events(
        "Ghanaian officials have warned that attacks by jihadist groups in Burkina Faso could spill into Ghana's "
        "northern regions."
    )
    assert not [e for e in events if e[0] == "THREATEN"]
    assert ("THREATEN", "AFG", "REB", "PAK", "GOV", "asserted") in _events(
        "The Taliban warned that Pakistan would bear the consequences."
    )


def test_a_clause_with_its_own_subject_is_out_of_a_negation() -> None:
    from eventwire.events.modality import read_modality
    from eventwire.nlp import get_nlp

    doc = get_nlp()(
        "Pakistan's military did not comment directly, but a Pakistani security official said the operation had "
        "targeted terrorist hideouts used by the TTP."
    )
    targeted = next(t for t in doc if t.text == "targeted")
    assert read_modality(targeted).modality == "asserted"


def test_a_large_city_taken_is_a_place_not_a_person() -> None:
    events = _events("The M23 seized Goma in January and Bukavu in February.")
    assert [(e[0], e[1], e[3]) for e in events] == [("FIGHT", "COD", "COD")]


def test_people_freed_by_a_side_are_not_the_datelines() -> None:
    text = (
        "DOHA: The government of the Democratic Republic of Congo and the M23 rebel movement released dozens of "
        "detainees on Wednesday in an exchange facilitated by Qatari officials."
    )
    released = [e for e in _events(text) if e[0] == "RETREAT"]
    assert released and all(e[3] == "COD" for e in released)


def test_a_meeting_told_in_the_passive_is_between_the_storys_two_countries() -> None:
    text = (
        "NAIROBI: Kenya and Ethiopia signed two agreements on Wednesday at the end of talks between their foreign "
        "ministers. The next session of the commission will be held in Addis Ababa in 2026, the communique said."
    )
    planned = {(e[1], e[3], e[5]) for e in _events(text) if e[0] == "AGREE" and e[5] == "intended"}
    assert planned & {("KEN", "ETH", "intended"), ("ETH", "KEN", "intended")}


def test_a_demand_to_end_attacks_is_aimed_at_the_attackers() -> None:
    events = _events(
        "Bangladesh demanded an end to the killing of Bangladeshi nationals by Indian border personnel."
    )
    assert ("DEMAND", "BGD", "GOV", "IND", "MIL", "asserted") in events


def test_a_headline_passive_charge_names_the_one_charged() -> None:
    from eventwire.events import arguments as args_
    from eventwire.nlp import get_nlp

    doc = get_nlp()("Brother charged after Aberdare woman found dead")
    charged = next(t for t in doc if t.text == "charged")
    assert args_.headline_passive(charged) and args_.is_passive(charged)
    # the same words with a closing stop and an object are an active sentence
    doc = get_nlp()("Police charged the brother on Monday.")
    assert not args_.headline_passive(next(t for t in doc if t.text == "charged"))
    assert not [e for e in _events("Brother charged after Aberdare woman found dead") if e[2] == "CVL"]


def test_a_haven_for_armed_groups_is_an_accusation_of_its_country() -> None:
    events = _events(
        "Islamabad says that the leadership of militant group Tehreek-e-Taliban Pakistan (TTP) and many of its "
        "fighters are based in Afghanistan, and that armed insurgents seeking independence for the southwestern "
        "Pakistani province of Balochistan also use Afghanistan as a safe haven."
    )
    assert ("DISAPPROVE", "PAK", "GOV", "AFG", "GOV", "asserted") in events
    assert ("DISAPPROVE", "PAK", "GOV", "AFG", None, "asserted") in _events(
        "Pakistan says TTP militants use Afghan soil as a launchpad for attacks."
    )


def test_a_legal_contest_is_no_fight() -> None:
    assert _events("Assange is battling extradition to the United States.") == []
    assert ("FIGHT", "NGA", "MIL", "NGA", "REB", "asserted") in _events(
        "Nigerian troops battled Boko Haram fighters near the border."
    )


def test_a_present_state_is_not_dated_by_an_earlier_clause() -> None:
    (remain,) = code_articles(
        [
            build_article(
                "Roughly 13,000 US troops remain in Afghanistan, 18 years after Washington invaded the country in "
                "the wake of the September 11, 2001 attacks.",
                "2019-11-20",
            )
        ]
    )[0][:1]
    assert remain.modality == "asserted" and remain.date == "2019-11-20"


def test_a_party_accused_is_accused_by_critics_not_prosecutors() -> None:
    events = _events("Britain's Conservative Party was accused Wednesday of trying to deceive voters.")
    assert not [e for e in events if e[2] == "JUD"]
    assert ("DISAPPROVE", "USA", "JUD", "USA", "CVL", "asserted") in _events(
        "A Texas man was accused Wednesday of killing his neighbour in Dallas."
    )


def test_asking_about_a_matter_is_a_question_not_a_demand() -> None:
    assert _events("Republican counsel Steve Castor asked Morrison about concerns within the NSC.") == []
    assert ("DEMAND", "PAK", "GOV", "AFG", "GOV", "asserted") in _events(
        "Pakistan asked Afghanistan to hand over the suspects."
    )
    assert ("INVESTIGATE", "USA", "COP", "USA", "CVL", "asserted") in _events(
        "Police questioned the suspect about the killing in Dallas."
    )


def test_an_aircraft_shot_down_did_not_shoot() -> None:
    events = _events(
        '"US Chinook helicopter shot down and completely destroyed last night while trying to raid Mujahideen '
        '(Taliban) position in Pangram area of Sarkh, Logar," Taliban spokesman Zabihullah Mujahid said.'
    )
    assert ("FIGHT", "USA", "MIL", "AFG", "REB", "asserted") not in events  # the helicopter shot no Taliban
    assert ("FIGHT", "USA", "MIL", "AFG", None, "asserted") in events  # its raid, in Logar (was Sarh, Chad)
    assert ("FIGHT", "RUS", "MIL", "UKR", "MIL", "asserted") in _events(
        "The Russian jet shot down two Ukrainian drones over Crimea."
    )


def test_what_a_denial_denies_is_not_its_target() -> None:
    text = "The British royal blankly denied having sex with underage girls supplied to him by Epstein."
    assert [e for e in _events(text) if e[0] == "REJECT"] == [("REJECT", "GBR", None, None, None, "asserted")]
    # a state in the denied act is the likely accuser
    assert ("REJECT", "RUS", "GOV", "UKR", "GOV", "asserted") in _events("Russia denied attacking Ukraine.")


def test_threats_received_are_the_named_threateners() -> None:
    assert ("THREATEN", "AFG", "REB", "PAK", "MED", "asserted") in _events(
        "The Pakistani journalist received death threats from the Taliban."
    )
    assert not _events(
        "Penn State quarterback Sean Clifford said he received death threats on social media after the loss."
    )


def test_a_mediation_participle_mediates_between_the_acts_parties() -> None:
    events = _events(
        "Russia and Ukraine each handed over 146 prisoners of war on Thursday in an exchange mediated by the United "
        "Arab Emirates."
    )
    mediations = {(e[1], e[3]) for e in events if e[0] == "CONSULT"}
    assert mediations == {("ARE", "RUS"), ("ARE", "UKR")}
    assert any(e[0] == "RETREAT" and {e[1], e[3]} == {"RUS", "UKR"} for e in events)

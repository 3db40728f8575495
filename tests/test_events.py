"""The event coder on project-written sentences: every PLOVER type, modes, direction, several events per
sentence, no events where there is no political event, evidence, ids, extract() on text and HTML."""

from __future__ import annotations

import pytest

from eventwire.events import CODER_VERSION, build_article, code_article, code_articles, extract
from eventwire.events.mapping import PLOVER_TYPES

PUB = "2025-11-28"  # a Friday

# Two project-written newswire sentences per PLOVER type (none taken from any gold set).
TYPE_CASES = [
    ("AGREE", "Pakistan and Russia agreed on Thursday to expand cooperation in energy and trade."),
    ("AGREE", "Japan pledged to provide Ukraine with additional air defence systems."),
    (
        "CONSULT",
        "Pakistan's foreign minister Ishaq Dar met Russian Foreign Minister Sergei Lavrov in Moscow on Monday.",
    ),
    ("CONSULT", "Iranian and Saudi officials held talks in Baghdad last week."),
    ("SUPPORT", "The European Union praised Kenya for its role in the peace process."),
    ("SUPPORT", "Germany welcomed the ceasefire announcement by Israel."),
    ("CONCEDE", "The Sudanese government lifted the curfew in Khartoum on Sunday."),
    ("CONCEDE", "Thailand's military government eased restrictions on political gatherings."),
    ("COOPERATE", "India and France held joint naval exercises in the Arabian Sea."),
    ("COOPERATE", "Turkey extradited two suspects to Germany on Friday."),
    ("AID", "The United States provided $50 million in humanitarian aid to Sudan."),
    ("AID", "China donated medical supplies to Nepal after the earthquake."),
    ("RETREAT", "Russia withdrew its troops from the Kherson region."),
    ("RETREAT", "Israel released 30 Palestinian prisoners on Tuesday."),
    ("INVESTIGATE", "The United Nations launched an investigation into the killings in Darfur."),
    ("INVESTIGATE", "Pakistani police are investigating the attack on the Chinese convoy."),
    ("DEMAND", "The United States urged Iran to release the detained journalists."),
    ("DEMAND", "Ukraine demanded the withdrawal of Russian forces from its territory."),
    ("DISAPPROVE", "Pakistan accused Afghanistan of harbouring militants."),
    ("DISAPPROVE", "China criticized Japan over the visit to the shrine."),
    ("REJECT", "Kabul rejected the allegations by Islamabad."),
    ("REJECT", "Venezuela refused to meet the American envoy."),
    ("THREATEN", "North Korea threatened to attack South Korea."),
    ("THREATEN", "Iran warned Israel of a crushing response."),
    ("PROTEST", "Thousands of Kenyan protesters demonstrated in Nairobi against the new tax law."),
    ("PROTEST", "Pakistani students staged a protest outside the parliament in Islamabad."),
    ("MOBILIZE", "India deployed additional troops along the border with China."),
    ("MOBILIZE", "Russia mobilized reservists near the Finnish border."),
    ("SANCTION", "The European Union imposed sanctions on Belarus."),
    ("SANCTION", "Niger expelled the French ambassador on Friday."),
    ("COERCE", "Iranian police arrested dozens of protesters in Tehran."),
    ("COERCE", "The Taliban government banned women from attending universities in Afghanistan."),
    ("ASSAULT", "A suicide bomber killed 12 civilians at a market in Peshawar."),
    ("ASSAULT", "Gunmen abducted 20 students in northern Nigeria."),
    ("FIGHT", "Pakistan carried out air strikes on Afghan border posts overnight."),
    ("FIGHT", "Israeli tanks shelled Hamas positions in Gaza."),
]


@pytest.fixture(scope="module")
def coded_cases():
    articles = [build_article(text, PUB) for _, text in TYPE_CASES]
    return code_articles(articles)


def test_cases_cover_all_eighteen_types():
    assert {t for t, _ in TYPE_CASES} == set(PLOVER_TYPES)


@pytest.mark.parametrize("i", range(len(TYPE_CASES)))
def test_each_type_is_coded(coded_cases, i):
    want, text = TYPE_CASES[i]
    types = [e.event_type for e in coded_cases[i]]
    assert want in types, (text, types)


def _one(events, etype):
    found = [e for e in events if e.event_type == etype]
    assert found, [e.event_type for e in events]
    return found[0]


def test_accusation_and_denial_are_two_events_with_direction():
    events = extract("Pakistan accused Afghanistan of harbouring militants; Kabul denied it.", published=PUB)
    accuse = _one(events, "DISAPPROVE")
    deny = _one(events, "REJECT")
    assert (accuse.mode, accuse.source.country, accuse.target.country) == ("accuse", "PAK", "AFG")
    assert (deny.mode, deny.source.country, deny.target.country) == ("deny", "AFG", "PAK")
    assert deny.source.sector == "GOV"  # "Kabul" stands for the Afghan government
    assert accuse.cameo_code == "112" and accuse.cameo_root == "11" and accuse.quad_class == 3
    assert deny.cameo_code == "016" and deny.quad_class == 3
    assert {e.event_type for e in events} == {"DISAPPROVE", "REJECT"}


def test_a_denial_of_what_was_alleged_answers_the_accuser():
    # the seed's wording: the militants are inside what Kabul denies; the denial answers Islamabad
    events = extract(
        "Islamabad accuses the Taliban government of harbouring militants who carry out attacks in Pakistan.\n\n"
        "Kabul for its part has repeatedly denied allowing militants to use Afghan territory to launch attacks.",
        published=PUB,
    )
    deny = _one(events, "REJECT")
    assert (deny.mode, deny.source.country, deny.target.country) == ("deny", "AFG", "PAK")
    assert deny.target.sector == "GOV"


def test_modes_accuse_versus_criticize():
    accuse = _one(extract("Iran accused Israel of sabotage at the Natanz site.", published=PUB), "DISAPPROVE")
    criticize = _one(extract("Egypt condemned Ethiopia over the dam project.", published=PUB), "DISAPPROVE")
    assert accuse.mode == "accuse"
    assert criticize.mode == "criticize"


def test_reciprocal_agreement_is_one_event_with_both_countries():
    events = extract("Pakistan and Russia agreed on Thursday to expand cooperation in energy.", published=PUB)
    agree = _one(events, "AGREE")
    assert agree.reciprocal is True
    assert {agree.source.country, agree.target.country} == {"PAK", "RUS"}
    assert len([e for e in events if e.event_type == "AGREE"]) == 1


def test_signing_agreements_is_agree_per_design():
    events = extract(
        "Pakistan and Russia signed a protocol and three MoUs in Islamabad on Thursday.", published=PUB
    )
    agree = _one(events, "AGREE")
    assert agree.cameo_code == "057"
    assert agree.modality == "asserted"
    assert agree.date == "2025-11-27" and agree.date_source == "text"
    assert len([e for e in events if e.event_type == "AGREE"]) == 1  # the MoUs do not make a second event


def test_the_two_sides_resolve_to_the_dyad_in_focus():
    text = (
        "Pakistan and Russia held talks in Islamabad on Thursday. "
        "At the end of the session, the two sides signed the official protocol."
    )
    agree = _one(extract(text, published=PUB), "AGREE")
    assert {agree.source.country, agree.target.country} == {"PAK", "RUS"}
    assert agree.reciprocal is True


def test_several_events_in_one_sentence():
    text = "Russia expelled two British diplomats, and Britain imposed sanctions on Russian banks on Tuesday."
    types = {e.event_type for e in extract(text, published=PUB)}
    assert {"SANCTION"} <= types
    assert len(extract(text, published=PUB)) >= 2


@pytest.mark.parametrize(
    "text",
    [
        "The weather in Islamabad was pleasant on Thursday.",
        "Pakistan's cricket team won the final against Australia.",
        "The forum has become an important mechanism for bilateral trade.",
        "Pakistan's population is about 240 million people.",
    ],
)
def test_no_event_without_a_political_event(text):
    assert extract(text, published=PUB) == []


@pytest.mark.parametrize(
    "text", ["Short Url", "Updated 28 November 2025", "Follow", "Leave a Reply", "Previous"]
)
def test_chrome_lines_yield_no_event(text):
    assert extract(text, published=PUB) == []


def test_historical_event_keeps_its_own_date():
    events = extract("In 2012 the Taliban shot Malala Yousafzai in Swat.", published=PUB)
    ev = events[0]
    assert ev.modality == "historical"
    assert ev.date == "2012" and ev.date_precision == "year" and ev.date_source == "text"
    assert ev.date != PUB


def test_current_event_without_a_date_takes_the_publication_date():
    ev = _one(extract("Pakistan accused Afghanistan of harbouring militants.", published=PUB), "DISAPPROVE")
    assert (ev.date, ev.date_precision, ev.date_source) == (PUB, "day", "published")


def test_no_publication_date_means_no_date():
    ev = _one(extract("Pakistan accused Afghanistan of harbouring militants."), "DISAPPROVE")
    assert ev.date is None and ev.date_source == "none"


def test_future_session_is_intended_agree_with_future_date():
    text = (
        "Pakistan and Russia concluded the commission's session in Islamabad on Thursday. "
        "The two sides will hold the next session of the commission in Moscow in 2026."
    )
    article = build_article(text, PUB)
    events = [e for e in code_article(article) if e.evidence[0].char_start > 0]
    ev = events[0]
    assert ev.event_type == "AGREE"
    assert ev.modality == "intended"
    assert ev.date == "2026"
    assert ev.reciprocal and {ev.source.country, ev.target.country} == {"PAK", "RUS"}


def test_event_record_fields_and_evidence_offsets():
    text = "Header line\n\nISLAMABAD: Pakistan accused Afghanistan of harbouring militants. Kabul denied it."
    article = build_article(text, PUB, url="https://example.org/a")
    events = code_article(article)
    assert events
    for ev in events:
        assert ev.coder_version == CODER_VERSION
        assert ev.event_type in PLOVER_TYPES
        assert len(ev.cameo_root) == 2 and ev.cameo_code.startswith(ev.cameo_root)
        assert ev.quad_class in (1, 2, 3, 4)
        assert -10 <= ev.goldstein <= 10
        assert 0 <= ev.confidence <= 1 and ev.confidence == ev.confidences.overall
        evid = ev.evidence[0]
        assert evid.article_id == article.article_id
        assert text[evid.char_start : evid.char_end] == evid.sentence
        assert evid.url == "https://example.org/a" and evid.published == PUB
        assert evid.trigger


def test_event_ids_are_stable():
    text = "Pakistan accused Afghanistan of harbouring militants; Kabul denied it."
    first = [e.event_id for e in extract(text, published=PUB)]
    second = [e.event_id for e in extract(text, published=PUB)]
    assert first == second and len(set(first)) == len(first) == 2


def test_extract_on_html_runs_the_cleaning_stage():
    html = (
        "<html><head><title>Border tension</title></head><body><nav>Home | World | Follow</nav>"
        "<article><h1>Border tension</h1><p>ISLAMABAD: Pakistan accused Afghanistan of harbouring militants on "
        "Thursday, officials said.</p><p>Kabul denied the allegations and called for dialogue.</p></article>"
        "<footer>Leave a Reply</footer></body></html>"
    )
    events = extract(html, published=PUB)
    types = {e.event_type for e in events}
    assert "DISAPPROVE" in types
    assert all("<" not in e.evidence[0].sentence for e in events)


def test_empty_and_odd_texts_give_no_events():
    assert extract("") == []
    assert extract("   \n\n  ") == []
    assert code_articles([build_article("\u200b" * 10), build_article("!!!! ???? ....")]) == [[], []]


def test_code_articles_keeps_order_and_one_list_per_article():
    arts = [build_article("The weather was fine."), build_article("Iran threatened to attack Israel.", PUB)]
    out = code_articles(arts)
    assert len(out) == 2 and out[0] == [] and out[1][0].event_type == "THREATEN"


def test_reported_obligation_is_a_demand_on_the_obliged_actor():
    ev = _one(
        extract("The United States said Russia must withdraw its troops from Ukraine.", published=PUB),
        "DEMAND",
    )
    assert (ev.source.country, ev.target.country) == ("USA", "RUS")


def test_vow_to_use_force_is_a_threat():
    ev = _one(extract("Iran vowed to retaliate against Israel.", published=PUB), "THREATEN")
    assert ev.mode == "violence" and ev.target.country == "ISR"


def test_complement_of_a_threat_sets_the_mode():
    ev = _one(
        extract("The military government threatened to impose a curfew in Yangon.", published=PUB), "THREATEN"
    )
    assert ev.mode == "curfew" and ev.cameo_code == "1323"


def test_violence_against_civilians_is_assault_and_aircraft_fighting_is_fight():
    assault = extract(
        "Militants from the Islamic State killed 20 civilians in a village in Syria.", published=PUB
    )
    assert {e.event_type for e in assault} == {"ASSAULT"}
    fight = _one(
        extract("Russian warplanes bombed Ukrainian army positions near Bakhmut.", published=PUB), "FIGHT"
    )
    assert fight.mode == "heavy-weapons"


def test_visit_place_is_the_target_when_no_actor_is_named():
    ev = _one(
        extract("Russian Foreign Minister Sergei Lavrov arrived in Islamabad on Thursday.", published=PUB),
        "CONSULT",
    )
    assert ev.mode == "visit" and ev.target.country == "PAK"
    assert ev.location is not None and ev.location.country == "PAK"


def test_statement_verbs_alone_code_nothing():
    assert extract("The spokesman said the situation in Kabul remained calm on Friday.", published=PUB) == []


def test_huge_paragraphs_do_not_break_the_splitter():
    from eventwire.events.segment import MAX_PARAGRAPH_CHARS, split_sentences

    text = "word " * (MAX_PARAGRAPH_CHARS // 2) + "Iran threatened to attack Israel."
    spans = split_sentences(text)
    assert spans and all(e - s <= 600 for s, e in spans)
    assert code_articles([build_article("y" * 250_000)]) == [[]]

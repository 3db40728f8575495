"""Who acts on whom: argument constructions of the coder on project-written sentences (none from a gold set).

Each case names one construction; the expected event is (type, source ISO3, target ISO3) with IGO for
international organisations, and None where no actor should be coded.
"""

from __future__ import annotations

import pytest

from eventwire.events import build_article, code_articles

PUB = "2025-06-13"


def _country(actor):
    if actor is None:
        return None
    if actor.kind == "igo" or actor.sector == "IGO":
        return "IGO"
    return actor.country


CASES = [
    # place targets: the people of the place where the act falls, read through the gazetteer
    (
        "place in a town phrase",
        "Israeli forces withdrew from the town of Jenin after a three-day raid.",
        ("RETREAT", "ISR", "PSE"),
    ),
    (
        "place inside the object",
        "The Peruvian government lifted the state of emergency in Arequipa on Monday.",
        ("CONCEDE", "PER", "PER"),
    ),
    (
        "named place as object",
        "Kurdish fighters captured Raqqa after a four-month battle.",
        ("FIGHT", None, "SYR"),
    ),
    (
        "complement place of a threat",
        "The governor threatened to impose a curfew in Lahore, Pakistani media said.",
        ("THREATEN", None, "PAK"),
    ),
    (
        "victims keep who they are, placed",
        "Gunmen shot dead a local journalist in Karachi on Tuesday.",
        ("ASSAULT", None, "PAK"),
    ),
    # pairs and their venue
    (
        "a pair meeting at a third place",
        "Envoys from Ethiopia and Egypt held talks in Khartoum on Monday.",
        ("CONSULT", "ETH", "EGY"),
    ),
    ("a list read as an apposition", "The US, Ghana, and Togo met on Monday.", ("CONSULT", "GHA", "TGO")),
    (
        "mediation between two parties",
        "Turkish diplomats mediated between Ukraine and Russia.",
        ("CONSULT", "TUR", "UKR"),
    ),
    (
        "offer to mediate between",
        "Kenya offered to mediate between Sudan and South Sudan.",
        ("AGREE", "KEN", "SDN"),
    ),
    (
        "clashes between two forces",
        "Clashes between Indian and Chinese troops left twenty soldiers dead.",
        ("FIGHT", "IND", "CHN"),
    ),
    (
        "talks between, resumed",
        "Talks between Armenia and Azerbaijan resumed in Geneva.",
        ("CONSULT", "ARM", "AZE"),
    ),
    # targets one phrase down
    (
        "memorandum of understanding with",
        "Ghana signed a memorandum of understanding with Togo on electricity.",
        ("AGREE", "GHA", "TGO"),
    ),
    (
        "spoke by telephone with",
        "The Brazilian president spoke by telephone with the Argentine president.",
        ("CONSULT", "BRA", "ARG"),
    ),
    (
        "proposal put forward by",
        "Ukraine rejected the peace plan put forward by Brazil.",
        ("REJECT", "UKR", "BRA"),
    ),
    (
        "seized from",
        "Colombian troops seized a cargo of cocaine from Ecuadorian traffickers.",
        ("COERCE", "COL", "ECU"),
    ),
    (
        "the condition's subject is threatened",
        "Serbia threatened to recall its envoy unless Croatia apologised.",
        ("THREATEN", "SRB", "HRV"),
    ),
    (
        "an accusation through a claim",
        "Azerbaijan claimed that Armenian troops had shelled its border villages.",
        ("DISAPPROVE", "AZE", "ARM"),
    ),
    (
        "the subject of an allegation",
        "Mali alleged that Algeria had armed the northern rebels.",
        ("DISAPPROVE", "MLI", "DZA"),
    ),
    (
        "wanting another actor to act is an appeal",
        "Germany wants Hungary to lift its veto on the aid package.",
        ("DEMAND", "DEU", "HUN"),
    ),
    # implied targets
    (
        "a protest addresses its own government",
        "Thousands of Kenyan teachers marched in Nairobi on Tuesday.",
        ("PROTEST", "KEN", "KEN"),
    ),
    (
        "repression falls on the own population",
        "Belarusian police detained dozens of people in Minsk.",
        ("COERCE", "BLR", "BLR"),
    ),
    # the subject noun is the event
    (
        "event noun subject of an outcome verb",
        "Turkish air strikes on Kurdish positions in Iraq killed six fighters.",
        ("FIGHT", "TUR", "IRQ"),
    ),
    (
        "claimed responsibility for",
        "Al-Shabaab claimed responsibility for the bombing of a hotel in Kismayo.",
        ("ASSAULT", "SOM", "SOM"),
    ),
    (
        "leaving an organisation is a sanction",
        "Niger announced its withdrawal from ECOWAS on Sunday.",
        ("SANCTION", "NER", "IGO"),
    ),
    # a restated stance: its possessor is the speaker's own side, the complement names the other
    (
        "restated commitment to another country",
        "Foreign Minister Ishaq Dar reaffirmed Pakistan's commitment to deepen ties with Russia.",
        ("AGREE", "PAK", "RUS"),
    ),
    (
        "expressed readiness to help another country",
        "The Chinese foreign minister expressed China's readiness to help Afghanistan rebuild its economy.",
        ("AGREE", "CHN", "AFG"),
    ),
    (
        "confirmed willingness",
        "Putin confirmed Russia's willingness to supply oil to Pakistan.",
        ("AGREE", "RUS", "PAK"),
    ),
    # the victims of an attack are the people of the place attacked, not of the attacker's nationality word
    (
        "the object of an attack is its place; a big city the tagger reads as a person",
        "Russian shelling of Kharkiv killed six civilians on Monday, Ukrainian officials said.",
        (None, "RUS", "UKR"),
    ),
    (
        "an armed force's nationality is not its victims'",
        "Israeli forces attacked a UN school in Gaza City, killing three people.",
        ("ASSAULT", "ISR", "PSE"),
    ),
    (
        "a meeting with someone, planned (PETRARCH's 'meet with' default is no event)",
        "President Bush will meet with exiled dissidents from Myanmar on Friday.",
        ("AGREE", "USA", "MMR"),
    ),
    (
        "a police force's nationality is the arrested people's",
        "Iranian police arrested dozens of protesters on Friday.",
        ("COERCE", "IRN", "IRN"),
    ),
    (
        "arson is ASSAULT (PLOVER 2.0, the news manual), not COERCE destroy",
        "Masked protesters in Athens set fire to three banks on Saturday.",
        ("ASSAULT", "GRC", "GRC"),
    ),
    (
        "rioters are actors; torching is ASSAULT",
        "Rioters torched two banks in central Athens on Sunday.",
        ("ASSAULT", "GRC", "GRC"),
    ),
]


@pytest.fixture(scope="module")
def coded():
    return code_articles([build_article(text, PUB) for _, text, _ in CASES])


@pytest.mark.parametrize("i", range(len(CASES)), ids=[c[0] for c in CASES])
def test_argument_construction(coded, i):
    name, text, (etype, src, tgt) = CASES[i]
    events = [e for e in coded[i] if etype is None or e.event_type == etype]  # None: FIGHT or ASSAULT alike
    got = [(_country(e.source), _country(e.target), e.reciprocal) for e in events]
    assert events, (text, [e.event_type for e in coded[i]])

    def ok(e):
        pair = {_country(e.source), _country(e.target)}
        if e.reciprocal:
            return {src, tgt} <= pair
        return (src is None or _country(e.source) == src) and _country(e.target) == tgt

    assert any(ok(e) for e in events), (text, got)


@pytest.mark.parametrize(
    "text",
    [
        "Heavy rain flooded parts of Dhaka on Sunday.",
        "A landslide struck a village in northern Nepal.",
        "The Brazilian national team beat Argentina 2-0 in Rio.",
        "Officials hoped the suspects would soon be charged.",
        # a visit or a call with no one visited or called is no consultation (the judged samples: "police
        # arrived", "Ortiz's visit", "Flynn's phone called the pay-as-you-go phone")
        "The Ohio governor visited the church on Saturday.",
        "The plan enjoyed support from Spain and Italy, diplomats said.",
    ],
)
def test_no_event_without_a_political_actor_doing_something(text):
    assert code_articles([build_article(text, PUB)])[0] == []


def test_a_possible_wish_is_no_appeal():
    events = code_articles(
        [build_article("The Portuguese president might want the minister to resign one day.", PUB)]
    )[0]
    assert not [e for e in events if e.event_type == "DEMAND"]


def test_an_implied_target_does_not_lower_the_event_confidence():
    with_target, without = code_articles(
        [
            build_article("Chilean students marched against the education reform.", PUB),
            build_article("Chilean students marched against Chile's government.", PUB),
        ]
    )
    implied = [e for e in with_target if e.event_type == "PROTEST"][0]
    written = [e for e in without if e.event_type == "PROTEST"][0]
    assert implied.target.country == "CHL" and implied.target.sector == "GOV"
    assert implied.confidences.target < written.confidences.target
    assert implied.confidence >= written.confidence - 0.05


def test_the_possessor_of_an_arrest_is_the_one_arrested():
    # "Assange's arrest", "Hassan's detention": the possessor is the patient; "Israel's strikes": the agent
    from eventwire.actors import ArticleContext, resolve_actors
    from eventwire.events import arguments
    from eventwire.nlp import get_nlp

    nlp = get_nlp()
    doc = nlp("Ahmed Hassan's arrest angered his supporters.")
    index = arguments.MentionIndex(resolve_actors(doc[:], ArticleContext()))
    noun = next(t for t in doc if t.lemma_ == "arrest")
    assert arguments.noun_source(noun, index) == ([], 0.0)
    targets, _ = arguments.noun_targets(noun, index, "COERCE")
    assert [m.text for m in targets] == ["Ahmed Hassan"]
    doc = nlp("Israel's strikes hit Gaza.")
    index = arguments.MentionIndex(resolve_actors(doc[:], ArticleContext()))
    noun = next(t for t in doc if t.lemma_ == "strike")
    assert [m.text for m in arguments.noun_source(noun, index)[0]] == ["Israel"]


ATTACK_STORY = (
    "NAIROBI: Kenyan jets bombed al-Shabaab camps in Somalia's Gedo region on Tuesday, military officials said.\n\n"
    "Somali elders in Gedo said the strikes hit two villages near the river, killing five civilians.\n\n"
    "A spokesman for the Somali government condemned the strikes as an attack on Somali sovereignty and warned "
    "that Kenya would face consequences."
)


@pytest.fixture(scope="module")
def attack_story():
    return code_articles([build_article(ATTACK_STORY, PUB)])[0]


def test_the_strikes_told_before_keep_their_attacker_and_place(attack_story):
    # "the strikes hit two villages, killing five civilians": Kenya's strikes, in Somalia, on Somali civilians
    killed = [e for e in attack_story if e.evidence[0].trigger == "killing"]
    assert killed, [(e.event_type, e.evidence[0].trigger) for e in attack_story]
    assert _country(killed[0].source) == "KEN"
    assert _country(killed[0].target) == "SOM"
    assert killed[0].location is not None and killed[0].location.country == "SOM"


def test_condemning_the_strikes_criticises_their_attacker(attack_story):
    condemned = [e for e in attack_story if e.event_type == "DISAPPROVE"]
    assert [(_country(e.source), _country(e.target)) for e in condemned] == [("SOM", "KEN")]


def test_a_warning_is_about_the_subject_of_what_it_warns_of(attack_story):
    warned = [e for e in attack_story if e.event_type == "THREATEN"]
    assert [(_country(e.source), _country(e.target)) for e in warned] == [("SOM", "KEN")]


def test_an_attack_noun_with_its_own_attacker_is_no_reference_back():
    events = code_articles(
        [
            build_article(
                "Russian forces shelled Kharkiv on Monday. On Tuesday Ukraine condemned Belarus's strikes on its "
                "border posts.",
                PUB,
            )
        ]
    )[0]
    condemned = [e for e in events if e.event_type == "DISAPPROVE"]
    assert all(_country(e.target) != "RUS" for e in condemned), [
        (_country(e.source), _country(e.target)) for e in condemned
    ]


def test_a_clause_on_a_noun_is_no_participle_of_its_patient():
    # "Trump's announcement that the US and China had reached a deal": the two reached it; Trump is no party
    events = code_articles(
        [
            build_article(
                "Despite President Macron's announcement that Japan and Chile had reached a trade agreement, "
                "signing it has proved elusive.",
                PUB,
            )
        ]
    )[0]
    agree = [e for e in events if e.event_type == "AGREE"]
    assert agree and all({_country(e.source), _country(e.target)} == {"JPN", "CHL"} for e in agree), [
        (_country(e.source), _country(e.target)) for e in agree
    ]


def test_mediators_of_talks_are_no_parties():
    # "negotiations facilitated by Norway, Qatar and Egypt ceased the hostilities": no event among the mediators
    events = code_articles(
        [
            build_article(
                "Negotiations facilitated by Norway, Qatar and Egypt ended the hostilities and a ceasefire was put "
                "in place.",
                PUB,
            )
        ]
    )[0]
    mediators = {"NOR", "QAT", "EGY"}
    assert not [e for e in events if {_country(e.source), _country(e.target)} <= mediators], [
        (e.event_type, _country(e.source), _country(e.target)) for e in events
    ]


@pytest.mark.parametrize(
    ("text", "etype", "expected"),
    [
        (
            "Once close to the Afghan Taliban, Islamabad now accuses them of harboring militants.",
            "DISAPPROVE",
            ("PAK", "AFG"),
        ),
        (
            "Kenya's president met Ethiopia's prime minister and urged him to reopen the border.",
            "DEMAND",
            ("KEN", "ETH"),
        ),
    ],
)
def test_an_object_pronoun_stands_for_the_actor_named_before_it(text, etype, expected):
    events = [e for e in code_articles([build_article(text, PUB)])[0] if e.event_type == etype]
    assert [(_country(e.source), _country(e.target)) for e in events] == [expected]


def test_an_object_pronoun_after_a_thing_is_left_alone():
    # "it" is mostly a thing or a claim; "them" after plural things may be those things
    from eventwire.actors import ArticleContext, resolve_actors
    from eventwire.nlp import get_nlp

    for text in (
        "After Poland drafted the treaty, Hungary signed it.",
        "Poland drafted the rules and Hungary signed them.",
    ):
        doc = get_nlp()(text)
        assert not [m for m in resolve_actors(doc[:], ArticleContext()) if m.text in ("it", "them")]


def test_a_refusal_read_as_reject_is_asserted():
    events = code_articles(
        [
            build_article(
                "Iran will not accept any attempt to limit its missile programme, the foreign minister said.",
                PUB,
            )
        ]
    )[0]
    rejects = [e for e in events if e.event_type == "REJECT"]
    assert rejects and all(e.modality == "asserted" for e in rejects), [
        (e.event_type, e.modality) for e in events
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Norway's oil production beat forecasts in October, the Norwegian government said.",
        "Ottawa held on to beat Detroit 3-2 on Saturday.",
        "When he finished a chapter, the Russian writer fired it off to friends in Moscow.",
    ],
)
def test_a_verb_of_violence_in_another_sense_is_no_attack(text):
    events = code_articles([build_article(text, PUB)])[0]
    assert not [e for e in events if e.event_type in ("ASSAULT", "FIGHT")], [e.event_type for e in events]


def test_police_executing_a_warrant_kill_nobody():
    events = code_articles(
        [build_article("Police executed a search warrant at a house in Dallas on Friday.", PUB)]
    )[0]
    assert not [e for e in events if e.event_type == "ASSAULT"]


def test_not_supporting_a_policy_is_a_criticism():
    events = code_articles(
        [build_article("Brazil did not support the resolution at the United Nations on Tuesday.", PUB)]
    )[0]
    assert [(e.event_type, e.modality, _country(e.source)) for e in events] == [
        ("DISAPPROVE", "asserted", "BRA")
    ]


def test_a_state_named_like_a_country_follows_the_article():
    # "a Georgia judge" in a story about Atlanta is American, not from the Caucasus
    text = (
        "A Georgia judge sentenced a man to life in prison on Tuesday for a shooting in Atlanta.\n\n"
        "The judge said the U.S. Customs agent killed in the attack had served for twenty years in Atlanta."
    )
    events = code_articles([build_article(text, PUB)])[0]
    countries = {_country(a) for e in events for a in (e.source, e.target) if a is not None}
    assert "GEO" not in countries and "USA" in countries, [
        (e.event_type, _country(e.source), _country(e.target)) for e in events
    ]


def test_a_person_named_like_a_town_is_no_place_of_the_story():
    # "LaSalle" (a town in Quebec) is the suspect here; Burnsville and Bloomington make the story American
    from eventwire.events.coder import _home_country
    from eventwire.nlp import get_nlp

    text = (
        "Anthony Phillip LaSalle of Bloomington was charged on Friday with murder.\n\n"
        "A woman of Burnsville was killed when LaSalle struck her outside a store in Bloomington.\n\n"
        "Police pulled LaSalle over a few blocks away, police in Burnsville said."
    )
    nlp = get_nlp()
    assert _home_country([nlp(p) for p in text.split("\n\n")], text) == "USA"


@pytest.mark.parametrize(
    "text",
    [
        "The Iranian foreign minister declined to say where the talks would be held.",
        "Russia's foreign ministry declined to comment on the report.",
        "A spokesman for the Kenyan police refused to elaborate.",
    ],
)
def test_declining_to_comment_is_no_rejection(text):
    assert not [e for e in code_articles([build_article(text, PUB)])[0] if e.event_type == "REJECT"]


# Phrases from the hand-judged sample of coder 0.5.2 (docs/samples/judged-coder-0.5.2.md), each in a short article
# that places its actors (Detroit, Phoenix, Redmond), as the sampled articles did.
NO_SUCH_EVENT = [
    (
        "Though the police declined to release the names of the two men, a newspaper identified them.",
        "REJECT",
    ),
    (
        "Jeffs called a defense witness, church elder JD Roundy, who spent ten minutes on the stand.",
        "CONSULT",
    ),
    ("The US software giant said it immediately mobilized security engineering teams worldwide.", "MOBILIZE"),
    ("She said he travelled to China for a while, where he studied Mandarin.", "CONSULT"),
    ("The attack killed 40 Palestinians seeking shelter from the war in Gaza.", "DEMAND"),
    ("Comeaux was serving a sentence of life in prison for a 1998 conviction.", "DISAPPROVE"),
    ("Jeffs has already spent more time in an Arizona jail cell than he would have spent in prison.", "AID"),
    ("A spending bill signed by President Obama on March 11 allows Salazar to rescind the rule.", "PROTEST"),
    # and from the news gold dev split's false positives (coder 0.5.3)
    (
        "As police and military personnel struggled to reach affected areas late Tuesday, two aftershocks hit.",
        "FIGHT",
    ),
    ("LaSalle is expected to appear in court next Monday.", "THREATEN"),
    (
        "On March 3, Obama overturned another Bush regulation that weakened the Endangered Species Act.",
        "DISAPPROVE",
    ),
    ("The Bush administration issued two late-term regulations on Thursday.", "DEMAND"),
]
_PLACES = "The story is from Detroit, Michigan. Phoenix, Arizona and Redmond, Washington are named too.\n\n"


@pytest.mark.parametrize(("text", "etype"), NO_SUCH_EVENT, ids=[e for _, e in NO_SUCH_EVENT])
def test_phrases_that_are_no_such_event(text, etype):
    events = code_articles([build_article(_PLACES + text, PUB)])[0]
    assert not [e for e in events if e.event_type == etype], [
        (e.event_type, e.source and e.source.text) for e in events
    ]


def test_refusing_to_discuss_a_demand_stays_a_rejection():
    events = code_articles(
        [build_article("Russia refused to discuss the return of the islands with Japan.", PUB)]
    )[0]
    assert [(e.event_type, _country(e.source), _country(e.target)) for e in events] == [
        ("REJECT", "RUS", "JPN")
    ]


def test_an_attack_by_someone_unnamed_has_an_unidentified_attacker_of_the_place():
    # the coding manual: unknown attacker, country of the place, CVL; a named attacker stays as written
    unnamed, named = code_articles(
        [
            build_article("Two men were stabbed to death in Lagos on Saturday.", PUB),
            build_article("Gunmen shot dead two men in Lagos on Friday.", PUB),
        ]
    )
    attack = [e for e in unnamed if e.event_type == "ASSAULT"][0]
    assert (attack.source.name, attack.source.code, attack.target.country) == (
        "unidentified attacker",
        "NGACVL",
        "NGA",
    )
    assert [e.source.name for e in named if e.event_type == "ASSAULT"] == ["gunmen"]


def test_a_plea_of_not_guilty_rejects_the_prosecution():
    events = code_articles(
        [build_article("A Kenyan man pleaded not guilty to murder charges in Nairobi.", PUB)]
    )[0]
    pleas = [e for e in events if e.event_type == "REJECT"]
    assert [(_country(e.source), e.target.sector, _country(e.target)) for e in pleas] == [
        ("KEN", "JUD", "KEN")
    ]


def test_declining_to_discuss_anything_is_no_rejection():
    text = "Citing a confidentiality agreement, the Kenyan official declined to discuss anything specific."
    assert not [e for e in code_articles([build_article(text, PUB)])[0] if e.event_type == "REJECT"]


@pytest.mark.parametrize(
    "text",
    [
        "A jury in Nairobi found Samuel Otieno guilty of murder.",
        "Samuel Otieno was found guilty of murder in Nairobi.",
        "Samuel Otieno pleaded guilty to murder in a Nairobi court.",
    ],
)
def test_a_verdict_or_a_guilty_plea_is_a_conviction_by_the_court(text):
    events = [
        e for e in code_articles([build_article(text, PUB)])[0] if e.event_type in ("DISAPPROVE", "COERCE")
    ]
    assert [(e.event_type, e.mode, e.source.sector, _country(e.target)) for e in events] == [
        ("DISAPPROVE", "convict", "JUD", "KEN")
    ]


def test_the_agent_of_a_participle_is_its_source():
    # "the shells fired by Russian troops": the troops fired them
    from eventwire.actors import ArticleContext, resolve_actors
    from eventwire.events import arguments
    from eventwire.nlp import get_nlp

    doc = get_nlp()("Villagers collected the shells fired by Russian troops near Kharkiv.")
    index = arguments.MentionIndex(resolve_actors(doc[:], ArticleContext()))
    fired = next(t for t in doc if t.text == "fired")
    found, _ = arguments.verb_subject(fired, index)
    assert [m.actor.code for m in found] == ["RUSMIL"]


def test_riots_in_a_place_have_no_unidentified_attacker():
    events = code_articles([build_article("Riots erupted in Brooklyn on Sunday after the funeral.", PUB)])[0]
    assert not [e for e in events if e.source is not None and e.source.name == "unidentified attacker"]


def test_firing_a_person_is_a_dismissal_not_a_shooting():
    fired, shot = code_articles(
        [
            build_article("The Kenyan club's owner said he decided on Saturday to fire O'Brien.", PUB),
            build_article("Kenyan police fired at protesters in Nairobi on Saturday.", PUB),
        ]
    )
    assert not [e for e in fired if e.event_type in ("ASSAULT", "FIGHT")]
    assert [e.event_type for e in shot] == ["ASSAULT"]


def test_a_reply_with_artillery_fire_is_an_attack_and_a_reply_to_a_report_is_not():
    fire, words = code_articles(
        [
            build_article(
                "Afghan forces responded with artillery fire on Pakistani border posts on Thursday.", PUB
            ),
            build_article("The Kenyan ministry responded to the report on Monday.", PUB),
        ]
    )
    assert [(e.event_type, _country(e.source), _country(e.target)) for e in fire] == [("FIGHT", "AFG", "PAK")]
    assert words == []


def test_facing_charges_is_the_prosecutions_accusation():
    events = code_articles(
        [build_article("The Kenyan opposition leader faces charges of treason in Nairobi.", PUB)]
    )[0]
    assert [(e.event_type, e.mode, e.source.sector, _country(e.target)) for e in events] == [
        ("DISAPPROVE", "accuse", "JUD", "KEN")
    ]


def test_a_protest_named_as_a_protests_purpose_is_the_same_protest():
    events = code_articles(
        [build_article("Thousands of Chileans marched in Santiago to protest the pension reform.", PUB)]
    )[0]
    assert [(e.event_type, e.modality) for e in events] == [("PROTEST", "asserted")]


def test_taking_to_the_streets_is_a_demonstration():
    text = "About 100,000 Chileans took to the streets of Santiago on Friday to protest austerity measures."
    events = code_articles([build_article(text, PUB)])[0]
    assert [(e.event_type, e.mode, _country(e.source)) for e in events] == [("PROTEST", "demo", "CHL")]


def test_the_one_an_investigation_is_against_is_its_target():
    text = "Sweden dropped its investigation into a rape allegation against Julian Assange on Tuesday."
    events = code_articles([build_article(text, PUB)])[0]
    assert [(e.event_type, e.target.text) for e in events] == [("CONCEDE", "Julian Assange")]


@pytest.mark.parametrize(
    "text",
    [
        "The facility in Texas has not been officially sanctioned by the court.",
        "Retaliatory tariffs imposed by China have particularly hurt U.S. farmers.",
    ],
)
def test_approval_and_economic_harm_are_no_sanction_or_attack(text):
    assert not [
        e for e in code_articles([build_article(text, PUB)])[0] if e.event_type in ("SANCTION", "ASSAULT")
    ]


def test_a_phrase_the_lexicon_knows_is_no_event_is_not_coded_whatever_the_model_reads():
    # "released the body camera footage": the curated lexicon blocks it; the model's RETREAT reading must not
    # bring it back through the sentence's main verb
    text = "Federal prosecutors in Texas released the body camera footage on Friday."
    assert code_articles([build_article(text, PUB)])[0] == []


@pytest.mark.parametrize(
    "text",
    [
        # a material act done to someone, with no one written it is done to: a missed recipient or no event
        # (PLOVER requires a recipient for SANCTION, AID and COOPERATE; in whole articles the one-sided ASSAULT,
        # COERCE and FIGHT events the coder found matched no gold event either)
        "Washington imposed new sanctions on Monday.",
        "Ethiopia delivered food aid on Tuesday, the ministry said.",
    ],
)
def test_a_physical_act_needs_someone_it_is_done_to(text):
    events = code_articles([build_article(text, PUB)])[0]
    assert not events, [
        (e.event_type, e.source and e.source.code, e.target and e.target.code) for e in events
    ]


@pytest.mark.parametrize(
    "text, etype",
    [
        # a statement about a thing, a protest and an inquiry stand with their actor alone
        ("Germany condemned the attack on a synagogue in Berlin on Sunday.", "DISAPPROVE"),
        ("Nigerian authorities opened a probe into the collapse of the bridge.", "INVESTIGATE"),
    ],
)
def test_a_verbal_act_may_have_no_recipient(text, etype):
    events = code_articles([build_article(text, PUB)])[0]
    assert [e.event_type for e in events] == [etype]
    assert events[0].source is not None and events[0].target is None


def test_a_physical_act_keeps_a_coded_recipient():
    events = code_articles(
        [build_article("Police arrested two Kenyan activists in Kampala on Monday.", PUB)]
    )[0]
    assert [(e.event_type, e.target.country if e.target else None) for e in events] == [("COERCE", "KEN")]


def test_the_place_an_act_comes_from_is_not_its_target():
    # the role model read "Gaza" as what was fired at; it is where the rockets came from
    events = code_articles([build_article("Hamas fired rockets from Gaza on Tuesday.", PUB)])[0]
    assert not [e for e in events if e.target is not None and e.target.country == "PSE"]
    # a withdrawal takes its target through "from"
    events = code_articles([build_article("Israeli troops withdrew from Lebanon on Monday.", PUB)])[0]
    assert [(e.event_type, e.target.country) for e in events if e.target] == [("RETREAT", "LBN")]


def test_a_one_sided_event_needs_more_than_a_pronoun_for_its_source():
    # "He rejected the proposal": without a recipient and with only a pronoun for who acted, the event says too
    # little to count (news gold dev precision 0.619 -> 0.650 at equal recall, coder 0.5.1)
    text = (
        "Kenyan President William Ruto arrived in Addis Ababa on Monday. He rejected the proposal on Tuesday."
    )
    events = code_articles([build_article(text, PUB)])[0]
    assert [e.event_type for e in events] == ["CONSULT"]
    # a pronoun with a named recipient stays: the recipient makes it a directed event
    text = (
        "Kenyan President William Ruto arrived in Addis Ababa on Monday. He criticised Ethiopia on Tuesday."
    )
    events = code_articles([build_article(text, PUB)])[0]
    assert ("DISAPPROVE", "ETH") in [(e.event_type, e.target.country if e.target else None) for e in events]


def test_a_participle_accusation_of_a_private_person_is_the_prosecutors_and_dates_the_crime():
    # "the teen accused of shooting and killing ...": prosecutors accuse the teen (no agent written); the killing
    # inside the accusation is the teen's, historical, dated by its own clause ("last May")
    text = (
        "Jermayne Timmons, the teen accused of shooting and killing 10-year-old Kathina Thomas last May in "
        "Albany, went on trial Tuesday in New York."
    )
    (events,) = code_articles([build_article(text, PUB)])
    got = {
        (e.event_type, e.source.text if e.source else None, _country(e.target), e.modality) for e in events
    }
    assert ("DISAPPROVE", "prosecutors", "USA", "asserted") in got, got
    assault = [e for e in events if e.event_type == "ASSAULT"]
    assert assault and all(e.source is not None and e.source.text == "the teen" for e in assault), got
    assert {(e.modality, e.date) for e in assault} == {("historical", "2025-05")}, got
    # the charge is not dated by the crime's clause ("last May"), but by its own sentence ("went on trial Tuesday")
    assert {e.date for e in events if e.event_type == "DISAPPROVE"} == {"2025-06-10"}, got


def test_a_participle_accusation_of_officials_names_no_prosecutors():
    # officials "accused of playing a role in the genocide" are accused by another party (PETR2 gold: no event)
    text = (
        "Rwanda's information minister said Wednesday she hoped a raft of French political and military officials "
        "accused of playing a role in the country's 1994 genocide would soon be indicted for war crimes."
    )
    (events,) = code_articles([build_article(text, PUB)])
    assert not [e for e in events if e.source is not None and e.source.text == "prosecutors"], [
        (e.event_type, e.source and e.source.text) for e in events
    ]


def test_a_town_name_of_two_countries_goes_to_the_one_the_story_is_in():
    # Richmond Hill is a town in Canada and a neighbourhood of Queens; Schenectady and Queens are American
    from eventwire.events.coder import _home_country
    from eventwire.nlp import get_nlp

    text = (
        "Raj Chohan, 59, of Queens, had just parked her car in Richmond Hill when she was hit.\n\n"
        "A police officer chased after the car and arrested Vishwanand Subryan, 23, of Schenectady."
    )
    nlp = get_nlp()
    assert _home_country([nlp(p) for p in text.split("\n\n")], text) == "USA"


def test_place_names_skip_metonyms_and_function_words():
    # "White House" is an alternate name of Casablanca in GeoNames, "To" a town in Burkina Faso
    from eventwire.events.coder import _place_names

    assert [c for c, _, _ in _place_names("The White House said on Monday that talks would go on.")] == [
        "USA"
    ]
    assert _place_names("To be sure, More people came than expected.") == []


def test_a_subjectless_passive_clause_acts_on_the_main_subject():
    # "after being convicted": the court convicted Comeaux (the subject of the clause it hangs on); "Arrested by the
    # CHP, he was booked": an agentless arrest by the police
    (convicted, arrested) = code_articles(
        [
            build_article(
                "Comeaux was serving a life sentence in Texas after being convicted in June 1998 of sexual assault.",
                PUB,
            ),
            build_article(
                "Arrested by the CHP on suspicion of drunken driving in San Diego, he was booked into county jail.",
                PUB,
            ),
        ]
    )
    got = [
        (e.event_type, e.source.text, _country(e.source), e.target.text if e.target else None)
        for e in convicted
    ]
    assert ("DISAPPROVE", "court", "USA", "Comeaux") in got, got
    assert [(e.event_type, e.source.text, _country(e.source)) for e in arrested] == [
        ("COERCE", "police", "USA")
    ]


def test_deaths_in_a_disaster_story_have_no_attacker_but_shootings_do():
    # the quake is named in the lead, not in the sentence that counts the dead (hand-judged sample of coder 0.5.2)
    text = (
        "Soldiers and police are leading rescue operations in Indonesia after a 6.1 magnitude earthquake hit Aceh "
        "province leaving 24 dead.\n\n"
        "In neighbouring Central Aceh district, 10 people were killed and 140 were injured, an official said.\n\n"
        "In Banda Aceh, two men were shot dead by gunmen on Tuesday."
    )
    (events,) = code_articles([build_article(text, PUB)])
    got = {(e.event_type, e.source.text, e.target.text if e.target else None) for e in events}
    assert ("ASSAULT", "gunmen", "two men") in got, got
    assert not [e for e in events if e.event_type in ("ASSAULT", "FIGHT") and e.source.text != "gunmen"], got
    assert {e.source.text for e in events if e.event_type == "AID"} == {"Soldiers", "police"}, got


def test_a_date_in_a_clause_about_something_else_does_not_date_the_event():
    # seed (Pakistan-Afghanistan): 2016 is the offensive's, in a concessive clause; the operations are undated
    text = (
        "Pakistan has launched military operations against the TTP on its own soil with limited success, although "
        "an offensive that ended in 2016 drastically reduced attacks till a few years ago."
    )
    (events,) = code_articles([build_article(text, PUB)])
    fights = [e for e in events if e.event_type == "FIGHT" and _country(e.source) == "PAK"]
    assert fights and all(e.date != "2016" for e in fights), [(e.event_type, e.date) for e in events]
    # a clause that describes the event itself still dates it
    text = "Police arrested a man on Tuesday in the attack carried out on Monday 9 June on a bank in Albany, New York."
    (events,) = code_articles([build_article(text, PUB)])
    assert ("COERCE", "2025-06-10") in {(e.event_type, e.date) for e in events}, [
        (e.event_type, e.date) for e in events
    ]


def test_mediators_of_negotiations_are_not_parties_and_mediate_between_them():
    # GUIDELINES.md hard case 1, in the seed's words: Turkiye, Qatar and Saudi Arabia mediate between Pakistan and
    # Afghanistan; they are never coded as parties to the clashes or to each other
    text = (
        "Pakistan carried out air strikes on Afghanistan's major cities overnight, officials in Islamabad and Kabul "
        "said on Friday. Earlier, border clashes between the two countries killed dozens of soldiers in October "
        "until negotiations facilitated by Turkiye, Qatar and Saudi Arabia ceased the hostilities."
    )
    (events,) = code_articles([build_article(text, PUB)])
    got = {(e.event_type, e.mode, _country(e.source), _country(e.target)) for e in events}
    mediators = {"TUR", "QAT", "SAU"}
    assert {("CONSULT", "mediate", m, p) for m in mediators for p in ("PAK", "AFG")} <= got, got
    assert not [g for g in got if g[0] != "CONSULT" and (g[2] in mediators or g[3] in mediators)], got


def test_a_trigger_read_only_through_a_neighbour_another_word_codes_is_dropped():
    # "lead" (AGREE to the rules) in a visit the model reads as CONSULT, which "visiting" already codes
    text = (
        "Russia's Deputy Foreign Minister Sergei Ryabkov is visiting Islamabad to lead Russia's delegation at the "
        "15th round of the Pakistan-Russia Consultative Group on Strategic Stability."
    )
    (events,) = code_articles([build_article(text, PUB)])
    types = [e.event_type for e in events]
    assert "CONSULT" in types and "AGREE" not in types, types


def test_a_participle_describing_an_armed_group_is_its_standing_aim_not_an_event():
    # seed: "armed insurgents seeking independence for ... Balochistan" is what the group is; a declaration
    # "demanding that ..." is still a demand (PLOVER GSR)
    text = (
        "Islamabad says that armed insurgents seeking independence for the southwestern Pakistani province of "
        "Balochistan are sheltering in Afghanistan."
    )
    (events,) = code_articles([build_article(text, PUB)])
    assert "DEMAND" not in [e.event_type for e in events], [
        (e.event_type, e.source and e.source.text) for e in events
    ]
    text = (
        "The rebel Kurdistan Workers' Party issued a declaration demanding that the Turkish government provide "
        "information on the safety of its leader Abdullah Ocalan."
    )
    (events,) = code_articles([build_article(text, PUB)])
    assert "DEMAND" in [e.event_type for e in events]


def test_a_statement_that_a_state_harbors_militants_is_an_accusation_and_its_denial_answers_it():
    # GUIDELINES.md hard case 2, in the seed's words: AFG -> DISAPPROVE/accuse -> PAK, PAK -> REJECT/deny -> AFG
    text = "The Afghan Taliban say Pakistan harbors fighters from its enemy, the Daesh group, a charge Islamabad denies."
    (events,) = code_articles([build_article(text, PUB)])
    got = {(e.event_type, e.mode, _country(e.source), _country(e.target)) for e in events}
    assert {("DISAPPROVE", "accuse", "AFG", "PAK"), ("REJECT", "deny", "PAK", "AFG")} <= got, got
    # the parser reads "Kabul shelters" as a compound: Kabul is still the one accused
    (events,) = code_articles([build_article("Islamabad says Kabul shelters TTP fighters.", PUB)])
    got = {(e.event_type, _country(e.source), _country(e.target)) for e in events}
    assert ("DISAPPROVE", "PAK", "AFG") in got and "AID" not in {g[0] for g in got}, got
    # a denial of harbouring is no accusation
    (events,) = code_articles([build_article("Islamabad says it does not harbor militants.", PUB)])
    assert "DISAPPROVE" not in [e.event_type for e in events]


def test_a_lone_region_name_places_the_story_a_lone_town_name_does_not():
    from eventwire.events.coder import _home_country
    from eventwire.nlp import get_nlp

    nlp = get_nlp()
    # named once, inside an organisation's name the parser tags ORG (so not counted twice as a place entity)
    text = "Fighters of the National Union for the Total Independence of Angola freed ten hostages on Monday."
    assert _home_country([nlp(text)], text) == "AGO"
    # "Morningside" is a rehab clinic here, and a town name elsewhere: one such name places nothing
    text = "Lohan checked into Morningside on Friday, her lawyer said."
    assert _home_country([nlp(text)], text) is None


def test_a_day_months_before_publication_is_background():
    # from the hand-judged web pages: the July 25 call is background to a November article
    text = (
        "The envoy is likely to face tough questions from lawmakers about Trump's July 25 call when he asked "
        "Ukraine President Volodymyr Zelenskiy for the political investigations."
    )
    (events,) = code_articles([build_article(text, "2019-11-20")])
    assert ("DEMAND", "historical", "2019-07-25") in {(e.event_type, e.modality, e.date) for e in events}
    # last month is still the story's time frame
    (events,) = code_articles(
        [build_article("Kenya and Ethiopia signed a trade agreement on October 22.", "2019-11-20")]
    )
    assert {e.modality for e in events} == {"asserted"}


def test_hosting_an_armed_group_is_no_visit():
    text = "The TTP also fought alongside the Afghan Taliban and hosted Afghan fighters in Pakistan."
    (events,) = code_articles([build_article(text, PUB)])
    assert "CONSULT" not in [e.event_type for e in events]
    (events,) = code_articles(
        [build_article("Pakistan hosted Afghan officials for talks in Islamabad.", PUB)]
    )
    assert ("CONSULT", "AFG", "PAK") in {
        (e.event_type, _country(e.source), _country(e.target)) for e in events
    }


TULSA = "A robbery left a store clerk hurt in Tulsa, Oklahoma, on Sunday night, police in Tulsa said.\n\n"


def _arrests(text):
    return [e for e in code_articles([build_article(text, PUB)])[0] if e.event_type == "COERCE"]


@pytest.mark.parametrize(
    "text, expected",
    [
        # the small parser makes "deputy" the root and hangs "chased ... and arrested" inside the relative clause
        (
            "A deputy that was parked nearby and witnessed the robbery chased after the van and arrested Mark "
            "Doyle, 28, of Broken Arrow, a mile away.",
            ("A deputy", "GOV", "USA", "Mark Doyle", "CVL"),
        ),
        # "He" is the person of the sentence before, even when that sentence holds no event
        (
            "Luckily, a deputy was across the street and saw the robbery.\n\n"
            "He chased down the robber and eventually arrested him.",
            ("He", "GOV", "USA", "the robber", "CVL"),
        ),
        # "him" stands for one person named by a common noun (not the place of the arrest)
        (
            "The deputy chased down the robber and arrested him in Tulsa.",
            ("The deputy", "GOV", "USA", "the robber", "CVL"),
        ),
    ],
)
def test_pronouns_and_parser_slips_keep_who_arrested_whom(text, expected):
    arrests = _arrests(TULSA + text)
    got = [
        (e.source.text, e.source.sector, e.source.country, e.target.text, e.target.sector) for e in arrests
    ]
    assert got == [expected]


@pytest.mark.parametrize(
    "sentence",
    [
        "A drunken driver struck a 70-year-old man with his car in Tulsa and drove off, police said.",
        "A 70-year-old man died in Tulsa on Sunday when a drunken driver hit him and drove off.",
    ],
)
def test_a_traffic_crash_is_no_attack(sentence):
    assert not [e for e in code_articles([build_article(sentence, PUB)])[0] if e.event_type == "ASSAULT"]


def test_a_vehicle_bomb_is_still_an_attack():
    events = code_articles([build_article("A car bomb hit a police convoy in Kabul on Sunday.", PUB)])[0]
    assert [e.event_type for e in events] == ["ASSAULT"]


def test_an_abbreviation_is_no_place_of_the_same_name():
    # "SWAT" (a police team) is also Swat, a district of Pakistan: coder 0.5.15 coded the team, and through it
    # the story, as Pakistani
    text = """LOS ANGELES - A sheriff's deputy was shot and killed on Friday while searching for a suspect.
The suspect, Jose Luis Orozco, was arrested around midnight by a SWAT team three houses from the scene.
Deputies believed they knew where Orozco was hiding and obtained a search warrant.
Sheriff Lee Baca said Orozco was found cowering in a bathtub."""
    events = code_articles([build_article(text, PUB)])[0]
    assert {e.event_type for e in events} >= {"ASSAULT", "COERCE"}
    countries = {_country(a) for e in events for a in (e.source, e.target) if a is not None}
    assert countries == {"USA"}, [(e.event_type, e.source, e.target) for e in events]


def test_a_celebration_is_no_political_party():
    events = code_articles(
        [build_article("Two people were shot at a birthday party in Chicago early Sunday.", PUB)]
    )[0]
    assert events and all(a is None or a.sector != "PTY" for e in events for a in (e.source, e.target)), [
        (e.event_type, e.source, e.target) for e in events
    ]


def test_coordinated_passives_share_their_agent_and_patient():
    # coder 0.5.17: "shot" had no agent (an unidentified attacker shot the teenager) and "killed" no patient (police
    # fought "Athens"); the "by" phrase and the subject belong to both participles
    text = (
        "ATHENS, Greece (AP) - The teenager was shot and killed by police in Athens eight days ago, triggering "
        "violent protests which have spread across the country."
    )
    events = code_articles([build_article(text, PUB)])[0]
    sides = {
        (e.event_type, e.source.text if e.source else None, e.target.text if e.target else None)
        for e in events
    }
    assert ("ASSAULT", "police", "The teenager") in sides, sides
    assert not any(t == "Athens" or s == "unidentified attacker" for _, s, t in sides), sides


def test_an_implied_release_takes_the_articles_home_country():
    # "later released on bond": the authorities who release him are those of the story's country (0.5.17: none)
    text = """SAN DIEGO (AP) - Chargers defensive lineman Jamal Williams was arrested on suspicion of drunken driving.
Arrested by the CHP on suspicion of drunken driving, he was booked into county jail and later released on bond."""
    events = code_articles([build_article(text, "2005-02-03")])[0]
    releases = [e for e in events if e.event_type == "RETREAT"]
    assert releases and all(e.source is not None and e.source.country == "USA" for e in releases), [
        (e.event_type, e.source, e.target) for e in events
    ]


@pytest.mark.parametrize(
    "sentence, wrong",
    [
        # coder 0.5.19: REJECT Papandreou -> unions (the act is the unions' strike, not a rejection)
        (
            "Prime Minister George Papandreou's insistence that the measures are vital for the nation's survival "
            "failed to dissuade unions from paralyzing public services.",
            "REJECT",
        ),
        # coder 0.5.19: DEMAND by the prosecutor (a question put to a witness)
        (
            "When prosecutor Seth Goldman asked whether she shielded her son with her body, Armstead quietly "
            "answered yes.",
            "DEMAND",
        ),
    ],
)
def test_a_failure_or_a_question_is_no_event(sentence, wrong):
    text = "Greece's government announced new austerity measures on Wednesday.\n" + sentence
    events = code_articles([build_article(text, PUB)])[0]
    assert all(e.event_type != wrong for e in events), [(e.event_type, e.source, e.target) for e in events]


@pytest.mark.parametrize(
    "sentence, wrong",
    [
        # coder 0.5.21: RETREAT/release read by the model on a phrase the lexicon blocks ("released ... footage")
        ("The Pentagon released footage showing US troops firing on the militants.", "RETREAT"),
        (
            "Prosecutors in Ohio released the body camera footage when officers shot the suspect last year.",
            "RETREAT",
        ),
        # coder 0.5.21: a forecast read as a threat
        (
            "IMF chief Kristalina Georgieva warned that the crisis could spread to other countries despite the "
            "rescue package.",
            "THREATEN",
        ),
        # coder 0.5.21: a death nobody is said to cause, read as an attack by an unidentified attacker
        (
            "Salvatore Greco, the boss of the Noce district of Palermo, was found dead late last night in "
            "Ucciardone prison in the Sicilian capital.",
            "ASSAULT",
        ),
    ],
)
def test_footage_forecasts_and_deaths_are_no_event(sentence, wrong):
    events = code_articles([build_article(sentence, PUB)])[0]
    assert all(e.event_type != wrong for e in events), [(e.event_type, e.source, e.target) for e in events]


def test_a_warning_of_force_stays_a_threat():
    text = "Russia warned that the deployment of the missiles could trigger a military response."
    events = code_articles([build_article(text, PUB)])[0]
    assert any(e.event_type == "THREATEN" and e.source and e.source.country == "RUS" for e in events), [
        (e.event_type, e.source, e.target) for e in events
    ]


def test_a_capital_where_force_falls_is_the_place_not_its_government():
    # coder 0.5.21: "Nairobi" as target KEN GOV (the capital read as its government)
    text = "Gunmen opened fire on shoppers in Nairobi on Sunday, police said."
    events = code_articles([build_article(text, PUB)])[0]
    placed = [e for e in events if e.target is not None and e.target.text == "Nairobi"]
    assert placed and all(e.target.country == "KEN" and e.target.sector is None for e in placed), [
        (e.event_type, e.source, e.target) for e in events
    ]


def test_a_state_of_the_home_country_is_not_the_country_of_that_name():
    # coder 0.5.23: "Georgia lawmakers" went into the article's memory as the country Georgia, and the deputies, who
    # have no country of their own, took GEO from it
    text = """Courthouse killer Brian Nichols was sentenced on Saturday for the crimes that stunned metro Atlanta and the nation.
Fulton County District Attorney Paul Howard said the three holdouts doomed a death sentence.
He said he would urge Georgia lawmakers to amend the law that now requires a unanimous decision.
On the morning of the escape, Nichols beat a deputy guarding him and stole her gun.
Nichols then escaped and shot and killed another deputy."""
    events = code_articles([build_article(text, PUB)])[0]
    deputies = [e.target for e in events if e.target is not None and "deputy" in e.target.text]
    assert deputies and all(d.country == "USA" for d in deputies), [
        (e.event_type, e.source, e.target) for e in events
    ]


def test_a_place_named_for_a_home_state_is_the_state():
    # coder 0.5.23: "in Georgia" was the country Georgia although the story's places are American
    from eventwire.actors import ArticleContext
    from eventwire.events.coder import _nlp
    from eventwire.places import event_location

    ctx = ArticleContext()
    ctx.home_country = "USA"
    doc = _nlp()("Police arrested the suspect in Georgia on Monday.")
    loc = event_location(doc[:], next(t.i for t in doc if t.lower_ == "arrested"), ctx)
    assert loc is not None and loc.country == "USA", loc


def test_the_news_threatens_not_the_one_who_reports_it():
    # coder 0.5.25: THREATEN by the officials (and the witnesses) who reported the bombing
    text = (
        "A refugee camp in South Sudan's Unity state was bombed Thursday, South Sudan officials and witnesses said, "
        "threatening to raise tensions with Sudan."
    )
    events = code_articles([build_article(text, PUB)])[0]
    assert all(e.event_type != "THREATEN" for e in events), [
        (e.event_type, e.source, e.target) for e in events
    ]
    text = "Israel struck Gaza overnight, the army said, killing three Hamas fighters."
    events = code_articles([build_article(text, PUB)])[0]
    assert any(e.target is not None and "fighters" in e.target.text for e in events), [
        (e.event_type, e.source, e.target) for e in events
    ]


def _sides(text):
    return [
        (
            e.event_type,
            (e.source.text, e.source.country, e.source.sector) if e.source else None,
            (e.target.text, e.target.country, e.target.sector) if e.target else None,
        )
        for e in code_articles([build_article(text, PUB)])[0]
    ]


@pytest.mark.parametrize(
    "text, expected",
    [
        # coder 0.5.27: an event noun with its agent after "by" takes its "of" phrase as the patient, wherever
        # the parser hangs it
        (
            "Riots broke out in Greece on Saturday in protest at the killing by police of a 15-year-old boy.",
            ("ASSAULT", ("police", "GRC", "COP"), ("a 15-year-old boy", "GRC", "CVL")),
        ),
        (
            "The arrest of two journalists by Turkish police drew criticism on Monday.",
            ("COERCE", ("Turkish police", "TUR", "COP"), ("two journalists", "TUR", "MED")),
        ),
    ],
)
def test_an_event_noun_with_its_agent_takes_its_patient(text, expected):
    assert expected in _sides(text), _sides(text)


def test_a_person_of_the_same_code_as_a_body_is_another_party():
    # 0.5.27 places the official in the USA from his title; the court, remembered as the Utah Supreme Court, is
    # USA JUD as he is, and was then dropped as "the same actor"
    text = (
        "In August, the Utah Supreme Court overturned a 2008 verdict of a state court against the sect leader. "
        "He remains in a Utah prison, while the state government is asking its high court to reconsider the "
        'ruling. "We don\'t need him here now," Utah Assistant Attorney General Craig Barlow said, urging the court '
        "to move ahead with the extradition."
    )
    demands = [s for s in _sides(text) if s[0] == "DEMAND" and s[1] and "Barlow" in s[1][0]]
    assert any(d[2] == ("the court", "USA", "JUD") for d in demands), _sides(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        # coder 0.5.27: a country named as a party acts through its state: its government, or its military
        # when it attacks; the one attacked keeps no sector
        ("Sudan denied the claims on Monday.", ("REJECT", ("Sudan", "SDN", "GOV"), None)),
        (
            "India and Pakistan clashed along the border on Friday.",
            ("FIGHT", ("India", "IND", "MIL"), ("Pakistan", "PAK", "MIL")),
        ),
    ],
)
def test_a_country_acts_through_its_state(text, expected):
    assert expected in _sides(text), _sides(text)


def test_a_country_that_attacks_is_its_military_the_one_attacked_no_state():
    sides = [
        s for s in _sides("Israel shelled a refugee camp in Gaza on Tuesday.") if s[0] in ("ASSAULT", "FIGHT")
    ]
    # coder 0.5.43: a refugee camp is its refugees (agents 2026.12), placed in Gaza; it was the place, Gaza
    assert sides and all(
        s[1] == ("Israel", "ISR", "MIL") and s[2] == ("a refugee camp", "PSE", "REF") for s in sides
    ), sides


def test_an_attack_on_a_civilian_place_is_an_assault_on_its_people():
    # coder 0.5.28: a school, a hospital, a refugee camp are their civilians, whoever runs them
    sides = _sides(
        "Three people were killed on Tuesday when Israeli forces attacked another UN school in Gaza City."
    )
    assert ("ASSAULT", ("Israeli forces", "ISR", "MIL"), ("another UN school", "PSE", "CVL")) in sides, sides


def test_a_strain_is_no_coercion():
    # coder 0.5.28 (lexicon_curated v9): "pushed to their limits" is a phrase the lexicon knows is no event, so
    # the sentence model's COERCE reading cannot take the verb (a news gold dev article coded police -> the
    # population of New Zealand from it)
    from eventwire.events.coder import _known_sense
    from eventwire.nlp import get_nlp

    doc = get_nlp()("Police and rescuers were pushed to their limits this weekend.")
    assert not _known_sense(next(t for t in doc if t.lower_ == "pushed"))
    doc = get_nlp()("Police pushed the protesters back on Sunday.")
    assert _known_sense(next(t for t in doc if t.lower_ == "pushed"))


def test_fighting_between_two_is_theirs_not_the_main_clauses_subject():
    # coder 0.5.29: a gerund with no subject of its own is the act of the two it is between
    sides = _sides(
        "Since fighting between the Sudanese army and the SPLM-N began in March, thousands of civilians have fled "
        "Blue Nile state."
    )
    fights = [s for s in sides if s[0] == "FIGHT"]
    assert fights and all(s[1][1] == "SDN" and s[2][1] == "SDN" for s in fights), sides
    assert not any("civilians" in (s[1][0] or "") for s in sides), sides


def test_the_sudanese_liberation_army_is_no_chinese_army():
    from eventwire.actors import lookup_actor

    actor = lookup_actor("Sudanese Peoples' Liberation Army")
    assert actor is not None and (actor.country, actor.sector) == ("SDN", "REB"), actor


def test_a_capital_before_riots_is_where_they_were():
    # coder 0.5.29: "the Athens riots" are riots in Athens, not Greece's government rioting
    sides = _sides("After the Athens riots, the police closed the centre of the city to traffic on Tuesday.")
    assert not any(s[0] == "PROTEST" and s[1] and s[1][0] == "Athens" for s in sides), sides


def test_the_toll_of_protests_names_no_attacker():
    # coder 0.5.29: people hurt in protests are a toll, not the victims of an unidentified attacker
    sides = _sides("At least 40 people in Greece have been hurt in the protests over the past week.")
    assert not any(s[0] == "ASSAULT" for s in sides), sides
    sides = _sides(
        "At least 40 people in Greece have been hurt in a bomb attack on a bus over the past week."
    )
    assert any(s[0] == "ASSAULT" for s in sides), sides


def test_a_crime_a_charge_names_is_the_charged_ones_act():
    # coder 0.5.29: the model's ASSAULT reading of "was charged with sexual assault of a child" takes the crime
    # noun, whose doer is the one charged, not the verb, whose patient is
    sides = _sides(
        "The 60-year-old leader of a religious sect in Texas was charged with sexual assault of a child after "
        "marrying a 14-year-old girl."
    )
    assaults = [s for s in sides if s[0] == "ASSAULT"]
    assert assaults and all(s[1] and "leader" in s[1][0] for s in assaults), sides
    assert not any(s[2] and "leader" in s[2][0] for s in assaults), sides


def test_two_verbs_share_the_object_of_the_last():
    # coder 0.5.29: "shot and killed X": the parser hangs X on "killed"; "shot" takes it too, not the place
    sides = _sides(
        "In Denver's Five Points neighborhood, police shot and killed a robbery suspect on Friday."
    )
    force = [s for s in sides if s[0] in ("ASSAULT", "FIGHT")]
    assert force and all(s[2] and s[2][0] == "a robbery suspect" for s in force), sides


def test_an_agentless_killing_takes_the_one_foreign_attacker_told_before():
    # coder 0.5.29: in a story of one state's strikes on another's side, "people were killed in the school" is
    # that state's attack, not an unidentified attacker's
    text = (
        "Israeli forces attacked a school in Gaza City on Tuesday, killing three people.\n"
        "Later on Tuesday, 30 Palestinians were killed in the Jabaliya school, hospital officials said."
    )
    sides = _sides(text)
    later = [s for s in sides if s[0] == "ASSAULT" and s[2] and "Palestinians" in s[2][0]]
    assert later and all(s[1][1] == "ISR" for s in later), sides


def test_no_court_accuses_an_army():
    # coder 0.5.29: "has been accused of" an army or a government names no prosecutor; people charged still are
    sides = _sides("Sudan's army has often been accused of bombing villages in South Kordofan.")
    assert not any(s[1] and s[1][0] == "prosecutors" for s in sides), sides
    sides = _sides("Three police officers in Chicago were charged with murder on Monday.")
    assert ("DISAPPROVE", ("prosecutors", "USA", "JUD"), ("Three police officers", "USA", "COP")) in sides, (
        sides
    )


@pytest.mark.parametrize(
    "text, target",
    [
        ("Israeli jets hit what the army called Hezbollah sites in southern Lebanon on Tuesday.", "LBN"),
        ("Russian forces shelled what Kyiv said were Ukrainian army positions near Kharkiv.", "UKR"),
        ("Pakistani aircraft struck what officials described as hideouts of the TTP in Afghanistan.", "PAK"),
    ],
)
def test_a_free_relative_object_is_the_thing_it_names(text, target):
    # coder 0.5.29: "struck what officials described as hideouts of the TTP": the hideouts (the TTP's) were struck
    sides = _sides(text)
    assert any(s[0] in ("FIGHT", "ASSAULT") and s[2] and s[2][1] == target for s in sides), sides


def test_a_protest_in_a_town_of_ones_own_country_addresses_the_government():
    # coder 0.5.30: the town is the venue, not the target
    sides = _sides("Thousands of Kenyan teachers protested in Nairobi on Monday over unpaid wages.")
    assert ("PROTEST", ("Kenyan teachers", "KEN", "EDU"), ("Kenya government", "KEN", "GOV")) in sides, sides


def test_an_international_body_is_named_again_by_its_head_word():
    # coder 0.5.30: "the council" after "the UN Security Council" is that council, not a council of Gaza
    text = (
        "The UN Security Council met in New York on Tuesday to discuss the war in Gaza.\n\n"
        "The US ambassador told the council that any agreement must halt rocket attacks from Gaza."
    )
    demands = [s for s in _sides(text) if s[0] == "DEMAND"]
    assert demands and all(s[2] == ("the council", None, "IGO") for s in demands), demands


def test_firing_someone_one_employs_is_no_attack():
    # coder 0.5.30: "fired seven lawyers" is a dismissal
    assert not any(
        s[0] in ("ASSAULT", "FIGHT") for s in _sides("In Texas he fired seven lawyers before his trial.")
    )


def test_a_state_that_opens_an_agency_name_places_the_story():
    # coder 0.5.32: "the California Highway Patrol" is the only sign of where the story is; its officers' arrest is
    # an American event (before, no place name, no home country: the country-less arrest was dropped)
    text = (
        "A truck driver was arrested on suspicion of drunken driving after a crash that closed a freeway for "
        "hours, the California Highway Patrol said.\n\n"
        "Officers arrested the driver, 52, at the scene, a California Highway Patrol spokesman said."
    )
    arrests = [s for s in _sides(text) if s[0] == "COERCE"]
    assert arrests and all(s[2] is not None and s[2][1] == "USA" for s in arrests), _sides(text)
    from eventwire.events.coder import _leading_region

    assert _leading_region("California Highway Patrol", frozenset()) == ("USA", 1, frozenset({"USA"}))
    # a town opens a person's name; a region of two countries names neither; a place alone is read as a place
    assert _leading_region("Warren Gotcher", frozenset()) is None
    assert _leading_region("Punjab Police", frozenset()) is None
    assert _leading_region("California", frozenset()) is None


def test_a_group_named_by_its_kind_acts_in_its_own_country():
    # coder 0.5.32: "environmental groups" are NGOs of the country they act in (the coding manual); a named
    # international NGO keeps no country
    sides = _sides(
        "Environmental groups in Oregon sued the Interior Department on Tuesday over the logging rules."
    )
    assert any(s[0] == "DISAPPROVE" and s[1] and s[1][1:] == ("USA", "NGO") for s in sides), sides
    sides = _sides("Amnesty International condemned the arrest of two journalists in Cairo on Monday.")
    assert any(s[0] == "DISAPPROVE" and s[1] == ("Amnesty International", None, "NGO") for s in sides), sides


@pytest.mark.parametrize(
    "text",
    [
        "Prosecutors in Ohio filed murder charges against the landlord on Friday.",
        "Ohio prosecutors pressed assault charges against two prison guards on Friday.",
    ],
)
def test_filing_or_pressing_charges_is_an_accusation_not_an_arrest(text):
    # coder 0.5.32 (lexicon_curated v10): PETRARCH-2's "file charge against" read CAMEO 173, an arrest
    sides = _sides(text)
    assert [s[0] for s in sides] == ["DISAPPROVE"], sides


def test_a_reported_should_passive_is_the_speakers_criticism():
    # coder 0.5.32: "said X should be held responsible": the speaker accuses X (asserted: said, not hoped for)
    events = code_articles(
        [
            build_article(
                "Kenya's foreign minister said Somalia should be held responsible for the border attack.", PUB
            )
        ]
    )[0]
    got = [(e.event_type, e.modality, _country(e.source), _country(e.target)) for e in events]
    assert ("DISAPPROVE", "asserted", "KEN", "SOM") in got, got
    # a proposal is no act of the speaker's: nobody was invited
    sides = _sides("Kenya's foreign minister said Somalia should be invited to the talks in Nairobi.")
    assert not any(s[0] == "AGREE" for s in sides), sides


def test_where_a_speaker_speaks_from_is_no_target():
    # coder 0.5.33: "speaking by phone from a hospital in Gaza City" says where the speaker is, not whom he meets
    for text in (
        "Speaking by phone from a hospital in Gaza City, Mr Haddad struggled to hide his anger at the attack.",
        "Speaking by telephone from his office in Kabul, the governor struggled to hide his anger at the attack.",
    ):
        sides = _sides(text)
        assert not any(s[0] == "CONSULT" for s in sides), sides


def test_an_agentless_attack_on_people_who_do_not_fight_is_an_assault():
    # coder 0.5.33: "were attacked" with no attacker named: one-sided force by an unidentified attacker
    sides = _sides("Two shops and an office of the finance ministry in Athens were attacked overnight.")
    assert any(s[0] == "ASSAULT" and s[1] == ("unidentified attacker", "GRC", "CVL") for s in sides), sides


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A judge in Atlanta sentenced the gunman to three life terms on Friday.", ("DISAPPROVE", "convict")),
        (
            "Kenya's Supreme Court upheld the sentence of the opposition leader on Monday.",
            ("DISAPPROVE", "convict"),
        ),
    ],
)
def test_a_sentence_is_a_conviction(text, expected):
    # coder 0.5.33 (lexicon_curated v11): the coding manual codes a sentence as DISAPPROVE/convict, court -> defendant
    events = code_articles([build_article(text, PUB)])[0]
    assert (expected[0], expected[1]) in [(e.event_type, e.mode) for e in events], [
        (e.event_type, e.mode) for e in events
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The gunman was spared the death sentence in Atlanta when the jury could not agree.",
        "Katie still lived in Cardiff and had been going out with her boyfriend for two years.",
        # coder 0.5.34 (lexicon_curated v12): "struck up a conversation" begins a talk, no attack
        "Back in 1970, Woodward struck up a conversation with Felt while both were waiting in a White House hallway.",
    ],
)
def test_phrases_that_are_no_event(text):
    # coder 0.5.33: a sentence not passed is no arrest; dating is no meeting
    assert _sides(text) == []


def test_a_call_for_someone_to_act_is_a_demand_on_them():
    # coder 0.5.33: "called for X to visit": the parse makes "for" the mark of the infinitive; X is called on
    sides = _sides(
        "City Councilman Jumaane Williams called for Police Commissioner Raymond Kelly to visit the community in "
        "Brooklyn."
    )
    assert sides == [
        (
            "DEMAND",
            ("City Councilman Jumaane Williams", "USA", "GOV"),
            ("Police Commissioner Raymond Kelly", "USA", "COP"),
        )
    ], sides


def test_a_passive_participle_on_a_noun_is_not_that_nouns_act():
    # coder 0.5.33: "a convicted sex offender sentenced to life ... pulled a gun": the offender was sentenced
    sides = _sides(
        "A convicted sex offender sentenced to life in prison in Texas pulled a gun on two guards on Monday."
    )
    sentencing = [s for s in sides if s[0] == "DISAPPROVE"]
    assert sentencing and all(
        s[1][2] == "JUD" and s[2][0] == "A convicted sex offender" for s in sentencing
    ), sides


def test_him_stands_for_the_person_the_previous_sentence_was_about():
    # coder 0.5.33: an object "him" with no antecedent in its sentence, as "he" does
    text = (
        "Mark Felt accused Nixon of obstructing the FBI investigation in Washington.\n\n"
        "Critics denounced him as a traitor."
    )
    sides = _sides(text)
    assert ("DISAPPROVE", ("Critics", "USA", "CVL"), ("him", "USA", "CVL")) in sides, sides


def test_private_people_meeting_is_no_consultation():
    # coder 0.5.33: two private people who meet or talk do not consult politically; an official meeting does
    assert _sides("Bob Woodward first spoke with Mark Felt in Washington two days after the break-in.") == []
    sides = _sides("Putin met opposition leader Alexei Navalny in Moscow.")
    assert [s[0] for s in sides] == ["CONSULT"], sides


@pytest.mark.parametrize(
    "text",
    [
        # the parse hangs the "if" clause on the main verb, beside the clause of asking
        "When asked by the BBC if the United States intended to attack the pirates' bases in Somalia, the admiral "
        "declined to comment.",
        "Reporters asked whether Russia would retaliate against Ukraine for the strike.",
    ],
)
def test_what_a_question_asks_about_is_no_event(text):
    # coder 0.5.34: the content of an "if" or "whether" question is not an act, not even a hypothetical one
    assert _sides(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Kenya asked Somalia for help if the militants attack the border towns again.",
        "Kenya asked Somalia to hand over the two suspects if they are caught.",
    ],
)
def test_a_condition_on_a_request_is_no_question(text):
    # coder 0.5.34: "asked X for Y if ..." and "asked X to do Y if ...": the "if" is a condition of the demand
    assert [s[0] for s in _sides(text)] == ["DEMAND"], _sides(text)


def test_a_news_outlet_is_media_of_its_home_country():
    # media.tsv 2026.1 (coder 0.5.34): "The New York Times" is a newspaper, not New York; Al Jazeera is Qatari
    sides = _sides("The New York Times accused the White House of hiding the report on Monday.")
    assert sides == [
        ("DISAPPROVE", ("The New York Times", "USA", "MED"), ("the White House", "USA", "GOV"))
    ], sides
    assert _sides("Bob Woodward of The Washington Post met Mark Felt in a garage in Washington.") == []
    sides = _sides("Israel banned Al Jazeera from broadcasting in Jerusalem.")
    assert [(s[0], s[2]) for s in sides] == [("COERCE", ("Al Jazeera", "QAT", "MED"))], sides
    sides = _sides("The Kremlin accused the BBC of spreading lies about the war in Ukraine.")
    assert [(s[0], s[2]) for s in sides] == [("DISAPPROVE", ("the BBC", "GBR", "MED"))], sides
    # names match without regard to case: an outlet whose name reads as words in a sentence is left out
    sides = _sides("The Serbian president met Russia today in Moscow to sign a gas deal.")
    assert ("CONSULT", ("The Serbian president", "SRB", "GOV"), ("Russia", "RUS", "GOV")) in sides, sides


@pytest.mark.parametrize(
    "text",
    [
        "Police in Detroit said LaCalamita had been fired last Thursday as a general accountant at the firm.",
        "Police in Detroit said the man had been fired from his job at the firm last week.",
    ],
)
def test_fired_as_or_from_a_job_is_a_dismissal(text):
    # coder 0.5.34: a passive "fired as an accountant" or "from his job" is no agentless attack on him
    assert _sides(text) == []
    # shots fired from a place at someone stay an attack
    sides = _sides("Police in Detroit said shots were fired from a car at two officers.")
    assert [s[0] for s in sides] == ["ASSAULT"], sides


def test_a_past_act_takes_no_date_after_the_story():
    # coder 0.5.34: "ordered him held pending his next court hearing April 19": April 19 is the hearing's date
    events = code_articles(
        [
            build_article(
                "The judge ordered him held without bail pending his next court hearing April 19 in Detroit.",
                "2007-04-12",
            )
        ]
    )[0]
    assert [(e.event_type, e.date) for e in events] == [("DEMAND", "2007-04-12")], events


@pytest.mark.parametrize(
    "text",
    [
        "Mohammad Awad, hospitalized with shrapnel wounds in Gaza, said he had come to the school with his family "
        "after his house was destroyed.",
        "Obama overturns Bush endangered species rule in Washington",
    ],
)
def test_private_comings_and_goings_and_endangered_species_are_no_event(text):
    # coder 0.5.35: a private person who comes to or leaves a place that is no public body neither consults nor
    # retreats; "endangered species" names a kind of animal
    assert _sides(text) == [], _sides(text)


def test_a_private_person_visiting_an_official_still_consults():
    sides = _sides("Putin met opposition leader Alexei Navalny in Moscow.")
    assert [s[0] for s in sides] == ["CONSULT"], sides
    assert [s[0] for s in _sides("Iran threatened Israel with missile strikes on Monday.")] == ["THREATEN"]


def test_a_date_inside_a_nested_noun_phrase_is_not_the_events():
    # coder 0.5.36: "seeking ... extradition over his role in the release of material in 2010" was historical, 2010
    (ev,) = code_articles(
        [
            build_article(
                "Separately, France is seeking the banker's extradition from Spain over his alleged role in the "
                "theft of secret files from a ministry in 2015.",
                PUB,
            )
        ]
    )[0]
    assert (ev.event_type, ev.source.country, ev.target.country) == ("DEMAND", "FRA", "ESP")
    assert ev.modality == "asserted" and ev.date == PUB, (ev.modality, ev.date)


def test_a_relative_of_a_named_person_is_the_relative():
    # coder 0.5.36 (agents 2026.10): "The son of former President X ... was stabbed" targeted the former president
    sides = _sides(
        "The daughter of former German Chancellor Helmut Kohl was arrested by police in Berlin on Tuesday."
    )
    assert [(s[0], s[2][1:]) for s in sides] == [("COERCE", ("DEU", "CVL"))], sides
    assert sides[0][2][0].startswith("The daughter")


def test_a_passive_patient_that_makes_no_event_blocks_the_verb():
    # coder 0.5.36: the patient of a passive makes a curated phrase that is no event ("released a video")
    assert (
        _sides("The footage, released by the Iraqi interior ministry, shows the attack on the convoy.") == []
    )


@pytest.mark.parametrize(
    "text, verb",
    [
        # lexicon_curated v13: no offer, no investigation, no protection
        ("The senator's visit offers a reminder of the alliance's importance to Germany.", "offers"),
        ("The ambassador referred to investigations into the company in his testimony.", "referred"),
        ("The governor spoke before lawmakers defending the state budget approved in April.", "defending"),
        # lexicon_curated v13 (coder 0.5.37): a claim introduced by "suggest that", talk about an act
        ("Trump has recently tried to suggest that he barely knows his ambassador.", "suggest"),
        ("The minister suggested that the talks had failed.", "suggested"),
        ("He made no mention of rolling back any levies.", "made"),
    ],
)
def test_verbs_whose_phrase_is_no_event_take_no_type_from_the_model(text, verb):
    from eventwire.events import coder
    from eventwire.nlp import get_nlp

    (tok,) = [t for t in get_nlp()(text) if t.text == verb]
    assert not coder._known_sense(tok)


def test_a_verb_saying_the_act_was_not_done_hosts_no_model_type():
    # coder 0.5.36: "have avoided direct criticism of teachers" took the DISAPPROVE the model read in the sentence
    from eventwire.events import coder
    from eventwire.nlp import get_nlp

    nlp = get_nlp()
    assert coder._main_verb(nlp("Republican leaders have avoided open criticism of the president.")) is None
    assert coder._main_verb(nlp("Republican leaders criticized the president.")).lemma_ == "criticize"


def test_prisoners_released_in_the_passive_are_still_released():
    sides = _sides("Five prisoners were released by the Taliban on Monday.")
    assert [(s[0], s[1][1]) for s in sides] == [("RETREAT", "AFG")], sides


def test_a_common_noun_opening_a_charge_list_is_no_place():
    # coder 0.5.36: "Possession of methamphetamine" in an Indiana police report read as La Possession (Reunion)
    from eventwire.events import coder

    assert (
        coder._place_names("Jonathan Doe: Possession of methamphetamine, visiting a common nuisance.") == []
    )
    assert [c for c, _, _ in coder._place_names("Police in Columbus, Ohio arrested six people.")] == [
        "USA",
        "USA",
    ]


def test_a_nationality_word_on_an_attack_is_its_army():
    # coder 0.5.38: "The Israeli attack on the Fakhora school" had the source "Israeli" with no sector
    sides = _sides("The Pakistani shelling of border posts killed two Afghan soldiers.")
    assert [(s[1][1:]) for s in sides] == [("PAK", "MIL")], sides
    sides = _sides("Russian strikes killed four people in Idlib on Monday.")
    assert [(s[1][1:]) for s in sides] == [("RUS", "MIL")], sides


def test_a_mediator_in_a_brokered_truce_is_no_party():
    # coder 0.5.38: "a six-month Egypt-brokered truce agreement was reached between Hamas and Israel" was AGREE Egypt
    # -> Israel (the manual's first hard case: mediators are not parties)
    sides = _sides(
        "On 19 June 2008, a six-month Egypt-brokered truce agreement was reached between Hamas and Israel."
    )
    assert all(s[1] is None or s[1][1] != "EGY" for s in sides), sides


def test_a_states_alleged_act_is_the_content_of_the_accusation():
    # coder 0.5.38: "accused the Sudanese government of bombing the area of Guffa" was also Sudan's ASSAULT; a crime
    # inside a charge against a person stays its background
    sides = _sides(
        "Pakistan accused the Afghan Taliban government of bombing a market in Peshawar on Monday."
    )
    assert [s[0] for s in sides] == ["DISAPPROVE"], sides
    sides = _sides(
        "The teen accused of shooting and killing a 10-year-old girl went on trial Tuesday in Albany."
    )
    assert sorted(s[0] for s in sides) == ["ASSAULT", "DISAPPROVE"], sides


def test_insisting_on_a_fact_is_no_demand():
    # coder 0.5.38: "Israel continues to insist that the bulk of those killed are Hamas fighters" was a DEMAND
    assert (
        _sides(
            "Israel continues to insist that the bulk of those killed are Hamas and Islamic Jihad fighters."
        )
        == []
    )
    sides = _sides("Iran insisted that Israel must withdraw from the Golan Heights.")
    assert [(s[0], s[1][1], s[2][1]) for s in sides] == [("DEMAND", "IRN", "ISR")], sides

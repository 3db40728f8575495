"""Plain-text cleaning: chrome, widgets, splitting, titles, dates, outlets (fixtures are invented)."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventwire.clean import clean_document
from eventwire.clean.meta import (
    canonical_outlet,
    find_date,
    match_dateline,
    outlet_from_url,
    parse_date,
    parse_field_date,
)
from eventwire.clean.text import split_text
from eventwire.options import Options
from eventwire.records import Document, normalise_text, stable_id

FIXTURES = Path(__file__).parent / "fixtures" / "clean"

CHROME_LINES = (
    "Short Url",
    "Follow",
    "Share",
    "Tweet",
    "Print",
    "Advertisement",
    "Previous",
    "Next",
    "Leave a Reply",
    "Check Also",
    "WIDGETS ON SIDE PANEL",
    "Don’t Miss",
    "Related articles",
)


def _doc(name: str, **kw) -> Document:
    content = (FIXTURES / name).read_text(encoding="utf-8")
    kw.setdefault("kind", "text")
    return Document(
        doc_id=stable_id(normalise_text(content), "", ""),
        path=name,
        record=kw.pop("record", 0),
        content=content,
        **kw,
    )


def _clean(name: str, **kw):
    return clean_document(_doc(name, **kw), Options())


def _lines(text: str) -> set[str]:
    return {p.strip() for p in text.split("\n\n")}


def test_glued_articles_are_split_with_own_titles_and_dates():
    res = _clean("glued_two_articles.txt")
    assert res.rejects == []
    first, second = res.articles
    assert first.title == "Kenya and Ethiopia agree on new border trade corridor after Nairobi talks"
    assert second.title == "Why fishing boats keep vanishing off the coast of Somalia"
    assert (first.part, second.part) == (0, 1)
    assert (first.published, first.published_precision, first.published_source) == (
        "2024-03-12",
        "day",
        "header",
    )
    # "Updated 5 min 3 sec ago" is relative to an unknown time: no date, and none borrowed from article 1.
    assert (second.published, second.published_precision, second.published_source) == (None, None, "none")
    assert first.text.startswith("NAIROBI: Kenya and Ethiopia on Tuesday agreed")
    assert first.text.endswith("the road link between Isiolo and Moyale.")
    assert second.text.startswith("MOGADISHU: Somalia's coast guard said on Monday")
    assert "WHO IS BEHIND THE ATTACKS?" in second.text  # sub-headings are body, not a new article
    assert "The government has asked regional partners" in second.text
    for art in res.articles:
        assert not _lines(art.text) & set(CHROME_LINES)
        assert "Updated" not in art.text
        assert "•" not in art.text  # bullet summaries under the title repeat the story
        assert "(Reuters)" not in art.text  # caption under the headline
        assert art.title not in art.text  # no title line, no repeated headline
        assert art.language == "en"
        assert "\n\n" in art.text


def test_widget_block_and_page_date_widget():
    res = _clean("widgets_page.txt")
    (art,) = res.articles
    # A bare date at the very top, above the story, is the page's date, not the story's.
    assert art.page_date == "2025-03-04"
    assert (art.published, art.published_source) == (None, "none")
    assert art.title is None
    assert art.text.startswith("Chile and Peru pledged on Friday")
    assert art.text.endswith("scarce water resources in the Atacama region.")
    for teaser in (
        "Central Bank Holds Rates Steady",
        "Copper Prices Climb",
        "Will the Pacific become",
        "Maria Gonzalez",
        "Top Marketing Firms",
        "Staff Writer",
        "Your email address",
        "[…]",
    ):
        assert teaser not in art.text
    assert len(art.text.split("\n\n")) == 3


def test_epaper_byline_captions_and_footer():
    res = _clean("epaper_byline.txt")
    (art,) = res.articles
    assert art.title == "Bangladesh, Nepal sign power trade deal"
    assert (art.published, art.published_source) == ("2024-06-02", "header")
    assert art.outlet == "Dawn"  # from the footer "Published in Dawn, June 2nd, 2024"
    assert art.text.startswith("DHAKA: Bangladesh and Nepal on Saturday signed")
    for chrome in ("E-Paper", "Jane Roe", "Published", "— AFP", "exchange documents", "date 2024"):
        assert chrome not in art.text
    assert art.text.endswith("for a fee.")


def test_header_date_wins_over_disagreeing_dateline():
    (art,) = _clean("dateline_conflict.txt").articles
    assert (art.published, art.published_source) == ("2024-03-03", "header")
    assert art.text.startswith("KABUL, March 1, 2024 — Afghan authorities")  # dateline stays in the text


def test_dateline_date_used_when_no_header():
    (art,) = _clean("dateline_only.txt").articles
    assert (art.published, art.published_precision, art.published_source) == ("2023-04-03", "day", "dateline")


def test_footer_ends_article_and_names_outlet():
    first, second = _clean("footer_then_article.txt").articles
    assert first.outlet == "The Island"
    assert (first.published, first.published_source) == ("2024-05-08", "header")
    assert "Published in" not in first.text
    assert second.text.startswith("LAHORE: Pakistan's Punjab province")
    assert (second.published, second.outlet, second.title) == (None, None, None)


def test_share_bar_related_block_and_comments_removed():
    (art,) = _clean("comments_tail.txt").articles
    assert art.title == "Ghana opens new deep-water port terminal in Tema"
    paras = art.text.split("\n\n")
    assert len(paras) == 4
    assert paras[2].startswith("The government said the terminal would create")  # body resumes after widget
    assert paras[3].startswith("Port officials added")
    for junk in (
        "Share",
        "Tweet",
        "Nigeria plans new rail link",
        "Togo expands",
        "3 Comments",
        "great news",
        "local people",
    ):
        assert junk not in art.text


def test_non_english_and_too_short_are_rejected_with_reasons():
    res = _clean("not_english.txt")
    assert res.articles == []
    (rej,) = res.rejects
    assert (rej.reason, rej.input, rej.part) == ("not_english", "not_english.txt", 0)
    assert "es" in rej.message and rej.doc_id
    res = _clean("too_short.txt")
    (rej,) = res.rejects
    assert rej.reason == "too_short" and "min_article_chars=200" in rej.message


def test_split_text_returns_title_and_paragraphs_directly():
    pieces = split_text((FIXTURES / "glued_two_articles.txt").read_text(encoding="utf-8"))
    assert [p.title for p in pieces] == [
        "Kenya and Ethiopia agree on new border trade corridor after Nairobi talks",
        "Why fishing boats keep vanishing off the coast of Somalia",
    ]
    assert len(pieces[0].paragraphs) == 4 and len(pieces[1].paragraphs) == 5


def test_hard_wrapped_lines_are_joined():
    text = (
        "Zambia and Malawi agreed on Tuesday to build a joint power line that will\n"
        "carry electricity from the Kafue dam across the border to Lilongwe.\n\n"
        "Officials said construction would start next year."
    )
    (piece,) = split_text(text)
    assert piece.paragraphs[0].endswith(
        "will carry electricity from the Kafue dam across the border to Lilongwe."
    )
    assert len(piece.paragraphs) == 2


@pytest.mark.parametrize(
    "written, iso, precision",
    [
        ("28 November 2025", "2025-11-28", "day"),
        ("November 28th, 2025", "2025-11-28", "day"),
        ("Nov. 28, 2025", "2025-11-28", "day"),
        ("Sept 3 2024", "2024-09-03", "day"),
        ("2025-04-18", "2025-04-18", "day"),
        ("March 2024", "2024-03", "month"),
    ],
)
def test_parse_date_formats(written, iso, precision):
    got = parse_date(written)
    assert got is not None and (got.iso, got.precision) == (iso, precision)


def test_parse_date_rejects_impossible_and_future_dates():
    assert parse_date("31 February 2024") is None
    assert parse_date("1 January 2999") is None
    assert parse_date("3 min 21 sec ago") is None
    assert find_date("Photo taken on Friday") is None


def test_parse_field_date_formats():
    assert parse_field_date("Fri, 29 Nov 2024 10:00:00 GMT").iso == "2024-11-29"
    assert parse_field_date("2024-11-29T22:15:00Z").iso == "2024-11-29"
    got = parse_field_date("2024-11")
    assert (got.iso, got.precision) == ("2024-11", "month")
    assert parse_field_date("2024").precision == "year"
    assert parse_field_date("not a date") is None
    assert parse_field_date("") is None


def test_datelines():
    dl = match_dateline("ISLAMABAD, Nov 28 (Reuters) - Pakistan said on Friday")
    assert dl is not None and dl.city == "ISLAMABAD" and dl.agency == "Reuters" and dl.date is None
    dl = match_dateline("KABUL, April 3, 2025 — The Taliban said")
    assert dl is not None and dl.date.iso == "2025-04-03"
    assert match_dateline("WASHINGTON (AP) — The Senate voted").agency == "AP"
    assert match_dateline("ISLAMABAD: Pakistan and Russia").city == "ISLAMABAD"
    assert match_dateline("Pakistan and Russia agreed: more trade") is None
    # A city in ordinary capitals counts only with a full date after it.
    assert match_dateline("Addis Ababa, October 22, 2025 – Ethiopia and Kenya").date.iso == "2025-10-22"
    assert match_dateline("Addis Ababa – Ethiopia and Kenya") is None


def test_outlets():
    assert outlet_from_url("https://www.dawn.com/news/1957000/pakistan-russia") == "Dawn"
    assert outlet_from_url("https://epaper.dawn.com/x") == "Dawn"
    assert outlet_from_url("https://www.arabnews.com/node/1") == "Arab News"
    assert outlet_from_url("reuters.com") == "Reuters"
    assert outlet_from_url("https://example.org/a") is None
    assert outlet_from_url(None) is None
    assert canonical_outlet("DAWN.COM") == "Dawn"
    assert canonical_outlet("  The Island ") == "The Island"
    assert canonical_outlet("") is None


def test_wire_story_byline_read_time_related_and_credits():
    (art,) = _clean("wire_style.txt").articles
    assert art.title == "Pakistan says it shot down Indian drones over Lahore"
    paras = art.text.split("\n\n")
    assert len(paras) == 3
    assert paras[0].startswith("ISLAMABAD, May 8 (Reuters) - Pakistan's military said on Thursday")
    for junk in ("Asif Shahzad", "min read", "Related:", "Reporting by", "Trust Principles"):
        assert junk not in art.text
    # "May 8" has no year: the dateline alone gives no publication date.
    assert (art.published, art.published_source) == (None, "none")


def test_navigation_posted_by_line_and_top_date_widget():
    (art,) = _clean("nav_page.txt").articles
    assert art.title == "Iran and Oman hold talks on shipping lanes in the Strait of Hormuz"
    assert (art.published, art.published_source) == ("2025-05-11", "header")
    assert art.page_date == "2025-05-12"
    assert art.text.split("\n\n") == [
        "MUSCAT: Iranian and Omani officials met in Muscat on Sunday to discuss the security of shipping "
        "lanes in the Strait of Hormuz, Oman's foreign ministry said in a statement.",
        "The two sides agreed to set up a hotline between their navies.",
    ]


def test_widget_ends_at_a_multi_sentence_paragraph():
    text = (
        "Best budget phones of the year\n\n"
        "We tested twenty phones over three months. These are the ones worth buying this year.\n\n"
        "Related\n\n"
        "Phone A review\n\n"
        "Phone A costs less than most rivals. Its battery lasts two days and the screen is bright enough.\n\n"
        "Phone B review\n\n"
        "Phone B has the best camera here. It is also the only one with a headphone jack, which many like."
    )
    (piece,) = split_text(text)
    assert piece.paragraphs == [
        "We tested twenty phones over three months. These are the ones worth buying this year.",
        "Phone A costs less than most rivals. Its battery lasts two days and the screen is bright enough.",
        "Phone B review",
        "Phone B has the best camera here. It is also the only one with a headphone jack, which many like.",
    ]


def test_masthead_names_the_outlet_and_timestamp_dates_the_story():
    (art,) = _clean("masthead_page.txt").articles
    assert art.title == "Angola and Zambia agree to extend Lobito rail corridor to the Copperbelt"
    assert art.outlet == "The Harbour Times"
    # A date with a clock time right above the headline stamps the story; it is not a page widget.
    assert (art.published, art.published_source, art.page_date) == ("2025-03-03", "header", None)
    assert art.text.split("\n\n") == [
        "LUANDA — Angola and Zambia agreed on Monday to extend the Lobito railway corridor into Zambia's "
        "Copperbelt province, transport ministers from both countries said after talks in Luanda.",
        "The extension would give Zambian copper mines a direct rail route to the Atlantic port of Lobito, "
        "cutting the journey to export markets by several days.",
    ]


def test_dated_byline_line_and_outlet_word_masthead():
    text = (
        "Sahel Weekly\n\n"
        "Niger and Chad reopen their border crossing at Nguigmi after three years\n\n"
        "June 18, 2025 | By Ali Mahamat | 4 min read\n\n"
        "N'DJAMENA — Niger and Chad reopened the border crossing at Nguigmi on Tuesday, officials said, "
        "ending a closure that had cut off traders around Lake Chad.\n\n"
        "Officials from both countries said the crossing would be open during daylight hours."
    )
    (piece,) = split_text(text)
    assert piece.masthead == "Sahel Weekly"
    assert piece.title == "Niger and Chad reopen their border crossing at Nguigmi after three years"
    assert piece.header_date().value.iso == "2025-06-18"
    assert len(piece.paragraphs) == 2


def test_title_case_headline_is_not_taken_for_a_masthead():
    text = (
        "Pakistan Votes On Budget\n\n"
        "Opposition walks out as finance minister presents spending plan\n\n"
        "ISLAMABAD: Pakistan's national assembly began voting on the budget on Friday after the opposition "
        "walked out of the session in protest at new taxes."
    )
    (piece,) = split_text(text)
    assert piece.masthead is None
    assert piece.title == "Pakistan Votes On Budget"


def test_menu_runs_counters_and_stray_dates_are_dropped():
    text = (
        "World\nBusiness\nSport\nOpinion\nVideo\n\n"
        "Mongolia and China agree to build a second rail crossing at Gashuunsukhait\n\n"
        "ULAANBAATAR: Mongolia and China agreed on Tuesday to build a second rail crossing at the "
        "Gashuunsukhait border post to speed up coal exports, Mongolia's foreign ministry said.\n\n"
        "12\n\n"
        "March 3, 2024\n\n"
        "The two governments said construction would start in the spring and take two years to finish.\n\n"
        "Privacy Policy\nContact Us\nTerms of Use\n\n"
        "2h ago"
    )
    (piece,) = split_text(text)
    assert piece.title == "Mongolia and China agree to build a second rail crossing at Gashuunsukhait"
    assert piece.paragraphs == [
        "ULAANBAATAR: Mongolia and China agreed on Tuesday to build a second rail crossing at the "
        "Gashuunsukhait border post to speed up coal exports, Mongolia's foreign ministry said.",
        "March 3, 2024",  # a date line over a paragraph is a chronology heading and stays
        "The two governments said construction would start in the spring and take two years to finish.",
    ]


def test_fewer_than_four_short_lines_are_not_a_menu():
    text = (
        "ISLAMABAD: The talks covered four areas, officials said on Monday after the meeting ended.\n\n"
        "Trade\n\nEnergy\n\nEducation\n\n"
        "Officials said the next round would be held in Moscow in the spring of next year."
    )
    (piece,) = split_text(text)
    assert "Energy" in piece.paragraphs and len(piece.paragraphs) == 5


@pytest.mark.parametrize(
    ("stamp", "expected"),
    [
        ("11/30/09 05:40 PM ET", "2009-11-30"),  # numeric, month first
        ("Last updated 15:48 15/09/2013", "2013-09-15"),  # numeric, day first (15 cannot be a month)
        ("7:15 a.m. Dec. 7, 2009", "2009-12-07"),  # the clock time first
        ("8:44AM BST 16 Sep 2013", "2013-09-16"),
        ("August 7, 2012-5:46 pm", "2012-08-07"),  # a date running into its clock time
        ("22 July 2013 Last updated at 17:50 GMT", "2013-07-22"),
        ("Friday August 2, 2013 @ 8:13am PDT", "2013-08-02"),
        ("First Posted: 10/25/11 06:44 PM ET Updated: 12/25/11 05:12 AM ET", "2011-10-25"),
        ("Posted on: 3:35 pm, December 23, 2012", "2012-12-23"),
    ],
)
def test_header_stamps_as_web_pages_write_them(stamp, expected):
    # stamps copied from news pages (ECB+ texts): each under the headline dates the story
    content = (
        "Man charged with arson over supermarket fire\n"
        f"{stamp}\n"
        "A man has been charged with arson after a fire destroyed a supermarket in Wellington, police said.\n"
    )
    doc = Document(doc_id="d1", path="stamp.txt", record=0, kind="text", content=content)
    (art,) = clean_document(doc, Options()).articles
    assert (art.published, art.published_source) == (expected, "header")
    assert art.text.startswith("A man has been charged with arson")


@pytest.mark.parametrize("text", ["The 2012-13 season", "24/7 coverage", "Scores 11/30 and 12/31"])
def test_numbers_that_are_no_dates(text):
    assert find_date(text) is None


@pytest.mark.parametrize(
    "line",
    ["Published on: 11 November 2025 - 11:25am", "Published on: 11 November 2025 | 11:25 AM"],
)
def test_a_publication_line_with_a_dashed_clock_time_dates_the_story(line):
    text = (
        "Ministers meet in Nairobi over the border corridor\n"
        f"{line}\n\n"
        "Kenyan and Ethiopian trade ministers met in Nairobi on Tuesday to agree the last details of a border "
        "trade corridor that both governments say will cut freight times by half.\n\n"
        "The two sides signed a memorandum on customs checks and agreed to meet again in Addis Ababa in January."
    )
    doc = Document(
        doc_id=stable_id(normalise_text(text), "", ""), path="t.txt", record=0, content=text, kind="text"
    )
    (art,) = clean_document(doc, Options()).articles
    assert (art.published, art.published_source) == ("2025-11-11", "header")
    assert line not in art.text

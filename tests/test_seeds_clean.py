"""The five seed files: six clean articles with the right titles, dates and no chrome."""

from __future__ import annotations

import pytest

from conftest import SEEDS, require_shared
from eventwire.clean import clean_document
from eventwire.options import Options
from eventwire.records import Document, normalise_text, stable_id

CHROME_LINES = {
    "Short Url",
    "Follow",
    "Leave a Reply",
    "Previous",
    "Next",
    "Check Also",
    "WIDGETS ON SIDE PANEL",
    "Don’t Miss",
}
CHROME_TEXT = (
    "Short Url",
    "Leave a Reply",
    "Which country will be America’s next China?",
    "Nizam Khaskheli",
    "PR Agencies",
    "Unserious Revolution",
    "Unilever",
    "SnackVideo",
    "SBP Sees Positive Growth",
    "Karachi Steel Mill",
    "Your email address",
    "Updated",
    "E-Paper",
    "Published in Dawn",
    "[…]",
    "WIDGETS",
)


@pytest.fixture(scope="module")
def seeds():
    require_shared(SEEDS)
    out = {}
    for path in sorted(SEEDS.glob("*.txt")):
        content = path.read_bytes().decode("utf-8")
        doc = Document(
            doc_id=stable_id(normalise_text(content), "", ""),
            path=str(path),
            record=0,
            kind="text",
            content=content,
        )
        out[path.name[:3]] = clean_document(doc, Options())
    return out


def test_five_files_give_six_articles(seeds):
    assert sorted(seeds) == ["000", "001", "002", "003", "004"]
    assert [len(r.articles) for r in seeds.values()] == [2, 1, 1, 1, 1]
    assert all(r.rejects == [] for r in seeds.values())


def test_seed_000_is_split_into_two_titled_articles(seeds):
    first, second = seeds["000"].articles
    assert first.title == "Pakistan, Russia sign new MoUs as energy, trade talks conclude at Islamabad forum"
    assert (
        second.title
        == "From sponsor to enemy: What’s behind latest conflict between Pakistan and Afghanistan?"
    )
    assert (first.part, second.part) == (0, 1)
    assert first.doc_id == second.doc_id
    assert first.text.startswith("ISLAMABAD: Pakistan and Russia on Thursday concluded")
    assert second.text.startswith("ISLAMABAD: Pakistan has been the Afghan Taliban’s closest friend")
    assert "Afghan Taliban" not in first.text and "Intergovernmental Commission" not in second.text


def test_publication_dates(seeds):
    first, second = seeds["000"].articles
    assert (first.published, first.published_precision, first.published_source) == (
        "2025-11-28",
        "day",
        "header",
    )
    # "Updated 3 min 21 sec ago" is relative to an unknown time: no date, none borrowed from article 1.
    assert (second.published, second.published_source) == (None, "none")
    (a002,) = seeds["002"].articles
    (a004,) = seeds["004"].articles
    assert (a002.published, a002.published_source) == ("2025-11-28", "header")
    assert (a004.published, a004.published_source) == ("2025-04-18", "header")
    (a001,) = seeds["001"].articles
    assert (a001.published, a001.published_source) == (None, "none")


def test_seed_003_site_date_widget_is_only_a_page_date(seeds):
    (art,) = seeds["003"].articles
    assert art.page_date == "2025-12-01"
    assert (art.published, art.published_source) == (None, "none")
    assert art.text.rstrip().endswith("into a solid economic partnership.")


def test_outlets_and_titles(seeds):
    (a002,) = seeds["002"].articles
    (a004,) = seeds["004"].articles
    assert a002.outlet == a004.outlet == "Dawn"
    assert a004.title == "Pakistan, Russia agree to advance partnership"
    assert seeds["001"].articles[0].title is None


def test_no_chrome_in_any_article(seeds):
    for result in seeds.values():
        for art in result.articles:
            paragraphs = {p.strip() for p in art.text.split("\n\n")}
            assert not paragraphs & CHROME_LINES, art.title
            for chrome in CHROME_TEXT:
                assert chrome not in art.text, (chrome, art.title)
            assert "•" not in art.text or art.path.endswith("001_523fbde4b25ccd4d.txt")  # 001's list is body
            assert "sign protocols at the 10th" not in art.text and "— PID" not in art.text  # photo captions
            assert art.language == "en"


def test_real_content_is_kept(seeds):
    first, second = seeds["000"].articles
    assert "At the end of the session, the two sides signed the official protocol" in first.text
    assert "The TTP was formed in 2007" in second.text
    assert "WHAT MIGHT HAPPEN NEXT?" in second.text
    assert "The country is also nuclear armed." in second.text
    (a001,) = seeds["001"].articles
    assert "• The MoU between the Associated Press of Pakistan" in a001.text
    (a004,) = seeds["004"].articles
    assert a004.text.startswith("ISLAMABAD: Pakistan and Russia on Thursday agreed")
    assert a004.text.endswith(
        "The arms trade between the two countries has further solidified security links."
    )
    assert "Foreign Minister Ishaq Dar meets with" not in a004.text  # duplicated photo caption

"""clean_document contract: part numbering, container fields, rejects, never raising."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import eventwire.clean as clean
from eventwire.clean import CONTAINER_PART_STRIDE, clean_document, part_number
from eventwire.errors import REJECT_REASONS
from eventwire.options import Options
from eventwire.records import Document, content_id

GLUED = (Path(__file__).parent / "fixtures" / "clean" / "glued_two_articles.txt").read_text(encoding="utf-8")


def _doc(content: str, **kw) -> Document:
    base = {"doc_id": "doc1", "path": "in.jsonl", "record": 0, "kind": "text", "content": content}
    base.update(kw)
    return Document(**base)


def test_container_record_parts_are_unique_and_first_is_the_record_index():
    doc = _doc(
        GLUED,
        fmt="jsonl",
        record=7,
        title="Corridor deal",
        published="2024-03-11",
        source="Nation (Kenya)",
        url="https://nation.africa/x",
    )
    res = clean_document(doc, Options())
    first, second = res.articles
    assert (first.part, second.part) == (7, 7 + CONTAINER_PART_STRIDE)
    # Container fields describe the record's (first) article; the glued second article keeps its own.
    assert (first.title, first.published, first.published_source) == ("Corridor deal", "2024-03-11", "field")
    assert second.title == "Why fishing boats keep vanishing off the coast of Somalia"
    assert (second.published, second.published_source) == (None, "none")
    assert first.outlet == second.outlet == "Nation (Kenya)"
    assert first.url == second.url == "https://nation.africa/x"
    assert first.article_id == content_id(first.text)


def test_plain_file_parts_count_from_zero():
    doc = _doc(GLUED, fmt="txt", path="a.txt")
    assert [a.part for a in clean_document(doc, Options()).articles] == [0, 1]
    assert part_number(doc, 2) == 2
    assert part_number(_doc("x", fmt="rss", record=3), 0) == 3


def test_unparsable_field_date_falls_back_to_the_text():
    doc = _doc(GLUED, fmt="jsonl", published="sometime last week")
    first = clean_document(doc, Options()).articles[0]
    assert (first.published, first.published_source) == ("2024-03-12", "header")


def test_empty_and_chrome_only_documents_are_rejected():
    (rej,) = clean_document(_doc("   \n\n  "), Options()).rejects
    assert rej.reason == "empty" and rej.doc_id == "doc1" and rej.input == "in.jsonl"
    res = clean_document(_doc("Short Url\nFollow\nShare\n\nLeave a Reply\n"), Options())
    assert res.articles == [] and [r.reason for r in res.rejects] == ["no_text"]


def test_min_article_chars_comes_from_options():
    text = "Lesotho and Eswatini signed a water-sharing accord on Monday after talks in Maseru on the dams."
    assert [r.reason for r in clean_document(_doc(text), Options(short_report_words=0)).rejects] == [
        "too_short"
    ]
    (art,) = clean_document(_doc(text), Options(min_article_chars=50, short_report_words=0)).articles
    assert art.text == text and art.title is None


def test_a_one_sentence_report_is_an_article_though_short():
    report = "Lesotho and Eswatini signed a water-sharing accord on Monday after talks in Maseru on the dams."
    (art,) = clean_document(_doc(report), Options()).articles  # 95 characters, 16 words, a full stop
    assert art.text == report
    for teaser in (
        "Talks were held in Maseru on Monday.",  # too few words to be a report
        "Read more: Lesotho and Eswatini signed a water-sharing accord on Monday after talks in Maseru.",
        "Ministers of Lesotho and Eswatini meet in Maseru to talk about the dams on the Orange river...",
        "Lesotho and Eswatini ministers at the signing ceremony in Maseru on Monday. Photo: Reuters",
        "Lesotho and Eswatini signed a water-sharing accord on Monday after talks in Maseru on the",  # cut off
    ):
        res = clean_document(_doc(teaser), Options())
        assert res.articles == [] and [r.reason for r in res.rejects] in (["too_short"], ["no_text"]), teaser


def test_a_document_that_is_one_sentence_is_its_text_not_its_headline():
    line = (
        "The BBC says little-known actor Matt Smith will take over the title role in the series Doctor Who."
    )
    (art,) = clean_document(_doc(line), Options()).articles
    assert art.text == line and art.title is None
    headline = "Robbers in drag steal 80 million euros from Paris diamond store in biggest French heist"
    assert [r.reason for r in clean_document(_doc(headline), Options()).rejects] == ["no_text"]


def test_markdown_headings_and_links():
    md = (
        "# Namibia and Botswana open new rail link to Walvis Bay\n\n"
        "WINDHOEK: Namibia and Botswana on Monday opened a rail link that connects the mining town of "
        "Francistown with the port of [Walvis Bay](https://example.org/walvis), cutting transport costs "
        "for copper exporters.\n\n"
        "The line was financed by a consortium of regional development banks."
    )
    (art,) = clean_document(_doc(md, fmt="md", path="n.md"), Options()).articles
    assert art.title == "Namibia and Botswana open new rail link to Walvis Bay"
    assert "the port of Walvis Bay, cutting" in art.text and "#" not in art.text and "](" not in art.text


def test_extraction_failure_becomes_internal_reject(monkeypatch):
    def boom(html, url=None):
        raise ValueError("broken tree")

    monkeypatch.setattr(clean, "extract_html", boom)
    (rej,) = clean_document(_doc("<html><body><p>x</p></body></html>", kind="html"), Options()).rejects
    assert rej.reason == "internal" and "broken tree" in rej.message and "trafilatura" in rej.message


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    content=st.lists(
        st.sampled_from(
            list("ab Z.:\n\t•—-<>/&;[]…'\"0123456789\x00\ufeff")
            + [
                "Updated ",
                "Follow",
                "ISLAMABAD",
                "2024-01-31",
                "Published in Dawn, ",
                "March 3, 2024",
                "<p>",
                "Related",
            ]
        ),
        max_size=120,
    ).map("".join),
    kind=st.sampled_from(["text", "html"]),
)
def test_never_raises_and_always_accounts_for_the_input(content, kind):
    res = clean_document(_doc(content, kind=kind), Options(min_article_chars=1))
    assert res.articles or res.rejects
    for rej in res.rejects:
        assert rej.reason in REJECT_REASONS and rej.reason != "internal"

"""HTML pages: trafilatura body, htmldate date, title/site name, container fields win."""

from __future__ import annotations

from pathlib import Path

import eventwire.clean.html as html_mod
from eventwire.clean import CleanResult, clean_document, extract_html
from eventwire.options import Options
from eventwire.records import Document

PAGE = (Path(__file__).parent / "fixtures" / "clean" / "page.html").read_text(encoding="utf-8")
URL = "https://www.southernpost.example/world/uruguay-paraguay-river"


def test_extract_html_gives_clean_body_and_metadata():
    ext = extract_html(PAGE, url=URL)
    assert ext.title == "Uruguay and Paraguay sign river transport accord"
    assert ext.sitename == "The Southern Post"
    assert (ext.date, ext.date_precision, ext.date_source) == ("2024-09-17", "day", "meta")
    assert ext.language == "en"
    assert ext.extractor == "precision"
    paras = ext.text.split("\n\n")
    assert len(paras) == 4
    assert paras[0].startswith("MONTEVIDEO: Uruguay and Paraguay signed an agreement on Monday")
    assert paras[-1].endswith("publish reports on the progress of the works.")
    for junk in (
        "cookies",
        "Home",
        "Business",
        "Advertisement",
        "Most read",
        "Football club",
        "Ten tips",
        "Privacy policy",
        "All rights reserved",
        "By Lucia Fernandez",
        "Share",
        "Tweet",
    ):
        assert junk not in ext.text
    assert ext.title not in ext.text


def test_extract_html_on_page_without_article():
    ext = extract_html("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    assert ext.text == ""
    assert ext.date is None and ext.language is None


def _html_doc(**kw) -> Document:
    return Document(doc_id="d1", path="page.html", record=0, kind="html", content=PAGE, fmt="html", **kw)


def test_clean_document_html_uses_meta_then_fields():
    res = clean_document(_html_doc(url=URL), Options())
    assert isinstance(res, CleanResult) and res.rejects == []
    (art,) = res.articles
    assert (art.published, art.published_source) == ("2024-09-17", "meta")
    assert (
        art.outlet == "The Southern Post" and art.title == "Uruguay and Paraguay sign river transport accord"
    )
    assert art.url == URL and art.part == 0 and art.language == "en"
    assert art.page_date is None

    res = clean_document(
        _html_doc(
            url=URL, title="River deal signed", published="Wed, 18 Sep 2024 06:00:00 GMT", source="Wire X"
        ),
        Options(),
    )
    (art,) = res.articles
    assert (art.published, art.published_precision, art.published_source) == ("2024-09-18", "day", "field")
    assert art.title == "River deal signed"
    assert art.outlet == "Wire X"


def test_html_in_a_text_document_is_detected():
    doc = Document(doc_id="d2", path="saved.txt", record=0, kind="text", content=PAGE)
    (art,) = clean_document(doc, Options()).articles
    assert "<p>" not in art.text and art.text.startswith("MONTEVIDEO:")
    assert art.published_source == "meta"


def test_outlet_from_url_when_page_has_no_site_name():
    html = PAGE.replace('<meta property="og:site_name" content="The Southern Post">', "").replace(
        " | The Southern Post", ""
    )
    doc = Document(
        doc_id="d3",
        path="p.html",
        record=0,
        kind="html",
        content=html,
        url="https://www.dawn.com/news/123/river",
    )
    (art,) = clean_document(doc, Options()).articles
    assert art.outlet == "Dawn"


def test_markup_fragment_falls_back_to_plain_text(monkeypatch):
    para = (
        "PORT SUDAN: A Turkish ship carrying 2,100 tonnes of food, medicine and shelter materials docked at "
        "Port Sudan on Friday, Sudanese officials said, the largest single aid delivery to the port this year."
    )
    fragment = f"<p>{para}</p><p>More <b>ships</b> are expected.</p><script>track()</script>"
    # trafilatura returns nothing for some short fragments (one paragraph, repeated sentences).
    monkeypatch.setattr(html_mod, "_run", lambda *a, **k: None)
    ext = extract_html(fragment)
    assert ext.extractor == "fragment"
    assert ext.text == f"{para}\n\nMore ships are expected."
    assert ext.language == "en"
    # A full page that yields nothing is not flattened: its text would be all chrome.
    assert extract_html(PAGE).text == "" and extract_html(PAGE).extractor == "none"
    doc = Document(doc_id="f", path="feed.rss", record=2, kind="html", fmt="rss", content=fragment)
    (art,) = clean_document(doc, Options(min_article_chars=100)).articles
    assert art.text == f"{para}\n\nMore ships are expected." and art.part == 2

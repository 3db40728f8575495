"""HTML pages: main text with trafilatura, publication date with htmldate, title and site name.

Stages: (1) trafilatura in precision mode with metadata (htmldate runs inside it, restricted to the
page's markup: meta tags, JSON-LD, <time>, URL); (2) if that under-delivers, a recall-mode pass
over the same page; (3) the plain-text chrome rules as a second pass over the extracted text.
Measured on the article-extraction benchmark (``eventwire eval extraction``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .language import detect_language
from .meta import canonical_outlet, parse_field_date
from .text import DateFound, clean_body, drop_title_repeats

# Below this many characters the precision pass may have missed the article (a news body is rarely
# shorter), so the recall pass is tried. On the benchmark 17 of 181 pages fall under it (a second
# pass on about 1 page in 10) and one is rescued (260 -> 3,267 characters; page F1 0.00 -> 0.85).
RECALL_RETRY_CHARS = 1_000
# The recall pass replaces the precision pass only when the precision text is less than this share
# of it: a much longer recall text means precision mode dropped real paragraphs, a similar length
# means recall mode only added boilerplate. The benchmark score is flat from 0.3 to 0.6.
RECALL_SHORT_RATIO = 0.5

# htmldate settings: original (first) publication date, not the last modification, and only from
# the page's markup and URL. Its extensive search guesses from free text anywhere in the page,
# which picks up sidebar and comment dates; text dates are handled by our own header rules.
DATE_PARAMS: dict[str, Any] = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}


@dataclass(slots=True)
class HtmlExtraction:
    """What one HTML page yields: body text (paragraphs separated by a blank line) and metadata."""

    text: str
    title: str | None = None
    sitename: str | None = None
    date: str | None = None  # ISO date from htmldate
    date_precision: str | None = None
    date_source: str = "none"  # meta | none
    language: str | None = None
    author: str | None = None
    hostname: str | None = None
    extractor: str = "none"  # precision | recall | fragment | none: which pass gave the text
    footer_outlet: str | None = None  # from a print footer in the text ("Published in Dawn, ...")
    text_dates: list[DateFound] = field(default_factory=list)  # footer and dateline dates in the text


def _run(html: str, url: str | None, **kwargs: Any) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(html, url=url, include_comments=False, include_tables=True, **kwargs)


# Block-level tags that end a paragraph when a markup fragment is flattened to text.
_BLOCK_TAGS = (
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "tr",
    "section",
)
_FULL_PAGE = re.compile(r"<(?:html|body|head)[\s>]", re.IGNORECASE)


def _fragment_text(markup: str) -> str:
    """Text of a markup fragment (a feed item's description, a JSONL "html" field holding a couple of
    tags), one paragraph per block element. trafilatura needs a page with several paragraphs and
    returns nothing for a one-paragraph fragment."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        root = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return ""
    for bad in root.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    for el in root.iter(*_BLOCK_TAGS):
        el.tail = "\n" + (el.tail or "")
    return root.text_content()


def extract_html(html: str, url: str | None = None) -> HtmlExtraction:
    """Extract the article body and metadata from an HTML page.

    Never returns None: a page with no recognisable article gives ``text=""``. Exceptions from the
    extraction libraries propagate; ``clean_document`` turns them into rejects.
    """
    first = _run(html, url, favor_precision=True, with_metadata=True, date_extraction_params=DATE_PARAMS)
    text = (first.text or "") if first is not None else ""
    extractor = "precision" if text else "none"
    if len(text) < RECALL_RETRY_CHARS:
        second = _run(html, url, favor_recall=True)
        recall_text = (second.text or "") if second is not None else ""
        if len(text) < RECALL_SHORT_RATIO * len(recall_text):
            text, extractor = recall_text, "recall"
    if not text and not _FULL_PAGE.search(html):
        text = _fragment_text(html)
        extractor = "fragment" if text.strip() else "none"
    body = clean_body(text)
    out = HtmlExtraction(
        text=body.text, extractor=extractor, footer_outlet=body.outlet, text_dates=body.dates
    )
    if first is not None:
        out.title = first.title or None
        # Some pages keep the <h1> inside the article node.
        out.text = "\n\n".join(drop_title_repeats(body.paragraphs, out.title))
        out.sitename = canonical_outlet(first.sitename)
        out.author = first.author or None
        out.hostname = first.hostname or None
        if found := parse_field_date(first.date):
            out.date, out.date_precision, out.date_source = found.iso, found.precision, "meta"
    if out.text:
        out.language = detect_language(out.text)[0]
    return out

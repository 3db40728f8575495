"""Clean/split stage: one ``Document`` -> its ``Article`` records (and ``Reject`` records).

Plain text goes through our own data-driven chrome rules and article splitter (``text.py``); HTML
goes through trafilatura + htmldate (``html.py``) and then the same chrome rules as a second pass.
Each article gets a title, outlet, publication date with its source and precision, a page date
when the page shows one that cannot be trusted as the story's, and its language.

Part numbers: in a plain file (formats txt, md, html: one record) the articles are numbered 0, 1,
2... in reading order. In a container (JSONL, RSS/Atom, WARC) the first article of record r has
part r, and further articles split from the same record get r + k * CONTAINER_PART_STRIDE
(k = 1, 2...), so parts stay unique and stable within the file and record r keeps part r.

Outlet, best first: a print footer of the article ("Published in Dawn, ..."), the container's
``source`` field, the masthead at the top of a pasted page, the HTML site name, the URL's domain
in ``data/outlets.toml``; else None.

Date sources, best first: ``field`` (given by the container, first article of a record only),
``meta`` (HTML markup via htmldate), ``header`` (a byline / "Published ..." / "Updated ..." /
E-Paper / date-stamp line or a print footer of this article), ``dateline`` (a dated dateline
opening this article), else ``none``. A date is never taken from a neighbouring article, never
invented and never today's.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from ..ingest.markup import markup_problem
from ..options import Options
from ..records import Article, Document, Reject
from .html import HtmlExtraction, extract_html
from .language import detect_language
from .meta import DateValue, canonical_outlet, outlet_from_url, parse_field_date
from .text import TextArticle, split_text

__all__ = ["CleanResult", "HtmlExtraction", "clean_document", "extract_html"]

log = logging.getLogger(__name__)

# Record-index stride for further articles split from one container record (see module docstring).
# One million is above the record count of any JSONL shard or CC-NEWS WARC file (tens of
# thousands of records) and keeps parts inside a 32-bit INTEGER column for up to 2,000 splits.
CONTAINER_PART_STRIDE = 1_000_000
# Reader formats whose file is a single record: their articles are numbered 0, 1, 2...
SINGLE_RECORD_FORMATS = frozenset({"txt", "text", "md", "markdown", "html", "htm"})
# A "text" document that opens with one of these within its first characters is really HTML
# (a saved page with a .txt name, or a JSONL "text" field holding markup).
_HTML_START = re.compile(r"^\s*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.IGNORECASE)
_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]\n]{0,300})\]\([^)\s]{1,2000}(?:\s+\"[^\"\n]*\")?\)")


@dataclass(slots=True)
class CleanResult:
    """The articles cut from one document and the rejects (with reasons) for what could not be."""

    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def part_number(doc: Document, index: int) -> int:
    """Stable, unique part number of the index-th article cut from ``doc`` (see module docstring)."""
    if doc.fmt in SINGLE_RECORD_FORMATS:
        return doc.record + index
    return doc.record + index * CONTAINER_PART_STRIDE


# A text shorter than min_article_chars is still an article when it reads as a report of its own (see
# Options.short_report_words): at least this many characters, ending on a full stop, no teaser or caption wording.
SHORT_REPORT_CHARS = 60
_WORD = re.compile(r"[^\W_][\w'’.-]*")
# a full stop, possibly inside a closing quote or bracket: "... series Doctor Who." / ... Who . ''
_REPORT_END = re.compile(r"""(?<![.…])[.!?]\s*(?:["'”’)\]]|'')?\s*$""")
_TEASER = re.compile(
    r"\b(?:read more|read the full|full story|click|subscribe|sign up|log ?in|watch|listen|photo|video|gallery|"
    r"image|caption|credit|copyright|all rights reserved|newsletter|continue reading)\b|©|\.\s*\.\s*\.\s*$|…\s*$",
    re.IGNORECASE,
)


def short_report(text: str, min_words: int) -> bool:
    """Whether a text under ``min_article_chars`` is nevertheless a news report: complete sentences of at least
    ``min_words`` words and SHORT_REPORT_CHARS characters, ending on a full stop, with no teaser or caption wording
    ("Read more", "Click here", "Photo:", a trailing ellipsis). ECB+ holds 50-odd such one- or two-sentence wire
    items; page furniture ("Talks were held on Monday.", "Subscribe to our newsletter") stays ``too_short``."""
    if min_words <= 0 or len(text) < SHORT_REPORT_CHARS:
        return False
    return (
        len(_WORD.findall(text)) >= min_words and bool(_REPORT_END.search(text)) and not _TEASER.search(text)
    )


def _reject(doc: Document, part: int, reason: str, message: str) -> Reject:
    return Reject(input=doc.path, part=part, reason=reason, message=message, doc_id=doc.doc_id)


def clean_document(doc: Document, opts: Options) -> CleanResult:
    """Clean and split one document into articles; never raises.

    Bad or unusable input becomes a ``Reject`` (empty, no_text, too_short, not_english, internal)
    and the batch goes on.
    """
    try:
        return _clean(doc, opts)
    except Exception as exc:  # last resort, so one broken document never stops a batch
        log.exception("clean_document failed for %s#%s", doc.path, doc.record)
        return CleanResult(
            rejects=[
                _reject(
                    doc,
                    doc.record,
                    "internal",
                    f"cleaning failed with {type(exc).__name__}: {exc}. The batch went on; please report this input.",
                )
            ]
        )


def _clean(doc: Document, opts: Options) -> CleanResult:
    content = doc.content or ""
    if not content.strip():
        return CleanResult(rejects=[_reject(doc, doc.record, "empty", "the document has no text to clean.")])
    is_html = ("<" in content) if doc.kind == "html" else bool(_HTML_START.match(content))
    if is_html:
        problem = markup_problem(content)
        if problem:
            return CleanResult(
                rejects=[_reject(doc, doc.record, "too_complex", f"The HTML was refused: {problem}.")]
            )
        try:
            extraction = extract_html(content, doc.url)
        except Exception as exc:  # the HTML libraries choke on some malformed pages
            log.warning("HTML extraction failed for %s#%s: %s", doc.path, doc.record, exc)
            return CleanResult(
                rejects=[
                    _reject(
                        doc,
                        doc.record,
                        "internal",
                        f"HTML extraction (trafilatura/htmldate) failed with {type(exc).__name__}: {exc}.",
                    )
                ]
            )
        return _build(doc, opts, [_from_html(extraction)], meta=extraction, page_date=None)
    if doc.fmt in ("md", "markdown"):
        content = _MD_LINK.sub(r"\1", _MD_HEADING.sub("", content))
    pieces = split_text(content)
    return _build(doc, opts, pieces, meta=None, page_date=pieces[0].page_date if pieces else None)


def _from_html(ext: HtmlExtraction) -> TextArticle:
    return TextArticle(
        title=ext.title,
        paragraphs=[p for p in ext.text.split("\n\n") if p.strip()],
        dates=list(ext.text_dates),
        outlet=ext.footer_outlet,
    )


def _published(
    doc: Document, index: int, piece: TextArticle, meta: HtmlExtraction | None
) -> tuple[str | None, str | None, str]:
    """(date, precision, source) by precedence field > meta > header > dateline > none."""
    if index == 0:
        if given := parse_field_date(doc.published):
            return given.iso, given.precision, "field"
        if meta is not None and meta.date:
            return meta.date, meta.date_precision, "meta"
    if head := piece.header_date():
        return head.value.iso, head.value.precision, "header"
    if dl := piece.dateline_date():
        return dl.value.iso, dl.value.precision, "dateline"
    return None, None, "none"


def _outlet(doc: Document, piece: TextArticle, meta: HtmlExtraction | None) -> str | None:
    return (
        piece.outlet
        or canonical_outlet(doc.source)
        or piece.masthead
        or (meta.sitename if meta is not None else None)
        or outlet_from_url(doc.url)
    )


def _piece_text(piece: TextArticle, opts: Options) -> str:
    """The piece's text; a document that is one sentence took it for its headline: "The BBC says ... will take over
    the title role in the long-running sci-fi series Doctor Who." is a report, not a headline over nothing."""
    text = piece.text.strip()
    if (
        not text
        and piece.title
        and not piece.paragraphs
        and short_report(piece.title, opts.short_report_words)
    ):
        text, piece.title = piece.title, None
    return text


def _screen(doc: Document, part: int, text: str, opts: Options) -> tuple[str | None, Reject | None]:
    """The text's language, or why the piece is no article: nothing left, a teaser, not English."""
    if not text:
        return None, _reject(
            doc, part, "no_text", "no article text was left after removing page chrome and widgets."
        )
    if len(text) < opts.min_article_chars and not short_report(text, opts.short_report_words):
        return None, _reject(
            doc,
            part,
            "too_short",
            f"the article text has {len(text)} characters after cleaning, fewer than min_article_chars="
            f"{opts.min_article_chars} and is not a report of its own (complete sentences of at least "
            f"short_report_words={opts.short_report_words} words); it is a teaser or caption.",
        )
    language, confidence = detect_language(text)
    if language != opts.language:
        return None, _reject(
            doc,
            part,
            "not_english",
            f"the text is in {language or 'an unknown language'!s} (py3langid confidence {confidence:.2f}), "
            f"not {opts.language!r}; the event coder supports English only.",
        )
    return language, None


def _build(
    doc: Document,
    opts: Options,
    pieces: list[TextArticle],
    *,
    meta: HtmlExtraction | None,
    page_date: DateValue | None,
) -> CleanResult:
    result = CleanResult()
    for index, piece in enumerate(pieces):
        part = part_number(doc, index)
        text = _piece_text(piece, opts)
        language, rejected = _screen(doc, part, text, opts)
        if rejected is not None:
            result.rejects.append(rejected)
            continue
        published, precision, source = _published(doc, index, piece, meta)
        title = (doc.title.strip() if index == 0 and doc.title and doc.title.strip() else None) or piece.title
        result.articles.append(
            Article.build(
                doc_id=doc.doc_id,
                path=doc.path,
                part=part,
                text=text,
                title=title,
                outlet=_outlet(doc, piece, meta),
                url=doc.url,
                published=published,
                published_precision=precision,
                published_source=source,
                language=language,
                page_date=page_date.iso if page_date else None,
            )
        )
    return result

"""Plain-text cleaning: drop page chrome, split glued articles, find titles and written dates.

Pasted or scraped news text keeps the page around the story: share bars, "Updated ..." lines,
bylines, photo captions, bullet summaries, "Don't Miss" teaser widgets, comment forms, and sometimes
a second, unrelated article. The rules here are structural and data-driven (patterns in
``data/chrome.toml``); no model is involved, so every decision can be traced to a line and a rule.

Stages (each a plain function over ``_Line`` records):
1. ``_lines``: normalise, join hard-wrapped lines, classify every non-blank line once.
2. ``_split_points``: find article starts (a headline with header evidence after it).
3. ``_assemble``: per article, separate the header zone (title, dates, captions, bullets) from the
   body, drop chrome and widget blocks, and collect the written dates.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

from .meta import DateValue, canonical_outlet, match_dateline, parse_date
from .rules import WEEKDAY, chrome_rules, outlet_table

# --- thresholds -------------------------------------------------------------------------------
# A headline has 3-35 words and 15-250 characters: shorter lines are kickers and section labels
# ("World", "Web Desk"), longer ones are paragraphs. The longest headline in the seeds is 88 chars.
MIN_TITLE_CHARS = 15
MAX_TITLE_CHARS = 250
MIN_TITLE_WORDS = 3
MAX_TITLE_WORDS = 35
# A "full paragraph" (real body text, not a teaser) has at least this many words, ends like a
# sentence and is not truncated. 12 words is below nearly every news paragraph and above most
# teaser titles and author lines.
FULL_PARAGRAPH_WORDS = 12
# A short line (fewer words than this, no sentence punctuation) in the header zone is a kicker,
# author or label rather than the first paragraph of the body.
MIN_BODY_WORDS = 8
# Inside a widget block, real body text has resumed at a full paragraph of several sentences, or
# at this many single-sentence full paragraphs in a row: teaser lists alternate title / author /
# one-sentence or truncated excerpt, so neither occurs inside them, while list-style articles
# ("Best gadgets of 2019": product name, then a paragraph) would be eaten by a stricter rule.
WIDGET_EXIT_PARAGRAPHS = 2
# How many non-blank lines after a headline candidate are searched for header evidence (repeated
# headline, dated line, byline, share bar, bullets, caption). The longest header in the seeds is 7
# lines (caption, Short Url, Updated, Follow, repeated headline, two bullets).
HEADER_WINDOW = 10
# A run of at least this many consecutive short lines (at most MENU_ITEM_WORDS words each, no
# sentence punctuation) is a site menu or link list: news body text rarely has four one-to-three-word
# lines in a row, while a pasted page's menus ("World", "Business", "Sport", ...) always do. On the
# benchmark pages flattened to text this rule lifts text_rules_f1 from 0.752 to 0.775.
MENU_RUN_MIN = 4
MENU_ITEM_WORDS = 3
# A masthead (the outlet's name at the top of a page) has at most this many words.
MASTHEAD_MAX_WORDS = 5
# Extractors and pasted pages repeat the headline near the top of the body (an <h1> inside the
# article node, a kicker line, then the headline); copies are looked for in this many paragraphs.
TITLE_REPEAT_WINDOW = 3
# Hard-wrapped text (e-mail, some exports) breaks sentences across lines; a line at least this long
# that does not end a sentence, followed by a line starting in lower case, is joined to it.
WRAP_MIN_CHARS = 40

# Line kinds.
TEXT, BULLET, CHROME, BYLINE, DATED, BARE_DATE, FOOTER, WIDGET, TAIL = (
    "text",
    "bullet",
    "chrome",
    "byline",
    "dated",
    "bare_date",
    "footer",
    "widget",
    "tail",
)
# Print footers rank between a publication line (0) and an update line (2), see chrome.toml.
FOOTER_RANK = 1

_BULLET = re.compile(r"^[•·▪●◦‣∙■□➢►*–-]\s+")
_SENTENCE_END = re.compile(r"[.!?。！？][\"”’'»)\]」』]*$")
_TRUNCATED = re.compile(
    r"(?:\[\s*(?:…|\.\.\.)\s*\]|…|\.\.\.|\b(?:read|continue)\s+(?:more|reading)\W*)\s*$", re.I
)
_WEEKDAY = re.compile(rf"\b{WEEKDAY}(?![\w-])", re.IGNORECASE)
_CLOCK = re.compile(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE)
_NAME_PARTICLES = frozenset({"the", "of", "and", "&", "de", "al", "el", "la", "le", "du", "-", "—", "–"})
# A sentence end followed by the start of another sentence: the paragraph has two or more.
_SENTENCE_BREAK = re.compile(r"[a-z0-9)%][.!?][\"”’')\]]*\s+[\"“‘(]?[A-Z]")
_WRAP_END = re.compile(r"[.!?:;\"”’»)\]]$")
_WS = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


@dataclass(slots=True)
class _Line:
    text: str
    kind: str
    gap: int  # blank lines before this line
    date: DateValue | None = None
    rank: int = 0
    outlet: str | None = None


@dataclass(slots=True)
class DateFound:
    """A date written in the article, with where it came from."""

    value: DateValue
    source: str  # header | dateline | page
    rank: int = 0
    line: str = ""


@dataclass(slots=True)
class TextArticle:
    """One article cut from a plain text: what ``clean_document`` turns into an ``Article``."""

    title: str | None
    paragraphs: list[str]
    dates: list[DateFound] = field(default_factory=list)
    page_date: DateValue | None = None
    outlet: str | None = None  # from a footer ("Published in Dawn, ...")
    masthead: str | None = None  # outlet name shown at the top of the page ("HORN OBSERVER")

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def header_date(self) -> DateFound | None:
        """The best story date from the article's header lines and footer (lowest rank first)."""
        found = [d for d in self.dates if d.source == "header"]
        return min(found, key=lambda d: d.rank) if found else None

    def dateline_date(self) -> DateFound | None:
        """The date written in the dateline of the first paragraph, if it has a year."""
        return next((d for d in self.dates if d.source == "dateline"), None)


def normalise_lines(content: str) -> list[str]:
    """Unicode-normalise (NFC), unify line breaks and spaces, strip zero-width characters."""
    text = unicodedata.normalize("NFC", content).translate(_ZERO_WIDTH)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return [_WS.sub(" ", line).strip() for line in text.split("\n")]


def _unwrap(raw: list[str]) -> list[str]:
    out: list[str] = []
    for line in raw:
        prev = out[-1] if out else ""
        if (
            line
            and prev
            and len(prev) >= WRAP_MIN_CHARS
            and not _WRAP_END.search(prev)
            and line[0].islower()
            and not _BULLET.match(prev)
        ):
            out[-1] = f"{prev} {line}"
        else:
            out.append(line)
    return out


def _classify(line: str) -> _Line:
    rules = chrome_rules()
    # Share bars and link lists often come as bullet items ("- Print Article"); judge the item.
    text = _BULLET.sub("", line) if _BULLET.match(line) else line
    for rx in rules.footers:
        if m := rx.fullmatch(text):
            written = m.groupdict().get("date")
            return _Line(
                line,
                FOOTER,
                0,
                date=parse_date(written) if written else None,
                rank=FOOTER_RANK,
                outlet=canonical_outlet(m["outlet"]),
            )
    for rule in rules.dated:
        if m := rule.pattern.fullmatch(text):
            if value := parse_date(m["date"]):
                return _Line(line, DATED, 0, date=value, rank=rule.rank)
    if m := rules.bare_date.fullmatch(text):
        if value := parse_date(m["date"]):
            return _Line(line, BARE_DATE, 0, date=value)
    if rules.tails.fullmatch(text):
        return _Line(line, TAIL, 0)
    if rules.widgets.fullmatch(text):
        return _Line(line, WIDGET, 0)
    if rules.drop.fullmatch(text):
        return _Line(line, CHROME, 0)
    if rules.bylines.fullmatch(text):
        return _Line(line, BYLINE, 0)
    if text is not line:
        return _Line(line, BULLET, 0)
    return _Line(line, TEXT, 0)


def _lines(content: str, *, menus: bool = True) -> list[_Line]:
    """Classified non-blank lines, each with the number of blank lines before it. ``menus`` turns
    runs of short link-like lines into chrome (off for extractor output, whose menus are gone and
    whose short-line runs are lists and fact boxes: measured on the extraction benchmark)."""
    raw = _unwrap(normalise_lines(content))
    first = next((i for i, line in enumerate(raw) if line), None)
    prefix: _Line | None = None
    if first is not None and (m := chrome_rules().date_prefix.match(raw[first])):
        value = parse_date(m["date"])
        if value:
            prefix = _Line(m.group(0).strip(), DATED, 0, date=value, rank=0)
            raw[first] = raw[first][m.end() :].strip()
    out: list[_Line] = [prefix] if prefix else []
    gap = 0
    for line in raw:
        if not line:
            gap += 1
            continue
        item = _classify(line)
        item.gap = gap
        out.append(item)
        gap = 0
    if menus:
        _mark_menus(out)
    return out


def _menu_item(line: _Line) -> bool:
    return (
        line.kind in (TEXT, CHROME)
        and _words(line.text) <= MENU_ITEM_WORDS
        and not _SENTENCE_END.search(line.text)
        and not line.text.endswith(":")
    )


def _mark_menus(lines: list[_Line]) -> None:
    """Turn runs of short link-like lines (site menus, footer link lists) into chrome."""
    start = 0
    while start < len(lines):
        end = start
        while end < len(lines) and _menu_item(lines[end]):
            end += 1
        if end - start >= MENU_RUN_MIN:
            for line in lines[start:end]:
                line.kind = CHROME
        start = max(end, start + 1)


def _words(text: str) -> int:
    return len(text.split())


def headline_like(text: str) -> bool:
    """Whether a line looks like a headline: short, title-shaped, not ending like a sentence."""
    n = _words(text)
    return (
        MIN_TITLE_CHARS <= len(text) <= MAX_TITLE_CHARS
        and MIN_TITLE_WORDS <= n <= MAX_TITLE_WORDS
        and not text.endswith((".", ",", ";", ":"))
        and not _TRUNCATED.search(text)
        and (text[0].isupper() or text[0].isdigit() or text[0] in "\"“‘'")
        and match_dateline(text) is None
    )


def full_paragraph(text: str) -> bool:
    """Whether a line is real body text: long enough, ends like a sentence, not truncated."""
    return (
        _words(text) >= FULL_PARAGRAPH_WORDS
        and bool(_SENTENCE_END.search(text))
        and not _TRUNCATED.search(text)
    )


def _is_caption(line: _Line) -> bool:
    return line.kind == TEXT and bool(chrome_rules().credit_suffix.search(line.text))


def _is_body(lines: list[_Line], k: int) -> bool:
    """Whether line k opens the body (a paragraph), as opposed to header material."""
    line = lines[k]
    if line.kind != TEXT:
        return False
    if match_dateline(line.text):
        return True
    if headline_like(line.text) or _is_caption(line):
        return False
    if k + 1 < len(lines) and _same(lines[k + 1].text, line.text):
        return False  # a duplicated line under a headline is a photo caption
    return bool(_SENTENCE_END.search(line.text)) or _words(line.text) >= MIN_BODY_WORDS


def _same(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _typical_gap(lines: list[_Line]) -> int:
    gaps = Counter(line.gap for line in lines[1:] if line.kind == TEXT)
    return gaps.most_common(1)[0][0] if gaps else 1


def _is_start(lines: list[_Line], i: int, typical_gap: int) -> bool:
    """Whether headline candidate i starts a new article: needs a full first paragraph after its
    header and either strong evidence (repeated headline, dated line, byline, preceding footer) or
    two kinds of weaker evidence (unusual blank gap, share bar, bullets, caption, dateline)."""
    head = lines[i]
    if head.kind != TEXT or not headline_like(head.text):
        return False
    strong = lines[i - 1].kind == FOOTER
    medium: set[str] = set()
    if head.gap > typical_gap:
        medium.add("gap")
    for j in range(i + 1, min(len(lines), i + 1 + HEADER_WINDOW)):
        nxt = lines[j]
        if nxt.kind in (DATED, BARE_DATE, BYLINE):
            strong = True
        elif nxt.kind == CHROME:
            medium.add("chrome")
        elif nxt.kind == BULLET:
            medium.add("bullets")
        elif nxt.kind != TEXT:
            return False  # a widget, tail or footer right under it: a teaser title, not an article
        elif _same(nxt.text, head.text):
            strong = True
        elif _is_caption(nxt):
            medium.add("caption")
        elif _is_body(lines, j):
            if match_dateline(nxt.text):
                medium.add("dateline")
            return full_paragraph(nxt.text) and (strong or len(medium) >= 2)
    return False


def _split_points(lines: list[_Line]) -> list[int]:
    """Indexes of the first line of each article (the first is always 0)."""
    if not lines:
        return []
    typical = _typical_gap(lines)
    starts = [0]
    # A new article can only start once the current one has body text: until then, repeated
    # headlines, bylines and captions are the current article's own header.
    has_body = _is_body(lines, 0)
    for i in range(1, len(lines)):
        after_footer = (
            lines[i - 1].kind == FOOTER
            and lines[i].kind == TEXT
            and (headline_like(lines[i].text) or full_paragraph(lines[i].text))
        )
        if has_body and (after_footer or _is_start(lines, i, typical)):
            # Dated and chrome lines just above a headline belong to the new article's header.
            j = i
            while j - 1 > starts[-1] and lines[j - 1].kind in (DATED, BARE_DATE, CHROME, BYLINE):
                j -= 1
            starts.append(j)
            has_body = False
        elif not has_body and _is_body(lines, i):
            has_body = True
    return starts


def _header_end(seg: list[_Line]) -> int:
    for k in range(len(seg)):
        if _is_body(seg, k):
            return k
    # No paragraph at all: the header is only the headline, if there is one.
    for k, line in enumerate(seg):
        if line.kind == TEXT and headline_like(line.text):
            return k + 1
    return 0


def _pick_title(header: list[_Line]) -> str | None:
    candidates = [
        ln.text for ln in header if ln.kind == TEXT and headline_like(ln.text) and not _is_caption(ln)
    ]
    counts = Counter(c.casefold() for c in candidates)
    repeated = [c for c in candidates if counts[c.casefold()] > 1]
    pool = repeated or candidates
    return pool[0] if pool else None


def _masthead(header: list[_Line]) -> _Line | None:
    """The outlet's name at the top of a page ("Asia Wire Service", "HORN OBSERVER"): the first text
    line, short and capitalised like a name, above a different headline, and either followed by page
    chrome (section line, date) or containing an outlet word ("Herald", "Monitor") or a known name."""
    texts = [(k, ln) for k, ln in enumerate(header) if ln.kind == TEXT]
    if len(texts) < 2:
        return None
    k, first = texts[0]
    words = first.text.split()
    if (
        not 1 <= len(words) <= MASTHEAD_MAX_WORDS
        or any(ch.isdigit() for ch in first.text)
        or first.text.endswith((".", ",", ";", ":", "?", "!"))
        or not all(w[0].isupper() or w.casefold() in _NAME_PARTICLES for w in words)
        or match_dateline(first.text)
    ):
        return None
    if not any(headline_like(ln.text) and not _same(ln.text, first.text) for _, ln in texts[1:]):
        return None
    table = outlet_table()
    chrome_below = k + 1 < len(header) and header[k + 1].kind != TEXT
    named = any(w.casefold().strip(".") in table.masthead_words for w in words)
    known = first.text.casefold() in table.names or first.text.casefold() in table.aliases
    return first if chrome_below or named or known else None


def _masthead_name(text: str) -> str | None:
    if text.isupper():
        # "GULF DAILY MONITOR" -> "Gulf Daily Monitor"; short all-caps words are acronyms ("BBC").
        text = " ".join(
            w if len(w) <= 3 and w not in ("THE", "AND") else w.capitalize() for w in text.split()
        )
    return canonical_outlet(text)


def _is_date_widget(line: _Line, first_line: bool) -> bool:
    """A site-wide date box above the headline ("Monday, December 1 2025"), often the day the page
    was saved: the page's first line, or a weekday date without a clock time. A plain date or a
    timestamp right above the headline ("April 23, 2025", "Sep 12, 2025 | 11:02 AM") dates the story."""
    return first_line or (bool(_WEEKDAY.search(line.text)) and not _CLOCK.search(line.text))


def _assemble(seg: list[_Line], top_of_file: bool) -> TextArticle:
    end = _header_end(seg)
    header, body = seg[:end], seg[end:]
    masthead = _masthead(header) if top_of_file else None
    art = TextArticle(title=_pick_title([ln for ln in header if ln is not masthead]), paragraphs=[])
    if masthead is not None:
        art.masthead = _masthead_name(masthead.text)
    seen_title = False
    for k, line in enumerate(header):
        if line.kind == DATED and line.date:
            art.dates.append(DateFound(line.date, "header", line.rank, line.text))
        elif line.kind == BARE_DATE and line.date:
            # Above the headline at the top of the page it may be a site-wide date widget, kept only as
            # the page date; under the headline it is the story's date.
            if top_of_file and not seen_title and art.page_date is None and _is_date_widget(line, k == 0):
                art.page_date = line.date
            else:
                art.dates.append(DateFound(line.date, "header", 0, line.text))
        elif line.kind == FOOTER:
            _take_footer(art, line)
        elif line.kind == TEXT and art.title and _same(line.text, art.title):
            seen_title = True
    _body(art, body)
    if art.paragraphs and (dl := match_dateline(art.paragraphs[0])) and dl.date:
        art.dates.append(DateFound(dl.date, "dateline", 0, art.paragraphs[0][: dl.end]))
    return art


def _take_footer(art: TextArticle, line: _Line) -> None:
    if line.outlet and art.outlet is None:
        art.outlet = line.outlet
    if line.date:
        art.dates.append(DateFound(line.date, "header", line.rank, line.text))


def _body(art: TextArticle, body: list[_Line]) -> None:
    in_widget = False
    pending: list[str] = []
    for k, line in enumerate(body):
        kind = line.kind
        if kind == BARE_DATE and not (k + 1 < len(body) and full_paragraph(body[k + 1].text)):
            # A date line in the body is kept only as a chronology heading over a paragraph; alone it
            # is a teaser, comment or archive timestamp.
            continue
        if kind == FOOTER:
            _take_footer(art, line)
        elif kind == TAIL:
            break
        elif kind == WIDGET:
            in_widget, pending = True, []
        elif kind in (DATED, CHROME, BYLINE):
            continue
        elif in_widget:
            if kind == TEXT and full_paragraph(line.text):
                pending.append(line.text)
                if len(pending) >= WIDGET_EXIT_PARAGRAPHS or _SENTENCE_BREAK.search(line.text):
                    art.paragraphs.extend(pending)
                    in_widget, pending = False, []
            else:
                pending = []
        elif not art.paragraphs or not _same(art.paragraphs[-1], line.text):
            art.paragraphs.append(line.text)


def split_text(content: str) -> list[TextArticle]:
    """Cut a plain text into its articles, each with title, clean paragraphs, written dates and
    footer outlet. Always returns at least one ``TextArticle`` (possibly with no paragraphs)."""
    lines = _lines(content)
    starts = _split_points(lines)
    if not starts:
        return [TextArticle(title=None, paragraphs=[])]
    bounds = [*starts, len(lines)]
    return [
        _assemble(lines[a:b], top_of_file=(n == 0)) for n, (a, b) in enumerate(itertools.pairwise(bounds))
    ]


def clean_body(text: str) -> TextArticle:
    """Second pass over already-extracted body text (trafilatura output): drop chrome lines, widget
    blocks and comment tails, and read the footer outlet/date and the dateline. No splitting and
    no header zone: the extractor has already removed the page header."""
    art = TextArticle(title=None, paragraphs=[])
    lines = _lines(text, menus=False)
    # Date and byline lines before the first paragraph are the article header the extractor kept.
    start = 0
    while start < len(lines) and lines[start].kind in (DATED, BARE_DATE, CHROME, BYLINE):
        found = lines[start]
        if found.date is not None:
            art.dates.append(DateFound(found.date, "header", found.rank, found.text))
        start += 1
    _body(art, lines[start:])
    if art.paragraphs and (dl := match_dateline(art.paragraphs[0])) and dl.date:
        art.dates.append(DateFound(dl.date, "dateline", 0, art.paragraphs[0][: dl.end]))
    return art


def _title_forms(title: str) -> set[str]:
    forms = {_norm_title(title)}
    for sep in (" | ", " - ", " – ", " — ", " :: "):
        if sep in title:
            forms.add(_norm_title(title.rsplit(sep, 1)[0]))
    return forms


_QUOTES = str.maketrans({"‘": "'", "’": "'", "`": "'", "´": "'", "“": '"', "”": '"'})


def _norm_title(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split())


def drop_title_repeats(paragraphs: list[str], title: str | None) -> list[str]:
    """Remove copies of the headline (also without a " | Site" suffix, whatever the quote style)
    from the first TITLE_REPEAT_WINDOW paragraphs: the body text never repeats the title."""
    if not title:
        return paragraphs
    forms = _title_forms(title)
    head = [p for p in paragraphs[:TITLE_REPEAT_WINDOW] if _norm_title(p) not in forms]
    return head + paragraphs[TITLE_REPEAT_WINDOW:]

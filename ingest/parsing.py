"""Splits the text of a UN document into its header fields and numbered paragraphs, with no database.

A document is read line by line. The lines before the first chapter heading, numbered paragraph or
"大会，" opener form the header (session, agenda item, title, date, summary). In the body, chapter
headings (一. / I.) and section headings (A.) set the section path; "1. ..." starts a numbered
paragraph; a line that starts with a footnote marker (¹, *, or a bare digit after a page break)
already cited above it is a footnote; page residue (symbols, job numbers, "联合国", repeated
session lines, and what ingest.pages blanks) is dropped. Under a page's footnote separator
(a line of underscores) every line that opens with a marker is a footnote.
The rule that re-joins page breaks: a paragraph whose text does not end a sentence continues in
the next text block that does not start a paragraph or heading, even with footnotes in between.
Text without numbered paragraphs falls back to one paragraph per blank-line block.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from ingest.errors import IngestError
from ingest.pages import is_footnote_separator, page_footnote, page_lines
from ingest.paragraph_limit import MAX_PARAGRAPH_CHARS, split_long

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGITS = str.maketrans(_SUPERSCRIPTS, "0123456789")
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_MONTH = "|".join(_MONTHS)

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")

_CHAPTER = re.compile(r"^(?:([一二三四五六七八九十]+)\s*[.．、]|([IVXL]+)\.\s)\s*(\S.*)$")
_SECTION = re.compile(r"^([A-Z])\s*[.．]\s+(\S.*)$")
# "2.58 亿" or "1.5 万亿" at a line start is a number, not paragraph 2 or 1.
_PARAGRAPH = re.compile(r"^(\d{1,3})[.．](?:\s+|(?=[^\d\s]))(\S.*)$")
_MARKED_FOOTNOTE = re.compile(rf"^([{_SUPERSCRIPTS}]+|\*{{1,3}}(?=\s))\s*(\S.*)$")
_BARE_FOOTNOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_OPENER = re.compile(
    r"^(?:大会|安全理事会|经济及社会理事会|The General Assembly|The Security Council|"
    r"The Economic and Social Council)\s*[，,]$"
)
_CLOSING = re.compile(r"^(?:第\s*\d+\s*次全体会议|\d+(?:st|nd|rd|th) plenary meeting)$")
_SESSION = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇]+届(?:特别)?会议|[A-Z][a-z]+(?:-[a-z]+)? (?:special )?session)$"
)
_AGENDA = re.compile(
    r"^(?:临时议程\*?\s*)?(?:议程项目|项目|Agenda item|Item)\s*(\d{1,3})(?:\s*[(（]\s*([a-z])\s*[)）])?"
)
_REPORT_KIND = re.compile(
    r"^(?:秘书长|秘书处)的(?:报告|说明)$|^(?:Report|Note) (?:of|by) the (?:Secretary-General|Secretariat)$"
)
_SUMMARY = re.compile(r"^(?:摘要|Summary)$")
_RESOLUTION = re.compile(r"^(\d{1,3}/\d{1,4})\s*[.．]\s*(\S.*)$")
_SYMBOL = r"[A-Z]{1,6}(?:/[A-Z0-9.\-]+)+"
_NOISE = re.compile(
    r"^(?:\s*(?:联\s*合\s*国|United Nations|大\s*会|General Assembly|Distr\.?:?|General|Limited|"
    rf"中文|Chinese|English|Original:\s*\w+|原文[:：]\s*\w+|{_SYMBOL}|\d{{2}}-\d{{5}}(?:\s*\([A-Z]\))?|"
    r"\*\d{5,}\*|\d{1,3}\s*/\s*\d{1,3}|-\s*\d+\s*-|Page\s+\d+|第\s*\d+\s*页))+\s*$"
)
_ORIGINAL = re.compile(r"(?:Original:|原文[:：])\s*(\w+)")
# The six official languages, as an English or a Chinese header names them.
_LANGUAGE_CODES = {
    "arabic": "ar",
    "chinese": "zh",
    "english": "en",
    "french": "fr",
    "russian": "ru",
    "spanish": "es",
    "阿拉伯文": "ar",
    "中文": "zh",
    "英文": "en",
    "法文": "fr",
    "俄文": "ru",
    "西班牙文": "es",
}
_ZH_DATE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
_EN_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})\b")
_MONTH_YEAR = re.compile(rf"(\d{{4}})\s*年\s*\d{{1,2}}\s*月|\b(?:{_MONTH})\s+(\d{{4}})\b")

_TRAILING_MARKERS = re.compile(rf"(?:\s*(?:[{_SUPERSCRIPTS}]+|\*+))+$")
_MARKER_CHARACTERS = frozenset(_SUPERSCRIPTS + "*")
_FOOTNOTE_NUMBER_AT_END = re.compile(r"(?<=[.;!?。；！？])\d{1,3}$")
_SUPERSCRIPT_RUN = re.compile(rf"[{_SUPERSCRIPTS}]+")
_UNIT_BEFORE = re.compile(r"(?<![A-Za-z])[kcm]?m$")
_CLOSERS = ")）]】》〉」』”’\"'"
_SENTENCE_END = "。．.！!？?；;…"
_ABBREVIATIONS = ("para", "paras", "No", "Nos", "p", "pp", "art", "arts", "sect", "chap", "vol", "Rev", "Add")
_LIST_ITEM = re.compile(r"^(?:\(?[a-z]{1,4}\)|\([ivx]+\)|[•·\-–])\s")


@dataclass(frozen=True)
class Footnote:
    marker: str  # "1", "2", "*"; superscript digits become ASCII digits
    text: str


@dataclass(frozen=True)
class SectionRef:
    number: str  # "二", "B", "IV"
    heading: str


@dataclass(frozen=True)
class ParsedParagraph:
    order: int  # 1.. in reading order over the whole document
    number: int | None  # as printed; None for preambular and unnumbered paragraphs
    section: tuple[SectionRef, ...]  # chapter, then section
    # as printed, without footnote lines, page furniture or markdown residue; a footnote marker
    # stays only as a Chinese superscript ("合作。¹")
    text: str
    footnotes: tuple[Footnote, ...]  # the footnotes this paragraph cites


@dataclass(frozen=True)
class ParsedDocument:
    kind: str  # "report" | "resolution" | "text"
    title: str
    symbol: str
    session: str
    agenda_item: str
    date: datetime.date | None
    year: int | None
    language: str  # "zh" | "en"
    summary: str
    paragraphs: tuple[ParsedParagraph, ...]
    warnings: tuple[str, ...]
    original_language: str = ""  # "en", "zh", ... from "Original: English"; "" when not printed


def parse_document(text: str, *, symbol: str | None = None) -> ParsedDocument:
    """Parse a document's text; ``symbol`` is the caller's document symbol when the text lacks one."""
    lines = [_clean_line(line) for line in page_lines(text.lstrip("\ufeff"))]
    start = next((i for i, line in enumerate(lines) if _starts_body(line)), None)
    body = _Body()
    if start is not None:
        for line in lines[start:]:
            body.feed(line)
        body.finish()
    if not any(p.number is not None for p in body.drafts) and not body.saw_opener:
        return _plain_text(lines, text=text, symbol=symbol)

    header = _Header(lines[:start])
    resolution_symbol = f"A/RES/{header.resolution}" if header.resolution else ""
    warnings = body.warnings + body.footnote_warnings(
        header_footnotes=header.footnotes, title_markers=header.title_markers
    )
    if symbol and resolution_symbol and symbol != resolution_symbol:
        warnings.append(f"symbol {symbol} was given, but the text is resolution {header.resolution}")
    date = header.date or body.closing_date
    language = _language(text)
    paragraphs = _within_length(body.paragraphs(keep_superscripts=language == "zh"), warnings=warnings)
    return ParsedDocument(
        kind="resolution" if header.resolution or body.saw_opener else "report",
        title=header.title,
        symbol=symbol or resolution_symbol or header.symbol_line,
        session=header.session,
        agenda_item=header.agenda_item,
        date=date,
        year=date.year if date else _reporting_year(header.summary, body.drafts),
        language=language,
        summary=header.summary,
        paragraphs=paragraphs,
        warnings=tuple(warnings),
        original_language=header.original_language,
    )


def _within_length(
    paragraphs: tuple[ParsedParagraph, ...], *, warnings: list[str]
) -> tuple[ParsedParagraph, ...]:
    """The paragraphs, those over MAX_PARAGRAPH_CHARS cut in pieces that keep their number, with a warning."""
    if all(len(paragraph.text) <= MAX_PARAGRAPH_CHARS for paragraph in paragraphs):
        return paragraphs
    result: list[ParsedParagraph] = []
    for paragraph in paragraphs:
        pieces, at_sentences = split_long(paragraph.text)
        if len(pieces) > 1:
            name = (
                f"paragraph {paragraph.number}"
                if paragraph.number
                else f"unnumbered paragraph {paragraph.order}"
            )
            where = (
                "at sentence ends"
                if at_sentences
                else "at sentence ends, or at the limit inside a longer sentence"
            )
            warnings.append(
                f"{name} has {len(paragraph.text):,} characters, more than {MAX_PARAGRAPH_CHARS:,}: "
                f"cut into {len(pieces)} paragraphs {where}"
            )
        notes = {note.marker: note for note in paragraph.footnotes}
        for piece in pieces:
            cited = tuple(notes[m] for m in _citations(piece, candidates=notes) if m in notes)
            result.append(ParsedParagraph(len(result) + 1, paragraph.number, paragraph.section, piece, cited))
    return tuple(result)


def _clean_line(line: str) -> str:
    # Most lines hold no markdown: each pattern runs only where its opening characters occur.
    line = line.strip()
    if line.startswith("#"):
        line = _MARKDOWN_HEADING.sub("", line)
    if "**" in line:
        line = _BOLD.sub(r"\1", line)
    if "](" in line:
        line = _LINK.sub(r"\1", line)
    if "<" in line:
        line = _AUTOLINK.sub(r"\1", line)
    return line


def _starts_body(line: str) -> bool:
    return bool(_CHAPTER.match(line) or _PARAGRAPH.match(line) or _OPENER.match(line))


def _is_noise(line: str) -> bool:
    return bool(_NOISE.match(line) or _SESSION.match(line))


def _join(left: str, right: str) -> str:
    """Join two pieces of one paragraph: no space in Chinese text or after a hyphen.

    Chinese lines and pages break anywhere, even inside "2030", without consuming a space;
    English lines break at a space.
    """
    if not left or not right:
        return left + right
    if left[-1] == "-" or _is_wide(left[-1]) or _is_wide(right[0]) or _mostly_wide(left[-100:] + right[:100]):
        return left + right
    return f"{left} {right}"


def _mostly_wide(text: str) -> bool:
    visible = [char for char in text if not char.isspace()]
    return bool(visible) and sum(map(_is_wide, visible)) * 2 > len(visible)


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _ends_sentence(text: str, *, preamble: bool = False, semicolon: bool = True) -> bool:
    """A preambular paragraph of a resolution ends with a comma; any other paragraph with 。；.; etc."""
    text = _without_trailing_markers(text).rstrip()
    # "recovery.1": a bare footnote number, at most three digits from the end.
    if number := _FOOTNOTE_NUMBER_AT_END.search(text, max(0, len(text) - 3)):
        text = text[: number.start()]
    text = text.rstrip(_CLOSERS)
    ends = _SENTENCE_END + ("，," if preamble else "")
    return bool(text) and text[-1] in (ends if semicolon else ends.replace("；", "").replace(";", ""))


def _without_trailing_markers(text: str) -> str:
    """``_TRAILING_MARKERS.sub("", text)``, looking only at the spaces and markers the text ends with."""
    start = len(text)
    while start > 0 and (text[start - 1].isspace() or text[start - 1] in _MARKER_CHARACTERS):
        start -= 1
    if trailing := _TRAILING_MARKERS.search(text, start):
        return text[: trailing.start()] + text[trailing.end() :]
    return text


def _markers(text: str) -> str:
    return text.translate(_TO_DIGITS)


@dataclass
class _Draft:
    number: int | None
    section: tuple[SectionRef, ...]
    text: str
    preamble: bool = False


@dataclass
class _Body:
    """Reads the body line by line; ``feed`` takes cleaned lines in order."""

    drafts: list[_Draft] = field(default_factory=list)
    footnotes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    saw_opener: bool = False
    closing_date: datetime.date | None = None
    _chapter: SectionRef | None = None
    _section: SectionRef | None = None
    _open: _Draft | None = None  # the paragraph later text blocks may continue
    _last: str = ""  # what the previous line went to: "paragraph", "footnote", "chapter", "section"
    _footnote: str = ""
    _block_start: bool = True
    _in_preamble: bool = False
    _last_number: int | None = None
    _list_item: int = 0
    _in_notes: bool = False  # under a page's footnote separator, until the page ends
    _seen: list[str] = field(default_factory=list)  # body lines so far, footnotes aside: the citations

    def feed(self, line: str) -> None:
        if not line or _is_noise(line) or _CLOSING.match(line) or is_footnote_separator(line):
            self._block_start = True
            if line:  # a running header or footer ends the page's footnotes; a separator opens them
                self._in_notes = is_footnote_separator(line)
            return
        if self._block_start and _is_date_line(line):
            # "2021 年 12 月 17 日" above "第 54 次全体会议" at the foot of a resolution
            self.closing_date = self.closing_date or _date_in(line)
            return
        footnote = self._page_footnote(line) or self._marked_footnote(line) or self._bare_footnote(line)
        block_start, self._block_start = self._block_start, False
        if footnote:
            self._footnote = _markers(footnote.group(1))
            if self._footnote in self.footnotes:
                self.warnings.append(f"footnote {self._footnote} is given twice")
            self.footnotes.setdefault(self._footnote, footnote.group(2))
            self._last = "footnote"
        elif chapter := _CHAPTER.match(line):
            self._close_open()
            self._chapter = SectionRef(chapter.group(1) or chapter.group(2), chapter.group(3))
            self._section, self._in_preamble, self._last = None, False, "chapter"
        elif section := _SECTION.match(line):
            self._close_open()
            self._section, self._last = SectionRef(section.group(1), section.group(2)), "section"
        elif _OPENER.match(line):
            self._close_open()
            self.saw_opener, self._in_preamble, self._last = True, True, ""
        elif (numbered := _PARAGRAPH.match(line)) and not self._takes_list_item(int(numbered.group(1))):
            self._start_numbered(int(numbered.group(1)), numbered.group(2))
        else:
            self._add_text(line, block_start=block_start, list_item=bool(numbered))
        if not footnote:
            self._seen.append(line)

    def _page_footnote(self, line: str) -> re.Match | None:
        # Under a separator a marker opens a footnote even when its citation is not glued to a
        # word ("summary record. 1"); numbers still go in turn. A block that opens with anything
        # else is the next page's text, when no footer ended the page.
        if not self._in_notes:
            return None
        match = page_footnote(line)
        number = _markers(match.group(1)) if match else ""
        if match and (not number.isdigit() or number == self._next_number()):
            return match
        if self._block_start:
            self._in_notes = False
        return None

    def _next_number(self) -> str:
        return str(1 + max((int(m) for m in self.footnotes if m.isdigit()), default=0))

    def _marked_footnote(self, line: str) -> re.Match | None:
        # A footnote comes after its citation; a page half that starts with a marker ("⁴ 促请...")
        # is the rest of the paragraph that cites it.
        match = _MARKED_FOOTNOTE.match(line)
        marker = _markers(match.group(1)) if match else ""
        if match and any(marker in _citations(seen, candidates=[marker]) for seen in self._seen):
            return match
        return None

    def _bare_footnote(self, line: str) -> re.Match | None:
        # A bare "3 See ..." is a footnote only at a block start or under another footnote,
        # numbered next in turn, and cited earlier as a number glued to a word ("recovery.3").
        match = _BARE_FOOTNOTE.match(line) if self._block_start or self._last == "footnote" else None
        if not match:
            return None
        number = match.group(1)
        if number != self._next_number():
            return None
        return match if any(_glued_citation(number).search(seen) for seen in self._seen) else None

    def _takes_list_item(self, number: int) -> bool:
        # "1. ... 2. ..." after a paragraph ending with a colon is a list inside that paragraph;
        # this counts the list's items as it accepts them.
        draft = self._open
        if draft is None or draft.number is None:
            return False
        # A list ends with a full stop; a number that then continues the paragraphs is a paragraph.
        ends_list = number == (self._last_number or 0) + 1 and _ends_sentence(draft.text, semicolon=False)
        if self._list_item and number == self._list_item + 1 and not ends_list:
            self._list_item = number
        elif number == 1 and draft.text.rstrip().endswith(("：", ":")):
            self._list_item = 1
        else:
            return False
        return True

    def _start_numbered(self, number: int, text: str) -> None:
        self._close_open()
        if self._last_number is None and number != 1:
            self.warnings.append(f"numbering starts at paragraph {number}")
        elif self._last_number is not None and number != self._last_number + 1:
            self.warnings.append(f"paragraph {number} follows paragraph {self._last_number}")
        self._last_number, self._list_item, self._in_preamble = number, 0, False
        self._new_draft(number, text)

    def _add_text(self, line: str, *, block_start: bool, list_item: bool) -> None:
        draft = self._open
        if not block_start and self._last == "footnote":
            self.footnotes[self._footnote] = _join(self.footnotes[self._footnote], line)
            return
        if not block_start and self._last in ("chapter", "section"):
            self._extend_heading(line)
            return
        if draft is None:
            self._new_draft(None, line)
        elif list_item or _LIST_ITEM.match(line):
            draft.text = f"{draft.text}\n{line}"  # list items start on a line of their own
        elif block_start and draft.number is None and _ends_sentence(draft.text, preamble=draft.preamble):
            self._new_draft(None, line)
        else:
            # A wrapped line, the second half of a page break, or (for a numbered paragraph,
            # which owns every block up to the next) a page break that fell after a full stop.
            draft.text = _join(draft.text, line)
        self._last = "paragraph"

    def _extend_heading(self, line: str) -> None:
        if self._last == "section" and self._section:
            self._section = SectionRef(self._section.number, _join(self._section.heading, line))
        elif self._chapter:
            self._chapter = SectionRef(self._chapter.number, _join(self._chapter.heading, line))

    def _new_draft(self, number: int | None, text: str) -> None:
        section = tuple(ref for ref in (self._chapter, self._section) if ref)
        self._open = _Draft(number, section, text, preamble=self._in_preamble and number is None)
        self.drafts.append(self._open)
        self._last = "paragraph"

    def _close_open(self) -> None:
        draft, self._open = self._open, None
        if draft and not _ends_sentence(draft.text, preamble=draft.preamble):
            name = f"paragraph {draft.number}" if draft.number else f"unnumbered paragraph {len(self.drafts)}"
            self.warnings.append(f"{name} ends without final punctuation")

    def finish(self) -> None:
        self._close_open()
        for draft in self.drafts:
            draft.text = _clean_line(draft.text)  # markdown split by a page break is whole again

    def _cited(self, text: str) -> list[str]:
        return _citations(text, candidates=self.footnotes)

    def paragraphs(self, *, keep_superscripts: bool) -> tuple[ParsedParagraph, ...]:
        result = []
        for order, draft in enumerate(self.drafts, start=1):
            cited = [Footnote(m, self.footnotes[m]) for m in self._cited(draft.text) if m in self.footnotes]
            text = _without_citations(draft.text, cited, keep_superscripts=keep_superscripts)
            result.append(ParsedParagraph(order, draft.number, draft.section, text, tuple(cited)))
        return tuple(result)

    def footnote_warnings(self, *, header_footnotes: set[str], title_markers: set[str]) -> list[str]:
        # Every footnote is cited (a marker line before its citation is text), so only the
        # converse can go wrong.
        cited = {marker for seen in self._seen for marker in self._cited(seen)} | title_markers
        missing = sorted(cited - set(self.footnotes) - header_footnotes)
        return [f"footnote {marker} is cited but never given" for marker in missing]


def _citations(text: str, *, candidates: Iterable[str]) -> list[str]:
    """The footnote markers ``text`` cites, in order: every superscript, and those of
    ``candidates`` that are cited as a bare number or an asterisk."""
    found: list[tuple[int, str]] = []
    for match in _SUPERSCRIPT_RUN.finditer(text):
        if not _is_unit(text, match):
            found.append((match.start(), _markers(match.group())))
    for marker in candidates:
        if marker not in text:
            continue
        cited = (_glued_citation(marker) if marker.isdigit() else _glued_mark(marker)).search(text)
        if cited:
            found.append((cited.start(), marker))
    return list(dict.fromkeys(marker for _, marker in sorted(found)))


def _is_unit(text: str, superscript: re.Match) -> bool:
    """m², km³: a unit, not a citation; a unit ends at most three characters before (km, then a line break)."""
    start = superscript.start()
    return _markers(superscript.group()) in ("2", "3") and bool(
        _UNIT_BEFORE.search(text, max(0, start - 3), start)
    )


def _without_citations(text: str, cited: list[Footnote], *, keep_superscripts: bool) -> str:
    """``text`` without the markers citing ``cited``: a bare number or asterisk reads as part of
    the sentence ("record. 1 Member States"), while Chinese text keeps its superscripts as printed."""
    spans = []
    for footnote in cited:
        marker = footnote.marker
        pattern = _glued_citation(marker) if marker.isdigit() else _glued_mark(marker)
        spans += [match.span() for match in pattern.finditer(text)]
        if not keep_superscripts:
            spans += [
                match.span()
                for match in _SUPERSCRIPT_RUN.finditer(text)
                if _markers(match.group()) == marker and not _is_unit(text, match)
            ]
    kept, end = "", 0
    for start, stop in sorted(spans):
        if start < end:
            continue  # an overlapping span would copy text twice
        kept, end = kept + text[end:start], stop
        # One space is left between the words around the marker, none after Chinese punctuation.
        if text[end : end + 1] == " " and (not kept or kept[-1].isspace() or _is_wide(kept[-1])):
            end += 1
    return kept + text[end:]


# The patterns below open with the marker itself, so that ``re`` finds its occurrences in C;
# what must precede it is checked by lookbehinds that span the marker too.


@cache
def _glued_citation(number: str) -> re.Pattern:
    # A bare footnote number glued after a word or punctuation ("recovery.3", "合作。3"), not
    # part of a number ("2.58"), a symbol ("70/1") or a name ("COVID-19").
    # A year ending a sentence ("July 2021.1") is the one number a citation may follow.
    # In English text taken from a PDF the number may stand one space after the punctuation
    # ("summary record. 1 Member States"), but not after an abbreviation ("para. 4").
    n = re.escape(number)
    spaced = "".join(rf"(?<!{abbreviation}\. {n})" for abbreviation in _ABBREVIATIONS)
    return re.compile(
        rf"{n}(?:(?<=(?<!\d)\d{{4}}\.{n})|(?<![\d][.,]{n})(?<=[A-Za-z。，；：.,;:)\]）》”’\"']{n})"
        rf"|(?<=[A-Za-z)\]”’\"'][.,;:] {n})(?=\s|$){spaced})(?![\d/]|\.\d)"
    )


@cache
def _glued_mark(marker: str) -> re.Pattern:
    """An asterisk marker right after a character that is neither a space nor an asterisk."""
    m = re.escape(marker)
    return re.compile(rf"{m}(?<=[^\s*]{m})(?!\*)")


class _Header:
    """The fields printed above the body: session, agenda item, title, date, summary."""

    def __init__(self, lines: list[str]) -> None:
        self.session = self.agenda_item = self.resolution = self.symbol_line = self.original_language = ""
        self.title = ""
        self.title_markers: set[str] = set()
        self.footnotes: set[str] = set()
        self.date: datetime.date | None = None
        candidates: list[str] = []  # header lines that may be a title, wrapped lines joined
        summary: list[str] = []
        report_kind_at = agenda_at = None
        in_summary, block_start = False, True
        in_footnote = False  # a footnote's wrapped lines belong to it until a blank line
        for line in lines:
            if not line or is_footnote_separator(line):
                block_start = True
                continue
            continued, block_start = not block_start, False
            if footnote := _MARKED_FOOTNOTE.match(line):
                self.footnotes.add(_markers(footnote.group(1)))
                in_footnote = True
                continue
            if continued and in_footnote:
                continue
            in_footnote = False
            if (session := _SESSION.match(line)) and not self.session:
                self.session = session.group()
            elif agenda := _AGENDA.match(line):
                self.agenda_item = (
                    f"{agenda.group(1)} ({agenda.group(2)})" if agenda.group(2) else agenda.group(1)
                )
                agenda_at = len(candidates)
            elif resolution := _RESOLUTION.match(line):
                self.resolution, self.title = resolution.group(1), resolution.group(2)
            elif _REPORT_KIND.match(line):
                report_kind_at = len(candidates)
            elif _SUMMARY.match(line):
                in_summary = True
            elif _NOISE.match(line):
                if (found := re.search(_SYMBOL, line)) and not self.symbol_line:
                    self.symbol_line = found.group()
                if original := _ORIGINAL.search(line):
                    self.original_language = _LANGUAGE_CODES.get(original.group(1).lower(), "")
            elif line.startswith("[") and line.endswith("]"):
                pass  # "[根据第二委员会的报告(A/76/537/Add.2, 第 8 段)通过]"
            elif in_summary:
                summary.append(_join(summary.pop(), line) if continued and summary else line)
            elif (date := _date_in(line)) and len(line) <= 80:
                self.date = self.date or date
            else:
                candidates.append(_join(candidates.pop(), line) if continued and candidates else line)
        self.summary = "\n".join(summary)
        if not self.title:
            self.title = _pick_title(candidates, report_kind_at=report_kind_at, agenda_at=agenda_at)
        if marker := _TRAILING_MARKERS.search(self.title):
            self.title_markers = {_markers(m) for m in re.findall(rf"[{_SUPERSCRIPTS}]+|\*+", marker.group())}
            self.title = self.title[: marker.start()].rstrip()


def _pick_title(candidates: list[str], *, report_kind_at: int | None, agenda_at: int | None) -> str:
    # The title sits just above "秘书长的报告"; without that line it follows the agenda item's own title.
    if report_kind_at:
        return candidates[report_kind_at - 1]
    if agenda_at is not None and len(candidates) > agenda_at:
        after = candidates[agenda_at:]
        return after[1] if len(after) > 1 else after[0]
    return candidates[0] if candidates else ""


def _is_date_line(line: str) -> bool:
    return bool(_ZH_DATE.fullmatch(line) or _EN_DATE.fullmatch(line))


def _date_in(line: str) -> datetime.date | None:
    if zh := _ZH_DATE.search(line):
        year, month, day = (int(g) for g in zh.groups())
    elif en := _EN_DATE.search(line):
        year, month, day = int(en.group(3)), _MONTHS.index(en.group(2)) + 1, int(en.group(1))
    else:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _reporting_year(summary: str, drafts: list[_Draft]) -> int | None:
    """The latest year written with a month in the summary (else the first paragraph).

    A reporting period is always given with months ("2020 年 1 月至 2021 年 8 月"), while
    years inside titles ("《2030 年议程》") are not, so this picks the period's end.
    """
    for source in (summary, drafts[0].text if drafts else ""):
        years = [int(a or b) for a, b in _MONTH_YEAR.findall(source)]
        if years:
            return max(years)
    return None


def _language(text: str) -> str:
    # Runs of Chinese letters are counted by length; only the other characters one by one.
    chinese = _chinese_letters()
    cjk = sum(map(len, chinese.findall(text)))
    letters = cjk + sum(map(str.isalpha, chinese.sub("", text)))
    return "zh" if letters and cjk / letters >= 0.3 else "en"


@cache
def _chinese_letters() -> re.Pattern:
    """Runs of the letters of the CJK Unified Ideographs and Extension A blocks."""
    ranges = []
    for block in (range(0x4E00, 0xA000), range(0x3400, 0x4DC0)):
        for code in block:
            if not chr(code).isalpha():
                continue
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return re.compile("[" + "".join(f"{chr(low)}-{chr(high)}" for low, high in ranges) + "]+")


def _plain_text(lines: list[str], *, text: str, symbol: str | None) -> ParsedDocument:
    """One paragraph per blank-line block, for text with no numbered paragraphs."""
    blocks: list[str] = []
    block_start = True
    for line in lines:
        if not line or is_footnote_separator(line):
            block_start = True
        elif block_start:
            blocks.append(line)
            block_start = False
        else:
            blocks.append(_join(blocks.pop(), line))
    # Page residue, lone footnotes and lines without a word are no paragraph of their own.
    blocks = [
        block
        for block in blocks
        if not _is_noise(block) and not _MARKED_FOOTNOTE.match(block) and any(c.isalpha() for c in block)
    ]
    if not blocks:
        raise IngestError(f"{symbol or 'the document'} has no recognisable paragraphs")
    first = blocks[0]
    title = first if len(first) <= 120 and not _ends_sentence(first) else ""
    warnings: list[str] = []
    paragraphs = _within_length(
        tuple(ParsedParagraph(i, None, (), block, ()) for i, block in enumerate(blocks, start=1)),
        warnings=warnings,
    )
    return ParsedDocument(
        kind="text",
        title=title,
        symbol=symbol or "",
        session="",
        agenda_item="",
        date=None,
        year=None,
        language=_language(text),
        summary="",
        paragraphs=paragraphs,
        warnings=tuple(warnings),
    )

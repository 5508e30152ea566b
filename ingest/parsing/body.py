"""The document body: chapter and section headings, numbered paragraphs and the lists inside them,
footnotes, and the page breaks that split them."""

import datetime
import re
from dataclasses import dataclass, field

from ingest.pages import is_footnote_separator, page_footnote
from ingest.parsing.citations import _citations, _glued_citation, _without_citations
from ingest.parsing.header import _date_in, _is_date_line
from ingest.parsing.lines import (
    _MARKED_FOOTNOTE,
    _clean_line,
    _ends_sentence,
    _is_noise,
    _join,
    _markers,
)
from ingest.parsing.records import Footnote, ParsedParagraph, SectionRef

_CHAPTER = re.compile(r"^(?:([一二三四五六七八九十]+)\s*[.．、]|([IVXL]+)\.\s)\s*(\S.*)$")
_SECTION = re.compile(r"^([A-Z])\s*[.．]\s+(\S.*)$")
# "2.58 亿" or "1.5 万亿" at a line start is a number, not paragraph 2 or 1.
_PARAGRAPH = re.compile(r"^(\d{1,3})[.．](?:\s+|(?=[^\d\s]))(\S.*)$")
_BARE_FOOTNOTE = re.compile(r"^(\d{1,3})\s+(\S.*)$")
_OPENER = re.compile(
    r"^(?:大会|安全理事会|经济及社会理事会|The General Assembly|The Security Council|"
    r"The Economic and Social Council)\s*[，,]$"
)
_CLOSING = re.compile(r"^(?:第\s*\d+\s*次全体会议|\d+(?:st|nd|rd|th) plenary meeting)$")
_LIST_ITEM = re.compile(r"^(?:\(?[a-z]{1,4}\)|\([ivx]+\)|[•·\-–])\s")


def _starts_body(line: str) -> bool:
    return bool(_CHAPTER.match(line) or _PARAGRAPH.match(line) or _OPENER.match(line))


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

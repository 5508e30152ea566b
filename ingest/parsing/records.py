"""The dataclasses parsing returns: a document, its paragraphs, their section path and footnotes."""

import datetime
from dataclasses import dataclass


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

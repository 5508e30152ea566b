"""``parse_document``: header and body read together, the paragraph length limit applied, and the
plain-text fallback for text without numbered paragraphs."""

import re
from functools import cache

from ingest.errors import IngestError
from ingest.pages import is_footnote_separator, page_lines
from ingest.paragraph_limit import MAX_PARAGRAPH_CHARS, split_long
from ingest.parsing.body import _Body, _Draft, _starts_body
from ingest.parsing.citations import _citations
from ingest.parsing.header import _MONTH_YEAR, _Header
from ingest.parsing.lines import _MARKED_FOOTNOTE, _clean_line, _ends_sentence, _is_noise, _join
from ingest.parsing.records import ParsedDocument, ParsedParagraph


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

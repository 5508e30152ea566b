"""Builds PDF and DOCX versions of a UN document's text at test time, laid out as the UN prints them.

The PDF uses the STSong-Light CID font, which needs no font file: A4 pages with the symbol at the
top, the job number and "2/20" at the foot, lines wrapped as Word wraps Chinese (anywhere between
characters, Latin words whole), footnote references as small raised digits, and footnotes in
small type at the foot of the page that cites them. A paragraph that the text version splits at
a page break is split at a page break here too, with its page's footnotes between the halves.
The DOCX has one Word paragraph per paragraph, numbers from Word list numbering, and real
footnotes in word/footnotes.xml.
"""

import io
import re
import unicodedata
from dataclasses import dataclass, field

from docx import Document
from docx.opc.constants import CONTENT_TYPE, RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

from ingest.parsing import parse_document

FONT = "STSong-Light"
PAGE_WIDTH, PAGE_HEIGHT = 595.0, 842.0
LEFT, RIGHT = 72.0, 523.0
BODY_SIZE, BODY_LEADING, BLOCK_GAP = 10.0, 14.0, 7.0
NOTE_SIZE, NOTE_LEADING = 8.0, 10.0
TOP_BASELINE, NOTES_BASELINE, FOOTER_BASELINE = 760.0, 62.0, 40.0
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_PLAIN_DIGITS = str.maketrans(SUPERSCRIPTS, "0123456789")
_SENTENCE_END = "。．.！!？?；;：:"
_STARTS_PARAGRAPH = re.compile(r"^(?:\d{1,3}\. |[一二三四五六七八九十]+\. |[A-Z]\. )")

pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def _printed(text: str) -> str:
    """What a printed page shows of a text line: no markdown bold, no angle brackets on links."""
    return re.sub(r"<((?:https?|ftp)://[^>\s]+)>", r"\1", text.replace("**", ""))


@dataclass
class _Block:
    text: str
    breaks_at: int | None = None  # a page break falls in the line holding this offset


@dataclass
class _PageLayout:
    body: list[tuple[float, str, float]] = field(default_factory=list)  # baseline, text, size
    notes: list[str] = field(default_factory=list)  # wrapped footnote lines


def _blocks_and_footnotes(text: str) -> tuple[list[_Block], dict[str, str]]:
    blocks: list[_Block] = []
    notes: dict[str, str] = {}
    split_open = in_body = False
    for line in (_printed(line.strip()) for line in text.splitlines()):
        if not line:
            continue
        if line[0] in SUPERSCRIPTS or line.startswith("* "):
            marker, note = line.split(" ", 1)
            notes[marker] = note
        elif split_open and not _STARTS_PARAGRAPH.match(line):
            blocks[-1].breaks_at = len(blocks[-1].text) - 1
            blocks[-1].text += line  # the text version split this paragraph at a page break
            split_open = False
            continue
        else:
            blocks.append(_Block(line))
        in_body = in_body or bool(_STARTS_PARAGRAPH.match(line))
        split_open = in_body and not line.endswith(tuple(_SENTENCE_END))
    return blocks, notes


def _width(text: str, size: float) -> float:
    return sum(pdfmetrics.stringWidth(c, FONT, size * (0.6 if c in SUPERSCRIPTS else 1.0)) for c in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _tokens(text: str) -> list[str]:
    tokens: list[str] = []
    for char in text:
        latin = not (char.isspace() or _wide(char))
        if tokens and (
            char in SUPERSCRIPTS or (latin and tokens[-1][-1:] not in " " and not _wide(tokens[-1][-1]))
        ):
            tokens[-1] += char  # a reference mark stays with what it marks; Latin words stay whole
        else:
            tokens.append(char)
    return tokens


def wrap(text: str, *, width: float, size: float) -> list[str]:
    lines, line = [], ""
    for token in _tokens(text):
        if token == " " or _width(line + token, size) <= width:
            line += token  # a space at the end of a line hangs in the margin
            continue
        if line:
            lines.append(line)
        while _width(token, size) > width:  # a long address breaks after a slash or a hyphen
            cut = max(i for i in range(1, len(token)) if _width(token[:i], size) <= width)
            mark = max(token.rfind("/", 0, cut), token.rfind("-", 0, cut))
            cut = mark + 1 if mark > 0 else cut
            lines.append(token[:cut])
            token = token[cut:]
        line = token
    if line:
        lines.append(line)
    return lines


def _cited(line: str, notes: dict[str, str]) -> list[str]:
    marks = re.findall(f"[{SUPERSCRIPTS}]+", line)
    if line.rstrip().endswith("*") and "*" in notes:
        marks.append("*")
    return [mark for mark in marks if mark in notes]


def _layout(text: str) -> list[_PageLayout]:
    blocks, notes = _blocks_and_footnotes(text)
    pages = [_PageLayout()]
    baseline = TOP_BASELINE + BLOCK_GAP
    for block in blocks:
        baseline -= BLOCK_GAP
        offset = 0
        for line in wrap(block.text, width=RIGHT - LEFT, size=BODY_SIZE):
            page = pages[-1]
            new_notes = [
                part
                for mark in _cited(line, notes)
                for part in wrap(f"{mark} {notes[mark]}", width=RIGHT - LEFT, size=NOTE_SIZE)
            ]
            notes_top = NOTES_BASELINE + NOTE_LEADING * (len(page.notes) + len(new_notes)) + 6
            if page.body and baseline - BODY_LEADING < notes_top:
                pages.append(_PageLayout())
                page, baseline = pages[-1], TOP_BASELINE + BODY_LEADING
            baseline -= BODY_LEADING
            page.body.append((baseline, line, BODY_SIZE))
            page.notes += new_notes
            offset += len(line)
            if block.breaks_at is not None and offset > block.breaks_at >= offset - len(line):
                pages.append(_PageLayout())
                baseline = TOP_BASELINE + BODY_LEADING
    return pages


def _draw_line(pdf: canvas.Canvas, x: float, y: float, text: str, size: float) -> None:
    line = pdf.beginText(x, y)
    for part in re.split(f"([{SUPERSCRIPTS}]+)", text):
        if part and part[0] in SUPERSCRIPTS:
            line.setFont(FONT, size * 0.6)
            line.setRise(size * 0.4)
            line.textOut(part.translate(_PLAIN_DIGITS))
            line.setRise(0)
        elif part:
            line.setFont(FONT, size)
            line.textOut(part)
    pdf.drawText(line)


def report_pdf(text: str, *, symbol: str, job: str, password: str | None = None) -> bytes:
    """A PDF of a document's text (as in data/reports) with running heads, page numbers and footnotes."""
    pages = _layout(text)
    buffer = io.BytesIO()
    encrypt = None
    if password:
        from reportlab.lib.pdfencrypt import StandardEncryption

        encrypt = StandardEncryption(password, canPrint=1)
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), encrypt=encrypt)
    for number, page in enumerate(pages, start=1):
        pdf.setFont(FONT, 9)
        pdf.drawRightString(RIGHT, 800, symbol) if number % 2 else pdf.drawString(LEFT, 800, symbol)
        for baseline, line, size in page.body:
            _draw_line(pdf, LEFT, baseline, line, size)
        for index, line in enumerate(page.notes):
            top = NOTES_BASELINE + NOTE_LEADING * (len(page.notes) - 1)
            _draw_line(pdf, LEFT, top - NOTE_LEADING * index, line, NOTE_SIZE)
        pdf.setFont(FONT, 8)
        if number == 1:
            pdf.drawString(LEFT, FOOTER_BASELINE, f"{job} (C)")
            pdf.drawRightString(RIGHT, FOOTER_BASELINE, f"*{job.replace('-', '')}*")
        else:
            pdf.drawString(LEFT, FOOTER_BASELINE, job)
            pdf.drawRightString(RIGHT, FOOTER_BASELINE, f"{number}/{len(pages)}")
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def pages_pdf(pages: list[list[str]], *, size: float = BODY_SIZE) -> bytes:
    """A plain PDF with the given lines on each page, one line per baseline."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    for lines in pages:
        for index, line in enumerate(lines):
            if line:
                _draw_line(pdf, LEFT, TOP_BASELINE - BODY_LEADING * index, line, size)
        pdf.showPage()
    pdf.save()
    return buffer.getvalue()


def image_only_pdf() -> bytes:
    """A PDF page with drawings and no text, as a scan looks to a text extractor."""
    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT))
    for row in range(40):
        pdf.rect(LEFT, TOP_BASELINE - row * BODY_LEADING, 300 - row * 3, 8, fill=1)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()


# DOCX

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _add_footnote_reference(paragraph, footnote_id: int, *, custom_mark: str = "") -> None:
    run = paragraph.add_run()
    properties = OxmlElement("w:rPr")
    align = OxmlElement("w:vertAlign")
    align.set(qn("w:val"), "superscript")
    properties.append(align)
    run._r.append(properties)
    reference = OxmlElement("w:footnoteReference")
    reference.set(qn("w:id"), str(footnote_id))
    if custom_mark:
        reference.set(qn("w:customMarkFollows"), "1")
    run._r.append(reference)
    if custom_mark:
        paragraph.add_run(custom_mark).font.superscript = True


def _add_text_with_references(paragraph, text: str, ids: dict[str, int]) -> None:
    for part in re.split(f"([{SUPERSCRIPTS}]+)", text):
        if part and part[0] in SUPERSCRIPTS and part in ids:
            _add_footnote_reference(paragraph, ids[part])
        elif part:
            paragraph.add_run(part)


def _footnotes_xml(notes: dict[int, str]) -> bytes:
    def escape(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    parts = [
        f'<w:footnotes xmlns:w="{_W}">',
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>',
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/>'
        "</w:r></w:p></w:footnote>",
    ]
    for footnote_id, text in notes.items():
        parts.append(
            f'<w:footnote w:id="{footnote_id}"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
            f'<w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {escape(text)}</w:t></w:r></w:p></w:footnote>'
        )
    parts.append("</w:footnotes>")
    return "".join(parts).encode("utf-8")


def report_docx(text: str, *, symbol: str) -> bytes:
    """A DOCX of a report's text: header lines, headings, Word-numbered paragraphs, footnotes."""
    parsed = parse_document(text)
    lines = [_printed(line.strip()) for line in text.splitlines()]
    first_heading = lines.index(next(line for line in lines if re.match(r"^一\. ", line)))
    header = [line for line in lines[:first_heading] if line]
    document = Document()
    document.sections[0].header.paragraphs[0].text = symbol  # a running head, not body text
    notes: dict[int, str] = {}
    ids: dict[str, int] = {}
    for line in header:
        if line.startswith("* "):
            notes[len(notes) + 1] = line[2:]
            continue
        paragraph = document.add_paragraph()
        if line.endswith("*"):
            paragraph.add_run(line[:-1])
            _add_footnote_reference(paragraph, len(notes) + 1, custom_mark="*")
        else:
            paragraph.add_run(line)
    section: tuple = ()
    for item in parsed.paragraphs:
        for depth, ref in enumerate(item.section):
            if section[depth : depth + 1] != (ref,):
                document.add_paragraph(f"{ref.number}. {ref.heading}")
        section = item.section
        for note in item.footnotes:
            mark = note.marker.translate(str.maketrans("0123456789", SUPERSCRIPTS))
            if mark not in ids:
                ids[mark] = len(notes) + 1
                notes[ids[mark]] = note.text
        paragraph = document.add_paragraph(style="List Number")
        _add_text_with_references(paragraph, item.text, ids)
    part = Part(
        PackURI("/word/footnotes.xml"),
        CONTENT_TYPE.WML_FOOTNOTES,
        _footnotes_xml(notes),
        document.part.package,
    )
    document.part.relate_to(part, RELATIONSHIP_TYPE.FOOTNOTES)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

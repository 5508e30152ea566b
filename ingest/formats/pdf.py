"""Reads the text layer of a PDF into lines with their position and type size, page by page.

pdfminer.six gives the glyphs of each page; this module groups them into lines itself, keeping
each line's position and type size, which tell page furniture, footnotes and paragraph ends. A footnote
reference set as a small raised digit becomes a superscript digit ("合作。¹"), as in the text
versions of UN documents. Damaged, encrypted, oversized and image-only PDFs are refused with a
message; turning the lines into paragraphs is the work of ``pdf_layout``.
"""

import io
import statistics
import unicodedata
from collections import Counter
from dataclasses import dataclass

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTPage
from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.psexceptions import PSException

from ingest.errors import IngestError
from ingest.formats.limits import max_pdf_pages

SUPERSCRIPT_DIGITS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")

# A glyph this much smaller than its line and raised above its baseline is a reference mark.
_SUPERSCRIPT_SIZE = 0.8
_SUPERSCRIPT_RISE = 0.2
# Glyphs further apart than this share of the type size have a space between them (for PDFs
# that position words instead of drawing spaces); only between Latin glyphs, since Chinese
# text is justified by spreading its characters.
_WORD_GAP = 0.25
# pdfminer writes a glyph without a Unicode mapping as "(cid:123)".
_UNMAPPED_SHARE = 0.3


@dataclass
class Line:
    """One line of a page: its text, box (PDF points, y upwards) and dominant type size."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    first_word_width: float  # how much room the line's first word needs on the line above


@dataclass
class Page:
    number: int
    height: float
    lines: list[Line]  # top to bottom


def pdf_pages(data: bytes, *, name: str) -> list[Page]:
    """The lines of every page of a PDF, or an IngestError saying why they cannot be read."""
    # A PDF ends with %%EOF; without it the file was cut short, and pdfminer would quietly
    # recover whatever objects it finds and return part of the text.
    if b"%%EOF" not in data[-2048:]:
        raise IngestError(f"{name} is a truncated PDF (it has no end-of-file marker); upload the whole file")
    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        pages = list(PDFPage.create_pages(document))
    except PDFPasswordIncorrect:
        raise IngestError(
            f"{name} is an encrypted PDF that needs a password; remove the password and upload it again"
        ) from None
    except PDFEncryptionError as error:
        raise IngestError(f"{name} is an encrypted PDF that cannot be opened: {error}") from None
    except (PSException, ValueError, KeyError, TypeError) as error:
        raise IngestError(f"{name} is a damaged PDF: {error or type(error).__name__}") from None
    if not pages:
        raise IngestError(f"{name} is a PDF without pages")
    limit = max_pdf_pages()
    if len(pages) > limit:
        raise IngestError(f"{name} has {len(pages)} pages, more than the limit of {limit} (MAX_PDF_PAGES)")

    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=None)  # glyphs as drawn, no layout analysis
    interpreter = PDFPageInterpreter(resources, device)
    result = []
    for number, page in enumerate(pages, start=1):
        try:
            interpreter.process_page(page)
        except (PSException, ValueError, KeyError, TypeError, AssertionError) as error:
            # A damaged content stream makes pdfminer fail in many ways; each is bad input.
            raise IngestError(f"{name} is a damaged PDF: page {number} cannot be read ({error})") from None
        layout = device.get_result()
        result.append(Page(number, layout.height, _page_lines(layout)))
    _refuse_unreadable(result, name=name)
    return result


def _refuse_unreadable(pages: list[Page], *, name: str) -> None:
    text = "".join(line.text for page in pages for line in page.lines)
    visible = sum(1 for char in text if not char.isspace())
    if not visible:
        raise IngestError(f"{name} has no text layer: it may be a scan; OCR is not supported")
    unmapped = text.count("(cid:") * len("(cid:0)")
    if unmapped / visible > _UNMAPPED_SHARE:
        raise IngestError(f"{name} uses fonts without a Unicode mapping, so its text cannot be read")


def _page_lines(layout: LTPage) -> list[Line]:
    glyphs = [item for item in layout if isinstance(item, LTChar) and item.upright and item.get_text()]
    groups: list[list[LTChar]] = []
    # Highest first; a glyph joins the line whose band it mostly shares (raised marks included).
    for glyph in sorted(glyphs, key=lambda g: (-(g.y0 + g.y1) / 2, g.x0)):
        for group in reversed(groups[-3:]):
            top = max(g.y1 for g in group)
            bottom = min(g.y0 for g in group)
            overlap = min(top, glyph.y1) - max(bottom, glyph.y0)
            if overlap >= 0.5 * min(glyph.height, top - bottom):
                group.append(glyph)
                break
        else:
            groups.append([glyph])
    lines = [_line(sorted(group, key=lambda g: g.x0)) for group in groups]
    lines = [line for line in lines if line.text.strip()]
    return sorted(lines, key=lambda line: -line.top)


def _line(glyphs: list[LTChar]) -> Line:
    printed = [g for g in glyphs if g.get_text().strip()] or glyphs
    size = Counter(round(g.size, 1) for g in printed).most_common(1)[0][0]
    body = [g for g in printed if g.size > _SUPERSCRIPT_SIZE * size] or printed
    baseline = statistics.median(g.y0 for g in body)
    parts: list[str] = []
    previous: LTChar | None = None
    for glyph in glyphs:
        text = glyph.get_text()
        if _is_raised(glyph, size=size, baseline=baseline):
            text = text.translate(SUPERSCRIPT_DIGITS)
        elif previous is not None and _spaced(previous, glyph, size=size):
            parts.append(" ")
        parts.append(text)
        previous = glyph
    text = "".join(parts).lstrip()
    return Line(
        text=text,
        x0=min(g.x0 for g in body),
        x1=max(g.x1 for g in printed),
        top=max(g.y1 for g in body),
        bottom=min(g.y0 for g in body),
        size=size,
        first_word_width=_first_word_width(glyphs),
    )


def _is_raised(glyph: LTChar, *, size: float, baseline: float) -> bool:
    return (
        glyph.get_text().isdigit()
        and glyph.size <= _SUPERSCRIPT_SIZE * size
        and glyph.y0 > baseline + _SUPERSCRIPT_RISE * size
    )


def _spaced(left: LTChar, right: LTChar, *, size: float) -> bool:
    a, b = left.get_text(), right.get_text()
    if not a.strip() or not b.strip() or is_wide(a[-1]) or is_wide(b[0]):
        return False
    return right.x0 - left.x1 > _WORD_GAP * size


def _first_word_width(glyphs: list[LTChar]) -> float:
    printed = [g for g in glyphs if g.get_text().strip()]
    if not printed:
        return 0.0
    end = printed[0]
    for glyph in glyphs[glyphs.index(printed[0]) :]:
        text = glyph.get_text()
        if not text.strip() or (
            glyph is not printed[0] and (is_wide(text[0]) or is_wide(end.get_text()[-1]))
        ):
            break
        end = glyph
    return end.x1 - printed[0].x0


def is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")

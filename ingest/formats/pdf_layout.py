"""Turns the lines of a PDF's pages into text laid out like the text versions of UN documents.

Page furniture goes first: symbols, job numbers and page numbers at the top or bottom of a page,
and any line repeated at the edges of many pages. Footnotes are the lines in small type at the
foot of a page, from the first that starts with a marker. The body lines are then re-joined into
one line per paragraph: a line continues on the next unless the next starts a numbered
paragraph, a heading or a list item, lies further below than the line spacing, or the line ended
early (the next line's first word would have fit on it). A paragraph runs on across a page break
by the same rule, and the footnotes of a page follow the paragraph that was open at its foot.
Paragraphs and footnotes are separated by blank lines, which is what ``ingest.parsing`` reads.
"""

import re
import statistics
from collections import Counter

from ingest.formats.pdf import SUPERSCRIPT_DIGITS, Line, Page, is_wide

_SYMBOL = r"[A-Z]{1,6}(?:/[A-Z0-9.\-]+)+"
_JOB_NUMBER = r"\d{2}-\d{5}(?:\s*\([A-Z]\))?"
_PAGE_NUMBER = (
    r"\d{1,4}\s*/\s*\d{1,4}|\d{1,4}|[-–—]\s*\d{1,4}\s*[-–—]|Page\s+\d+(?:\s+of\s+\d+)?|"
    r"第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?"
)
_FURNITURE_PART = rf"(?:{_SYMBOL}|{_JOB_NUMBER}|\*\d{{5,}}\*|{_PAGE_NUMBER})"
_FURNITURE = re.compile(rf"^{_FURNITURE_PART}(?:\s+{_FURNITURE_PART})*$")
_EDGE_LINES = 3  # furniture is looked for this many lines from each edge of a page

_STARTS_BLOCK = re.compile(
    r"^(?:\d{1,3}[.．](?:\s|(?=[^\d\s]))"  # 12. numbered paragraph (not "2.58 亿")
    r"|[一二三四五六七八九十]+\s*[.．、]\s*\S|[IVXL]+\.\s"  # chapter
    r"|[A-Z]\s*[.．]\s+\S"  # section
    r"|\(?[a-z]{1,4}\)\s|\([ivx]+\)\s|[•·]\s)"  # list item
)
_SENTENCE_END = tuple("。．.！!？?；;")
_FOOTNOTE = re.compile(r"^(?:([⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s*|(\*{1,3})\s+|(\d{1,3})\s+)(?=\S)")
_SUPERSCRIPT_FOOTNOTE = re.compile(r"^[⁰¹²³⁴⁵⁶⁷⁸⁹]+\s*\S")

_FOOTNOTE_SIZE = 0.9  # footnotes are set smaller than this share of the body type
_FOOTNOTE_ZONE = 0.4  # without smaller type, footnotes start in this lower share of the page
_PARAGRAPH_GAP = 1.3  # lines further apart than this many line spacings are separate blocks


def pdf_layout_text(pages: list[Page]) -> str:
    """The text of a PDF's pages: one line per paragraph, footnotes apart, blank lines between."""
    repeated = _repeated_edge_lines(pages)
    pages = [Page(p.number, p.height, _without_furniture(p.lines, repeated)) for p in pages]
    body_size = _body_size(pages)
    metrics = _Metrics(pages, body_size=body_size)
    writer = _Writer()
    for page in pages:
        body, notes = _split_footnotes(page, body_size=body_size)
        for index, line in enumerate(body):
            writer.add_line(
                line,
                joins=writer.last is not None and metrics.continues(writer.last, line, same_page=index > 0),
            )
        writer.add_footnotes(notes)
    return writer.finish()


def _normal(text: str) -> str:
    return re.sub(r"\d+", "#", text.strip())


def _repeated_edge_lines(pages: list[Page]) -> set[str]:
    """Running heads and feet: lines, numbers aside, at the edge of at least half the pages."""
    counts: Counter[str] = Counter()
    for page in pages:
        edges = page.lines[:_EDGE_LINES] + page.lines[-_EDGE_LINES:]
        # Paragraphs that start alike ("1. 第 1 段") and sentence ends are text, however often.
        counts.update(
            {
                _normal(line.text)
                for line in edges
                if not _STARTS_BLOCK.match(line.text) and not line.text.rstrip().endswith(_SENTENCE_END)
            }
        )
    needed = max(3, len(pages) / 2)
    return {text for text, count in counts.items() if count >= needed}


def _without_furniture(lines: list[Line], repeated: set[str]) -> list[Line]:
    def furniture(line: Line) -> bool:
        return bool(_FURNITURE.match(line.text.strip())) or _normal(line.text) in repeated

    start, end = 0, len(lines)
    while start < min(end, _EDGE_LINES) and furniture(lines[start]):
        start += 1
    while end > max(start, len(lines) - _EDGE_LINES) and furniture(lines[end - 1]):
        end -= 1
    return lines[start:end]


def _body_size(pages: list[Page]) -> float:
    sizes: Counter[float] = Counter()
    for page in pages:
        for line in page.lines:
            sizes[line.size] += len(line.text)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _split_footnotes(page: Page, *, body_size: float) -> tuple[list[Line], list[Line]]:
    lines = page.lines
    small = len(lines)
    while small > 0 and lines[small - 1].size < _FOOTNOTE_SIZE * body_size:
        small -= 1
    start = next((i for i in range(small, len(lines)) if _FOOTNOTE.match(lines[i].text)), None)
    if start is None:
        # Footnotes in body type: only lines that start with a superscript mark count.
        lower = [i for i, line in enumerate(lines) if line.top < _FOOTNOTE_ZONE * page.height]
        start = next((i for i in lower if _SUPERSCRIPT_FOOTNOTE.match(lines[i].text)), len(lines))
    return lines[:start], lines[start:]


class _Metrics:
    """The line spacing of each type size and the right edge of the text column."""

    def __init__(self, pages: list[Page], *, body_size: float) -> None:
        spacings: dict[float, list[float]] = {}
        ends = []
        for page in pages:
            for above, below in zip(page.lines, page.lines[1:], strict=False):
                distance = above.top - below.top
                if above.size == below.size and 0 < distance < 3 * above.size:
                    spacings.setdefault(above.size, []).append(distance)
            ends += [line.x1 for line in page.lines if line.size == body_size]
        self.spacing = {size: statistics.median(values) for size, values in spacings.items()}
        # Most lines of a paragraph run to the right edge; titles and last lines stop short.
        self.right = statistics.quantiles(ends, n=10)[-1] if len(ends) > 1 else max(ends, default=0.0)

    def continues(self, line: Line, following: Line, *, same_page: bool) -> bool:
        if _STARTS_BLOCK.match(following.text):
            return False
        if same_page:
            spacing = self.spacing.get(line.size, 1.2 * line.size)
            if line.top - following.top > _PARAGRAPH_GAP * spacing:
                return False
        ended_early = line.x1 + following.first_word_width + 0.5 * line.size < self.right
        return not ended_early


class _Writer:
    """Collects paragraphs, then places each footnote after the paragraph that cites it."""

    def __init__(self) -> None:
        self.blocks: list[str] = []
        self.notes: list[tuple[int, str]] = []  # the last block of its page, the footnote
        self.last: Line | None = None

    def add_line(self, line: Line, *, joins: bool) -> None:
        if joins and self.blocks:
            self.blocks[-1] = _join(self.blocks[-1], line.text)
        else:
            self.blocks.append(line.text)
        self.last = line

    def add_footnotes(self, lines: list[Line]) -> None:
        page_end = len(self.blocks) - 1
        for line in lines:
            if match := _FOOTNOTE.match(line.text):
                marker = (match.group(1) or match.group(2) or match.group(3)).translate(SUPERSCRIPT_DIGITS)
                self.notes.append((page_end, f"{marker} {line.text[match.end() :]}"))
            elif self.notes:
                # A footnote running on from the previous page.
                end, note = self.notes[-1]
                self.notes[-1] = (end, _join(note, line.text))

    def finish(self) -> str:
        after: dict[int, list[str]] = {}
        for page_end, note in self.notes:
            marker = note.split(" ", 1)[0]
            cites = _citation(marker)
            found = next((i for i in range(page_end, -1, -1) if cites.search(self.blocks[i])), page_end)
            after.setdefault(found, []).append(note.rstrip())
        out = []
        for index, block in enumerate(self.blocks):
            out += [block.rstrip(), *after.get(index, [])]
        out += after.get(-1, [])
        return "\n\n".join(out) + "\n"


def _citation(marker: str) -> re.Pattern:
    if marker.startswith("*"):
        return re.compile(rf"(?<=[^\s*]){re.escape(marker)}(?!\*)")
    return re.compile(rf"(?<![⁰¹²³⁴⁵⁶⁷⁸⁹]){marker}(?![⁰¹²³⁴⁵⁶⁷⁸⁹])")


def _join(left: str, right: str) -> str:
    """Join two lines of one paragraph: Chinese lines break without a space, Latin lines at one."""
    if left.endswith(" "):
        return left.rstrip() + " " + right
    if not left or not right or left[-1] in "-/" or is_wide(left[-1]) or is_wide(right[0]):
        return left + right
    return f"{left} {right}"

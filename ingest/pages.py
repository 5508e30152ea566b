"""Recognises the page furniture of text taken from a UN PDF (``pdftotext -layout`` or a copy).

Each page of a UN document carries lines that belong to no paragraph: the running header with
the symbol, a footer with the page and job numbers, on the first page the job number line with
its dates ("23-15432 (E)    100823") and the barcode ("*2315432*"), and above the footnotes a
line of underscores. The parser already drops symbols, page numbers and bare job numbers as
page residue; this module blanks the rest, so that a page break reads as a blank line, and
tells the parser where a page's footnotes begin.
"""

import re

# "23-15432 (E)    100823" or "21-14085 (C)    041021    061021": the job number, the
# language of the version, then the dates it was processed and printed.
_JOB_LINE = re.compile(r"^\d{2}-\d{5}\s*\([A-Z]\)(?:\s+\d{6}){1,2}$")
_SEPARATOR = re.compile(r"^_{5,}$")
# A footnote under the separator: its marker, then spaces (a tab or column gap in -layout text).
_PAGE_FOOTNOTE = re.compile(r"^(\d{1,3}|\*{1,3}|[⁰¹²³⁴⁵⁶⁷⁸⁹]+)\s+(\S.*)$")


def page_lines(text: str) -> list[str]:
    """The text's lines with the page furniture the parser cannot tell from text made blank.

    ``splitlines`` also breaks at the form feed that ends each page of ``pdftotext`` output.
    """
    return ["" if _JOB_LINE.match(line.strip()) else line for line in text.splitlines()]


def is_footnote_separator(line: str) -> bool:
    return bool(_SEPARATOR.match(line))


def page_footnote(line: str) -> re.Match | None:
    """A footnote line as printed under a page's separator: (marker, text)."""
    return _PAGE_FOOTNOTE.match(line)

"""Footnote citations in paragraph text: which markers a text cites, and the text without them."""

import re
from collections.abc import Iterable
from functools import cache

from ingest.parsing.lines import _SUPERSCRIPTS, _is_wide, _markers
from ingest.parsing.records import Footnote

_SUPERSCRIPT_RUN = re.compile(rf"[{_SUPERSCRIPTS}]+")
_UNIT_BEFORE = re.compile(r"(?<![A-Za-z])[kcm]?m$")
_ABBREVIATIONS = ("para", "paras", "No", "Nos", "p", "pp", "art", "arts", "sect", "chap", "vol", "Rev", "Add")


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

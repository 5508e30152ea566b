"""What the header and the body read alike: a line cleaned of markdown, page residue, footnote
markers, the joining of a paragraph's pieces and whether text ends a sentence."""

import re
import unicodedata

_SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_TO_DIGITS = str.maketrans(_SUPERSCRIPTS, "0123456789")

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_LINK = re.compile(r"\[([^\]\n]+)\]\([^)\s]*\)")
_AUTOLINK = re.compile(r"<((?:https?|ftp)://[^>\s]+)>")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_MARKED_FOOTNOTE = re.compile(rf"^([{_SUPERSCRIPTS}]+|\*{{1,3}}(?=\s))\s*(\S.*)$")
_SESSION = re.compile(
    r"^(?:第[一二三四五六七八九十百零〇]+届(?:特别)?会议|[A-Z][a-z]+(?:-[a-z]+)? (?:special )?session)$"
)
_SYMBOL = r"[A-Z]{1,6}(?:/[A-Z0-9.\-]+)+"
_NOISE = re.compile(
    r"^(?:\s*(?:联\s*合\s*国|United Nations|大\s*会|General Assembly|Distr\.?:?|General|Limited|"
    rf"中文|Chinese|English|Original:\s*\w+|原文[:：]\s*\w+|{_SYMBOL}|\d{{2}}-\d{{5}}(?:\s*\([A-Z]\))?|"
    r"\*\d{5,}\*|\d{1,3}\s*/\s*\d{1,3}|-\s*\d+\s*-|Page\s+\d+|第\s*\d+\s*页))+\s*$"
)

_TRAILING_MARKERS = re.compile(rf"(?:\s*(?:[{_SUPERSCRIPTS}]+|\*+))+$")
_MARKER_CHARACTERS = frozenset(_SUPERSCRIPTS + "*")
_FOOTNOTE_NUMBER_AT_END = re.compile(r"(?<=[.;!?。；！？])\d{1,3}$")
_CLOSERS = ")）]】》〉」』”’\"'"
_SENTENCE_END = "。．.！!？?；;…"


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

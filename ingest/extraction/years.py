"""Finds the years, 1990 to 2100, that a paragraph says something happened or will happen in.

Chinese text marks a year with 年: 2020 年, 2020年, 2020 年和 2021 年; a range such as
2022-2025 年 or 2020—2022年 yields its two ends. English text writes bare years, which
count when no digit, slash, hyphenated date or decimal point touches them. Numbers that
only look like years are not: the groups of 3 364 000, symbols (SSC/20/2, 第 20/1 号),
dates inside web addresses. Years in titles (《2021 年世界投资报告》) and in the names of
agendas (2030 年议程, 《2063 年议程》) name a publication or a plan, not a time of
activity, and are left out.
"""

import re

from .spans import Span

YEAR = "year"

_FIRST, _LAST = 1990, 2100
_YEAR = r"(?:199\d|20\d\d|2100)"
# What may not stand before a year is checked by a lookbehind that spans the year's four digits
# too, so that each pattern opens with the year itself and ``re`` skips in C to its first digit.
_ZH_RANGE = re.compile(rf"({_YEAR})(?<![\d/.\-]\d{{4}})\s*[-–—~至到]\s*({_YEAR})\s*年(?!代)")
_ZH_SINGLE = re.compile(rf"({_YEAR})(?<![\d/.\-]\d{{4}})\s*年(?!代)")
_EN_RANGE = re.compile(rf"({_YEAR})(?<![\d/.\-]\d{{4}})\s*[-–—]\s*({_YEAR}|\d\d)(?![\d/])")
_EN_SINGLE = re.compile(rf"({_YEAR})(?<![\d/.\-:,]\d{{4}})(?![\d/%]|\.\d|-\d)")
_AGENDA = re.compile(r"\s*年?\s*(?:可持续发展)?议程")
_TITLE = re.compile(r"《[^》]*》")
_ADDRESS = re.compile(r"(?:https?://|www\.)\S+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def find_years(text: str) -> list[Span]:
    """One span per year mentioned, in text order; a range gives one span per end."""
    hidden = [(m.start(), m.end()) for m in _TITLE.finditer(text)]
    hidden += [(m.start(), m.end()) for m in _ADDRESS.finditer(text)]
    chinese = bool(_CJK.search(text))
    spans: list[Span] = []
    taken: list[tuple[int, int]] = []
    patterns = (_ZH_RANGE, _ZH_SINGLE) if chinese else (_EN_RANGE, _EN_SINGLE)
    for pattern in patterns:
        for match in pattern.finditer(text):
            if _overlaps(match.start(), match.end(), hidden + taken):
                continue
            if _AGENDA.match(text, match.end(match.lastindex)):
                continue
            taken.append((match.start(), match.end()))
            spans.extend(_year_spans(text, match))
    return sorted(spans, key=lambda span: span.start)


def _year_spans(text: str, match: re.Match) -> list[Span]:
    spans = []
    century = match.group(1)[:2]
    for group in range(1, (match.lastindex or 1) + 1):
        digits = match.group(group)
        year = int(century + digits if len(digits) == 2 else digits)
        if _FIRST <= year <= _LAST:
            start, end = match.span(group)
            spans.append(Span(YEAR, start, end, text[start:end], str(year)))
    return spans


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in ranges)

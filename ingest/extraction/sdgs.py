"""Finds the Sustainable Development Goals a paragraph cites by number, and infers goals from themes.

A goal is cited when a number from 1 to 17 follows 可持续发展目标, SDG or Goal (可持续发展目标
17, 可持续发展目标17, SDG 4, Goal 5), including the further numbers of a list
(可持续发展目标 4 和 5, 目标 4 和目标 5). A bare number is never a goal (所有 17 个国家).
The goals a theme implies come from ``themes.json``.
"""

import json
import re
from collections.abc import Iterable
from functools import cache

from .gazetteer import REFERENCE_DIR
from .prefilter import compile_starting_with
from .spans import Span

SDG = "sdg"

_NUMBER = r"(1[0-7]|[1-9])(?![\d.])"
_CITED = re.compile(
    rf"(?:可持续发展目标|目标|SDGs?|Sustainable Development Goals?|Goals?)\s*{_NUMBER}"
    rf"(?![\s]*(?:个|项|年|%|号))"
)
_MORE = re.compile(
    rf"\s*(?:和|及|、|,|，|and|or)\s*(?:目标\s*|SDG\s*|Goal\s*)?{_NUMBER}(?!\s*(?:个|项|年|%|号))"
)
# 目标 alone is a goal only in a text that speaks of the Sustainable Development Goals.
_GOALS_CONTEXT = compile_starting_with(
    r"可持续发展目标|SDG|Sustainable Development Goal", "可s", re.IGNORECASE
)


def find_cited_sdgs(text: str) -> list[Span]:
    spans: list[Span] = []
    has_context = bool(_GOALS_CONTEXT.search(text))
    consumed = 0
    for match in _CITED.finditer(text):
        if match.start() < consumed:
            continue
        word = match.group()[: match.start(1) - match.start()].strip()
        if word in ("目标", "Goal", "Goals") and not has_context:
            continue
        spans.append(_span(text, match, whole=True))
        consumed = match.end()
        while more := _MORE.match(text, consumed):
            spans.append(_span(text, more, whole=False))
            consumed = more.end()
    return spans


def infer_sdgs(theme_codes: Iterable[str]) -> set[int]:
    """The goals the given themes imply."""
    by_theme = _theme_sdgs()
    return {number for code in theme_codes for number in by_theme.get(code, ())}


@cache
def _theme_sdgs() -> dict[str, tuple[int, ...]]:
    rows = json.loads((REFERENCE_DIR / "themes.json").read_text(encoding="utf-8"))
    return {row["code"]: tuple(row["sdgs"]) for row in rows}


def _span(text: str, match: re.Match, *, whole: bool) -> Span:
    # A further number of a list is its own span: "和 5" would show the wrong words.
    start, end = match.span() if whole else match.span(1)
    return Span(SDG, start, end, text[start:end], str(int(match.group(1))))

"""Finds the themes a paragraph is about, from the keywords of ``themes.json``.

A theme is found where one of its keywords occurs: Chinese keywords anywhere, English
keywords as whole words and case-insensitively (acronyms such as ICT and the names in
the list are written as they are used). Keywords are chosen to be specific (疫苗, 小农户,
信息和通信技术, not 平台 or 发展), and where two keywords overlap the longer one wins,
so 可再生能源 is energy, not two themes. Keywords inside an organisation's name (卫生 in
世界卫生组织) are dropped by the caller, with the same rule as countries and regions.
"""

import re
from dataclasses import dataclass
from functools import cache

from initiatives.reference.files import reference_rows
from initiatives.reference.words import Word, WordFinder

from .spans import Span

THEME = "theme"


@dataclass(frozen=True)
class Theme:
    code: str
    name_zh: str
    name_en: str
    sdgs: tuple[int, ...]


def find_themes(text: str) -> list[Span]:
    regex, codes = _matcher()
    return [
        Span(THEME, match.start(), match.end(), match.group(), codes[match.group().casefold()])
        for match in regex.finditer(text)
    ]


def themes_prepare() -> None:
    _matcher()


@cache
def themes() -> dict[str, Theme]:
    return {
        row["code"]: Theme(row["code"], row["name_zh"], row["name_en"], tuple(row["sdgs"])) for row in _rows()
    }


def _rows() -> list[dict]:
    return reference_rows("themes.json")


@cache
def _matcher() -> tuple[WordFinder, dict[str, str]]:
    codes: dict[str, str] = {}
    for row in _rows():
        for keyword in (*row["keywords_zh"], *row["keywords_en"]):
            # The first theme to claim a keyword keeps it: keywords are unique in practice.
            codes.setdefault(keyword.casefold(), row["code"])
    words = [
        Word(keyword, before="[A-Za-z]", after="[A-Za-z]") if keyword.isascii() else Word(keyword)
        for keyword in codes
    ]
    return WordFinder(words, flags=re.IGNORECASE), codes

"""The reference names the extractors look for, and the matcher that finds them in text.

``gazetteer()`` reads ``data/reference/{agencies,countries,regions}.json`` once per process
and maps every Chinese name, short form and alias, and every English name and alias, to
the entity's code. ``NameMatcher`` finds those names in a paragraph: leftmost match
first and, at one position, the longest name, so that no two matches overlap. Chinese
names match anywhere; English names match only as whole words, case-sensitively when
they are one word (acronyms such as WHO must not match "who"), case-insensitively when
they contain a space. Blockers are phrases that contain a name without mentioning it
(发展中国家 contains 中国): they are matched like names and then dropped.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from types import MappingProxyType
from typing import Generic, TypeVar

from .files import reference_rows
from .words import Word, WordFinder

# Reference names that on their own are an adjective, not a mention: the report says
# 联合国 in 联合国各实体, 联合国发展系统, 联合国国家工作队 ... and means no one entity.
GENERIC_NAMES = frozenset({"联合国", "United Nations", "UN"})

_REGION_KIND_ORDER = {"grouping": 0, "m49_region": 1, "m49_subregion": 2}

V = TypeVar("V")

# Names made of letters and digits match as whole words: not after or before another of these.
_NOT_WORD = "[A-Za-z0-9]"


@dataclass(frozen=True)
class AgencyEntry:
    code: str
    kind: str
    name_zh: str
    short_names_zh: tuple[str, ...]
    name_en: str
    aliases_en: tuple[str, ...]
    country: str = ""  # a national agency's country (ISO3): JICA is Japan's

    @property
    def names_zh(self) -> tuple[str, ...]:
        return (self.name_zh, *self.short_names_zh)


# eq=False keeps the default identity hash, so a gazetteer can key a cache.
@dataclass(frozen=True, eq=False)
class Gazetteer:
    agencies: Mapping[str, AgencyEntry]
    agency_names: Mapping[str, str]
    country_names: Mapping[str, str]
    region_names: Mapping[str, str]

    def dictionary_words(self) -> list[str]:
        """Every Chinese name, for a segmenter's user dictionary."""
        names = {*self.agency_names, *self.country_names, *self.region_names}
        return sorted(name for name in names if _has_cjk(name))


@dataclass(frozen=True)
class Match(Generic[V]):
    start: int
    end: int
    text: str
    value: V


class NameMatcher(Generic[V]):
    """Finds the names of a name→value mapping in text, without overlaps."""

    def __init__(
        self, names: Mapping[str, V], *, blockers: Iterable[str] = (), finder: WordFinder | None = None
    ):
        self._names = dict(names)
        self._blockers = tuple(blockers)
        self._exact: dict[str, V | None] = {}
        self._folded: dict[str, V] = {}
        for name, value in self._names.items():
            if _is_case_insensitive(name):
                self._folded[name.casefold()] = value
            else:
                self._exact[name] = value
        for blocker in self._blockers:
            self._exact.setdefault(blocker, None)
        self._finder = finder or _word_finder(
            {*self._exact, *(name for name in names if _is_case_insensitive(name))}
        )

    def with_names(self, names: Mapping[str, V]) -> "NameMatcher[V]":
        """This matcher with more names; where a name is in both, this matcher's value wins."""
        finder = self._finder + _word_finder(names)
        return NameMatcher({**names, **self._names}, blockers=self._blockers, finder=finder)

    def find(self, text: str) -> list[Match[V]]:
        found = []
        for hit in self._finder.finditer(text):
            name = hit.group()
            value = self._exact[name] if name in self._exact else self._folded.get(name.casefold())
            if value is not None:
                found.append(Match(hit.start(), hit.end(), name, value))
        return found


@cache
def gazetteer() -> Gazetteer:
    agencies = {row["code"]: _agency_entry(row) for row in reference_rows("agencies.json")}
    agency_names: dict[str, str] = {}
    for entry in agencies.values():
        for name in (*entry.names_zh, entry.name_en, *entry.aliases_en):
            if name not in GENERIC_NAMES:
                agency_names[name] = entry.code
    countries = {name: row["iso3"] for row in reference_rows("countries.json") for name in _names_of(row)}
    # Should a name ever belong to a grouping and an M49 area, the grouping wins, as the reports'
    # own word; the reference data gives no two regions one name. Later rows overwrite.
    rows = sorted(
        reference_rows("regions.json"), key=lambda row: _REGION_KIND_ORDER.get(row["kind"], 0), reverse=True
    )
    regions = {name: row["code"] for row in rows for name in _names_of(row)}
    return Gazetteer(
        agencies=MappingProxyType(agencies),
        agency_names=MappingProxyType(agency_names),
        country_names=MappingProxyType(countries),
        region_names=MappingProxyType(regions),
    )


def _agency_entry(row: dict) -> AgencyEntry:
    return AgencyEntry(
        code=row["code"],
        kind=row["kind"],
        name_zh=row["name_zh"],
        short_names_zh=tuple(row.get("short_names_zh", ())),
        name_en=row["name_en"],
        aliases_en=tuple(row.get("aliases_en", ())),
        country=row.get("country", ""),
    )


def _names_of(row: dict) -> list[str]:
    names = [row["name_zh"], *row.get("aliases_zh", ()), row["name_en"], *row.get("aliases_en", ())]
    return [name for name in names if name]


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


def _is_case_insensitive(name: str) -> bool:
    return " " in name and not _has_cjk(name)


def _is_word_char(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _word(name: str) -> Word:
    return Word(
        name,
        before=_NOT_WORD if _is_word_char(name[0]) else "",
        after=_NOT_WORD if _is_word_char(name[-1]) else "",
    )


def _word_finder(names: Iterable[str]) -> WordFinder:
    names = [name for name in names if name]
    exact = WordFinder(_word(name) for name in names if not _is_case_insensitive(name))
    folded = WordFinder((_word(name) for name in names if _is_case_insensitive(name)), flags=re.IGNORECASE)
    return exact + folded

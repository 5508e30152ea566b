"""Finds the funds, facilities, programmes and platforms a paragraph names, as codes of ``programmes.json``.

A programme is named by its Chinese name, short form or alias anywhere in the text
(印巴南基金, 粮农组织-中国信托基金, 南南银河平台), or by its English name or alias as whole
words (IBSA Fund, FAO-China Trust Fund, Youth4South). The longest name at a position wins, so
粮农组织-中国南南合作信托基金 is one mention, not also the shorter alias inside it. The span
says nothing about who manages the programme: an agency comes only from words of the text,
either named (粮农组织 in 粮农组织-中国信托基金 is FAO because the text says so; 印巴南基金
alone gives no agency) or said to manage it (印巴南基金由联合国南南合作办公室管理, "the IBSA
Fund, managed by UNOSSC"), which ``managing_agencies`` reads so that an initiative where the
fund acts gets that agency too. Unlisted organisations the agency reader captured inside a
programme's name (…消除饥饿基金) are dropped by the caller with ``overlap.drop_inside``.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from initiatives.reference.files import reference_rows
from initiatives.reference.gazetteer import NameMatcher
from initiatives.text import sentence_bounds

from .spans import Span

PROGRAMME = "programme"


@dataclass(frozen=True)
class ProgrammeEntry:
    code: str
    kind: str
    name_zh: str
    name_en: str
    aliases_zh: tuple[str, ...]
    aliases_en: tuple[str, ...]
    agency: str  # the managing agency's code, "" when the reference data does not say

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(
            name for name in (self.name_zh, *self.aliases_zh, self.name_en, *self.aliases_en) if name
        )


def find_programmes(text: str) -> list[Span]:
    return [Span(PROGRAMME, m.start, m.end, m.text, m.value) for m in _matcher().find(text)]


def programmes_prepare() -> None:
    _matcher()


@cache
def programme_entries() -> dict[str, ProgrammeEntry]:
    """Every programme of ``programmes.json`` by code."""
    return {
        row["code"]: ProgrammeEntry(
            code=row["code"],
            kind=row["kind"],
            name_zh=row["name_zh"],
            name_en=row["name_en"],
            aliases_zh=tuple(row.get("aliases_zh", ())),
            aliases_en=tuple(row.get("aliases_en", ())),
            agency=row.get("agency", ""),
        )
        for row in reference_rows("programmes.json")
    }


@cache
def _matcher() -> NameMatcher[str]:
    names: dict[str, str] = {}
    for entry in programme_entries().values():
        for name in entry.names:
            if names.setdefault(name, entry.code) != entry.code:
                raise ValueError(f"programmes.json gives the name {name!r} to two programmes")
    return NameMatcher(names)


# 由联合国南南合作办公室管理的印巴南基金 / 印巴南基金由……管理 / the IBSA Fund, managed by UNOSSC.
_MANAGED_ZH = re.compile(r"\s*(?:负责)?管理")
_MANAGED_EN = re.compile(r"(?:,\s*)?(?:which is\s+|is\s+)?(?:managed|administered)\s+by\s+(?:the\s+)?$")


def managing_agencies(text: str, programmes: Sequence[Span], agencies: Sequence[Span]) -> dict[str, Span]:
    """By programme code, the agency span the text says manages it, in the sentence that names both.

    Only words of the text count (由 X 管理, managed by X): the reference data's managing agency is
    never added on its own.
    """
    found: dict[str, Span] = {}
    for start, end in sentence_bounds(text):
        named = [span for span in programmes if start <= span.start < end]
        if not named:
            continue
        for agency in agencies:
            if agency.field != "agency" or not start <= agency.start < end:
                continue
            before = text[max(start, agency.start - 1) : agency.start]
            zh = before == "由" and _MANAGED_ZH.match(text, agency.end)
            en = _MANAGED_EN.search(text[start : agency.start])
            if zh or en:
                for span in named:
                    found.setdefault(span.value, agency)
    return found

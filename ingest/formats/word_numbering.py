"""Gives back the numbers Word draws from list numbering ("12.", "一.", "(a)"), which are not in the text.

A paragraph is numbered by its own ``w:numPr`` or by its style's (following ``basedOn``). Lists
that share an abstract definition count on together, as in Word, unless an instance restarts
them with a start override. Formats beyond decimal, letters, roman and Chinese counting are
numbered in decimal.
"""

import re
from dataclasses import dataclass

from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml.ns import qn
from lxml import etree

_CHINESE = "零一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"))
_ROMAN += ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@dataclass(frozen=True)
class _Level:
    start: int
    format: str
    text: str
    suffix: str


_NAMESPACES = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}


def _val(element, path: str, default: str = "") -> str:
    found = element.find(path, _NAMESPACES)
    return found.get(qn("w:val"), default) if found is not None else default


class Numbering:
    """Counts a document's numbered paragraphs in order; ``label`` gives each its number."""

    def __init__(self, document) -> None:
        self._levels: dict[str, dict[int, _Level]] = {}
        self._instances: dict[str, tuple[str, dict[int, int]]] = {}
        self._styles: dict[str, tuple[str, str, str]] = {}  # style id: based on, numId, ilvl
        self._counters: dict[str, dict[int, int]] = {}
        self._started: set[str] = set()
        for rel in document.part.rels.values():
            if rel.is_external:
                continue
            if rel.reltype == RELATIONSHIP_TYPE.NUMBERING:
                self._read_numbering(etree.fromstring(rel.target_part.blob))
            elif rel.reltype == RELATIONSHIP_TYPE.STYLES:
                self._read_styles(etree.fromstring(rel.target_part.blob))

    def _read_numbering(self, root) -> None:
        for abstract in root.iterfind(qn("w:abstractNum")):
            levels = {}
            for level in abstract.iterfind(qn("w:lvl")):
                ilvl = int(level.get(qn("w:ilvl"), "0"))
                levels[ilvl] = _Level(
                    start=int(_val(level, "w:start", "1") or 1),
                    format=_val(level, "w:numFmt", "decimal"),
                    text=_val(level, "w:lvlText", f"%{ilvl + 1}."),
                    suffix=_val(level, "w:suff", "tab"),
                )
            self._levels[abstract.get(qn("w:abstractNumId"))] = levels
        for instance in root.iterfind(qn("w:num")):
            overrides = {
                int(override.get(qn("w:ilvl"), "0")): int(_val(override, "w:startOverride"))
                for override in instance.iterfind(qn("w:lvlOverride"))
                if _val(override, "w:startOverride")
            }
            self._instances[instance.get(qn("w:numId"))] = (_val(instance, "w:abstractNumId"), overrides)

    def _read_styles(self, root) -> None:
        for style in root.iterfind(qn("w:style")):
            self._styles[style.get(qn("w:styleId"))] = (
                _val(style, "w:basedOn"),
                _val(style, "w:pPr/w:numPr/w:numId"),
                _val(style, "w:pPr/w:numPr/w:ilvl"),
            )

    def _numbering_of(self, paragraph) -> tuple[str, int]:
        num_id = _val(paragraph, "w:pPr/w:numPr/w:numId")
        ilvl = _val(paragraph, "w:pPr/w:numPr/w:ilvl")
        style = _val(paragraph, "w:pPr/w:pStyle")
        for _ in range(10):  # a basedOn chain; a loop in a damaged file must not hang us
            if num_id or not style or style not in self._styles:
                break
            style, style_num, style_ilvl = self._styles[style]
            num_id, ilvl = style_num, ilvl or style_ilvl
        return num_id, int(ilvl or 0)

    def label(self, paragraph) -> str:
        """The number Word shows before this ``w:p`` element ("3. "), or ""; counts it."""
        num_id, ilvl = self._numbering_of(paragraph)
        if not num_id or num_id == "0" or num_id not in self._instances:
            return ""
        abstract, overrides = self._instances[num_id]
        levels = self._levels.get(abstract, {})
        counters = self._counters.setdefault(abstract, {})
        if num_id not in self._started:
            self._started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
                for deeper in [k for k in counters if k > level]:
                    del counters[deeper]
        level = levels.get(ilvl, _Level(1, "decimal", f"%{ilvl + 1}.", "tab"))
        counters[ilvl] = counters.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level.format == "none":
            return ""
        if level.format == "bullet":
            return "• "

        def number(match: re.Match) -> str:
            index = int(match.group(1)) - 1
            shown = levels.get(index, level)
            return _format(counters.get(index, shown.start), shown.format)

        text = re.sub(r"%(\d)", number, level.text)
        return text + ("" if level.suffix == "nothing" else " ") if text else ""


def _format(value: int, kind: str) -> str:
    if kind in ("lowerLetter", "upperLetter") and value > 0:
        letter = chr(ord("a") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if kind == "lowerLetter" else letter.upper()
    if kind in ("lowerRoman", "upperRoman") and 0 < value < 4000:
        roman, rest = "", value
        for amount, letters in _ROMAN:
            while rest >= amount:
                roman, rest = roman + letters, rest - amount
        return roman if kind == "lowerRoman" else roman.upper()
    if kind.startswith(("chineseCounting", "ideographDigital", "taiwaneseCounting")) and 0 < value < 100:
        tens, units = divmod(value, 10)
        return (
            (_CHINESE[tens] if tens > 1 else "") + ("十" if tens else "") + (_CHINESE[units] if units else "")
        )
    if kind == "ideographTraditional" and 0 < value <= len(_STEMS):
        return _STEMS[value - 1]
    if kind == "decimalFullWidth":
        return str(value).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    if kind == "decimalZero":
        return f"{value:02d}"
    return str(value)

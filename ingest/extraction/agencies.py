"""Reads the organisations a document names, paragraph by paragraph, in document order.

Agency mentions depend on what the document said before, so ``AgencyReader`` keeps the
document's state: the short forms it defined (联合国环境规划署(环境署) teaches 环境署)
and the mentions so far, which 该办公室, 该基金 ... refer back to. It yields ``agency`` spans whose value is
a reference code, and ``organisation`` spans whose value is the full name of an
organisation the reference data does not list. Unlisted organisations are captured by
rule (a name ending in 研究所, 大学, 联合会 ... that starts right after punctuation or
after 与, 和, 在 ...); the rules prefer missing a name to inventing one.
"""

import re
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from itertools import chain

from initiatives.reference.gazetteer import Gazetteer, NameMatcher
from initiatives.reference.gazetteer import gazetteer as load_gazetteer

from .spans import Span

AGENCY = "agency"
ORGANISATION = "organisation"

# A definition: a name, then its short form in ASCII or full-width parentheses.
_DEFINITION = re.compile(r"[(（]([\u4e00-\u9fff]{2,8}|[A-Z][A-Za-z]{1,9}(?:-[A-Za-z]+)?)[)）]")
# 该X where X is a noun that ends organisation names; 该司, 该平台, 该项目 are not.
_REFERENCE = re.compile(
    r"该(办公室|基金会|基金|组织|委员会|联合会|研究所|研究院|银行|联盟|中心|机构|协会|大学|署)"
)
# The same in English: "the Office", "the Fund" after the entity's full name was given. A capital
# noun followed by a name's next words (the Office for ..., the Fund of ...) is a name, not a reference.
_REFERENCE_EN = re.compile(
    r"\b[Tt]he (Office|Fund|Organization|Commission|Programme|Bank|Facility|Agency|Centre|Alliance)\b"
    r"(?! (?:for|of|on|in) [A-Z])(?![ -][A-Z])"
)
# The Division for Asia and the Pacific of the Office, the Office and its Division for Africa:
# a division named as an agency's stands for the agency later (the Division for Asia and the Pacific).
_UNIT_EN_AFTER = re.compile(r"\b(Division for [A-Z][\w-]*(?:(?:, | and (?:the )?| the )[A-Z][\w-]*)*) of\s+$")
_UNIT_EN_BEFORE = re.compile(
    r"\s+and its (Division for [A-Z][\w-]*(?:(?:, | and (?:the )?| the )[A-Z][\w-]*)*)"
)
# 该办公室的亚太司, 开发署非洲局: a division or bureau of the agency just named.
_UNIT = re.compile(r"的?([\u4e00-\u9fff]{2,6}?(?:司|局))(?![\u4e00-\u9fff]*[司局])")
_CLAUSE_OPENERS = set("，。；：,;:！？!?)）")
_PARAGRAPH_NUMBER = re.compile(r"\s*\d+\.?")

_SUFFIX = re.compile(
    r"研究所|研究院|大学|学院|银行|基金会|联合会|委员会|中心|机构|协会|署|部|组织|联盟|基金|办公室|共同体"
)
# These end as many common nouns as names (民间社会组织, 中国自愿基金): a name ending in
# one counts only when the document defines a short form for it right after.
_WEAK_SUFFIXES = frozenset({"组织", "联盟", "基金", "办公室", "共同体"})
# Two names joined into one (发展合作机构和国际合作署): a suffix, then 和 or 与, inside.
_LISTED = re.compile(
    r"(?:研究所|研究院|大学|学院|银行|基金会|联合会|委员会|中心|机构|协会|署|组织)[和与及、]"
)
_CLAUSE_DELIMITER = re.compile("[" + re.escape("，。；：、,;:！？!?()（）“”‘’《》\n") + "]")
_BOUNDARY_WORDS = ("通过", "经由", "包括", "与", "和", "同", "及", "由", "在", "向")
# Every start of a boundary word, overlapping ones too (经由 and its 由): no word begins another.
_BOUNDARY = re.compile("(?=(" + "|".join(re.escape(word) for word in _BOUNDARY_WORDS) + "))")
_NAME = re.compile(r"[\u4e00-\u9fff·\-]{4,24}")
# Words that never occur inside an organisation's name but often inside a clause.
_NOT_IN_NAME = (
    "的", "了", "是", "将", "其", "该", "这", "些", "各", "所有", "等", "个", "年", "月",
    "并", "还", "也", "已", "于", "对", "把", "被", "它", "我", "项目", "方案", "倡议", "部门",
    "建设", "推动", "帮助", "加强", "注重", "利用", "能力", "表示", "注意", "到",
)  # fmt: skip
_ANY_NOT_IN_NAME = re.compile("|".join(re.escape(word) for word in _NOT_IN_NAME))
_NOT_FIRST = set("如而则即为从以")
_NOT_NEXT = re.compile(r"项目|方案|倡议|计划|能力|[门分长队落件位间生属]")
# Stems that make a generic noun, not a name: 研究机构, 区域委员会, 英才中心, 高级别委员会.
_GENERIC_STEM_ENDINGS = (
    "研究", "专门", "国家", "区域", "政府间", "政府", "金融", "公共", "学术", "培训", "附属",
    "相关", "有关", "多边", "双边", "协调", "英才", "交流", "知识", "地方", "开发", "中央",
    "商业", "级别", "成员", "会员", "私营", "执行", "主管",
)  # fmt: skip
_GENERIC_WORDS = frozenset(
    ("国际", "国家", "区域", "全球", "发展", "合作", "研究", "技术", "政府", "多边", "双边", "专门",
     "联合", "地区", "南南", "三方")
)  # fmt: skip
_GENERIC_ENDINGS = (
    "为中心", "部署", "签署", "全部", "内部", "外部", "总部", "东部", "西部", "南部", "北部", "中部", "局部",
)  # fmt: skip
# Forums and offices of the cooperation itself (南南合作高级别委员会) and unlisted UN
# bodies (联合国全系统南南合作协调中心) are not actors in their own right.
_NOT_FIRST_WORDS = ("南南", "三方", "联合国")


@dataclass(frozen=True)
class _Mention:
    field: str
    value: str
    prominent: bool


class AgencyReader:
    """Call ``read`` once per paragraph, in document order."""

    def __init__(self, gazetteer: Gazetteer | None = None):
        self._gazetteer = gazetteer or load_gazetteer()
        self._static = {name: (AGENCY, code) for name, code in self._gazetteer.agency_names.items()}
        self._learned: dict[str, tuple[str, str]] = {}
        # Names of divisions and bureaus learned by ``_learn_units`` (亚太司).
        self.units: set[str] = set()
        self._matcher = _static_matcher(self._gazetteer)
        self._history: list[_Mention] = []
        # Whether any name of an entity ends with a noun (办公室 ...): (field, value, noun) → bool.
        self._endings: dict[tuple[str, str, str], bool] = {}

    def read(self, text: str) -> list[Span]:
        # A pass may learn short forms from definitions that the next pass then finds;
        # a paragraph rarely needs more than two.
        learned_at: dict[str, int] = {}
        layout = _Layout(text)
        for _ in range(4):
            spans = self._name_spans(text, learned_at)
            spans = sorted(spans + self._organisations(text, spans, layout), key=lambda s: s.start)
            if not self._learn(text, spans, learned_at):
                break
        spans = sorted(spans + self._references(text, spans), key=lambda s: s.start)
        self._learn_units(text, spans)
        self._history.extend(
            _Mention(span.field, span.value, _is_prominent(text, span.start)) for span in spans
        )
        return spans

    def _name_spans(self, text: str, learned_at: dict[str, int]) -> list[Span]:
        spans = []
        for match in self._matcher.find(text):
            # A short form defined in this paragraph counts only after its definition.
            if match.start < learned_at.get(match.text, 0):
                continue
            field, value = match.value
            spans.append(Span(field, match.start, match.end, match.text, value))
        return spans

    def _learn(self, text: str, spans: list[Span], learned_at: dict[str, int]) -> bool:
        new: dict[str, tuple[str, str]] = {}
        for span in spans:
            short = _defined_short_form(text, span)
            if short and short not in self._static and short not in self._learned:
                new[short] = (span.field, span.value)
                learned_at[short] = span.end
        if not new:
            return False
        self._learned.update(new)
        self._endings.clear()
        self._matcher = _static_matcher(self._gazetteer).with_names(self._learned)
        return True

    def _learn_units(self, text: str, spans: list[Span]) -> None:
        """A division or bureau named as an agency's (该办公室的亚太司) stands for the agency later.

        The report then says 亚太司 alone; the next paragraphs' mentions are read as the agency's.
        """
        new = {}
        for span in spans:
            if span.field == AGENCY:
                before = _UNIT_EN_AFTER.search(text, max(0, span.start - 80), span.start)
                after = _UNIT_EN_BEFORE.match(text, span.end)
                for unit_en in (before, after):
                    name = unit_en.group(1) if unit_en else ""
                    if name and name not in self._static and name not in self._learned:
                        new[name] = (span.field, span.value)
            unit = _UNIT.match(text, span.end)
            if span.field == AGENCY and unit and not _ANY_NOT_IN_NAME.search(unit.group(1)):
                name = unit.group(1)
                if name not in self._static and name not in self._learned:
                    new[name] = (span.field, span.value)
        if new:
            self.units.update(new)
            self._learned.update(new)
            self._endings.clear()
            self._matcher = _static_matcher(self._gazetteer).with_names(self._learned)

    def _organisations(self, text: str, known: list[Span], layout: "_Layout") -> list[Span]:
        taken = [(span.start, span.end) for span in known]
        found: list[tuple[int, int]] = []
        for suffix in _SUFFIX.finditer(text):
            start = _organisation_start(text, suffix, taken, layout)
            if start is not None:
                found.append((start, suffix.end()))
        kept: list[tuple[int, int]] = []
        # One name may hold another (北京师范大学智慧学习研究院): keep the longest.
        for start, end in sorted(found, key=lambda pair: pair[0] - pair[1]):
            if not any(start < other_end and other_start < end for other_start, other_end in kept):
                kept.append((start, end))
        return [Span(ORGANISATION, start, end, text[start:end], text[start:end]) for start, end in kept]

    def _references(self, text: str, spans: list[Span]) -> list[Span]:
        resolved: list[Span] = []
        ends = {span.end for span in spans}
        taken = [(span.start, span.end) for span in spans]
        for hit in _REFERENCE_EN.finditer(text):
            if any(start <= hit.start() < end for start, end in taken):
                continue
            # The China Voluntary Fund ... The Fund financed: the unlisted name before is the antecedent.
            earlier = [m.end() for m in re.finditer(rf"\b{hit.group(1)}\b", text[: hit.start()])]
            named = [*taken, *((span.start, span.end) for span in resolved)]
            if earlier and not any(start < earlier[-1] <= end for start, end in named):
                continue
            mentions = [
                _Mention(span.field, span.value, _is_prominent(text, span.start))
                for span in sorted(spans + resolved, key=lambda s: s.start)
                if span.end <= hit.start()
            ]
            antecedent = self._antecedent(chain(reversed(mentions), reversed(self._history)), hit.group(1))
            if antecedent is not None:
                resolved.append(Span(antecedent.field, hit.start(), hit.end(), hit.group(), antecedent.value))
        for hit in _REFERENCE.finditer(text):
            noun = hit.group(1)
            # The nearest earlier X in this paragraph is the antecedent: when it is not
            # the end of an organisation's name (the 中国自愿基金 before 该基金), leave it.
            last = text.rfind(noun, 0, hit.start())
            if last != -1 and last + len(noun) not in ends | {span.end for span in resolved}:
                continue
            mentions = [
                _Mention(span.field, span.value, _is_prominent(text, span.start))
                for span in sorted(spans + resolved, key=lambda s: s.start)
                if span.end <= hit.start()
            ]
            antecedent = self._antecedent(chain(reversed(mentions), reversed(self._history)), noun)
            if antecedent is not None:
                resolved.append(Span(antecedent.field, hit.start(), hit.end(), hit.group(), antecedent.value))
        return resolved

    def _antecedent(self, latest_first: Iterable[_Mention], noun: str) -> _Mention | None:
        # The latest mention that opens a clause is the topic; a name after 与 or 通过 is
        # not (para. 75 names 发展协调办公室 after 通过, and 该办公室 in para. 76 is UNOSSC).
        latest = None
        for mention in latest_first:
            if self._ends_with(mention, noun):
                if mention.prominent:
                    return mention
                latest = latest or mention
        return latest

    def _ends_with(self, mention: _Mention, noun: str) -> bool:
        key = (mention.field, mention.value, noun)
        if key not in self._endings:
            if noun.isascii():
                # English names put the head noun first: the Office for South-South Cooperation.
                word = re.compile(rf"\b{noun}\b")
                self._endings[key] = any(word.search(name) for name in self._names_en(mention))
            else:
                self._endings[key] = any(name.endswith(noun) for name in self._names(mention))
        return self._endings[key]

    def _names_en(self, mention: _Mention) -> list[str]:
        names = [name for name, key in self._learned.items() if key == (mention.field, mention.value)]
        if mention.field == AGENCY:
            entry = self._gazetteer.agencies[mention.value]
            names += [entry.name_en, *entry.aliases_en]
        else:
            names.append(mention.value)
        return [name for name in names if name.isascii()]

    def _names(self, mention: _Mention) -> list[str]:
        names = [name for name, key in self._learned.items() if key == (mention.field, mention.value)]
        if mention.field == AGENCY:
            names += self._gazetteer.agencies[mention.value].names_zh
        else:
            names.append(mention.value)
        return names


def agencies_prepare(gazetteer: Gazetteer | None = None) -> None:
    _static_matcher(gazetteer or load_gazetteer())


@cache
def _static_matcher(gazetteer: Gazetteer) -> NameMatcher:
    # One per process, shared by every document's reader until it learns a short form.
    return NameMatcher({name: (AGENCY, code) for name, code in gazetteer.agency_names.items()})


def _is_prominent(text: str, start: int) -> bool:
    """Whether the text before ``start``, spaces aside, is empty, a paragraph number or ends a clause."""
    end = start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return end == 0 or text[end - 1] in _CLAUSE_OPENERS or bool(_PARAGRAPH_NUMBER.fullmatch(text, 0, end))


def _defined_short_form(text: str, span: Span) -> str | None:
    definition = _DEFINITION.match(text, span.end)
    if definition is None:
        return None
    short = definition.group(1)
    if short.isascii() or _is_subsequence(short, span.text):
        return short
    return None


def _is_subsequence(short: str, name: str) -> bool:
    characters = iter(name)
    return all(char in characters for char in short)


class _Layout:
    """Where a paragraph's clauses start, found once, and where its boundary words (与, 通过 ...) end."""

    def __init__(self, text: str):
        self._text = text

    @cached_property
    def _delimiters(self) -> list[int]:
        return [match.start() for match in _CLAUSE_DELIMITER.finditer(self._text)]

    def clause_start(self, end: int) -> int:
        """Just after the last clause delimiter before ``end``, or 0."""
        index = bisect_left(self._delimiters, end)
        return self._delimiters[index - 1] + 1 if index else 0

    def boundary_ends(self, start: int, end: int) -> list[int]:
        """Where the boundary words that start in ``text[start:end]`` end (they may end after it)."""
        reach = end + max(map(len, _BOUNDARY_WORDS)) - 1
        return [match.end(1) for match in _BOUNDARY.finditer(self._text, start, reach) if match.start() < end]


def _organisation_start(
    text: str, suffix: re.Match, taken: list[tuple[int, int]], layout: _Layout
) -> int | None:
    """Where the organisation ending at this suffix starts, or None if it is not one."""
    end = suffix.end()
    if _NOT_NEXT.match(text, end):
        return None
    defined = bool(_DEFINITION.match(text, end))
    if suffix.group() in _WEAK_SUFFIXES and not defined:
        return None
    clause_start = layout.clause_start(end)
    starts = [clause_start, *layout.boundary_ends(clause_start, end)]
    # Farthest first: 与索马里发展行政和管理研究所 is one name, not 管理研究所.
    for start in sorted(set(starts)):
        if _is_organisation_name(text[start:end], suffix.group(), defined=defined) and not any(
            start < taken_end and taken_start < end for taken_start, taken_end in taken
        ):
            return start
    return None


def _is_organisation_name(name: str, suffix: str, *, defined: bool) -> bool:
    stem = name[: -len(suffix)]
    # A name the document gives a short form is a name even when it starts with 联合国.
    first_words = _BOUNDARY_WORDS if defined else _BOUNDARY_WORDS + _NOT_FIRST_WORDS
    return (
        bool(_NAME.fullmatch(name))
        and len(stem) >= 2
        and name[0] not in _NOT_FIRST
        and not name.startswith(first_words)
        and not _ANY_NOT_IN_NAME.search(name)
        and not stem.endswith(_GENERIC_STEM_ENDINGS)
        and not name.endswith(_GENERIC_ENDINGS)
        and not _is_generic(stem)
        and not _LISTED.search(stem)
    )


def _is_generic(stem: str) -> bool:
    """True for a stem made only of generic words (发展合作, 国际合作)."""
    if len(stem) % 2:
        return False
    return all(stem[i : i + 2] in _GENERIC_WORDS for i in range(0, len(stem), 2))

"""Finds the Sustainable Development Goals a paragraph cites by number, and the goals its words imply.

A goal is cited when a number from 1 to 17 follows 可持续发展目标, SDG or Goal (可持续发展目标
17, 可持续发展目标17, SDG 4, Goal 5), including the further numbers of a list
(可持续发展目标 4 和 5, 目标 4 和目标 5). A bare number is never a goal (所有 17 个国家).

A goal is inferred, a different fact, only from words specific to it (``_INFERRING``: 疫苗 for
Goal 3, 小农户 for Goal 2, 太阳能 for Goal 7 ...), each kept as a span of field
``sdg_inferred`` so that a reader sees why. Words that every South-South paragraph holds
(合作, 伙伴关系, 能力建设, 知识分享) imply no goal: Goal 17 is inferred only from the
statistical capacity of target 17.18. The caller drops words inside an organisation's name
(卫生 in 世界卫生组织), as for themes.
"""

import re
from collections.abc import Iterable
from functools import cache

from initiatives.reference.files import reference_rows
from initiatives.reference.prefilter import compile_starting_with

from .spans import Span

SDG = "sdg"
SDG_INFERRED = "sdg_inferred"

# Goal, then the words that imply it; a longer word wins over a shorter one inside it.
_INFERRING = {
    1: (
        "消除贫困", "扶贫", "极端贫困", "极端贫穷", "社会保障", "社会保护", "poverty eradication",
        "eradicating poverty", "extreme poverty", "poverty reduction", "social protection",
    ),
    2: (
        "粮食安全", "零饥饿", "饥饿", "营养", "小农户", "小户农民", "农业", "农村发展", "粮食系统",
        "粮食体系", "粮食部门", "动物疾病", "动物健康", "渔业", "农机", "农产品",
        "food security", "hunger", "nutrition", "agricultur", "smallholder", "rural development",
        "food system", "animal disease", "animal health", "fisheries", "farm",
    ),
    3: (
        "卫生", "健康", "保健", "疫苗", "医疗", "医务人员", "检测包", "检测工具包", "个人防护设备", "口罩",
        "药品", "抗微生物药物耐药性", "抗菌素耐药性", "孕产妇",
        "health", "vaccine", "medical", "testing kits", "masks", "antimicrobial resistance",
        "personal protective equipment", "medicines",
    ),
    4: ("教育", "远程学习", "学校", "奖学金", "研究金", "学位", "智能教室", "education", "school", "scholarship"),
    5: ("妇女", "女童", "性别平等", "women", "girls", "gender equality"),
    6: ("水资源", "饮用水", "供水", "water resources", "drinking water"),
    7: ("能源", "太阳能", "光伏", "沼气", "生物量", "energy", "solar", "biogas"),
    8: ("就业", "创业", "旅游", "金融普惠", "普惠金融", "employment", "entrepreneur", "tourism", "financial inclusion"),
    9: (
        "工业", "基础设施", "运输", "信息和通信技术", "数字创新", "建材", "industr", "infrastructure", "transport",
        "information and communications technolog", "digital innovation", "building materials",
    ),
    10: ("汇款", "残疾人", "remittance", "disabilit"),
    11: ("城市", "住区", "减少灾害风险", "cities", "urban", "disaster risk reduction"),
    13: ("气候", "巴黎协定", "基于生态系统的适应", "climate", "Paris Agreement"),
    15: ("生物多样性", "荒漠化", "森林", "biodiversity", "desertification", "forest"),
    17: ("统计能力", "statistical capacit"),
}  # fmt: skip


def _word(word: str) -> str:
    # An English word is whole at its start and may run on (agricultur → agriculture, agricultural).
    return rf"\b{re.escape(word)}[a-z]*" if word.isascii() else re.escape(word)


_INFERRING_PATTERN = re.compile(
    "|".join(
        f"(?P<g{goal}>{'|'.join(_word(w) for w in sorted(words, key=len, reverse=True))})"
        for goal, words in _INFERRING.items()
    ),
    re.IGNORECASE,
)

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


# Where those words say nothing of the goal: the Cities project and its city partners (a name,
# not urban development), 工业 inside 加工业 (processing), 妇女 in a list of everybody.
_NOT_INFERRING = re.compile(
    r"城市(?:项目|伙伴)|加工业|男子、妇女|cities project|city partners|agro-industr|\bmen, women|"
    r"Chambers of Commerce and Industry"
)
# An English word written with a capital inside a sentence is part of a name (China Agricultural
# University, the Global Education Coalition); the words listed with a capital are names themselves.
_CAPITALISED = re.compile(r"[A-Z][a-z]")


def find_inferred_sdgs(text: str) -> list[Span]:
    """Spans of the words that imply a goal, valued with the goal's number."""
    blocked = [m.span() for m in _NOT_INFERRING.finditer(text)]
    return [
        Span(SDG_INFERRED, m.start(), m.end(), m.group(), m.lastgroup[1:])
        for m in _INFERRING_PATTERN.finditer(text)
        if not any(start < m.end() and m.start() < end for start, end in blocked) and not _in_a_name(text, m)
    ]


def _in_a_name(text: str, match: re.Match) -> bool:
    if not _CAPITALISED.match(match.group()) or match.group() == "Paris Agreement":
        return False
    before = text[: match.start()].rstrip()
    return bool(before) and before[-1] not in '.;:!?"“('


def infer_sdgs(theme_codes: Iterable[str]) -> set[int]:
    """The goals the given themes imply (a theme's goals, for the themes' own pages)."""
    by_theme = _theme_sdgs()
    return {number for code in theme_codes for number in by_theme.get(code, ())}


@cache
def _theme_sdgs() -> dict[str, tuple[int, ...]]:
    rows = reference_rows("themes.json")
    return {row["code"]: tuple(row["sdgs"]) for row in rows}


def _span(text: str, match: re.Match, *, whole: bool) -> Span:
    # A further number of a list is its own span: "和 5" would show the wrong words.
    start, end = match.span() if whole else match.span(1)
    return Span(SDG, start, end, text[start:end], str(int(match.group(1))))

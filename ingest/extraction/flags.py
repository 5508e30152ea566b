"""Finds the evidence that a text is about COVID-19, about climate, and which modality it reports.

Each topic has strong words, which are evidence on their own (COVID-19, 冠状病毒病, 疫情,
大流行, COVAX; 气候, 《巴黎协定》, 基于生态系统的适应), and weak words, which are evidence
only in context (疫苗, 检测包, 口罩 for COVID-19; 可再生能源, 太阳能, 沼气, 洪水 for
climate). The context is a strong word in the same text or a section about the topic.

The paragraph rule: a paragraph is about a topic when its own text holds a strong word,
or when the heading of a section it sits in holds one. The heading counts as evidence
without a span; it is how the report says that 二 B (促进南南合作应对气候变化) is about
climate, and in that section weak words in the paragraph become spans of evidence.

Modality, from the words about one initiative: triangular cooperation is named by 三边合作,
by 三方 before a noun (三方合作项目, 三方伙伴协作), by 三方合作 standing alone, or by a
Northern partner (a developed country, or its agency such as 日本国际协力机构: the
pipeline adds those spans, see ``DEVELOPED``). 南南合作和三方合作 and lists such as
南南合作、东东合作及三方合作 state both modalities at once (``both``): with no Northern
partner the initiative is recorded as the text says it. Any other 南南 or South-South is
evidence for ``south_south``; with none of these words the modality is not stated ("").
"""

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from initiatives.reference.prefilter import compile_starting_with
from initiatives.reference.words import Word, WordFinder

from .spans import Span

COVID = "covid"
CLIMATE = "climate"
MODALITY = "modality"
SOUTH_SOUTH = "south_south"
TRIANGULAR = "triangular"
BOTH = "both"  # the text says "South-South and triangular cooperation" of it
# The members of the OECD Development Assistance Committee: a partner from one of them makes
# an initiative triangular (JICA, GIZ, KOICA are their agencies).
DEVELOPED = frozenset(
    [
        "AUS",
        "AUT",
        "BEL",
        "CAN",
        "CHE",
        "CZE",
        "DEU",
        "DNK",
        "ESP",
        "EST",
        "FIN",
        "FRA",
        "GBR",
        "GRC",
        "HUN",
        "IRL",
        "ISL",
        "ITA",
        "JPN",
        "KOR",
        "LTU",
        "LUX",
        "NLD",
        "NOR",
        "NZL",
        "POL",
        "PRT",
        "SVK",
        "SVN",
        "SWE",
        "USA",
    ]
)

# The second argument of compile_starting_with: the characters every match starts with.
_COVID_STRONG = compile_starting_with(
    r"(?:2019\s*)?冠状病毒病(?:\s*[(（]COVID-19[)）])?|COVID(?:-19)?|COVAX|新冠(?:肺炎|病毒)?|"
    r"疫情|大流行病?|疫后|抗疫|防疫|coronavirus|pandemic",
    "2冠c新疫大抗防p",
    re.IGNORECASE,
)
_COVID_WEAK = compile_starting_with(
    r"疫苗|检测包|检测工具包|口罩|个人防护设备|医疗用品|公共卫生|vaccines?|testing kits?|masks",
    "疫检口个医公vtm",
    re.IGNORECASE,
)
_CLIMATE_STRONG = compile_starting_with(
    r"极端气候(?:事件)?|适应气候变化|气候[\u4e00-\u9fff]{0,2}?(?:变化|行动|适应型?|融资|智能|韧性|峰会|事件)|"
    r"气候/|气候|《?巴黎协定》?|基于生态系统的适应|温室气体|低碳|碳排放|减缓排放|"
    r"climate|Paris Agreement|greenhouse gas|low-carbon",
    "极适气《巴基温低碳减cpgl",
    re.IGNORECASE,
)
_CLIMATE_WEAK = compile_starting_with(
    r"可再生能源|可持续能源|太阳能|光伏|沼气|生物量|洪水|干旱|野火|生态系统|荒漠化|生物多样性|"
    r"renewable energy|solar|biogas|floods?|droughts?|ecosystems?",
    "可太光沼生洪干野荒rsbfde",
    re.IGNORECASE,
)
_TRIANGULAR = re.compile(
    r"三边合作|三方伙伴|三方合作(?:项目|方案|安排|倡议|机制|协定|协议|框架)?|"
    r"Triangular|triangular|Trilateral|trilateral"
)
_SOUTH_SOUTH = WordFinder([Word("南南"), Word("South-South")], flags=re.IGNORECASE)
# 南南合作和三方合作, 南南、东东和三方合作, 南北合作、三方合作和多边合作: the field, not a kind.
_LISTED_BEFORE = re.compile(r"(?:合作|南南|东东)\s*(?:和|及|与|、|或)\s*$")
_LISTED_AFTER = re.compile(r"\s*(?:和|及|、|与)")  # matched where a mention ends
# South-South and triangular, South-South, East-East and triangular, South-South cooperation,
# triangular cooperation and ...: the field named in full.
_ENGLISH_FIELD_BEFORE = re.compile(
    r"(?:South-South|South)(?: cooperation)?\s*(?:and|,)\s*(?:East-East(?: cooperation)?\s*(?:and|,)\s*)?$",
    re.IGNORECASE,
)


def find_covid(text: str, *, topical: bool = False) -> list[Span]:
    """COVID-19 evidence; weak words count when a strong one is present or ``topical`` is set."""
    return _topic_spans(text, COVID, _COVID_STRONG, _COVID_WEAK, topical=topical)


def find_climate(text: str, *, topical: bool = False) -> list[Span]:
    """Climate evidence; weak words count when a strong one is present or ``topical`` is set."""
    return _topic_spans(text, CLIMATE, _CLIMATE_STRONG, _CLIMATE_WEAK, topical=topical)


def find_modality(text: str) -> list[Span]:
    """Spans of triangular and South-South wording, valued ``triangular`` or ``south_south``."""
    spans = []
    for match in _TRIANGULAR.finditer(text):
        if match.group().startswith(("三方合作", "triangular", "Triangular")) and _is_listed(text, match):
            # The whole phrase is the evidence: 南南合作和三方合作, South-South and triangular.
            start = _list_start(text, match.start())
            spans.append(Span(MODALITY, start, match.end(), text[start : match.end()], BOTH))
            continue
        spans.append(Span(MODALITY, match.start(), match.end(), match.group(), TRIANGULAR))
    for match in _SOUTH_SOUTH.finditer(text):
        spans.append(Span(MODALITY, match.start(), match.end(), match.group(), SOUTH_SOUTH))
    return sorted(spans, key=lambda span: span.start)


def modality_of(spans: Iterable[Span]) -> str:
    """``triangular`` if any span says so, else ``both``, else ``south_south``, else "" (not stated)."""
    values = {span.value for span in spans if span.field == MODALITY}
    return next((value for value in (TRIANGULAR, BOTH, SOUTH_SOUTH) if value in values), "")


def northern_partner_spans(countries: Iterable[Span], owners: Iterable[Span]) -> list[Span]:
    """Modality spans for the developed countries among ``countries``, over the agency naming one."""
    owners = list(owners)
    spans = []
    for country in countries:
        if country.value not in DEVELOPED:
            continue
        owner = next((o for o in owners if o.start <= country.start and country.end <= o.end), country)
        spans.append(Span(MODALITY, owner.start, owner.end, owner.text, TRIANGULAR))
    return spans


def section_topics(headings: Sequence[str]) -> set[str]:
    """The topics (``covid``, ``climate``) that the headings of a section path are about."""
    return set(_section_topics(tuple(headings)))


# Every paragraph of a section has the same headings.
@lru_cache(maxsize=256)
def _section_topics(headings: tuple[str, ...]) -> frozenset[str]:
    topics = set()
    for heading in headings:
        if _COVID_STRONG.search(heading):
            topics.add(COVID)
        if _CLIMATE_STRONG.search(heading):
            topics.add(CLIMATE)
    return frozenset(topics)


# The themes (``themes.json``) a topic's own work falls under, and the themes that name a way of
# working rather than a subject: neither says an initiative is about something else.
_TOPIC_THEMES = {
    CLIMATE: frozenset({"climate-environment", "energy", "disaster-risk"}),
    COVID: frozenset({"health"}),
}
_WAYS_OF_WORKING = frozenset({"knowledge-sharing", "capacity-building"})


def initiative_topics(topics: set[str], spans: Iterable[Span]) -> set[str]:
    """The section's topics that one initiative of it shares, given the spans of its own sentences.

    A heading tags every paragraph of its section, but a section also holds work placed there for
    another reason: 促进南南合作应对气候变化 lists FAO's Lazos application for the cotton sector
    of Ecuador and Paraguay, whose words are about farming and hold no word of climate, strong
    or weak. An initiative keeps a heading's topic unless its own words have none of the topic's
    words and name a subject of their own (a theme outside the topic and outside ways of working
    such as 知识分享): then its own words decide, as they do for every other value.
    """
    spans = list(spans)
    fields = {span.field for span in spans}
    themes = {span.value for span in spans if span.field == "theme"} - _WAYS_OF_WORKING
    return {
        topic
        for topic in topics
        if topic in fields or not themes or themes & _TOPIC_THEMES.get(topic, frozenset())
    }


def section_headings(section) -> list[str]:
    """Headings of a paragraph's section path, given as SectionRef objects or as dicts."""
    return [ref["heading"] if isinstance(ref, dict) else ref.heading for ref in section or ()]


def _topic_spans(text: str, field: str, strong: re.Pattern, weak: re.Pattern, *, topical: bool) -> list[Span]:
    spans = [Span(field, m.start(), m.end(), m.group(), field) for m in strong.finditer(text)]
    if spans or topical:
        spans += [Span(field, m.start(), m.end(), m.group(), field) for m in weak.finditer(text)]
    return sorted(spans, key=lambda span: span.start)


def _list_start(text: str, at: int) -> int:
    """Where the list that ends in the triangular mention at ``at`` begins (its 南南 or South-South)."""
    window = max(0, at - 50)
    found = [m.start() for m in re.finditer(r"南南|South-South", text[window:at], re.IGNORECASE)]
    return window + found[-1] if found else at


def _is_listed(text: str, match: re.Match) -> bool:
    if match.group().lower() == "triangular":
        # "South-South and triangular cooperation" is the field's name in English.
        return bool(_ENGLISH_FIELD_BEFORE.search(text, 0, match.start()))
    return bool(_LISTED_BEFORE.search(text, 0, match.start()) or _LISTED_AFTER.match(text, match.end()))

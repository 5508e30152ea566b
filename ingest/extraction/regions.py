"""Finds the regions and groupings a paragraph names, as codes of ``regions.json``.

Regions are M49 regions and sub-regions (非洲, 西非) and the groupings the reports use
(阿拉伯国家, 亚太, 最不发达国家, 小岛屿发展中国家, 全球南方 ...). The longest name at a
position wins, so 拉丁美洲和加勒比 is one region and 内陆发展中国家 is not also 发展中国家.
A country's name blocks the regions inside it (西亚 in 印度尼西亚). 中非 is Middle Africa,
except in 中非共和国 and before 合作, 农业, 关系 ... where it reads China–Africa; 美洲
inside 拉丁美洲 or 伊比利亚-美洲 is not the Americas. Regions named inside an
organisation's name (非洲 in 非洲联盟, 加勒比共同体 itself) are found here too: the caller
drops them with ``overlap.drop_inside(regions, agency_spans)``, so 加勒比共同体 counts as
the organisation CARICOM and never also as the grouping.
"""

from functools import cache

from initiatives.reference.gazetteer import Gazetteer, NameMatcher
from initiatives.reference.gazetteer import gazetteer as load_gazetteer

from .spans import Span

REGION = "region"

# Phrases that contain a region's name and do not mention the region.
BLOCKERS = (
    "中非共和国",
    "中非合作",
    "中非农业",
    "中非关系",
    "中非论坛",
    "中非贸易",
    "中非经贸",
    "东南亚",
    "拉丁美洲",
    "中美洲",
    "南美洲",
    "伊比利亚-美洲",
    "伊比利亚美洲",
)


def find_regions(text: str, *, gazetteer: Gazetteer | None = None) -> list[Span]:
    matcher = _matcher(gazetteer or load_gazetteer())
    return [Span(REGION, m.start, m.end, m.text, m.value) for m in matcher.find(text)]


def regions_prepare(gazetteer: Gazetteer | None = None) -> None:
    _matcher(gazetteer or load_gazetteer())


@cache
def _matcher(gazetteer: Gazetteer) -> NameMatcher[str]:
    # A country's name is never a region's: 西亚 in 印度尼西亚, Africa in South Africa.
    return NameMatcher(gazetteer.region_names, blockers=(*BLOCKERS, *gazetteer.country_names))

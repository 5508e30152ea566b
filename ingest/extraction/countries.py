"""Finds the countries a paragraph names, as ISO3 codes.

Names come from ``countries.json`` (UN Chinese short names, aliases such as 捷克共和国 and
English names). The longest name at a position wins and matches never overlap, so
索马里 is not Mali, 印度尼西亚 is not India, 南苏丹 is not Sudan and 刚果民主共和国 is not
the Congo. Chinese has no spaces, so phrases that merely contain a name are blocked:
发展中国家 and any 中国家 are not China, 拉美国家 is not the United States, 印度洋 is not
India, 内蒙古 is not Mongolia, 撒哈拉以南非洲 is not South Africa. 中非 alone is never the Central African Republic (中非共和国): the report writes
it for Middle Africa (西非和中非) and for China–Africa (中非农业合作). A country named
inside an organisation's name is still found here; ``overlap.country_owners`` says which
organisations own the names inside them (JICA keeps Japan, see ``overlap``).
"""

from functools import cache

from initiatives.reference.gazetteer import Gazetteer, NameMatcher
from initiatives.reference.gazetteer import gazetteer as load_gazetteer

from .spans import Span

COUNTRY = "country"

# Phrases that contain a country's name and do not mention the country.
BLOCKERS = (
    "发展中国家",
    "中国家",
    "拉美国家",
    "欧美国家",
    "北美国家",
    "南美国家",
    "中美国家",
    "印度洋",
    "内蒙古",
    "以南非洲",
    "中非",
)
# Short forms that name a region at least as often as a country.
AMBIGUOUS_NAMES = frozenset({"中非"})


def find_countries(text: str, *, gazetteer: Gazetteer | None = None) -> list[Span]:
    matcher = _matcher(gazetteer or load_gazetteer())
    return [Span(COUNTRY, m.start, m.end, m.text, m.value) for m in matcher.find(text)]


def countries_prepare(gazetteer: Gazetteer | None = None) -> None:
    _matcher(gazetteer or load_gazetteer())


@cache
def _matcher(gazetteer: Gazetteer) -> NameMatcher[str]:
    names = {name: iso3 for name, iso3 in gazetteer.country_names.items() if name not in AMBIGUOUS_NAMES}
    return NameMatcher(names, blockers=BLOCKERS)

"""Which region and country spans a stretch of text (a paragraph or an initiative) really carries.

Two rules, both about a region being named without the text being about it:

- A region named in the name of a division, bureau, centre or office (该办公室的阿拉伯国家、
  欧洲和独联体司, 开发署非洲区域局, the Regional Bureau for Africa) tags the stretch only when
  the activity concerns that region: the stretch names it outside such a name too, points at
  it (该区域, 这两个区域, 区域一级, a 区域 workshop, the region), or names a country wholly inside
  it. 开发署非洲区域局资助了亚洲及太平洋地区的讲习班 is about Asia and the Pacific, not Africa.
- A sentence that opens with a region (在拉丁美洲和加勒比，) and whose subject is 该项目 (the
  project) reports where a project named earlier worked: its regions and countries belong to
  the initiative that named the project, not to the one the sentence happens to follow
  (paragraph 57 of A/76/403: FAO's Africa work is not in Latin America).

And one rule that finds a region no name gives: a sentence of a regional commission that points
at "the region" (拉加经委会汇编了该区域 33 个国家的措施, 在区域层面，亚太经社会……) is about the
commission's region, when the sentence names no other commission; the pointer is the evidence.
"""

import re
from collections.abc import Sequence
from functools import cache

from initiatives.reference.files import reference_rows

from .kinds import sentence_bounds
from .spans import Span

REGION = "region"
COUNTRY = "country"
# The region each regional commission serves; the Economic Commission for Europe's members
# reach beyond any region of the reference data.
COMMISSION_REGIONS = {
    "ECA": "africa",
    "ECLAC": "latin-america-caribbean",
    "ESCAP": "asia-pacific",
    "ESCWA": "arab-states",
}

_UNIT_AFTER_ZH = re.compile(
    r"(?:次区域|区域|地区)?(?:金融部门|政策|知识)?(?:区域局|区域中心|区域办事处|司|局(?!势|面|部)|中心|办事处|分部)"
)
_UNIT_AFTER_EN = re.compile(
    r"\s+(?:Regional\s+)?(?:Bureau|Division|Office|Centre|Center|Hub|Unit|Section)\b"
    r"|\s+Finance\s+Sector\s+Hub\b"
)
_UNIT_BEFORE_EN = re.compile(
    r"(?:Bureau|Division|Office|Centre|Center|Hub|Unit|Section)\s+(?:for|of)\s+(?:the\s+)?$"
)
# Region names joined in one unit's name: 阿拉伯国家、欧洲和独联体司.
_JOINER = re.compile(r"\s*(?:、|和|及|与|,|and)\s*")
# Words that point at the region the stretch is about.
_POINTERS = re.compile(
    r"该区域|该地区|本区域|这一区域|这个区域|这两个区域|这两个地区|这些区域|各区域|区域内|区域一级|区域层面"
    r"|\b(?:the|this|that|these|both|two) regions?\b"
    r"|\bregional\b(?!\s+(?:Bureau|Division|Office|Centre|Center|Hub))",
    re.IGNORECASE,
)
_REGIONAL_ZH = re.compile(r"区域")
_FRAME = re.compile(r"\s*(?:在|In\s+)")
_FRAME_END = re.compile(r"\s*(?:区域|地区)?\s*[，,]\s*")
_PROJECT_SUBJECT = re.compile(r"(?:该|此|这个|这一)项目|[Tt]he project\b")
_PROJECT = re.compile(r"项目|[Pp]roject")


def regions_concerned(
    text: str, spans: Sequence[Span], *, start: int = 0, end: int | None = None
) -> list[Span]:
    """The spans of ``text[start:end]`` without the regions named only inside a unit's name it is not about."""
    end = len(text) if end is None else end
    inside = [span for span in spans if start <= span.start and span.end <= end]
    regions = sorted((span for span in inside if span.field == REGION), key=lambda span: span.start)
    in_units = _in_unit_names(text, regions)
    if not in_units:
        return inside
    free = [span for span in regions if span not in in_units]
    countries = {span.value for span in inside if span.field == COUNTRY}
    pointed = _pointer(text, start, end, regions) is not None
    members = region_members()
    kept = {
        span
        for span in in_units
        if pointed
        or any(other.value == span.value for other in free)
        or countries & members.get(span.value, frozenset())
    }
    return [span for span in inside if span not in in_units or span in kept]


def project_sentences(
    text: str, parts: Sequence, spans: Sequence[Span]
) -> dict[int, tuple[set[Span], set[Span]]]:
    """Per initiative index, the region and country spans it gains and loses by the 该项目 rule."""
    moves: dict[int, tuple[set[Span], set[Span]]] = {}
    places = [span for span in spans if span.field in (REGION, COUNTRY)]
    for index, part in enumerate(parts):
        for sentence_start, sentence_end in sentence_bounds(text[part.start : part.end]):
            sentence_start += part.start
            sentence_end += part.start
            if sentence_start == part.start or not _frames_a_project(
                text, sentence_start, sentence_end, spans
            ):
                continue
            if _PROJECT.search(text, part.start, sentence_start):
                continue  # the project is this initiative's own
            owner = next(
                (i for i in range(index - 1, -1, -1) if _PROJECT.search(text, parts[i].start, parts[i].end)),
                None,
            )
            if owner is None:
                continue
            moved = {span for span in places if sentence_start <= span.start and span.end <= sentence_end}
            moves.setdefault(index, (set(), set()))[1].update(moved)
            moves.setdefault(owner, (set(), set()))[0].update(moved)
    return moves


def commission_regions(text: str, agencies: Sequence[Span], regions: Sequence[Span]) -> list[Span]:
    """Region spans at the words by which a regional commission's sentence points at its region."""
    found = []
    for start, end in sentence_bounds(text):
        commissions = {
            COMMISSION_REGIONS[span.value]
            for span in agencies
            if span.value in COMMISSION_REGIONS and start <= span.start and span.end <= end
        }
        if len(commissions) != 1:
            continue
        pointer = _pointer(text, start, end, regions)
        if pointer is not None:
            found.append(
                Span(REGION, pointer[0], pointer[1], text[pointer[0] : pointer[1]], commissions.pop())
            )
    return found


@cache
def region_members() -> dict[str, frozenset[str]]:
    """ISO3 codes of the countries wholly inside each region, as the reference data says."""
    regions = reference_rows("regions.json")
    countries = reference_rows("countries.json")
    by_m49 = {row["m49"]: row["code"] for row in regions if row["m49"]}
    members: dict[str, set[str]] = {}
    for country in countries:
        codes = [*country["groupings"], *(by_m49.get(country[key]) for key in ("region", "subregion"))]
        for code in filter(None, codes):
            members.setdefault(code, set()).add(country["iso3"])
    return {code: frozenset(isos) for code, isos in members.items()}


def _in_unit_names(text: str, regions: Sequence[Span]) -> set[Span]:
    """The region spans that are part of a unit's name, with the regions joined to them."""
    found: set[Span] = set()
    for index, span in enumerate(regions):
        chain = [span]
        last = span
        for following in regions[index + 1 :]:
            joiner = _JOINER.fullmatch(text, last.end, following.start)
            if not joiner:
                break
            chain.append(following)
            last = following
        if _UNIT_AFTER_ZH.match(text, last.end) or _UNIT_AFTER_EN.match(text, last.end):
            found.update(chain)
        elif _UNIT_BEFORE_EN.search(text[max(0, span.start - 40) : span.start]):
            found.add(span)
    return found


def _pointer(text: str, start: int, end: int, regions: Sequence[Span]) -> tuple[int, int] | None:
    """Where ``text[start:end]`` first points at a region it does not name (该区域, 区域层面, regional)."""
    covered = {i for span in regions for i in range(span.start, span.end)}
    for match in _POINTERS.finditer(text, start, end):
        if not covered & set(range(match.start(), match.end())):
            return match.start(), match.end()
    # 区域 on its own (区域南南讲习班), not as the tail of a region's name (亚洲区域) or a unit's (区域局).
    region_ends = {span.end for span in regions}
    for match in _REGIONAL_ZH.finditer(text, start, end):
        if match.start() in covered or match.start() in region_ends:
            continue
        if text.startswith(("区域局", "区域中心", "区域办事处"), match.start()):
            continue
        return match.start(), match.end()
    return None


def _frames_a_project(text: str, start: int, end: int, spans: Sequence[Span]) -> bool:
    """在拉丁美洲和加勒比，该项目……: a sentence opening with a region whose subject is the project."""
    frame = _FRAME.match(text, start)
    if not frame:
        return False
    regions = sorted(
        (span for span in spans if span.field == REGION and frame.end() <= span.start < end),
        key=lambda span: span.start,
    )
    position = frame.end()
    for span in regions:
        if span.start != position:
            break
        position = span.end
        joiner = _JOINER.match(text, position)
        if joiner and any(other.start == joiner.end() for other in regions):
            position = joiner.end()
    if position == frame.end():
        return False
    comma = _FRAME_END.match(text, position)
    return bool(comma and _PROJECT_SUBJECT.match(text, comma.end()))

"""Runs every extractor over a parsed document and gathers, per paragraph, what it says.

One ``AgencyReader`` reads the whole document in order, so that a short form defined in
one paragraph (联合国环境规划署(环境署)) and 该办公室 carry into the next. Countries and
regions named inside an organisation's name are dropped with the rule of ``overlap``:
a region inside any organisation's name is never the region (非洲联盟 is not Africa); a
country inside a non-national organisation's name is not the country, inside a national
one (日本国际协力机构) it is. Theme keywords inside an organisation's name are dropped
the same way (卫生 in 世界卫生组织 says nothing about health). Flags follow the rules of
``flags``: a paragraph's own words, or a section heading about the topic, which an initiative
shares unless its own words are about another subject (``initiative_topics``). A paragraph of
kind ``initiative`` is split by ``initiatives`` and each initiative keeps the spans and
amounts inside its sentences; its funding is the sum of its funding amounts in USD (in-kind
values and statistics never count). Its modality and goals come from its own words only:
a developed country or its agency among them makes it triangular; goals cited by number
and goals inferred from specific words are kept apart, a cited goal is never also inferred.
Regions follow the rules of ``region_scope``: a region in a division's or bureau's name
counts only where the text is about the region, a regional commission's sentence about
"the region" is about the commission's region, and a sentence about where a project
worked (在拉丁美洲和加勒比，该项目……) gives its regions and countries to the project's
initiative. Funds and programmes (``programmes``) are linked wherever they are named; a fund is
an actor only in a sentence that names no other (印巴南基金……拨款), and brings its managing
agency only where the text says that agency manages it.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from initiatives.reference.gazetteer import Gazetteer
from initiatives.reference.gazetteer import gazetteer as load_gazetteer

from .agencies import AGENCY, ORGANISATION, AgencyReader, agencies_prepare
from .countries import COUNTRY, countries_prepare, find_countries
from .flags import (
    CLIMATE,
    COVID,
    MODALITY,
    find_climate,
    find_covid,
    find_modality,
    initiative_topics,
    modality_of,
    northern_partner_spans,
    section_headings,
    section_topics,
)
from .initiatives import split_initiatives
from .kinds import INITIATIVE, classify_paragraph, initiative_signal, sentence_bounds
from .money import Money, amounts_prepare, find_amounts
from .overlap import country_owners, drop_inside, national_countries
from .programmes import PROGRAMME, find_programmes, managing_agencies, programmes_prepare
from .region_scope import commission_regions, project_sentences, regions_concerned
from .regions import REGION, find_regions, regions_prepare
from .sdgs import SDG, SDG_INFERRED, find_cited_sdgs, find_inferred_sdgs
from .spans import Span
from .themes import THEME, find_themes, themes_prepare
from .years import YEAR, find_years

AMOUNT = "amount"
GOVERNMENT = "government"  # used to find actors only; the country span is the evidence
_ENGLISH_GOVERNMENT = re.compile(r"\bGovernments? of(?: the)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]")
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$")


@dataclass(frozen=True, kw_only=True)
class ExtractedValues:
    """What a stretch of text says, read from its spans: a paragraph's or one initiative's."""

    spans: tuple[Span, ...]
    amounts: tuple[Money, ...]
    covid: bool
    climate: bool
    modality: str
    years: tuple[int, ...]
    sdgs: tuple[int, ...]
    sdgs_cited: tuple[int, ...]
    sdgs_inferred: tuple[int, ...]
    themes: tuple[str, ...]
    agencies: tuple[str, ...]
    organisations: tuple[str, ...]
    countries: tuple[str, ...]
    regions: tuple[str, ...]
    programmes: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class InitiativeDraft(ExtractedValues):
    order: int
    title: str
    start: int
    end: int
    text: str
    funding_usd: Decimal | None
    # Per goal, the words it was read from: cited by number, or inferred (see ``sdg_evidence``).
    sdg_evidence: tuple[dict, ...]


@dataclass(frozen=True, kw_only=True)
class ParagraphExtraction(ExtractedValues):
    kind: str
    initiatives: tuple[InitiativeDraft, ...]


def extractors_prepare(gazetteer: Gazetteer | None = None) -> None:
    """Read the reference data and compile every matcher: once per process, before a worker forks."""
    gazetteer = gazetteer or load_gazetteer()
    agencies_prepare(gazetteer)
    countries_prepare(gazetteer)
    regions_prepare(gazetteer)
    themes_prepare()
    amounts_prepare()
    programmes_prepare()


def extract_document(
    paragraphs: Sequence,
    *,
    gazetteer: Gazetteer | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[ParagraphExtraction]:
    """One extraction per paragraph (``ParsedParagraph``), in the same order.

    ``progress(done, total)`` is called after each paragraph.
    """
    gazetteer = gazetteer or load_gazetteer()
    reader = AgencyReader(gazetteer)
    extractions = []
    for paragraph in paragraphs:
        extractions.append(_extract(paragraph, reader, gazetteer))
        if progress:
            progress(len(extractions), len(paragraphs))
    return extractions


def _extract(paragraph, reader: AgencyReader, gazetteer: Gazetteer) -> ParagraphExtraction:
    text = paragraph.text
    programmes = find_programmes(text)
    # An unlisted organisation read inside a fund's name (…消除饥饿基金) is the fund, not an actor of its own.
    agencies = [
        span
        for span in reader.read(text)
        if span.field != ORGANISATION
        or not any(p.start <= span.start and span.end <= p.end for p in programmes)
    ]
    found_regions = find_regions(text, gazetteer=gazetteer)
    # 七十七国集团和中国, the Group of 77 and China: a grouping of States, not a mention of China.
    countries = drop_inside(
        find_countries(text, gazetteer=gazetteer),
        [*country_owners(agencies, gazetteer=gazetteer), *found_regions],
    )
    countries = sorted(
        [*countries, *national_countries(agencies, countries, gazetteer=gazetteer)],
        key=lambda s: (s.start, s.end),
    )
    # A division's name (亚太司) is the agency's, but the region in it is left to ``region_scope``.
    regions = drop_inside(found_regions, [span for span in agencies if span.text not in reader.units])
    regions = [span for span in regions_concerned(text, [*regions, *countries]) if span.field == REGION]
    regions += commission_regions(text, agencies, regions)
    amounts = find_amounts(text)
    national = [span for span in agencies if span not in country_owners(agencies, gazetteer=gazetteer)]
    topics = section_topics(section_headings(paragraph.section))
    spans = sorted(
        [
            *agencies,
            *programmes,
            *countries,
            *regions,
            *(_amount_span(money) for money in amounts),
            *find_years(text),
            *find_covid(text, topical=COVID in topics),
            *find_climate(text, topical=CLIMATE in topics),
            # 南南 in 联合国南南合作办公室 names the Office, not the initiative's modality.
            *drop_inside(find_modality(text), agencies),
            *northern_partner_spans(countries, national),
            *find_cited_sdgs(text),
            *drop_inside(find_inferred_sdgs(text), agencies),
            *drop_inside(find_themes(text), agencies),
        ],
        key=lambda span: (span.start, span.end, span.field),
    )
    actors = [*agencies, *_governments(text, countries)]
    actors += _acting_programmes(text, programmes, actors)
    kind = classify_paragraph(
        text=text,
        section=paragraph.section,
        has_initiative_signal=initiative_signal(text, spans=actors),
        number=paragraph.number,
    )
    modality = modality_of(spans)
    initiatives = ()
    if kind == INITIATIVE:
        parts = split_initiatives(text, spans=actors, gazetteer=gazetteer)
        moves = project_sentences(text, parts, spans)
        managers = managing_agencies(text, programmes, agencies)
        initiatives = tuple(
            _initiative(
                order, part, spans, amounts, topics, text=text, moved=moves.get(order - 1), managers=managers
            )
            for order, part in enumerate(parts, start=1)
        )
    return ParagraphExtraction(
        spans=tuple(spans),
        amounts=tuple(amounts),
        kind=kind,
        modality=modality,
        initiatives=initiatives,
        **_summary(spans, topics),
    )


def _initiative(order, part, spans, amounts, topics, *, text, moved=None, managers=None) -> InitiativeDraft:
    inside = regions_concerned(text, spans, start=part.start, end=part.end)
    if moved:
        gained, lost = moved
        inside = sorted({*inside, *gained} - lost, key=lambda span: (span.start, span.end, span.field))
    inside = tuple(inside)
    if part.inherited is not None and part.inherited.field != GOVERNMENT:
        # 它还: the actor named before is this initiative's too, read where it was named.
        inside = (part.inherited, *inside)
    if part.frame is not None:
        # An item of a list: the modality stated in the words announcing the list is its own too.
        inside += tuple(
            span
            for span in spans
            if span.field == MODALITY and part.frame[0] <= span.start < part.frame[1] and span not in inside
        )
    # A fund that acts here, which the text said an agency manages (由……管理): that agency acts too.
    managing = {
        managers[span.value] for span in inside if span.field == PROGRAMME and span.value in (managers or {})
    }
    inside += tuple(sorted(managing - set(inside), key=lambda span: span.start))
    own_amounts = tuple(money for money in amounts if part.start <= money.start and money.end <= part.end)
    funding = [money.amount_usd for money in own_amounts if money.is_funding and money.amount_usd is not None]
    return InitiativeDraft(
        order=order,
        title=part.title,
        start=part.start,
        end=part.end,
        text=part.text,
        spans=inside,
        amounts=own_amounts,
        modality=modality_of(inside),
        funding_usd=sum(funding, Decimal(0)) if funding else None,
        sdg_evidence=sdg_evidence(inside),
        **_summary(inside, initiative_topics(topics, inside)),
    )


def sdg_evidence(spans: Iterable[Span]) -> tuple[dict, ...]:
    """The words behind each goal, in text order; a goal cited by number keeps only its citation."""
    spans = [span for span in spans if span.field in (SDG, SDG_INFERRED)]
    cited = {span.value for span in spans if span.field == SDG}
    return tuple(
        {
            "number": int(span.value),
            "source": "cited" if span.field == SDG else "inferred",
            "text": span.text,
            "start": span.start,
            "end": span.end,
        }
        for span in sorted(spans, key=lambda span: span.start)
        if span.field == SDG or span.value not in cited
    )


def _summary(spans: Iterable[Span], topics: set[str]) -> dict:
    """The ``ExtractedValues`` that the spans' values give, by field name."""
    values = _values_by_field(spans)
    themes = _values(values, THEME)
    cited = _numbers(values, SDG)
    inferred = tuple(number for number in _numbers(values, SDG_INFERRED) if number not in cited)
    return {
        "covid": COVID in topics or COVID in values,
        "climate": CLIMATE in topics or CLIMATE in values,
        "themes": themes,
        "sdgs": tuple(sorted({*cited, *inferred})),
        "agencies": _values(values, AGENCY),
        "organisations": _values(values, ORGANISATION),
        "countries": _values(values, COUNTRY),
        "regions": _values(values, REGION),
        "programmes": _values(values, PROGRAMME),
        "years": _numbers(values, YEAR),
        "sdgs_cited": cited,
        "sdgs_inferred": inferred,
    }


def _values_by_field(spans: Iterable[Span]) -> dict[str, set[str]]:
    # One pass over the spans for every field a summary needs.
    values: dict[str, set[str]] = {}
    for span in spans:
        values.setdefault(span.field, set()).add(span.value)
    return values


def _values(values: dict[str, set[str]], field: str) -> tuple[str, ...]:
    return tuple(sorted(values.get(field, ())))


def _numbers(values: dict[str, set[str]], field: str) -> tuple[int, ...]:
    return tuple(sorted({int(value) for value in values.get(field, ())}))


def _amount_span(money: Money) -> Span:
    return Span(AMOUNT, money.start, money.end, money.text, f"{money.amount} {money.currency}")


def _acting_programmes(text: str, programmes: Sequence[Span], actors: Sequence[Span]) -> list[Span]:
    """The funds named in a sentence that names no other actor: there the fund acts (印巴南基金已拨款 …).

    Where an agency or a government is named too, it is the actor and the fund what it works through
    or with, which the initiative's title keeps in its words.
    """
    acting = []
    for start, end in sentence_bounds(text):
        if not any(start <= actor.start < end for actor in actors):
            acting += [span for span in programmes if start <= span.start < end]
    return acting


def _governments(text: str, countries: Iterable[Span]) -> list[Span]:
    """中国政府, 孟加拉国政府, the Government of China: a country named as the government that acts.

    In English a sentence may open with the countries that act: "China, Indonesia, Mexico, the
    Russian Federation and Turkey partnered with UNDP".
    """
    found = []
    for span in countries:
        if not _CJK.search(span.text):
            before = text[: span.start].rstrip()
            government = _ENGLISH_GOVERNMENT.search(before)
            # "with funding from the Government of China" names where money came from, not an actor.
            if (
                government
                and not _FROM.search(before, 0, government.start())
                or not before
                or before[-1] in ".;"
            ):
                found.append(Span(GOVERNMENT, span.start, span.end, span.text, span.value))
            continue
        after = span.end
        while after < len(text) and text[after].isspace():
            after += 1
        if text.startswith("政府", after):
            end = after + 2
            found.append(Span(GOVERNMENT, span.start, end, text[span.start : end], span.value))
    return found

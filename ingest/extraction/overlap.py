"""Which spans to drop because they lie inside the name of an organisation.

The extractors are independent: the country extractor reads 日本 in 日本国际协力机构 and
the region extractor reads 非洲 in 非洲联盟. The rule for combining them is: a region
named inside an organisation's name is never a mention of the region (非洲联盟 is the
African Union, not Africa); a country named inside an organisation's name is a mention
of the country only when the organisation is national (日本国际协力机构 is Japan's
agency, so Japan is involved), and an organisation the reference data does not list
counts as national, since the ones the report names that way are national institutions
(索马里发展行政和管理研究所, 中国农业大学).
"""

from collections.abc import Iterable

from initiatives.reference.gazetteer import Gazetteer
from initiatives.reference.gazetteer import gazetteer as load_gazetteer

from .spans import Span


def drop_inside(spans: Iterable[Span], owners: Iterable[Span]) -> list[Span]:
    """The spans that do not lie within any of the owners."""
    owners = list(owners)
    return [
        span
        for span in spans
        if not any(owner.start <= span.start and span.end <= owner.end for owner in owners)
    ]


def national_countries(
    agency_spans: Iterable[Span], countries: Iterable[Span], *, gazetteer: Gazetteer | None = None
) -> list[Span]:
    """The country of each national agency whose name does not say it: JICA, the Brazilian Cooperation Agency.

    日本国际协力机构 holds 日本, which the country extractor reads; its English names do not.
    """
    agencies = (gazetteer or load_gazetteer()).agencies
    countries = list(countries)
    found = []
    for span in agency_spans:
        entry = agencies.get(span.value) if span.field == "agency" else None
        if entry is None or not entry.country:
            continue
        if not any(span.start <= c.start and c.end <= span.end for c in countries):
            found.append(Span("country", span.start, span.end, span.text, entry.country))
    return found


def country_owners(agency_spans: Iterable[Span], *, gazetteer: Gazetteer | None = None) -> list[Span]:
    """The agency spans whose names own the countries inside them: the non-national ones."""
    agencies = (gazetteer or load_gazetteer()).agencies
    return [
        span
        for span in agency_spans
        if span.field == "agency" and span.value in agencies and agencies[span.value].kind != "national"
    ]

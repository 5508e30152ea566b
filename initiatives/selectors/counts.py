"""Initiatives counted per entity: one way for every page and the API, the facets of the selection.

Facets are kept per data revision and filters (``facets.cached_facets``), where a count annotated
on each entity would read the initiatives once per entity on every request. A region counts the
initiatives that name it or one of its countries, as its filter does.
"""

from django.db.models import OuterRef, QuerySet

from ..facets import SubqueryCount, cached_facets, cached_facets_of_all
from ..filters import InitiativeFilterSet
from ..kinds import EntityKind
from ..models import Country, Document, Initiative, Paragraph, Region
from ..names import entity_name

# A short list of a region's member countries is named on its page; a continent's is only counted.
MEMBERS_NAMED = 12


def entities_counted(kind: EntityKind, entities, filterset: InitiativeFilterSet | None = None) -> list:
    """The entities of ``kind``, each with ``initiative_count`` and ``funding_usd`` of the
    initiatives the FilterSet selects (by default every active one) that name it."""
    facets = cached_facets_of_all() if filterset is None else cached_facets(filterset)
    # A facet group is named for the kind's links and its rows for the kind's natural key.
    rows = {row[kind.key]: row for row in facets[kind.links]}
    entities = list(entities)
    for entity in entities:
        row = rows.get(getattr(entity, kind.key), {})
        entity.initiative_count = row.get("count", 0)
        entity.funding_usd = row.get("funding_usd")
    return entities


def entities_by_count(
    kind: EntityKind, entities: QuerySet, filterset: InitiativeFilterSet | None = None
) -> list:
    """``entities_counted``, most initiatives first, then by name."""
    counted = entities_counted(kind, entities, filterset)
    return sorted(counted, key=lambda e: (-e.initiative_count, entity_name(e)))


def partners_counted(kind: EntityKind, filterset: InitiativeFilterSet) -> list:
    """The entities of ``kind`` that the FilterSet's initiatives name, most initiatives first."""
    keys = [row[kind.key] for row in cached_facets(filterset)[kind.links]]
    return entities_by_count(kind, kind.model.objects.filter(**{f"{kind.key}__in": keys}), filterset)


def region_count(region: Region) -> dict:
    """How the region's count is made: initiatives that name it, and those counted through its countries."""
    active = Initiative.objects.filter(is_active=True)
    named = active.filter(regions=region).values("pk")
    through = active.filter(countries__regions=region).exclude(pk__in=named).values("pk").distinct()
    members = Country.objects.filter(regions=region)
    named_members = list(members[: MEMBERS_NAMED + 1])
    return {
        "named": named.count(),
        "through_countries": through.count(),
        "members": members.count(),
        "member_names": named_members if len(named_members) <= MEMBERS_NAMED else [],
        "partly_inside": list(Country.objects.filter(iso3__in=region.partly_inside)),
        "whole": region.membership == Region.Membership.WHOLE_COUNTRIES,
    }


def documents_counted() -> QuerySet[Document]:
    """Every document with its number of paragraphs and of active initiatives."""
    # Counted in subqueries: a list of documents costs the same whatever their size.
    return Document.objects.defer("original_text").annotate(
        paragraph_count=SubqueryCount(Paragraph.objects.filter(document=OuterRef("pk")).values("pk")),
        initiative_count=SubqueryCount(
            Initiative.objects.filter(paragraph__document=OuterRef("pk"), is_active=True).values("pk")
        ),
    )

"""A page of a FilterSet's records with its total, and for the initiatives list its facets and chips.

The list page and the API page records the same way: a search ordered by relevance pages its
ranked best matches and reports how many match in all (estimated beyond what it ranks); any
other selection is paged by ``RecordPaginator`` from the kept selection.
"""

from dataclasses import dataclass, field, replace

from django.core.paginator import Page
from django.http import QueryDict

from ..facets import cached_documents, cached_facets
from ..filters import InitiativeFilterSet, RecordFilterSet
from ..kinds import KINDS
from ..paging import RecordPaginator
from ..querysets import initiatives_with_details
from .chips import filter_chips

# Records on a page of the site.
PAGE_SIZE = 20


@dataclass(frozen=True)
class Listing:
    page: Page
    total: int
    total_is_estimate: bool
    facets: dict | None = None
    chips: list[dict] = field(default_factory=list)


def initiatives_filtered(params: QueryDict) -> InitiativeFilterSet:
    """The FilterSet of active initiatives with what a page of them shows."""
    return InitiativeFilterSet(params, queryset=initiatives_with_details())


def record_listing(
    filterset: RecordFilterSet, *, number, per_page: int, strict: bool = False, last: bool = False
) -> Listing:
    """Page ``number`` (or the ``last``) of the records the FilterSet selects, with how many there are in all.

    ``strict`` raises ``InvalidPage`` for a page that does not exist (the API answers 404), where a
    page of the site shows the nearest page instead.
    """
    paginator = RecordPaginator(filterset.qs, per_page, filterset=filterset)
    number = paginator.num_pages if last else number
    page = paginator.page(number) if strict else paginator.get_page(number)
    ranked = filterset.ranked
    if ranked is None:
        return Listing(page=page, total=paginator.count, total_is_estimate=False)
    return Listing(page=page, total=ranked[1].count, total_is_estimate=ranked[1].estimated)


def initiative_listing(params: QueryDict, *, number) -> tuple[InitiativeFilterSet, Listing]:
    """The initiatives list's FilterSet and a page of it, with the facets of the selection and its chips."""
    filterset = initiatives_filtered(params)
    listed = record_listing(filterset, number=number, per_page=PAGE_SIZE)
    return filterset, replace(listed, facets=selection_facets(params), chips=filter_chips(filterset))


def selection_facets(params: QueryDict) -> dict:
    """Facet counts of the selection; a group with a selected value is counted as if its own filter were off,
    so that its other options stay in view and can be added to the selection."""
    facets = cached_facets(initiatives_filtered(params))
    groups = {
        **{kind.parameter: kind.links for kind in KINDS},
        "modality": "modality",
        "covid": "covid",
        "climate": "climate",
    }
    for param, group in groups.items():
        if any(value.strip() for value in params.getlist(param)):
            facets[group] = cached_facets(initiatives_filtered(_without(params, param)))[group]
    return facets


def selection_documents(params: QueryDict) -> list[dict]:
    """The documents of the selection with the document filter off, so that another can be chosen."""
    return cached_documents(initiatives_filtered(_without(params, "document")))


def _without(params: QueryDict, name: str) -> QueryDict:
    others = params.copy()
    others.pop(name, None)
    return others

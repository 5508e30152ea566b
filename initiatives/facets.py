"""Facet counts and funding totals of a filtered set of initiatives, and the kept counts of a list.

Counts are sizes of intersections of the selection with the bitmaps of ``facet_index``: its
agency, country, region, SDG, theme, modality and flag filters are answered by the bitmaps too,
so a selection asks the database at most one query (the ids its other filters select), and
the list's facets with each of its filters off cost about as much as its own. An initiative's
funding counts in full for each agency, country, SDG and theme it names. A region counts an
initiative that names the region or any of its member countries, as the region filter does.
The ``cached_*`` functions keep their results per data revision and filters as well.
"""

import hashlib
import json
from collections.abc import Iterable
from decimal import Decimal

from django.core.cache import cache
from django.db.models import IntegerField, QuerySet, Subquery
from django.http import QueryDict
from django_filters.constants import EMPTY_VALUES
from pyroaring import BitMap

from .facet_index import CITED, GROUPS, FacetIndex, cents_sum, facet_index, ids_of, ids_read
from .filters import NOT_STATED, InitiativeFilterSet
from .kinds import KINDS
from .models import Initiative, Modality
from .revisions import current_revision

# Facets change only with the data; the key holds its revision, so an hour is only a bound.
CACHE_SECONDS = 60 * 60
# Selections up to this size keep their ordered ids in the cache (about 8 bytes an id).
KEPT_IDS = 100_000


class SubqueryCount(Subquery):
    """The number of rows of a correlated subquery, 0 when it has none."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def initiative_facets(initiatives: QuerySet[Initiative]) -> dict:
    """Counts per agency, country, region, SDG, theme, modality, COVID and climate flag, and funding totals."""
    return facets_count(facet_index(), ids_of(initiatives))


def facets_count(index: FacetIndex, selection: BitMap, groups: Iterable[str] | None = None) -> dict:
    """``initiative_facets`` of the initiatives whose ids ``selection`` holds, or only its ``groups``."""
    wanted = set(groups) if groups is not None else None
    result = {}

    def want(group: str) -> bool:
        return wanted is None or group in wanted

    count = len(selection)
    funded = selection & index.funded
    if wanted is None:
        result["count"] = count
        result["funding"] = {
            "total_usd": _usd(cents_sum(index, funded)) if funded else None,
            "with_funding": len(funded),
            "without_funding": count - len(funded),
        }
    for flag in ("covid", "climate"):
        if want(flag):
            true = selection.intersection_cardinality(getattr(index, flag))
            result[flag] = {"true": true, "false": count - true}
    if want("modality"):
        result["modality"] = _modality_counts(index, selection)
    for group in GROUPS:
        if want(group):
            result[group] = _group_counts(index, group, selection, funded)
    return result


def _usd(cents: int) -> Decimal:
    return Decimal(cents).scaleb(-2)


def _modality_counts(index: FacetIndex, selection: BitMap) -> list[dict]:
    modalities = {value: selection.intersection_cardinality(ids) for value, ids in index.modality.items()}
    # An initiative stated as both is found, and so counted, under each of the two as well.
    for one in (Modality.SOUTH_SOUTH, Modality.TRIANGULAR):
        modalities[one] = modalities.get(one, 0) + modalities.get(Modality.BOTH, 0)
    names = dict(Modality.choices)
    return [
        {"value": value, "name_en": names.get(value, "Not stated"), "count": modalities[value]}
        for value in [*names, ""]
        if modalities.get(value)
    ]


def _group_counts(index: FacetIndex, group: str, selection: BitMap, funded: BitMap) -> list[dict]:
    """The group's rows with a count, most first; with the funding of each but for regions.

    Funding is summed over the funded initiatives of the selection, or, when the selection
    holds most active ones, over those it leaves out, taken from the sums of all active ones:
    either way over at most half of them.
    """
    rows = []
    names = index.rows[group]
    active_funded = index.active & index.funded
    left_out = active_funded - funded if funded.issubset(active_funded) else None
    by_complement = left_out is not None and len(left_out) < len(funded)
    for pk, ids in index.links[group].items():
        count = selection.intersection_cardinality(ids)
        if not count or pk not in names:
            continue
        row = {**names[pk], "count": count}
        if group != "regions":
            if not funded.intersect(ids):
                row["funding_usd"] = None
            elif by_complement:
                row["funding_usd"] = _usd(index.active_cents[group][pk] - cents_sum(index, left_out & ids))
            else:
                row["funding_usd"] = _usd(cents_sum(index, funded & ids))
        rows.append(row)
    first = GROUPS[group][1][0]
    rows.sort(key=lambda row: (-row["count"], row[first]))
    return rows


# The filters that the bitmaps answer, and the facet group each one narrows.
INDEXED_FILTERS = {
    **{kind.parameter: kind.links for kind in KINDS},
    "modality": "modality",
    "covid": "covid",
    "climate": "climate",
}
# Read with another filter (``sdg_source`` with ``sdg``) or not a filter of the set (``ordering``).
_NOT_SELECTING = ("ordering", "sdg_source")


def selection_parts(filterset, index: FacetIndex) -> tuple[BitMap, dict[str, BitMap]]:
    """The FilterSet's selection as the ids its other filters select (one query, none when it has
    none) and a bitmap per filter the index answers; the selection is their intersection."""
    filterset.is_valid()
    data = filterset.form.cleaned_data
    parts, queryset, asked = {}, filterset.queryset.all(), False
    for name, value in data.items():
        if name in _NOT_SELECTING or value in EMPTY_VALUES:
            continue
        if name in INDEXED_FILTERS:
            parts[name] = _indexed(index, name, value, cited=data.get("sdg_source") == "cited")
        else:
            queryset, asked = filterset.filters[name].filter(queryset, value), True
    if not asked and _only_active(queryset):
        return index.active, parts
    return ids_read(index, queryset), parts


def _only_active(queryset: QuerySet) -> bool:
    """Whether ``queryset`` selects every active initiative (what the pages and the API start from)."""
    return queryset.model is Initiative and queryset.query.where == _ACTIVE.query.where


_ACTIVE = Initiative.objects.filter(is_active=True)


def _indexed(index: FacetIndex, name: str, value, *, cited: bool) -> BitMap:
    if name in ("covid", "climate"):
        flagged = getattr(index, name)
        return flagged if value else _everything(index) - flagged
    if name == "modality":
        if value == NOT_STATED:
            return index.modality.get("", BitMap())
        either = [value] if value == Modality.BOTH else [value, Modality.BOTH]
        return BitMap.union(BitMap(), *(index.modality.get(one, BitMap()) for one in either))
    if name == "sdg":
        numbers = {row["number"]: pk for pk, row in index.rows["sdgs"].items()}
        value = [numbers[number] for number in value if number in numbers]
    links = index.links[CITED if name == "sdg" and cited else INDEXED_FILTERS[name]]
    return BitMap.union(BitMap(), *(links.get(pk, BitMap()) for pk in value))


def _everything(index: FacetIndex) -> BitMap:
    return BitMap.union(BitMap(), *index.modality.values())


def _intersection(base: BitMap, parts: Iterable[BitMap]) -> BitMap:
    selection = base
    for part in sorted(parts, key=len):
        selection = selection & part
    return selection


def filtered_facets(filterset) -> dict:
    """``initiative_facets`` of a FilterSet's selection, read from the bitmaps."""
    index = facet_index()
    base, parts = selection_parts(filterset, index)
    return facets_count(index, _intersection(base, parts.values()))


def selection_facets(filterset) -> dict:
    """The facets of the selection, each group with a selected value counted as if its own filter
    were off, so that a list can offer its other values. The other filters are read once for all."""
    index = facet_index()
    base, parts = selection_parts(filterset, index)
    facets = facets_count(index, _intersection(base, parts.values()))
    for name in parts:
        others = [part for other, part in parts.items() if other != name]
        group = INDEXED_FILTERS[name]
        facets[group] = facets_count(index, _intersection(base, others), [group])[group]
    return facets


def cached_facets(filterset) -> dict:
    """``initiative_facets`` of a FilterSet's selection, computed once per data revision and filters."""
    return _cached(filterset, "facets", lambda: filtered_facets(filterset))


def cached_selection_facets(filterset) -> dict:
    """``selection_facets``, computed once per data revision and filters."""
    return _cached(filterset, "selection-facets", lambda: selection_facets(filterset))


def cached_facets_of_all() -> dict:
    """The facets of every active initiative: what the home page and the entity lists count."""
    return cached_facets(InitiativeFilterSet(QueryDict(), queryset=Initiative.objects.filter(is_active=True)))


def cached_selection(filterset) -> tuple[int, list[int] | None]:
    """How many records a FilterSet selects and, up to ``KEPT_IDS`` of them, their ids in order.

    Kept per data revision, filters and ordering: reading the ids costs the database a probe per
    match, which each page of thousands of matches would otherwise repeat. A larger selection is
    only counted, from the bitmaps (its pages come early in the order of its indexes).
    """
    ordering = filterset.form.cleaned_data.get("ordering") or ""

    def selection() -> tuple[int, list[int] | None]:
        ids = list(filterset.selected.values_list("pk", flat=True)[: KEPT_IDS + 1])
        if len(ids) <= KEPT_IDS:
            return len(ids), ids
        if filterset._meta.model is Initiative:
            # The bitmaps count it without reading the selection a second time.
            index = facet_index()
            base, parts = selection_parts(filterset, index)
            return len(_intersection(base, parts.values())), None
        return filterset.selected.count(), None

    return _cached(filterset, f"selection:{ordering}", selection)


def cached_documents(filterset) -> list[dict]:
    """The documents that hold the selection's initiatives (id, symbol, title, count), in order."""

    def documents() -> list[dict]:
        index = facet_index()
        base, parts = selection_parts(filterset, index)
        selection = _intersection(base, parts.values())
        counted = []
        for pk in sorted(index.documents):
            count = selection.intersection_cardinality(index.documents[pk])
            if count:
                counted.append({"pk": pk, **index.document_rows[pk], "count": count})
        return counted

    return _cached(filterset, "documents", documents)


def _cached(filterset, what: str, compute):
    """``compute()``, kept until the data changes, under the FilterSet's filters (not its ordering)."""
    filters = sorted(
        (name, sorted(values))
        for name, values in filterset.data.lists()
        if name in filterset.filters and name != "ordering" and any(value.strip() for value in values)
    )
    digest = hashlib.sha256(json.dumps(filters, ensure_ascii=False).encode()).hexdigest()
    # Paragraphs and initiatives take the same filters: the model keeps their selections apart.
    key = f"{what}:{filterset._meta.model._meta.label_lower}:{current_revision()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value

"""Facet counts and funding totals of a filtered set of initiatives, computed in the database.

Each facet is one grouped query over a many-to-many table restricted to the
filtered initiatives' ids, so the number of queries is fixed whatever the size
of the set. An initiative's funding counts in full for each agency, country,
SDG and theme it names. A region counts an initiative that names the region or any of its
member countries, as the region filter does.
"""

import hashlib
import json

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, IntegerField, Q, QuerySet, Subquery, Sum
from django.http import QueryDict

from .filters import InitiativeFilterSet
from .kinds import KINDS
from .models import Country, Initiative, Modality, Region
from .revisions import current_revision

# Facets change only with the data; the key holds its revision, so an hour is only a bound.
CACHE_SECONDS = 60 * 60
# Selections up to this size keep their ordered ids in the cache (about 8 bytes an id).
KEPT_IDS = 100_000


class SubqueryCount(Subquery):
    """The number of rows of a correlated subquery, 0 when it has none."""

    template = "(SELECT COUNT(*) FROM (%(subquery)s) counted)"
    output_field = IntegerField()


def _linked_counts(initiatives: QuerySet[Initiative], relation: str, fields: list[str]) -> list[dict]:
    through = getattr(Initiative, relation).through.objects.filter(initiative_id__in=initiatives.values("pk"))
    target = Initiative._meta.get_field(relation).m2m_reverse_field_name()
    rows = (
        through.values(*(f"{target}__{field}" for field in fields))
        .annotate(count=Count("initiative_id"), funding_usd=Sum("initiative__funding_usd"))
        .order_by("-count", *(f"{target}__{field}" for field in fields[:1]))
    )
    prefix = len(target) + 2
    return [
        {key[prefix:] if key.startswith(f"{target}__") else key: value for key, value in row.items()}
        for row in rows
    ]


def initiative_facets(initiatives: QuerySet[Initiative]) -> dict:
    """Counts per agency, country, region, SDG, theme, modality, COVID and climate flag, and funding totals."""
    # Re-selecting by id drops the search rank and ordering, which the counts do not need.
    initiatives = Initiative.objects.filter(pk__in=initiatives.order_by().values("pk"))
    totals = initiatives.aggregate(
        count=Count("pk"),
        covid=Count("pk", filter=Q(covid=True)),
        climate=Count("pk", filter=Q(climate=True)),
        with_funding=Count("pk", filter=Q(funding_usd__isnull=False)),
        funding_usd=Sum("funding_usd"),
    )
    regions = _region_counts(initiatives)
    modalities = dict(initiatives.order_by().values_list("modality").annotate(count=Count("pk")))
    # An initiative stated as both is found, and so counted, under each of the two as well.
    for one in (Modality.SOUTH_SOUTH, Modality.TRIANGULAR):
        modalities[one] = modalities.get(one, 0) + modalities.get(Modality.BOTH, 0)
    names = dict(Modality.choices)
    return {
        "count": totals["count"],
        "funding": {
            "total_usd": totals["funding_usd"],
            "with_funding": totals["with_funding"],
            "without_funding": totals["count"] - totals["with_funding"],
        },
        "covid": {"true": totals["covid"], "false": totals["count"] - totals["covid"]},
        "climate": {"true": totals["climate"], "false": totals["count"] - totals["climate"]},
        "modality": [
            {"value": value, "name_en": names.get(value, "Not stated"), "count": modalities[value]}
            for value in [*names, ""]
            if modalities.get(value)
        ],
        **{
            kind.links: regions
            if kind.code == "region"
            else _linked_counts(initiatives, kind.links, [kind.key, "name_zh", "name_en"])
            for kind in KINDS
        },
    }


def _region_counts(initiatives: QuerySet[Initiative]) -> list[dict]:
    """Initiatives per region, counting one that names the region or any of its member countries.

    One grouped query over both kinds of link, where a correlated count per region would read
    the selection once per region.
    """
    try:
        selection, params = initiatives.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return []
    sql = f"""
        SELECT r.code, r.name_zh, r.name_en, r.kind, COUNT(DISTINCT linked.initiative_id) AS n FROM (
            SELECT region_id, initiative_id FROM {Initiative.regions.through._meta.db_table}
            WHERE initiative_id IN ({selection})
            UNION ALL
            SELECT m.region_id, c.initiative_id FROM {Initiative.countries.through._meta.db_table} c
            JOIN {Country.regions.through._meta.db_table} m ON m.country_id = c.country_id
            WHERE c.initiative_id IN ({selection})
        ) linked JOIN {Region._meta.db_table} r ON r.id = linked.region_id
        GROUP BY r.id, r.code, r.name_zh, r.name_en, r.kind
        ORDER BY n DESC, r.code
    """  # noqa: S608 - table names come from the models, values are parameters
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *params])
        columns = ["code", "name_zh", "name_en", "kind", "count"]
        return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]


def cached_facets(filterset) -> dict:
    """``initiative_facets`` of a FilterSet's selection, computed once per data revision and filters."""
    return _cached(filterset, "facets", lambda: initiative_facets(filterset.selected))


def cached_facets_of_all() -> dict:
    """The facets of every active initiative: what the home page and the entity lists count."""
    return cached_facets(InitiativeFilterSet(QueryDict(), queryset=Initiative.objects.filter(is_active=True)))


def cached_selection(filterset) -> tuple[int, list[int] | None]:
    """How many records a FilterSet selects and, up to ``KEPT_IDS`` of them, their ids in order.

    Kept per data revision, filters and ordering: reading the ids costs the database a probe per
    match, which each page of thousands of matches would otherwise repeat. A larger selection is
    only counted (its pages come early in the order of its indexes).
    """
    ordering = filterset.form.cleaned_data.get("ordering") or ""

    def selection() -> tuple[int, list[int] | None]:
        ids = list(filterset.selected.values_list("pk", flat=True)[: KEPT_IDS + 1])
        if len(ids) <= KEPT_IDS:
            return len(ids), ids
        return filterset.selected.count(), None

    return _cached(filterset, f"selection:{ordering}", selection)


def cached_documents(filterset) -> list[dict]:
    """The documents that hold the selection's initiatives (id, symbol, title, count), in order."""

    def documents() -> list[dict]:
        fields = {"pk": "paragraph__document_id", "symbol": "paragraph__document__symbol"}
        fields["title"] = "paragraph__document__title"
        rows = filterset.selected.order_by().values(*fields.values()).annotate(count=Count("pk"))
        return [
            {**{name: row[field] for name, field in fields.items()}, "count": row["count"]}
            for row in rows.order_by(fields["pk"])
        ]

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

"""The pages of agencies, countries, regions, SDGs and themes: an index of each kind with its counts,
and a page of each entity, which is the list of initiatives filtered by that one entity."""

from urllib.parse import urlencode

from django.http import QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import charts
from ..facets import cached_facets
from ..kinds import EntityKind, kind_of
from ..models import Agency, Country, Region, Sdg, Theme
from ..names import entity_short_name
from ..selectors.counts import (
    entities_by_count,
    entities_counted,
    partners_counted,
    region_count,
)
from ..selectors.listing import PAGE_SIZE, initiatives_filtered, record_listing
from .home import CHART_ROWS


def _entity_page(request, *, kind: EntityKind, entity, partner: EntityKind, extra: dict | None = None):
    value = getattr(entity, kind.key)
    filterset = initiatives_filtered(QueryDict(urlencode({kind.parameter: value})))
    listing = record_listing(filterset, number=request.GET.get("page"), per_page=PAGE_SIZE)
    partners = partners_counted(partner, filterset)
    context = {
        "entity": entity,
        "kind": kind.code,
        # The index of a kind is named for its links: ``agencies``, ``countries`` ...
        "entity_kind": kind,
        "page": listing.page,
        "count": listing.total,
        "funding": cached_facets(filterset)["funding"]["total_usd"],
        "partners": partners,
        "partner_kind": partner.code,
        "partner_chart": charts.bar_chart(
            rows=[
                # An entity's page is named for its kind: ``agency``, ``country`` ...
                (
                    entity_short_name(p),
                    p.initiative_count,
                    reverse(partner.code, args=[getattr(p, partner.key)]),
                )
                for p in partners[:CHART_ROWS]
            ],
        ),
        "list_url": f"{reverse('initiatives')}?{kind.parameter}={value}",
        **(extra or {}),
    }
    return render(request, "initiatives/entity_detail.html", context)


@require_safe
def agency_detail(request, code: str):
    agency = get_object_or_404(Agency, code=code.upper())
    return _entity_page(request, kind=kind_of("agency"), entity=agency, partner=kind_of("country"))


@require_safe
def country_detail(request, iso3: str):
    country = get_object_or_404(Country.objects.select_related("region", "subregion"), iso3=iso3.upper())
    return _entity_page(request, kind=kind_of("country"), entity=country, partner=kind_of("agency"))


@require_safe
def region_detail(request, code: str):
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    extra = {"region_count": region_count(region)}
    return _entity_page(
        request, kind=kind_of("region"), entity=region, partner=kind_of("agency"), extra=extra
    )


@require_safe
def sdg_detail(request, number: int):
    sdg = get_object_or_404(Sdg, number=number)
    return _entity_page(request, kind=kind_of("sdg"), entity=sdg, partner=kind_of("agency"))


@require_safe
def theme_detail(request, code: str):
    theme = get_object_or_404(Theme.objects.prefetch_related("sdgs"), code=code)
    return _entity_page(request, kind=kind_of("theme"), entity=theme, partner=kind_of("agency"))


def _entity_index(request, kind: EntityKind):
    rows = entities_by_count(kind, kind.model.objects.all())
    context = {
        "kind": kind.code,
        "title": kind.label_plural,
        "rows": [row for row in rows if row.initiative_count],
        "unused": [row for row in rows if not row.initiative_count],
    }
    return render(request, "initiatives/entity_index.html", context)


@require_safe
def agency_list(request):
    return _entity_index(request, kind_of("agency"))


@require_safe
def country_list(request):
    return _entity_index(request, kind_of("country"))


@require_safe
def region_list(request):
    return _entity_index(request, kind_of("region"))


@require_safe
def sdg_list(request):
    # Every goal, in the order of their numbers, used or not.
    rows = entities_counted(kind_of("sdg"), Sdg.objects.order_by("number"))
    context = {"kind": "sdg", "title": _("Sustainable Development Goals"), "rows": rows, "unused": []}
    return render(request, "initiatives/entity_index.html", context)


@require_safe
def theme_list(request):
    return _entity_index(request, kind_of("theme"))

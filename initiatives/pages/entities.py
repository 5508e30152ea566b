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
from ..models import Agency, Country, Region, Sdg, Theme
from ..names import entity_short_name
from ..selectors.counts import (
    FACET_GROUPS,
    entities_by_count,
    entities_counted,
    partners_counted,
    region_count,
)
from ..selectors.listing import PAGE_SIZE, initiatives_filtered, record_listing
from .home import CHART_ROWS


def _entity_page(request, *, kind: str, entity, partner_kind: str, extra: dict | None = None):
    key = FACET_GROUPS[kind][1]
    value = getattr(entity, key)
    filterset = initiatives_filtered(QueryDict(urlencode({kind: value})))
    listing = record_listing(filterset, number=request.GET.get("page"), per_page=PAGE_SIZE)
    partner_model, partner_key = (Country, "iso3") if partner_kind == "country" else (Agency, "code")
    partners = partners_counted(partner_kind, partner_model, filterset)
    context = {
        "entity": entity,
        "kind": kind,
        "page": listing.page,
        "count": listing.total,
        "funding": cached_facets(filterset)["funding"]["total_usd"],
        "partners": partners,
        "partner_kind": partner_kind,
        "partner_chart": charts.bar_chart(
            rows=[
                (
                    entity_short_name(p),
                    p.initiative_count,
                    reverse(partner_kind, args=[getattr(p, partner_key)]),
                )
                for p in partners[:CHART_ROWS]
            ],
        ),
        "list_url": f"{reverse('initiatives')}?{kind}={value}",
        **(extra or {}),
    }
    return render(request, "initiatives/entity_detail.html", context)


@require_safe
def agency_detail(request, code: str):
    agency = get_object_or_404(Agency, code=code.upper())
    return _entity_page(request, kind="agency", entity=agency, partner_kind="country")


@require_safe
def country_detail(request, iso3: str):
    country = get_object_or_404(Country.objects.select_related("region", "subregion"), iso3=iso3.upper())
    return _entity_page(request, kind="country", entity=country, partner_kind="agency")


@require_safe
def region_detail(request, code: str):
    region = get_object_or_404(Region.objects.select_related("parent"), code=code)
    extra = {"region_count": region_count(region)}
    return _entity_page(request, kind="region", entity=region, partner_kind="agency", extra=extra)


@require_safe
def sdg_detail(request, number: int):
    sdg = get_object_or_404(Sdg, number=number)
    return _entity_page(request, kind="sdg", entity=sdg, partner_kind="agency")


@require_safe
def theme_detail(request, code: str):
    theme = get_object_or_404(Theme.objects.prefetch_related("sdgs"), code=code)
    return _entity_page(request, kind="theme", entity=theme, partner_kind="agency")


def _entity_index(request, *, kind: str, title: str, entities):
    rows = entities_by_count(kind, entities)
    context = {
        "kind": kind,
        "title": title,
        "rows": [row for row in rows if row.initiative_count],
        "unused": [row for row in rows if not row.initiative_count],
    }
    return render(request, "initiatives/entity_index.html", context)


@require_safe
def agency_list(request):
    return _entity_index(request, kind="agency", title=_("Agencies"), entities=Agency.objects.all())


@require_safe
def country_list(request):
    return _entity_index(request, kind="country", title=_("Countries"), entities=Country.objects.all())


@require_safe
def region_list(request):
    return _entity_index(request, kind="region", title=_("Regions"), entities=Region.objects.all())


@require_safe
def sdg_list(request):
    # Every goal, in the order of their numbers, used or not.
    rows = entities_counted("sdg", Sdg.objects.order_by("number"))
    context = {"kind": "sdg", "title": _("Sustainable Development Goals"), "rows": rows, "unused": []}
    return render(request, "initiatives/entity_index.html", context)


@require_safe
def theme_list(request):
    return _entity_index(request, kind="theme", title=_("Themes"), entities=Theme.objects.all())

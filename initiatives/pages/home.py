"""The home page, its map and charts of every active initiative, and the about page."""

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from .. import charts
from ..facets import cached_facets_of_all
from ..fragments import fragment_cached
from ..models import Agency, Country, Document, Region
from ..names import entity_name, entity_short_name, row_name

CHART_ROWS = 10


def _share(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 0


def _home_charts(facets: dict) -> dict:
    agencies = {a.code: a for a in Agency.objects.filter(code__in=[r["code"] for r in facets["agencies"]])}
    countries = {c.iso3: c for c in Country.objects.all()}
    total = facets["count"]
    by_m49 = {c.m49: c for c in countries.values()}
    covid_share = _share(facets["covid"]["true"], total)
    climate_share = _share(facets["climate"]["true"], total)
    bar_panels = [
        {
            "id": "agency",
            "title": _("Initiatives by agency"),
            "chart": charts.bar_chart(
                rows=[
                    (entity_short_name(agencies[r["code"]]), r["count"], reverse("agency", args=[r["code"]]))
                    for r in facets["agencies"][:CHART_ROWS]
                ]
            ),
        },
        {
            "id": "region",
            "title": _("Initiatives by region"),
            "chart": charts.bar_chart(
                rows=[
                    (row_name(r), r["count"], reverse("region", args=[r["code"]]))
                    # The reports' own groupings (Africa and Latin America and the Caribbean are also M49 areas).
                    for r in facets["regions"]
                    if r["kind"] == Region.Kind.GROUPING
                ][:CHART_ROWS]
            ),
        },
        {
            "id": "sdg",
            "title": _("Initiatives by Sustainable Development Goal"),
            "chart": charts.bar_chart(
                rows=[
                    (f"{r['number']} {row_name(r)}", r["count"], reverse("sdg", args=[r["number"]]))
                    for r in sorted(facets["sdgs"], key=lambda r: r["number"])
                ]
            ),
        },
        {
            "id": "theme",
            "title": _("Initiatives by theme"),
            "chart": charts.bar_chart(
                rows=[
                    (row_name(r), r["count"], reverse("theme", args=[r["code"]]))
                    for r in facets["themes"][:CHART_ROWS]
                ]
            ),
        },
        {
            "id": "share",
            "title": _("Share of initiatives about COVID-19 and about climate"),
            "chart": charts.bar_chart(
                rows=[
                    (_("COVID-19"), covid_share, f"{reverse('initiatives')}?covid=true"),
                    (_("Climate"), climate_share, f"{reverse('initiatives')}?climate=true"),
                ],
                maximum=100,
                value_text=lambda v: f"{v}%",
            ),
            "value_heading": _("Share"),
        },
    ]
    return {
        "bar_panels": bar_panels,
        "world_map": charts.world_map(
            counts={
                countries[r["iso3"]].m49: r["count"] for r in facets["countries"] if r["iso3"] in countries
            },
            names={m49: entity_name(c) for m49, c in by_m49.items()},
            urls={m49: reverse("country", args=[c.iso3]) for m49, c in by_m49.items()},
        ),
        "country_rows": [
            (countries[r["iso3"]], r["count"]) for r in facets["countries"] if r["iso3"] in countries
        ],
    }


@require_safe
def home(request):
    facets = cached_facets_of_all()
    panels = fragment_cached(
        name="home-panels",
        template="initiatives/includes/home_panels.html",
        context_of=lambda: _home_charts(facets),
    )
    context = {"facets": facets, "documents": Document.objects.count(), "panels": panels}
    return render(request, "initiatives/home.html", context)


@require_safe
def about(request):
    documents = Document.objects.only("pk", "symbol", "title", "year")
    return render(request, "initiatives/about.html", {"documents": documents})

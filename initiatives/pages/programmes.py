"""The pages of funds, facilities, programmes and platforms: the list, and one programme across the years.

A programme's page is its timeline (``selectors.timelines.programme_timeline``): each report that names it,
under the report's year, with the sentences that name it, the money they state and the
initiatives they belong to. Reports of different years stay apart; the list of initiatives
filtered by the programme is one link away.
"""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from initiatives.models import Programme
from initiatives.selectors.timelines import programme_timeline


def programme_kind_text(kind: str) -> str:
    names = {
        Programme.Kind.FUND: _("fund"),
        Programme.Kind.FACILITY: _("facility"),
        Programme.Kind.PROGRAMME: _("programme"),
        Programme.Kind.PLATFORM: _("platform"),
    }
    return names.get(kind, kind)


@require_safe
def programme_list(request):
    programmes = list(
        Programme.objects.select_related("agency").annotate(
            n=Count("initiatives", filter=Q(initiatives__is_active=True)),
            reports=Count(
                "initiatives__paragraph__document", filter=Q(initiatives__is_active=True), distinct=True
            ),
        )
    )
    for programme in programmes:
        programme.kind_text = programme_kind_text(programme.kind)
    rows = sorted((p for p in programmes if p.n), key=lambda p: (-p.n, p.code))
    unused = [p for p in programmes if not p.n]
    return render(request, "initiatives/programme_list.html", {"rows": rows, "unused": unused})


@require_safe
def programme_detail(request, code: str):
    programme = get_object_or_404(Programme.objects.select_related("agency"), code=code.upper())
    timeline = programme_timeline(programme)
    context = {
        "programme": programme,
        "kind_text": programme_kind_text(programme.kind),
        "timeline": timeline,
        "initiative_count": sum(len(r.initiatives) for year in timeline for r in year.reports),
    }
    return render(request, "initiatives/programme_detail.html", context)

"""An initiative's pages: the initiative read in its paragraph, and its history of corrections."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from ..models import Initiative
from ..selectors.history import initiative_changes
from ..selectors.records import initiative_reading, initiatives_detailed


@require_safe
def initiative_detail(request, pk: int):
    initiative = get_object_or_404(initiatives_detailed(), pk=pk)
    context = {"initiative": initiative, "paragraph": initiative.paragraph, **initiative_reading(initiative)}
    return render(request, "initiatives/initiative_detail.html", context)


@require_safe
def initiative_history(request, pk: int):
    initiative = get_object_or_404(Initiative.objects.select_related("paragraph__document"), pk=pk)
    context = {
        "initiative": initiative,
        "paragraph": initiative.paragraph,
        "rows": initiative_changes(initiative),
    }
    return render(request, "initiatives/history.html", context)

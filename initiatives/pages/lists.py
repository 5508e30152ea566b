"""The filtered list of initiatives: the search box, the filter sidebar, chips, a page of results and their download."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from .. import search
from ..selectors.chips import has_empty_values, query_string
from ..selectors.listing import initiative_listing, selection_documents
from .sidebar import facet_groups, ordering_choices


@require_safe
def initiative_list(request):
    if has_empty_values(request.GET):
        # A form submitted without JavaScript sends every field, set or not; the list's URL
        # should read as the filters chosen, so that it can be shared.
        return redirect(f"{request.path}{query_string(request.GET, page=request.GET.get('page') or None)}")
    filterset, listing = initiative_listing(request.GET, number=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["bom"] = "1"  # Excel on Windows reads a CSV file as UTF-8 only after a byte order mark
    context = {
        "filterset": filterset,
        "page": listing.page,
        "total_is_estimate": listing.total_is_estimate,
        "count": listing.facets["count"],
        "funding": listing.facets["funding"]["total_usd"],
        "facets": facet_groups(listing.facets, filterset, listing.chips),
        "chips": listing.chips,
        "orderings": ordering_choices(),
        "documents": selection_documents(request.GET),
        "document": request.GET.get("document", ""),
        "q": request.GET.get("q", "").strip(),
        "csv_url": f"/api/v1/initiatives/download.csv?{query.urlencode()}",
        "ranked_limit": f"{search.CANDIDATES:,}",
    }
    # The page still shows the form and its messages; the status tells a client the filter was refused.
    status = 400 if filterset.errors else 200
    return render(request, "initiatives/initiative_list.html", context, status=status)

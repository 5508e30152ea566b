"""What every viewset of the API shares: the filter backend, page-number pagination with a count
that a search may estimate, and the listing of paragraphs and initiatives."""

from django.core.paginator import InvalidPage
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from ..search import CANDIDATES
from ..selectors.listing import Listing, record_listing


class FilterBackend(DjangoFilterBackend):
    def valid_filterset(self, request, queryset, view):
        """The request's FilterSet, or a 400 naming what is wrong: facets and downloads read its
        ``selected`` records, which a search leaves unranked and complete."""
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise translate_validation(filterset.errors)
        return filterset


class Pagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000

    def paginate_listing(self, filterset, request) -> Listing:
        """``paginate_queryset`` for the records of a FilterSet: their listing at the page asked for."""
        self.request = request
        number = request.query_params.get(self.page_query_param) or 1
        try:
            listing = record_listing(
                filterset,
                number=number,
                per_page=self.get_page_size(request),
                strict=True,
                last=number in self.last_page_strings,
            )
        except InvalidPage as exc:
            raise NotFound(self.invalid_page_message.format(page_number=number, message=str(exc))) from exc
        self.page = listing.page
        if listing.page.paginator.num_pages > 1 and self.template is not None:
            self.display_page_controls = True
        return listing

    def get_paginated_response(self, data, listing: Listing | None = None):
        # A search pages through its best matches; the count says how many match in all.
        return Response(
            {
                "count": listing.total if listing else self.page.paginator.count,
                "count_estimated": bool(listing and listing.total_is_estimate),
                "next": self.get_next_link(),
                "previous": self.get_previous_link(),
                "results": data,
            }
        )

    def get_paginated_response_schema(self, schema):
        schema = super().get_paginated_response_schema(schema)
        schema["properties"]["count_estimated"] = {
            "type": "boolean",
            "description": "True when a search matches more records than it ranks"
            f" ({CANDIDATES:,}): `count` is then the database's estimate, and the pages hold the best"
            f" {CANDIDATES:,}.",
        }
        schema["required"].append("count_estimated")
        return schema

    def get_schema_operation_parameters(self, view):
        documented = {
            self.page_query_param: ("Page number, from 1.", 1),
            self.page_size_query_param: (
                f"Records per page, 1 to {self.max_page_size} (default {self.page_size}).",
                100,
            ),
        }
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["description"], parameter["example"] = documented[parameter["name"]]
        return parameters


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    # Set here rather than in REST_FRAMEWORK: the settings cannot name a class
    # in a module that imports rest_framework.generics (a circular import).
    pagination_class = Pagination
    filter_backends = [FilterBackend]


# Paragraphs or initiatives: a list is the FilterSet's listing, as on the site's list page. (A
# comment, not a docstring: the schema would show a docstring as the description of each operation.)
class RecordViewSet(ReadOnlyViewSet):
    def list(self, request, *args, **kwargs):
        filterset = FilterBackend().valid_filterset(request, self.get_queryset(), self)
        listing = self.paginator.paginate_listing(filterset, request)
        serializer = self.get_serializer(listing.page.object_list, many=True)
        return self.paginator.get_paginated_response(serializer.data, listing)

"""Paragraphs and initiatives, and the facet counts of a selection of initiatives."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from .. import filters
from ..facets import cached_facets
from ..models import Initiative
from ..querysets import initiatives_with_details, paragraphs_with_details, text_listed
from ..serializers import FacetsSerializer, InitiativeSerializer, ParagraphSerializer
from .base import FilterBackend, RecordViewSet
from .schema import detail


@detail("id", "Paragraph id.", "1", OpenApiTypes.INT)
class ParagraphViewSet(RecordViewSet):
    queryset = paragraphs_with_details()
    serializer_class = ParagraphSerializer
    filterset_class = filters.ParagraphFilterSet

    def get_queryset(self):
        return paragraphs_with_details(listed=True) if self.action == "list" else super().get_queryset()


@detail("id", "Initiative id.", "1", OpenApiTypes.INT)
class InitiativeViewSet(RecordViewSet):
    queryset = initiatives_with_details()
    serializer_class = InitiativeSerializer
    filterset_class = filters.InitiativeFilterSet

    def get_queryset(self):
        return text_listed(super().get_queryset()) if self.action == "list" else super().get_queryset()


class FacetsView(GenericAPIView):
    """Counts of the filtered initiatives per agency, country, region, SDG, theme, modality and flag."""

    queryset = Initiative.objects.filter(is_active=True)
    filterset_class = filters.InitiativeFilterSet
    serializer_class = FacetsSerializer
    pagination_class = None

    filter_backends = [FilterBackend]

    @extend_schema(filters=True)
    def get(self, request):
        filterset = FilterBackend().valid_filterset(request, self.get_queryset(), self)
        return Response(FacetsSerializer(cached_facets(filterset)).data)

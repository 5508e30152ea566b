"""The reference entities (agencies, countries, regions, SDGs, themes) with their counts, and the documents.

An entity's count and funding are those of the facets of every active initiative
(``selectors.counts``), which are kept per data revision: a list costs the same whatever its
length.
"""

from drf_spectacular.types import OpenApiTypes

from .. import entity_filters
from ..kinds import EntityKind, kind_of
from ..models import Agency, Country, Region, Sdg, Theme
from ..selectors.counts import documents_counted, entities_counted
from ..serializers import (
    AgencySerializer,
    CountrySerializer,
    DocumentSerializer,
    RegionSerializer,
    SdgSerializer,
    ThemeSerializer,
)
from .base import ReadOnlyViewSet
from .schema import detail


class FacetCountedViewSet(ReadOnlyViewSet):
    """Entities with their counts (and funding) from the facets of every active initiative.

    Those facets are kept per data revision, where a count annotated on each entity would read
    the initiatives once per entity on every request.
    """

    kind: EntityKind

    def get_serializer(self, instance=None, *args, **kwargs):
        if instance is not None:
            entities_counted(self.kind, instance if kwargs.get("many") else [instance])
        return super().get_serializer(instance, *args, **kwargs)


@detail("code", "Agency code.", "UNDP")
class AgencyViewSet(FacetCountedViewSet):
    queryset = Agency.objects.all()
    kind = kind_of("agency")
    serializer_class = AgencySerializer
    filterset_class = entity_filters.AgencyFilterSet
    lookup_field = "code"
    lookup_value_regex = "[^/]+"


@detail("iso3", "ISO 3166 alpha-3 code.", "CHN")
class CountryViewSet(FacetCountedViewSet):
    queryset = Country.objects.prefetch_related("regions")
    kind = kind_of("country")
    serializer_class = CountrySerializer
    filterset_class = entity_filters.CountryFilterSet
    lookup_field = "iso3"


@detail("code", "Region code.", "africa")
class RegionViewSet(FacetCountedViewSet):
    queryset = Region.objects.select_related("parent").prefetch_related("member_countries")
    kind = kind_of("region")
    serializer_class = RegionSerializer
    filterset_class = entity_filters.RegionFilterSet
    lookup_field = "code"


@detail("number", "Goal number, 1 to 17.", "2", OpenApiTypes.INT)
class SdgViewSet(FacetCountedViewSet):
    queryset = Sdg.objects.all()
    kind = kind_of("sdg")
    serializer_class = SdgSerializer
    filterset_class = entity_filters.SdgFilterSet
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"


@detail("code", "Theme code.", "health")
class ThemeViewSet(FacetCountedViewSet):
    queryset = Theme.objects.prefetch_related("sdgs")
    kind = kind_of("theme")
    serializer_class = ThemeSerializer
    filterset_class = entity_filters.ThemeFilterSet
    lookup_field = "code"


@detail("id", "Document id.", "1", OpenApiTypes.INT)
class DocumentViewSet(ReadOnlyViewSet):
    queryset = documents_counted()
    serializer_class = DocumentSerializer
    filterset_class = entity_filters.DocumentFilterSet

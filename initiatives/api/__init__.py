"""The read-only REST API: one viewset per resource, facet counts, and streamed bulk downloads.

Viewsets are declarative: a queryset that fetches what the serializer shows in
a fixed number of queries, a serializer and a FilterSet. Pagination, filtering,
throttling and authentication come from ``REST_FRAMEWORK`` in the settings.
Entity counts come from the cached facets of every initiative, document counts are
annotations, so a list costs the same whatever its length.
"""

from functools import partial

from django.db.models import OuterRef
from django.http import StreamingHttpResponse
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.generics import GenericAPIView
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response

from .. import downloads, entity_filters, filter_fields, filters
from ..exports import csv_lines, jsonl_lines
from ..facets import SubqueryCount, cached_facets, cached_facets_of_all
from ..models import Agency, Country, Document, Initiative, Paragraph, Region, Sdg, Theme
from ..paging import RecordPaginator
from ..querysets import initiatives_with_details, paragraphs_with_details, text_listed
from ..search import CANDIDATES
from ..serializers import InitiativeSerializer, ParagraphSerializer


class FilterBackend(DjangoFilterBackend):
    """Keeps the view's FilterSet, whose search total the pagination reports."""

    def get_filterset(self, request, queryset, view):
        view.filterset = super().get_filterset(request, queryset, view)
        return view.filterset

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

    def paginate_queryset(self, queryset, request, view=None):
        filterset = getattr(view, "filterset", None)
        self.search_total = getattr(filterset, "search_total", None)
        if isinstance(filterset, filters.RecordFilterSet):
            self.django_paginator_class = partial(RecordPaginator, filterset=filterset)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        # A search pages through its best matches; the count says how many match in all.
        total = self.search_total
        return Response(
            {
                "count": total.count if total else self.page.paginator.count,
                "count_estimated": bool(total and total.estimated),
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


class DocumentedFilterExtension(DjangoFilterExtension):
    """Adds each filter's help text and example to the schema, and describes repeatable filters as arrays."""

    priority = 1

    def resolve_filter_field(self, auto_schema, model, filterset_class, field_name, filter_field):
        parameters = super().resolve_filter_field(
            auto_schema, model, filterset_class, field_name, filter_field
        )
        repeatable = isinstance(filter_field, filter_fields.ReferenceFilter | filter_fields.SdgFilter)
        for parameter in parameters:
            parameter.setdefault("description", filter_field.extra.get("help_text") or filter_field.label)
            parameter["example"] = [filter_field.example] if repeatable else filter_field.example
            if repeatable:
                parameter.update(
                    schema={"type": "array", "items": parameter["schema"]}, style="form", explode=True
                )
        return parameters


def detail(name: str, description: str, example: str, type=OpenApiTypes.STR):
    """The schema of a detail route's path parameter."""
    parameter = OpenApiParameter(
        name,
        type,
        OpenApiParameter.PATH,
        description=description,
        examples=[OpenApiExample(example, value=example)],
    )
    return extend_schema_view(retrieve=extend_schema(parameters=[parameter]))


class AgencySerializer(serializers.ModelSerializer):
    initiative_count = serializers.IntegerField(read_only=True, help_text="Active initiatives that name it.")
    funding_usd = serializers.DecimalField(
        max_digits=24,
        decimal_places=2,
        read_only=True,
        allow_null=True,
        help_text="Total identified funding of those initiatives.",
    )

    class Meta:
        model = Agency
        fields = [
            "code",
            "name_zh",
            "name_en",
            "short_names_zh",
            "aliases_en",
            "kind",
            "is_reference",
            "initiative_count",
            "funding_usd",
        ]


class CountrySerializer(AgencySerializer):
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Country
        fields = [
            "iso3", "iso2", "m49", "name_zh", "name_en", "aliases_zh", "aliases_en", "is_member_state",
            "regions", "initiative_count", "funding_usd",
        ]  # fmt: skip


class RegionSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    countries = serializers.SlugRelatedField(
        source="member_countries",
        slug_field="iso3",
        many=True,
        read_only=True,
        help_text="ISO3 codes of the countries wholly inside it, whose initiatives count in it.",
    )
    partly_inside = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="ISO3 codes of the countries it covers only in part: their initiatives count only where they name it.",
    )
    initiative_count = serializers.IntegerField(
        read_only=True, help_text="Active initiatives that name it or one of its countries."
    )

    class Meta:
        model = Region
        fields = [
            "code",
            "kind",
            "m49",
            "name_zh",
            "name_en",
            "aliases_zh",
            "aliases_en",
            "parent",
            "membership",
            "countries",
            "partly_inside",
            "initiative_count",
        ]


class SdgSerializer(serializers.ModelSerializer):
    initiative_count = serializers.IntegerField(read_only=True, help_text="Active initiatives that serve it.")

    class Meta:
        model = Sdg
        fields = ["number", "name_zh", "name_en", "initiative_count"]


class ThemeSerializer(SdgSerializer):
    sdgs = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)

    class Meta:
        model = Theme
        fields = ["code", "name_zh", "name_en", "sdgs", "initiative_count"]


class DocumentSerializer(serializers.ModelSerializer):
    paragraph_count = serializers.IntegerField(read_only=True)
    initiative_count = serializers.IntegerField(read_only=True, help_text="Active initiatives read from it.")

    class Meta:
        model = Document
        fields = [
            "id", "symbol", "title", "kind", "language", "session", "agenda_item", "date", "year",
            "summary", "source_name", "ingested_at", "paragraph_count", "initiative_count",
        ]  # fmt: skip


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    # Set here rather than in REST_FRAMEWORK: the settings cannot name a class
    # in a module that imports rest_framework.generics (a circular import).
    pagination_class = Pagination
    filter_backends = [FilterBackend]


class FacetCountedViewSet(ReadOnlyViewSet):
    """Entities with their counts (and funding) from the facets of every active initiative.

    Those facets are kept per data revision, where a count annotated on each entity would read
    the initiatives once per entity on every request.
    """

    facet_group = ""  # the group of ``initiative_facets``: "agencies", "countries" ...
    facet_key = ""  # the field its rows and the entities share: "code", "iso3" or "number"

    def get_serializer(self, instance=None, *args, **kwargs):
        if instance is not None:
            rows = {row[self.facet_key]: row for row in cached_facets_of_all()[self.facet_group]}
            for entity in instance if kwargs.get("many") else [instance]:
                row = rows.get(getattr(entity, self.facet_key), {})
                entity.initiative_count = row.get("count", 0)
                entity.funding_usd = row.get("funding_usd")
        return super().get_serializer(instance, *args, **kwargs)


@detail("code", "Agency code.", "UNDP")
class AgencyViewSet(FacetCountedViewSet):
    queryset = Agency.objects.all()
    facet_group, facet_key = "agencies", "code"
    serializer_class = AgencySerializer
    filterset_class = entity_filters.AgencyFilterSet
    lookup_field = "code"
    lookup_value_regex = "[^/]+"


@detail("iso3", "ISO 3166 alpha-3 code.", "CHN")
class CountryViewSet(FacetCountedViewSet):
    queryset = Country.objects.prefetch_related("regions")
    facet_group, facet_key = "countries", "iso3"
    serializer_class = CountrySerializer
    filterset_class = entity_filters.CountryFilterSet
    lookup_field = "iso3"


@detail("code", "Region code.", "africa")
class RegionViewSet(FacetCountedViewSet):
    queryset = Region.objects.select_related("parent").prefetch_related("member_countries")
    facet_group, facet_key = "regions", "code"
    serializer_class = RegionSerializer
    filterset_class = entity_filters.RegionFilterSet
    lookup_field = "code"


@detail("number", "Goal number, 1 to 17.", "2", OpenApiTypes.INT)
class SdgViewSet(FacetCountedViewSet):
    queryset = Sdg.objects.all()
    facet_group, facet_key = "sdgs", "number"
    serializer_class = SdgSerializer
    filterset_class = entity_filters.SdgFilterSet
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"


@detail("code", "Theme code.", "health")
class ThemeViewSet(FacetCountedViewSet):
    queryset = Theme.objects.prefetch_related("sdgs")
    facet_group, facet_key = "themes", "code"
    serializer_class = ThemeSerializer
    filterset_class = entity_filters.ThemeFilterSet
    lookup_field = "code"


@detail("id", "Document id.", "1", OpenApiTypes.INT)
class DocumentViewSet(ReadOnlyViewSet):
    queryset = Document.objects.defer("original_text").annotate(
        paragraph_count=SubqueryCount(Paragraph.objects.filter(document=OuterRef("pk")).values("pk")),
        initiative_count=SubqueryCount(
            Initiative.objects.filter(paragraph__document=OuterRef("pk"), is_active=True).values("pk")
        ),
    )
    serializer_class = DocumentSerializer
    filterset_class = entity_filters.DocumentFilterSet


@detail("id", "Paragraph id.", "1", OpenApiTypes.INT)
class ParagraphViewSet(ReadOnlyViewSet):
    queryset = paragraphs_with_details()
    serializer_class = ParagraphSerializer
    filterset_class = filters.ParagraphFilterSet

    def get_queryset(self):
        return paragraphs_with_details(listed=True) if self.action == "list" else super().get_queryset()


@detail("id", "Initiative id.", "1", OpenApiTypes.INT)
class InitiativeViewSet(ReadOnlyViewSet):
    queryset = initiatives_with_details()
    serializer_class = InitiativeSerializer
    filterset_class = filters.InitiativeFilterSet

    def get_queryset(self):
        return text_listed(super().get_queryset()) if self.action == "list" else super().get_queryset()


class NamedCountSerializer(serializers.Serializer):
    name_zh = serializers.CharField()
    name_en = serializers.CharField()
    count = serializers.IntegerField(help_text="Initiatives in the filtered set that name it.")
    funding_usd = serializers.DecimalField(
        max_digits=24, decimal_places=2, allow_null=True, help_text="Their total identified funding."
    )


class CodeCountSerializer(NamedCountSerializer):
    code = serializers.CharField()


class CountryCountSerializer(NamedCountSerializer):
    iso3 = serializers.CharField()


class RegionCountSerializer(NamedCountSerializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    funding_usd = None


class SdgCountSerializer(NamedCountSerializer):
    number = serializers.IntegerField()


class ModalityCountSerializer(serializers.Serializer):
    value = serializers.CharField(help_text="south_south, triangular, or empty when the text does not say.")
    name_en = serializers.CharField()
    count = serializers.IntegerField()


class FlagCountSerializer(serializers.Serializer):
    true = serializers.IntegerField()
    false = serializers.IntegerField()


class FundingTotalSerializer(serializers.Serializer):
    total_usd = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True)
    with_funding = serializers.IntegerField()
    without_funding = serializers.IntegerField()


class FacetsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="Initiatives in the filtered set.")
    funding = FundingTotalSerializer()
    covid = FlagCountSerializer()
    climate = FlagCountSerializer()
    modality = ModalityCountSerializer(many=True)
    agencies = CodeCountSerializer(many=True)
    countries = CountryCountSerializer(many=True)
    regions = RegionCountSerializer(many=True)
    sdgs = SdgCountSerializer(many=True)
    themes = CodeCountSerializer(many=True)
    programmes = CodeCountSerializer(many=True)


class FacetsView(GenericAPIView):
    """Counts of the filtered initiatives per agency, country, region, SDG, theme, programme, modality and flag."""

    queryset = Initiative.objects.filter(is_active=True)
    filterset_class = filters.InitiativeFilterSet
    serializer_class = FacetsSerializer
    pagination_class = None

    filter_backends = [FilterBackend]

    @extend_schema(filters=True)
    def get(self, request):
        filterset = FilterBackend().valid_filterset(request, self.get_queryset(), self)
        return Response(FacetsSerializer(cached_facets(filterset)).data)


class JSONErrors(BaseContentNegotiation):
    """Downloads ignore the Accept header: the file is CSV or JSON Lines, and an error is JSON."""

    def select_parser(self, request, parsers):
        return parsers[0]

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


FORMATS = {
    "csv": (csv_lines, "text/csv; charset=utf-8"),
    "jsonl": (jsonl_lines, "application/x-ndjson; charset=utf-8"),
}


FILE_FORMAT = OpenApiParameter(
    "file_format",
    str,
    OpenApiParameter.PATH,
    enum=list(FORMATS),
    description="csv: one row per record, lists joined with |; jsonl: one JSON record per line, as in the lists.",
    examples=[OpenApiExample("csv", value="csv")],
)


BOM = OpenApiParameter(
    "bom",
    str,
    enum=["1", "0"],
    description="1: start a CSV file with a UTF-8 byte order mark, which Excel needs to show Chinese.",
    examples=[OpenApiExample("1", value="1")],
)


class Download(GenericAPIView):
    """Every record of the filtered result, streamed with no page limit.

    ``X-Row-Count`` says how many records the file holds, and a JSON Lines file ends with a
    line that counts them again, so that a download cut short cannot pass for a whole one.
    """

    what = ""
    content_negotiation_class = JSONErrors
    pagination_class = None
    filter_backends = [FilterBackend]

    @extend_schema(
        parameters=[FILE_FORMAT, BOM],
        responses={(200, "text/csv"): OpenApiTypes.STR, (200, "application/x-ndjson"): OpenApiTypes.STR},
        filters=True,
    )
    def get(self, request, file_format):
        lines, content_type = FORMATS[file_format]
        filterset = FilterBackend().valid_filterset(request, self.get_queryset(), self)
        bom = downloads.bom_wanted(request.query_params)
        queryset = filterset.selected
        count = queryset.count()
        stream = downloads.slot_take(lines(self.what, queryset, bom=bom))
        response = StreamingHttpResponse(stream, content_type=content_type)
        name = downloads.file_name(
            what=self.what, params=request.query_params, filter_names=filterset.filters, extension=file_format
        )
        response["Content-Disposition"] = downloads.attachment_header(name)
        response["X-Row-Count"] = count
        return response


@extend_schema_view(get=extend_schema(operation_id="initiatives_download"))
class InitiativeDownload(Download):
    """All filtered initiatives, as CSV or JSON Lines."""

    what = "initiatives"
    queryset = initiatives_with_details()
    filterset_class = filters.InitiativeFilterSet


@extend_schema_view(get=extend_schema(operation_id="paragraphs_download"))
class ParagraphDownload(Download):
    """All filtered paragraphs, as CSV or JSON Lines."""

    what = "paragraphs"
    queryset = paragraphs_with_details()
    filterset_class = filters.ParagraphFilterSet

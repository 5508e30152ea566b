"""The FilterSets of reference entities and documents, searched by name and narrowed by kind."""

from django.db.models import Q, QuerySet
from django_filters import rest_framework as filters

from .filter_fields import (
    BooleanFilter,
    ChoiceFilter,
    ReferenceFilter,
    SdgFilter,
    TextFilter,
    linked,
    number_filter,
    region_filter,
)
from .models import Agency, Country, Document, Programme, Region, Sdg, Theme


def filter_text(queryset: QuerySet, fields: list[str], value: str) -> QuerySet:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return queryset.filter(condition)


def name_search(*fields: str, example: str) -> TextFilter:
    return TextFilter(
        method="filter_q",
        label="Search",
        help_text=f"Case-insensitive text in the {', '.join(fields)}.",
        example=example,
    )


class EntityFilterSet(filters.FilterSet):
    search_fields: tuple = ()

    def filter_q(self, queryset, name, value):
        return filter_text(queryset, self.search_fields, value)


class ProgrammeFilterSet(EntityFilterSet):
    q = name_search("code", "name_zh", "name_en", "aliases", example="印巴南基金")
    kind = ChoiceFilter(
        field_name="kind",
        label="Kind",
        help_text="fund, facility, programme or platform.",
        example="fund",
        choices=Programme.Kind.choices,
    )
    agency = ReferenceFilter(
        field_name="agency",
        lookup_expr="in",
        label="Managing agency",
        help_text="Code of the agency that manages it, in the reference data; repeatable (matches any).",
        example="UNOSSC",
        model=Agency,
        to_field="code",
        upper=True,
        noun="agency code",
    )
    search_fields = ("code", "name_zh", "name_en", "aliases_zh", "aliases_en")

    class Meta:
        model = Programme
        fields = []


class AgencyFilterSet(EntityFilterSet):
    q = name_search("code", "name_zh", "name_en", example="开发署")
    kind = ChoiceFilter(
        field_name="kind",
        label="Kind",
        help_text="Kind of organisation.",
        example="fund_programme",
        choices=Agency.Kind.choices,
    )
    is_reference = BooleanFilter(
        field_name="is_reference",
        label="In the reference data",
        help_text="false: organisations found in the reports but not yet in the reference data.",
        example="true",
    )
    search_fields = ("code", "name_zh", "name_en")

    class Meta:
        model = Agency
        fields = []


class CountryFilterSet(EntityFilterSet):
    q = name_search("iso3", "name_zh", "name_en", example="印度")
    region = region_filter(
        help_text="Region code; countries that belong to it. Repeatable (matches any).",
    )
    search_fields = ("iso3", "name_zh", "name_en")

    class Meta:
        model = Country
        fields = []

    def filter_region(self, queryset, name, value):
        return queryset.filter(linked(queryset, "regions", pk__in=value))


class RegionFilterSet(EntityFilterSet):
    q = name_search("code", "name_zh", "name_en", example="非洲")
    kind = ChoiceFilter(
        field_name="kind",
        label="Kind",
        help_text="Kind of region.",
        example="grouping",
        choices=Region.Kind.choices,
    )
    search_fields = ("code", "name_zh", "name_en")

    class Meta:
        model = Region
        fields = []


class SdgFilterSet(EntityFilterSet):
    q = name_search("name_zh", "name_en", example="饥饿")
    search_fields = ("name_zh", "name_en")

    class Meta:
        model = Sdg
        fields = []


class ThemeFilterSet(EntityFilterSet):
    q = name_search("code", "name_zh", "name_en", example="卫生")
    sdg = SdgFilter(
        method="filter_sdg",
        label="SDG",
        help_text="Themes linked to this SDG, 1 to 17; repeatable.",
        example="3",
    )
    search_fields = ("code", "name_zh", "name_en")

    class Meta:
        model = Theme
        fields = []

    def filter_sdg(self, queryset, name, value):
        return queryset.filter(linked(queryset, "sdgs", number__in=value))


class DocumentFilterSet(EntityFilterSet):
    q = name_search("symbol", "title", example="76/403")
    kind = ChoiceFilter(
        field_name="kind",
        label="Kind",
        help_text="Kind of document.",
        example="report",
        choices=Document.Kind.choices,
    )
    year = number_filter(
        lookup="year__exact", label="Year", help_text="Year of the document.", example="2021", whole=True
    )
    language = TextFilter(
        field_name="language", label="Language", help_text="Language code of the document text.", example="zh"
    )
    search_fields = ("symbol", "title")

    class Meta:
        model = Document
        fields = []

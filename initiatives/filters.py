"""The FilterSets of records, initiatives and paragraphs: shared by the API, the pages and the tests.

Every filter is declared by hand with a label, a help text (the API schema's
description) and an example. Relations are filtered through ``id__in``
subqueries on the many-to-many tables, so that no filter duplicates rows or
needs ``distinct()``.
"""

from functools import cached_property
from typing import TYPE_CHECKING

from django.db.models import F, Q, QuerySet
from django_filters import rest_framework as filters

from .filter_fields import (
    BooleanFilter,
    ChoiceFilter,
    DocumentFilter,
    SdgFilter,
    TextFilter,
    kind_filter,
    linked,
    number_filter,
    region_filter,
)
from .kinds import kind_filtered_by, kind_of
from .models import Document, Evidence, Initiative, Modality, Paragraph

if TYPE_CHECKING:
    from .search import Total


def in_regions(queryset: QuerySet, region_pks: list[int]) -> QuerySet:
    """Rows that name one of the regions, or a country belonging to one of them."""
    return queryset.filter(
        linked(queryset, "regions", pk__in=region_pks) | linked(queryset, "countries", regions__in=region_pks)
    )


NOT_STATED = "not_stated"


class RecordFilterSet(filters.FilterSet):
    """Filters shared by paragraphs and initiatives, applied to their own links and flags."""

    q = TextFilter(
        method="filter_q",
        label="Search",
        help_text="Full-text search in Chinese or English; each term also finds its equivalents in the other"
        " language and its synonyms (`query_reading` lists them), English words by their stems. An initiative"
        " matches by its own sentences, title and links. Results are ordered by relevance unless `ordering`"
        " says otherwise.",
        example="粮食安全",
    )
    agency = kind_filter(
        kind_of("agency"),
        method="filter_agency",
        label="Agency",
        help_text="Agency code from the reference data; repeat the parameter or separate codes with commas to match any of them.",
        example="UNDP",
        upper=True,
        noun="agency code",
    )
    include_managed = BooleanFilter(
        method="filter_include_managed",
        label="With managed funds",
        help_text="With `agency`: true also matches records that name a fund, facility or programme the agency "
        "manages (in the reference data: UNOSSC manages the IBSA Fund), though the text does not name the agency.",
        example="true",
    )
    programme = kind_filter(
        kind_of("programme"),
        label="Programme",
        help_text="Code of a fund, facility, programme or platform (`/api/v1/programmes/`); repeatable (matches any).",
        example="FAO-CHINA-TRUST-FUND",
        upper=True,
        noun="programme code",
    )
    country = kind_filter(
        kind_of("country"),
        label="Country",
        help_text="ISO 3166 alpha-3 country code; repeatable (matches any).",
        example="CHN",
        upper=True,
        noun="country",
        accepted="an ISO 3166 alpha-3 code of a country in the reference data, such as CHN, BRA or ZAF",
    )
    region = region_filter(
        help_text="Region code; matches records that name the region or any of its member countries. Repeatable (matches any).",
    )
    sdg = SdgFilter(
        method="filter_sdg",
        label="SDG",
        help_text="Sustainable Development Goal number, 1 to 17; repeatable (matches any).",
        example="2",
    )
    theme = kind_filter(
        kind_of("theme"),
        label="Theme",
        help_text="Theme code; repeatable (matches any).",
        example="health",
        upper=False,
        noun="theme",
    )
    covid = BooleanFilter(
        field_name="covid",
        label="COVID-19",
        help_text="Concerned with COVID-19: true or false.",
        example="true",
    )
    climate = BooleanFilter(
        field_name="climate",
        label="Climate",
        help_text="Concerned with climate change: true or false.",
        example="false",
    )
    sdg_source = ChoiceFilter(
        method="filter_sdg_source",
        label="SDG source",
        help_text="With `sdg`: `cited` matches only goals the text cites by number; `any` (the default) "
        "also goals inferred from the words of the text.",
        example="cited",
        choices=[("any", "Cited or inferred"), ("cited", "Cited by number")],
    )
    modality = ChoiceFilter(
        method="filter_modality",
        label="Modality",
        help_text="south_south, triangular, both (the text says South-South and triangular: found "
        "under either of the two as well) or not_stated.",
        example="triangular",
        choices=[*Modality.choices, (NOT_STATED, "Not stated")],
    )
    document = DocumentFilter(
        method="filter_document",
        label="Document",
        help_text="Document id or UN symbol.",
        example="A/76/403",
    )

    def filter_q(self, queryset, name, value):
        from initiatives import search

        return search.matching(queryset, value)

    def filter_linked(self, queryset, name, value):
        return queryset.filter(linked(queryset, kind_filtered_by(name).links, pk__in=value))

    def filter_agency(self, queryset, name, value):
        named = linked(queryset, "agencies", pk__in=value)
        if self.form.cleaned_data.get("include_managed"):
            named |= linked(queryset, "programmes", agency__in=value)
        return queryset.filter(named)

    def filter_include_managed(self, queryset, name, value):
        return queryset  # read by filter_agency

    def filter_region(self, queryset, name, value):
        return in_regions(queryset, value)

    def filter_sdg(self, queryset, name, value):
        if self.form.cleaned_data.get("sdg_source") != "cited":
            return queryset.filter(linked(queryset, "sdgs", number__in=value))
        if queryset.model is Initiative:
            return queryset.filter(linked(queryset, "sdgs_cited", number__in=value))
        cited = Evidence.objects.filter(field=Evidence.Field.SDG, value__in=[str(n) for n in value])
        return queryset.filter(pk__in=cited.values("paragraph_id"))

    def filter_sdg_source(self, queryset, name, value):
        return queryset  # read by filter_sdg

    def filter_modality(self, queryset, name, value):
        if value == NOT_STATED:
            return queryset.filter(modality="")
        # Both modalities stated at once: the record is found under each of them.
        either = [value] if value == Modality.BOTH else [value, Modality.BOTH]
        return queryset.filter(modality__in=either)

    @cached_property
    def selected(self) -> QuerySet:
        """Every record the filters select, unranked, in the order asked for (else document order).

        What counts, facets and downloads read: a search ranks only its best matches (``qs``).
        """
        queryset = self._filtered(self.queryset.all())
        ordering = self.form.cleaned_data.get("ordering") or ""
        return queryset.order_by(*self.orderings[ordering]) if ordering in self.orderings else queryset

    @cached_property
    def ranked(self) -> tuple[QuerySet, "Total"] | None:
        """A search ordered by relevance: its best matches, ranked, and how many match in all
        (perhaps estimated). None when there is no search or another order is asked for."""
        from initiatives import search

        self.is_valid()
        raw = self.form.cleaned_data.get("q")
        if not raw or (self.form.cleaned_data.get("ordering") or "relevance") != "relevance":
            return None
        # The search applies itself, so that it can read its index first where that is faster.
        queryset = self.queryset.all()
        return search.ranked(self._filtered(queryset, but="q"), raw, base=queryset)

    def filter_queryset(self, queryset):
        return self.selected if self.ranked is None else self.ranked[0]

    def _filtered(self, queryset: QuerySet, *, but: str = "ordering") -> QuerySet:
        self.is_valid()
        for name, value in self.form.cleaned_data.items():
            if name not in (but, "ordering"):
                queryset = self.filters[name].filter(queryset, value)
        return queryset


ORDERING_HELP = "Sort order; by default by relevance when `q` is given, otherwise in document order."


class InitiativeFilterSet(RecordFilterSet):
    kind = ChoiceFilter(
        field_name="paragraph__kind",
        label="Paragraph kind",
        help_text="Kind of the paragraph the initiative comes from.",
        example="initiative",
        choices=Paragraph.Kind.choices,
    )
    year_min = number_filter(
        lookup="year_max__gte",
        label="From year",
        help_text="Initiatives active in this year or later (by the years their text mentions).",
        example="2020",
        whole=True,
    )
    year_max = number_filter(
        lookup="year_min__lte",
        label="Until year",
        help_text="Initiatives active in this year or earlier (by the years their text mentions).",
        example="2021",
        whole=True,
    )
    funding_min = number_filter(
        lookup="funding_usd__gte",
        label="Funding at least (USD)",
        help_text="Identified funding of at least this many US dollars.",
        example="1000000",
    )
    funding_max = number_filter(
        lookup="funding_usd__lte",
        label="Funding at most (USD)",
        help_text="Identified funding of at most this many US dollars.",
        example="50000000",
    )
    has_funding = BooleanFilter(
        method="filter_has_funding",
        label="Has funding",
        help_text="true: only initiatives with an identified amount of funding; false: only those without.",
        example="true",
    )
    review = ChoiceFilter(
        field_name="review",
        label="Review",
        help_text="`reviewed`: only initiatives an editor has reviewed; `machine`: only those as extracted.",
        example="reviewed",
        choices=Initiative.Review.choices,
    )
    ordering = ChoiceFilter(
        method="filter_ordering",
        label="Ordering",
        help_text=ORDERING_HELP
        + " `-funding` puts the largest funding first; records without funding or years come last.",
        example="-funding",
        choices=[
            ("relevance", "Relevance"),
            ("document", "Document order"),
            ("funding", "Funding, smallest first"),
            ("-funding", "Funding, largest first"),
            ("year", "Year, earliest first"),
            ("-year", "Year, latest first"),
        ],
    )

    orderings = {
        "document": Initiative._meta.ordering,
        "funding": [F("funding_usd").asc(nulls_last=True), *Initiative._meta.ordering],
        "-funding": [F("funding_usd").desc(nulls_last=True), *Initiative._meta.ordering],
        "year": [F("year_min").asc(nulls_last=True), *Initiative._meta.ordering],
        "-year": [F("year_max").desc(nulls_last=True), *Initiative._meta.ordering],
    }

    class Meta:
        model = Initiative
        fields = []

    def filter_document(self, queryset, name, value):
        # A document stands for its language versions too: what they alone yield is counted there.
        versions = Document.objects.filter(version_of_id=value).values("pk")
        return queryset.filter(Q(paragraph__document_id=value) | Q(paragraph__document_id__in=versions))

    def filter_has_funding(self, queryset, name, value):
        return queryset.filter(funding_usd__isnull=not value)

    def filter_ordering(self, queryset, name, value):
        return queryset  # applied by filter_queryset, after every other filter


class ParagraphFilterSet(RecordFilterSet):
    kind = ChoiceFilter(
        field_name="kind",
        label="Kind",
        help_text="Kind of paragraph.",
        example="initiative",
        choices=Paragraph.Kind.choices,
    )
    has_funding = BooleanFilter(
        method="filter_has_funding",
        label="Has funding",
        help_text="true: only paragraphs that state an amount of funding; false: only those that do not.",
        example="true",
    )
    ordering = ChoiceFilter(
        method="filter_ordering",
        label="Ordering",
        help_text=ORDERING_HELP,
        example="document",
        choices=[("relevance", "Relevance"), ("document", "Document order")],
    )

    orderings = {"document": Paragraph._meta.ordering}

    class Meta:
        model = Paragraph
        fields = []

    def filter_document(self, queryset, name, value):
        return queryset.filter(document_id=value)

    def filter_has_funding(self, queryset, name, value):
        funded = Q(pk__in=Paragraph.objects.filter(amounts__is_funding=True).values("pk"))
        return queryset.filter(funded) if value else queryset.exclude(funded)

    def filter_ordering(self, queryset, name, value):
        return queryset

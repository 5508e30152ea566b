"""One FilterSet per resource, shared by the REST API, the HTML pages and the tests.

Every filter is declared by hand with a label, a help text (the API schema's
description) and an example. A value the filter cannot use makes the form
invalid with a message naming the accepted values, which the API returns as
HTTP 400. Relations are filtered through ``id__in`` subqueries on the
many-to-many tables, so that no filter duplicates rows or needs ``distinct()``.
"""

from functools import cached_property

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import F, Model, Q, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .models import Agency, Country, Document, Evidence, Initiative, Modality, Paragraph, Region, Sdg, Theme

SDG_NUMBERS = range(1, 18)
TRUE_WORDS = ("true", "1", "yes")
FALSE_WORDS = ("false", "0", "no")


def refuse_nul(values: list[str]) -> None:
    # PostgreSQL refuses NUL characters in text; without this check they would reach it.
    if any("\x00" in value for value in values):
        raise ValidationError("Null characters are not allowed.", code="null_characters_not_allowed")


class ValuesWidget(forms.TextInput):
    """Reads a repeatable parameter: ``?agency=UNDP&agency=FAO`` or ``?agency=UNDP,FAO``."""

    def value_from_datadict(self, data, files, name):
        raw = data.getlist(name) if hasattr(data, "getlist") else [data.get(name) or ""]
        values = [part.strip() for item in raw for part in str(item).split(",")]
        return list(dict.fromkeys(value for value in values if value))

    def format_value(self, value):
        return ",".join(str(v) for v in value) if isinstance(value, list | tuple) else value


class StrictBooleanField(forms.Field):
    """A boolean that refuses anything but true/false (Django's NullBooleanField ignores them)."""

    widget = forms.Select(choices=[("", "—"), ("true", "true"), ("false", "false")])

    def to_python(self, value):
        if value in (None, ""):
            return None
        word = str(value).strip().lower()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValidationError(
            "%(value)r is not a boolean. Accepted values: true or false.",
            code="invalid",
            params={"value": value},
        )


class ReferenceField(forms.Field):
    """Codes of reference entities, checked against the database in one query; cleans to primary keys."""

    widget = ValuesWidget

    def __init__(
        self, *, model: type[Model], to_field: str, upper: bool, noun: str, accepted: str = "", **kw
    ):
        self.model = model
        self.to_field = to_field
        self.upper = upper
        self.noun = noun
        self.accepted = accepted
        super().__init__(**kw)

    def to_python(self, value) -> list[str]:
        values = value if isinstance(value, list) else [value] if value else []
        refuse_nul(values)
        return [v.upper() if self.upper else v.lower() for v in values]

    def clean(self, value) -> list[int]:
        codes = self.to_python(value)
        if not codes:
            return []
        found = dict(
            self.model.objects.filter(**{f"{self.to_field}__in": codes}).values_list(self.to_field, "pk")
        )
        unknown = [code for code in codes if code not in found]
        if unknown:
            # Values go in params: a "%" typed by a client must not be read as a format.
            raise ValidationError(
                "Unknown %(noun)s %(value)r. Accepted values: %(accepted)s.",
                params={"noun": self.noun, "value": unknown[0], "accepted": self.accepted_values()},
            )
        return list(found.values())

    def accepted_values(self) -> str:
        if self.accepted:
            return self.accepted
        return ", ".join(self.model.objects.order_by(self.to_field).values_list(self.to_field, flat=True))


class DocumentField(forms.Field):
    """A document named by its id or its symbol; cleans to the document's primary key."""

    def clean(self, value) -> int | None:
        if value in (None, ""):
            return None
        value = str(value).strip()
        refuse_nul([value])
        lookup = {"pk": int(value)} if value.isdecimal() and len(value) < 19 else {"symbol__iexact": value}
        # A symbol names one document per language: the first ingested of its versions, always.
        pk = Document.objects.filter(**lookup).order_by("pk").values_list("pk", flat=True).first()
        if pk is None:
            symbols = ", ".join(Document.objects.exclude(symbol="").values_list("symbol", flat=True)[:20])
            raise ValidationError(
                "Unknown document %(value)r. Accepted values: a document id or symbol, such as %(symbols)s.",
                params={"value": value, "symbols": symbols},
            )
        return pk


class SdgField(forms.Field):
    widget = ValuesWidget

    def clean(self, value) -> list[int]:
        numbers = []
        for item in value or []:
            if not item.isdecimal() or int(item) not in SDG_NUMBERS:
                raise ValidationError(
                    "Unknown SDG %(value)r. Accepted values: whole numbers from 1 to 17.",
                    params={"value": item},
                )
            numbers.append(int(item))
        return numbers


class Documented:
    """Gives a filter the example that the API schema shows for it."""

    def __init__(self, *args, example: str, **kwargs):
        self.example = example
        super().__init__(*args, **kwargs)


@extend_schema_field(OpenApiTypes.BOOL)
class BooleanFilter(Documented, filters.Filter):
    field_class = StrictBooleanField


@extend_schema_field(OpenApiTypes.STR)
class ReferenceFilter(Documented, filters.Filter):
    field_class = ReferenceField


@extend_schema_field(OpenApiTypes.INT)
class SdgFilter(Documented, filters.Filter):
    field_class = SdgField


@extend_schema_field(OpenApiTypes.STR)
class DocumentFilter(Documented, filters.Filter):
    field_class = DocumentField


class TextFilter(Documented, filters.CharFilter):
    pass


class NumberFilter(Documented, filters.NumberFilter):
    pass


class ChoiceFilter(Documented, filters.ChoiceFilter):
    def __init__(self, *args, choices, **kwargs):
        accepted = ", ".join(value for value, _ in choices)
        kwargs["error_messages"] = {
            "invalid_choice": f"Unknown value '%(value)s'. Accepted values: {accepted}.",
        }
        super().__init__(*args, choices=choices, **kwargs)


class WholeNumberFilter(Documented, filters.NumberFilter):
    field_class = forms.IntegerField


def number_filter(
    *, lookup: str, label: str, help_text: str, example: str, whole: bool = False
) -> filters.Filter:
    # Bounds keep a huge value from reaching the database, where it would overflow the column.
    largest = 9999 if whole else 10**15
    message = f"Accepted values: {'a whole number' if whole else 'a number'} from 0 to {largest}, such as {example}."
    limits = (
        {"min_value": 0, "max_value": largest}
        if whole
        else {"min_value": 0, "max_value": largest, "decimal_places": 2}
    )
    field, lookup_expr = lookup.split("__")
    return (WholeNumberFilter if whole else NumberFilter)(
        field_name=field,
        lookup_expr=lookup_expr,
        label=label,
        help_text=help_text,
        example=example,
        **limits,
        error_messages={
            key: message
            for key in (
                "invalid",
                "min_value",
                "max_value",
                "max_digits",
                "max_decimal_places",
                "max_whole_digits",
            )
        },
    )


def linked(queryset: QuerySet, relation: str, **lookup) -> Q:
    """Rows of ``queryset``'s model linked through the many-to-many ``relation`` to what ``lookup`` selects."""
    field = queryset.model._meta.get_field(relation)
    through = field.remote_field.through.objects.filter(
        **{f"{field.m2m_reverse_field_name()}__{k}": v for k, v in lookup.items()}
    )
    return Q(pk__in=through.values(field.m2m_field_name()))


def in_regions(queryset: QuerySet, region_pks: list[int]) -> QuerySet:
    """Rows that name one of the regions, or a country belonging to one of them."""
    return queryset.filter(
        linked(queryset, "regions", pk__in=region_pks) | linked(queryset, "countries", regions__in=region_pks)
    )


def filter_text(queryset: QuerySet, fields: list[str], value: str) -> QuerySet:
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__icontains": value})
    return queryset.filter(condition)


NOT_STATED = "not_stated"


class RecordFilterSet(filters.FilterSet):
    """Filters shared by paragraphs and initiatives, applied to their own links and flags."""

    q = TextFilter(
        method="filter_q",
        label="Search",
        help_text="Full-text search in Chinese or English; results are ordered by relevance unless `ordering` says otherwise.",
        example="粮食安全",
    )
    agency = ReferenceFilter(
        method="filter_agency",
        label="Agency",
        help_text="Agency code from the reference data; repeat the parameter or separate codes with commas to match any of them.",
        example="UNDP",
        model=Agency,
        to_field="code",
        upper=True,
        noun="agency code",
    )
    country = ReferenceFilter(
        method="filter_country",
        label="Country",
        help_text="ISO 3166 alpha-3 country code; repeatable (matches any).",
        example="CHN",
        model=Country,
        to_field="iso3",
        upper=True,
        noun="country",
        accepted="an ISO 3166 alpha-3 code of a country in the reference data, such as CHN, BRA or ZAF",
    )
    region = ReferenceFilter(
        method="filter_region",
        label="Region",
        help_text="Region code; matches records that name the region or any of its member countries. Repeatable (matches any).",
        example="africa",
        model=Region,
        to_field="code",
        upper=False,
        noun="region",
    )
    sdg = SdgFilter(
        method="filter_sdg",
        label="SDG",
        help_text="Sustainable Development Goal number, 1 to 17; repeatable (matches any).",
        example="2",
    )
    theme = ReferenceFilter(
        method="filter_theme",
        label="Theme",
        help_text="Theme code; repeatable (matches any).",
        example="health",
        model=Theme,
        to_field="code",
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

    # Set by a search ordered by relevance: how many records match in all (perhaps estimated).
    search_total = None

    def filter_q(self, queryset, name, value):
        from initiatives import search

        return search.matching(queryset, value)

    def filter_agency(self, queryset, name, value):
        return queryset.filter(linked(queryset, "agencies", pk__in=value))

    def filter_country(self, queryset, name, value):
        return queryset.filter(linked(queryset, "countries", pk__in=value))

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

    def filter_theme(self, queryset, name, value):
        return queryset.filter(linked(queryset, "themes", pk__in=value))

    @cached_property
    def selected(self) -> QuerySet:
        """Every record the filters select, unranked, in the order asked for (else document order).

        What counts, facets and downloads read: a search ranks only its best matches (``qs``).
        """
        queryset = self._filtered(self.queryset.all())
        ordering = self.form.cleaned_data.get("ordering") or ""
        return queryset.order_by(*self.orderings[ordering]) if ordering in self.orderings else queryset

    def filter_queryset(self, queryset):
        from initiatives import search

        raw = self.form.cleaned_data.get("q")
        if not raw or (self.form.cleaned_data.get("ordering") or "relevance") != "relevance":
            return self.selected
        # The search applies itself, so that it can read its index first where that is faster.
        ranked, self.search_total = search.ranked(self._filtered(queryset, but="q"), raw, base=queryset)
        return ranked

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
        return queryset.filter(paragraph__document_id=value)

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
    region = ReferenceFilter(
        method="filter_region",
        label="Region",
        help_text="Region code; countries that belong to it. Repeatable (matches any).",
        example="africa",
        model=Region,
        to_field="code",
        upper=False,
        noun="region",
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

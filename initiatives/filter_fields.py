"""The form fields and filter classes every FilterSet is built from, and the relation lookup they share.

A value a field cannot use makes the form invalid with a message naming the
accepted values, which the API returns as HTTP 400. Each filter carries the
example the API schema shows for it.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .kinds import EntityKind, kind_of
from .models import Document

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


def kind_filter(
    kind: EntityKind,
    *,
    label: str,
    help_text: str,
    example: str,
    upper: bool,
    noun: str,
    accepted: str = "",
    method: str = "filter_linked",
) -> ReferenceFilter:
    """The filter by the entities of one kind, named by their natural key (``?agency=UNDP``).

    By default it selects the records linked to them: the FilterSet's ``filter_linked`` knows
    the kind by the filter's name, its ``parameter``.
    """
    return ReferenceFilter(
        method=method,
        label=label,
        help_text=help_text,
        example=example,
        model=kind.model,
        to_field=kind.key,
        upper=upper,
        noun=noun,
        accepted=accepted,
    )


def region_filter(*, help_text: str) -> ReferenceFilter:
    """The region filter of records and of countries, which differ only in what they match."""
    return kind_filter(
        kind_of("region"),
        label="Region",
        help_text=help_text,
        example="africa",
        upper=False,
        noun="region",
        method="filter_region",
    )


def linked(queryset: QuerySet, relation: str, **lookup) -> Q:
    """Rows of ``queryset``'s model linked through the many-to-many ``relation`` to what ``lookup`` selects."""
    field = queryset.model._meta.get_field(relation)
    through = field.remote_field.through.objects.filter(
        **{f"{field.m2m_reverse_field_name()}__{k}": v for k, v in lookup.items()}
    )
    return Q(pk__in=through.values(field.m2m_field_name()))

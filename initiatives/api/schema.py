"""What the API's schema says of filters and path parameters beyond what it reads from the code."""

from drf_spectacular.contrib.django_filters import DjangoFilterExtension
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema, extend_schema_view

from .. import filter_fields


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

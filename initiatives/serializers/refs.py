"""How a record names what it links to: entities and documents by code and name, amounts and evidence."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    Agency,
    Amount,
    Country,
    Document,
    Evidence,
    Programme,
    Region,
    Theme,
)
from ..querysets import LISTED_TEXT


class AgencyRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Agency
        fields = ["code", "name_zh", "name_en"]


class CountryRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Country
        fields = ["iso3", "name_zh", "name_en"]


class RegionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name_zh", "name_en"]


class ThemeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Theme
        fields = ["code", "name_zh", "name_en"]


class ProgrammeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["code", "name_zh", "name_en"]


class DocumentRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "symbol", "title", "language", "year"]


class AmountSerializer(serializers.ModelSerializer):
    class Meta:
        model = Amount
        fields = [
            "amount_usd",
            "currency",
            "amount",
            "approximate",
            "is_funding",
            "kind",
            "kind_words",
            "text",
            "start",
            "end",
        ]


class EvidenceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Evidence
        fields = ["field", "value", "text", "start", "end"]


def refs(serializer: type[serializers.ModelSerializer], source: str) -> serializers.Field:
    """A list of linked entities shaped by ``serializer``, written out directly.

    The entities hold only their codes and names, so a nested serializer for each would only
    add a field lookup per value. The schema still names ``serializer``.
    """
    names = serializer.Meta.fields

    @extend_schema_field(serializer(many=True))
    class Refs(serializers.Field):
        def to_representation(self, entities):
            return [{name: getattr(entity, name) for name in names} for entity in entities]

    return Refs(source=source, read_only=True)


class ListedText(serializers.CharField):
    """The whole text, or in a list (whose queryset reads ``text_head``, see
    ``querysets.text_listed``) its first ``LISTED_TEXT`` characters and "…" when it is longer."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, **kwargs)

    def get_attribute(self, instance):
        head = getattr(instance, "text_head", None)
        if head is None:
            return super().get_attribute(instance)
        return head if len(head) <= LISTED_TEXT else head[:LISTED_TEXT] + "…"

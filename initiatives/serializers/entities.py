"""Reference entities and documents, each with what the knowledge base counts of it."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    Agency,
    Country,
    Document,
    Region,
    Sdg,
    Theme,
)


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


class DocumentVersionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Document
        fields = ["id", "language"]


class DocumentSerializer(serializers.ModelSerializer):
    paragraph_count = serializers.IntegerField(read_only=True)
    initiative_count = serializers.IntegerField(read_only=True, help_text="Active initiatives read from it.")
    languages = serializers.SerializerMethodField()
    versions = serializers.SerializerMethodField()
    version_of = serializers.IntegerField(
        source="version_of_id",
        read_only=True,
        allow_null=True,
        help_text="The primary language version this one is aligned to; null for the primary itself.",
    )
    alignment_flags = serializers.JSONField(
        read_only=True,
        help_text="What the alignment with `version_of` found: `paragraph_count`, `missing_number`, "
        "`duplicate_number`, `unnumbered_count`; empty when every paragraph has its counterpart.",
    )

    @staticmethod
    def _versions(obj) -> list[Document]:
        primary = obj.version_of or obj
        return [primary, *primary.versions.all()]

    def get_languages(self, obj) -> list[str]:
        """Every language the document has a version in, the primary's first."""
        return [version.language for version in self._versions(obj)]

    @extend_schema_field(DocumentVersionSerializer(many=True))
    def get_versions(self, obj) -> list[dict]:
        """Every version of the document, this one included, the primary first."""
        return DocumentVersionSerializer(self._versions(obj), many=True).data

    class Meta:
        model = Document
        fields = [
            "id", "symbol", "title", "kind", "language", "session", "agenda_item", "date", "year",
            "summary", "source_name", "ingested_at", "paragraph_count", "initiative_count",
            "languages", "versions", "version_of", "alignment_flags",
        ]  # fmt: skip

"""Initiatives and paragraphs as records: their fields, goals, language versions and links."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..models import (
    Initiative,
    Paragraph,
)
from ..querysets import LISTED_TEXT
from .refs import (
    AgencyRefSerializer,
    AmountSerializer,
    CountryRefSerializer,
    DocumentRefSerializer,
    EvidenceSerializer,
    ListedText,
    ProgrammeRefSerializer,
    RegionRefSerializer,
    ThemeRefSerializer,
    refs,
)


class InitiativeFieldsMixin(serializers.Serializer):
    """Links of records fetched by ``initiatives.querysets``, which prefetches them as lists."""

    agencies = refs(AgencyRefSerializer, "prefetched_agencies")
    countries = refs(CountryRefSerializer, "prefetched_countries")
    regions = refs(RegionRefSerializer, "prefetched_regions")
    themes = refs(ThemeRefSerializer, "prefetched_themes")
    programmes = refs(ProgrammeRefSerializer, "prefetched_programmes")
    sdgs = serializers.SerializerMethodField()
    amounts = AmountSerializer(many=True, read_only=True, source="prefetched_amounts")
    text = ListedText(
        help_text=f"The text; in a list, its first {LISTED_TEXT:,} characters and … when longer."
    )

    def get_sdgs(self, obj) -> list[int]:
        return [sdg.number for sdg in obj.prefetched_sdgs]


class SdgWordsSerializer(serializers.Serializer):
    text = serializers.CharField(help_text="The words of the paragraph the goal was read from.")
    start = serializers.IntegerField()
    end = serializers.IntegerField()


class SdgReadingSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    evidence = SdgWordsSerializer(many=True)


def sdg_readings(numbers: set[int], evidence: list[dict], source: str) -> list[dict]:
    """The goals of ``source`` (cited or inferred) among ``numbers``, each with its words."""
    readings: dict[int, list] = {}
    for row in evidence:
        if row["source"] == source and row["number"] in numbers:
            words = {"text": row["text"], "start": row["start"], "end": row["end"]}
            readings.setdefault(row["number"], []).append(words)
    return [{"number": number, "evidence": readings[number]} for number in sorted(readings)]


class InitiativeSdgsMixin(serializers.Serializer):
    """An initiative's goals cited by number and its goals inferred from words, kept apart."""

    sdgs_cited = serializers.SerializerMethodField()
    sdgs_inferred = serializers.SerializerMethodField()

    @extend_schema_field(SdgReadingSerializer(many=True))
    def get_sdgs_cited(self, obj) -> list[dict]:
        return sdg_readings({sdg.number for sdg in obj.prefetched_sdgs}, obj.sdg_evidence, "cited")

    @extend_schema_field(SdgReadingSerializer(many=True))
    def get_sdgs_inferred(self, obj) -> list[dict]:
        return sdg_readings({sdg.number for sdg in obj.prefetched_sdgs}, obj.sdg_evidence, "inferred")


INITIATIVE_FIELDS = [
    "id",
    "order",
    "title",
    "text",
    "start",
    "end",
    "agencies",
    "countries",
    "regions",
    "sdgs",
    "sdgs_cited",
    "sdgs_inferred",
    "themes",
    "programmes",
    "covid",
    "climate",
    "modality",
    "years",
    "year_min",
    "year_max",
    "funding_usd",
    "amounts",
    "review",
]


class ParagraphInitiativeSerializer(InitiativeSdgsMixin, InitiativeFieldsMixin, serializers.ModelSerializer):
    class Meta:
        model = Initiative
        fields = INITIATIVE_FIELDS


class VersionDifferenceSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="agencies, countries, regions, funding or initiative.")
    value = serializers.CharField(required=False, help_text="The code of the agency, country or region.")
    found_in = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Read in these languages."
    )
    missing_in = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Not read in these."
    )
    values = serializers.DictField(
        child=serializers.CharField(allow_null=True),
        required=False,
        help_text="Funding read in each language.",
    )


class InitiativeVersionsMixin(serializers.Serializer):
    """An initiative read from the language versions of its document: its title and sentences in
    each, and what they differ in (``ingest.alignment``)."""

    language = serializers.CharField(
        source="paragraph.document.language", read_only=True, help_text="Language of `title` and `text`."
    )
    titles = serializers.SerializerMethodField()
    texts = serializers.SerializerMethodField()
    version_differences = serializers.SerializerMethodField()

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_titles(self, obj) -> dict:
        """Its title in each language version of the document that it was read from."""
        titles = {obj.paragraph.document.language: obj.title}
        return titles | {language: v["title"] for language, v in (obj.translations or {}).items()}

    @extend_schema_field(serializers.DictField(child=serializers.CharField()))
    def get_texts(self, obj) -> dict:
        """Its sentences in each language version; its own language's as ``text``."""
        texts = {
            obj.paragraph.document.language: self.fields["text"].to_representation(
                self.fields["text"].get_attribute(obj)
            )
        }
        return texts | {language: v["text"] for language, v in (obj.translations or {}).items()}

    @extend_schema_field(VersionDifferenceSerializer(many=True))
    def get_version_differences(self, obj) -> list[dict]:
        """Values read in one language version and not in the other, for review."""
        return obj.version_differences


INITIATIVE_VERSION_FIELDS = ["language", "titles", "texts", "version_differences"]


class InitiativeSerializer(
    InitiativeVersionsMixin, InitiativeSdgsMixin, InitiativeFieldsMixin, serializers.ModelSerializer
):
    document = DocumentRefSerializer(source="paragraph.document", read_only=True)
    paragraph_id = serializers.IntegerField(read_only=True)
    paragraph_number = serializers.IntegerField(source="paragraph.number", read_only=True)
    citation = serializers.CharField(read_only=True)

    class Meta:
        model = Initiative
        fields = [
            "document", "paragraph_id", "paragraph_number", "citation", *INITIATIVE_FIELDS, *INITIATIVE_VERSION_FIELDS,
        ]  # fmt: skip


class ParagraphSerializer(InitiativeFieldsMixin, serializers.ModelSerializer):
    document = DocumentRefSerializer(read_only=True)
    citation = serializers.CharField(read_only=True)
    initiatives = ParagraphInitiativeSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    version_of = serializers.IntegerField(
        source="version_of_id",
        read_only=True,
        allow_null=True,
        help_text="The same paragraph in the primary language version of its document, when aligned.",
    )

    class Meta:
        model = Paragraph
        fields = [
            "id",
            "document",
            "number",
            "order",
            "citation",
            "section",
            "kind",
            "text",
            "footnotes",
            "agencies",
            "countries",
            "regions",
            "amounts",
            "covid",
            "climate",
            "sdgs",
            "sdgs_cited",
            "themes",
            "programmes",
            "modality",
            "years",
            "initiatives",
            "evidence",
            "version_of",
        ]

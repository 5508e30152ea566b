"""Every serializer: the shapes of records, shared by the REST API and the export command, of the
reference entities and documents with their counts, and of the facet counts of a selection."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import (
    Agency,
    Amount,
    Country,
    Document,
    Evidence,
    Initiative,
    Paragraph,
    Programme,
    Region,
    Sdg,
    Theme,
)
from .querysets import LISTED_TEXT


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


class ProgrammeSerializer(serializers.ModelSerializer):
    agency = AgencyRefSerializer(read_only=True, allow_null=True, help_text="The agency that manages it.")
    initiative_count = serializers.IntegerField(read_only=True, help_text="Active initiatives that name it.")

    class Meta:
        model = Programme
        fields = [
            "code",
            "kind",
            "name_zh",
            "name_en",
            "aliases_zh",
            "aliases_en",
            "agency",
            "initiative_count",
        ]


class TimelineInitiativeSerializer(serializers.ModelSerializer):
    citation = serializers.CharField(read_only=True)

    class Meta:
        model = Initiative
        fields = ["id", "title", "citation", "funding_usd"]


class MentionSerializer(serializers.Serializer):
    paragraph_id = serializers.IntegerField(source="paragraph.pk")
    paragraph_number = serializers.IntegerField(source="paragraph.number", allow_null=True)
    citation = serializers.CharField(source="paragraph.citation")
    sentence = serializers.CharField(
        help_text="The sentence of the report that names the programme, exactly."
    )
    start = serializers.IntegerField(help_text="Where the sentence starts in the paragraph's text.")
    end = serializers.IntegerField()
    names = serializers.ListField(
        child=serializers.CharField(), help_text="The programme's names as written."
    )
    funding_usd = serializers.DecimalField(
        max_digits=24,
        decimal_places=2,
        allow_null=True,
        help_text="The funding the sentence states, in US dollars; null when it states none.",
    )
    amounts = AmountSerializer(many=True, help_text="Every amount written in the sentence, funding or not.")
    initiative_id = serializers.IntegerField(source="initiative.pk", allow_null=True, default=None)


class ReportMentionsSerializer(serializers.Serializer):
    document = DocumentRefSerializer()
    funding_usd = serializers.DecimalField(
        max_digits=24,
        decimal_places=2,
        allow_null=True,
        help_text="The funding this report states in the sentences that name the programme.",
    )
    mentions = MentionSerializer(many=True)
    initiatives = TimelineInitiativeSerializer(many=True, help_text="The report's initiatives that name it.")


class TimelineYearSerializer(serializers.Serializer):
    year = serializers.IntegerField(allow_null=True, help_text="The reports' year.")
    funding_usd = serializers.DecimalField(max_digits=24, decimal_places=2, allow_null=True)
    reports = ReportMentionsSerializer(
        many=True, help_text="Each report of the year on its own, never merged."
    )


class ProgrammeDetailSerializer(ProgrammeSerializer):
    timeline = TimelineYearSerializer(many=True, read_only=True, help_text="Earliest year first.")

    class Meta(ProgrammeSerializer.Meta):
        fields = [*ProgrammeSerializer.Meta.fields, "timeline"]

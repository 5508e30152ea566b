"""Programmes and their timeline across reports."""

from rest_framework import serializers

from ..models import (
    Initiative,
    Programme,
)
from .refs import AgencyRefSerializer, AmountSerializer, DocumentRefSerializer


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

"""The facet counts of a selection."""

from rest_framework import serializers


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

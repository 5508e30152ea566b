"""Reference entities: regions, countries, agencies, SDGs, themes and programmes, named in both languages."""

from django.db import models
from django.utils.translation import get_language


def name_in_reader_language(*, name_zh: str, name_en: str) -> str:
    """The name in the reader's language, else in the other one."""
    # Organisations found only in Chinese text have no English name yet.
    if (get_language() or "").startswith("en"):
        return name_en or name_zh
    return name_zh or name_en


class Bilingual(models.Model):
    """An entity named in Chinese and English; ``name`` follows the active language."""

    name_zh = models.CharField(max_length=255)
    name_en = models.CharField(max_length=255)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return name_in_reader_language(name_zh=self.name_zh, name_en=self.name_en)


class Region(Bilingual):
    class Kind(models.TextChoices):
        M49_REGION = "m49_region", "M49 region"
        M49_SUBREGION = "m49_subregion", "M49 sub-region"
        GROUPING = "grouping", "Grouping used by the reports"

    class Membership(models.TextChoices):
        WHOLE_COUNTRIES = "whole_countries", "Whole countries: a member's initiatives count"
        PARTIAL_OR_PROGRAMME = (
            "partial_or_programme",
            "Part of some countries or a programme's reach: only mentions and countries wholly inside count",
        )

    code = models.SlugField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # How a country's initiatives count in the region (``member_countries`` holds only the
    # countries wholly inside it); ``partly_inside`` lists, for the page, the countries it covers in part.
    membership = models.CharField(
        max_length=24, choices=Membership.choices, default=Membership.WHOLE_COUNTRIES
    )
    partly_inside = models.JSONField(default=list, blank=True)
    m49 = models.CharField(max_length=3, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    aliases_zh = models.JSONField(default=list, blank=True)
    aliases_en = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["kind", "code"]


class Country(Bilingual):
    iso3 = models.CharField(max_length=3, unique=True)
    iso2 = models.CharField(max_length=2, unique=True)
    m49 = models.CharField(max_length=3, unique=True)
    is_member_state = models.BooleanField(default=True)
    aliases_zh = models.JSONField(default=list, blank=True)
    aliases_en = models.JSONField(default=list, blank=True)
    region = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    subregion = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # Every region the country lies wholly inside: its M49 region and sub-region and the
    # groupings (Africa, Arab States, LDCs, SIDS ...); the region filter and facets read it.
    regions = models.ManyToManyField(Region, blank=True, related_name="member_countries")

    class Meta:
        ordering = ["iso3"]
        verbose_name_plural = "countries"


class Agency(Bilingual):
    class Kind(models.TextChoices):
        FUND_PROGRAMME = "fund_programme", "UN fund or programme"
        SPECIALIZED = "specialized", "Specialized agency"
        REGIONAL_COMMISSION = "regional_commission", "Regional commission"
        UN_OFFICE = "un_office", "UN office"
        BANK = "bank", "Development bank"
        REGIONAL_ORG = "regional_org", "Regional organisation"
        NATIONAL = "national", "National agency"
        OTHER = "other", "Other organisation"

    code = models.CharField(max_length=64, unique=True)
    short_names_zh = models.JSONField(default=list, blank=True)
    aliases_en = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=24, choices=Kind.choices, default=Kind.OTHER)
    # False for an organisation the extractor found named as an actor but
    # that the reference data does not list: it waits for a person to review it.
    is_reference = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "agencies"


class Sdg(Bilingual):
    number = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["number"]
        verbose_name = "SDG"

    @property
    def code(self) -> str:
        return str(self.number)


class Theme(Bilingual):
    code = models.SlugField(max_length=32, unique=True)
    sdgs = models.ManyToManyField(Sdg, blank=True, related_name="themes")

    class Meta:
        ordering = ["code"]


class Programme(Bilingual):
    """A fund, facility, programme or platform of South-South cooperation that reports follow year after year."""

    class Kind(models.TextChoices):
        FUND = "fund", "Fund"
        FACILITY = "facility", "Facility"
        PROGRAMME = "programme", "Programme"
        PLATFORM = "platform", "Platform"

    code = models.CharField(max_length=64, unique=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    aliases_zh = models.JSONField(default=list, blank=True)
    aliases_en = models.JSONField(default=list, blank=True)
    # The organisation that manages it, from the reference data; an initiative gets this agency
    # only from words of its text, never from here.
    agency = models.ForeignKey(
        Agency, null=True, blank=True, on_delete=models.SET_NULL, related_name="managed_programmes"
    )

    class Meta:
        ordering = ["code"]

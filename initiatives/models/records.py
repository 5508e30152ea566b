"""Initiatives, the amounts they state and the evidence behind every extracted value."""

from django.db import models

from initiatives.kinds import KINDS

from .documents import Modality, Paragraph
from .reference import Agency, Country, Programme, Region, Sdg, Theme

POSITION_DOCUMENT_SHIFT = 40
POSITION_PARAGRAPH_SHIFT = 16


def position_of(paragraph: "Paragraph", order: int) -> int:
    """Document, paragraph and initiative order packed into one number that sorts like the three.

    Room for 2**23 documents, 2**24 paragraphs a document and 2**16 initiatives a paragraph.
    """
    return (
        (paragraph.document_id << POSITION_DOCUMENT_SHIFT)
        + (paragraph.order << POSITION_PARAGRAPH_SHIFT)
        + order
    )


def version_restored(collector, field, sub_objs, using) -> None:
    """``on_delete`` of ``Initiative.version_of``: when a primary version's initiative is deleted
    (its document is), the versions merged into it count again on their own."""
    collector.add_field_update(field, None, sub_objs)
    collector.add_field_update(field.model._meta.get_field("is_active"), True, sub_objs)


# The initiative fields an editor can lock (``Initiative.locked_fields``); each is refreshed by
# re-extraction unless locked.
LOCKABLE_FIELDS = (
    "title",
    *(kind.links for kind in KINDS if kind.lockable),
    "covid",
    "climate",
    "modality",
    "years",
    "funding",
)


class Initiative(models.Model):
    class Review(models.TextChoices):
        MACHINE = "machine", "Machine-extracted"
        REVIEWED = "reviewed", "Reviewed"

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="initiatives")
    order = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=255)
    # Character span, within the paragraph, of the sentences it came from.
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.TextField()
    agencies = models.ManyToManyField(Agency, blank=True, related_name="initiatives")
    countries = models.ManyToManyField(Country, blank=True, related_name="initiatives")
    regions = models.ManyToManyField(Region, blank=True, related_name="initiatives")
    # Every goal, cited or inferred; ``sdgs_cited`` holds those the text cites by number, and the
    # words that made an inferred goal are its ``sdg_inferred`` evidence.
    sdgs = models.ManyToManyField(Sdg, blank=True, related_name="initiatives")
    sdgs_cited = models.ManyToManyField(Sdg, blank=True, related_name="initiatives_citing")
    # The words behind each goal, as the extractor read them:
    # [{"number": 9, "source": "inferred", "text": "基础设施", "start": 40, "end": 44}, ...]
    sdg_evidence = models.JSONField(default=list, blank=True)
    themes = models.ManyToManyField(Theme, blank=True, related_name="initiatives")
    # The funds and programmes it names (a fund is never also taken for its managing agency).
    programmes = models.ManyToManyField(Programme, blank=True, related_name="initiatives")
    covid = models.BooleanField(default=False)
    climate = models.BooleanField(default=False)
    modality = models.CharField(max_length=16, choices=Modality.choices, blank=True)
    years = models.JSONField(default=list, blank=True)
    year_min = models.PositiveSmallIntegerField(null=True, blank=True)
    year_max = models.PositiveSmallIntegerField(null=True, blank=True)
    # Sum of the amounts that fund it, in USD; null when none is identified.
    funding_usd = models.DecimalField(max_digits=20, decimal_places=2, null=True, blank=True)
    review = models.CharField(max_length=16, choices=Review.choices, default=Review.MACHINE)
    # Names of the fields an editor set by hand; re-extraction leaves them alone.
    locked_fields = models.JSONField(default=list, blank=True)
    is_active = models.BooleanField(default=True)
    # The same initiative read from the primary version of its document in another language:
    # set, this one is not counted (``is_active`` false) and the primary shows its sentences.
    version_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=version_restored, related_name="versions"
    )
    # On a primary: its title and sentences in each other language, so that a list shows them
    # without another query: {"en": {"id": 12, "title": "...", "text": "..."}}.
    translations = models.JSONField(default=dict, blank=True)
    # On a primary: values read from one version and not the other, for an editor to review:
    # [{"field": "countries", "value": "ETH", "found_in": ["zh"], "missing_in": ["en"]},
    #  {"field": "funding", "values": {"zh": "1500000.00", "en": "1200000.00"}}].
    version_differences = models.JSONField(default=list, blank=True)
    # Document order as one indexed number (see ``position_of``), so that a filtered list reads
    # its page in index order instead of joining and sorting every match by paragraph.
    position = models.BigIntegerField(editable=False)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "order"], name="initiative_unique_order"),
        ]
        indexes = [
            # Ordering and range filters on funding and year in the list views.
            models.Index(fields=["funding_usd"], name="initiative_funding_idx"),
            models.Index(fields=["year_min", "year_max"], name="initiative_years_idx"),
            # The covid and climate filters.
            models.Index(fields=["covid", "climate"], name="initiative_flags_idx"),
            models.Index(
                fields=["position"], condition=models.Q(is_active=True), name="initiative_position_idx"
            ),
            # Holds what a filtered list checks and sorts by for each id its entity links select,
            # so that its count and its page's ids are read from this index, not from the rows.
            models.Index(
                fields=["id", "is_active", "covid", "climate", "position"], name="initiative_filters_idx"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.position is None:
            self.position = position_of(self.paragraph, self.order)
        super().save(*args, **kwargs)

    @property
    def citation(self) -> str:
        return self.paragraph.citation


class Amount(models.Model):
    class Kind(models.TextChoices):
        FUNDING = "funding", "Funding"
        IN_KIND = "in_kind", "In-kind (value of goods)"
        OTHER = "other", "Not funding (a statistic or other figure)"

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="amounts")
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="amounts"
    )
    amount = models.DecimalField(max_digits=24, decimal_places=2)
    currency = models.CharField(max_length=3)
    amount_usd = models.DecimalField(max_digits=24, decimal_places=2, null=True, blank=True)
    approximate = models.BooleanField(default=False)
    # False for statistics (global investment flows), true for money an initiative moved.
    is_funding = models.BooleanField(default=False)
    # Funding, in-kind or other; only funding counts in totals, filters and charts.
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.OTHER)
    # The words of the text that decided the kind (拨出, 价值 3 364 000 美元的其他医疗用品, 下降到).
    kind_words = models.CharField(max_length=255, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=255)

    class Meta:
        ordering = ["paragraph_id", "start"]

    def __str__(self) -> str:
        return self.text


class Evidence(models.Model):
    """Where one extracted value was read: a span of a paragraph's text."""

    class Field(models.TextChoices):
        AGENCY = "agency", "Agency"
        COUNTRY = "country", "Country"
        REGION = "region", "Region"
        AMOUNT = "amount", "Amount"
        SDG = "sdg", "SDG"
        SDG_INFERRED = "sdg_inferred", "SDG inferred"
        THEME = "theme", "Theme"
        COVID = "covid", "COVID-19 focus"
        CLIMATE = "climate", "Climate focus"
        MODALITY = "modality", "Modality"
        YEAR = "year", "Year"
        PROGRAMME = "programme", "Programme"

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="evidence")
    field = models.CharField(max_length=16, choices=Field.choices)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    text = models.CharField(max_length=255)
    # The extracted value as text: an agency code, an ISO3, an SDG number, a year ...
    value = models.CharField(max_length=64)

    class Meta:
        ordering = ["paragraph_id", "start"]
        indexes = [
            # "Which evidence supports this value?" on entity pages.
            models.Index(fields=["field", "value"], name="evidence_field_value_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.text}"

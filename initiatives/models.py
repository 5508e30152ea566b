"""The knowledge model: reference entities, documents, paragraphs, initiatives and their evidence."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
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


class Modality(models.TextChoices):
    SOUTH_SOUTH = "south_south", "South-South"
    TRIANGULAR = "triangular", "Triangular"
    # The text says "South-South and triangular cooperation" of it, with no Northern partner;
    # the modality filter finds it under either.
    BOTH = "both", "South-South and triangular"


class Document(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", "Report"
        RESOLUTION = "resolution", "Resolution"
        TEXT = "text", "Other text"

    title = models.CharField(max_length=500)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.TEXT)
    symbol = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(max_length=8, default="zh")
    session = models.CharField(max_length=64, blank=True)
    agenda_item = models.CharField(max_length=128, blank=True)
    date = models.DateField(null=True, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    summary = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64, unique=True)
    source_name = models.CharField(max_length=255)
    # The text as received, before any conversion (Traditional Chinese is kept here).
    original_text = models.TextField()
    ingested_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "symbol", "id"]
        constraints = [
            # A symbol in a language names one document: ``?document=A/76/403`` and the
            # language versions of a report rely on it. Symbols are matched without case.
            models.UniqueConstraint(
                Upper("symbol"),
                models.F("language"),
                condition=~models.Q(symbol=""),
                name="document_unique_symbol_language",
            ),
        ]

    def __str__(self) -> str:
        return self.symbol or self.title


class Paragraph(models.Model):
    class Kind(models.TextChoices):
        INITIATIVE = "initiative", "Initiative"
        RECOMMENDATION = "recommendation", "Recommendation"
        CONTEXT = "context", "Context"

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="paragraphs")
    order = models.PositiveIntegerField()
    number = models.PositiveIntegerField(null=True, blank=True)
    # [{"number": "二", "heading": "..."}, {"number": "B", "heading": "..."}]
    section = models.JSONField(default=list, blank=True)
    text = models.TextField()
    # [{"marker": "1", "text": "..."}]
    footnotes = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.CONTEXT)
    # True once an editor set the kind by hand; re-extraction then leaves it alone.
    kind_locked = models.BooleanField(default=False)
    covid = models.BooleanField(default=False)
    climate = models.BooleanField(default=False)
    modality = models.CharField(max_length=16, choices=Modality.choices, blank=True)
    years = models.JSONField(default=list, blank=True)
    sdgs_cited = models.JSONField(default=list, blank=True)
    agencies = models.ManyToManyField(Agency, blank=True, related_name="paragraphs")
    countries = models.ManyToManyField(Country, blank=True, related_name="paragraphs")
    regions = models.ManyToManyField(Region, blank=True, related_name="paragraphs")
    sdgs = models.ManyToManyField(Sdg, blank=True, related_name="paragraphs")
    themes = models.ManyToManyField(Theme, blank=True, related_name="paragraphs")

    class Meta:
        ordering = ["document_id", "order"]
        constraints = [
            models.UniqueConstraint(fields=["document", "order"], name="paragraph_unique_order"),
        ]

    def __str__(self) -> str:
        return f"{self.document} ¶{self.number or '·'}"

    @property
    def citation(self) -> str:
        where = f"para. {self.number}" if self.number else f"preamble {self.order}"
        return f"{self.document}, {where}"


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


# The initiative fields an editor can lock (``Initiative.locked_fields``); each is refreshed by
# re-extraction unless locked.
LOCKABLE_FIELDS = (
    "title",
    "agencies",
    "countries",
    "regions",
    "sdgs",
    "themes",
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


class SearchEntry(models.Model):
    """The segmented text of one paragraph, as the search index reads it.

    Portable text columns; on PostgreSQL a migration adds tsvector columns generated from them,
    on SQLite the indexer copies them into an FTS5 table whose rowid is the paragraph id.
    """

    paragraph = models.OneToOneField(
        Paragraph, on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    # One token per Chinese character, Latin words and numbers whole: matched as phrases.
    chars = models.TextField()
    # jieba words and their dictionary sub-words: read for ranking only.
    words = models.TextField()
    # Character tokens of the titles of the paragraph's initiatives, for the title boost.
    titles = models.TextField(blank=True)
    # True when a token occurs more than 256 times or there are more than 16,383 tokens: a
    # PostgreSQL tsvector then loses positions, so phrase matches are checked on ``chars``.
    overflows_positions = models.BooleanField(default=False)

    class Meta:
        verbose_name_plural = "search entries"
        # Few entries overflow; a search asks whether any do before it adds their slower check.
        indexes = [
            models.Index(
                fields=["paragraph"],
                condition=models.Q(overflows_positions=True),
                name="searchentry_overflowing",
            )
        ]

    def __str__(self) -> str:
        return f"search entry of paragraph {self.paragraph_id}"


class ChangeRecord(models.Model):
    """One change an editor made: who, when, to which record and field, the value before and after."""

    class Action(models.TextChoices):
        EDIT = "edit", "Edit"
        SPLIT = "split", "Split"
        MERGE = "merge", "Merge"
        ADD = "add", "Add"
        DEACTIVATE = "deactivate", "Mark as not an initiative"

    paragraph = models.ForeignKey(Paragraph, on_delete=models.CASCADE, related_name="changes")
    # Empty for a change to the paragraph itself (its kind).
    initiative = models.ForeignKey(
        Initiative, null=True, blank=True, on_delete=models.SET_NULL, related_name="changes"
    )
    amount = models.ForeignKey(Amount, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Kept as written at the time, so the history still names the editor if the account goes.
    username = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)
    action = models.CharField(max_length=16, choices=Action.choices, default=Action.EDIT)
    field = models.CharField(max_length=32, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The history page of one initiative, newest first.
            models.Index(fields=["initiative", "at"], name="change_initiative_at_idx"),
            # The history of a paragraph (its kind).
            models.Index(fields=["paragraph", "at"], name="change_paragraph_at_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.field} by {self.username}"


class Revision(models.Model):
    """One row per change to the data (an ingestion, a re-extraction, an edit, a deletion).

    Cached counts are keyed on the latest id, so they last until the data changes, in every
    process at once. Rows are only ever inserted, so concurrent writers never wait on each other.
    """

    made_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"revision {self.pk}"

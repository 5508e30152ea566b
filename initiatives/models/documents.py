"""Documents and their paragraphs, with the entities each paragraph names."""

from django.db import models
from django.db.models.functions import Upper

from .reference import Agency, Country, Programme, Region, Sdg, Theme


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
    # The version of the same symbol in another language that this one is aligned to (see
    # ``ingest.alignment``); null for a document's primary version or a document with no other.
    version_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )
    # What the alignment check found against ``version_of``, e.g.
    # [{"code": "missing_number", "number": 7, "language": "en"}, {"code": "paragraph_count", ...}].
    alignment_flags = models.JSONField(default=list, blank=True)

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
    programmes = models.ManyToManyField(Programme, blank=True, related_name="paragraphs")
    # The same paragraph in the document's primary version (``Document.version_of``).
    version_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="versions"
    )

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

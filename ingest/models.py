"""Ingest runs: one uploaded report on its way through the pipeline."""

from django.conf import settings
from django.db import models


class IngestRun(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    # The upload itself, kept in the database so that a worker on another machine can read it.
    data = models.BinaryField()
    name = models.CharField(max_length=255)
    symbol = models.CharField(max_length=64, blank=True)
    language = models.CharField(max_length=8, blank=True)
    date = models.DateField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Refreshed while a worker runs; a stale heartbeat lets another worker take the run over.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    paragraphs_done = models.PositiveIntegerField(default=0)
    paragraphs_total = models.PositiveIntegerField(default=0)
    warnings = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    document = models.ForeignKey(
        "initiatives.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="ingest_runs"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # Workers claim runs by id and status.
            models.Index(fields=["status"], name="ingestrun_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED)

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class Reextraction(models.Model):
    """A re-extraction of every stored paragraph, cut into batches that workers claim, so that a stopped one resumes.

    It is finished when every batch is done; until then ``ingest --reextract`` resumes it.
    """

    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    paragraphs_total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"re-extraction of {self.started_at:%Y-%m-%d %H:%M}"


class ReextractionBatch(models.Model):
    """A range of paragraph ids of a re-extraction, written in one transaction by whoever claims it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    reextraction = models.ForeignKey(Reextraction, on_delete=models.CASCADE, related_name="batches")
    first_paragraph = models.PositiveBigIntegerField()
    last_paragraph = models.PositiveBigIntegerField()
    # The paragraphs in the range when it was planned: what progress counts.
    paragraphs = models.PositiveIntegerField()
    # The initiatives its paragraphs have once it is done.
    initiatives = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    # Set by each claim; a running batch claimed longer ago than INGEST_STALE_SECONDS can be taken over.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["first_paragraph"]
        constraints = [
            models.UniqueConstraint(
                fields=["reextraction", "first_paragraph"], name="reextraction_batch_unique"
            ),
        ]
        indexes = [
            # Progress and resuming count and pick a re-extraction's batches by status.
            models.Index(fields=["reextraction", "status"], name="reextraction_batch_status_idx"),
        ]

    def __str__(self) -> str:
        return f"paragraphs {self.first_paragraph}-{self.last_paragraph}"

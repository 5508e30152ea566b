"""What editors changed, and the data revision cached figures are keyed on."""

from django.conf import settings
from django.db import models

from .documents import Paragraph
from .records import Amount, Initiative


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

"""The search index's portable rows."""

from django.db import models

from .documents import Paragraph


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

"""Querysets that fetch a record with everything its serializer shows, in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet

from .models import Initiative, Paragraph

_ENTITY_LOOKUPS = ["agencies", "countries", "regions", "sdgs", "themes", "amounts"]
# A record shows its document's symbol and title, never the whole report it was read from.
_DOCUMENT_TEXT = "document__original_text"


def initiatives_with_details() -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(is_active=True)
        .select_related("paragraph__document")
        .defer(f"paragraph__{_DOCUMENT_TEXT}")
        .prefetch_related(*_ENTITY_LOOKUPS)
    )


def paragraphs_with_details() -> QuerySet[Paragraph]:
    active = Initiative.objects.filter(is_active=True).prefetch_related(*_ENTITY_LOOKUPS)
    return (
        Paragraph.objects.select_related("document")
        .defer(_DOCUMENT_TEXT)
        .prefetch_related(*_ENTITY_LOOKUPS, "evidence", Prefetch("initiatives", queryset=active))
    )

"""Querysets that fetch a record with everything its serializer shows, in a fixed number of queries."""

from django.db.models import Prefetch, QuerySet
from django.db.models.functions import Left

from .kinds import KINDS
from .models import Initiative, Paragraph

# Characters of a text that a list shows (a record's detail shows it whole): ten paragraphs of
# a few megabytes each made one page of 44 MB.
LISTED_TEXT = 2000
# A record shows its document's symbol and title, never the whole report it was read from.
_DOCUMENT_TEXT = "document__original_text"


def _links() -> list[Prefetch]:
    """Each link as a list in ``prefetched_<name>``: the serializers and templates read these.

    A list costs nothing to attach, where a prefetched manager costs a queryset clone per record
    and relation, which took most of the time of a page of 50.
    """
    entities = [
        Prefetch(kind.links, kind.model.objects.only(*kind.loaded_fields), to_attr=f"prefetched_{kind.links}")
        for kind in KINDS
    ]
    return [*entities, Prefetch("amounts", to_attr="prefetched_amounts")]


def initiatives_with_details(*, paragraph_text: bool = False) -> QuerySet[Initiative]:
    """Active initiatives with their paragraph's place, and its text only with ``paragraph_text``:
    a list of initiatives shows none of it, and a long paragraph read once per initiative made
    web processes grow by gigabytes."""
    deferred = [f"paragraph__{_DOCUMENT_TEXT}", *([] if paragraph_text else ["paragraph__text"])]
    return (
        Initiative.objects.filter(is_active=True)
        .select_related("paragraph__document")
        .defer(*deferred)
        .prefetch_related(*_links())
    )


def text_listed(queryset: QuerySet) -> QuerySet:
    """Records with the start of their text in ``text_head`` instead of their whole ``text``:
    the database cuts it, so that a long text is never read for a list."""
    return queryset.defer("text").annotate(text_head=Left("text", LISTED_TEXT + 1))


def paragraphs_with_details(*, listed: bool = False) -> QuerySet[Paragraph]:
    """Paragraphs with everything their records show; ``listed`` cuts their texts for a list."""
    active = Initiative.objects.filter(is_active=True).prefetch_related(*_links())
    paragraphs = (
        Paragraph.objects.select_related("document")
        .defer(_DOCUMENT_TEXT)
        .prefetch_related(
            *_links(), "evidence", Prefetch("initiatives", queryset=text_listed(active) if listed else active)
        )
    )
    return text_listed(paragraphs) if listed else paragraphs

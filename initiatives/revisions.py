"""The data's revision: what cached counts are keyed on, and the writes that move it on."""

from contextvars import ContextVar

from django.db.models import Max
from django.db.models.signals import post_delete
from django.dispatch import receiver

from .models import Document, Revision


def revision_bump() -> None:
    """Mark the data as changed; call it inside the transaction that changes it."""
    Revision.objects.create()


# The revision a read-only request already looked up (sscatlas.conditional), so that its caches
# ask the database once rather than once per cached part, and all read the same revision.
revision_pinned: ContextVar[int | None] = ContextVar("revision_pinned", default=None)


def current_revision() -> int:
    pinned = revision_pinned.get()
    if pinned is not None:
        return pinned
    return Revision.objects.aggregate(latest=Max("pk"))["latest"] or 0


@receiver(post_delete, sender=Document)
def _document_deleted(sender, **kwargs) -> None:
    revision_bump()
